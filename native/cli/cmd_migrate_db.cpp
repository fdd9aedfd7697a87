// `tandem migrate-db --from A --to B`: moves an installation between databases (a SQLite file to
// PostgreSQL, or back): every table copied in one transaction, verified table by table, committed
// only if each matches. Exit 2 if the target is refused (not empty, another schema), 1 if a table
// does not verify (then nothing is committed).
#include <chrono>
#include <cstdio>

#include "cli/args.h"
#include "cli/commands.h"
#include "store/engine.h"
#include "store/table_copy.h"

namespace tandem::cli {

namespace {

constexpr OptionSpec kMigrateDbOptions[] = {
    {"from", "DB", "the database to copy: a file, or postgresql://USER@HOST:PORT/DB"},
    {"to", "DB", "the new database, migrated first to the same schema; it must hold no data"},
    {"sessions", "", "copy sign-in sessions too (by default everyone signs in again)"},
    {"help", "", "show this help"},
};

void PrintTable(const store::TableCopied& t) {
    if (!t.skipped.empty()) {
        std::printf("  %-24s %10lld rows  skipped: %s\n", t.table.c_str(), static_cast<long long>(t.source.rows),
                    t.skipped.c_str());
        return;
    }
    std::printf("  %-24s %10lld rows  checksum %s  %s\n", t.table.c_str(), static_cast<long long>(t.target.rows),
                store::HexDigest(t.target.sum).c_str(), t.Verified() ? "verified" : "DIFFERS");
    if (!t.Verified())
        std::printf("  %-24s %10lld rows  checksum %s  in the source\n", "", static_cast<long long>(t.source.rows),
                    store::HexDigest(t.source.sum).c_str());
    std::fflush(stdout);
}

}  // namespace

int RunMigrateDb(std::span<char* const> argv) {
    Args args(kMigrateDbOptions, argv);
    if (args.Has("help")) {
        std::printf("usage: tandem migrate-db --from DB --to DB [--sessions]  (stop the server first)\n\n%s",
                    FormatOptions(kMigrateDbOptions).c_str());
        return 0;
    }
    if (!args.Positionals().empty()) throw UsageError("migrate-db takes no arguments; name the databases with --from and --to");
    const std::optional<std::string> from = args.Get("from");
    const std::optional<std::string> to = args.Get("to");
    if (!from || !to) throw UsageError("migrate-db needs --from and --to");
    if (*from == *to) throw UsageError("--from and --to name the same database");

    // Both opened as the server opens them: each migrated to this build's schema version.
    std::unique_ptr<store::Engine> source = store::OpenEngine(*from);
    std::unique_ptr<store::Engine> target = store::OpenEngine(*to);
    store::Database& from_db = source->Writer();
    store::Database& to_db = target->Writer();

    store::CopyOptions options;
    options.sessions = args.Has("sessions");
    options.copied = PrintTable;
    std::printf("copying %s to %s\n", from_db.Path().c_str(), to_db.Path().c_str());
    const auto started = std::chrono::steady_clock::now();
    std::vector<store::TableCopied> report;
    try {
        report = store::CopyDatabase(from_db, to_db, options);
    } catch (const store::CopyRefused& e) {
        std::fprintf(stderr, "tandem: %s\n", e.what());
        return 2;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    long long rows = 0;
    std::size_t bad = 0;
    for (const store::TableCopied& t : report) {
        if (t.skipped.empty()) rows += t.target.rows;
        if (!t.Verified()) ++bad;
    }
    if (bad > 0) {
        std::fprintf(stderr, "tandem: %zu of %zu tables differ after the copy; nothing was committed to %s\n", bad,
                     report.size(), to_db.Path().c_str());
        return 1;
    }
    std::printf("copied %zu tables, %lld rows in %.1f s; every table verified\n", report.size(), rows, seconds);
    return 0;
}

}  // namespace tandem::cli
