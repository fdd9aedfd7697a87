// Schema history. Never edit a migration that has shipped: add a new one at the end.
#include "store/migrations.h"

#include <string>
#include <string_view>

#include "store/database.h"

namespace tandem::store {

namespace {

struct Migration {
    std::int64_t version;
    std::string_view name;
    std::string_view sql;
};

constexpr Migration kMigrations[] = {
    {1, "settings",
     R"sql(
        CREATE TABLE settings (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO settings (key, value) VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
     )sql"},
};

}  // namespace

std::int64_t LatestSchemaVersion() { return std::size(kMigrations); }

void Migrate(Database& db) {
    db.Exec(R"sql(
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER PRIMARY KEY,
            name       TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )
    )sql");
    std::int64_t current = db.SchemaVersion();
    if (current > LatestSchemaVersion()) {
        throw StoreError("its schema version " + std::to_string(current) + " is newer than this tandem knows (" +
                         std::to_string(LatestSchemaVersion()) + "); use a newer tandem");
    }
    for (const Migration& migration : kMigrations) {
        if (migration.version <= current) continue;
        WriteTransaction transaction(db);
        // Another process may have migrated between our read and our write lock.
        if (db.SchemaVersion() >= migration.version) continue;
        db.Exec(migration.sql);
        db.Prepare("INSERT INTO schema_migrations (version, name, applied_at) "
                   "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))")
            .Bind(1, migration.version)
            .Bind(2, migration.name)
            .Run();
        transaction.Commit();
    }
}

}  // namespace tandem::store
