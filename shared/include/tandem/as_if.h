// "As if": the scorecard under another definition, compared with what really applied, by one
// method over the same leads. Both sides count, of the leads created in the period, those whose
// level on today's facts reaches mql / sales_ready (ScorecardQuery::levels); they differ only in
// the definition each lead is evaluated under: the one in force when the lead was created, or one
// chosen version for every lead. Over a period in which that version was in force throughout, the
// two are equal.
#pragma once

#include <span>
#include <vector>

#include "tandem/evaluate.h"
#include "tandem/kpi.h"

namespace tandem {

struct RulesInForce {
    Timestamp since = 0;               // activation; the first version also covers what came before
    const CompiledRules* rules = nullptr;
};

// Each lead's level under the rules in force at its creation (`versions` by `since`, at least one).
// Leads created before `created_from` are not evaluated (Level::None): no period starting then
// counts them.
std::vector<Level> LevelsAtCreation(std::span<const RulesInForce> versions, std::span<const FunnelLead> leads,
                                    std::span<const LeadFacts> facts, Timestamp created_from, Timestamp now);

}  // namespace tandem
