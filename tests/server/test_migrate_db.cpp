// `tandem migrate-db`: a demo installation (with objects made through the API) moved into a new
// PostgreSQL database serves the same leads, scorecard, users, definitions and campaigns; a target
// that has data is refused and left as it was.
#include <doctest/doctest.h>

#include <csignal>
#include <string>
#include <vector>

#include "real_parts.h"
#include "server_process.h"

using namespace tandem::test;

namespace {

constexpr int kDemoLeads = 120;

// What the API answers about the installation, timestamps included (a copy keeps them): every
// lead, the scorecard, and Snapshot's exports of leads, history, campaigns, users, targets,
// tokens, definitions and feedback.
struct Answers {
    std::vector<nlohmann::json> leads;
    nlohmann::json scorecard;
    std::string snapshot;
};

// The scorecard less what follows the clock: its "now" and the targets pro-rated to the second.
nlohmann::json Clockless(nlohmann::json value) {
    if (value.is_object()) {
        value.erase("now");
        value.erase("targets");
        for (nlohmann::json& member : value) member = Clockless(member);
    }
    return value;
}

Answers Read(DemoServer& demo) {
    ApiClient admin = demo.As("admin");
    return {AllLeads(admin), Clockless(admin.Get("/api/scorecard").Json()), demo.Snapshot()};
}

// Every table the report must name: the schema's, whatever the engine.
const std::vector<std::string> kTables = {
    "users", "sessions", "api_tokens", "campaigns", "leads", "stage_history", "definitions", "definition_approvals",
    "feedback", "targets", "settings", "lead_assignments", "webhook_endpoints", "webhook_messages", "mail_outbox",
    "imports", "notifications", "calendar_feeds", "password_resets"};

}  // namespace

TEST_CASE("migrate-db into a new PostgreSQL database: the server on it answers as before, sign-in included") {
    PostgresCluster cluster;
    const std::string url = cluster.CreateDatabase("moved");
    Answers before;
    std::string source;
    std::string token_secret;
    {
        DemoServer demo(kDemoLeads);
        ApiClient admin = demo.As("admin");
        Reply lead = demo.As("maya").Post("/api/leads", {{"email", "ann@acme.example"}, {"name", "Ann Lee"}, {"company", "Acme"}});
        REQUIRE_MESSAGE(lead.status == 201, lead.body);
        Reply campaign = demo.As("sam").Post("/api/campaigns", {{"name", "Field day"}, {"start", "2027-02-01"}, {"end", "2027-02-03"}});
        REQUIRE_MESSAGE(campaign.status == 201, campaign.body);
        // What COPY's text format escapes: a backslash, a tab, a line break.
        Reply feedback = demo.As("rita").Post("/api/feedback", {{"kind", "question"}, {"text", "Does C:\\tandem move?\tAll of it?\nYes."}});
        REQUIRE_MESSAGE(feedback.status == 201, feedback.body);
        Reply token = admin.Post("/api/tokens", {{"name", "moved"}});
        REQUIRE_MESSAGE(token.status == 201, token.body);
        token_secret = token.Json()["secret"];
        Reply webhook = admin.Post("/api/webhooks", {{"url", "https://hooks.example.com/t"}, {"events", {"lead.accepted"}}});
        REQUIRE_MESSAGE(webhook.status == 201, webhook.body);
        before = Read(demo);
        source = demo.DbTarget();
        CHECK(demo.Process().Stop(SIGTERM) == 0);

        CommandResult moved = RunTandem({"migrate-db", "--from", source, "--to", url});
        CAPTURE(moved.output);
        REQUIRE(moved.exit_code == 0);
        for (const std::string& table : kTables) {
            CAPTURE(table);
            CHECK(moved.output.find("\n  " + table + " ") != std::string::npos);
        }
        CHECK(moved.output.find("skipped: add --sessions to copy them") != std::string::npos);
        CHECK(moved.output.find("DIFFERS") == std::string::npos);
        CHECK(moved.output.find("every table verified") != std::string::npos);
        CHECK(QueryText(url, "SELECT count(*) FROM leads") == std::to_string(kDemoLeads + 1));
        CHECK(QueryText(url, "SELECT count(*) FROM sessions") == "0");
        CHECK(QueryText(url, "SELECT count(*) FROM campaigns WHERE name = 'Field day'") == "1");
        CHECK(QueryText(url, "SELECT text FROM feedback WHERE text LIKE 'Does C:%'") == "Does C:\\tandem move?\tAll of it?\nYes.");
        CHECK(QueryText(url, "SELECT count(*) FROM webhook_endpoints") == "1");
        CHECK(QueryText(url, "SELECT count(*) FROM api_tokens WHERE name = 'moved'") == "1");
        // The planner's statistics gathered, not left to autovacuum: the leads table's pages need them.
        CHECK(QueryText(url, "SELECT count(*) FROM pg_stat_user_tables WHERE last_analyze IS NULL AND relname IN "
                             "('leads', 'stage_history', 'feedback')") == "0");
    }

    DemoServer moved(kDemoLeads, {"--db", url});
    CHECK(moved.Process().Log().find("the database already has data; keeping it") != std::string::npos);
    Answers after = Read(moved);   // signs in with the demo password: the users' hashes came along
    CHECK(after.leads == before.leads);
    CHECK(after.scorecard == before.scorecard);
    CHECK(after.snapshot == before.snapshot);
    CHECK(moved.Anonymous().WithBearer(token_secret).Get("/api/auth/me").Json()["email"] == "admin@tandem.test");

    // The ids the copy gave explicitly moved the identity sequences on: new rows follow them.
    Reply created = moved.As("maya").Post("/api/leads", {{"email", "bea@acme.example"}, {"name", "Bea Ray"}});
    REQUIRE_MESSAGE(created.status == 201, created.body);
    CHECK(created.Json()["id"] == kDemoLeads + 2);
    Reply campaign = moved.As("sam").Post("/api/campaigns", {{"name", "Second day"}, {"start", "2027-03-01"}, {"end", "2027-03-02"}});
    REQUIRE_MESSAGE(campaign.status == 201, campaign.body);
    CHECK(campaign.Json()["id"].get<std::int64_t>() ==
          std::stoll(QueryText(url, "SELECT max(id) FROM campaigns WHERE name <> 'Second day'")) + 1);
}

TEST_CASE("migrate-db into a database that has data: refused with exit 2, the target unchanged") {
    PostgresCluster cluster;
    const std::string url = cluster.CreateDatabase("busy");
    TempDir dir;
    const std::string file = (dir / "tandem.db").string();
    REQUIRE(RunTandem({"demo", "--db", file, "--leads", "30"}).exit_code == 0);
    REQUIRE(RunTandem({"migrate-db", "--from", file, "--to", url}).exit_code == 0);
    const std::string contents = DatabaseContents(url);

    CommandResult again = RunTandem({"migrate-db", "--from", file, "--to", url});
    CHECK(again.exit_code == 2);
    CHECK(again.output.find("is not empty") != std::string::npos);
    CHECK(again.output.find("migrate into a new database") != std::string::npos);
    CHECK(DatabaseContents(url) == contents);

    // And back: the PostgreSQL database into a new file verifies as well.
    const std::string back = (dir / "back.db").string();
    CommandResult returned = RunTandem({"migrate-db", "--from", url, "--to", back});
    CAPTURE(returned.output);
    CHECK(returned.exit_code == 0);
    CHECK(returned.output.find("every table verified") != std::string::npos);
    CHECK(QueryText(back, "SELECT count(*) FROM leads") == "30");
}
