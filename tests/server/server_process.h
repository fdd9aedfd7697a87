// Runs build/tandem as a child process for a test: a fresh temporary folder, a free loopback
// port read from the server's own "listening on" line, and its log kept for assertions. Also the
// API tests' client, which records every route it calls so that main() can hold the calls
// against the OpenAPI document.
//
// [SECTION] The server process
// [SECTION] API client and the record of routes called
// [SECTION] The demo company, signed in
// [SECTION] Small helpers: CSV, URL encoding
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace tandem::test {

// ---------------------------------------------------------------------------------------------
// [SECTION] The server process
// ---------------------------------------------------------------------------------------------

// A temporary folder, removed with everything in it at the end of the test.
class TempDir {
public:
    TempDir();
    ~TempDir();
    const std::filesystem::path& Path() const { return m_path; }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

struct CommandResult {
    int exit_code = -1;
    std::string output;   // stdout and stderr together
};

// A TCP connection to 127.0.0.1:port, or -1 if nothing accepts there.
int ConnectLoopback(int port);

// Sends raw bytes to 127.0.0.1:port and returns what the server answers: up to a complete response
// with a Content-Length, the server closing the connection, or 5 s of silence. For requests an
// HTTP client library would not send.
std::string RawExchange(int port, const std::string& request);

// "2026-11-25T15:55:16Z", `seconds` ago: a time in the past as the API writes it.
std::string IsoAgo(std::int64_t seconds);

// The first column of the first row of `sql` on a database (a SQLite file or a PostgreSQL URL, as
// DatabaseFor gives them), as text; what the engine says if it fails. Files are opened read-write
// (never created): a read-only connection could not recover a WAL left by a killed server.
std::string QueryText(const std::string& database, const std::string& sql);
// Runs `sql` (one or more statements) on a database named as for QueryText (a SQLite file is
// created if missing, to write an old schema into); throws std::runtime_error with what the
// engine says if it fails.
void ExecSql(const std::string& database, const std::string& sql);
// Everything a database stores, to search for what must not be there: a SQLite file with its
// WAL as bytes, or every row of every PostgreSQL table as text.
std::string DatabaseContents(const std::string& database);

// Runs `tandem ARGS...` to completion.
CommandResult RunTandem(const std::vector<std::string>& args);
// The same with `input` on its standard input (a pipe, not a terminal).
CommandResult RunTandemWithInput(const std::vector<std::string>& args, const std::string& input);

// `tandem ARGS...` in the background, its output read as it comes (so it never blocks on it).
class BackgroundTandem {
public:
    explicit BackgroundTandem(const std::vector<std::string>& args);
    ~BackgroundTandem();   // kills it if it still runs
    BackgroundTandem(const BackgroundTandem&) = delete;
    BackgroundTandem& operator=(const BackgroundTandem&) = delete;

    bool Running();
    // Sends `signal` (if it still runs) and waits: the output and the exit code (128 + signal).
    CommandResult Stop(int signal);
    CommandResult Wait() { return Stop(0); }

private:
    pid_t m_pid = -1;
    int m_output = -1;
    std::optional<int> m_status;
    std::thread m_reader;
    std::mutex m_mutex;
    std::string m_log;
};

class ServerProcess {
public:
    // Starts `tandem serve --port 0 --db DatabaseFor(dir)` plus `extra` arguments (whose own
    // `--db` replaces that) and waits until it listens; throws std::runtime_error with the
    // server's output if it does not.
    explicit ServerProcess(const std::filesystem::path& dir, std::vector<std::string> extra = {});
    ~ServerProcess();

    int Port() const { return m_port; }
    // Its database as `--db` takes it (a file or a URL), for the CLI and QueryText.
    const std::string& DbTarget() const { return m_db; }
    std::string Log();
    // Waits until the log has a line matching `pattern` (it is read as the server writes it, just
    // after answering); false if none came within 20 s.
    bool WaitForLog(const std::string& pattern);
    // Sends the signal and waits; returns the exit code (or 128 + signal if killed by one).
    int Stop(int signal);

private:
    std::string m_db;
    pid_t m_pid = -1;
    int m_port = 0;
    int m_output = -1;
    std::thread m_reader;
    std::mutex m_mutex;
    std::string m_log;
};

// The password a new database's admin@tandem.local gets, from the log line that shows it once.
std::string OneTimePassword(const std::string& log);

// ---------------------------------------------------------------------------------------------
// [SECTION] API client and the record of routes called
// ---------------------------------------------------------------------------------------------

struct Reply {
    std::string request;   // "POST /api/leads", for failure messages
    int status = 0;        // 0: no HTTP response at all
    std::string body;
    httplib::Headers headers;

    std::string Header(const std::string& name) const;
    // The body as JSON; discarded (is_discarded()) if it is not JSON.
    nlohmann::json Json() const;
};

// What an error reply says, for CHECK(ErrorOf(reply) == ApiError{422, "invalid", "end"}). An empty
// field means the error names none. The request rides along for the failure message only.
struct ApiError {
    int status = 0;
    std::string code;
    std::string field;
    std::string request = {};

    bool operator==(const ApiError& other) const {
        return status == other.status && code == other.code && field == other.field;
    }
};
std::ostream& operator<<(std::ostream& out, const ApiError& error);
// Checks the shape too: {"error":{"code","message"[,"field"]}} with a non-empty message and
// nothing else, sent as application/json; otherwise `code` says what is wrong.
ApiError ErrorOf(const Reply& reply);

// One request a test made, as main() checks them against the OpenAPI document.
struct RecordedCall {
    std::string method;
    std::string path;    // without the query
    int status = 0;
    bool probe = false;  // aimed at a method or path the API does not serve, on purpose
};
std::vector<RecordedCall> RecordedCalls();

// Holds the calls against the document: every documented route was called, succeeded, was refused
// without credentials (401) and for a role outside its x-roles (403), and if it takes a body, was
// sent a wrong content type (415) and bad input (400/422); and every call was to a documented
// route, unless it was a probe. Returns what is missing or wrong, one line each.
std::vector<std::string> RouteCoverageProblems(const nlohmann::json& openapi, const std::vector<RecordedCall>& calls);

// HTTP to one server, with or without credentials. Every request is recorded (RecordedCalls).
class ApiClient {
public:
    explicit ApiClient(int port) : m_port(port) {}

    ApiClient WithCookie(const std::string& cookie) const;    // "tandem_session=..."
    ApiClient WithBearer(const std::string& secret) const;
    ApiClient WithHeader(const std::string& name, const std::string& value) const;
    int Port() const { return m_port; }

    Reply Get(const std::string& target, const httplib::Headers& headers = {}) const;
    Reply Delete(const std::string& target, const httplib::Headers& headers = {}) const;
    Reply Post(const std::string& target, const nlohmann::json& body, const httplib::Headers& headers = {}) const;
    Reply Put(const std::string& target, const nlohmann::json& body, const httplib::Headers& headers = {}) const;
    Reply Patch(const std::string& target, const nlohmann::json& body, const httplib::Headers& headers = {}) const;
    // The body exactly as given, with this Content-Type (none if empty).
    Reply Send(const std::string& method, const std::string& target, const std::string& body,
               const std::string& content_type, const httplib::Headers& headers = {}) const;
    // A request to a method or path the API does not serve, expected to be answered 404 or 405.
    Reply Probe(const std::string& method, const std::string& target, const std::string& body = {},
                const std::string& content_type = {}) const;
    // Raw bytes (RawExchange) for what httplib would not send; recorded from the request line.
    std::string Raw(const std::string& request) const;
    // A GET whose body does not end (an event stream): `more` sees everything received so far
    // after each chunk and returns false to hang up. The reply holds what was received. Gives
    // up after `timeout_seconds` without data.
    Reply Stream(const std::string& target, const std::function<bool(const std::string& received)>& more,
                 const httplib::Headers& headers = {}, int timeout_seconds = 5) const;

private:
    Reply Exchange(const std::string& method, const std::string& target, const std::string& body,
                   const std::string& content_type, const httplib::Headers& headers, bool probe) const;

    int m_port;
    httplib::Headers m_headers;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] The demo company, signed in
// ---------------------------------------------------------------------------------------------

inline constexpr const char* kDemoPassword = "tandem-demo-2026";

// `tandem serve --demo --leads N` in its own folder, and one session per demo user, signed in on
// first use: admin (admin), maya (marketing_leader), sam (sales_leader), mark (marketer), rita and
// raj (sales_rep).
class DemoServer {
public:
    explicit DemoServer(int leads = 300, std::vector<std::string> extra = {});

    int Port() const { return m_server.Port(); }
    ServerProcess& Process() { return m_server; }
    const TempDir& Dir() const { return m_dir; }
    const std::string& DbTarget() const { return m_server.DbTarget(); }

    ApiClient Anonymous() const { return ApiClient(m_server.Port()); }
    ApiClient As(const std::string& who);
    std::int64_t IdOf(const std::string& who);
    // The demo user who has this role ("sales_rep" -> rita).
    static std::string UserWithRole(const std::string& role);
    // A new lead, sales-ready under the demo's active definition (v2), that the sales leader gives
    // to `rep` ("rita"), who may then accept or reject it; returns its id.
    std::int64_t HandOverTo(const std::string& rep);
    // Everything a request could change, as the admin reads it (leads and their history as CSV,
    // campaigns, feedback, users, targets, tokens, definitions), to compare before and after.
    std::string Snapshot();

private:
    struct Session {
        std::string cookie;
        std::int64_t id = 0;
    };
    const Session& SessionOf(const std::string& who);

    TempDir m_dir;
    ServerProcess m_server;
    std::map<std::string, Session> m_sessions;
    int m_handovers = 0;
};

// Signs in; returns the "tandem_session=..." pair from Set-Cookie, empty if refused.
std::string SignIn(const ApiClient& client, const std::string& email, const std::string& password);

// Every lead, walking GET /api/leads to the last page (500 at a time).
std::vector<nlohmann::json> AllLeads(const ApiClient& client, const std::string& query = {});
// The newest lead that matches `query` ("stage=sales_ready&owner=7"); throws if there is none.
std::int64_t FirstLead(const ApiClient& client, const std::string& query);

// ---------------------------------------------------------------------------------------------
// [SECTION] Small helpers: CSV, URL encoding
// ---------------------------------------------------------------------------------------------

// RFC 4180 records (quoted fields may hold commas, quotes and line breaks), written here rather
// than taken from shared/ so that the tests do not read the server's output with the server's code.
std::vector<std::vector<std::string>> ParseCsv(std::string_view text);

// Percent-encodes everything but unreserved characters, for query values.
std::string UrlEncode(std::string_view text);

}  // namespace tandem::test
