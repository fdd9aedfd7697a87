// The PostgreSQL 15 schema: the same numbered migrations as SQLite's (store/migrations.cpp),
// translated. Pure data: no libpq here, so the server tests can hold it against SQLite's.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "store/migrations.h"

namespace tandem::store::postgres {

using PgMigration = Migration;

// Migrations 1..N in order, one per SQLite migration with its version and name.
std::span<const PgMigration> PgMigrations();

// The history table every migration records itself in; created before the first one.
extern const std::string_view kPgSchemaMigrationsTable;

// An expression for the current UTC time as text, 2026-12-07T15:04:05Z (schema_migrations.applied_at).
extern const std::string_view kPgNowUtcText;

}  // namespace tandem::store::postgres
