// PostgreSQL's SQL where the engines differ (store/dialect.h).
#include "store/dialect.h"
#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_migrations.h"

namespace tandem::store::postgres {

namespace {

const Dialect kPostgres{
    .name = "PostgreSQL",
    .like_ignoring_case = "ILIKE",
    .feedback_has_tag =
        "EXISTS (SELECT 1 FROM json_array_elements_text(feedback.tags::json) AS t(value) WHERE t.value = ?)",
    .now_utc_text = kPgNowUtcText.data(),   // a string literal: NUL-terminated
    .count_tables_named =
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?",
    // PostgreSQL has no other journal: every commit goes through its write-ahead log, which is
    // what /api/health's "wal" tells an operator.
    .journal_mode = "SELECT 'wal'",
    .bulk_session_start = "",
    .bulk_session_end = "",
    // The row is made only if neither key is taken, so the identity moves only for a stored lead;
    // ON CONFLICT still covers a lead another server stores in between. $1 is the email, $35 and
    // $36 the CRM record; the casts give each parameter its column's type.
    .insert_lead_unless_taken =
        "INSERT INTO leads (email, name, company, title, industry, company_size, country, phone, source, campaign_id, "
        "owner_id, created_at, budget_usd, authority, need, timeline_months, page_views, downloads, webinars_attended, "
        "email_clicks, demo_requested, last_activity_at, stage, deal_value, score_fit, score_engagement, score_total, "
        "level, score_version, scored_at, updated_at, revision, erased_at, erased_by, crm_source, crm_id) "
        "SELECT ?::text, ?::text, ?::text, ?::text, ?::text, ?::bigint, ?::text, ?::text, ?::text, ?::bigint, "
        "?::bigint, ?::bigint, ?::bigint, ?::text, ?::text, ?::bigint, ?::bigint, ?::bigint, ?::bigint, ?::bigint, "
        "?::bigint, ?::bigint, ?::text, ?::bigint, ?::float8, ?::float8, ?::float8, ?::text, ?::bigint, ?::bigint, "
        "?::bigint, ?::bigint, ?::bigint, ?::bigint, ?::text, ?::text "
        "WHERE NOT EXISTS (SELECT 1 FROM leads WHERE email = $1) "
        "AND NOT EXISTS (SELECT 1 FROM leads WHERE crm_source = $35 AND crm_id = $36 AND crm_id <> '') "
        "ON CONFLICT DO NOTHING RETURNING id",
    .list_tables =
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE'",
    .table_columns =
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = ? ORDER BY ordinal_position",
    .table_references =
        "SELECT DISTINCT confrelid::regclass::text FROM pg_constraint WHERE contype = 'f' "
        "AND conrelid = (quote_ident(?))::regclass",
};

}  // namespace

const Dialect& PgConnection::dialect() const { return kPostgres; }

}  // namespace tandem::store::postgres
