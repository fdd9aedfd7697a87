// The numbered schema migrations, applied in order when a database is opened.
#pragma once

#include <cstdint>
#include <string>

namespace tandem::store {

class Database;

// The newest schema version this binary knows.
std::int64_t LatestSchemaVersion();

// Applies every migration the database lacks, each in its own transaction. A database that has
// data at an older version is first backed up to <path>.pre-v<version>.bak (replacing an earlier
// one of that name); if that fails nothing is migrated. Throws StoreError then, and if the
// database was written by a newer Tandem (its schema version is above LatestSchemaVersion()).
void Migrate(Database& db);

// Why this binary cannot take the database as a Tandem database: no schema history, one that is
// not Tandem's (versions 1..N with the names given here), or a version above LatestSchemaVersion().
// Empty if it can. Reads only.
std::string SchemaProblem(Database& db);

}  // namespace tandem::store
