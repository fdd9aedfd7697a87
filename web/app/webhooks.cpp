// Loads the webhook endpoints and their delivery logs while the page is shown, and sends an admin's
// changes to them.
#include "app/webhooks.h"

#include <nlohmann/json.hpp>

#include "app/api_client.h"
#include "app/state.h"

namespace tandem {

namespace {

std::string Text(const nlohmann::json& json, const char* key) {
    const nlohmann::json& value = json.at(key);
    return value.is_string() ? value.get<std::string>() : std::string();
}

Webhook WebhookFromJson(const nlohmann::json& json) {
    return {json.at("id").get<std::int64_t>(), Text(json, "url"), json.at("events").get<std::vector<std::string>>(),
            Text(json, "format") == "slack", Text(json, "description"), json.at("enabled").get<bool>(),
            Text(json, "disabled_reason")};
}

WebhookDelivery DeliveryFromJson(const nlohmann::json& json) {
    const nlohmann::json& status = json.at("last_status");
    return {json.at("id").get<std::int64_t>(),
            Text(json, "event_type"),
            Text(json, "status"),
            json.at("attempts").get<std::int64_t>(),
            status.is_number() ? std::optional(status.get<std::int64_t>()) : std::nullopt,
            Text(json, "last_error"),
            Text(json, "next_attempt_at"),
            Text(json, "delivered_at"),
            Text(json, "created_at")};
}

void LoadLog(AppState& state, ApiClient& api, std::int64_t id) {
    std::string path = "/api/webhooks/" + std::to_string(id) + "/deliveries?limit=50";
    state.webhooks.logs[id].Begin(path, state.now);
    api.Get(path, [id](AppState& s, const ApiResult& result) {
        Remote<WebhookLog>& log = s.webhooks.logs[id];
        if (!result.Ok()) return log.Fail(result.ErrorMessage());
        try {
            nlohmann::json page = nlohmann::json::parse(result.body);
            WebhookLog loaded;
            for (const nlohmann::json& item : page.at("items")) loaded.items.push_back(DeliveryFromJson(item));
            loaded.more = !page.at("next_cursor").is_null();
            log.Succeed(std::move(loaded));
        } catch (const std::exception& e) {
            log.Fail(e.what());
        }
    });
}

// Everything shown is asked for again: the list and every open log.
void Refresh(WebhooksState& webhooks) {
    webhooks.list.stale = true;
    for (std::int64_t id : webhooks.open_logs) webhooks.logs[id].stale = true;
}

// A change's answer: the list (and what it shows) is read again either way.
ApiClient::Apply Changed() {
    return [](AppState& s, const ApiResult& result) {
        s.webhooks.action = {false, result.Ok(), result.Ok() ? "" : result.ErrorMessage()};
        Refresh(s.webhooks);
    };
}

}  // namespace

void SyncWebhooks(AppState& state, ApiClient& api) {
    WebhooksState& webhooks = state.webhooks;
    bool shown = state.route.view == View::Webhooks && state.session.me && Can(state.session.me->role, Action::ManageWebhooks);
    if (shown && !webhooks.shown) Refresh(webhooks);   // opened: what it shows is read afresh
    webhooks.shown = shown;
    if (!shown) return;
    if (webhooks.list.Wants("/api/webhooks")) {
        webhooks.list.Begin("/api/webhooks", state.now);
        api.Get("/api/webhooks", [](AppState& s, const ApiResult& result) {
            if (!result.Ok()) return s.webhooks.list.Fail(result.ErrorMessage());
            try {
                std::vector<Webhook> list;
                nlohmann::json page = nlohmann::json::parse(result.body);
                for (const nlohmann::json& item : page.at("items")) list.push_back(WebhookFromJson(item));
                s.webhooks.list.Succeed(std::move(list));
            } catch (const std::exception& e) {
                s.webhooks.list.Fail(e.what());
            }
        });
    }
    for (std::int64_t id : webhooks.open_logs)
        if (webhooks.logs[id].Wants("/api/webhooks/" + std::to_string(id) + "/deliveries?limit=50")) LoadLog(state, api, id);
}

void CarryWebhooks(AppState& state, ApiClient& api, const WebhooksIntents& intents) {
    WebhooksState& webhooks = state.webhooks;
    if (intents.refresh) Refresh(webhooks);
    if (intents.dismiss_secret) webhooks.secret.reset();
    if (intents.toggle_log) {
        std::int64_t id = *intents.toggle_log;
        if (webhooks.open_logs.erase(id) == 0) {
            webhooks.open_logs.insert(id);
            webhooks.logs[id].stale = true;   // opened: read afresh
        }
    }
    if (intents.set_enabled) {
        auto [id, enabled] = *intents.set_enabled;
        webhooks.action = {true, false, ""};
        api.Send("PATCH", "/api/webhooks/" + std::to_string(id), {{"enabled", enabled}}, Changed());
    }
    if (intents.remove) {
        webhooks.action = {true, false, ""};
        webhooks.open_logs.erase(*intents.remove);
        webhooks.logs.erase(*intents.remove);
        api.Send("DELETE", "/api/webhooks/" + std::to_string(*intents.remove), nlohmann::json::object(), Changed());
    }
    if (intents.add) {
        const NewWebhook& add = *intents.add;
        webhooks.add = {true, false, ""};
        webhooks.add_field.clear();
        nlohmann::json body = {{"url", add.url}, {"format", add.slack ? "slack" : "standard"}, {"events", add.events},
                               {"description", add.description}};
        api.Send("POST", "/api/webhooks", body, [](AppState& s, const ApiResult& result) {
            WebhooksState& w = s.webhooks;
            w.add = {false, result.Ok(), result.Ok() ? "" : result.ErrorMessage()};
            if (!result.Ok()) {
                w.add_field = result.ErrorField();
                return;
            }
            try {
                nlohmann::json created = nlohmann::json::parse(result.body);
                w.secret = CreatedWebhook{Text(created, "url"), Text(created, "secret"), Text(created, "format") == "slack"};
            } catch (const std::exception&) {
                w.add.error = "the server sent an unreadable answer";
            }
            ++w.added;
            w.list.stale = true;
        });
    }
}

}  // namespace tandem
