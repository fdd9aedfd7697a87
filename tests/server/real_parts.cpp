// Test certificates from the openssl command line, nginx and PostgreSQL started from Debian's packages.
#include "real_parts.h"
#include "server_process.h"
#include "store/postgres/pg_migrations.h"

#include <algorithm>
#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <libpq-fe.h>
#include <map>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <pwd.h>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace tandem::test {

namespace {

void Run(const std::string& command) {
    if (std::system((command + " >/dev/null 2>&1").c_str()) != 0) throw std::runtime_error("failed: " + command);
}

std::string Quote(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

void Replace(std::string& text, const std::string& from, const std::string& to) {
    std::size_t at = text.find(from);
    if (at == std::string::npos) throw std::runtime_error("docs/operations.md's nginx example no longer has: " + from);
    text.replace(at, from.size(), to);
}

// The fenced nginx block between the example markers of docs/operations.md.
std::string DocumentedNginx() {
    std::string doc = ReadFile(std::filesystem::path(TANDEM_SOURCE_DIR) / "docs" / "operations.md");
    std::size_t start = doc.find("```nginx\n");
    if (start == std::string::npos) throw std::runtime_error("docs/operations.md has no ```nginx block");
    start += 9;
    return doc.substr(start, doc.find("```", start) - start);
}

bool Accepts(int port) {
    int sock = ConnectLoopback(port);
    if (sock >= 0) close(sock);
    return sock >= 0;
}

// The bin folder of the newest PostgreSQL Debian installed, /usr/lib/postgresql/<major>/bin.
std::filesystem::path PostgresBin() {
    std::filesystem::path newest;
    int newest_major = 0;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", error)) {
        int major = std::atoi(entry.path().filename().c_str());
        if (major > newest_major && std::filesystem::exists(entry.path() / "bin" / "initdb")) {
            newest_major = major;
            newest = entry.path() / "bin";
        }
    }
    if (newest.empty()) throw std::runtime_error("no PostgreSQL in /usr/lib/postgresql: run scripts/setup.sh");
    return newest;
}

// pg_ctl exits once the server it started is up, orphaning it. While one of these lives, this
// process adopts such orphans (it is their subreaper), so that the cluster can reap its server
// when it stops it instead of leaving a zombie to init.
struct AdoptOrphans {
    AdoptOrphans() { prctl(PR_SET_CHILD_SUBREAPER, 1); }
    ~AdoptOrphans() { prctl(PR_SET_CHILD_SUBREAPER, 0); }
    AdoptOrphans(const AdoptOrphans&) = delete;
    AdoptOrphans& operator=(const AdoptOrphans&) = delete;
};

// Runs `args` to completion in `dir`, as the `postgres` system user when we are root, appending
// its output to `log`; throws with that log if it fails.
void RunAsPostgres(std::vector<std::string> args, const std::filesystem::path& dir, const std::filesystem::path& log) {
    std::string program = std::filesystem::path(args[0]).filename();
    if (getuid() == 0)
        args.insert(args.begin(), {"/usr/bin/setpriv", "--reuid=postgres", "--regid=postgres", "--clear-groups", "--"});
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    pid_t pid = fork();
    if (pid == 0) {
        int out = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        dup2(out, STDOUT_FILENO);
        dup2(out, STDERR_FILENO);
        // The server pg_ctl starts outlives this command: it must not hold the test's pipes and sockets.
        close_range(3, ~0U, 0);
        if (chdir(dir.c_str()) != 0) _exit(126);
        execv(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error(program + " failed:\n" + ReadFile(log));
}

}  // namespace

NodeScript::NodeScript(const std::string& script, const std::vector<std::string>& args) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    std::string path = std::string(TANDEM_SOURCE_DIR) + "/tests/support/" + script;
    std::vector<std::string> words = {"node", path};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);
    m_pid = fork();
    if (m_pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        execvp("node", argv.data());
        _exit(127);
    }
    close(out[1]);
    char c;
    while (read(out[0], &c, 1) == 1 && c != '\n') m_line += c;
    close(out[0]);
    if (m_line.empty()) throw std::runtime_error("node " + script + " did not start");
}

NodeScript::~NodeScript() {
    kill(m_pid, SIGTERM);
    waitpid(m_pid, nullptr, 0);
}

bool WaitUntil(const std::function<bool()>& done, std::chrono::seconds guard) {
    auto until = std::chrono::steady_clock::now() + guard;
    while (std::chrono::steady_clock::now() < until) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return done();
}

