// The SLA breaches open now: sales_ready leads left unanswered past the first-response SLA, read
// from the funnel. Nothing writes a breach; what tells of them (webhooks, email) looks for new ones.
#pragma once

#include <vector>

#include "tandem/handoff.h"

namespace tandem::http {
struct ServerContext;
}

namespace tandem::service {

struct OpenBreaches {
    int sla_hours = 0;
    std::vector<InboxEntry> entries;
};

OpenBreaches FindOpenBreaches(http::ServerContext& context, Timestamp now);

}  // namespace tandem::service
