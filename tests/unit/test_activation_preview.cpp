// What an activation would do, computed before it happens, and its JSON.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "rules_fixture.h"
#include "tandem/activation_preview.h"
#include "tandem/codec.h"

using namespace tandem;
using tandem::test::BudgetAtLeast;
using tandem::test::kNow;

TEST_CASE("an activation preview counts level changes, the stage moves activation makes and the inboxes they reach") {
    // Budget, stage, owner: the proposal qualifies from 5,000 instead of 10,000.
    struct Spec {
        std::int64_t budget;
        Stage stage;
        std::int64_t owner;
    };
    const Spec specs[] = {
        {6000, Stage::New, 5},         // goes to sales, rep 5
        {6000, Stage::New, 0},         // goes to sales, unassigned
        {6000, Stage::Recycled, 5},    // qualified again: back to sales, rep 5
        {6000, Stage::Sql, 6},         // sales owns it: no move, though its level rises
        {20000, Stage::SalesReady, 6}, // qualified under both: stays
        {1000, Stage::Mql, 6},         // an MQL by hand, not qualified: back to new
    };
    std::vector<FunnelLead> leads;
    std::vector<LeadFacts> facts;
    StringPool pool;
    for (const Spec& spec : specs) {
        Lead lead;
        lead.created_at = kNow - 86400;
        lead.last_activity_at = kNow;
        lead.budget_usd = spec.budget;
        facts.push_back(FactsOf(lead, pool));
        leads.push_back({.id = static_cast<std::int64_t>(leads.size() + 1), .created_at = lead.created_at,
                         .owner_id = spec.owner, .stage = spec.stage});
    }
    CompiledRules active(BudgetAtLeast(10000), pool), proposed(BudgetAtLeast(5000), pool);
    ActivationPreview preview = PreviewActivation(active, proposed, leads, facts, kNow);
    CHECK(preview.leads == 6);
    constexpr std::size_t kNone = 0, kReady = 2;
    CHECK(preview.levels[kNone][kReady] == 4);
    CHECK(preview.levels[kNone][kNone] == 1);
    CHECK(preview.levels[kReady][kReady] == 1);
    CHECK(preview.to_sales_ready == 3);
    CHECK(preview.to_mql == 0);
    CHECK(preview.to_new == 1);
    CHECK(preview.inboxes == std::vector<ActivationInbox>{{5, 2}, {0, 1}});

    preview.version = 3;
    nlohmann::json json = ToJson(preview);
    CHECK(json["levels"]["none"] == nlohmann::json{{"none", 1}, {"mql", 0}, {"sales_ready", 4}});
    CHECK(json["inboxes"] == nlohmann::json::parse(R"([{"owner_id": 5, "leads": 2}, {"owner_id": null, "leads": 1}])"));
    ActivationPreview decoded = ActivationPreviewFromJson(json);
    CHECK(ToJson(decoded) == json);
    json["levels"]["mql"].erase("none");
    CHECK_THROWS_WITH_AS(ActivationPreviewFromJson(json), "levels.mql.none: required", DecodeError);
}
