// `tandem backup` and `tandem restore` on real database files, and the backup taken before a
// migration: what is written, what is refused, and that a refusal changes nothing.
#include <csignal>
#include <cstdlib>
#include <doctest/doctest.h>
#include <fstream>
#include <set>
#include <sqlite3.h>
#include <sstream>
#include <sys/wait.h>

#include "real_parts.h"
#include "server_process.h"

using tandem::test::CommandResult;
using tandem::test::QueryText;
using tandem::test::RunTandem;
using tandem::test::ServerProcess;
using tandem::test::SkipUnlessSqlite;
using tandem::test::TempDir;

namespace {

// The number of migrations in native/store/migrations.cpp; a new migration changes it here too.
constexpr int kSchemaVersion = 16;
constexpr int kDemoLeads = 300;
// Why these tests skip under server.pg: PostgreSQL is backed up with its own tools.
constexpr const char* kSqliteFiles = "tandem backup/restore and the backup before a migration work on SQLite files";

std::string ReadBytes(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    REQUIRE(file);
    std::ostringstream bytes;
    bytes << file.rdbuf();
    return bytes.str();
}

void WriteBytes(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

void SqliteExec(const std::filesystem::path& path, const char* sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    CHECK_MESSAGE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK, sqlite3_errmsg(db));
    sqlite3_close(db);
}

std::string Count(const std::filesystem::path& path, const std::string& table) {
    return QueryText(path, "SELECT count(*) FROM " + table);
}

std::string SchemaVersionOf(const std::filesystem::path& path) {
    return QueryText(path, "SELECT max(version) FROM schema_migrations");
}

std::set<std::string> Entries(const std::filesystem::path& dir) {
    std::set<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) names.insert(entry.path().filename().string());
    return names;
}

// A database with the demo company in it, made by `tandem demo`.
std::filesystem::path DemoDatabase(const TempDir& dir, const std::string& name = "source.db") {
    std::filesystem::path path = dir / name;
    CommandResult demo = RunTandem({"demo", "--db", path.string(), "--leads", std::to_string(kDemoLeads)});
    REQUIRE_MESSAGE(demo.exit_code == 0, demo.output);
    return path;
}

std::filesystem::path BackupOf(const std::filesystem::path& db, const std::filesystem::path& target) {
    CommandResult backup = RunTandem({"backup", target.string(), "--db", db.string()});
    REQUIRE_MESSAGE(backup.exit_code == 0, backup.output);
    return target;
}

std::string Export(const std::filesystem::path& db, const std::string& what) {
    CommandResult exported = RunTandem({"export", what, "--db", db.string()});
    REQUIRE_MESSAGE(exported.exit_code == 0, exported.output);
    return exported.output;
}

// Schema v1 exactly as the first release wrote it (as in test_serve.cpp).
void WriteVersion1Database(const std::filesystem::path& path) {
    SqliteExec(path, R"sql(
        CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        INSERT INTO settings (key, value) VALUES ('created_at', '2026-11-01T00:00:00Z');
        INSERT INTO schema_migrations VALUES (1, 'settings', '2026-11-01T00:00:00Z');
    )sql");
}

}  // namespace

TEST_CASE("backup refuses a file that exists, leaving it byte for byte; --force overwrites it") {
    if (SkipUnlessSqlite(kSqliteFiles)) return;
    TempDir dir;
    std::filesystem::path db = DemoDatabase(dir);
    std::filesystem::path target = dir / "nightly.db";
    WriteBytes(target, "last night's backup");
    std::set<std::string> before = Entries(dir.Path());

    CommandResult refused = RunTandem({"backup", target.string(), "--db", db.string()});
    CHECK(refused.exit_code == 1);
    CHECK(refused.output == "tandem: " + target.string() + " exists; add --force to overwrite it\n");
    CHECK(ReadBytes(target) == "last night's backup");
    CHECK(Entries(dir.Path()) == before);

    CommandResult forced = RunTandem({"backup", target.string(), "--db", db.string(), "--force"});
    CHECK(forced.exit_code == 0);
    CHECK(forced.output == "backed up " + db.string() + " to " + target.string() + "\n");
    CHECK(QueryText(target, "PRAGMA integrity_check") == "ok");
    CHECK(Count(target, "leads") == std::to_string(kDemoLeads));
    CHECK(Entries(dir.Path()) == before);
}

