// `tandem serve`: opens the database, seeds it if new, serves the API and the web client until
// SIGINT/SIGTERM.
#include <condition_variable>
#include <csignal>
#include <mutex>
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
    {"port", "PORT", "TCP port to listen on (default 8080; 0 picks a free one)", "TANDEM_PORT"},
    {"host", "ADDRESS", "address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)", "TANDEM_HOST"},
    {"db", "FILE|URL",
     "SQLite database file, created if missing (default data/tandem.db), or a PostgreSQL database as "
     "postgresql://USER@HOST:PORT/NAME",
     "TANDEM_DB"},
    {"web", "DIR", "folder of the built web client (default: web/ beside the binary)", "TANDEM_WEB"},
    {"threads", "N", "HTTP worker threads kept ready (default 16); more start while connections need them",
     "TANDEM_THREADS"},
    {"thread-idle", "SECONDS", "a worker thread beyond --threads ends after this long idle (default 60)",
     "TANDEM_THREAD_IDLE"},
    {"log-format", "text|json", "one line per request and event: text (default) or one JSON object per line",
     "TANDEM_LOG_FORMAT"},
    {"metrics-listen", "ADDRESS:PORT", "also serve /metrics here without a token (e.g. 127.0.0.1:9464; port 0 picks "
     "one); on the main port it needs an admin's API token", "TANDEM_METRICS_LISTEN"},
    {"tls-cert", "FILE", "serve HTTPS with this PEM certificate chain (with --tls-key)", "TANDEM_TLS_CERT"},
    {"tls-key", "FILE", "the PEM private key of --tls-cert", "TANDEM_TLS_KEY"},
    {"redirect-http", "PORT", "with TLS: also listen on PORT and redirect plain HTTP to HTTPS", "TANDEM_REDIRECT_HTTP"},
    {"trust-proxy", "CIDR,...", "reverse proxies whose Forwarded / X-Forwarded-* headers count (e.g. 127.0.0.1,10.0.0.0/8)",
     "TANDEM_TRUST_PROXY"},
    {"public-url", "URL", "the address users reach, e.g. https://tandem.example.com (links, SSO redirect)",
     "TANDEM_PUBLIC_URL"},
    {"session-idle", "SECONDS", "sign a browser out after this long without a request (default 28800: 8 hours)",
     "TANDEM_SESSION_IDLE"},
    {"password-login", "on|off", "sign-in with a password (default on; off leaves single sign-on only)",
     "TANDEM_PASSWORD_LOGIN"},
    {"oidc-issuer", "URL", "single sign-on: the OpenID Connect issuer, e.g. https://accounts.google.com",
     "TANDEM_OIDC_ISSUER"},
    {"oidc-client-id", "ID", "single sign-on: this application's client id at the provider", "TANDEM_OIDC_CLIENT_ID"},
    {"oidc-client-secret", "SECRET", "single sign-on: its client secret (prefer the environment variable)",
     "TANDEM_OIDC_CLIENT_SECRET"},
    {"oidc-name", "NAME", "single sign-on: the button says \"Sign in with NAME\" (default: the issuer's host)",
     "TANDEM_OIDC_NAME"},
    {"oidc-allowed-domains", "DOMAINS", "single sign-on: create accounts on first sign-in for these email domains",
     "TANDEM_OIDC_ALLOWED_DOMAINS"},
    {"oidc-default-role", "ROLE", "single sign-on: the role of such new accounts (default sales_rep)",
     "TANDEM_OIDC_DEFAULT_ROLE"},
    {"oidc-role-claim", "CLAIM", "single sign-on: an ID token claim naming the user's role, kept in step at each sign-in",
     "TANDEM_OIDC_ROLE_CLAIM"},
    {"oidc-ca-file", "FILE", "single sign-on: trust this CA for the provider (default: the system's)",
     "TANDEM_OIDC_CA_FILE"},
    {"rescore-every", "SECONDS", "re-evaluate every lead's level as engagement decays this often (default 3600; 0: only at start)",
     "TANDEM_RESCORE_EVERY"},
    {"webhook-retry-base-ms", "MS", "the first webhook retry's delay (default 5000); the whole schedule (5 s ... 10 h, "
     "given up after 24 h, endpoint disabled after 5 days) scales with it: for tests", "TANDEM_WEBHOOK_RETRY_BASE_MS"},
    {"smtp-url", "URL", "send email through this server: smtp://USER:PASSWORD@HOST:PORT (STARTTLS when offered) or "
     "smtps://... (TLS from the start)", "TANDEM_SMTP_URL"},
    {"smtp-from", "ADDRESS", "the address Tandem's email comes from (required with --smtp-url)", "TANDEM_SMTP_FROM"},
    {"smtp-ca-file", "FILE", "email: trust this CA for the SMTP server (default: the system's)", "TANDEM_SMTP_CA_FILE"},
    {"mail-retry-base-ms", "MS", "the first email retry's delay (default 60000); the whole schedule (1 min ... 6 h, "
     "given up after 24 h; new SLA breaches looked for every 30 s) scales with it: for tests", "TANDEM_MAIL_RETRY_BASE_MS"},
    {"demo", "", "fill a new database with the demo company instead of an empty one", "TANDEM_DEMO"},
    {"leads", "N", "with --demo: how many leads (default 20000)", "TANDEM_LEADS"},
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

