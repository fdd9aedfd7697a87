// Child-process management, the recording API client and the demo-company fixture.
#include "server_process.h"
#include "real_parts.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <arpa/inet.h>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <netinet/in.h>
#include <sys/socket.h>
#include <poll.h>
#include <random>
#include <sqlite3.h>
#include <regex>
#include <set>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace tandem::test {

namespace {

// Starts the binary with its output on *output_fd; with `input_fd`, its standard input reads that.
pid_t Spawn(const std::vector<std::string>& args, int* output_fd, int input_fd = -1) {
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    pid_t pid = fork();
    if (pid == 0) {
        if (input_fd >= 0) dup2(input_fd, STDIN_FILENO);
        dup2(pipe_fds[1], STDOUT_FILENO);
        dup2(pipe_fds[1], STDERR_FILENO);
        std::vector<char*> argv;
        std::string binary = TANDEM_BINARY;
        argv.push_back(binary.data());
        for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
        argv.push_back(nullptr);
        execv(binary.c_str(), argv.data());
        _exit(127);
    }
    close(pipe_fds[1]);
    *output_fd = pipe_fds[0];
    return pid;
}

// Whether `response` holds a whole HTTP response with a Content-Length: a server that keeps the
// connection open (waiting for a body it will never read) need not be waited for.
bool ResponseComplete(const std::string& response) {
    std::size_t end = response.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    static const std::regex kLength(R"(\r\nContent-Length: *([0-9]+)\r\n)", std::regex::icase);
    std::smatch match;
    std::string head = response.substr(0, end + 2);
    if (!std::regex_search(head, match, kLength)) return false;
    return response.size() - (end + 4) >= std::stoul(match[1]);
}

// A thread that appends what a child writes to `log` until the child closes its output.
std::thread Drain(int fd, std::mutex& mutex, std::string& log) {
    return std::thread([fd, &mutex, &log] {
        char buffer[4096];
        ssize_t n;
        while ((n = read(fd, buffer, sizeof buffer)) > 0) {
            std::lock_guard lock(mutex);
            log.append(buffer, static_cast<std::size_t>(n));
        }
    });
}

int ExitCode(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

}  // namespace

TempDir::TempDir() {
    std::random_device random;
    m_path = std::filesystem::temp_directory_path() / ("tandem-test-" + std::to_string(random()));
    std::filesystem::create_directories(m_path);
}

TempDir::~TempDir() {
    ReleaseDatabaseFor(m_path);
    std::error_code error;
    std::filesystem::remove_all(m_path, error);
}

int ConnectLoopback(int port) {
    int sock = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) return sock;
    close(sock);
    return -1;
}

