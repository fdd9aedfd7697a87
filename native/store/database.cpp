// SQLite connection setup, statements and transactions.
#include "store/database.h"

#include <chrono>
#include <filesystem>
#include <thread>
#include <sqlite3.h>

#include "store/migrations.h"

namespace tandem::store {

namespace {

[[noreturn]] void Fail(sqlite3* db, std::string_view what) {
    throw StoreError(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"),
                     db ? sqlite3_extended_errcode(db) : SQLITE_NOMEM);
}

}  // namespace

bool StoreError::IsUniqueViolation() const {
    return code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY;
}

bool StoreError::IsForeignKeyViolation() const { return code == SQLITE_CONSTRAINT_FOREIGNKEY; }

Statement::Statement(sqlite3* db, std::string_view sql) : m_db(db) {
    if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &m_stmt,
                           nullptr) != SQLITE_OK)
        Fail(db, "prepare '" + std::string(sql.substr(0, 60)) + "'");
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement& Statement::Bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(m_stmt, index, value) != SQLITE_OK) Fail(m_db, "bind");
    return *this;
}

Statement& Statement::Bind(int index, double value) {
    if (sqlite3_bind_double(m_stmt, index, value) != SQLITE_OK) Fail(m_db, "bind");
    return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
    if (sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT) != SQLITE_OK)
        Fail(m_db, "bind");
    return *this;
}

Statement& Statement::BindNull(int index) {
    if (sqlite3_bind_null(m_stmt, index) != SQLITE_OK) Fail(m_db, "bind");
    return *this;
}

bool Statement::Step() {
    int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    Fail(m_db, std::string("step of ") + sqlite3_sql(m_stmt));
}

void Statement::Run() {
    while (Step()) {
    }
}

void Statement::Reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

void Statement::Release() { sqlite3_reset(m_stmt); }

bool Statement::IsNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }
std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(m_stmt, column); }
double Statement::Real(int column) const { return sqlite3_column_double(m_stmt, column); }

std::string Statement::Text(int column) const {
    const unsigned char* text = sqlite3_column_text(m_stmt, column);
    return text ? std::string(reinterpret_cast<const char*>(text), sqlite3_column_bytes(m_stmt, column)) : std::string();
}

namespace {

// Before SQLite's first use: its memory statistics take a process-wide mutex on every allocation,
// a tenth of a bulk import's time, and nothing here reads them.
void ConfigureSqlite() {
    static const int configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    (void)configured;   // SQLITE_MISUSE if SQLite was already in use: then it keeps its statistics
}

// While another process (a `tandem import`) holds the write lock: try again every millisecond, for
// up to 5 s. SQLite's own busy timeout backs off to 100 ms between tries and so keeps missing the
// few milliseconds an import leaves free between its batches.
int WaitForLock(void*, int tries) {
    if (tries >= 5000) return 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return 1;
}

}  // namespace

Database Database::Connect(const std::string& path) {
    ConfigureSqlite();
    sqlite3* handle = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    Database db(handle, path);
    if (rc != SQLITE_OK) Fail(handle, "cannot open " + path);
    sqlite3_busy_handler(handle, &WaitForLock, nullptr);
    sqlite3_extended_result_codes(handle, 1);
    db.Exec("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;");
    return db;
}

void CreateParentFolder(const std::string& path) {
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    std::error_code error;
    if (!parent.empty()) std::filesystem::create_directories(parent, error);
    if (error) throw StoreError("cannot create the folder " + parent.string() + ": " + error.message());
}

Database Database::Open(const std::string& path) {
    CreateParentFolder(path);
    ConfigureSqlite();

    sqlite3* handle = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             nullptr);
    Database db(handle, path);
    if (rc != SQLITE_OK) Fail(handle, "cannot open " + path);
    sqlite3_busy_handler(handle, &WaitForLock, nullptr);
    sqlite3_extended_result_codes(handle, 1);
    try {
        // synchronous=NORMAL in WAL mode keeps every committed transaction across a process crash.
        db.Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
        if (db.JournalMode() != "wal") throw StoreError("WAL journal mode is not available");
        Migrate(db);
    } catch (const StoreError& e) {
        throw StoreError("cannot use the database " + path + ": " + e.what());
    }
    return db;
}

Database::Database(Database&& other) noexcept
    : m_db(other.m_db), m_path(std::move(other.m_path)), m_cache(std::move(other.m_cache)) {
    other.m_db = nullptr;
}

Database::~Database() {
    m_cache.clear();   // statements before the connection
    sqlite3_close_v2(m_db);
}

Statement& Database::Cached(const char* sql) {
    std::unique_ptr<Statement>& slot = m_cache[sql];
    if (!slot) slot = std::make_unique<Statement>(m_db, sql);
    slot->Reset();
    return *slot;
}

void Database::ResetCached() {
    // Only statements mid-result hold the transaction; SQLite knows which, without a pass over the cache.
    for (sqlite3_stmt* statement = sqlite3_next_stmt(m_db, nullptr); statement;
         statement = sqlite3_next_stmt(m_db, statement)) {
        if (sqlite3_stmt_busy(statement)) sqlite3_reset(statement);
    }
}

bool Database::InTransaction() { return sqlite3_get_autocommit(m_db) == 0; }

int Database::Changes() { return sqlite3_changes(m_db); }

void Database::Exec(std::string_view sql) {
    char* message = nullptr;
    if (sqlite3_exec(m_db, std::string(sql).c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errmsg(m_db);
        sqlite3_free(message);
        throw StoreError(text, sqlite3_extended_errcode(m_db));
    }
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
    Statement& statement = Cached("PRAGMA journal_mode");
    std::string mode = statement.Step() ? statement.Text(0) : std::string();
    statement.Reset();
    return mode;
}

// Transactions begin and end on every request: prepared once per connection, not parsed each time.
void Database::Begin() { Cached("BEGIN").Run(); }
void Database::BeginImmediate() { Cached("BEGIN IMMEDIATE").Run(); }
void Database::Commit() { Cached("COMMIT").Run(); }

WriteTransaction::WriteTransaction(Database& db) : m_db(db) { m_db.BeginImmediate(); }

WriteTransaction::~WriteTransaction() {
    if (!m_done) {
        m_db.ResetCached();
        try {
            m_db.Exec("ROLLBACK");
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
