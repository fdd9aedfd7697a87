// Which stage changes are allowed, which need a reason, and who may make them; and where the
// definition alone moves a lead (new/mql/sales_ready follow its level; a recycled lead that
// qualifies again comes back).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "tandem/enums.h"

namespace tandem {

// A stage change someone asks for (POST /api/leads/{id}/transitions).
struct TransitionRequest {
    Stage to = Stage::New;
    std::string reason;                       // moving to recycled: a RejectReason code, required
    std::string note;                         // free text
    std::optional<std::int64_t> deal_value;   // moving to won: required, > 0
};

enum class TransitionProblem {
    None,
    NoSuchMove,        // from -> to is not an edge of the funnel (HTTP 409)
    Forbidden,         // the role may not make this move (HTTP 403)
    Invalid,           // reason or deal value missing or wrong (HTTP 422, with field)
};

struct TransitionVerdict {
    TransitionProblem problem = TransitionProblem::None;
    std::string field;      // "reason", "deal_value" for Invalid
    std::string message;
    bool Ok() const { return problem == TransitionProblem::None; }
};

TransitionVerdict CheckTransition(Stage from, Role role, const TransitionRequest& request);

// The stage the definition puts a lead in, given its level, or nullopt if the definition does
// not move leads out of `current` (a lead sales has accepted stays with sales).
std::optional<Stage> AutoStage(Stage current, Level level);

// Whether a lead in this stage is waiting for sales to respond (the SLA clock runs).
bool AwaitsSalesResponse(Stage stage);

// JSON (src/lead_json.cpp): {"to": "recycled", "reason": "no_budget", "note": "...", "deal_value": 1}.
// Shape and types only; CheckTransition judges the move.
TransitionRequest TransitionFromJson(const nlohmann::json& in);

}  // namespace tandem