TEST_CASE("backup - writes the database to standard output and nothing else, leaving no temporary file") {
    if (SkipUnlessSqlite(kSqliteFiles)) return;
    TempDir dir;
    std::filesystem::path db = DemoDatabase(dir);
    std::filesystem::path tmp = dir / "tmp";
    std::filesystem::create_directories(tmp);
    std::filesystem::path out = dir / "piped.db";
    std::string command = "TMPDIR='" + tmp.string() + "' '" TANDEM_BINARY "' backup - --db '" + db.string() + "' > '" +
                          out.string() + "' 2> '" + (dir / "stderr.txt").string() + "'";
    int status = std::system(command.c_str());
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(ReadBytes(dir / "stderr.txt") == "");
    // Exactly the database's pages: any extra byte on stdout would show in the size.
    std::string bytes = ReadBytes(out);
    CHECK(bytes.starts_with(std::string("SQLite format 3\0", 16)));
    CHECK(std::to_string(bytes.size()) ==
          QueryText(out, "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size"));
    CHECK(QueryText(out, "PRAGMA integrity_check") == "ok");
    CHECK(Count(out, "leads") == Count(db, "leads"));
    CHECK(Count(out, "leads") == std::to_string(kDemoLeads));
    CHECK(Entries(tmp).empty());
}

TEST_CASE("restore of a backup into a new path gives the same leads, users and history") {
    if (SkipUnlessSqlite(kSqliteFiles)) return;
    TempDir dir;
    std::filesystem::path db = DemoDatabase(dir);
    std::filesystem::path backup = BackupOf(db, dir / "backup.db");
    std::filesystem::path restored = dir / "restored" / "tandem.db";

    CommandResult result = RunTandem({"restore", backup.string(), "--db", restored.string()});
    CHECK(result.exit_code == 0);
    CHECK(result.output == "restored " + backup.string() + " to " + restored.string() + " (schema v" +
                               std::to_string(kSchemaVersion) + ")\n");
    for (const char* table : {"leads", "users", "stage_history"}) {
        CAPTURE(table);
        CHECK(Count(restored, table) == Count(db, table));
    }
    CHECK(Count(restored, "leads") == std::to_string(kDemoLeads));
    CHECK(Count(restored, "users") == "6");
    CHECK(Export(restored, "leads") == Export(db, "leads"));
    CHECK(Export(restored, "history") == Export(db, "history"));
    CHECK(Entries(dir / "restored") == std::set<std::string>{"tandem.db", "tandem.db.lock"});
}

