// A database connection as the repositories use it, whatever the engine behind it: prepared
// statements as objects, a per-connection statement cache, transactions. Each call forwards to the
// engine's Connection or StatementBackend (store/connection.h); failures throw StoreError.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/connection.h"
#include "store/dialect.h"

namespace tandem::store {

struct StoreError : std::runtime_error {
    // The failures callers act on, classified by the engine that raised them (SQLite's extended
    // result codes, PostgreSQL's SQLSTATE), so that callers need know neither.
    enum class Kind { Other, UniqueViolation, ForeignKeyViolation };

    explicit StoreError(const std::string& message, Kind error_kind = Kind::Other)
        : std::runtime_error(message), kind(error_kind) {}
    Kind kind;
    bool IsUniqueViolation() const { return kind == Kind::UniqueViolation; }
    bool IsForeignKeyViolation() const { return kind == Kind::ForeignKeyViolation; }
};

class Statement {
public:
    explicit Statement(std::unique_ptr<StatementBackend> backend) : m_backend(std::move(backend)) {}

    // Bind by 1-based index; chainable.
    Statement& Bind(int index, std::int64_t value) {
        m_backend->BindInt(index, value);
        return *this;
    }
    Statement& Bind(int index, double value) {
        m_backend->BindReal(index, value);
        return *this;
    }
    Statement& Bind(int index, std::string_view value) {
        m_backend->BindText(index, value);
        return *this;
    }
    Statement& BindNull(int index) {
        m_backend->BindNull(index);
        return *this;
    }

    bool Step() { return m_backend->Step(); }   // true while a row is available
    void Run() {                                // Step() for statements that return no rows
        while (Step()) {
        }
    }
    void Reset() { m_backend->Reset(); }       // ready to bind and step again
    void Release() { m_backend->Release(); }   // done stepping: lets the transaction end (bindings stay)

    bool IsNull(int column) const { return m_backend->IsNull(column); }
    std::int64_t Int(int column) const { return m_backend->Int(column); }
    double Real(int column) const { return m_backend->Real(column); }
    std::string Text(int column) const { return m_backend->Text(column); }

private:
    std::unique_ptr<StatementBackend> m_backend;
};

class Database {
public:
    // `path` names the database in messages and beside it files such as the pre-migration backup.
    Database(std::unique_ptr<Connection> connection, std::string path)
        : m_connection(std::move(connection)), m_path(std::move(path)) {}

    void Exec(std::string_view sql) { m_connection->Exec(sql); }
    Statement Prepare(std::string_view sql) { return Statement(m_connection->Prepare(sql)); }
    // A statement prepared once per connection and reset for each use; for hot paths. The SQL
    // must be a string literal (the cache is keyed by its address).
    Statement& Cached(const char* sql);
    // Resets every statement mid-result, so none holds the transaction open past its end.
    void ResetCached() { m_connection->ReleaseStatements(); }
    bool InTransaction() { return m_connection->InTransaction(); }
    void Begin() { m_connection->Begin(); }
    void BeginWrite() { m_connection->BeginWrite(); }
    void BeginQuietWrite() { m_connection->BeginQuietWrite(); }
    void Commit() { m_connection->Commit(); }
    void Rollback() { m_connection->Rollback(); }
    int Changes() { return m_connection->Changes(); }
    void BulkInsert(std::string_view table, const BulkRows& rows) { m_connection->BulkInsert(table, rows); }
    void AdvanceIds(std::string_view table) { m_connection->AdvanceIds(table); }
    std::int64_t SchemaVersion();
    std::string JournalMode();
    // Settings for a bulk import on this connection, and their undoing; nothing on engines without.
    void StartBulkSession();
    void EndBulkSession();
    const Dialect& dialect() const { return m_connection->dialect(); }
    const std::string& Path() const { return m_path; }
    // The engine's connection, for an engine's own facilities (e.g. AsSqlite); never for repositories.
    Connection& Backend() { return *m_connection; }

private:
    std::unique_ptr<Connection> m_connection;   // first: destroyed after the cached statements
    std::string m_path;
    std::unordered_map<const char*, Statement> m_cache;
};

// Whether other servers are told of a write's commit, and so refresh their caches (the funnel, the
// active definition). Quiet: the write changes nothing they cache (Connection::BeginQuietWrite).
enum class WriteNotice { Announced, Quiet };

// A write transaction taken with Database::BeginWrite (so it never fails half-way for want of the
// write lock); rolled back unless Commit() is called.
class WriteTransaction {
public:
    explicit WriteTransaction(Database& db, WriteNotice notice = WriteNotice::Announced);
    ~WriteTransaction();
    void Commit();

private:
    Database& m_db;
    bool m_done = false;
};

}  // namespace tandem::store
