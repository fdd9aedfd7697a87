// The events Tandem tells webhooks of, in the order the docs list them: the server checks
// subscriptions against this list, the dashboard offers it.
#pragma once

#include <array>

namespace tandem {

inline constexpr std::array<const char*, 10> kWebhookEvents = {
    "lead.handed_over",     "lead.accepted",    "lead.rejected",    "sla.breached",       "feedback.created",
    "content_request.done", "campaign.created", "campaign.updated", "campaign.cancelled", "definition.activated",
};

}  // namespace tandem