// The URL's scheme, host and any path, without a trailing slash; UsageError if it is not one.
std::string PublicUrl(const Args& args) {
    std::string url = args.Get("public-url", "");
    while (url.ends_with('/')) url.pop_back();
    if (url.empty()) return url;
    if (!(url.starts_with("https://") || url.starts_with("http://")) || url.find_first_of(" ?#\"\\") != std::string::npos)
        throw UsageError("--public-url: expected an http(s) URL such as https://tandem.example.com, got '" + url + "'");
    return url;
}

// Single sign-on from the --oidc-* flags; nothing without an issuer.
std::optional<service::SsoSettings> SsoFrom(const Args& args) {
    std::optional<std::string> issuer = args.Get("oidc-issuer");
    if (!issuer || issuer->empty()) {
        for (const char* flag : {"oidc-client-id", "oidc-client-secret", "oidc-allowed-domains", "oidc-role-claim"})
            if (args.Has(flag)) throw UsageError(std::string("--") + flag + " needs --oidc-issuer");
        return std::nullopt;
    }
    if (!issuer->starts_with("https://") && !issuer->starts_with("http://"))
        throw UsageError("--oidc-issuer: expected the issuer's URL, got '" + *issuer + "'");
    service::SsoSettings sso;
    sso.oidc.issuer = *issuer;
    sso.oidc.client_id = args.Get("oidc-client-id", "");
    sso.oidc.client_secret = args.Get("oidc-client-secret", "");
    sso.oidc.ca_file = args.Get("oidc-ca-file", "");
    if (sso.oidc.client_id.empty()) throw UsageError("--oidc-client-id is required with --oidc-issuer");
    if (sso.oidc.client_secret.empty()) throw UsageError("--oidc-client-secret is required with --oidc-issuer");
    std::string host = issuer->substr(issuer->find("://") + 3);
    sso.display_name = args.Get("oidc-name", host.substr(0, host.find_first_of(":/")));
    try {
        sso.allowed_domains = service::ParseDomains(args.Get("oidc-allowed-domains", ""));
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--oidc-allowed-domains: ") + e.what());
    }
    std::string role = args.Get("oidc-default-role", "sales_rep");
    std::optional<Role> parsed = ParseEnum<Role>(role);
    if (!parsed) throw UsageError("--oidc-default-role: expected one of " + EnumChoices<Role>() + ", got '" + role + "'");
    sso.default_role = *parsed;
    sso.role_claim = args.Get("oidc-role-claim", "");
    return sso;
}

// The settings that decide who may connect and how: TLS, proxies, sign-in.
void ReadSecurity(const Args& args, http::ServerOptions& options) {
    options.tls_cert = args.Get("tls-cert", "");
    options.tls_key = args.Get("tls-key", "");
    if (options.tls_cert.empty() != options.tls_key.empty()) throw UsageError("--tls-cert and --tls-key go together");
    options.redirect_http_port = static_cast<int>(args.GetInt("redirect-http", 0, 1, 65535));
    if (options.redirect_http_port > 0 && options.tls_cert.empty())
        throw UsageError("--redirect-http redirects to HTTPS, which needs --tls-cert and --tls-key");
    try {
        options.site.trusted_proxies = http::AddressSet::Parse(args.Get("trust-proxy", ""));
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--trust-proxy: ") + e.what());
    }
    options.site.public_url = PublicUrl(args);
    options.session_idle_seconds = args.GetInt("session-idle", 8 * 3600, 1, 366 * 24 * 3600);
    std::string password_login = args.Get("password-login", "on");
    if (password_login != "on" && password_login != "off")
        throw UsageError("--password-login: expected on or off, got '" + password_login + "'");
    options.site.password_login = password_login == "on";
    options.sso = SsoFrom(args);
    if (!options.site.password_login && !options.sso)
        throw UsageError("--password-login off needs single sign-on (--oidc-issuer), or nobody could sign in");
}

LogFormat LogFormatFrom(const Args& args) {
    std::string format = args.Get("log-format", "text");
    if (format == "text") return LogFormat::Text;
    if (format == "json") return LogFormat::Json;
    throw UsageError("--log-format: expected text or json, got '" + format + "'");
}

// "ADDRESS:PORT" ("[::1]:9464" for IPv6), or empty.
std::string MetricsListen(const Args& args) {
    std::string listen = args.Get("metrics-listen", "");
    if (listen.empty()) return listen;
    std::size_t colon = listen.rfind(':');
    std::string port = colon == std::string::npos ? "" : listen.substr(colon + 1);
    bool numeric = !port.empty() && port.size() <= 5 && port.find_first_not_of("0123456789") == std::string::npos;
    if (colon == 0 || !numeric || std::stoi(port) > 65535)
        throw UsageError("--metrics-listen: expected ADDRESS:PORT such as 127.0.0.1:9464, got '" + listen + "'");
    return listen;
}

