// `tandem restore`: puts a backup in the database's place, with the server stopped.
#include <cstdio>
#include <filesystem>

#include "cli/args.h"
#include "cli/commands.h"
#include "store/engine.h"
#include "store/migrations.h"
#include "store/sqlite/backup.h"

namespace tandem::cli {

namespace {

constexpr OptionSpec kRestoreOptions[] = {
    {"db", "FILE", "the database to replace or create (default data/tandem.db)", "TANDEM_DB"},
    {"force", "", "replace an existing database (it is kept as FILE.before-restore-TIME)"},
    {"help", "", "show this help"},
};

}  // namespace

int RunRestore(std::span<char* const> argv) {
    Args args(kRestoreOptions, argv);
    if (args.Has("help")) {
        std::printf("usage: tandem restore BACKUP [options]  (stop the server first)\n\n%s",
                    FormatOptions(kRestoreOptions).c_str());
        return 0;
    }
    if (args.Positionals().size() != 1) throw UsageError("restore takes the backup file to restore");
    const std::string& backup = args.Positionals()[0];
    std::string db = args.Get("db", "data/tandem.db");
    if (store::IsPostgresTarget(db)) {
        std::fputs("tandem: restore puts back SQLite databases; restore PostgreSQL with its own tools "
                   "(pg_restore or psql for a pg_dump, or a pg_basebackup)\n", stderr);
        return 2;
    }
    if (!args.Has("force") && std::filesystem::exists(db))
        throw std::runtime_error(db + " exists; add --force to replace it (it is kept as " + db +
                                 ".before-restore-TIME)");
    store::Restored restored = store::Restore(backup, db);
    std::printf("restored %s to %s (schema v%lld)\n", backup.c_str(), db.c_str(),
                static_cast<long long>(restored.schema_version));
    if (!restored.kept.empty()) std::printf("the database it replaced is kept as %s\n", restored.kept.c_str());
    if (restored.schema_version < store::LatestSchemaVersion())
        std::printf("tandem serve will back it up and migrate it to v%lld when it starts\n",
                    static_cast<long long>(store::LatestSchemaVersion()));
    return 0;
}

}  // namespace tandem::cli
