// Finding SLA breaches no endpoint has been told of yet.
#include "webhooks/breaches.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "http/context.h"
#include "service/open_breaches.h"
#include "store/database.h"
#include "store/domain_repo.h"
#include "store/lead_repo.h"
#include "store/store.h"
#include "tandem/handoff.h"
#include "webhooks/webhook_repo.h"

namespace tandem::webhooks {

namespace {

constexpr const char* kType = "sla.breached";

bool Subscribed(const Endpoint& endpoint) {
    return endpoint.enabled && std::find(endpoint.events.begin(), endpoint.events.end(), kType) != endpoint.events.end();
}

std::vector<Endpoint> Subscribers(store::Database& db) {
    std::vector<Endpoint> endpoints = ListEndpoints(db);
    std::erase_if(endpoints, [](const Endpoint& endpoint) { return !Subscribed(endpoint); });
    return endpoints;
}

}  // namespace

void EnqueueNewBreaches(http::ServerContext& context) {
    Timestamp now = http::Now();
    if (context.store.Read([](store::Database& db) { return Subscribers(db).empty(); })) return;
    service::OpenBreaches open = service::FindOpenBreaches(context, now);
    if (open.entries.empty()) return;
    context.store.Write([&](store::Database& db) {
        for (const Endpoint& endpoint : Subscribers(db)) {
            for (const InboxEntry& breach : open.entries) {
                db.Cached("INSERT INTO webhook_breaches_sent (endpoint_id, lead_id, entered_at) VALUES (?, ?, ?) "
                          "ON CONFLICT (endpoint_id, lead_id, entered_at) DO NOTHING")
                    .Bind(1, endpoint.id)
                    .Bind(2, breach.lead_id)
                    .Bind(3, breach.entered_at)
                    .Run();
                if (db.Changes() == 0) continue;
                std::optional<Lead> lead = store::FindLead(db, breach.lead_id);
                if (!lead || lead->stage != Stage::SalesReady) continue;   // answered since the funnel was read
                EnqueueTo(db, endpoint, kType,
                          {{"lead", ToJson(*lead)},
                           {"entered_at", FormatTimestamp(breach.entered_at)},
                           {"due_at", FormatTimestamp(breach.due_at)},
                           {"sla_hours", open.sla_hours}},
                          now);
            }
        }
    });
}

}  // namespace tandem::webhooks
