// `tandem serve`: opens the database, seeds it if new, serves the API and the web client until
// SIGINT/SIGTERM.
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <pthread.h>
#include <thread>
#include <unistd.h>

#include "auth/secrets.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "http/context.h"
#include "http/server.h"
#include "log.h"
#include "service/seed.h"
#include "store/store.h"

namespace tandem::cli {

namespace {

constexpr OptionSpec kOptions[] = {
    {"port", "PORT", "TCP port to listen on (default 8080; 0 picks a free one)"},
    {"host", "ADDRESS", "address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)"},
    {"db", "FILE", "SQLite database file, created if missing (default data/tandem.db)"},
    {"web", "DIR", "folder of the built web client (default: web/ beside the binary)"},
    {"threads", "N", "HTTP worker threads (default 16)"},
    {"demo", "", "fill a new database with the demo company instead of an empty one"},
    {"leads", "N", "with --demo: how many leads (default 20000)"},
    {"help", "", "show this help"},
};

std::filesystem::path DefaultWebRoot() {
    std::error_code error;
    std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", error);
    return error ? std::filesystem::path("web") : exe.parent_path() / "web";
}

void Seed(store::Store& store, const Args& args) {
    Timestamp now = http::Now();
    if (args.Has("demo")) {
        demo::DemoOptions options;
        options.leads = args.GetInt("leads", 20000, 0, 10'000'000);
        options.now = now;
        auto started = std::chrono::steady_clock::now();
        if (service::SeedDemo(store, options)) {
            double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            char elapsed[32];
            std::snprintf(elapsed, sizeof elapsed, "%.1f", seconds);
            LogLine("demo data loaded: " + std::to_string(options.leads) + " leads in " + elapsed +
                    " s; sign in as maya@tandem.test (and sam@, mark@, rita@, raj@, admin@) with the password " +
                    demo::kDemoPassword);
        } else {
            LogLine("--demo: the database already has data; keeping it");
        }
        return;
    }
    if (args.Has("leads")) throw UsageError("--leads only applies with --demo");
    if (std::optional<std::string> password = service::SeedFirstStart(store, now)) {
        LogLine("new database: sign in as admin@tandem.local with the one-time password " + *password +
                " and change it (it is not shown again)");
    }
}

}  // namespace

int RunServe(std::span<char* const> argv) {
    Args args(kOptions, argv);
    if (args.Has("help")) {
        std::printf("usage: tandem serve [options]\n\n%s", FormatOptions(kOptions).c_str());
        return 0;
    }
    if (!args.Positionals().empty()) throw UsageError("serve takes no arguments, got '" + args.Positionals()[0] + "'");
    http::ServerOptions options;
    options.port = static_cast<int>(args.GetInt("port", 8080, 0, 65535));
    options.host = args.Get("host", "127.0.0.1");
    options.threads = static_cast<int>(args.GetInt("threads", 16, 1, 1024));
    options.web_root = args.Has("web") ? std::filesystem::path(*args.Get("web")) : DefaultWebRoot();
    std::string db_path = args.Get("db", "data/tandem.db");
    args.GetInt("leads", 20000, 0, 10'000'000);   // validated before anything is touched

    // Signals are taken by one thread with sigwait, so the handler can stop the server safely.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    auth::InitSecrets();
    store::Store store(db_path);
    Seed(store, args);
    http::Server server(options, store);
    int port = server.Bind();
    std::int64_t schema = store.Read([](store::Database& db) { return db.SchemaVersion(); });
    LogLine("tandem " TANDEM_VERSION " listening on http://" + options.host + ":" + std::to_string(port) +
            " (database " + db_path + ", schema v" + std::to_string(schema) + ")");

    std::thread signal_thread([&server, signals] {
        int signal = 0;
        sigwait(&signals, &signal);
        LogLine(std::string("received ") + (signal == SIGINT ? "SIGINT" : "SIGTERM") + ", shutting down");
        server.Stop();
    });
    server.Run();
    // Run() also returns if listening fails; wake the signal thread so it can be joined.
    pthread_kill(signal_thread.native_handle(), SIGTERM);
    signal_thread.join();
    LogLine("stopped");
    return 0;
}

}  // namespace tandem::cli
