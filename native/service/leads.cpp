// Creating, editing and moving leads.
#include "service/leads.h"

#include <nlohmann/json.hpp>

#include "http/api_error.h"
#include "service/qualifier.h"
#include "store/account_repo.h"
#include "store/database.h"
#include "store/domain_repo.h"
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

}  // namespace

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
    for (StageChange& change : ApplyLevel(lead, now, "definition v" + std::to_string(definition.version)))
        changes.push_back(std::move(change));
    lead.id = store::InsertLead(db, lead);
    RecordChanges(db, lead.id, changes);
    return lead;
}

Lead PatchLead(store::Database& db, std::int64_t id, const nlohmann::json& patch, std::optional<std::int64_t> if_match,
               const ActiveDefinition& definition, const User& by, Timestamp now) {
    std::optional<Lead> existing = store::FindLead(db, id);
    if (!existing) throw ApiError(404, "not_found", "no lead " + std::to_string(id));
    if (if_match && *if_match != existing->revision)
        throw ApiError(412, "precondition_failed", "the lead changed since you read it; reload and retry", "If-Match");
    Lead updated = LeadFromJson(MergePatch(ToJson(*existing), patch, LeadReadOnlyFields()));
    CheckReferences(db, updated);
    if (updated.email != existing->email) {
        if (std::optional<std::int64_t> other = store::FindLeadIdByEmail(db, updated.email))
            throw ApiError(409, "conflict", "a lead with this email exists (lead " + std::to_string(*other) + ")", "email");
    }
    updated.id = existing->id;
    updated.stage = existing->stage;
    updated.score = existing->score;
    updated.revision = existing->revision + 1;
    updated.updated_at = now;
    Rescore(updated, definition, now);
    std::vector<StageChange> changes =
        ApplyLevel(updated, now, "definition v" + std::to_string(definition.version) + " after an edit by " + by.email);
    store::UpdateLead(db, updated);
    RecordChanges(db, updated.id, changes);
    return updated;
}

TransitionResult TransitionLead(store::Database& db, std::int64_t id, const TransitionRequest& request,
                                std::optional<std::int64_t> if_match, const User& by, Timestamp now) {
    std::optional<Lead> lead = store::FindLead(db, id);
    if (!lead) throw ApiError(404, "not_found", "no lead " + std::to_string(id));
    if (if_match && *if_match != lead->revision)
        throw ApiError(412, "precondition_failed", "the lead changed since you read it; reload and retry", "If-Match");
    TransitionVerdict verdict = CheckTransition(lead->stage, by.role, request);
    switch (verdict.problem) {
    case TransitionProblem::None: break;
    case TransitionProblem::NoSuchMove: throw ApiError(409, "conflict", verdict.message, "to");
    case TransitionProblem::Forbidden: throw ApiError(403, "forbidden", verdict.message);
    case TransitionProblem::Invalid: throw ApiError(422, "invalid", verdict.message, verdict.field);
    }
    StageChange change;
    change.lead_id = lead->id;
    change.from = lead->stage;
    change.to = request.to;
    change.at = now;
    change.by_user_id = by.id;
    change.reason = request.reason;
    change.note = request.note;
    change.id = store::InsertStageChange(db, change);

    bool rejected_by_sales = request.to == Stage::Recycled &&
                             (lead->stage == Stage::SalesReady || lead->stage == Stage::Sql);
    lead->stage = request.to;
    if (request.deal_value) lead->deal_value = request.deal_value;
    lead->revision += 1;
    lead->updated_at = now;
    store::UpdateLead(db, *lead);

    std::optional<std::int64_t> feedback_id;
    if (rejected_by_sales) {
        // The reason goes back to marketing as feedback, so rejections are never silent.
        Feedback feedback;
        feedback.author_id = by.id;
        feedback.at = now;
        feedback.kind = FeedbackKind::Rejection;
        feedback.lead_id = lead->id;
        feedback.campaign_id = lead->campaign_id;
        feedback.reason = ParseEnum<RejectReason>(request.reason);
        feedback.text = request.note;
        feedback.updated_at = now;
        feedback_id = store::InsertFeedback(db, feedback);
    }
    return {*lead, change, feedback_id};
}

}  // namespace tandem::service
