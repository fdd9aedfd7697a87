// The record of CSV imports (table imports): one row per import, brought up to date in the
// transaction of every batch it commits, so that after a kill it still says which rows are in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tandem/time.h"

namespace tandem::store {

class Database;

struct ImportRun {
    std::int64_t id = 0;
    std::string source;                    // the file's name, "standard input" or "upload"
    std::string mode;                      // insert, upsert
    std::optional<std::int64_t> by_user_id;
    Timestamp started_at = 0;
    std::optional<Timestamp> finished_at;
    std::string outcome;                   // "done", "failed", or "" (running, or killed)
    std::string problem;                   // why it failed
    std::size_t batches = 0;
    std::size_t rows_committed = 0;        // every data row up to this one is in
    std::size_t last_line = 0;             // that row's last line in the file
    std::size_t imported = 0;
    std::size_t updated = 0;
    std::size_t rejected = 0;
};

// Starts the record of an import (its id in run.id).
std::int64_t InsertImportRun(Database& db, const ImportRun& run);
// A batch committed (call inside its transaction): batches, rows, line and counts as they now are.
void RecordImportBatch(Database& db, const ImportRun& run);
void FinishImportRun(Database& db, std::int64_t id, Timestamp at, const std::string& outcome,
                     const std::string& problem);
// The newest first.
std::vector<ImportRun> ListImportRuns(Database& db, int limit);
// Imports that have no outcome: running now, or stopped by a kill or a crash.
std::vector<ImportRun> UnfinishedImportRuns(Database& db);

}  // namespace tandem::store
