// Import rows.
#include "store/import_repo.h"

#include "store/database.h"
#include "store/row.h"

namespace tandem::store {

namespace {

constexpr const char* kColumns =
    "id, source, mode, by_user_id, started_at, finished_at, outcome, problem, batches, rows_committed, last_line, "
    "imported, updated, rejected";

ImportRun ReadImportRun(const Statement& row) {
    ImportRun run;
    run.id = row.Int(0);
    run.source = row.Text(1);
    run.mode = row.Text(2);
    if (!row.IsNull(3)) run.by_user_id = row.Int(3);
    run.started_at = row.Int(4);
    if (!row.IsNull(5)) run.finished_at = row.Int(5);
    run.outcome = row.Text(6);
    run.problem = row.Text(7);
    run.batches = static_cast<std::size_t>(row.Int(8));
    run.rows_committed = static_cast<std::size_t>(row.Int(9));
    run.last_line = static_cast<std::size_t>(row.Int(10));
    run.imported = static_cast<std::size_t>(row.Int(11));
    run.updated = static_cast<std::size_t>(row.Int(12));
    run.rejected = static_cast<std::size_t>(row.Int(13));
    return run;
}

std::vector<ImportRun> Select(Database& db, const std::string& where, int limit) {
    Statement s = db.Prepare(std::string("SELECT ") + kColumns + " FROM imports " + where + " ORDER BY id DESC LIMIT ?");
    s.Bind(1, static_cast<std::int64_t>(limit));
    std::vector<ImportRun> runs;
    while (s.Step()) runs.push_back(ReadImportRun(s));
    return runs;
}

}  // namespace

std::int64_t InsertImportRun(Database& db, const ImportRun& run) {
    Statement s =
        db.Prepare("INSERT INTO imports (source, mode, by_user_id, started_at) VALUES (?, ?, ?, ?) RETURNING id");
    s.Bind(1, run.source).Bind(2, run.mode).Bind(4, run.started_at);
    if (run.by_user_id) s.Bind(3, *run.by_user_id);
    else s.BindNull(3);
    return InsertedId(s);
}

void RecordImportBatch(Database& db, const ImportRun& run) {
    db.Cached("UPDATE imports SET batches = ?, rows_committed = ?, last_line = ?, imported = ?, updated = ?, "
              "rejected = ? WHERE id = ?")
        .Bind(1, static_cast<std::int64_t>(run.batches))
        .Bind(2, static_cast<std::int64_t>(run.rows_committed))
        .Bind(3, static_cast<std::int64_t>(run.last_line))
        .Bind(4, static_cast<std::int64_t>(run.imported))
        .Bind(5, static_cast<std::int64_t>(run.updated))
        .Bind(6, static_cast<std::int64_t>(run.rejected))
        .Bind(7, run.id)
        .Run();
}

void FinishImportRun(Database& db, std::int64_t id, Timestamp at, const std::string& outcome,
                     const std::string& problem) {
    db.Prepare("UPDATE imports SET finished_at = ?, outcome = ?, problem = ? WHERE id = ?")
        .Bind(1, at)
        .Bind(2, outcome)
        .Bind(3, problem)
        .Bind(4, id)
        .Run();
}

std::vector<ImportRun> ListImportRuns(Database& db, int limit) { return Select(db, "", limit); }

std::vector<ImportRun> UnfinishedImportRuns(Database& db) { return Select(db, "WHERE outcome IS NULL", 100); }

}  // namespace tandem::store
