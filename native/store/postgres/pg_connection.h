// PostgreSQL behind the store's Connection, over libpq: the repositories' `?` placeholders as
// $1..$n, statements prepared once per connection, result sets read whole, SQLSTATEs turned into
// StoreError kinds.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "store/connection.h"
#include "store/database.h"

struct pg_conn;
typedef struct pg_conn PGconn;

namespace tandem::store::postgres {

struct PgSession;

class PgConnection final : public Connection {
public:
    // Connects to the database the URL names; throws StoreError naming its host if it cannot.
    explicit PgConnection(const std::string& url);
    ~PgConnection() override;
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    std::unique_ptr<StatementBackend> Prepare(std::string_view sql) override;
    void Exec(std::string_view sql) override;
    void Begin() override;
    void BeginWrite() override;
    // The same write lock without the commit notice, so that the write does not empty other
    // servers' caches.
    void BeginQuietWrite() override;
    void Commit() override;
    void Rollback() override;
    void ReleaseStatements() override;
    bool InTransaction() override;
    int Changes() override;
    void BulkInsert(std::string_view table, const BulkRows& rows) override;   // pg_bulk.cpp
    void AdvanceIds(std::string_view table) override;
    const Dialect& dialect() const override;

    // postgresql://host:port/database: the URL without credentials or options, for messages.
    std::string Name() const;

    PGconn* Handle();   // for COPY (pg_bulk.cpp)

private:
    // Shared with the statements, so that one outliving the connection still finds its session.
    std::shared_ptr<PgSession> m_session;
};

// The SQL as PostgreSQL takes it: each `?` outside quoted literals, quoted identifiers and
// comments becomes $1, $2, ... in order. Sets `count` to the number of parameters.
std::string NumberPlaceholders(std::string_view sql, int& count);

// A connection to the database at `url`, in messages named by its host and database only (the URL
// may hold a password).
Database ConnectPostgres(const std::string& url);

}  // namespace tandem::store::postgres
