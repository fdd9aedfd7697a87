// A PostgreSQL database: its writer, migrated on open, a connection per reader, and the event
// stream the servers on it share.
#include "store/postgres/pg_engine.h"

#include "store/migrations.h"
#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_event_log.h"
#include "store/postgres/pg_migrations.h"
#include "store/postgres/pg_work_lock.h"

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
    explicit PgEngine(const std::string& url) : m_url(url), m_writer(OpenWriter(url)), m_events(url) {}

    Database& Writer() override { return m_writer; }
    Database Connect() override { return ConnectPostgres(m_url); }

    // Every write transaction NOTIFYs its process's origin (PgConnection::BeginWrite); the event
    // log's listener counts those of other processes. (pg_current_wal_lsn() would not do: our own
    // writes move it too.)
    std::int64_t ForeignCommits() override { return m_events.ForeignCommits(); }
    EventBus* SharedEvents() override { return &m_events; }
    bool DoesBackgroundWork() override { return m_work_lock.Held(); }

private:
    std::string m_url;
    Database m_writer;
    PgEventLog m_events;
    PgWorkLock m_work_lock{m_url};
};

}  // namespace

std::unique_ptr<Engine> OpenPgEngine(const std::string& url) { return std::make_unique<PgEngine>(url); }

}  // namespace tandem::store::postgres
