// `tandem import`, `tandem export`, `tandem demo`, `tandem backup`: work on the database file
// directly, on the server's machine; safe while the server runs (SQLite locking, online backup).
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <unistd.h>

#include "auth/secrets.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/import_events.h"
#include "cli/remote.h"
#include "http/context.h"
#include "service/import.h"
#include "service/qualifier.h"
#include "service/seed.h"
#include "store/engine.h"
#include "store/import_repo.h"
#include "store/lead_repo.h"
#include "store/sqlite/backup.h"
#include "store/store.h"
#include "tandem/codec.h"
#include "tandem/csv.h"
#include "tandem/route.h"

namespace tandem::cli {

namespace {

constexpr OptionSpec kImportOwnOptions[] = {
    {"db", "FILE", "database file (default data/tandem.db); not with --server", "TANDEM_DB"},
    {"strict", "", "import nothing if any row is bad (the file is checked first)"},
    {"dry-run", "", "check every row against the database and report; write nothing"},
    {"mode", "MODE", "insert (default: a row of a lead we have is refused) or upsert (it updates the lead)"},
    {"crm", "NAME", "the CRM whose record ids the file has (default: from the header)"},
    {"encoding", "NAME", "utf-8, utf-16le, utf-16be or windows-1252 (default: detected)"},
    {"delimiter", "NAME", "comma, semicolon, tab or pipe (default: detected from the header)"},
    {"date-order", "ORDER", "dmy, mdy or ymd for dates like 05/03/2024 (default: from the file, else mdy)"},
    {"timezone", "ZONE", "IANA time zone of times without an offset, e.g. Europe/Paris (default UTC)"},
    {"stage-map", "MAP", "CRM status to stage, e.g. 'Closed - Converted=won,Working=sql'"},
    {"help", "", "show this help"},
};
// With --server the file goes through the server (as the user signed in there); without, straight
// into the database file, in batches the server's own writes fit between.
constexpr auto kImportOptions = WithRemoteOptions(kImportOwnOptions);
constexpr std::string_view kImportChoices[] = {"mode", "crm", "encoding", "delimiter", "date-order", "timezone", "stage-map"};

constexpr OptionSpec kExportOptions[] = {
    {"db", "FILE", "database file (default data/tandem.db)", "TANDEM_DB"},
    {"excel", "", "start with a UTF-8 byte order mark, so that Excel reads accents right"},
    {"help", "", "show this help"},
};

constexpr OptionSpec kDemoOptions[] = {
    {"db", "FILE", "database file to fill; must have no users yet (default data/tandem.db)", "TANDEM_DB"},
    {"leads", "N", "how many leads (default 20000)"},
    {"seed", "N", "random seed (default 2026)"},
    {"help", "", "show this help"},
};

constexpr OptionSpec kBackupOptions[] = {
    {"db", "FILE", "database file (default data/tandem.db)", "TANDEM_DB"},
    {"force", "", "overwrite FILE if it exists"},
    {"help", "", "show this help"},
};

bool Help(const Args& args, const char* usage, std::span<const OptionSpec> options) {
    if (!args.Has("help")) return false;
    std::printf("usage: %s\n\n%s", usage, FormatOptions(options).c_str());
    return true;
}

// SQLite writes a backup only to a path: it goes to a private temporary folder ($TMPDIR), which
// is removed before the copy to standard output, so nothing is left behind even if that stops.
void BackupToStandardOutput(store::Store& store) {
    struct Folder {
        std::string path;
        ~Folder() {
            std::error_code ignored;
            std::filesystem::remove_all(path, ignored);
        }
    };
    std::string name = (std::filesystem::temp_directory_path() / "tandem-backup-XXXXXX").string();
    if (!mkdtemp(name.data()))
        throw std::runtime_error("cannot make a temporary folder in $TMPDIR: " + std::string(std::strerror(errno)));
    int fd = -1;
    {
        Folder folder{name};
        std::string path = folder.path + "/backup.db";
        store.Read([&](store::Database& db) { store::BackupTo(db, path); });
        fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
    }
    char buffer[1 << 16];
    ssize_t n = 0;
    bool written = true;
    while (written && (n = read(fd, buffer, sizeof buffer)) > 0)
        written = std::fwrite(buffer, 1, static_cast<std::size_t>(n), stdout) == static_cast<std::size_t>(n);
    close(fd);
    if (!written || n < 0 || std::fflush(stdout) != 0)
        throw std::runtime_error("writing the backup to standard output failed");
}

// An import report's JSON (ours through service::ToJson, or the server's), read leniently: a
// member a server of another version lacks counts as 0 or "".
std::size_t Count(const nlohmann::json& report, const char* key) { return report.value(key, std::size_t{0}); }
std::string Text(const nlohmann::json& item, const char* key) { return item.value(key, std::string()); }

void PrintRowErrors(const nlohmann::json& report) {
    const nlohmann::json errors = report.value("errors", nlohmann::json::array());
    for (const nlohmann::json& error : errors) {
        std::fprintf(stderr, "row %zu (line %zu): %s: %s\n", Count(error, "row"), Count(error, "line"),
                     Text(error, "field").c_str(), Text(error, "message").c_str());
    }
    if (Count(report, "rejected") > errors.size())
        std::fprintf(stderr, "... and %zu more bad rows\n", Count(report, "rejected") - errors.size());
}

// The report on standard error, one line per fact, so that it can be grepped.
void PrintReport(const nlohmann::json& report) {
    std::fprintf(stderr, "read as %s (%s), %s-separated, dates %s (%s), times in %s\n", Text(report, "encoding").c_str(),
                 Text(report, "encoding_from").c_str(), Text(report, "delimiter").c_str(),
                 Text(report, "date_order").c_str(), Text(report, "date_order_from").c_str(),
                 Text(report, "time_zone").c_str());
    PrintRowErrors(report);
    const nlohmann::json coercions = report.value("coercions", nlohmann::json::array());
    for (const nlohmann::json& c : coercions) {
        std::fprintf(stderr, "row %zu (line %zu): %s: '%s' stored as '%s': %s\n", Count(c, "row"), Count(c, "line"),
                     Text(c, "column").c_str(), Text(c, "original").c_str(), Text(c, "stored").c_str(),
                     Text(c, "why").c_str());
    }
    const nlohmann::json kept = report.value("kept_stages", nlohmann::json::array());
    for (const nlohmann::json& k : kept) {
        std::fprintf(stderr, "row %zu (line %zu): lead %zu stays %s: the file's %s is not after it\n", Count(k, "row"),
                     Count(k, "line"), Count(k, "lead_id"), Text(k, "stage").c_str(), Text(k, "file_stage").c_str());
    }
    if (Count(report, "stages_kept") > kept.size())
        std::fprintf(stderr, "... and %zu more kept stages\n", Count(report, "stages_kept") - kept.size());
    if (Count(report, "coerced") > coercions.size())
        std::fprintf(stderr, "... and %zu more coerced values\n", Count(report, "coerced") - coercions.size());
    std::string ignored;
    for (const nlohmann::json& column : report.value("ignored_columns", nlohmann::json::array()))
        ignored += (ignored.empty() ? "" : ", ") + column.get<std::string>();
    if (!ignored.empty()) std::fprintf(stderr, "ignored columns: %s\n", ignored.c_str());
}

// The last lines on standard output: `what` says how long it took or where it went.
void PrintSummary(const nlohmann::json& report, const std::string& what) {
    const bool dry_run = report.value("dry_run", false);
    std::printf("%s %zu of %zu rows %s; %zu rejected, %zu skipped, %zu values coerced\n",
                dry_run ? "would import" : "imported", Count(report, "imported"), Count(report, "rows"), what.c_str(),
                Count(report, "rejected"), Count(report, "skipped"), Count(report, "coerced"));
    if (Text(report, "mode") == "upsert")
        std::printf("upsert: %zu %supdated, %zu unchanged; %zu kept their stage\n", Count(report, "updated"),
                    dry_run ? "would be " : "", Count(report, "unchanged"), Count(report, "stages_kept"));
}

// A strict import reads its file twice: standard input is kept in a temporary file first.
using File = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

File OpenInput(const std::string& path) {
    if (path != "-") {
        File file(std::fopen(path.c_str(), "rb"), std::fclose);
        if (!file) throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
        return file;
    }
    File spool(std::tmpfile(), std::fclose);
    if (!spool) throw std::runtime_error("cannot make a temporary file in $TMPDIR: " + std::string(std::strerror(errno)));
    char chunk[1 << 16];
    while (std::size_t n = std::fread(chunk, 1, sizeof chunk, stdin)) {
        if (std::fwrite(chunk, 1, n, spool.get()) != n)
            throw std::runtime_error("cannot keep standard input in $TMPDIR: " + std::string(std::strerror(errno)));
    }
    return spool;
}

// A strict import's refusal (the server's report JSON, or ours in the same shape).
void PrintRejected(const nlohmann::json& report) {
    PrintRowErrors(report);
    const std::size_t bad = report.at("rejected").get<std::size_t>();
    const std::size_t rows = report.at("rows").get<std::size_t>();
    if (report.value("dry_run", true) || report.value("batches", 0) == 0) {
        std::fprintf(stderr, "--strict: %zu of %zu rows are bad; nothing was imported\n", bad, rows);
        return;
    }
    // The check passed, then the database changed (someone added one of these leads meanwhile).
    std::fprintf(stderr, "--strict: %zu of %zu rows turned bad after the check; rows 1 to %zu were imported before that\n",
                 bad, rows, report.value("committed_rows", std::size_t{0}));
}

// `tandem import --server URL`: the file goes to POST /api/leads/import, with the same choices.
int ImportThroughServer(const Args& args, std::FILE* file) {
    Remote remote(RemoteOptionsFrom(args));
    std::string query;
    for (std::string_view name : kImportChoices) {
        if (std::optional<std::string> value = args.Get(name)) {
            std::string key(name);
            std::replace(key.begin(), key.end(), '-', '_');
            query += (query.empty() ? "?" : "&") + key + "=" + PercentEncode(*value);
        }
    }
    for (std::string_view flag : {"strict", "dry-run"}) {
        if (!args.Has(flag)) continue;
        std::string key(flag);
        std::replace(key.begin(), key.end(), '-', '_');
        query += (query.empty() ? "?" : "&") + key + "=true";
    }
    Answer answer = remote.Upload("/api/leads/import" + query, file, "text/csv");
    if (answer.status == 422) {
        nlohmann::json body = nlohmann::json::parse(answer.body, nullptr, false);
        if (body.is_object() && body.contains("report")) {
            PrintRejected(body["report"]);
            return kExitRefused;
        }
    }
    nlohmann::json report = remote.Interpret(answer);
    PrintReport(report);
    PrintSummary(report, "through " + remote.Display());
    return Count(report, "rejected") > 0 ? kExitFailed : 0;
}

}  // namespace

int RunImport(std::span<char* const> argv) {
    Args args(kImportOptions, argv);
    if (Help(args, "tandem import FILE.csv [options]  (FILE - reads standard input)", kImportOptions)) return 0;
    if (args.Positionals().size() != 1) throw UsageError("import takes one CSV file");
    const std::string& path = args.Positionals()[0];
    const bool remote = args.Has("server");
    // $TANDEM_DB (the server's own setting) does not stand in the way of --server.
    if (remote && args.Given("db")) throw UsageError("--db and --server: the file goes to one of them");
    service::ImportOptions options;   // checked here too, so that a typo is caught before anything is read
    options.strict = args.Has("strict");
    options.dry_run = args.Has("dry-run");
    for (std::string_view name : kImportChoices) {
        if (std::optional<std::string> value = args.Get(name)) {
            try {
                service::SetImportOption(options, name, *value);
            } catch (const DecodeError& e) {
                throw UsageError("--" + e.Field() + ": " + e.Problem());
            }
        }
    }
    File file = OpenInput(path);
    if (remote) return RunRemoteCommand([&] { return ImportThroughServer(args, file.get()); });

    store::Store store(args.Get("db", "data/tandem.db"));
    service::Qualifier qualifier;
    store.Read([&](store::Database& db) {
        qualifier.Load(db);
        for (const store::ImportRun& run : store::UnfinishedImportRuns(db)) {
            std::fprintf(stderr,
                         "note: import %lld of %s (started %s) has not finished: rows 1 to %zu (to line %zu) are in; "
                         "if it was stopped, import that file again with --mode upsert\n",
                         static_cast<long long>(run.id), run.source.c_str(), FormatTimestamp(run.started_at).c_str(),
                         run.rows_committed, run.last_line);
        }
    });
    options.source = path == "-" ? "standard input" : std::filesystem::path(path).filename().string();
    options.now = http::Now();
    options.progress = [](std::size_t rows) { std::fprintf(stderr, "\r%zu rows read", rows); };
    ImportEvents events(store.SharedEvents());
    options.committed = [&events](const service::ImportReport& report) {
        events.Committed(report);
        if (report.batches % 16 == 0 && !report.dry_run)
            std::fprintf(stderr, "\r%zu rows read; rows 1 to %zu are in (import %lld)", report.rows,
                         report.committed_rows, static_cast<long long>(report.import_id));
    };
    auto started = std::chrono::steady_clock::now();
    try {
        service::ImportReport report = service::ImportLeadsFile(store, *qualifier.Current(), options, file.get());
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::fprintf(stderr, "\r");
        const nlohmann::json json = service::ToJson(report);
        PrintReport(json);
        char took[64];
        std::snprintf(took, sizeof took, "in %.1f s (%.0f rows/s)", seconds,
                      seconds > 0 ? static_cast<double>(report.rows) / seconds : 0.0);
        PrintSummary(json, took);
        if (!report.dry_run)
            std::printf("import %lld: %zu batches, the longest held the write lock %.0f ms\n",
                        static_cast<long long>(report.import_id), report.batches, report.longest_batch_ms);
        return report.rejected > 0 ? 1 : 0;
    } catch (const service::ImportRejected& rejected) {
        std::fprintf(stderr, "\r");
        PrintRejected(service::ToJson(rejected.report));
        return 1;
    }
}

int RunExport(std::span<char* const> argv) {
    Args args(kExportOptions, argv);
    if (Help(args, "tandem export leads|history [FILE] [--excel]  (default: standard output)", kExportOptions)) return 0;
    const auto& positionals = args.Positionals();
    if (positionals.empty() || positionals.size() > 2 || (positionals[0] != "leads" && positionals[0] != "history"))
        throw UsageError("export takes 'leads' or 'history' and an optional file");
    std::ofstream file;
    if (positionals.size() == 2) {
        file.open(positionals[1], std::ios::binary);
        if (!file) throw std::runtime_error("cannot write " + positionals[1]);
    }
    std::ostream& out = positionals.size() == 2 ? static_cast<std::ostream&>(file) : std::cout;
    store::Store store(args.Get("db", "data/tandem.db"));
    std::string buffer = args.Has("excel") ? "\xEF\xBB\xBF" : "";
    auto flush = [&](bool force) {
        if (force || buffer.size() > (1 << 20)) {
            out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
            buffer.clear();
        }
    };
    store.Read([&](store::Database& db) {
        if (positionals[0] == "leads") {
            service::ExportLeadsCsv(db, [&](const std::vector<std::string>& record) {
                AppendCsvRow(buffer, record);
                flush(false);
            });
        } else {
            std::vector<std::string> header = {"id", "lead_id", "from", "to", "at", "by", "reason", "note"};
            AppendCsvRow(buffer, header);
            store::ForEachStageChange(db, [&](const StageChange& change) {
                std::vector<std::string> row = {std::to_string(change.id), std::to_string(change.lead_id),
                                                change.from ? std::string(ToString(*change.from)) : "",
                                                std::string(ToString(change.to)), FormatTimestamp(change.at),
                                                change.by_user_id ? std::to_string(*change.by_user_id) : "",
                                                change.reason, change.note};
                AppendCsvRow(buffer, row);
                flush(false);
            });
        }
    });
    flush(true);
    out.flush();
    if (!out) throw std::runtime_error("writing the export failed");
    return 0;
}

int RunDemo(std::span<char* const> argv) {
    Args args(kDemoOptions, argv);
    if (Help(args, "tandem demo [options]", kDemoOptions)) return 0;
    if (!args.Positionals().empty()) throw UsageError("demo takes no arguments");
    demo::DemoOptions options;
    options.leads = args.GetInt("leads", 20000, 0, 10'000'000);
    options.seed = static_cast<std::uint64_t>(args.GetInt("seed", 2026, 0, 1LL << 53));
    options.now = http::Now();
    auth::InitSecrets();
    store::Store store(args.Get("db", "data/tandem.db"));
    auto started = std::chrono::steady_clock::now();
    if (!service::SeedDemo(store, options)) throw std::runtime_error("the database already has users; use a new file");
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("demo data: %lld leads in %.1f s; every demo user's password is %s\n",
                static_cast<long long>(options.leads), seconds, demo::kDemoPassword);
    return 0;
}

int RunBackup(std::span<char* const> argv) {
    Args args(kBackupOptions, argv);
    if (Help(args, "tandem backup FILE [options]  (FILE - writes to standard output)", kBackupOptions)) return 0;
    if (args.Positionals().size() != 1) throw UsageError("backup takes the file to write");
    const std::string database = args.Get("db", "data/tandem.db");
    if (store::IsPostgresTarget(database)) {
        // Operators of PostgreSQL back it up with its tools, which also do it continuously.
        std::fputs("tandem: backup copies SQLite databases; back PostgreSQL up with its own tools "
                   "(pg_dump or pg_basebackup)\n", stderr);
        return 2;
    }
    const std::string& target = args.Positionals()[0];
    std::error_code error;
    if (target != "-" && !args.Has("force") && std::filesystem::exists(std::filesystem::symlink_status(target, error)))
        throw std::runtime_error(target + " exists; add --force to overwrite it");
    if (target == "-" && isatty(STDOUT_FILENO))
        throw std::runtime_error("backup -: standard output is a terminal; redirect it to a file or a pipe");
    store::Store store(database);
    if (target == "-") {
        BackupToStandardOutput(store);
        return 0;
    }
    // One read snapshot: the copy is consistent however much the server writes meanwhile.
    store.Read([&](store::Database& db) { store::BackupTo(db, target); });
    std::printf("backed up %s to %s\n", store.Path().c_str(), target.c_str());
    return 0;
}

}  // namespace tandem::cli
