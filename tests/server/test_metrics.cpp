// GET /metrics: valid Prometheus text (checked by Debian's promtool), counting exactly what the
// test did; behind an admin's credentials on the main port, open on --metrics-listen. And the
// request log in JSON: one object per request with its id, user, route, status, duration, bytes.
#include <doctest/doctest.h>
#include <regex>
#include <sstream>

#include "real_parts.h"
#include "server_process.h"

using namespace tandem::test;

namespace {

// The value of the one sample named exactly `series` (name and labels), or -1 if absent.
double Sample(const std::string& text, const std::string& series) {
    std::size_t at = 0;
    while ((at = text.find(series + " ", at)) != std::string::npos) {
        if (at == 0 || text[at - 1] == '\n') return std::stod(text.substr(at + series.size() + 1));
        at += series.size();
    }
    return -1;
}

// Runs `promtool check metrics` on the exposition; returns its exit code and output.
CommandResult Promtool(const std::string& exposition, const TempDir& dir) {
    std::string file = (dir / "metrics.txt").string();
    FILE* out = std::fopen(file.c_str(), "w");
    std::fwrite(exposition.data(), 1, exposition.size(), out);
    std::fclose(out);
    std::string command = "promtool check metrics < " + file + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    CommandResult result;
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) result.output.append(buffer, n);
    result.exit_code = WEXITSTATUS(pclose(pipe));
    return result;
}

std::uintmax_t SizeOr0(const std::filesystem::path& file) {
    std::error_code error;
    std::uintmax_t size = std::filesystem::file_size(file, error);
    return error ? 0 : size;
}

}  // namespace

