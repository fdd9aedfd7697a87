// What route handlers share: the store, the login limiter, settings and the clock.
#pragma once

#include <chrono>

#include "auth/rate_limit.h"
#include "events/event_hub.h"
#include "service/definitions.h"
#include "service/funnel_cache.h"
#include "service/presence_board.h"
#include "service/qualifier.h"
#include "tandem/time.h"

namespace tandem::store {
class Store;
}

namespace tandem::http {

class Api;

struct ServerContext {
    explicit ServerContext(store::Store& the_store);

    store::Store& store;
    auth::LoginLimiter logins;
    service::Qualifier qualifier;
    events::EventHub events;
    service::FunnelCache funnel;
    service::DefinitionDesk definitions;
    service::PresenceBoard presence;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    Timestamp session_idle_seconds = 8 * 3600;   // a working day without activity signs you out
    Api* api = nullptr;
};

// The current time, for everything the server records.
Timestamp Now();

}  // namespace tandem::http
