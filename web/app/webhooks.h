// The webhooks page's data and actions (admins only): the endpoints other systems are told of
// changes at, each one's delivery log, and adding, switching on or off and deleting one. The view
// draws from WebhooksState and fills WebhooksIntents; the app syncs and carries them out.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "app/remote.h"

namespace tandem {

struct AppState;
class ApiClient;

// Times as the server writes them ("2026-12-07T09:00:00Z"); empty when it sent null.
struct Webhook {
    std::int64_t id = 0;
    std::string url;
    std::vector<std::string> events;
    bool slack = false;                  // format "slack", else "standard"
    std::string description;
    bool enabled = true;
    std::string disabled_reason;         // why the server switched it off
};

struct WebhookDelivery {
    std::int64_t id = 0;
    std::string event_type;
    std::string status;                  // "pending", "delivered", "failed"
    std::int64_t attempts = 0;
    std::optional<std::int64_t> last_status;
    std::string last_error;
    std::string next_attempt_at;
    std::string delivered_at;
    std::string created_at;
};

struct WebhookLog {
    std::vector<WebhookDelivery> items;  // newest first
    bool more = false;                   // older ones than these exist
};

struct NewWebhook {
    std::string url;
    bool slack = false;
    std::vector<std::string> events;
    std::string description;
};

// What POST /api/webhooks answered: the only time the secret is shown.
struct CreatedWebhook {
    std::string url;
    std::string secret;
    bool slack = false;
};

struct WebhooksState {
    Remote<std::vector<Webhook>> list;
    std::set<std::int64_t> open_logs;                 // endpoints whose log is shown
    std::map<std::int64_t, Remote<WebhookLog>> logs;
    bool shown = false;                               // the page was on screen in the last frame
    FormProgress add;
    std::string add_field;                            // the field the server's refusal names
    int added = 0;                                    // counts successful adds, for the form to close
    std::optional<CreatedWebhook> secret;             // until dismissed
    FormProgress action;                              // the last switch or delete
};

struct WebhooksIntents {
    bool refresh = false;
    std::optional<std::int64_t> toggle_log;
    std::optional<NewWebhook> add;
    std::optional<std::pair<std::int64_t, bool>> set_enabled;
    std::optional<std::int64_t> remove;
    bool dismiss_secret = false;
};

void SyncWebhooks(AppState& state, ApiClient& api);
void CarryWebhooks(AppState& state, ApiClient& api, const WebhooksIntents& intents);

}  // namespace tandem
