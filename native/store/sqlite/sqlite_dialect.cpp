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
    .insert_lead_unless_taken =
        "INSERT INTO leads (email, name, company, title, industry, company_size, country, phone, source, campaign_id, "
        "owner_id, created_at, budget_usd, authority, need, timeline_months, page_views, downloads, webinars_attended, "
        "email_clicks, demo_requested, last_activity_at, stage, deal_value, score_fit, score_engagement, score_total, "
        "level, score_version, scored_at, updated_at, revision, erased_at, erased_by, crm_source, crm_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
    .list_tables = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    .table_columns = "SELECT name, type FROM pragma_table_info(?) ORDER BY cid",
    .table_references = "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)",
};

}  // namespace

const Dialect& SqliteConnection::dialect() const { return kSqlite; }

}  // namespace tandem::store
