// Lead import from CSV (ours, or a CRM's default export: HubSpot, Salesforce, Pipedrive, Zoho),
// streamed: memory stays flat however long the file. The first bytes are held back to learn the
// encoding, delimiter and date order. Rows are parsed outside the write lock and written in
// batches, each its own short transaction, so the server's other writes never wait long; a killed
// import leaves whole batches, and the imports table says up to which row. Bad rows are reported
// with their row number and reason and skipped; values stored other than as written are reported
// too; in strict mode the file is first checked in a dry run, and nothing is written if a row is bad.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "tandem/import_rules.h"
#include "tandem/text_encoding.h"
#include "tandem/time.h"

namespace tandem::store {
class Database;
class Store;
}

namespace tandem::service {

struct ActiveDefinition;

struct ImportOptions {
    bool strict = false;
    // Upsert: a row of a lead we have (by crm_source + crm_id, else by email) updates it; insert:
    // such a row is refused.
    bool upsert = false;
    // Checks every row against the database in batches that are rolled back: writes nothing.
    bool dry_run = false;
    std::optional<std::int64_t> by;                      // the importing user
    std::string source = "upload";                       // the file's name, for the imports table
    Timestamp now = 0;
    std::size_t max_reported_errors = 100;               // per list; the counts are always exact
    std::function<void(std::size_t rows)> progress;      // called every 10,000 rows
    std::function<void(const struct ImportReport&)> committed;   // after each batch committed
    // Detected from the file when not given.
    std::optional<TextEncoding> encoding;
    std::optional<char> delimiter;
    std::optional<DateOrder> date_order;
    TimeZone zone;                                       // for times without an offset; UTC by default
    StageMap stages;
    std::string crm_source;                              // the CRM of the file's record ids; default: from the header
};

// The choices a user can make, by the names the CLI (--date-order) and the API (date_order) share
// with "-" and "_" alike: mode (insert, upsert), crm (whose record ids the file has), encoding,
// delimiter, date_order, timezone, stage_map. Throws DecodeError(name as given, problem) for an
// unknown name or value.
void SetImportOption(ImportOptions& options, std::string_view name, const std::string& value);
inline constexpr std::string_view kImportOptionNames[] = {"mode",      "crm",      "encoding", "delimiter",
                                                          "date_order", "timezone", "stage_map"};

struct ImportError {
    std::size_t row = 0;        // 1-based data row (the header is row 0)
    std::size_t line = 0;       // physical line in the file
    std::string field;
    std::string message;
};

struct ImportCoercion {
    std::size_t row = 0;
    std::size_t line = 0;
    Coercion value;
};

// A row whose stage is not after the lead's current one (StageIsLater): the lead keeps its stage.
struct KeptStage {
    std::size_t row = 0;
    std::size_t line = 0;
    std::int64_t lead_id = 0;
    Stage file_stage = Stage::New;
    Stage stage = Stage::New;   // the lead's, kept
};

struct ImportReport {
    std::string mode = "insert";
    bool dry_run = false;
    std::int64_t import_id = 0;       // its row in the imports table (0 in a dry run)
    std::size_t batches = 0;          // transactions committed (or rolled back, in a dry run)
    std::size_t committed_rows = 0;   // every data row up to this one is in
    std::size_t committed_line = 0;   // that row's last line in the file
    double longest_batch_ms = 0;      // the longest a batch held the write lock
    std::size_t rows = 0;
    std::size_t imported = 0;         // new leads
    std::size_t updated = 0;          // leads a row changed (upsert)
    std::size_t unchanged = 0;        // leads a row matched and found as they were (upsert)
    std::size_t rejected = 0;
    std::size_t skipped = 0;          // records that are no data: empty ones, a report's footer
    std::size_t coerced = 0;          // values stored other than as written
    bool strict = false;
    std::string encoding;             // "utf-8", "windows-1252", ...
    std::string encoding_from;        // "option", "byte order mark", "content"
    std::string delimiter;            // "comma", "semicolon", "tab"
    std::string date_order;           // "mdy", "dmy", "ymd"
    std::string date_order_from;      // "option", "file" (a date proved it), "default"
    std::string time_zone;
    std::vector<std::string> ignored_columns;
    std::vector<ImportCoercion> coercions;
    std::vector<ImportError> errors;
    std::size_t stages_kept = 0;
    std::vector<KeptStage> kept_stages;
};

nlohmann::json ToJson(const ImportReport& report);

// Thrown by Finish() in strict mode when a row was bad: nothing was committed, unless the database
// changed between the check and the import (then report.committed_rows says what is in).
struct ImportRejected : std::runtime_error {
    explicit ImportRejected(ImportReport r);
    ImportReport report;
};

// Our CSV of every lead, the header first (LeadCsvHeader): owners by email, campaigns by name.
void ExportLeadsCsv(store::Database& db, const std::function<void(std::vector<std::string>)>& emit);

// One pass over a file, fed in chunks, writing in batches of at most kImportBatchRows rows and
// kImportBatchTime each, with kImportYield between them.
inline constexpr std::size_t kImportBatchRows = 4096;
inline constexpr std::chrono::milliseconds kImportBatchTime{50};
inline constexpr std::chrono::milliseconds kImportYield{5};   // the lock left free after each batch

class LeadImporter {
public:
    LeadImporter(store::Store& store, const ActiveDefinition& definition, ImportOptions options);
    ~LeadImporter();

    void Feed(std::string_view chunk);
    // Returns the report, or throws ImportRejected (strict mode with bad rows) or DecodeError (the
    // file itself is unreadable: no email column, an unterminated quote).
    ImportReport Finish();
    // The report so far: what the committed batches hold.
    const ImportReport& Progress() const;
    // Records in the imports table that the import stopped for `problem` (a database or read error).
    void Fail(const std::string& problem);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// Imports `file` from its start: in strict mode a dry run first, then (if every row is good) the
// import, so the file is read twice. Records the import's outcome in the imports table. A failure
// after some batches were committed (an unterminated quote at the end, a database error) says
// which rows are in.
ImportReport ImportLeadsFile(store::Store& store, const ActiveDefinition& definition, const ImportOptions& options,
                             std::FILE* file);

}  // namespace tandem::service
