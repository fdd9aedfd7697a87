// A PostgreSQL database: its writer, migrated on open, and a connection per reader.
#include "store/postgres/pg_engine.h"

#include "store/migrations.h"
#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_migrations.h"

namespace tandem::store::postgres {

namespace {

Database OpenWriter(const std::string& url) {
    Database db = ConnectPostgres(url);
    try {
        Migrate(db, MigrationPlan{
                        .history_table = kPgSchemaMigrationsTable,
                        .migrations = PgMigrations(),
                        // Servers started together against one database take turns; the lock
                        // ends with each migration's transaction.
                        .lock = "SELECT pg_advisory_xact_lock(hashtext('tandem schema migrations'))",
                        // The server keeps the history; `tandem backup` of PostgreSQL is yet to come.
                        .before_upgrade = nullptr,
                    });
    } catch (const StoreError& e) {
        throw StoreError("cannot use the database " + db.Path() + ": " + e.what(), e.kind);
    }
    return db;
}

class PgEngine final : public Engine {
public:
    explicit PgEngine(const std::string& url) : m_url(url), m_writer(OpenWriter(url)) {}

    Database& Writer() override { return m_writer; }
    Database Connect() override { return ConnectPostgres(m_url); }

    // Constant: this slice serves one server per database, whose own writes Store already knows.
    // Another server's commits are the next step: each writer NOTIFYs on commit, one LISTEN
    // connection counts them here. (pg_current_wal_lsn() would not do: our own writes move it too.)
    std::int64_t ForeignCommits() override { return 0; }

private:
    std::string m_url;
    Database m_writer;
};

}  // namespace

std::unique_ptr<Engine> OpenPgEngine(const std::string& url) { return std::make_unique<PgEngine>(url); }

}  // namespace tandem::store::postgres
