// SLA breaches as webhook events: a sales_ready lead left unanswered past the first-response SLA is
// computed from the funnel, not written by any request, so the dispatcher looks for new ones.
#pragma once

namespace tandem::http {
struct ServerContext;
}

namespace tandem::webhooks {

// Queues sla.breached, once per breach (a lead's latest handover), for every enabled endpoint
// subscribed to it, including the breaches already open when it subscribed.
void EnqueueNewBreaches(http::ServerContext& context);

}  // namespace tandem::webhooks
