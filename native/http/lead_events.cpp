// Lead change events.
#include "http/lead_events.h"

#include <nlohmann/json.hpp>

#include "http/context.h"
#include "tandem/codec.h"

namespace tandem::http {

void PublishLeadChange(ServerContext& context, const Lead& lead, const char* change) {
    context.funnel.MarkDirty(lead.id);
    context.events.Publish("lead", {{"id", lead.id}, {"stage", ToString(lead.stage)}, {"change", change},
                                    {"revision", lead.revision}, {"owner_id", OrNull(lead.owner_id)}});
    context.events.Publish("scorecard", nlohmann::json::object());
}

}  // namespace tandem::http
