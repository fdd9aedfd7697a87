// Creating, editing, moving, claiming and assigning leads.
#include "service/leads.h"

#include <nlohmann/json.hpp>

#include "http/api_error.h"
#include "service/qualifier.h"
#include "service/routing.h"
#include "store/account_repo.h"
#include "store/database.h"
#include "store/domain_repo.h"
#include "store/handoff_repo.h"
#include "store/lead_repo.h"
#include "tandem/codec.h"
#include "tandem/feedback.h"

namespace tandem::service {

namespace {

using http::ApiError;

void CheckReferences(store::Database& db, const Lead& lead) {
    if (lead.campaign_id && !store::FindCampaign(db, *lead.campaign_id))
        throw ApiError(422, "invalid", "no campaign " + std::to_string(*lead.campaign_id), "campaign_id");
    if (lead.owner_id && !store::FindUser(db, *lead.owner_id))
        throw ApiError(422, "invalid", "no user " + std::to_string(*lead.owner_id), "owner_id");
}

void RecordChanges(store::Database& db, std::int64_t lead_id, std::vector<StageChange>& changes) {
    for (StageChange& change : changes) {
        change.lead_id = lead_id;
        change.id = store::InsertStageChange(db, change);
    }
}

Lead FindOr404(store::Database& db, std::int64_t id, std::optional<std::int64_t> if_match) {
    std::optional<Lead> lead = store::FindLead(db, id);
    if (!lead) throw ApiError(404, "not_found", "no lead " + std::to_string(id));
    if (if_match && *if_match != lead->revision)
        throw ApiError(412, "precondition_failed", "the lead changed since you read it; reload and retry", "If-Match");
    return *lead;
}

bool EntersSalesReady(const std::vector<StageChange>& changes) {
    return !changes.empty() && changes.back().to == Stage::SalesReady;
}

std::string Definition(const ActiveDefinition& definition) { return "definition v" + std::to_string(definition.version); }

// A recycled lead comes back only on new evidence (RequalifyEvidence) and only if it meets the
// definition; anything else keeps it with marketing. The history row says what changed.
std::vector<StageChange> Requalify(store::Database& db, const Lead& before, Lead& after, const ActiveDefinition& definition,
                                   Timestamp now) {
    if (definition.version == 0 || !AutoStage(Stage::Recycled, after.score.level)) return {};
    std::optional<StageChange> recycled = store::LastRecycle(db, after.id);
    std::optional<RejectReason> reason = recycled ? ParseEnum<RejectReason>(recycled->reason) : std::nullopt;
    RequalifyVerdict verdict = RequalifyEvidence(before, after, reason);
    if (!verdict.evidence) return {};
    return ApplyLevel(after, now, "re-qualified: " + verdict.why + "; " + Definition(definition));
}

std::string NameOf(store::Database& db, std::int64_t user_id) {
    std::optional<User> user = store::FindUser(db, user_id);
    return user ? user->name : "user " + std::to_string(user_id);
}

// The user a lead may be given to: an active sales rep or sales leader; 422 (owner_id) otherwise.
void RequireAssignee(store::Database& db, std::int64_t owner_id) {
    std::optional<User> owner = store::FindUser(db, owner_id);
    if (!owner || !owner->active) throw ApiError(422, "invalid", "no active user " + std::to_string(owner_id), "owner_id");
    if (owner->role != Role::SalesRep && owner->role != Role::SalesLeader) {
        throw ApiError(422, "invalid",
                       owner->name + " is a " + std::string(ToString(owner->role)) +
                           "; leads are assigned to sales reps and sales leaders",
                       "owner_id");
    }
}

AssignResult ChangeOwner(store::Database& db, Lead lead, Assignment assignment, Timestamp now) {
    assignment.from_owner_id = lead.owner_id;
    assignment.at = now;
    lead.owner_id = assignment.to_owner_id;
    lead.revision += 1;
    lead.updated_at = now;
    store::UpdateLead(db, lead);
    return {lead, RecordAssignment(db, lead.id, std::move(assignment))};
}

}  // namespace

std::vector<StageChange> RescoreEdited(store::Database& db, const Lead& before, Lead& after,
                                       const ActiveDefinition& definition, Timestamp now, const std::string& what) {
    Rescore(after, definition, now);
    if (before.stage == Stage::Recycled) return Requalify(db, before, after, definition, now);
    return ApplyLevel(after, now, Definition(definition) + " after " + what);
}

Lead CreateLead(store::Database& db, Lead input, const ActiveDefinition& definition, std::optional<std::int64_t> by,
                Timestamp now, const std::string& origin) {
    CheckReferences(db, input);
    if (std::optional<std::int64_t> existing = store::FindLeadIdByEmail(db, input.email))
        throw ApiError(409, "conflict", "a lead with this email exists (lead " + std::to_string(*existing) + ")", "email");
    Lead lead = std::move(input);
    if (lead.created_at == 0) lead.created_at = now;
    lead.updated_at = now;
    lead.revision = 1;
    std::vector<StageChange> changes;
    StageChange created;
    created.to = lead.stage;
    created.at = lead.created_at;
    created.by_user_id = by;
    created.reason = origin;
    changes.push_back(created);
    Rescore(lead, definition, now);
    for (StageChange& change : ApplyLevel(lead, now, Definition(definition))) changes.push_back(std::move(change));
    LeadRouter router(db);
    std::optional<Assignment> routed = router.Route(lead, now);
    lead.id = store::InsertLead(db, lead);
    RecordChanges(db, lead.id, changes);
    if (routed) RecordAssignment(db, lead.id, *routed);
    return lead;
}

Lead CreateLeadByHand(store::Database& db, Lead input, const ActiveDefinition& definition, const User& by, Timestamp now) {
    if (input.created_at != 0 && by.role != Role::Admin)
        throw ApiError(422, "invalid", "set by the server when a lead is made by hand; only admins and imports set it",
                       "created_at");
    if (input.created_at > now + kSecondsPerDay)
        throw ApiError(422, "invalid", "more than a day in the future", "created_at");
    if (input.owner_id) {
        bool takes_it = *input.owner_id == by.id && Can(by.role, Action::ClaimLeads);
        if (!takes_it && !Can(by.role, Action::AssignLeads)) {
            throw ApiError(403, "forbidden",
                           "a " + std::string(ToString(by.role)) +
                               " cannot give a lead to someone; a sales leader or an admin assigns leads, and a seller "
                               "may take one themselves");
        }
        RequireAssignee(db, *input.owner_id);
    }
    return CreateLead(db, std::move(input), definition, by.id, now);
}

void RequireMayActOn(store::Database& db, const Lead& lead, const User& by) {
    if (MayActOnLead(by, lead.owner_id)) return;
    throw ApiError(403, "forbidden",
                   "lead " + std::to_string(lead.id) + " is " + NameOf(db, *lead.owner_id) +
                       "'s: a sales rep acts on their own leads and unassigned ones; a sales leader can reassign it");
}

Lead PatchLead(store::Database& db, std::int64_t id, const nlohmann::json& patch, std::optional<std::int64_t> if_match,
               const ActiveDefinition& definition, const User& by, Timestamp now) {
    Lead existing = FindOr404(db, id, if_match);
    RequireMayActOn(db, existing, by);
    Lead updated = LeadFromJson(MergePatch(ToJson(existing), patch, LeadReadOnlyFields()));
    if (existing.erased_at) {
        // Its person asked to be forgotten: identifying them again takes a new lead.
        const char* field = updated.email != existing.email ? "email"
                            : updated.name != existing.name ? "name"
                            : updated.phone != existing.phone ? "phone"
                                                              : nullptr;
        if (field) throw ApiError(409, "conflict", "this lead's personal data was erased; it cannot be set again", field);
    }
    CheckReferences(db, updated);
    if (updated.email != existing.email) {
        if (std::optional<std::int64_t> other = store::FindLeadIdByEmail(db, updated.email))
            throw ApiError(409, "conflict", "a lead with this email exists (lead " + std::to_string(*other) + ")", "email");
    }
    bool owner_changed = updated.owner_id != existing.owner_id;
    if (owner_changed && !Can(by.role, Action::AssignLeads)) {
        throw ApiError(403, "forbidden",
                       "a " + std::string(ToString(by.role)) +
                           " cannot reassign a lead; a sales rep claims an unassigned one, a sales leader assigns");
    }
    updated.id = existing.id;
    updated.stage = existing.stage;
    updated.score = existing.score;
    updated.revision = existing.revision + 1;
    updated.updated_at = now;
    updated.erased_at = existing.erased_at;
    updated.erased_by = existing.erased_by;
    updated.crm_source = existing.crm_source;
    updated.crm_id = existing.crm_id;
    std::vector<StageChange> changes = RescoreEdited(db, existing, updated, definition, now, "an edit by " + by.email);
    std::optional<Assignment> routed;
    if (EntersSalesReady(changes)) {
        LeadRouter router(db);
        routed = router.Route(updated, now);
    }
    store::UpdateLead(db, updated);
    RecordChanges(db, updated.id, changes);
    if (owner_changed) {
        Assignment assignment;
        assignment.from_owner_id = existing.owner_id;
        assignment.to_owner_id = updated.owner_id;
        assignment.at = now;
        assignment.by_user_id = by.id;
        assignment.kind = AssignmentKind::Assign;
        assignment.note = "changed in an edit of the lead";
        RecordAssignment(db, updated.id, std::move(assignment));
    }
    if (routed) RecordAssignment(db, updated.id, *routed);
    return updated;
}

TransitionResult TransitionLead(store::Database& db, std::int64_t id, const TransitionRequest& request,
                                std::optional<std::int64_t> if_match, const User& by, Timestamp now,
                                const Feedback* rejection) {
    Lead lead = FindOr404(db, id, if_match);
    RequireMayActOn(db, lead, by);
    TransitionVerdict verdict = CheckTransition(lead.stage, by.role, request);
    switch (verdict.problem) {
    case TransitionProblem::None: break;
    case TransitionProblem::NoSuchMove: throw ApiError(409, "conflict", verdict.message, "to");
    case TransitionProblem::Forbidden: throw ApiError(403, "forbidden", verdict.message);
    case TransitionProblem::Invalid: throw ApiError(422, "invalid", verdict.message, verdict.field);
    }
    StageChange change;
    change.lead_id = lead.id;
    change.from = lead.stage;
    change.to = request.to;
    change.at = now;
    change.by_user_id = by.id;
    change.reason = request.reason;
    change.note = request.note;
    change.id = store::InsertStageChange(db, change);

    bool rejected_by_sales = request.to == Stage::Recycled &&
                             (lead.stage == Stage::SalesReady || lead.stage == Stage::Sql);
    // A seller who accepts a lead from the unassigned pool takes it.
    std::optional<Assignment> routed;
    if (lead.stage == Stage::SalesReady && request.to == Stage::Sql && !lead.owner_id &&
        (by.role == Role::SalesRep || by.role == Role::SalesLeader)) {
        Assignment claim;
        claim.to_owner_id = by.id;
        claim.at = now;
        claim.by_user_id = by.id;
        claim.kind = AssignmentKind::Claim;
        claim.note = "accepted it";
        lead.owner_id = by.id;
        routed = claim;
    }
    lead.stage = request.to;
    if (request.deal_value) lead.deal_value = request.deal_value;
    lead.revision += 1;
    lead.updated_at = now;
    // Marketing handing a lead to sales routes it like the definition would.
    if (!routed) {
        LeadRouter router(db);
        routed = router.Route(lead, now);
    }
    store::UpdateLead(db, lead);
    if (routed) RecordAssignment(db, lead.id, *routed);

    std::optional<std::int64_t> feedback_id;
    if (rejected_by_sales) {
        // The reason goes back to marketing as feedback, so rejections are never silent.
        Feedback feedback;
        if (rejection) feedback = *rejection;
        else feedback.text = request.note;
        feedback.author_id = by.id;
        feedback.at = now;
        feedback.kind = FeedbackKind::Rejection;
        feedback.lead_id = lead.id;
        if (!feedback.campaign_id) feedback.campaign_id = lead.campaign_id;
        feedback.reason = ParseEnum<RejectReason>(request.reason);
        feedback.updated_at = now;
        feedback.revision = 1;
        feedback_id = store::InsertFeedback(db, feedback);
    }
    return {lead, change, feedback_id};
}

TransitionResult RejectWithFeedback(store::Database& db, const Feedback& feedback, const User& by, Timestamp now) {
    Lead lead = FindOr404(db, *feedback.lead_id, std::nullopt);
    if (lead.stage != Stage::SalesReady) {
        throw ApiError(409, "conflict",
                       "lead " + std::to_string(lead.id) + " is " + std::string(ToString(lead.stage)) +
                           ", not sales_ready: only a lead handed to sales can be rejected",
                       "lead_id");
    }
    TransitionRequest request;
    request.to = Stage::Recycled;
    request.reason = std::string(ToString(*feedback.reason));
    request.note = feedback.text;
    return TransitionLead(db, lead.id, request, std::nullopt, by, now, &feedback);
}

AssignResult ClaimLead(store::Database& db, std::int64_t id, std::optional<std::int64_t> if_match, const User& by,
                       Timestamp now) {
    Lead lead = FindOr404(db, id, if_match);
    if (lead.owner_id == by.id) return {lead, std::nullopt};
    if (lead.stage != Stage::SalesReady) {
        throw ApiError(409, "conflict",
                       "only a sales-ready lead can be claimed; lead " + std::to_string(id) + " is " +
                           std::string(ToString(lead.stage)));
    }
    if (lead.owner_id) {
        throw ApiError(409, "conflict",
                       "lead " + std::to_string(id) + " is assigned to " + NameOf(db, *lead.owner_id) +
                           "; a sales leader can reassign it");
    }
    Assignment assignment;
    assignment.to_owner_id = by.id;
    assignment.by_user_id = by.id;
    assignment.kind = AssignmentKind::Claim;
    return ChangeOwner(db, std::move(lead), std::move(assignment), now);
}

AssignResult AssignLead(store::Database& db, std::int64_t id, const AssignRequest& request,
                        std::optional<std::int64_t> if_match, const User& by, Timestamp now) {
    Lead lead = FindOr404(db, id, if_match);
    if (request.owner_id) RequireAssignee(db, *request.owner_id);
    if (lead.owner_id == request.owner_id) return {lead, std::nullopt};
    Assignment assignment;
    assignment.to_owner_id = request.owner_id;
    assignment.by_user_id = by.id;
    assignment.kind = AssignmentKind::Assign;
    assignment.note = request.note;
    return ChangeOwner(db, std::move(lead), std::move(assignment), now);
}

LeadExplanation LoadExplanation(store::Database& db, std::int64_t id, const ActiveDefinition& definition, Timestamp now) {
    std::optional<Lead> lead = store::FindLead(db, id);
    if (!lead) throw ApiError(404, "not_found", "no lead " + std::to_string(id));
    if (definition.version == 0) throw ApiError(404, "not_found", "no definition is active yet");
    return ExplainLead(definition.version, definition.rules, *lead, now);
}

}  // namespace tandem::service
