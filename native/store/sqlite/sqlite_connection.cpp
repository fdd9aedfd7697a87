// SQLite connections, statements and transactions, and the settings every Tandem database uses.
#include "store/sqlite/sqlite_connection.h"

#include <chrono>
#include <filesystem>
#include <optional>
#include <thread>
#include <sqlite3.h>

#include "store/migrations.h"

namespace tandem::store {

namespace {

StoreError::Kind KindOf(int extended_code) {
    switch (extended_code) {
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY: return StoreError::Kind::UniqueViolation;
        case SQLITE_CONSTRAINT_FOREIGNKEY: return StoreError::Kind::ForeignKeyViolation;
        default: return StoreError::Kind::Other;
    }
}

[[noreturn]] void Fail(sqlite3* db, std::string_view what) {
    throw StoreError(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"),
                     KindOf(db ? sqlite3_extended_errcode(db) : SQLITE_NOMEM));
}

}  // namespace

// The repositories' portable `INSERT ... VALUES (...) RETURNING id` runs here as the plain insert,
// its row made from sqlite3_last_insert_rowid: SQLite carries RETURNING rows through a temporary
// table, which made each insert ~50 % dearer (1.9 us a row measured; an import inserts two a lead).
constexpr std::string_view kReturningId = " RETURNING id";

bool ReturnsInsertedId(std::string_view sql) {
    return sql.starts_with("INSERT ") && sql.ends_with(kReturningId) && sql.find(" VALUES ") != std::string_view::npos;
}

class SqliteStatement final : public StatementBackend {
public:
    SqliteStatement(sqlite3* db, std::string_view sql) : m_db(db), m_returns_id(ReturnsInsertedId(sql)) {
        if (m_returns_id) sql.remove_suffix(kReturningId.size());
        if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &m_stmt,
                               nullptr) != SQLITE_OK)
            Fail(db, "prepare '" + std::string(sql.substr(0, 60)) + "'");
    }
    ~SqliteStatement() override { sqlite3_finalize(m_stmt); }
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    void BindInt(int index, std::int64_t value) override {
        if (sqlite3_bind_int64(m_stmt, index, value) != SQLITE_OK) Fail(m_db, "bind");
    }
    void BindReal(int index, double value) override {
        if (sqlite3_bind_double(m_stmt, index, value) != SQLITE_OK) Fail(m_db, "bind");
    }
    void BindText(int index, std::string_view value) override {
        if (sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT) !=
            SQLITE_OK)
            Fail(m_db, "bind");
    }
    void BindNull(int index) override {
        if (sqlite3_bind_null(m_stmt, index) != SQLITE_OK) Fail(m_db, "bind");
    }

    bool Step() override {
        if (m_returns_id && m_inserted_id) {   // the one row was given
            m_inserted_id.reset();
            return false;
        }
        int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) {
            // A single-row insert; none was made if ON CONFLICT DO NOTHING applied.
            if (!m_returns_id || sqlite3_changes(m_db) == 0) return false;
            m_inserted_id = sqlite3_last_insert_rowid(m_db);
            return true;
        }
        Fail(m_db, std::string("step of ") + sqlite3_sql(m_stmt));
    }
    void Reset() override {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
        m_inserted_id.reset();
    }
    void Release() override {
        sqlite3_reset(m_stmt);
        m_inserted_id.reset();
    }

    bool IsNull(int column) const override {
        if (m_inserted_id) return false;
        return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
    }
    std::int64_t Int(int column) const override {
        if (m_inserted_id) return *m_inserted_id;
        return sqlite3_column_int64(m_stmt, column);
    }
    double Real(int column) const override { return sqlite3_column_double(m_stmt, column); }
    std::string Text(int column) const override {
        const unsigned char* text = sqlite3_column_text(m_stmt, column);
        return text ? std::string(reinterpret_cast<const char*>(text), sqlite3_column_bytes(m_stmt, column))
                    : std::string();
    }

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
    bool m_returns_id;
    std::optional<std::int64_t> m_inserted_id;   // the RETURNING id row, while it is the current row
};

SqliteConnection::SqliteConnection(sqlite3* handle) : m_db(handle) {}

SqliteConnection::~SqliteConnection() {
    m_begin.reset();   // statements before the connection
    m_begin_write.reset();
    m_commit.reset();
    sqlite3_close_v2(m_db);
}

std::unique_ptr<StatementBackend> SqliteConnection::Prepare(std::string_view sql) {
    return std::make_unique<SqliteStatement>(m_db, sql);
}

void SqliteConnection::Exec(std::string_view sql) {
    char* message = nullptr;
    if (sqlite3_exec(m_db, std::string(sql).c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errmsg(m_db);
        sqlite3_free(message);
        throw StoreError(text, KindOf(sqlite3_extended_errcode(m_db)));
    }
}

void SqliteConnection::RunOnce(std::unique_ptr<SqliteStatement>& slot, const char* sql) {
    if (!slot) slot = std::make_unique<SqliteStatement>(m_db, sql);
    slot->Reset();
    while (slot->Step()) {
    }
}

void SqliteConnection::Begin() { RunOnce(m_begin, "BEGIN"); }
// A deferred transaction that reads then writes gets SQLITE_BUSY at once, ignoring the busy handler.
void SqliteConnection::BeginWrite() { RunOnce(m_begin_write, "BEGIN IMMEDIATE"); }
void SqliteConnection::Commit() { RunOnce(m_commit, "COMMIT"); }
void SqliteConnection::Rollback() { Exec("ROLLBACK"); }

void SqliteConnection::ReleaseStatements() {
    // Only statements mid-result hold the transaction; SQLite knows which, without a pass over the cache.
    for (sqlite3_stmt* statement = sqlite3_next_stmt(m_db, nullptr); statement;
         statement = sqlite3_next_stmt(m_db, statement)) {
        if (sqlite3_stmt_busy(statement)) sqlite3_reset(statement);
    }
}

bool SqliteConnection::InTransaction() { return sqlite3_get_autocommit(m_db) == 0; }

int SqliteConnection::Changes() { return sqlite3_changes(m_db); }

SqliteConnection& AsSqlite(Database& db) {
    auto* sqlite = dynamic_cast<SqliteConnection*>(&db.Backend());
    if (!sqlite)
        throw StoreError(std::string("this needs a SQLite database; ") + db.Path() + " is on " + db.dialect().name);
    return *sqlite;
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

Database OpenFile(const std::string& path, int flags) {
    ConfigureSqlite();
    sqlite3* handle = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &handle, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    Database db(std::make_unique<SqliteConnection>(handle), path);
    if (rc != SQLITE_OK) Fail(handle, "cannot open " + path);
    sqlite3_busy_handler(handle, &WaitForLock, nullptr);
    sqlite3_extended_result_codes(handle, 1);
    return db;
}

}  // namespace

Database ConnectSqlite(const std::string& path) {
    Database db = OpenFile(path, SQLITE_OPEN_READWRITE);
    db.Exec("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;");
    return db;
}

void CreateParentFolder(const std::string& path) {
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    std::error_code error;
    if (!parent.empty()) std::filesystem::create_directories(parent, error);
    if (error) throw StoreError("cannot create the folder " + parent.string() + ": " + error.message());
}

Database OpenSqlite(const std::string& path) {
    CreateParentFolder(path);
    Database db = OpenFile(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
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

}  // namespace tandem::store
