// SQLite's bulk load: one prepared insert stepped row after row, which is as fast as SQLite goes
// inside a transaction; rowids follow the largest one by themselves.
#include <sqlite3.h>

#include "store/bulk_rows.h"
#include "store/sqlite/sqlite_connection.h"

namespace tandem::store {

namespace {

StoreError::Kind Kind(int code) {
    if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) return StoreError::Kind::UniqueViolation;
    if (code == SQLITE_CONSTRAINT_FOREIGNKEY) return StoreError::Kind::ForeignKeyViolation;
    return StoreError::Kind::Other;
}

void Bind(sqlite3* db, sqlite3_stmt* statement, int index, const BulkValue& value) {
    int rc = SQLITE_OK;
    if (std::holds_alternative<std::monostate>(value)) rc = sqlite3_bind_null(statement, index);
    else if (const auto* number = std::get_if<std::int64_t>(&value)) rc = sqlite3_bind_int64(statement, index, *number);
    else if (const auto* real = std::get_if<double>(&value)) rc = sqlite3_bind_double(statement, index, *real);
    else {
        const std::string& text = std::get<std::string>(value);
        rc = sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
    }
    if (rc != SQLITE_OK) throw StoreError(std::string("bind: ") + sqlite3_errmsg(db));
}

}  // namespace

void SqliteConnection::BulkInsert(std::string_view table, const BulkRows& rows) {
    if (rows.Size() == 0) return;
    std::string sql = "INSERT INTO \"" + std::string(table) + "\" (";
    std::string values;
    for (std::size_t i = 0; i < rows.columns.size(); ++i) {
        sql += (i ? ", \"" : "\"") + rows.columns[i] + "\"";
        values += i ? ", ?" : "?";
    }
    sql += ") VALUES (" + values + ")";
    const std::size_t width = rows.columns.size();
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK)
        throw StoreError("prepare the load of " + std::string(table) + ": " + sqlite3_errmsg(m_db));
    struct Finalize {
        sqlite3_stmt* s;
        ~Finalize() { sqlite3_finalize(s); }
    } finalize{raw};
    for (std::size_t row = 0; row < rows.Size(); ++row) {
        for (std::size_t column = 0; column < width; ++column)
            Bind(m_db, raw, static_cast<int>(column + 1), rows.cells[row * width + column]);
        if (sqlite3_step(raw) != SQLITE_DONE) {
            sqlite3_reset(raw);
            throw StoreError("load of " + std::string(table) + ", row " + std::to_string(row + 1) + ": " +
                                 sqlite3_errmsg(m_db),
                             Kind(sqlite3_extended_errcode(m_db)));
        }
        sqlite3_reset(raw);
    }
}

// An INTEGER PRIMARY KEY hands out max(rowid) + 1, whatever was inserted before.
void SqliteConnection::AdvanceIds(std::string_view) {}

}  // namespace tandem::store
