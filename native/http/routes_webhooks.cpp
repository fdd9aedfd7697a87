// Outgoing webhooks for admins: register an endpoint (its whsec_ secret is answered once), list,
// read, change (re-enable a disabled one with enabled: true), delete, and read its delivery log.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/context.h"
#include "http/request.h"
#include "http/routes.h"
#include "store/store.h"
#include "tandem/codec.h"
#include "webhooks/dispatcher.h"
#include "webhooks/signing.h"
#include "webhooks/webhook_repo.h"

namespace tandem::http {

namespace {

webhooks::Endpoint FindOr404(store::Database& db, std::int64_t id) {
    std::optional<webhooks::Endpoint> endpoint = webhooks::FindEndpoint(db, id);
    if (!endpoint) NotFound("webhook", id);
    return *endpoint;
}

// New subscribers to sla.breached hear of the open breaches now rather than at the next round.
void Changed(ServerContext& context) {
    if (context.dispatcher) context.dispatcher->CheckBreachesSoon();
}

}  // namespace

void RegisterWebhookRoutes(Api& api, ServerContext& context) {
    api.Route("GET", "/api/webhooks", Action::ManageWebhooks,
              {.summary = "Webhook endpoints, oldest first (secrets are shown only when created)",
               .response_schema = "[Webhook]"},
              [&context](const httplib::Request&, httplib::Response& res, const Caller&) {
                  std::vector<webhooks::Endpoint> endpoints = context.store.Read([](store::Database& db) { return webhooks::ListEndpoints(db); });
                  nlohmann::json items = nlohmann::json::array();
                  for (const webhooks::Endpoint& endpoint : endpoints) items.push_back(webhooks::ToJson(endpoint));
                  SendJson(res, {{"items", items}, {"next_cursor", nullptr}});
              });

    api.Route("POST", "/api/webhooks", Action::ManageWebhooks,
              {.summary = "Register a webhook endpoint: an http(s) URL, the events it gets and its format (standard: "
                          "signed Standard Webhooks; slack: a Slack incoming webhook). Answers its secret, once",
               .request_schema = "WebhookInput", .response_schema = "CreatedWebhook", .success_status = 201},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  webhooks::Endpoint endpoint;
                  webhooks::ApplyInput(endpoint, JsonBody(req), true);
                  endpoint.secret = webhooks::NewSecret();
                  endpoint.created_at = endpoint.updated_at = Now();
                  endpoint.id = context.store.Write([&](store::Database& db) { return webhooks::InsertEndpoint(db, endpoint); });
                  Changed(context);
                  res.set_header("Location", "/api/webhooks/" + std::to_string(endpoint.id));
                  nlohmann::json body = webhooks::ToJson(endpoint);
                  body["secret"] = endpoint.secret;
                  SendJson(res, body, 201);
              });

    api.Route("GET", "/api/webhooks/{id}", Action::ManageWebhooks,
              {.summary = "One webhook endpoint", .response_schema = "Webhook"},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  std::int64_t id = PathId(req, "webhook");
                  SendJson(res, webhooks::ToJson(context.store.Read([&](store::Database& db) { return FindOr404(db, id); })));
              });

    api.Route("PATCH", "/api/webhooks/{id}", Action::ManageWebhooks,
              {.summary = "Change a webhook endpoint's url, events, format, description or enabled (true turns a "
                          "disabled one back on; its pending messages are sent again)",
               .request_schema = "WebhookUpdate", .response_schema = "Webhook"},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  std::int64_t id = PathId(req, "webhook");
                  nlohmann::json patch = JsonBody(req);
                  if (!patch.is_object()) throw ApiError(422, "invalid", "expected a JSON object");
                  webhooks::Endpoint updated = context.store.Write([&](store::Database& db) {
                      webhooks::Endpoint endpoint = FindOr404(db, id);
                      webhooks::ApplyInput(endpoint, patch, false);
                      endpoint.updated_at = Now();
                      webhooks::UpdateEndpoint(db, endpoint);
                      return endpoint;
                  });
                  Changed(context);
                  SendJson(res, webhooks::ToJson(updated));
              });

    api.Route("DELETE", "/api/webhooks/{id}", Action::ManageWebhooks,
              {.summary = "Delete a webhook endpoint and its queued messages", .success_status = 204},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  std::int64_t id = PathId(req, "webhook");
                  bool deleted = context.store.Write([&](store::Database& db) { return webhooks::DeleteEndpoint(db, id); });
                  if (!deleted) NotFound("webhook", id);
                  res.status = 204;
              });

    api.Route("GET", "/api/webhooks/{id}/deliveries", Action::ManageWebhooks,
              {.summary = "The endpoint's delivery log, newest first: each message's event, webhook-id, attempts, "
                          "last HTTP status or error, next attempt and when it was delivered",
               .response_schema = "[WebhookDelivery]",
               .query = {{"cursor", "integer", "next_cursor of the previous page"},
                         {"limit", "integer", "page size, 1 to 500 (default 50)"}}},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  std::int64_t id = PathId(req, "webhook");
                  std::optional<std::int64_t> cursor = QueryInt(req, "cursor", 1, kMaxSafeInteger);
                  int limit = QueryLimit(req);
                  std::vector<webhooks::Message> messages = context.store.Read([&](store::Database& db) {
                      FindOr404(db, id);
                      return webhooks::ListMessages(db, id, cursor, limit + 1);
                  });
                  nlohmann::json next = nullptr;
                  if (static_cast<int>(messages.size()) > limit) {
                      messages.pop_back();
                      next = messages.back().id;
                  }
                  nlohmann::json items = nlohmann::json::array();
                  for (const webhooks::Message& message : messages) items.push_back(webhooks::ToJson(message));
                  SendJson(res, {{"items", items}, {"next_cursor", next}});
              });
}

}  // namespace tandem::http
