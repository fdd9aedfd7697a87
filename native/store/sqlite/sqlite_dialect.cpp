// SQLite's SQL where the engines differ (store/dialect.h).
#include "store/dialect.h"
#include "store/sqlite/sqlite_connection.h"

namespace tandem::store {

namespace {

const Dialect kSqlite{
    .name = "SQLite",
    .like_ignoring_case = "LIKE",   // SQLite's LIKE ignores ASCII case
    .feedback_has_tag = "EXISTS (SELECT 1 FROM json_each(feedback.tags) WHERE value = ?)",
    .now_utc_text = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
    .count_tables_named = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
    .journal_mode = "PRAGMA journal_mode",
    // Leads arrive in no index's order (emails, scores): without room for the indexes' pages an
    // import turns into a stream of page reads and spills. The end restores SQLite's default.
    .bulk_session_start = "PRAGMA cache_size = -131072",
    .bulk_session_end = "PRAGMA cache_size = -2000",
    // SQLite plans without statistics, as every figure in docs/performance.md was measured.
    .after_load = "",
    .leads_with_emails = "SELECT email, id FROM leads WHERE email IN (SELECT value FROM json_each(?))",
    .leads_with_crm_records =
        "SELECT l.crm_source, l.crm_id, l.id FROM json_each(?) j JOIN leads l "
        "ON l.crm_source = j.value ->> 0 AND l.crm_id = j.value ->> 1 WHERE l.crm_id <> ''",
    .list_tables = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    .table_columns = "SELECT name, type FROM pragma_table_info(?) ORDER BY cid",
    .table_references = "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)",
    // The file and its write-ahead log, which no SQL reads: /metrics measures them on disk.
    .database_size_bytes = "",
};

}  // namespace

const Dialect& SqliteConnection::dialect() const { return kSqlite; }

}  // namespace tandem::store
