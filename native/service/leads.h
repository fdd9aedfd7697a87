// Lead operations with their side effects, each in one transaction: creating a lead scores it
// and records its history; edits re-score it; stage transitions are checked against the stage
// machine and the caller's role, and a rejection also becomes feedback for marketing. A lead that
// enters sales_ready without an owner is routed to a rep (service/routing.h); every change of
// owner is recorded as an assignment.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "tandem/explanation.h"
#include "tandem/feedback.h"
#include "tandem/handoff.h"
#include "tandem/lead.h"
#include "tandem/stage_machine.h"
#include "tandem/user.h"

namespace tandem::store {
class Database;
}

namespace tandem::service {

struct ActiveDefinition;

// Inserts a new lead (input from LeadFromJson) and its first history rows; routes it if it is
// sales_ready without an owner. Throws ApiError 409 if the email is taken, 422 if a referenced
// campaign or owner does not exist.
Lead CreateLead(store::Database& db, Lead input, const ActiveDefinition& definition, std::optional<std::int64_t> by,
                Timestamp now, const std::string& origin = "created");

// A lead made by hand (POST /api/leads) under the rules for people: created_at is the server's
// unless an admin sets it, and never more than a day ahead (else 422); an owner is set as an
// assignment would be (a leader or admin gives it to an active seller; a seller may take it
// themselves; else 403 or 422).
Lead CreateLeadByHand(store::Database& db, Lead input, const ActiveDefinition& definition, const User& by, Timestamp now);

// What an edit of its facts does to a lead (PatchLead, an import that updates it): re-scored under
// the definition; a recycled lead moves again only on new evidence, any other as its level says.
// Returns the stage changes to record; `what` names the edit in their reason ("an edit by ...").
std::vector<StageChange> RescoreEdited(store::Database& db, const Lead& before, Lead& after,
                                       const ActiveDefinition& definition, Timestamp now, const std::string& what);

// 403 unless `by` may act on this lead (tandem/user.h MayActOnLead), with a message that says who may.
void RequireMayActOn(store::Database& db, const Lead& lead, const User& by);

// Applies a JSON merge patch to the lead's writable fields. `if_match`, when given, must equal the
// lead's current revision (else ApiError 412). Changing owner_id takes a role that may assign
// leads (else 403). A recycled lead moves again only on new evidence (RequalifyEvidence in
// tandem/handoff.h) and only if it meets the active definition; its history row says why.
Lead PatchLead(store::Database& db, std::int64_t id, const nlohmann::json& patch, std::optional<std::int64_t> if_match,
               const ActiveDefinition& definition, const User& by, Timestamp now);

struct TransitionResult {
    Lead lead;
    StageChange change;
    std::optional<std::int64_t> feedback_id;   // the rejection feedback a reject created
};

// Moves a lead as `by` asks. Errors: 404 no such lead, 409 not a move of the funnel, 403 the role
// may not or the lead is another rep's, 422 a missing or wrong reason or deal value, 412 a stale
// If-Match. A rejection's feedback takes its text from the note, or from `rejection` (its text,
// tags and campaign) when the rejection was logged as feedback.
TransitionResult TransitionLead(store::Database& db, std::int64_t id, const TransitionRequest& request,
                                std::optional<std::int64_t> if_match, const User& by, Timestamp now,
                                const Feedback* rejection = nullptr);

// Feedback of kind rejection is the same action as rejecting the lead from the inbox: a
// sales_ready lead moves to recycled with the reason (409 for a lead in any other stage).
TransitionResult RejectWithFeedback(store::Database& db, const Feedback& feedback, const User& by, Timestamp now);

struct AssignResult {
    Lead lead;
    std::optional<Assignment> assignment;      // nothing if the owner did not change
};

// A sales rep (or leader) takes an unassigned sales_ready lead. Errors: 404, 412, 409 if it is
// not sales_ready or someone else owns it. Claiming one's own lead changes nothing.
AssignResult ClaimLead(store::Database& db, std::int64_t id, std::optional<std::int64_t> if_match, const User& by,
                       Timestamp now);

// A leader gives a lead to an active sales rep or sales leader, or (owner nullopt) returns it to
// the pool. Errors: 404, 412, 422 (owner_id) if the new owner does not exist, is inactive or is
// not on the sales team.
AssignResult AssignLead(store::Database& db, std::int64_t id, const AssignRequest& request,
                        std::optional<std::int64_t> if_match, const User& by, Timestamp now);

// The lead's score under the active definition at `now`, criterion by criterion. 404 without the
// lead or without an active definition.
LeadExplanation LoadExplanation(store::Database& db, std::int64_t id, const ActiveDefinition& definition, Timestamp now);

}  // namespace tandem::service