// After SIGTERM, requests still running get this long; then the process ends, and SQLite rolls
// back whatever transaction was left open (a supervisor's stop timeout is usually 10 s or less).
constexpr std::chrono::milliseconds kStopGrace{1500};

}  // namespace

// --smtp-url and --smtp-from, checked; nothing without --smtp-url.
std::optional<mail::SmtpSettings> ReadSmtp(const Args& args) {
    std::optional<std::string> url = args.Get("smtp-url");
    if (!url) {
        for (const char* flag : {"smtp-from", "smtp-ca-file"})
            if (args.Has(flag)) throw UsageError(std::string("--") + flag + " needs --smtp-url");
        return std::nullopt;
    }
    mail::SmtpSettings smtp;
    try {
        smtp = mail::ParseSmtpUrl(*url);
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    smtp.from = args.Get("smtp-from", "");
    if (smtp.from.empty()) throw UsageError("--smtp-from is required with --smtp-url");
    if (smtp.from.find('@') == std::string::npos || smtp.from.find_first_of("<> \r\n") != std::string::npos)
        throw UsageError("--smtp-from: expected an address like tandem@example.com, got '" + smtp.from + "'");
    smtp.ca_file = args.Get("smtp-ca-file", "");
    return smtp;
}

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
    options.thread_idle_seconds = args.GetInt("thread-idle", 60, 1, 24 * 3600);
    options.metrics_listen = MetricsListen(args);
    SetLogFormat(LogFormatFrom(args));
    options.web_root = args.Has("web") ? std::filesystem::path(*args.Get("web")) : DefaultWebRoot();
    ReadSecurity(args, options);
    options.rescore_every_seconds = args.GetInt("rescore-every", 3600, 0, 7 * 24 * 3600);
    options.webhook_retry_base_ms = args.GetInt("webhook-retry-base-ms", 5000, 1, 3'600'000);
    options.smtp = ReadSmtp(args);
    if (options.smtp)
        LogLine("email through " + options.smtp->host + ":" + std::to_string(options.smtp->port) + " from " +
                options.smtp->from + (options.smtp->implicit_tls ? " (TLS)" : " (STARTTLS when offered)"));
    options.mail_retry_base_ms = args.GetInt("mail-retry-base-ms", 60000, 1, 3'600'000);
    std::string db_path = args.Get("db", "data/tandem.db");
    args.GetInt("leads", 20000, 0, 10'000'000);   // validated before anything is touched

    // Signals are taken by one thread with sigwait, so the handler can stop the server safely.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    // The signal thread runs from the start, so a stop during a long migration or demo seeding
    // is honoured too (their single transaction rolls back).
    std::mutex stop_mutex;
    std::condition_variable stopped;
    http::Server* serving = nullptr;
    bool finished = false;
    std::thread signal_thread([&, signals] {
        int signal = 0;
        sigwait(&signals, &signal);
        std::unique_lock lock(stop_mutex);
        if (finished) return;   // woken by RunServe itself once the server has stopped
        LogLine(std::string("received ") + (signal == SIGINT ? "SIGINT" : "SIGTERM") + ", shutting down");
        if (serving) serving->Stop();
        if (!stopped.wait_for(lock, kStopGrace, [&] { return finished; })) {
            LogLine("stopped: requests still running were abandoned; their transactions roll back");
            std::_Exit(serving ? 0 : 1);
        }
    });
    struct JoinSignalThread {
        std::thread& thread;
        std::mutex& mutex;
        std::condition_variable& stopped;
        bool& finished;
        ~JoinSignalThread() {
            {
                std::lock_guard lock(mutex);
                finished = true;
            }
            stopped.notify_all();
            pthread_kill(thread.native_handle(), SIGTERM);   // wakes sigwait if no signal came
            thread.join();
        }
    } join_signal_thread{signal_thread, stop_mutex, stopped, finished};

    auth::InitSecrets();
    store::Store store(db_path);
    Seed(store, args);
    http::Server server(options, store);
    int port = server.Bind();
    std::int64_t schema = store.Read([](store::Database& db) { return db.SchemaVersion(); });
    LogLine("tandem " TANDEM_VERSION " listening on " + std::string(server.Tls() ? "https://" : "http://") + options.host +
            ":" + std::to_string(port) + " (database " + db_path + ", schema v" + std::to_string(schema) + ")");
    if (options.redirect_http_port > 0)
        LogLine("redirecting http://" + options.host + ":" + std::to_string(options.redirect_http_port) + " to HTTPS");

    {
        std::lock_guard lock(stop_mutex);
        serving = &server;
    }
    server.Run();   // returns once stopped, or if listening fails
    {
        std::lock_guard lock(stop_mutex);
        serving = nullptr;
        finished = true;
    }
    stopped.notify_all();
    LogLine("stopped");
    return 0;
}

}  // namespace tandem::cli
