// `tandem serve`: opens the database, serves the API and the web client until SIGINT/SIGTERM.
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <pthread.h>
#include <thread>
#include <unistd.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "http/server.h"
#include "log.h"
#include "store/database.h"

namespace tandem::cli {

namespace {

constexpr OptionSpec kOptions[] = {
    {"port", "PORT", "TCP port to listen on (default 8080; 0 picks a free one)"},
    {"host", "ADDRESS", "address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)"},
    {"db", "FILE", "SQLite database file, created if missing (default data/tandem.db)"},
    {"web", "DIR", "folder of the built web client (default: web/ beside the binary)"},
    {"threads", "N", "HTTP worker threads (default 16)"},
    {"help", "", "show this help"},
};

std::filesystem::path DefaultWebRoot() {
    std::error_code error;
    std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", error);
    return error ? std::filesystem::path("web") : exe.parent_path() / "web";
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

    // Signals are taken by one thread with sigwait, so the handler can stop the server safely.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    store::Database db = store::Database::Open(db_path);
    http::Server server(options, db);
    int port = server.Bind();
    LogLine("tandem " TANDEM_VERSION " listening on http://" + options.host + ":" + std::to_string(port) +
            " (database " + db_path + ", schema v" + std::to_string(db.SchemaVersion()) + ")");

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
