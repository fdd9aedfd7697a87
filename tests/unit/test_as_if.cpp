// "As if": the levels each side counts, under the version in force at each lead's creation.
#include <doctest/doctest.h>

#include "rules_fixture.h"
#include "tandem/as_if.h"

using namespace tandem;
using tandem::test::BudgetAtLeast;
using tandem::test::kNow;

TEST_CASE("each lead is evaluated under the version in force when it was created, the first covering what came before") {
    // Created at (budget): out of order, as imports and backdated leads come.
    const std::pair<Timestamp, std::int64_t> made[] = {{310, 6000}, {100, 6000}, {100, 20000}, {250, 6000}, {350, 6000}, {400, 6000}};
    std::vector<FunnelLead> leads;
    std::vector<LeadFacts> facts;
    StringPool pool;
    for (const auto& [created, budget] : made) {
        Lead lead;
        lead.created_at = created;
        lead.last_activity_at = created;
        lead.budget_usd = budget;
        facts.push_back(FactsOf(lead, pool));
        leads.push_back({.id = static_cast<std::int64_t>(leads.size() + 1), .created_at = created});
    }
    CompiledRules strict(BudgetAtLeast(10000), pool), loose(BudgetAtLeast(5000), pool);
    const RulesInForce history[] = {{200, &strict}, {300, &loose}};

    // With no sales-ready checks, a lead over the threshold is sales-ready (Q).
    constexpr Level N = Level::None, Q = Level::SalesReady;
    CHECK(LevelsAtCreation(history, leads, facts, 0, kNow) == std::vector<Level>{Q, N, Q, N, Q, Q});
    // Leads created before the period's start are left out.
    CHECK(LevelsAtCreation(history, leads, facts, 320, kNow) == std::vector<Level>{N, N, N, N, Q, Q});
    // One version for all: "as if" it had always been in force.
    const RulesInForce only_strict[] = {{0, &strict}};
    CHECK(LevelsAtCreation(only_strict, leads, facts, 0, kNow) == std::vector<Level>{N, N, Q, N, N, N});
    const RulesInForce only_loose[] = {{0, &loose}};
    CHECK(LevelsAtCreation(only_loose, leads, facts, 0, kNow) == std::vector<Level>(6, Q));
    // Over leads all created while one version was in force, the two sides agree.
    std::span<const FunnelLead> late(leads.data() + 4, 2);
    std::span<const LeadFacts> late_facts(facts.data() + 4, 2);
    CHECK(LevelsAtCreation(history, late, late_facts, 0, kNow) == LevelsAtCreation(only_loose, late, late_facts, 0, kNow));
}
