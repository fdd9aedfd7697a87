// PostgreSQL's bulk load: COPY ... FROM STDIN in the text format, sent in chunks of about a
// megabyte, and identity sequences moved past ids a load gave explicitly.
#include <cstring>
#include <libpq-fe.h>

#include "store/bulk_rows.h"
#include "store/postgres/pg_connection.h"

namespace tandem::store::postgres {

namespace {

constexpr std::size_t kChunkBytes = 1 << 20;

std::string Quoted(std::string_view name) { return "\"" + std::string(name) + "\""; }

// The server's message for a failed COPY, classified as Check does it for statements.
[[noreturn]] void FailCopy(PGconn* conn, PGresult* result, std::string_view table) {
    const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string message = primary ? primary : PQerrorMessage(conn);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    StoreError::Kind kind = StoreError::Kind::Other;
    if (state && std::strcmp(state, "23505") == 0) kind = StoreError::Kind::UniqueViolation;
    if (state && std::strcmp(state, "23503") == 0) kind = StoreError::Kind::ForeignKeyViolation;
    PQclear(result);
    while (PGresult* rest = PQgetResult(conn)) PQclear(rest);
    throw StoreError("load of " + std::string(table) + ": " + message, kind);
}

}  // namespace

void PgConnection::BulkInsert(std::string_view table, const BulkRows& rows) {
    if (rows.Size() == 0) return;
    PGconn* conn = Handle();
    std::string sql = "COPY " + Quoted(table) + " (";
    for (std::size_t i = 0; i < rows.columns.size(); ++i) sql += (i ? ", " : "") + Quoted(rows.columns[i]);
    sql += ") FROM STDIN";
    PGresult* started = PQexec(conn, sql.c_str());
    if (PQresultStatus(started) != PGRES_COPY_IN) FailCopy(conn, started, table);
    PQclear(started);

    std::string buffer;
    buffer.reserve(kChunkBytes + 4096);
    bool sent = true;
    const std::size_t width = rows.columns.size();
    for (std::size_t i = 0; i < rows.cells.size() && sent; ++i) {
        AppendCopyText(buffer, rows.cells[i]);
        buffer += (i + 1) % width == 0 ? '\n' : '\t';
        if (buffer.size() >= kChunkBytes) {
            sent = PQputCopyData(conn, buffer.data(), static_cast<int>(buffer.size())) == 1;
            buffer.clear();
        }
    }
    if (sent && !buffer.empty()) sent = PQputCopyData(conn, buffer.data(), static_cast<int>(buffer.size())) == 1;
    if (PQputCopyEnd(conn, sent ? nullptr : "the connection failed") != 1 || !sent) FailCopy(conn, nullptr, table);
    PGresult* ended = PQgetResult(conn);
    if (PQresultStatus(ended) != PGRES_COMMAND_OK) FailCopy(conn, ended, table);
    PQclear(ended);
    while (PGresult* rest = PQgetResult(conn)) PQclear(rest);
}

// An identity column keeps handing out its own sequence's next value, below ids a load gave.
void PgConnection::AdvanceIds(std::string_view table) {
    const std::string sql = "SELECT setval(pg_get_serial_sequence('" + Quoted(table) +
                            "', 'id'), coalesce(max(id), 0) + 1, false) FROM " + Quoted(table);
    Exec(sql);
}

}  // namespace tandem::store::postgres