TEST_CASE("/metrics is valid Prometheus text and counts requests, sign-in failures, imports and streams") {
    DemoServer demo(40);
    ApiClient admin = demo.As("admin");
    std::string token = admin.Post("/api/tokens", {{"name", "prometheus"}}).Json()["secret"];
    ApiClient scraper = demo.Anonymous().WithBearer(token);
    std::string before = scraper.Get("/metrics").body;

    for (int i = 0; i < 2; ++i)
        CHECK(demo.Anonymous().Post("/api/auth/login", {{"email", "raj@tandem.test"}, {"password", "wrong"}}).status == 401);
    std::int64_t lead = demo.HandOverTo("rita");
    for (int i = 0; i < 3; ++i) CHECK(admin.Get("/api/leads/" + std::to_string(lead)).status == 200);
    CHECK(admin.Get("/api/leads/999999").status == 404);
    Reply imported = admin.Send("POST", "/api/leads/import",
                                "email,name\nm1@metrics.test,One\nm2@metrics.test,Two\n", "text/csv");
    REQUIRE(imported.status == 200);
    REQUIRE(imported.Json()["imported"] == 2);

    std::string during_stream;
    demo.As("maya").Stream("/api/events", [&](const std::string& received) {
        if (received.find("event: hello") == std::string::npos) return true;
        during_stream = scraper.Get("/metrics").body;
        return false;
    });
    Reply scraped = scraper.Get("/metrics");
    REQUIRE(scraped.status == 200);
    CHECK(scraped.Header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
    const std::string& text = scraped.body;

    CommandResult checked = Promtool(text, demo.Dir());
    CHECK(checked.exit_code == 0);
    CHECK(checked.output == "");

    // Differences from the first scrape: exactly what this test did.
    auto grew = [&](const std::string& series) { return Sample(text, series) - std::max(0.0, Sample(before, series)); };
    CHECK(grew("tandem_sign_in_failures_total") == 2);
    CHECK(grew(R"(tandem_http_requests_total{route="/api/leads/{id}",method="GET",status="200"})") == 3);
    CHECK(grew(R"(tandem_http_requests_total{route="/api/leads/{id}",method="GET",status="404"})") == 1);
    CHECK(grew(R"(tandem_http_request_duration_seconds_count{route="/api/leads/{id}",method="GET"})") == 4);
    CHECK(grew(R"(tandem_http_request_duration_seconds_bucket{route="/api/leads/{id}",method="GET",le="+Inf"})") == 4);
    CHECK(grew(R"(tandem_http_requests_total{route="/api/auth/login",method="POST",status="401"})") == 2);
    CHECK(grew("tandem_import_rows_total") == 2);
    CHECK(Sample(during_stream, "tandem_event_streams_open") == 1);
    CHECK(Sample(text, "tandem_http_worker_threads") >= 16);
    CHECK(Sample(text, "tandem_database_write_lock_wait_seconds_count") > 0);
    std::string version = demo.Anonymous().Get("/api/health").Json()["version"];
    CHECK(Sample(text, "tandem_build_info{version=\"" + version + "\"}") == 1);

    // The breaches the inbox reports, and the database's size on disk.
    CHECK(Sample(text, "tandem_sla_breaches_open") == admin.Get("/api/inbox?rep=all").Json()["breached"].get<double>());
    double size = Sample(text, "tandem_database_size_bytes");
    if (OnPostgres()) {
        // PostgreSQL's own figure, which moves as it writes: the same order, and never an empty 0.
        const double database = std::stod(PgQuery(demo.DbTarget(), "SELECT pg_database_size(current_database())")[0][0]);
        CHECK(size > 1'000'000);
        CHECK(size >= database / 2);
        CHECK(size <= database * 2);
    } else {
        std::filesystem::path db = demo.Dir() / "tandem.db";
        CHECK(size >= static_cast<double>(SizeOr0(db)));
        CHECK(size <= static_cast<double>(SizeOr0(db) + SizeOr0(db.string() + "-wal")));
    }

    // Others than admins: the role test covers 403; an anonymous scrape is 401.
    CHECK(ErrorOf(demo.Anonymous().Get("/metrics")) == ApiError{401, "unauthorized"});
}

TEST_CASE("--metrics-listen serves /metrics without a token, and nothing else") {
    TempDir dir;
    int port = FreePort();
    ServerProcess server(dir.Path(), {"--metrics-listen", "127.0.0.1:" + std::to_string(port)});
    // The main port answering means its worker pool exists; the metrics port may be up before it.
    REQUIRE(ApiClient(server.Port()).Get("/api/health").status == 200);
    httplib::Client client("127.0.0.1", port);
    auto metrics = client.Get("/metrics");
    REQUIRE(metrics);
    CHECK(metrics->status == 200);
    CHECK(metrics->body.find("\ntandem_http_worker_threads 16\n") != std::string::npos);
    CHECK(Promtool(metrics->body, dir).exit_code == 0);
    auto other = client.Get("/api/health");
    REQUIRE(other);
    CHECK(other->status == 404);

    CommandResult bad = RunTandem({"serve", "--metrics-listen", "9464"});
    CHECK(bad.exit_code == 2);
    CHECK(bad.output.find("--metrics-listen: expected ADDRESS:PORT") != std::string::npos);
}

TEST_CASE("--log-format json writes one object per request with its id, user, route, status, duration and bytes") {
    TempDir dir;
    ServerProcess server(dir.Path(), {"--log-format", "json", "--demo", "--leads", "20"});
    ApiClient client(server.Port());
    Reply login = client.Post("/api/auth/login", {{"email", "maya@tandem.test"}, {"password", kDemoPassword}});
    REQUIRE(login.status == 200);
    std::int64_t maya = login.Json()["id"];
    std::string cookie = login.Header("Set-Cookie").substr(0, login.Header("Set-Cookie").find(';'));
    // Uncompressed, so the bytes logged are the bytes of the body received.
    Reply given = client.WithCookie(cookie).Get("/api/leads?limit=1", {{"X-Request-Id", "trace-42.a_b:c"},
                                                                       {"Accept-Encoding", "identity"}});
    REQUIRE(given.status == 200);
    CHECK(given.Header("X-Request-Id") == "trace-42.a_b:c");
    Reply made = client.Get("/api/health", {{"X-Request-Id", "not allowed!"}, {"Accept-Encoding", "identity"}});
    std::string made_id = made.Header("X-Request-Id");
    CHECK(std::regex_match(made_id, std::regex("[0-9a-f]{16}-[0-9]+")));
    // Each request's line is written by its own thread as it ends: either may come first.
    REQUIRE(server.WaitForLog("\"request_id\":\"" + made_id + "\""));
    REQUIRE(server.WaitForLog("\"request_id\":\"trace-42.a_b:c\""));

    nlohmann::json leads_line, health_line;
    std::istringstream lines(server.Log());
    std::string line;
    while (std::getline(lines, line)) {
        nlohmann::json object = nlohmann::json::parse(line, nullptr, false);
        REQUIRE_MESSAGE(object.is_object(), line);
        CHECK(std::regex_match(object["time"].get<std::string>(), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
        if (object.value("request_id", "") == "trace-42.a_b:c") leads_line = object;
        if (object.value("request_id", "") == made_id) health_line = object;
    }
    REQUIRE(leads_line.is_object());
    CHECK(leads_line["method"] == "GET");
    CHECK(leads_line["path"] == "/api/leads");
    CHECK(leads_line["route"] == "/api/leads");
    CHECK(leads_line["status"] == 200);
    CHECK(leads_line["user_id"] == maya);
    CHECK(leads_line["client"] == "127.0.0.1");
    CHECK(leads_line["bytes"] == given.body.size());
    CHECK(leads_line["duration_ms"].get<double>() >= 0);
    REQUIRE(health_line.is_object());
    CHECK(health_line["user_id"].is_null());
    CHECK(health_line["route"] == "/api/health");
    CHECK(health_line["bytes"] == made.body.size());
}
