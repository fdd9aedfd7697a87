// Erasure of a lead's personal data and the copy of it.
#include "service/erasure.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "http/api_error.h"
#include "store/database.h"
#include "store/domain_repo.h"
#include "store/erasure_repo.h"
#include "store/handoff_repo.h"
#include "store/lead_repo.h"
#include "store/notification_repo.h"
#include "service/notifications.h"
#include "tandem/feedback.h"
#include "tandem/handoff.h"
#include "webhooks/webhook_repo.h"

namespace tandem::service {

namespace {

Lead FindOr404(store::Database& db, std::int64_t id) {
    std::optional<Lead> lead = store::FindLead(db, id);
    if (!lead) throw http::ApiError(404, "not_found", "no lead " + std::to_string(id));
    return *lead;
}

// Unique as the email column requires, and in a domain that can never be a person's (RFC 2606).
std::string ErasedEmail(std::int64_t id) { return "erased-" + std::to_string(id) + "@erased.invalid"; }

}  // namespace

Erasure EraseLead(store::Database& db, std::int64_t id, const User& by, Timestamp now) {
    Erasure erasure;
    erasure.lead = FindOr404(db, id);
    if (erasure.lead.erased_at) {
        erasure.already_erased = true;
        return erasure;
    }
    Lead& lead = erasure.lead;
    lead.email = ErasedEmail(lead.id);
    lead.name.clear();
    lead.phone.clear();
    lead.erased_at = now;
    lead.erased_by = by.id;
    lead.updated_at = now;
    ++lead.revision;
    store::UpdateLead(db, lead);
    store::ErasedText text = store::EraseLeadText(db, lead.id, kErasedFeedbackText, now);
    erasure.history_notes = text.history_notes;
    erasure.assignment_notes = text.assignment_notes;
    erasure.feedback_ids = std::move(text.feedback_ids);
    // A finished content request's notice quotes it.
    for (std::int64_t feedback : erasure.feedback_ids)
        store::ReplaceNotificationText(db, ContentRequestLink(feedback), "A content request of yours was finished; "
                                                                         "its text was erased on request.");
    webhooks::EraseLeadFromMessages(db, lead.id, lead.email, kErasedFeedbackText);
    return erasure;
}

nlohmann::json ToJson(const Erasure& erasure) {
    return {
        {"lead", ToJson(erasure.lead)},
        {"already_erased", erasure.already_erased},
        {"erased", {{"history_notes", erasure.history_notes},
                    {"assignment_notes", erasure.assignment_notes},
                    {"feedback_texts", erasure.feedback_ids.size()}}},
    };
}

nlohmann::json PersonalData(store::Database& db, std::int64_t id, Timestamp now) {
    Lead lead = FindOr404(db, id);
    nlohmann::json history = nlohmann::json::array();
    for (const StageChange& change : store::LeadHistory(db, id)) history.push_back(ToJson(change));
    nlohmann::json assignments = nlohmann::json::array();
    for (const Assignment& assignment : store::LeadAssignments(db, id)) assignments.push_back(ToJson(assignment));
    // Oldest first, like the history; the list pages newest first.
    nlohmann::json feedback = nlohmann::json::array();
    store::FeedbackFilter filter;
    filter.lead_id = id;
    filter.limit = 500;
    for (;;) {
        store::FeedbackPage page = store::ListFeedback(db, filter);
        for (const Feedback& item : page.items) feedback.push_back(ToJson(item));
        if (!page.next_cursor) break;
        filter.before_id = page.next_cursor;
    }
    std::reverse(feedback.begin(), feedback.end());
    return {
        {"exported_at", FormatTimestamp(now)},
        {"lead", ToJson(lead)},
        {"stage_history", std::move(history)},
        {"assignments", std::move(assignments)},
        {"feedback", std::move(feedback)},
    };
}

}  // namespace tandem::service
