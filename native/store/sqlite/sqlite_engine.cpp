// A SQLite file, its lock, its writer and its checkpointer, in the order they are taken and the
// reverse of the order they are let go.
#include "store/sqlite/sqlite_engine.h"

#include "store/sqlite/checkpointer.h"
#include "store/sqlite/db_lock.h"
#include "store/sqlite/sqlite_connection.h"

namespace tandem::store {

namespace {

class SqliteEngine final : public Engine {
public:
    explicit SqliteEngine(const std::string& path)
        : m_path(path), m_lock(path, DatabaseLock::Kind::Shared), m_writer(OpenSqlite(path)) {}

    Database& Writer() override { return m_writer; }
    Database Connect() override { return ConnectSqlite(m_path); }

    // PRAGMA data_version changes with every commit by another connection, this one's never.
    std::int64_t ForeignCommits() override {
        Statement& version = m_writer.Cached("PRAGMA data_version");
        version.Step();
        std::int64_t value = version.Int(0);
        version.Reset();
        return value;
    }

private:
    std::string m_path;
    DatabaseLock m_lock;   // before m_writer: held before the file is opened or migrated
    Database m_writer;
    Checkpointer m_checkpointer{m_path, AsSqlite(m_writer)};
};

}  // namespace

std::unique_ptr<Engine> OpenSqliteEngine(const std::string& path) { return std::make_unique<SqliteEngine>(path); }

}  // namespace tandem::store
