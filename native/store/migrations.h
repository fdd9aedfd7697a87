// The numbered schema migrations, applied in order when a database is opened.
#pragma once

#include <cstdint>

namespace tandem::store {

class Database;

// The newest schema version this binary knows.
std::int64_t LatestSchemaVersion();

// Applies every migration the database lacks, each in its own transaction. Throws StoreError if
// the database was written by a newer Tandem (its schema version is above LatestSchemaVersion()).
void Migrate(Database& db);

}  // namespace tandem::store
