// `tandem serve`: health, the web client's files, JSON errors under /api, logging, flags, signals,
// and the database it creates or refuses.
#include <csignal>
#include <doctest/doctest.h>
#include <fstream>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "real_parts.h"
#include "server_process.h"

using tandem::test::DatabaseFor;
using tandem::test::ExecSql;
using tandem::test::OnPostgres;
using tandem::test::QueryText;
using tandem::test::RunTandem;
using tandem::test::ServerProcess;
using tandem::test::SkipUnlessSqlite;
using tandem::test::TempDir;

namespace {

// The number of migrations in native/store/migrations.cpp; a new migration changes it here too.
constexpr int kSchemaVersion = 16;

void WriteFile(const std::filesystem::path& path, const std::string& contents) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << contents;
}

// A stand-in bundle with known contents: the server must serve whatever the build put there.
std::filesystem::path MakeWebDir(const TempDir& dir) {
    std::filesystem::path web = dir / "web";
    WriteFile(web / "index.html", "<!doctype html><title>Tandem</title>" + std::string(2000, ' ') + "<canvas>");
    WriteFile(web / "app.js", "var Module = {};" + std::string(5000, '\n'));
    std::string wasm("\0asm\1\0\0\0", 8);
    wasm.resize(4096, 'x');
    WriteFile(web / "app.wasm", wasm);
    WriteFile(web / ".secret", "hidden");
    return web;
}

std::string Gunzip(const std::string& data) {
    std::string out;
    httplib::detail::gzip_decompressor decompressor;
    decompressor.decompress(data.data(), data.size(), [&](const char* chunk, std::size_t size) {
        out.append(chunk, size);
        return true;
    });
    return out;
}

}  // namespace

TEST_CASE("health reports the version and a migrated WAL database") {
    TempDir dir;
    ServerProcess server(dir.Path());
    httplib::Client client("127.0.0.1", server.Port());
    auto res = client.Get("/api/health");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "application/json");
    nlohmann::json body = nlohmann::json::parse(res->body);
    CHECK(body["status"] == "ok");
    CHECK(body["version"] == "0.1.0");
    CHECK(body["database"]["status"] == "ok");
    CHECK(body["database"]["schema_version"] == kSchemaVersion);
    // SQLite's journal mode; PostgreSQL's wal_level, the default one in the tests' cluster.
    CHECK(body["database"]["journal_mode"] == (OnPostgres() ? "replica" : "wal"));
    CHECK(QueryText(server.DbTarget(), "SELECT max(version) FROM schema_migrations") == std::to_string(kSchemaVersion));
}

