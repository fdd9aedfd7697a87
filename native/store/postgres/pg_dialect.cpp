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
    // Every commit goes through PostgreSQL's write-ahead log; what it holds decides what can
    // follow it: "replica" (the default: streaming replicas, point-in-time recovery), "logical"
    // (also logical decoding) or "minimal" (neither).
    .journal_mode = "SELECT current_setting('wal_level')",
    .bulk_session_start = "",
    .bulk_session_end = "",
    // Without statistics the planner guesses: at 1M leads a page of 50 filtered by stage and source
    // took 67 ms (bitmaps of both whole sets, then a sort) instead of 1 ms (the primary key walked
    // back), until autovacuum's next analyze.
    .after_load = "ANALYZE",
    // = ANY of an array, not IN (SELECT ...): the planner guesses 100 rows for a set-returning
    // function and may hash-join the whole table; an array is an index condition.
    .leads_with_emails = "SELECT email, id FROM leads WHERE email = ANY(ARRAY(SELECT json_array_elements_text(?::json)))",
    .leads_with_crm_records =
        "SELECT l.crm_source, l.crm_id, l.id FROM json_array_elements(?::json) j JOIN leads l "
        "ON l.crm_source = j ->> 0 AND l.crm_id = j ->> 1 WHERE l.crm_id <> ''",
    .list_tables =
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE'",
    .table_columns =
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = ? ORDER BY ordinal_position",
    .table_references =
        "SELECT DISTINCT confrelid::regclass::text FROM pg_constraint WHERE contype = 'f' "
        "AND conrelid = (quote_ident(?))::regclass",
    // Every file of the database's tables and indexes; the server's WAL is shared with its other
    // databases and not counted.
    .database_size_bytes = "SELECT pg_database_size(current_database())",
};

}  // namespace

const Dialect& PgConnection::dialect() const { return kPostgres; }

}  // namespace tandem::store::postgres