TEST_CASE("restore refuses a damaged file, a file that is not Tandem's and a newer schema, changing nothing") {
    if (SkipUnlessSqlite(kSqliteFiles)) return;
    TempDir dir;
    std::filesystem::path db = DemoDatabase(dir, "tandem.db");
    std::filesystem::path backup = BackupOf(db, dir / "backup.db");
    std::string good = ReadBytes(backup);

    std::filesystem::path truncated = dir / "truncated.db";
    WriteBytes(truncated, good.substr(0, good.size() / 2));
    std::filesystem::path text = dir / "notes.txt";
    WriteBytes(text, std::string(8192, 'n'));
    std::filesystem::path foreign = dir / "foreign.db";
    SqliteExec(foreign, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('hi')");
    std::filesystem::path renamed = dir / "renamed.db";
    WriteBytes(renamed, good);
    SqliteExec(renamed, "UPDATE schema_migrations SET name = 'something_else' WHERE version = 3");
    std::filesystem::path newer = dir / "newer.db";
    WriteBytes(newer, good);
    const std::string future = "INSERT INTO schema_migrations VALUES (" + std::to_string(kSchemaVersion + 1) +
                               ", 'future', '2030-01-01T00:00:00Z')";
    SqliteExec(newer, future.c_str());

    struct Case {
        std::filesystem::path file;
        std::string problem;
    };
    const Case cases[] = {
        {dir / "missing.db", "there is no such file"},
        {text, "it is not a SQLite database"},
        {foreign, "it has no schema_migrations table: not a Tandem database"},
        {renamed, "its schema version 3 is 'something_else', Tandem's is 'definition_ops'"},
        {newer, "its schema version " + std::to_string(kSchemaVersion + 1) + " is newer than this tandem knows (" +
                    std::to_string(kSchemaVersion) + "); use a newer tandem"},
    };
    std::string before = ReadBytes(db);
    std::set<std::string> entries = Entries(dir.Path());
    for (const Case& c : cases) {
        CAPTURE(c.file);
        CommandResult result = RunTandem({"restore", c.file.string(), "--db", db.string(), "--force"});
        CHECK(result.exit_code == 1);
        CHECK(result.output == "tandem: cannot restore " + c.file.string() + ": " + c.problem + "; nothing was changed\n");
        CHECK(ReadBytes(db) == before);
        CHECK(Entries(dir.Path()) == entries);
    }
    // What SQLite reports about the missing half depends on where it looks first.
    CommandResult damaged = RunTandem({"restore", truncated.string(), "--db", db.string(), "--force"});
    CHECK(damaged.exit_code == 1);
    CHECK(damaged.output.starts_with("tandem: cannot restore " + truncated.string() + ": it is damaged: "));
    CHECK(damaged.output.ends_with("; nothing was changed\n"));
    CHECK(ReadBytes(db) == before);
    CHECK(Entries(dir.Path()) == entries);
}

TEST_CASE("restore refuses to replace a database without --force, and keeps the one it replaces") {
    if (SkipUnlessSqlite(kSqliteFiles)) return;
    TempDir dir;
    std::filesystem::path db = DemoDatabase(dir, "tandem.db");
    std::filesystem::path backup = BackupOf(db, dir / "backup.db");
    SqliteExec(backup, "UPDATE settings SET value = 'in the backup' WHERE key = 'created_at'");
    std::string before = ReadBytes(db);

    CommandResult refused = RunTandem({"restore", backup.string(), "--db", db.string()});
    CHECK(refused.exit_code == 1);
    CHECK(refused.output == "tandem: " + db.string() + " exists; add --force to replace it (it is kept as " +
                                db.string() + ".before-restore-TIME)\n");
    CHECK(ReadBytes(db) == before);

    CommandResult forced = RunTandem({"restore", backup.string(), "--db", db.string(), "--force"});
    CHECK(forced.exit_code == 0);
    CHECK(QueryText(db, "SELECT value FROM settings WHERE key = 'created_at'") == "in the backup");
    std::vector<std::string> kept;
    for (const std::string& name : Entries(dir.Path()))
        if (name.starts_with("tandem.db.before-restore-")) kept.push_back(name);
    REQUIRE(kept.size() == 1);
    CHECK(forced.output.ends_with("the database it replaced is kept as " + (dir / kept[0]).string() + "\n"));
    CHECK(ReadBytes(dir / kept[0]) == before);
}

TEST_CASE("restore refuses while tandem serve has the database open, and works once it stops") {
    if (SkipUnlessSqlite(kSqliteFiles)) return;
    TempDir dir;
    std::filesystem::path backup = BackupOf(DemoDatabase(dir), dir / "backup.db");
    std::filesystem::path db = dir / "tandem.db";
    ServerProcess server(dir.Path());

    CommandResult refused = RunTandem({"restore", backup.string(), "--db", db.string(), "--force"});
    CHECK(refused.exit_code == 1);
    CHECK(refused.output == "tandem: " + db.string() +
                                " is in use by a running tandem (the server, or an import, export or backup); "
                                "stop it first (systemctl stop tandem)\n");
    CHECK(Count(db, "leads") == "0");

    // SIGKILL: the server's last writes (the first start's admin) are still only in its WAL.
    REQUIRE(server.Stop(SIGKILL) == 128 + SIGKILL);
    REQUIRE(std::filesystem::file_size(dir / "tandem.db-wal") > 0);
    CommandResult restored = RunTandem({"restore", backup.string(), "--db", db.string(), "--force"});
    CHECK_MESSAGE(restored.exit_code == 0, restored.output);
    // The old WAL is not replayed into the restored file; it stays with the kept copy.
    CHECK_FALSE(std::filesystem::exists(dir / "tandem.db-wal"));
    CHECK(QueryText(db, "PRAGMA integrity_check") == "ok");
    CHECK(Count(db, "leads") == std::to_string(kDemoLeads));
    std::filesystem::path kept;
    for (const std::string& name : Entries(dir.Path()))
        if (name.starts_with("tandem.db.before-restore-") && !name.ends_with("-wal")) kept = dir / name;
    REQUIRE(!kept.empty());
    CHECK(std::filesystem::exists(kept.string() + "-wal"));
    CHECK(QueryText(kept, "SELECT email FROM users") == "admin@tandem.local");

    ServerProcess again(dir.Path());
    CHECK(again.Log().find("new database") == std::string::npos);
}

TEST_CASE("opening a database at an older schema backs it up as DB.pre-vN.bak first") {
    if (SkipUnlessSqlite(kSqliteFiles)) return;
    TempDir dir;
    std::filesystem::path db = dir / "tandem.db";
    WriteVersion1Database(db);

    CommandResult opened = RunTandem({"export", "leads", "--db", db.string()});
    CHECK(opened.exit_code == 0);
    std::filesystem::path backup = dir / "tandem.db.pre-v1.bak";
    CHECK(opened.output.find("backed up " + db.string() + " to " + backup.string() + " before migrating schema v1 to v" +
                             std::to_string(kSchemaVersion) + "\n") != std::string::npos);
    CHECK(SchemaVersionOf(backup) == "1");
    CHECK(QueryText(backup, "SELECT value FROM settings WHERE key = 'created_at'") == "2026-11-01T00:00:00Z");
    CHECK(QueryText(backup, "SELECT count(*) FROM sqlite_master WHERE name = 'leads'") == "0");
    CHECK(SchemaVersionOf(db) == std::to_string(kSchemaVersion));

    // At the current version there is nothing to back up; neither is there for a new database.
    std::set<std::string> entries = Entries(dir.Path());
    CommandResult again = RunTandem({"export", "leads", "--db", db.string()});
    CHECK(again.exit_code == 0);
    CHECK(again.output.find("backed up") == std::string::npos);
    CHECK(Entries(dir.Path()) == entries);
    CommandResult fresh = RunTandem({"export", "leads", "--db", (dir / "new" / "tandem.db").string()});
    CHECK(fresh.exit_code == 0);
    CHECK(Entries(dir / "new") == std::set<std::string>{"tandem.db", "tandem.db.lock"});

    // The backup restores the database as it was before the migration.
    CommandResult rolled_back = RunTandem({"restore", backup.string(), "--db", db.string(), "--force"});
    CHECK(rolled_back.exit_code == 0);
    CHECK(rolled_back.output.ends_with("tandem serve will back it up and migrate it to v" + std::to_string(kSchemaVersion) +
                                       " when it starts\n"));
    CHECK(SchemaVersionOf(db) == "1");
}

TEST_CASE("a database whose backup before migrating fails is not migrated") {
    if (SkipUnlessSqlite(kSqliteFiles)) return;
    TempDir dir;
    std::filesystem::path db = dir / "tandem.db";
    WriteVersion1Database(db);
    // A folder where the backup would go: renaming the finished copy onto it fails.
    std::filesystem::create_directories(dir / "tandem.db.pre-v1.bak");
    std::set<std::string> entries = Entries(dir.Path());

    CommandResult refused = RunTandem({"export", "leads", "--db", db.string()});
    CHECK(refused.exit_code == 1);
    CHECK(refused.output.starts_with("tandem: cannot use the database " + db.string() + ": schema v1 needs migrating to v" +
                                     std::to_string(kSchemaVersion) + ", but the backup before it failed ("));
    CHECK(refused.output.ends_with("); nothing was migrated\n"));
    CHECK(SchemaVersionOf(db) == "1");
    CHECK(QueryText(db, "SELECT count(*) FROM sqlite_master WHERE name = 'users'") == "0");
    entries.insert("tandem.db.lock");
    CHECK(Entries(dir.Path()) == entries);
}

TEST_CASE("backup and restore take one file and say so otherwise") {
    CommandResult backup = RunTandem({"backup"});
    CHECK(backup.exit_code == 2);
    CHECK(backup.output.starts_with("tandem: backup takes the file to write\n"));
    CommandResult restore = RunTandem({"restore", "a.db", "b.db"});
    CHECK(restore.exit_code == 2);
    CHECK(restore.output.starts_with("tandem: restore takes the backup file to restore\n"));
}

TEST_CASE("backup and restore of a PostgreSQL database refuse and point to PostgreSQL's own tools") {
    // Refused before connecting: nothing listens on port 1.
    const std::string url = "postgresql://tandem@127.0.0.1:1/tandem";
    TempDir dir;
    CommandResult backup = RunTandem({"backup", (dir / "copy.db").string(), "--db", url});
    CHECK(backup.exit_code == 2);
    CHECK(backup.output == "tandem: backup copies SQLite databases; back PostgreSQL up with its own tools "
                           "(pg_dump or pg_basebackup)\n");
    CommandResult restore = RunTandem({"restore", (dir / "copy.db").string(), "--db", url, "--force"});
    CHECK(restore.exit_code == 2);
    CHECK(restore.output == "tandem: restore puts back SQLite databases; restore PostgreSQL with its own tools "
                            "(pg_restore or psql for a pg_dump, or a pg_basebackup)\n");
    CHECK(std::filesystem::is_empty(dir.Path()));
}
