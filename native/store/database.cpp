// The engine-neutral half of a connection: the statement cache, the queries every engine answers
// with the same SQL (or its Dialect's), transactions.
#include "store/database.h"

namespace tandem::store {

Statement& Database::Cached(const char* sql) {
    auto found = m_cache.find(sql);
    if (found == m_cache.end()) found = m_cache.emplace(sql, Prepare(sql)).first;
    found->second.Reset();
    return found->second;
}

// Both reset their statement: one left mid-result keeps a read transaction open on its snapshot,
// and the writer's next BEGIN IMMEDIATE then fails (SQLITE_BUSY_SNAPSHOT) once another process
// (a `tandem import` beside the server) has committed.
std::int64_t Database::SchemaVersion() {
    Statement& statement = Cached("SELECT coalesce(max(version), 0) FROM schema_migrations");
    statement.Step();
    std::int64_t version = statement.Int(0);
    statement.Reset();
    return version;
}

std::string Database::JournalMode() {
    Statement& statement = Cached(dialect().journal_mode);
    std::string mode = statement.Step() ? statement.Text(0) : std::string();
    statement.Reset();
    return mode;
}

void Database::StartBulkSession() {
    if (*dialect().bulk_session_start) Exec(dialect().bulk_session_start);
}

void Database::EndBulkSession() {
    if (*dialect().bulk_session_end) Exec(dialect().bulk_session_end);
}

WriteTransaction::WriteTransaction(Database& db, WriteNotice notice) : m_db(db) {
    if (notice == WriteNotice::Quiet) m_db.BeginQuietWrite();
    else m_db.BeginWrite();
}

WriteTransaction::~WriteTransaction() {
    if (!m_done) {
        m_db.ResetCached();
        try {
            m_db.Rollback();
        } catch (const StoreError&) {
            // The transaction is already gone (e.g. SQLite rolled it back itself on a full disk).
        }
    }
}

void WriteTransaction::Commit() {
    m_db.ResetCached();
    m_db.Commit();
    m_done = true;
}

}  // namespace tandem::store
