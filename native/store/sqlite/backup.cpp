// Backup and restore on whole database files. Each writes its file beside the final name and
// renames it into place after fsync, so a crash leaves either the old file or the new one.
#include "store/sqlite/backup.h"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/sqlite/db_lock.h"
#include "store/migrations.h"
#include "store/sqlite/sqlite_connection.h"

namespace tandem::store {

namespace {

std::string ErrnoText() { return std::strerror(errno); }

// A database file and what SQLite may have put beside it.
void RemoveWithCompanions(const std::string& path) {
    std::error_code ignored;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) std::filesystem::remove(path + suffix, ignored);
}

// A database file under construction, removed unless it was renamed into place.
struct Scratch {
    std::string path;
    ~Scratch() { RemoveWithCompanions(path); }
};

void SyncPath(const std::string& path, int flags) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | flags);
    if (fd < 0 || fsync(fd) != 0) {
        std::string error = ErrnoText();
        if (fd >= 0) close(fd);
        throw StoreError("cannot sync " + path + " to disk: " + error);
    }
    close(fd);
}

// A rename is only durable once the folder that holds the name is synced.
void SyncFolderOf(const std::string& path) {
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    SyncPath(parent.empty() ? "." : parent.string(), O_DIRECTORY);
}

void Rename(const std::string& from, const std::string& to) {
    if (std::rename(from.c_str(), to.c_str()) != 0)
        throw StoreError("cannot rename " + from + " to " + to + ": " + ErrnoText());
    SyncFolderOf(to);
}

std::string UtcStamp() {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
    return text;
}

// The checks a backup must pass before it replaces anything; returns its schema version.
std::int64_t CheckBackup(const std::string& copy, const std::string& backup) {
    std::string problem;
    std::int64_t version = 0;
    char header[16] = {};
    std::ifstream(copy, std::ios::binary).read(header, sizeof header);
    if (std::memcmp(header, "SQLite format 3", sizeof header) != 0) {
        problem = "it is not a SQLite database";
    } else {
        try {
            Database db = ConnectSqlite(copy);
            Statement check = db.Prepare("PRAGMA integrity_check(1)");
            std::string verdict = check.Step() ? check.Text(0) : "no answer from the integrity check";
            check.Release();
            problem = verdict == "ok" ? SchemaProblem(db) : "it is damaged: " + verdict;
            if (problem.empty()) version = db.SchemaVersion();
        } catch (const StoreError& e) {
            problem = std::string("it is damaged: ") + e.what();
        }
    }
    if (!problem.empty()) throw StoreError("cannot restore " + backup + ": " + problem + "; nothing was changed");
    return version;
}

// The restored file takes the replaced one's mode and owner, so that a restore run as root leaves
// a database the service's user can still write.
void TakeModeAndOwner(const std::string& copy, const std::string& original) {
    struct stat old {}, now {};
    if (stat(original.c_str(), &old) != 0 || stat(copy.c_str(), &now) != 0)
        throw StoreError("cannot read the owner of " + original + ": " + ErrnoText());
    if (chmod(copy.c_str(), old.st_mode & 07777) != 0)
        throw StoreError("cannot set the mode of " + copy + ": " + ErrnoText());
    if ((old.st_uid != now.st_uid || old.st_gid != now.st_gid) && chown(copy.c_str(), old.st_uid, old.st_gid) != 0)
        throw StoreError("cannot give the restored file the owner of " + original + " (" + ErrnoText() +
                         "): run tandem restore as that user or as root");
}

}  // namespace

void BackupTo(Database& source, const std::string& target) {
    std::string path = target + ".XXXXXX";
    int fd = mkstemp(path.data());
    if (fd < 0) throw StoreError("cannot write " + target + ": " + ErrnoText());
    close(fd);
    Scratch scratch{path};
    sqlite3* destination = nullptr;
    int rc = sqlite3_open_v2(scratch.path.c_str(), &destination, SQLITE_OPEN_READWRITE, nullptr);
    if (rc == SQLITE_OK) {
        // FULL: the copy is on disk when the backup commits, before the rename makes it the file.
        rc = sqlite3_exec(destination, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
    }
    if (rc == SQLITE_OK) {
        sqlite3_backup* backup = sqlite3_backup_init(destination, "main", AsSqlite(source).Handle(), "main");
        if (!backup) {
            rc = sqlite3_errcode(destination);
        } else {
            int step;
            while ((step = sqlite3_backup_step(backup, 1024)) != SQLITE_DONE) {
                if (step == SQLITE_BUSY || step == SQLITE_LOCKED) sqlite3_sleep(5);
                else if (step != SQLITE_OK) break;
            }
            rc = sqlite3_backup_finish(backup);
        }
    }
    std::string message = destination ? sqlite3_errmsg(destination) : "out of memory";
    sqlite3_close(destination);
    if (rc != SQLITE_OK) throw StoreError("backup to " + target + " failed: " + message);
    Rename(scratch.path, target);
}

Restored Restore(const std::string& backup, const std::string& db_path) {
    std::error_code error;
    if (!std::filesystem::exists(backup, error))
        throw StoreError("cannot restore " + backup + ": there is no such file; nothing was changed");
    DatabaseLock lock(db_path, DatabaseLock::Kind::Exclusive);
    // A fixed name, as the lock allows one restore at a time; what a crashed one left, its WAL
    // above all, goes before SQLite could replay it into this copy.
    Scratch scratch{db_path + ".restoring"};
    RemoveWithCompanions(scratch.path);
    std::filesystem::copy_file(backup, scratch.path, error);
    if (error) throw StoreError("cannot copy " + backup + " to " + scratch.path + ": " + error.message());
    Restored restored;
    restored.schema_version = CheckBackup(scratch.path, backup);
    SyncPath(scratch.path, 0);

    if (std::filesystem::exists(db_path)) {
        TakeModeAndOwner(scratch.path, db_path);
        // Links, not renames: the database stays in place until the new one replaces it at once.
        restored.kept = db_path + ".before-restore-" + UtcStamp();
        if (link(db_path.c_str(), restored.kept.c_str()) != 0)
            throw StoreError("cannot keep " + db_path + " as " + restored.kept + ": " + ErrnoText());
        if (std::filesystem::exists(db_path + "-wal") &&
            link((db_path + "-wal").c_str(), (restored.kept + "-wal").c_str()) != 0)
            throw StoreError("cannot keep " + db_path + "-wal as " + restored.kept + "-wal: " + ErrnoText());
    }
    // The old WAL would be replayed into the new file, and the -shm indexes that WAL; both go
    // before the rename (the kept copy has the WAL's contents).
    for (const char* suffix : {"-wal", "-shm"}) {
        std::filesystem::remove(db_path + suffix, error);
        if (error) throw StoreError("cannot remove " + db_path + suffix + ": " + error.message());
    }
    Rename(scratch.path, db_path);
    return restored;
}

}  // namespace tandem::store
