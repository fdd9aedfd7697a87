// Lead operations with their side effects, each in one transaction: creating a lead scores it
// and records its history; edits re-score it; stage transitions are checked against the stage
// machine and the caller's role, and a rejection also becomes feedback for marketing.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "tandem/lead.h"
#include "tandem/stage_machine.h"
#include "tandem/user.h"

namespace tandem::store {
class Database;
}

namespace tandem::service {

struct ActiveDefinition;

// Inserts a new lead (input from LeadFromJson) and its first history rows. Throws ApiError 409
// if the email is taken, 422 if a referenced campaign or owner does not exist.
Lead CreateLead(store::Database& db, Lead input, const ActiveDefinition& definition, std::optional<std::int64_t> by,
                Timestamp now, const std::string& origin = "created");

// Applies a JSON merge patch to the lead's writable fields. `if_match`, when given, must equal the
// lead's current revision (else ApiError 412).
Lead PatchLead(store::Database& db, std::int64_t id, const nlohmann::json& patch, std::optional<std::int64_t> if_match,
               const ActiveDefinition& definition, const User& by, Timestamp now);

struct TransitionResult {
    Lead lead;
    StageChange change;
    std::optional<std::int64_t> feedback_id;   // the rejection feedback a reject created
};

// Moves a lead as `by` asks. Errors: 404 no such lead, 409 not a move of the funnel, 403 the role
// may not, 422 a missing or wrong reason or deal value, 412 a stale If-Match.
TransitionResult TransitionLead(store::Database& db, std::int64_t id, const TransitionRequest& request,
                                std::optional<std::int64_t> if_match, const User& by, Timestamp now);

}  // namespace tandem::service
