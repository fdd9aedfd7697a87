// The webhook events a change makes, queued in the change's own write transaction: one call from
// each place that changes a lead's stage, feedback, a campaign or the active definition.
#pragma once

#include <optional>

#include "tandem/campaign.h"
#include "tandem/feedback.h"
#include "tandem/lead.h"

namespace tandem::store {
class Database;
}

namespace tandem::webhooks {

// lead.handed_over (entered sales_ready), lead.accepted (sales_ready -> sql) or lead.rejected
// (sales_ready or sql -> recycled), judged from the stage before (none: a new lead) and after.
void EnqueueLeadChange(store::Database& db, std::optional<Stage> before, const Lead& after, Timestamp now);
void EnqueueFeedbackCreated(store::Database& db, const Feedback& feedback, Timestamp now);
// content_request.done when a content request has just become done.
void EnqueueFeedbackChange(store::Database& db, const Feedback& before, const Feedback& after, Timestamp now);
// campaign.created (no `before`), campaign.cancelled (its status became cancelled) or campaign.updated.
void EnqueueCampaignChange(store::Database& db, const std::optional<Campaign>& before, const Campaign& after, Timestamp now);

}  // namespace tandem::webhooks
