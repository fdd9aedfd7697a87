// SQLite behind the store's Connection: opening a database file with the settings every Tandem
// database uses (WAL, foreign keys, synchronous=NORMAL, a busy handler), statements, transactions,
// and error codes turned into StoreError. The SQLite-only facilities (checkpointer, backup, the
// engine's data_version poll) reach the raw handle through AsSqlite.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "store/connection.h"
#include "store/database.h"

struct sqlite3;

namespace tandem::store {

class SqliteStatement;

class SqliteConnection final : public Connection {
public:
    explicit SqliteConnection(sqlite3* handle);   // takes ownership, even of a failed open
    ~SqliteConnection() override;
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    std::unique_ptr<StatementBackend> Prepare(std::string_view sql) override;
    void Exec(std::string_view sql) override;
    void Begin() override;
    void BeginWrite() override;
    void Commit() override;
    void Rollback() override;
    void ReleaseStatements() override;
    bool InTransaction() override;
    int Changes() override;
    void BulkInsert(std::string_view table, const BulkRows& rows) override;   // sqlite_bulk.cpp
    void AdvanceIds(std::string_view table) override;
    const Dialect& dialect() const override;

    sqlite3* Handle() { return m_db; }   // for the SQLite-only facilities: checkpointer, backup

private:
    void RunOnce(std::unique_ptr<SqliteStatement>& slot, const char* sql);

    sqlite3* m_db;
    // Transactions begin and end on every request: prepared once per connection, not parsed each time.
    std::unique_ptr<SqliteStatement> m_begin, m_begin_write, m_commit;
};

// Opens the database file (creating it and its folder if needed), configures and migrates it;
// throws StoreError with a message fit for the user if the file cannot be used.
Database OpenSqlite(const std::string& path);
// Another connection to an already migrated database, e.g. one per reader thread.
Database ConnectSqlite(const std::string& path);

// The SQLite connection behind `db`; throws StoreError naming the engine if it is another.
SqliteConnection& AsSqlite(Database& db);

// Creates the folder a database file goes in, if missing; throws StoreError naming it.
void CreateParentFolder(const std::string& path);

}  // namespace tandem::store
