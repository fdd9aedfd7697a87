// Engagement decays with time: the server re-evaluates every lead at start (and hourly), so a
// stored level never stays behind a fresh evaluation. Time passing is simulated by moving the
// leads' last activity back 90 days (two half-lives of the demo definition) while the server is
// down, exactly what a weekend without the server would do to an older one.
#include <map>
#include <doctest/doctest.h>

#include "real_parts.h"
#include "server_process.h"

using namespace tandem::test;

namespace {

std::vector<std::string> Demo() { return {"--demo", "--leads", "300"}; }

void AgeActivity(const std::string& database, int days) {
    ExecSql(database, "UPDATE leads SET last_activity_at = last_activity_at - " + std::to_string(days * 86400) +
                          " WHERE last_activity_at IS NOT NULL");
}

// Where a lead in `stage` goes when its level becomes `level` (PRODUCT.md: before sales accepts,
// the stage follows the level both ways; a recycled lead comes back only when it qualifies).
std::string StageAfter(const std::string& stage, const std::string& level) {
    static const std::map<std::string, std::string> kStageOfLevel = {{"none", "new"}, {"mql", "mql"}, {"sales_ready", "sales_ready"}};
    if (stage == "new" || stage == "mql" || stage == "sales_ready") return kStageOfLevel.at(level);
    if (stage == "recycled") return level == "none" ? stage : kStageOfLevel.at(level);
    return stage;
}

std::map<std::int64_t, nlohmann::json> ById(const std::vector<nlohmann::json>& leads) {
    std::map<std::int64_t, nlohmann::json> out;
    for (const nlohmann::json& lead : leads) out[lead["id"].get<std::int64_t>()] = lead;
    return out;
}

}  // namespace

TEST_CASE("decayed engagement moves stored levels and stages at start, with 'decay' in the history") {
    TempDir dir;
    std::map<std::int64_t, nlohmann::json> before;
    {
        ServerProcess server(dir.Path(), Demo());
        // A fresh demo is evaluated as it is made: the first pass finds nothing to change.
        REQUIRE(server.WaitForLog("re-evaluated 300 leads under definition v2: 0 changed level, 0 moved"));
        ApiClient admin = ApiClient(server.Port()).WithCookie(SignIn(ApiClient(server.Port()), "admin@tandem.test", kDemoPassword));
        before = ById(AllLeads(admin));
        REQUIRE(before.size() == 300);
        CHECK(server.Stop(SIGTERM) == 0);
    }
    AgeActivity(DatabaseFor(dir.Path()), 90);

    ServerProcess server(dir.Path(), Demo());
    REQUIRE(server.WaitForLog("re-evaluated 300 leads under definition v2: [0-9]+ changed level, [0-9]+ moved \\(decay\\)"));
    ApiClient admin = ApiClient(server.Port()).WithCookie(SignIn(ApiClient(server.Port()), "admin@tandem.test", kDemoPassword));
    std::map<std::int64_t, nlohmann::json> after = ById(AllLeads(admin));
    REQUIRE(after.size() == 300);

    int changed_level = 0, moved = 0;
    for (const auto& [id, lead] : after) {
        const nlohmann::json& old = before.at(id);
        std::string path = "/api/leads/" + std::to_string(id);
        nlohmann::json fresh = admin.Get(path + "/explanation").Json();
        CAPTURE(id);
        // The invariant users rely on: what the list says is what an evaluation now says.
        CHECK(lead["score"]["level"] == fresh["level"]);
        std::string level = lead["score"]["level"];
        std::string old_stage = old["stage"], stage = lead["stage"];
        CHECK(stage == StageAfter(old_stage, level));
        nlohmann::json history = admin.Get(path + "/history").Json()["items"];
        int decay_rows = 0;
        for (const nlohmann::json& row : history) {
            if (row["reason"] != "decay") continue;
            ++decay_rows;
            CHECK(row["by"].is_null());
        }
        if (level != old["score"]["level"]) ++changed_level;
        if (stage != old_stage) {
            ++moved;
            CHECK(decay_rows == 1);
            CHECK(history.back()["from"] == old_stage);
            CHECK(history.back()["to"] == stage);
            CHECK(lead["revision"].get<int>() == old["revision"].get<int>() + 1);
        } else {
            CHECK(decay_rows == 0);
        }
    }
    // Two half-lives take most engaged leads below the threshold: the test must see real moves.
    CHECK(moved > 0);
    CHECK(server.Log().find("re-evaluated 300 leads under definition v2: " + std::to_string(changed_level) +
                            " changed level, " + std::to_string(moved) + " moved (decay)") != std::string::npos);

    // Stored levels are now fresh, so the next start has nothing to do.
    CHECK(server.Stop(SIGTERM) == 0);
    ServerProcess again(dir.Path(), Demo());
    CHECK(again.WaitForLog("re-evaluated 300 leads under definition v2: 0 changed level, 0 moved"));
}

TEST_CASE("--rescore-every repeats the pass") {
    TempDir dir;
    ServerProcess server(dir.Path(), {"--demo", "--leads", "50", "--rescore-every", "1"});
    CHECK(server.WaitForLog("re-evaluated 50 leads(.|\\n)*re-evaluated 50 leads"));
}