TestCertificates::TestCertificates(const std::filesystem::path& dir)
    : ca(dir / "ca.pem"), cert(dir / "server.pem"), key(dir / "server.key") {
    std::filesystem::path ca_key = dir / "ca.key", request = dir / "server.csr", names = dir / "names.ext";
    std::ofstream(names) << "subjectAltName=DNS:localhost,IP:127.0.0.1\n";
    Run("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=Tandem Test CA' -keyout " + Quote(ca_key) +
        " -out " + Quote(ca));
    Run("openssl req -newkey rsa:2048 -nodes -subj '/CN=localhost' -keyout " + Quote(key) + " -out " + Quote(request));
    Run("openssl x509 -req -days 2 -in " + Quote(request) + " -CA " + Quote(ca) + " -CAkey " + Quote(ca_key) +
        " -CAcreateserial -extfile " + Quote(names) + " -out " + Quote(cert));
}

int FreePort() {
    int sock = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (bind(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        getsockname(sock, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        close(sock);
        throw std::runtime_error("no free port");
    }
    close(sock);
    return ntohs(address.sin_port);
}

std::string NginxConfig(const std::filesystem::path& dir, int port, int upstream_port, const TestCertificates* certificates,
                        const std::string& source_address) {
    std::string site = DocumentedNginx();
    // Only the HTTPS server block (the second server block redirects port 80).
    site = site.substr(0, site.rfind("server {"));
    std::string listen = "127.0.0.1:" + std::to_string(port);
    Replace(site, "    listen 443 ssl http2;\n", "    listen " + listen + (certificates ? " ssl;\n" : ";\n"));
    Replace(site, "    listen [::]:443 ssl http2;\n", "");
    Replace(site, "/etc/letsencrypt/live/tandem.example.com/fullchain.pem",
            certificates ? certificates->cert.string() : std::string());
    Replace(site, "/etc/letsencrypt/live/tandem.example.com/privkey.pem", certificates ? certificates->key.string() : std::string());
    if (!certificates) {
        Replace(site, "    ssl_certificate     ;\n", "");
        Replace(site, "    ssl_certificate_key ;\n", "");
    }
    Replace(site, "server 127.0.0.1:8080;", "server 127.0.0.1:" + std::to_string(upstream_port) + ";");
    Replace(site, "        proxy_pass http://tandem;\n", "        proxy_pass http://tandem;\n        proxy_bind " + source_address + ";\n");

    std::string d = dir.string();
    std::string config = getuid() == 0 ? "user root;\n" : "";
    config += "worker_processes 1;\npid " + d + "/nginx.pid;\nerror_log " + d + "/error.log info;\nevents {}\nhttp {\n";
    config += "    access_log " + d + "/access.log;\n";
    for (const char* temp : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"})
        config += "    " + std::string(temp) + "_temp_path " + d + "/" + temp + ";\n";
    return config + site + "}\n";
}

NginxProxy::NginxProxy(const std::filesystem::path& dir, int upstream_port, const TestCertificates* certificates,
                       const std::string& source_address)
    : m_dir(dir), m_port(FreePort()) {
    std::filesystem::create_directories(dir);
    std::filesystem::path config = dir / "nginx.conf";
    std::ofstream(config) << NginxConfig(dir, m_port, upstream_port, certificates, source_address);
    m_pid = fork();
    if (m_pid == 0) {
        std::string prefix = dir.string() + "/", conf = config.string(), log = (dir / "error.log").string();
        execl("/usr/sbin/nginx", "nginx", "-p", prefix.c_str(), "-c", conf.c_str(), "-e", log.c_str(), "-g", "daemon off;",
              static_cast<char*>(nullptr));
        _exit(127);
    }
    // Up when it accepts; an nginx that exits has failed (the error log says why).
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!Accepts(m_port)) {
        int status = 0;
        if (waitpid(m_pid, &status, WNOHANG) == m_pid || std::chrono::steady_clock::now() > deadline) {
            m_pid = -1;
            throw std::runtime_error("nginx did not start:\n" + ErrorLog());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

NginxProxy::~NginxProxy() {
    if (m_pid <= 0) return;
    kill(m_pid, SIGTERM);   // stops at once, workers included (open event streams would hold a graceful stop)
    int status = 0;
    waitpid(m_pid, &status, 0);
}

std::string NginxProxy::ErrorLog() const { return ReadFile(m_dir / "error.log"); }

PostgresCluster::PostgresCluster() : m_bin(PostgresBin()) {
    std::string name = (std::filesystem::temp_directory_path() / "tandem-pg-XXXXXX").string();
    if (!mkdtemp(name.data())) throw std::runtime_error("mkdtemp failed");
    m_dir = name;
    try {
        if (getuid() == 0) {
            const passwd* postgres = getpwnam("postgres");
            if (!postgres) throw std::runtime_error("no postgres user: run scripts/setup.sh");
            if (chown(m_dir.c_str(), postgres->pw_uid, postgres->pw_gid) != 0) throw std::runtime_error("chown failed");
        }
        std::filesystem::path data = m_dir / "data", log = m_dir / "commands.log";
        RunAsPostgres({(m_bin / "initdb").string(), "--pgdata=" + data.string(), "--auth=trust", "--username=tandem",
                       "--locale=C.UTF-8", "--encoding=UTF8", "--no-sync"},
                      m_dir, log);
        m_port = FreePort();
        StartServer();
    } catch (...) {
        Stop();
        throw;
    }
}

PostgresCluster::~PostgresCluster() { Stop(); }

void PostgresCluster::StartServer() {
    std::filesystem::path data = m_dir / "data";
    std::string options = "-p " + std::to_string(m_port) + " -k " + m_dir.string() +
                          " -c listen_addresses=127.0.0.1 -c fsync=off";
    AdoptOrphans adopt;
    RunAsPostgres({(m_bin / "pg_ctl").string(), "start", "--pgdata=" + data.string(), "--log=" + (m_dir / "server.log").string(),
                   "--wait", "--timeout=120", "--options=" + options},
                  m_dir, m_dir / "commands.log");
    // postmaster.pid's first line; pg_ctl --wait returns once the server accepts connections.
    std::ifstream(data / "postmaster.pid") >> m_postmaster;
    if (PQping(Url("postgres").c_str()) != PQPING_OK) throw std::runtime_error("PostgreSQL does not answer:\n" + Log());
}

void PostgresCluster::Stop() {
    StopServer();
    std::error_code ignored;
    std::filesystem::remove_all(m_dir, ignored);
}

void PostgresCluster::StopServer() {
    std::filesystem::path data = m_dir / "data";
    if (std::filesystem::exists(data / "postmaster.pid")) {
        try {
            RunAsPostgres({(m_bin / "pg_ctl").string(), "stop", "--pgdata=" + data.string(), "--mode=fast", "--wait",
                           "--timeout=60"},
                          m_dir, m_dir / "commands.log");
        } catch (const std::exception&) {
            // Stopped below.
        }
    }
    // If pg_ctl could not stop it: SIGQUIT is PostgreSQL's immediate shutdown (children included).
    if (m_postmaster > 0) {
        if (ProcessRuns(m_postmaster)) {
            kill(m_postmaster, SIGQUIT);
            if (!WaitUntil([&] { return !ProcessRuns(m_postmaster); }, std::chrono::seconds(10))) kill(m_postmaster, SIGKILL);
        }
        waitpid(m_postmaster, nullptr, 0);   // adopted when pg_ctl exited
        m_postmaster = -1;
    }
}

std::string PostgresCluster::Url(const std::string& database) const {
    return "postgresql://tandem@127.0.0.1:" + std::to_string(m_port) + "/" + database;
}

std::string PostgresCluster::CreateDatabase(const std::string& name) {
    bool plain = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
    if (!plain) throw std::invalid_argument("database names here are lowercase letters, digits and _: " + name);
    PgQuery(Url("postgres"), "CREATE DATABASE " + name);
    return Url(name);
}

std::string PostgresCluster::Log() const { return ReadFile(m_dir / "commands.log") + ReadFile(m_dir / "server.log"); }

std::vector<std::vector<std::string>> PgQuery(const std::string& url, const std::string& sql) {
    std::unique_ptr<PGconn, decltype(&PQfinish)> connection(PQconnectdb(url.c_str()), &PQfinish);
    if (PQstatus(connection.get()) != CONNECTION_OK)
        throw std::runtime_error("cannot connect to " + url + ": " + PQerrorMessage(connection.get()));
    std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(connection.get(), sql.c_str()), &PQclear);
    ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        throw std::runtime_error(std::string(PQresultErrorMessage(result.get())) + "in: " + sql);
    std::vector<std::vector<std::string>> rows(PQntuples(result.get()));
    for (int row = 0; row < PQntuples(result.get()); ++row)
        for (int column = 0; column < PQnfields(result.get()); ++column)
            rows[row].emplace_back(PQgetvalue(result.get(), row, column));
    return rows;
}

bool ProcessRuns(pid_t pid) {
    // /proc/PID/stat: "PID (COMMAND) STATE ..."; the command may hold spaces and parentheses.
    std::string stat = ReadFile("/proc/" + std::to_string(pid) + "/stat");
    std::size_t end = stat.rfind(')');
    if (end == std::string::npos || end + 2 >= stat.size()) return false;
    char state = stat[end + 2];
    return state != 'Z' && state != 'X';
}

// ---------------------------------------------------------------------------------------------
// The engine under test
// ---------------------------------------------------------------------------------------------

namespace {

constexpr const char* kTemplate = "tandem_template";

PostgresRun* g_run = nullptr;   // main()'s, while it lives
std::mutex g_databases_mutex;
std::map<std::filesystem::path, std::string> g_databases;   // test folder -> its database's URL

}  // namespace

bool OnPostgres() {
    static const bool postgres = [] {
        const char* engine = std::getenv("TANDEM_TEST_ENGINE");
        return engine && std::string_view(engine) == "postgresql";
    }();
    return postgres;
}

PostgresRun::PostgresRun() {
    // The server's own migration runner makes the template, exactly as it migrates a new database.
    std::string url = m_cluster.CreateDatabase(kTemplate);
    CommandResult migrated = RunTandem({"export", "leads", "--db", url});
    if (migrated.exit_code != 0) throw std::runtime_error("cannot migrate the template database:\n" + migrated.output);
    m_worker = std::thread([this] { Work(); });
    g_run = this;
}

PostgresRun::~PostgresRun() {
    g_run = nullptr;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    m_worker.join();
}

std::string PostgresRun::Copy() {
    std::string name;
    {
        std::lock_guard lock(m_mutex);
        name = "test_" + std::to_string(++m_copies);
    }
    PgQuery(m_cluster.Url("postgres"), "CREATE DATABASE " + name + " TEMPLATE " + kTemplate);
    return m_cluster.Url(name);
}

void PostgresRun::Work() {
    constexpr std::size_t kReady = 2;
    std::unique_lock lock(m_mutex);
    while (true) {
        m_changed.wait(lock, [&] { return m_stopping || !m_done.empty() || m_ready.size() < kReady; });
        if (m_stopping) return;
        std::vector<std::string> done = std::move(m_done);
        m_done.clear();
        lock.unlock();
        for (const std::string& url : done) {
            try {
                // FORCE: a server the test killed may have left connections PostgreSQL has not yet reaped.
                std::string name = url.substr(url.rfind('/') + 1);
                PgQuery(m_cluster.Url("postgres"), "DROP DATABASE " + name + " WITH (FORCE)");
            } catch (const std::exception&) {
                // Left for the cluster's removal at the end of the run.
            }
        }
        std::string copy;
        try {
            copy = Copy();
        } catch (const std::exception&) {
            // Take() makes its own and reports what fails.
        }
        lock.lock();
        if (!copy.empty()) m_ready.push_back(copy);
        if (copy.empty() && done.empty()) return;
    }
}

std::string PostgresRun::Take() {
    std::string url;
    {
        std::lock_guard lock(m_mutex);
        if (!m_ready.empty()) {
            url = m_ready.front();
            m_ready.pop_front();
        }
    }
    m_changed.notify_all();
    if (url.empty()) url = Copy();
    // What the migrations made for one installation, made again for this one.
    PgQuery(url, "UPDATE settings SET value = replace(gen_random_uuid()::text, '-', '') WHERE key = 'installation_id';"
                 "UPDATE settings SET value = " + std::string(store::postgres::kPgNowUtcText) + " WHERE key = 'created_at'");
    return url;
}

void PostgresRun::Release(const std::string& url) {
    {
        std::lock_guard lock(m_mutex);
        m_done.push_back(url);
    }
    m_changed.notify_all();
}

std::string DatabaseFor(const std::filesystem::path& dir) {
    if (!OnPostgres()) return (dir / "tandem.db").string();
    if (!g_run) throw std::logic_error("TANDEM_TEST_ENGINE=postgresql but main() started no PostgresRun");
    std::lock_guard lock(g_databases_mutex);
    auto found = g_databases.find(dir);
    if (found == g_databases.end()) found = g_databases.emplace(dir, g_run->Take()).first;
    return found->second;
}

void ReleaseDatabaseFor(const std::filesystem::path& dir) {
    std::lock_guard lock(g_databases_mutex);
    auto found = g_databases.find(dir);
    if (found == g_databases.end()) return;
    if (g_run) g_run->Release(found->second);
    g_databases.erase(found);
}

bool SkipUnlessSqlite(const std::string& why) {
    if (!OnPostgres()) return false;
    static std::mutex mutex;
    static std::map<std::string, int> skipped;   // each reason printed once, with how many tests it skips
    std::lock_guard lock(mutex);
    if (skipped[why]++ == 0) std::printf("[skipped on PostgreSQL] %s\n", why.c_str());
    return true;
}


}  // namespace tandem::test
