// A database as one file: SQLite's online backup, which copies a consistent snapshot while the
// server keeps writing, and the restore that puts such a copy in a database's place.
#pragma once

#include <cstdint>
#include <string>

namespace tandem::store {

class Database;

// Copies the database behind `source` to the file `target`, synced to disk, replacing any file of
// that name; the copy is written beside it and renamed, so `target` is whole or untouched. Inside
// a read transaction (Store::Read) the copy is that snapshot; outside one, a write by another
// connection makes SQLite start the copy again. Throws StoreError.
void BackupTo(Database& source, const std::string& target);

struct Restored {
    std::int64_t schema_version = 0;   // of the restored database
    std::string kept;                  // where the database it replaced now is; empty if none
};

// Puts the backup file in the place of the database at `db_path`, holding the database's lock
// exclusively, so it refuses while anything has the database open. The backup must be an intact
// SQLite database with Tandem's schema at a version this binary knows (older ones are migrated
// when next opened). An existing database is kept, with its WAL, as
// <db_path>.before-restore-<UTC time> (hard links), then the checked copy is renamed over it with
// the old file's mode and owner. Throws StoreError; a refusal changes nothing.
Restored Restore(const std::string& backup, const std::string& db_path);

}  // namespace tandem::store
