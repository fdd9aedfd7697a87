// Which webhook event each change is.
#include "webhooks/events.h"

#include <nlohmann/json.hpp>

#include "webhooks/webhook_repo.h"

namespace tandem::webhooks {

void EnqueueLeadChange(store::Database& db, std::optional<Stage> before, const Lead& after, Timestamp now) {
    const char* type = nullptr;
    if (after.stage == Stage::SalesReady && before != Stage::SalesReady) type = "lead.handed_over";
    else if (before == Stage::SalesReady && after.stage == Stage::Sql) type = "lead.accepted";
    else if ((before == Stage::SalesReady || before == Stage::Sql) && after.stage == Stage::Recycled) type = "lead.rejected";
    if (type) Enqueue(db, type, ToJson(after), now);
}

void EnqueueFeedbackCreated(store::Database& db, const Feedback& feedback, Timestamp now) {
    Enqueue(db, "feedback.created", ToJson(feedback), now);
}

void EnqueueFeedbackChange(store::Database& db, const Feedback& before, const Feedback& after, Timestamp now) {
    if (after.kind == FeedbackKind::ContentRequest && after.status == ContentStatus::Done && before.status != ContentStatus::Done)
        Enqueue(db, "content_request.done", ToJson(after), now);
}

void EnqueueCampaignChange(store::Database& db, const std::optional<Campaign>& before, const Campaign& after, Timestamp now) {
    const char* type = !before                                                                   ? "campaign.created"
                       : after.status == CampaignStatus::Cancelled && before->status != CampaignStatus::Cancelled ? "campaign.cancelled"
                                                                                                   : "campaign.updated";
    Enqueue(db, type, ToJson(after), now);
}

}  // namespace tandem::webhooks
