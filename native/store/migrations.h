// The numbered schema migrations, applied in order when a database is opened.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace tandem::store {

class Database;

// One numbered schema change, in one engine's DDL.
struct Migration {
    std::int64_t version;
    std::string_view name;
    std::string_view sql;   // one or more statements, applied in one transaction
};

// How one engine's databases are migrated: its DDL for every version and what it does around it.
// The runner (the history, the checks, a transaction per migration) is the same for every engine.
struct MigrationPlan {
    std::string_view history_table;          // creates schema_migrations if it is missing
    std::span<const Migration> migrations;   // versions 1..LatestSchemaVersion(), in order
    // Run first in every migrating transaction, so that two processes opening one database at
    // once migrate it one after the other; empty where BeginWrite already excludes other writers.
    std::string_view lock;
    // Before migrating a database that has data at an older version; throws to stop. May be null.
    void (*before_upgrade)(Database& db, std::int64_t current);
};

// The newest schema version this binary knows.
std::int64_t LatestSchemaVersion();

// Applies every migration the database lacks, each in its own transaction. A database that has
// data at an older version is first backed up to <path>.pre-v<version>.bak (replacing an earlier
// one of that name); if that fails nothing is migrated. Throws StoreError then, and if the
// database was written by a newer Tandem (its schema version is above LatestSchemaVersion()).
void Migrate(Database& db);
// Applies every migration of `plan` the database lacks, each in its own transaction; throws
// StoreError if the database was written by a newer Tandem.
void Migrate(Database& db, const MigrationPlan& plan);

// Why this binary cannot take the database as a Tandem database: no schema history, one that is
// not Tandem's (versions 1..N with the names given here), or a version above LatestSchemaVersion().
// Empty if it can. Reads only.
std::string SchemaProblem(Database& db);

}  // namespace tandem::store
