// Telling open dashboards that a lead changed, the same way from every route that changes one.
#pragma once

#include "tandem/lead.h"

namespace tandem::http {

struct ServerContext;

// After the commit, so a dashboard never hears of a change it cannot read. `change` is
// "created", "updated", "moved" or "assigned".
void PublishLeadChange(ServerContext& context, const Lead& lead, const char* change);

}  // namespace tandem::http
