// A SQLite connection with the settings every Tandem database uses (WAL, foreign keys, busy
// timeout) and prepared statements as RAII objects. Failures throw StoreError with SQLite's text.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace tandem::store {

struct StoreError : std::runtime_error {
    explicit StoreError(const std::string& message, int sqlite_code = 0)
        : std::runtime_error(message), code(sqlite_code) {}
    int code;   // SQLite's extended result code, 0 if not from SQLite
    bool IsUniqueViolation() const;
    bool IsForeignKeyViolation() const;
};

class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Bind by 1-based index; chainable.
    Statement& Bind(int index, std::int64_t value);
    Statement& Bind(int index, double value);
    Statement& Bind(int index, std::string_view value);
    Statement& BindNull(int index);

    bool Step();        // true while a row is available
    void Run();         // Step() for statements that return no rows
    void Reset();       // ready to bind and step again
    void Release();     // done stepping: lets the transaction end (bindings stay)

    bool IsNull(int column) const;
    std::int64_t Int(int column) const;
    double Real(int column) const;
    std::string Text(int column) const;

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

class Database {
public:
    // Opens (creating the file and its folder if needed), configures and migrates; throws
    // StoreError with a message fit for the user if the file cannot be used.
    static Database Open(const std::string& path);
    // Another connection to an already migrated database, e.g. one per reader thread.
    static Database Connect(const std::string& path);
    ~Database();
    Database(Database&& other) noexcept;
    Database& operator=(Database&&) = delete;
    Database(const Database&) = delete;

    void Exec(std::string_view sql);
    Statement Prepare(std::string_view sql) { return Statement(m_db, sql); }
    // A statement prepared once per connection and reset for each use; for hot paths. The SQL
    // must be a string literal (the cache is keyed by its address).
    Statement& Cached(const char* sql);
    // Resets every cached statement, so none holds the transaction open past its end.
    void ResetCached();
    bool InTransaction();
    void Begin();
    void BeginImmediate();
    void Commit();
    int Changes();
    std::int64_t SchemaVersion();
    std::string JournalMode();
    const std::string& Path() const { return m_path; }
    sqlite3* Handle() { return m_db; }

private:
    Database(sqlite3* db, std::string path) : m_db(db), m_path(std::move(path)) {}
    sqlite3* m_db;
    std::string m_path;
    std::unordered_map<const char*, std::unique_ptr<Statement>> m_cache;
};

// Creates the folder a database file goes in, if missing; throws StoreError naming it.
void CreateParentFolder(const std::string& path);

// A write transaction taken with BEGIN IMMEDIATE (so it never fails half-way with SQLITE_BUSY);
// rolled back unless Commit() is called.
class WriteTransaction {
public:
    explicit WriteTransaction(Database& db);
    ~WriteTransaction();
    void Commit();

private:
    Database& m_db;
    bool m_done = false;
};

}  // namespace tandem::store
