// What route handlers share: the store, the login limiter, the site's settings and the clock.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "auth/rate_limit.h"
#include "events/event_hub.h"
#include "http/client_info.h"
#include "http/metrics.h"
#include "service/definitions.h"
#include "service/funnel_cache.h"
#include "service/qualifier.h"
#include "tandem/time.h"

namespace httplib {
struct Request;
}

namespace tandem::store {
class Store;
}

namespace tandem::service {
class SingleSignOn;
}

namespace tandem::webhooks {
class Dispatcher;
}

namespace tandem::mail {
class Mailer;
}

namespace tandem::http {

class Api;

// How the site is reached and signed into (tandem serve's flags).
struct SiteSettings {
    AddressSet trusted_proxies;        // --trust-proxy: whose forwarding headers count
    std::string public_url;            // --public-url, without a trailing slash; empty: each request's own
    bool tls = false;                  // we terminate TLS ourselves (--tls-cert)
    bool password_login = true;        // --password-login off leaves single sign-on only
};

struct ServerContext {
    explicit ServerContext(store::Store& the_store);
    ~ServerContext();

    store::Store& store;
    SiteSettings site;
    auth::LoginLimiter logins;
    service::Qualifier qualifier;
    events::EventHub events;
    service::FunnelCache funnel;
    service::DefinitionDesk definitions;
    std::unique_ptr<service::SingleSignOn> sso;   // null unless --oidc-issuer is set
    Metrics metrics;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    Timestamp session_idle_seconds = 8 * 3600;   // --session-idle: a working day without activity signs you out
    Api* api = nullptr;
    webhooks::Dispatcher* dispatcher = nullptr;   // sends the webhook outbox
    mail::Mailer* mailer = nullptr;               // sends the email outbox (Enabled() with --smtp-url)
};

// The current time, for everything the server records.
Timestamp Now();

// The client behind a request (trusted proxies applied), for limits, logs and cookies.
ClientInfo ClientOf(const httplib::Request& req, const ServerContext& context);
// The origin users reach this server at ("https://tandem.example.com"), for absolute URLs:
// --public-url if set, else the request's scheme and host.
std::string PublicOrigin(const httplib::Request& req, const ServerContext& context);
// A Set-Cookie value for the session: HttpOnly, SameSite=Strict, and Secure when the user came
// over HTTPS. An empty value clears it.
std::string SessionCookie(const std::string& value, bool secure);

}  // namespace tandem::http
