// Breaches from the funnel snapshot.
#include "service/open_breaches.h"

#include "http/context.h"
#include "store/domain_repo.h"
#include "store/store.h"

namespace tandem::service {

OpenBreaches FindOpenBreaches(http::ServerContext& context, Timestamp now) {
    OpenBreaches open;
    InboxQuery query{.now = now, .scope = InboxScope::All};
    query.sla_hours = context.store.Read([](store::Database& db) { return store::LoadSla(db).first_response_hours; });
    open.sla_hours = query.sla_hours;
    context.funnel.Read(context.store, [&](const FunnelSnapshot& snapshot) {
        for (const InboxEntry& entry : CollectInbox(snapshot.funnel, query).entries)
            if (entry.breached) open.entries.push_back(entry);
    });
    return open;
}

}  // namespace tandem::service