std::string RawExchange(int port, const std::string& request) {
    int sock = ConnectLoopback(port);
    if (sock < 0) throw std::runtime_error("cannot connect to port " + std::to_string(port));
    send(sock, request.data(), request.size(), MSG_NOSIGNAL);
    std::string response;
    char buffer[4096];
    pollfd poll_fd{sock, POLLIN, 0};
    while (!ResponseComplete(response) && poll(&poll_fd, 1, 5000) > 0) {
        ssize_t n = recv(sock, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        response.append(buffer, static_cast<std::size_t>(n));
    }
    close(sock);
    return response;
}

// "2026-11-25T15:55:16Z", `seconds` ago.
std::string IsoAgo(std::int64_t seconds) {
    std::time_t at = std::time(nullptr) - seconds;
    std::tm utc{};
    gmtime_r(&at, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

std::string QueryText(const std::string& database, const std::string& sql) {
    if (database.starts_with("postgresql://")) {
        try {
            std::vector<std::vector<std::string>> rows = PgQuery(database, sql);
            return rows.empty() || rows[0].empty() ? std::string() : rows[0][0];
        } catch (const std::runtime_error& e) {
            return e.what();
        }
    }
    sqlite3* db = nullptr;
    std::string result;
    if (sqlite3_open_v2(database.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        result = sqlite3_errmsg(db);
    } else {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK)
            result = sqlite3_errmsg(db);
        else if (sqlite3_step(statement) == SQLITE_ROW && sqlite3_column_text(statement, 0))
            result = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
        sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return result;
}

void ExecSql(const std::string& database, const std::string& sql) {
    if (database.starts_with("postgresql://")) {
        PgQuery(database, sql);
        return;
    }
    sqlite3* db = nullptr;
    std::string error;
    char* message = nullptr;
    if (sqlite3_open_v2(database.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK)
        error = sqlite3_errmsg(db);
    else if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) error = message ? message : "failed";
    sqlite3_free(message);
    sqlite3_close(db);
    if (!error.empty()) throw std::runtime_error(error + " in: " + sql);
}

std::string DatabaseContents(const std::string& database) {
    std::string contents;
    if (database.starts_with("postgresql://")) {
        for (const auto& table : PgQuery(database, "SELECT table_name FROM information_schema.tables "
                                                   "WHERE table_schema = current_schema()"))
            for (const auto& row : PgQuery(database, "SELECT t::text FROM \"" + table[0] + "\" t")) contents += row[0] + "\n";
        return contents;
    }
    for (const std::string& file : {database, database + "-wal"}) {
        std::ifstream in(file, std::ios::binary);
        contents.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return contents;
}

CommandResult RunTandem(const std::vector<std::string>& args) { return RunTandemWithInput(args, ""); }

CommandResult RunTandemWithInput(const std::vector<std::string>& args, const std::string& input) {
    int input_fds[2];
    if (pipe2(input_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    // Small inputs fit the pipe's buffer, so writing before the child reads cannot block.
    if (write(input_fds[1], input.data(), input.size()) != static_cast<ssize_t>(input.size()))
        throw std::runtime_error("cannot write the command's input");
    close(input_fds[1]);
    int fd = -1;
    pid_t pid = Spawn(args, &fd, input_fds[0]);
    close(input_fds[0]);
    CommandResult result;
    char buffer[4096];
    ssize_t n;
    while ((n = read(fd, buffer, sizeof buffer)) > 0) result.output.append(buffer, static_cast<std::size_t>(n));
    close(fd);
    int status = 0;
    waitpid(pid, &status, 0);
    result.exit_code = ExitCode(status);
    return result;
}

BackgroundTandem::BackgroundTandem(const std::vector<std::string>& args) {
    m_pid = Spawn(args, &m_output);
    m_reader = Drain(m_output, m_mutex, m_log);
}

BackgroundTandem::~BackgroundTandem() { Stop(SIGKILL); }

bool BackgroundTandem::Running() {
    if (m_status) return false;
    int status = 0;
    if (waitpid(m_pid, &status, WNOHANG) != m_pid) return true;
    m_status = status;
    return false;
}

CommandResult BackgroundTandem::Stop(int signal) {
    if (!m_status) {
        if (signal != 0) kill(m_pid, signal);
        int status = 0;
        waitpid(m_pid, &status, 0);
        m_status = status;
    }
    if (m_reader.joinable()) m_reader.join();
    if (m_output >= 0) close(m_output);
    m_output = -1;
    std::lock_guard lock(m_mutex);
    return {ExitCode(*m_status), m_log};
}

ServerProcess::ServerProcess(const std::filesystem::path& dir, std::vector<std::string> extra) {
    std::vector<std::string> args = {"serve", "--port", "0"};
    auto db = std::find(extra.begin(), extra.end(), "--db");
    if (db == extra.end()) {
        m_db = DatabaseFor(dir);
        args.push_back("--db");
        args.push_back(m_db);
    } else if (db + 1 != extra.end()) {
        m_db = *(db + 1);
    }
    args.insert(args.end(), extra.begin(), extra.end());
    m_pid = Spawn(args, &m_output);

    // Read until the listening line (or failure); the reader thread then keeps draining the log.
    static const std::regex kListening(R"(listening on https?://[0-9.]+:([0-9]+))");
    // A guard, not a measure: a large demo takes PostgreSQL a round trip per row to seed.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
    std::string seen;
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd poll_fd{m_output, POLLIN, 0};
        if (poll(&poll_fd, 1, 100) <= 0) continue;
        char buffer[4096];
        ssize_t n = read(m_output, buffer, sizeof buffer);
        if (n <= 0) break;
        seen.append(buffer, static_cast<std::size_t>(n));
        std::smatch match;
        if (std::regex_search(seen, match, kListening)) {
            m_port = std::stoi(match[1]);
            break;
        }
    }
    m_log = seen;
    if (m_port == 0) {
        Stop(SIGKILL);
        throw std::runtime_error("tandem serve did not start:\n" + seen);
    }
    m_reader = Drain(m_output, m_mutex, m_log);
}

ServerProcess::~ServerProcess() {
    if (m_pid > 0) Stop(SIGKILL);
}

std::string ServerProcess::Log() {
    std::lock_guard lock(m_mutex);
    return m_log;
}

bool ServerProcess::WaitForLog(const std::string& pattern) {
    std::regex wanted(pattern);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!std::regex_search(Log(), wanted)) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

int ServerProcess::Stop(int signal) {
    if (m_pid <= 0) return -1;
    kill(m_pid, signal);
    int status = 0;
    waitpid(m_pid, &status, 0);
    m_pid = -1;
    if (m_reader.joinable()) m_reader.join();
    if (m_output >= 0) close(m_output);
    m_output = -1;
    return ExitCode(status);
}

std::string OneTimePassword(const std::string& log) {
    static const std::regex kPassword(R"(one-time password ([a-z0-9-]+))");
    std::smatch match;
    if (!std::regex_search(log, match, kPassword)) throw std::runtime_error("no one-time password in the log:\n" + log);
    return match[1];
}

// ---------------------------------------------------------------------------------------------
// [SECTION] API client and the record of routes called
// ---------------------------------------------------------------------------------------------

namespace {

std::mutex g_calls_mutex;
std::vector<RecordedCall> g_calls;

void Record(const std::string& method, const std::string& target, int status, bool probe) {
    std::lock_guard lock(g_calls_mutex);
    g_calls.push_back({method, target.substr(0, target.find('?')), status, probe});
}

}  // namespace

std::string Reply::Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
}

nlohmann::json Reply::Json() const { return nlohmann::json::parse(body, nullptr, false); }

std::ostream& operator<<(std::ostream& out, const ApiError& error) {
    out << error.status << " " << error.code;
    if (!error.field.empty()) out << " (field " << error.field << ")";
    if (!error.request.empty()) out << " from " << error.request;
    return out;
}

ApiError ErrorOf(const Reply& reply) {
    ApiError error{reply.status, "", "", reply.request};
    nlohmann::json body = reply.Json();
    auto malformed = [&](const std::string& why) {
        error.code = "<" + why + ": " + reply.body.substr(0, 300) + ">";
        return error;
    };
    if (reply.Header("Content-Type") != "application/json") return malformed("not application/json");
    if (!body.is_object() || body.size() != 1 || !body.contains("error") || !body["error"].is_object())
        return malformed("not an error body");
    const nlohmann::json& inner = body["error"];
    if (!inner.contains("code") || !inner["code"].is_string()) return malformed("no error code");
    if (!inner.contains("message") || !inner["message"].is_string() || inner["message"].get<std::string>().empty())
        return malformed("no error message");
    std::size_t expected_members = 2;
    if (inner.contains("field")) {
        if (!inner["field"].is_string() || inner["field"].get<std::string>().empty()) return malformed("bad field");
        error.field = inner["field"];
        ++expected_members;
    }
    if (inner.size() != expected_members) return malformed("unexpected members");
    error.code = inner["code"];
    return error;
}

std::vector<RecordedCall> RecordedCalls() {
    std::lock_guard lock(g_calls_mutex);
    return g_calls;
}

namespace {

struct DocumentedRoute {
    std::string method;
    std::string path;
    std::regex pattern;
    int parameters = 0;
    bool secured = false;
    std::set<std::string> roles;
    bool has_body = false;
    std::set<int> statuses;
    std::set<int> declared;   // the document's responses
};

std::string Upper(std::string text) {
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

std::string Join(const std::set<int>& statuses) {
    std::string out;
    for (int status : statuses) out += (out.empty() ? "" : ", ") + std::to_string(status);
    return out.empty() ? "none" : out;
}

}  // namespace

std::vector<std::string> RouteCoverageProblems(const nlohmann::json& openapi, const std::vector<RecordedCall>& calls) {
    std::vector<std::string> problems;
    std::vector<DocumentedRoute> routes;
    std::set<std::string> all_roles;
    for (const auto& [path, operations] : openapi.at("paths").items()) {
        for (const auto& [method, operation] : operations.items()) {
            DocumentedRoute route;
            route.method = Upper(method);
            route.path = path;
            route.pattern = std::regex("^" + std::regex_replace(path, std::regex(R"(\{\w+\})"), "[^/]+") + "$");
            route.parameters = static_cast<int>(std::count(path.begin(), path.end(), '{'));
            route.secured = operation.contains("security");
            if (operation.contains("x-roles"))
                for (const auto& role : operation["x-roles"]) route.roles.insert(role.get<std::string>());
            all_roles.insert(route.roles.begin(), route.roles.end());
            route.has_body = operation.contains("requestBody");
            for (const auto& [status, response] : operation.at("responses").items()) route.declared.insert(std::stoi(status));
            routes.push_back(std::move(route));
        }
    }
    if (routes.empty()) problems.push_back("the OpenAPI document lists no routes");

    for (const RecordedCall& call : calls) {
        if (call.status == 0) continue;   // no response: the test that made it has failed already
        std::string what = call.method + " " + call.path;
        // Literal segments win over parameters, as in the server (/api/leads/export.csv is not a lead id).
        DocumentedRoute* match = nullptr;
        for (DocumentedRoute& route : routes) {
            if (route.method != call.method || !std::regex_match(call.path, route.pattern)) continue;
            if (!match || route.parameters < match->parameters) match = &route;
        }
        if (call.probe) {
            if (match) problems.push_back("probe " + what + " is the documented route " + match->method + " " + match->path);
            else if (call.status != 404 && call.status != 405)
                problems.push_back("probe " + what + " was answered " + std::to_string(call.status) +
                                   ": the server serves a route the document does not list");
        } else if (!match) {
            problems.push_back("the tests called " + what + " (answered " + std::to_string(call.status) +
                               "), which is not in the OpenAPI document");
        } else {
            match->statuses.insert(call.status);
        }
    }

    for (const DocumentedRoute& route : routes) {
        std::string what = route.method + " " + route.path;
        const std::set<int>& seen = route.statuses;
        auto saw = [&](int status) { return seen.count(status) > 0; };
        if (seen.empty()) {
            problems.push_back(what + " is in the OpenAPI document but no test calls it");
            continue;
        }
        std::string context = " (statuses seen: " + Join(seen) + ")";
        // Success is a 2xx, or the redirect of a route browsers navigate to (single sign-on).
        if (std::none_of(seen.begin(), seen.end(), [](int s) { return s >= 200 && s < 400; }))
            problems.push_back(what + " never succeeded in the tests" + context);
        if (route.secured && !saw(401)) problems.push_back(what + " was never called without credentials (401)" + context);
        if (route.secured && route.roles.size() < all_roles.size() && !saw(403))
            problems.push_back(what + " was never called by a role outside its x-roles (403)" + context);
        if (route.has_body && !saw(415)) problems.push_back(what + " was never sent a wrong content type (415)" + context);
        if (route.has_body && !saw(400) && !saw(422))
            problems.push_back(what + " was never sent bad input (400 or 422)" + context);
        // The document must promise every status a client can meet (5xx aside: any route may fail).
        for (int status : seen)
            if (status < 500 && !route.declared.count(status))
                problems.push_back(what + " answered " + std::to_string(status) + ", which its responses do not declare");
    }
    return problems;
}

ApiClient ApiClient::WithCookie(const std::string& cookie) const { return WithHeader("Cookie", cookie); }

ApiClient ApiClient::WithBearer(const std::string& secret) const { return WithHeader("Authorization", "Bearer " + secret); }

ApiClient ApiClient::WithHeader(const std::string& name, const std::string& value) const {
    ApiClient copy = *this;
    copy.m_headers.erase(name);
    copy.m_headers.emplace(name, value);
    return copy;
}

Reply ApiClient::Get(const std::string& target, const httplib::Headers& headers) const {
    return Exchange("GET", target, {}, {}, headers, false);
}

Reply ApiClient::Delete(const std::string& target, const httplib::Headers& headers) const {
    return Exchange("DELETE", target, {}, {}, headers, false);
}

Reply ApiClient::Post(const std::string& target, const nlohmann::json& body, const httplib::Headers& headers) const {
    return Exchange("POST", target, body.dump(), "application/json", headers, false);
}

Reply ApiClient::Put(const std::string& target, const nlohmann::json& body, const httplib::Headers& headers) const {
    return Exchange("PUT", target, body.dump(), "application/json", headers, false);
}

Reply ApiClient::Patch(const std::string& target, const nlohmann::json& body, const httplib::Headers& headers) const {
    return Exchange("PATCH", target, body.dump(), "application/json", headers, false);
}

Reply ApiClient::Send(const std::string& method, const std::string& target, const std::string& body,
                      const std::string& content_type, const httplib::Headers& headers) const {
    return Exchange(method, target, body, content_type, headers, false);
}

Reply ApiClient::Probe(const std::string& method, const std::string& target, const std::string& body,
                       const std::string& content_type) const {
    return Exchange(method, target, body, content_type, {}, true);
}

std::string ApiClient::Raw(const std::string& request) const {
    std::string response = RawExchange(m_port, request);
    // "POST /api/leads HTTP/1.1" and "HTTP/1.1 413 Payload Too Large".
    std::size_t method_end = request.find(' ');
    std::size_t target_end = request.find(' ', method_end + 1);
    int status = 0;
    if (response.starts_with("HTTP/1.1 ") && response.size() >= 12) status = std::atoi(response.substr(9, 3).c_str());
    Record(request.substr(0, method_end), request.substr(method_end + 1, target_end - method_end - 1), status, false);
    return response;
}

Reply ApiClient::Stream(const std::string& target, const std::function<bool(const std::string&)>& more,
                        const httplib::Headers& headers, int timeout_seconds) const {
    httplib::Client client("127.0.0.1", m_port);
    client.set_url_encode(false);
    client.set_read_timeout(timeout_seconds);
    httplib::Request request;
    request.method = "GET";
    request.path = target;
    request.headers = m_headers;
    for (const auto& [name, value] : headers) {
        request.headers.erase(name);
        request.headers.emplace(name, value);
    }
    Reply reply;
    reply.request = "GET " + target;
    request.response_handler = [&](const httplib::Response& response) {
        reply.status = response.status;
        reply.headers = response.headers;
        return true;
    };
    request.content_receiver = [&](const char* data, std::size_t length, std::uint64_t, std::uint64_t) {
        reply.body.append(data, length);
        return more(reply.body);
    };
    httplib::Response response;
    httplib::Error error = httplib::Error::Success;
    client.send(request, response, error);   // false when `more` hangs up, which is the normal end
    Record("GET", target, reply.status, false);
    return reply;
}

Reply ApiClient::Exchange(const std::string& method, const std::string& target, const std::string& body,
                          const std::string& content_type, const httplib::Headers& headers, bool probe) const {
    httplib::Client client("127.0.0.1", m_port);
    client.set_url_encode(false);   // targets are encoded by the tests (UrlEncode), exactly as meant
    client.set_read_timeout(30);
    httplib::Request request;
    request.method = method;
    request.path = target;
    request.headers = m_headers;
    for (const auto& [name, value] : headers) {
        request.headers.erase(name);
        request.headers.emplace(name, value);
    }
    if (!content_type.empty()) request.headers.emplace("Content-Type", content_type);
    request.body = body;
    Reply reply;
    reply.request = method + " " + target;
    if (httplib::Result result = client.send(request)) {
        reply.status = result->status;
        reply.body = result->body;
        reply.headers = result->headers;
    }
    Record(method, target, reply.status, probe);
    return reply;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] The demo company, signed in
// ---------------------------------------------------------------------------------------------

namespace {

std::vector<std::string> DemoArguments(int leads, std::vector<std::string> extra) {
    std::vector<std::string> args = {"--demo", "--leads", std::to_string(leads)};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

}  // namespace

DemoServer::DemoServer(int leads, std::vector<std::string> extra) : m_server(m_dir.Path(), DemoArguments(leads, std::move(extra))) {}

const DemoServer::Session& DemoServer::SessionOf(const std::string& who) {
    auto it = m_sessions.find(who);
    if (it != m_sessions.end()) return it->second;
    ApiClient anonymous = Anonymous();
    Session session;
    session.cookie = SignIn(anonymous, who + "@tandem.test", kDemoPassword);
    if (session.cookie.empty()) throw std::runtime_error("the demo user " + who + " cannot sign in");
    Reply me = anonymous.WithCookie(session.cookie).Get("/api/auth/me");
    session.id = me.Json().at("id").get<std::int64_t>();
    return m_sessions.emplace(who, session).first->second;
}

ApiClient DemoServer::As(const std::string& who) { return Anonymous().WithCookie(SessionOf(who).cookie); }

std::int64_t DemoServer::IdOf(const std::string& who) { return SessionOf(who).id; }

std::string DemoServer::UserWithRole(const std::string& role) {
    static const std::map<std::string, std::string> kUsers = {
        {"admin", "admin"}, {"marketing_leader", "maya"}, {"sales_leader", "sam"}, {"marketer", "mark"}, {"sales_rep", "rita"}};
    auto it = kUsers.find(role);
    if (it == kUsers.end()) throw std::runtime_error("no demo user has the role " + role);
    return it->second;
}

std::int64_t DemoServer::HandOverTo(const std::string& rep) {
    nlohmann::json facts = {{"email", "handed-" + std::to_string(++m_handovers) + "@handover.test"}, {"name", "Handed Over"},
                            {"industry", "software"}, {"company_size", 200}, {"title", "CTO"},
                            {"authority", "decision_maker"}, {"country", "US"}, {"demo_requested", true}, {"need", "yes"},
                            {"budget_usd", 20000}, {"timeline_months", 3}, {"phone", "+1 555 0100"},
                            {"owner_id", IdOf(rep)}};
    Reply created = As("sam").Post("/api/leads", facts);
    if (created.status != 201 || created.Json()["stage"] != "sales_ready")
        throw std::runtime_error("handing a lead to " + rep + " failed: " + created.body);
    return created.Json()["id"].get<std::int64_t>();
}

std::string DemoServer::Snapshot() {
    ApiClient admin = As("admin");
    std::string snapshot;
    for (const char* target : {"/api/leads/export.csv", "/api/stage-history.csv", "/api/campaigns", "/api/users",
                               "/api/targets", "/api/tokens?all=true", "/api/definitions", "/api/feedback?limit=500"}) {
        Reply reply = admin.Get(target);
        if (reply.status != 200) throw std::runtime_error(std::string(target) + " answered " + std::to_string(reply.status));
        snapshot += reply.body;
    }
    return snapshot;
}

std::string SignIn(const ApiClient& client, const std::string& email, const std::string& password) {
    Reply reply = client.Post("/api/auth/login", {{"email", email}, {"password", password}});
    if (reply.status != 200) return {};
    std::string cookie = reply.Header("Set-Cookie");
    return cookie.substr(0, cookie.find(';'));
}

std::vector<nlohmann::json> AllLeads(const ApiClient& client, const std::string& query) {
    std::vector<nlohmann::json> leads;
    std::string cursor;
    for (int page = 0; page < 10000; ++page) {
        std::string target = "/api/leads?limit=500" + (query.empty() ? "" : "&" + query) + cursor;
        Reply reply = client.Get(target);
        if (reply.status != 200) throw std::runtime_error(target + " answered " + std::to_string(reply.status) + ": " + reply.body);
        nlohmann::json body = reply.Json();
        for (nlohmann::json& lead : body.at("items")) leads.push_back(std::move(lead));
        if (body.at("next_cursor").is_null()) return leads;
        cursor = "&cursor=" + std::to_string(body["next_cursor"].get<std::int64_t>());
    }
    throw std::runtime_error("GET /api/leads never reached its last page");
}

std::int64_t FirstLead(const ApiClient& client, const std::string& query) {
    Reply reply = client.Get("/api/leads?limit=1&" + query);
    if (reply.status != 200) throw std::runtime_error("GET /api/leads?" + query + " answered " + std::to_string(reply.status));
    nlohmann::json items = reply.Json().at("items");
    if (items.empty()) throw std::runtime_error("no lead matches " + query);
    return items[0].at("id").get<std::int64_t>();
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Small helpers: CSV, URL encoding
// ---------------------------------------------------------------------------------------------

std::vector<std::vector<std::string>> ParseCsv(std::string_view text) {
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> record;
    std::string field;
    bool quoted = false;
    bool field_started = false;
    auto end_field = [&] {
        record.push_back(std::move(field));
        field.clear();
        field_started = false;
    };
    auto end_record = [&] {
        end_field();
        records.push_back(std::move(record));
        record.clear();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c != '"') field += c;
            else if (i + 1 < text.size() && text[i + 1] == '"') field += text[++i];
            else quoted = false;
        } else if (c == '"' && !field_started) {
            quoted = field_started = true;
        } else if (c == ',') {
            end_field();
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            end_record();
        } else {
            field += c;
            field_started = true;
        }
    }
    if (field_started || !record.empty()) end_record();
    return records;
}

std::string UrlEncode(std::string_view text) {
    static const char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += kHex[byte >> 4];
            out += kHex[byte & 15];
        }
    }
    return out;
}

}  // namespace tandem::test