TEST_CASE("the web client is served with its MIME types") {
    TempDir dir;
    ServerProcess server(dir.Path(), {"--web", MakeWebDir(dir).string()});
    httplib::Client client("127.0.0.1", server.Port());

    auto index = client.Get("/");
    REQUIRE(index);
    CHECK(index->status == 200);
    CHECK(index->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(index->body.starts_with("<!doctype html><title>Tandem</title>"));
    CHECK(index->get_header_value("Cache-Control") == "no-cache");

    auto wasm = client.Get("/app.wasm");
    REQUIRE(wasm);
    CHECK(wasm->status == 200);
    CHECK(wasm->get_header_value("Content-Type") == "application/wasm");
    CHECK(wasm->body.size() == 4096);
    CHECK(wasm->body.substr(0, 4) == std::string("\0asm", 4));

    auto js = client.Get("/app.js");
    REQUIRE(js);
    CHECK(js->get_header_value("Content-Type") == "text/javascript; charset=utf-8");
}

TEST_CASE("files are gzipped for clients that accept it and revalidate by ETag") {
    TempDir dir;
    std::filesystem::path web = MakeWebDir(dir);
    ServerProcess server(dir.Path(), {"--web", web.string()});
    httplib::Client client("127.0.0.1", server.Port());
    client.set_decompress(false);

    auto gzipped = client.Get("/app.wasm", {{"Accept-Encoding", "gzip, deflate, br"}});
    REQUIRE(gzipped);
    CHECK(gzipped->status == 200);
    CHECK(gzipped->get_header_value("Content-Encoding") == "gzip");
    CHECK(gzipped->body.size() < 4096);
    std::string wasm("\0asm\1\0\0\0", 8);
    wasm.resize(4096, 'x');
    CHECK(Gunzip(gzipped->body) == wasm);

    std::string etag = gzipped->get_header_value("ETag");
    REQUIRE_FALSE(etag.empty());
    auto revalidated = client.Get("/app.wasm", {{"If-None-Match", etag}});
    REQUIRE(revalidated);
    CHECK(revalidated->status == 304);
    CHECK(revalidated->body.empty());

    // A rebuilt file gets a new ETag.
    WriteFile(web / "app.wasm", "changed");
    auto changed = client.Get("/app.wasm", {{"If-None-Match", etag}});
    REQUIRE(changed);
    CHECK(changed->status == 200);
    CHECK(changed->body == "changed");
}

TEST_CASE("paths outside the web folder and hidden files are not served") {
    TempDir dir;
    WriteFile(dir / "outside.txt", "private");
    ServerProcess server(dir.Path(), {"--web", MakeWebDir(dir).string()});
    httplib::Client client("127.0.0.1", server.Port());
    for (const char* path : {"/../outside.txt", "/%2e%2e/outside.txt", "/.secret", "/missing.js", "/web/../outside.txt"}) {
        auto res = client.Get(path);
        REQUIRE(res);
        CHECK_MESSAGE(res->status == 404, path);
        CHECK(res->body.find("private") == std::string::npos);
        CHECK(res->body.find("hidden") == std::string::npos);
    }
}

TEST_CASE("unknown API paths answer a JSON 404, not the dashboard") {
    TempDir dir;
    ServerProcess server(dir.Path(), {"--web", MakeWebDir(dir).string()});
    httplib::Client client("127.0.0.1", server.Port());
    for (const char* path : {"/api/nope", "/api", "/api/health/extra"}) {
        auto res = client.Get(path);
        REQUIRE(res);
        CHECK(res->status == 404);
        CHECK(res->get_header_value("Content-Type") == "application/json");
        nlohmann::json body = nlohmann::json::parse(res->body);
        CHECK(body["error"]["code"] == "not_found");
        CHECK(body["error"]["message"] == std::string("no such API route: GET ") + path);
    }
    auto post = client.Post("/api/nope", "{}", "application/json");
    REQUIRE(post);
    CHECK(post->status == 404);
    CHECK(nlohmann::json::parse(post->body)["error"]["code"] == "not_found");
}

TEST_CASE("oversized request bodies are refused with 413 as JSON") {
    TempDir dir;
    ServerProcess server(dir.Path());
    // The refusal comes from the headers alone: the server never reads the 2 MiB announced.
    std::string response = tandem::test::RawExchange(
        server.Port(), "POST /api/leads HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                       "Content-Length: 2097152\r\n\r\n{\"email\":");
    CHECK(response.starts_with("HTTP/1.1 413 "));
    CHECK(response.find("Connection: close") != std::string::npos);
    CHECK(response.find(R"({"error":{"code":"payload_too_large","message":"the body is larger than 1048576 bytes"}})") !=
          std::string::npos);
    std::string chunked = tandem::test::RawExchange(
        server.Port(), "POST /api/leads HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                       "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n");
    CHECK(chunked.starts_with("HTTP/1.1 413 "));
}

TEST_CASE("each request is logged with the client's address, method, path, status, duration, size and id") {
    TempDir dir;
    ServerProcess server(dir.Path());
    httplib::Client client("127.0.0.1", server.Port());
    REQUIRE(client.Get("/api/health"));
    REQUIRE(client.Get("/api/missing"));
    int code = server.Stop(SIGTERM);
    std::string log = server.Log();
    INFO(log);
    CHECK(code == 0);
    CHECK(std::regex_search(log, std::regex(R"(Z 127\.0\.0\.1 GET /api/health 200 [0-9]+\.[0-9]ms [1-9][0-9]*B id=[0-9a-f]{16}-[0-9]+\n)")));
    CHECK(std::regex_search(log, std::regex(R"(Z 127\.0\.0\.1 GET /api/missing 404 [0-9]+\.[0-9]ms [1-9][0-9]*B id=[0-9a-f]{16}-[0-9]+\n)")));
    CHECK(log.find("received SIGTERM, shutting down") != std::string::npos);
    CHECK(log.find("stopped") != std::string::npos);
}

TEST_CASE("SIGINT stops the server cleanly and keeps the database") {
    TempDir dir;
    ServerProcess server(dir.Path());
    CHECK(server.Stop(SIGINT) == 0);
    ServerProcess again(dir.Path());
    httplib::Client client("127.0.0.1", again.Port());
    auto res = client.Get("/api/health");
    REQUIRE(res);
    CHECK(nlohmann::json::parse(res->body)["database"]["schema_version"] == kSchemaVersion);
}

TEST_CASE("bad flags exit with status 2 and say what is wrong") {
    struct Case {
        std::vector<std::string> args;
        std::string message;
    };
    const Case cases[] = {
        {{"serve", "--port", "abc"}, "--port: expected a whole number from 0 to 65535, got 'abc'"},
        {{"serve", "--port", "70000"}, "--port: expected a whole number from 0 to 65535, got '70000'"},
        {{"serve", "--port", "-1"}, "--port: expected a whole number from 0 to 65535, got '-1'"},
        {{"serve", "--port"}, "--port needs a value (PORT)"},
        {{"serve", "--colour", "blue"}, "unknown option --colour"},
        {{"serve", "extra"}, "serve takes no arguments, got 'extra'"},
        {{"serve", "--help=yes"}, "--help takes no value"},
        {{"serve", "--rescore-every", "-5"}, "--rescore-every: expected a whole number from 0 to 604800, got '-5'"},
        {{"launch"}, "unknown command 'launch'"},
    };
    for (const Case& c : cases) {
        tandem::test::CommandResult result = RunTandem(c.args);
        CHECK_MESSAGE(result.exit_code == 2, c.args.back());
        CHECK_MESSAGE(result.output.find(c.message) != std::string::npos, result.output);
    }
}

TEST_CASE("every serve flag has a TANDEM_* variable, listed in --help; the command line wins over it") {
    tandem::test::CommandResult help = RunTandem({"serve", "--help"});
    REQUIRE(help.exit_code == 0);
    std::istringstream lines(help.output);
    int options = 0;
    for (std::string line; std::getline(lines, line);) {
        std::smatch flag;
        if (!std::regex_search(line, flag, std::regex(R"(^  --([a-z-]+))")) || flag[1] == "help") continue;
        ++options;
        std::string variable = "TANDEM_" + flag[1].str();
        for (char& c : variable) c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        CHECK_MESSAGE(line.ends_with("[$" + variable + "]"), line);
    }
    CHECK(options >= 20);

    // A value from the environment is read and checked like the flag's.
    ::setenv("TANDEM_PASSWORD_LOGIN", "maybe", 1);
    tandem::test::CommandResult bad = RunTandem({"serve", "--port", "0"});
    ::unsetenv("TANDEM_PASSWORD_LOGIN");
    CHECK(bad.exit_code == 2);
    CHECK(bad.output.starts_with("tandem: --password-login: expected on or off, got 'maybe'\n"));
    ::setenv("TANDEM_DEMO", "perhaps", 1);
    tandem::test::CommandResult switch_value = RunTandem({"serve", "--port", "0"});
    ::unsetenv("TANDEM_DEMO");
    CHECK(switch_value.exit_code == 2);
    CHECK(switch_value.output.starts_with("tandem: TANDEM_DEMO: expected yes or no, got 'perhaps'\n"));

    // The environment sets what the command line leaves out; a flag given wins.
    TempDir dir;
    ::setenv("TANDEM_PUBLIC_URL", "https://from-the-environment.example", 1);
    ::setenv("TANDEM_DEMO", "yes", 1);
    ::setenv("TANDEM_LEADS", "0", 1);
    ServerProcess from_env(dir.Path());
    ServerProcess from_flag(dir.Path() / "flag", {"--public-url", "https://from-the-flag.example"});
    ::unsetenv("TANDEM_PUBLIC_URL");
    ::unsetenv("TANDEM_DEMO");
    ::unsetenv("TANDEM_LEADS");
    for (auto [server, origin] : {std::pair{&from_env, "https://from-the-environment.example"},
                                  std::pair{&from_flag, "https://from-the-flag.example"}}) {
        tandem::test::ApiClient anonymous(server->Port());
        std::string cookie = tandem::test::SignIn(anonymous, "admin@tandem.test", tandem::test::kDemoPassword);
        REQUIRE(cookie != "");
        tandem::test::Reply feed = anonymous.WithCookie(cookie).Post("/api/calendar/feed", nlohmann::json::object());
        REQUIRE(feed.status == 201);
        CHECK(std::string(feed.Json()["url"]).starts_with(std::string(origin) + "/api/calendar.ics?token="));
    }
}

TEST_CASE("an unusable database path exits with status 1 and a clear message") {
    TempDir dir;
    WriteFile(dir / "a-file", "not a folder");
    auto under_file = RunTandem({"serve", "--port", "0", "--db", (dir / "a-file" / "tandem.db").string()});
    CHECK(under_file.exit_code == 1);
    CHECK(under_file.output.find("cannot create the folder " + (dir / "a-file").string()) != std::string::npos);

    auto not_sqlite = (WriteFile(dir / "notes.db", std::string(8192, 'n')),
                       RunTandem({"serve", "--port", "0", "--db", (dir / "notes.db").string()}));
    CHECK(not_sqlite.exit_code == 1);
    CHECK(not_sqlite.output.find("cannot use the database " + (dir / "notes.db").string()) != std::string::npos);
    CHECK(not_sqlite.output.find("file is not a database") != std::string::npos);
}

TEST_CASE("a port that is taken exits with status 1") {
    TempDir dir;
    ServerProcess first(dir.Path());
    TempDir other;
    auto result = RunTandem({"serve", "--port", std::to_string(first.Port()), "--db", (other / "t.db").string()});
    CHECK(result.exit_code == 1);
    CHECK(result.output.find("cannot listen on 127.0.0.1:" + std::to_string(first.Port())) != std::string::npos);
}

TEST_CASE("a database from a newer Tandem is refused, an older one is kept") {
    TempDir dir;
    { ServerProcess create(dir.Path()); }
    ExecSql(DatabaseFor(dir.Path()), "INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01T00:00:00Z')");
    auto result = RunTandem({"serve", "--port", "0", "--db", DatabaseFor(dir.Path())});
    CHECK(result.exit_code == 1);
    CHECK(result.output.find("schema version 999 is newer than this tandem knows (" + std::to_string(kSchemaVersion) + ")") != std::string::npos);
}

TEST_CASE("a database made by the first version upgrades and keeps its data") {
    if (SkipUnlessSqlite("the first version's database: Tandem came to PostgreSQL at schema v14")) return;
    TempDir dir;
    // Schema v1 exactly as the first release wrote it.
    ExecSql(dir / "tandem.db", R"sql(
        CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        INSERT INTO settings (key, value) VALUES ('created_at', '2026-11-01T00:00:00Z');
        INSERT INTO schema_migrations VALUES (1, 'settings', '2026-11-01T00:00:00Z');
    )sql");
    { ServerProcess upgraded(dir.Path()); }
    const std::string db = (dir / "tandem.db").string();
    CHECK(QueryText(db, "SELECT max(version) FROM schema_migrations") == std::to_string(kSchemaVersion));
    CHECK(QueryText(db, "SELECT value FROM settings WHERE key = 'created_at'") == "2026-11-01T00:00:00Z");
    CHECK(QueryText(db, "SELECT count(*) FROM users") == "1");   // the first start created the admin
}

TEST_CASE("migrations are recorded and not applied twice") {
    TempDir dir;
    { ServerProcess first(dir.Path()); }
    { ServerProcess second(dir.Path()); }
    // One row per migration, numbered 1..N without gaps, the first two as the first releases named them.
    const std::string n = std::to_string(kSchemaVersion);
    CHECK(QueryText(DatabaseFor(dir.Path()), "SELECT count(*) || ' ' || min(version) || ' ' || max(version) FROM schema_migrations") ==
          n + " 1 " + n);
    CHECK(QueryText(DatabaseFor(dir.Path()), "SELECT (SELECT name FROM schema_migrations WHERE version = 1) || ',' || "
                                    "(SELECT name FROM schema_migrations WHERE version = 2)") == "settings,domain");
}
