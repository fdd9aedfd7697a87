// `tandem serve --db postgresql://...`: the API on a real PostgreSQL cluster, answering as it does
// on SQLite, and the database kept across a restart.
#include <doctest/doctest.h>

#include <csignal>
#include <string>
#include <tuple>
#include <vector>

#include "real_parts.h"
#include "server_process.h"

using namespace tandem::test;

namespace {

constexpr int kDemoLeads = 50;

// What the demo seed decides about a lead whatever the day it runs: its id, email and stage.
using LeadKey = std::tuple<std::int64_t, std::string, std::string>;

std::vector<LeadKey> Keys(const std::vector<nlohmann::json>& leads) {
    std::vector<LeadKey> keys;
    for (const nlohmann::json& lead : leads) keys.emplace_back(lead["id"], lead["email"], lead["stage"]);
    return keys;
}

}  // namespace

TEST_CASE("serve on PostgreSQL: the demo's API answers as on SQLite and a restart keeps the data") {
    PostgresCluster cluster;
    std::string url = cluster.CreateDatabase("serve");
    nlohmann::json created;
    {
        DemoServer pg(kDemoLeads, {"--db", url});
        DemoServer sqlite(kDemoLeads);
        ApiClient maya = pg.As("maya");

        Reply health = pg.Anonymous().Get("/api/health");
        REQUIRE(health.status == 200);
        CHECK(health.Json()["status"] == "ok");
        CHECK(health.Json()["database"]["schema_version"] == 16);

        // The demo seed is deterministic (seed 2026); only its timestamps follow the clock.
        std::vector<nlohmann::json> leads = AllLeads(maya);
        CHECK(leads.size() == kDemoLeads);
        CHECK(Keys(leads) == Keys(AllLeads(sqlite.As("maya"))));

        Reply create = maya.Post("/api/leads", {{"email", "ann@acme.example"},
                                                {"name", "Ann Lee"},
                                                {"company", "Acme Robotics"},
                                                {"company_size", 200},
                                                {"budget_usd", 20000},
                                                {"demo_requested", true}});
        REQUIRE_MESSAGE(create.status == 201, create.body);
        created = create.Json();
        CHECK(created["id"] == kDemoLeads + 1);
        CHECK(created["email"] == "ann@acme.example");
        CHECK(created["company_size"] == 200);
        CHECK(created["budget_usd"] == 20000);
        Reply read = maya.Get("/api/leads/" + std::to_string(created["id"].get<std::int64_t>()));
        REQUIRE(read.status == 200);
        CHECK(read.Json() == created);

        // As on SQLite (test_api_leads.cpp): the unique index's violation is the API's conflict.
        Reply again = maya.Post("/api/leads", {{"email", " ANN@acme.example"}, {"name", "Second"}});
        CHECK(ErrorOf(again) == ApiError{409, "conflict", "email"});
        Reply again_on_sqlite = sqlite.As("maya").Post("/api/leads", {{"email", leads[0]["email"]}});
        CHECK(ErrorOf(again_on_sqlite) == ErrorOf(again));
        CHECK(AllLeads(maya).size() == kDemoLeads + 1);

        CHECK(maya.Get("/api/scorecard").status == 200);
        CHECK(pg.Process().Stop(SIGTERM) == 0);
    }

    // The same database again: migrations are not re-run and the lead is still there.
    DemoServer again(kDemoLeads, {"--db", url});
    CHECK(again.Process().Log().find("the database already has data; keeping it") != std::string::npos);
    CHECK(PgQuery(url, "SELECT count(*), max(version) FROM schema_migrations") ==
          std::vector<std::vector<std::string>>{{"16", "16"}});
    ApiClient maya = again.As("maya");
    Reply read = maya.Get("/api/leads/" + std::to_string(created["id"].get<std::int64_t>()));
    REQUIRE(read.status == 200);
    CHECK(read.Json() == created);
    CHECK(AllLeads(maya).size() == kDemoLeads + 1);
}

TEST_CASE("serve on a PostgreSQL nobody answers: a one-line error naming the host, never the password") {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    CommandResult bad = RunTandem({"serve", "--port", "0", "--db", "postgresql://tandem:hunter2secret@127.0.0.1:1/tandem"});
    CHECK(bad.exit_code == 1);
    CHECK(bad.output.find("cannot connect to PostgreSQL at 127.0.0.1") != std::string::npos);
    CHECK(bad.output.find("hunter2secret") == std::string::npos);
}
