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
};

}  // namespace

const Dialect& PgConnection::dialect() const { return kPostgres; }

}  // namespace tandem::store::postgres
