// Acknowledged writes survive the server being killed (SIGKILL, no clean shutdown) and restarted
// on the same database file.
#include <csignal>
#include <doctest/doctest.h>

#include "real_parts.h"
#include "server_process.h"

using namespace tandem::test;

TEST_CASE("writes acknowledged with 2xx survive kill -9 and a restart on the same database") {
    TempDir dir;
    nlohmann::json lead, history, campaign, feedback, token_list;
    std::string cookie, secret;
    {
        ServerProcess server(dir.Path());
        ApiClient anonymous(server.Port());
        cookie = SignIn(anonymous, "admin@tandem.local", OneTimePassword(server.Log()));
        REQUIRE(cookie != "");
        ApiClient admin = anonymous.WithCookie(cookie);

        Reply token = admin.Post("/api/tokens", {{"name", "backup script"}});
        REQUIRE(token.status == 201);
        secret = token.Json()["secret"];
        Reply created = admin.Post("/api/leads", {{"email", "durable@example.com"}, {"name", "Dora Able"}, {"company_size", 300},
                                                  {"authority", "decision_maker"}, {"demo_requested", true}, {"page_views", 9}});
        REQUIRE(created.status == 201);
        lead = created.Json();
        CHECK(lead["stage"] == "mql");   // under the starter definition: 20 + 20 + 10 + 30 = 80 >= 50
        Reply moved = admin.Post("/api/leads/" + std::to_string(lead["id"].get<std::int64_t>()) + "/transitions",
                                 {{"to", "sales_ready"}, {"note", "asked for pricing"}});
        REQUIRE(moved.status == 200);
        lead = moved.Json()["lead"];
        history = admin.Get("/api/leads/" + std::to_string(lead["id"].get<std::int64_t>()) + "/history").Json();
        Reply planned = admin.Post("/api/campaigns", {{"name", "Durable webinar"}, {"start", "2027-01-05"}, {"end", "2027-01-05"}});
        REQUIRE(planned.status == 201);
        campaign = planned.Json();
        Reply logged = admin.Post("/api/feedback", {{"kind", "question"}, {"text", "Is it still there?"}});
        REQUIRE(logged.status == 201);
        feedback = logged.Json();
        REQUIRE(admin.Put("/api/settings/sla", {{"first_response_hours", 8}}).status == 200);
        REQUIRE(admin.Put("/api/targets/2027-01", {{"leads", 77}}).status == 200);
        token_list = admin.Get("/api/tokens").Json();

        // No clean shutdown: the process dies right after the last answer.
        CHECK(server.Stop(SIGKILL) == 128 + SIGKILL);
    }

    ServerProcess restarted(dir.Path());
    CHECK(restarted.Log().find("one-time password") == std::string::npos);
    ApiClient admin = ApiClient(restarted.Port()).WithCookie(cookie);   // the session was stored too
    REQUIRE(admin.Get("/api/auth/me").status == 200);
    std::string lead_path = "/api/leads/" + std::to_string(lead["id"].get<std::int64_t>());
    Reply read = admin.Get(lead_path);
    CHECK(read.status == 200);
    CHECK(read.Json() == lead);
    CHECK(read.Header("ETag") == "\"lead-" + std::to_string(lead["id"].get<std::int64_t>()) + "-r2\"");
    CHECK(admin.Get(lead_path + "/history").Json() == history);
    CHECK(admin.Get("/api/campaigns/" + std::to_string(campaign["id"].get<std::int64_t>())).Json() == campaign);
    CHECK(admin.Get("/api/feedback/" + std::to_string(feedback["id"].get<std::int64_t>())).Json() == feedback);
    nlohmann::json targets = admin.Get("/api/targets").Json();
    CHECK(targets["sla"]["first_response_hours"] == 8);
    REQUIRE(targets["months"].size() == 1);
    CHECK(targets["months"][0]["leads"] == 77);
    CHECK(AllLeads(admin).size() == 1);
    ApiClient script = ApiClient(restarted.Port()).WithBearer(secret);
    CHECK(script.Get("/api/auth/me").status == 200);
    CHECK(admin.Get("/api/tokens").Json()["items"].size() == token_list["items"].size());
    Reply health = admin.Get("/api/health");
    CHECK(health.Json()["database"]["status"] == "ok");
    CHECK(health.Json()["database"]["journal_mode"] == (OnPostgres() ? "replica" : "wal"));
}
