// Why a lead scores what it scores: its evaluation under the active definition together with
// that definition's rules, so a reader can see every criterion, whether it matched and the points
// it gave (GET /api/leads/{id}/explanation).
#pragma once

#include <cstdint>

#include <nlohmann/json_fwd.hpp>

#include "tandem/definition.h"
#include "tandem/evaluate.h"
#include "tandem/time.h"

namespace tandem {

struct LeadExplanation {
    std::int64_t lead_id = 0;
    std::int64_t definition_version = 0;
    Timestamp evaluated_at = 0;
    double decay_factor = 1;             // what engagement points were multiplied by
    DefinitionRules rules;
    Evaluation evaluation;               // results in the rules' order, one per criterion
};

LeadExplanation ExplainLead(std::int64_t definition_version, const DefinitionRules& rules, const Lead& lead, Timestamp now);

// JSON (src/explanation_json.cpp): {lead_id, definition_version, evaluated_at, decay_factor, rules,
// fit, engagement, total, level, results: {fit: [{id, matched, points}], engagement, sales_ready}}.
nlohmann::json ToJson(const LeadExplanation& explanation);
// Strict: the rules under RulesFromJson's checks, one result per criterion with its id, in order.
LeadExplanation ExplanationFromServerJson(const nlohmann::json& in);

}  // namespace tandem
