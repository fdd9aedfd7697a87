// Lead import from CSV (ours, HubSpot's or Salesforce's columns), streamed in chunks inside one
// write transaction: memory stays flat however long the file, and the import is all-or-nothing
// with respect to a crash. Bad rows are reported with their row number and reason and skipped;
// in strict mode any bad row rolls the whole import back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "tandem/time.h"

namespace tandem::store {
class Database;
}

namespace tandem::service {

struct ActiveDefinition;

struct ImportOptions {
    bool strict = false;
    std::optional<std::int64_t> by;                      // the importing user
    Timestamp now = 0;
    std::size_t max_reported_errors = 100;               // the count of rejected rows is always exact
    std::function<void(std::size_t rows)> progress;      // called every 10,000 rows
};

struct ImportError {
    std::size_t row = 0;        // 1-based data row (the header is row 0)
    std::size_t line = 0;       // physical line in the file
    std::string field;
    std::string message;
};

struct ImportReport {
    std::size_t rows = 0;
    std::size_t imported = 0;
    std::size_t rejected = 0;
    bool strict = false;
    std::vector<std::string> ignored_columns;
    std::vector<ImportError> errors;
};

nlohmann::json ToJson(const ImportReport& report);

// Thrown by Finish() in strict mode when a row was bad: nothing may be committed.
struct ImportRejected : std::runtime_error {
    explicit ImportRejected(ImportReport r);
    ImportReport report;
};

class LeadImporter {
public:
    // `db` must be inside a write transaction for the importer's whole life.
    LeadImporter(store::Database& db, const ActiveDefinition& definition, ImportOptions options);
    ~LeadImporter();

    void Feed(std::string_view chunk);
    // Returns the report, or throws ImportRejected (strict mode with bad rows) or DecodeError (the
    // file itself is unreadable: no email column, an unterminated quote).
    ImportReport Finish();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace tandem::service
