// Webhook endpoint and message rows.
#include "webhooks/webhook_repo.h"

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <utility>

#include "store/database.h"
#include "store/row.h"
#include "webhooks/signing.h"

namespace tandem::webhooks {

namespace {

using store::Database;
using store::OptionalInt;
using store::Statement;

constexpr const char* kEndpointColumns =
    "id, url, events, format, description, secret, enabled, disabled_reason, failed_in_a_row, failing_since, "
    "created_at, updated_at";

Endpoint ReadEndpoint(const Statement& row) {
    Endpoint endpoint;
    endpoint.id = row.Int(0);
    endpoint.url = row.Text(1);
    endpoint.events = nlohmann::json::parse(row.Text(2)).get<std::vector<std::string>>();
    endpoint.format = row.Text(3) == "slack" ? Format::Slack : Format::Standard;
    endpoint.description = row.Text(4);
    endpoint.secret = row.Text(5);
    endpoint.enabled = row.Int(6) != 0;
    endpoint.disabled_reason = row.Text(7);
    endpoint.failed_in_a_row = row.Int(8);
    endpoint.failing_since = OptionalInt(row, 9);
    endpoint.created_at = row.Int(10);
    endpoint.updated_at = row.Int(11);
    return endpoint;
}

void BindEndpoint(Statement& s, const Endpoint& endpoint) {
    s.Bind(1, endpoint.url)
        .Bind(2, nlohmann::json(endpoint.events).dump())
        .Bind(3, std::string_view(ToString(endpoint.format)))
        .Bind(4, endpoint.description)
        .Bind(5, endpoint.secret)
        .Bind(6, static_cast<std::int64_t>(endpoint.enabled))
        .Bind(7, endpoint.disabled_reason)
        .Bind(8, endpoint.failed_in_a_row);
    store::BindOptional(s, 9, endpoint.failing_since);
    s.Bind(10, endpoint.created_at).Bind(11, endpoint.updated_at);
}

constexpr const char* kMessageColumns =
    "m.id, m.endpoint_id, m.msg_id, m.event_type, m.payload, m.status, m.attempts, m.last_status, m.last_error, "
    "m.first_attempt_at, m.next_attempt_ms, m.delivered_at, m.created_at";

MessageStatus StatusOf(const std::string& text) {
    if (text == "delivered") return MessageStatus::Delivered;
    if (text == "failed") return MessageStatus::Failed;
    return MessageStatus::Pending;
}

Message ReadMessage(const Statement& row) {
    Message message;
    message.id = row.Int(0);
    message.endpoint_id = row.Int(1);
    message.msg_id = row.Text(2);
    message.event_type = row.Text(3);
    message.payload = row.Text(4);
    message.status = StatusOf(row.Text(5));
    message.attempts = row.Int(6);
    message.last_status = OptionalInt(row, 7);
    message.last_error = row.Text(8);
    message.first_attempt_at = OptionalInt(row, 9);
    message.next_attempt_ms = OptionalInt(row, 10);
    message.delivered_at = OptionalInt(row, 11);
    message.created_at = row.Int(12);
    return message;
}

std::string Envelope(const std::string& type, const nlohmann::json& data, Timestamp now) {
    return nlohmann::json{{"type", type}, {"timestamp", FormatTimestamp(now)}, {"data", data}}.dump();
}

void InsertMessage(Database& db, std::int64_t endpoint_id, const std::string& type, const std::string& payload,
                   Timestamp now) {
    db.Cached("INSERT INTO webhook_messages (endpoint_id, msg_id, event_type, payload, status, attempts, last_error, "
              "next_attempt_ms, created_at) VALUES (?, ?, ?, ?, 'pending', 0, '', ?, ?)")
        .Bind(1, endpoint_id)
        .Bind(2, NewMessageId())
        .Bind(3, type)
        .Bind(4, payload)
        .Bind(5, now * 1000)
        .Bind(6, now)
        .Run();
}

bool HasId(const nlohmann::json& object, const char* key, std::int64_t id) {
    auto it = object.find(key);
    return it != object.end() && *it == id;
}

// Applies `erase` to the `data` object of each message the condition picks, and stores the
// payloads it changed. The JSON is edited here rather than with an engine's JSON functions, so that
// every engine writes the same text (the payloads were written by nlohmann::json, with its key order).
void ErasePayloads(Database& db, const char* condition, const std::function<bool(nlohmann::json& data)>& erase) {
    std::vector<std::pair<std::int64_t, std::string>> erased;
    Statement s =
        db.Prepare(std::string("SELECT id, payload FROM webhook_messages WHERE ") + condition + " ORDER BY id");
    while (s.Step()) {
        nlohmann::json payload = nlohmann::json::parse(s.Text(1), nullptr, false);
        if (!payload.is_object()) continue;
        auto data = payload.find("data");
        if (data != payload.end() && data->is_object() && erase(*data)) erased.emplace_back(s.Int(0), payload.dump());
    }
    Statement update = db.Prepare("UPDATE webhook_messages SET payload = ? WHERE id = ?");
    for (const auto& [id, payload] : erased) {
        update.Bind(1, payload).Bind(2, id).Run();
        update.Reset();
    }
}

}  // namespace

std::int64_t InsertEndpoint(Database& db, const Endpoint& endpoint) {
    Statement s = db.Prepare(
        "INSERT INTO webhook_endpoints (url, events, format, description, secret, enabled, disabled_reason, "
        "failed_in_a_row, failing_since, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id");
    BindEndpoint(s, endpoint);
    return store::InsertedId(s);
}

std::optional<Endpoint> FindEndpoint(Database& db, std::int64_t id) {
    Statement s = db.Prepare(std::string("SELECT ") + kEndpointColumns + " FROM webhook_endpoints WHERE id = ?");
    s.Bind(1, id);
    if (!s.Step()) return std::nullopt;
    return ReadEndpoint(s);
}

std::vector<Endpoint> ListEndpoints(Database& db) {
    std::vector<Endpoint> endpoints;
    Statement s = db.Prepare(std::string("SELECT ") + kEndpointColumns + " FROM webhook_endpoints ORDER BY id");
    while (s.Step()) endpoints.push_back(ReadEndpoint(s));
    return endpoints;
}

void UpdateEndpoint(Database& db, const Endpoint& endpoint) {
    Statement s = db.Prepare(
        "UPDATE webhook_endpoints SET url = ?, events = ?, format = ?, description = ?, secret = ?, enabled = ?, "
        "disabled_reason = ?, failed_in_a_row = ?, failing_since = ?, created_at = ?, updated_at = ? WHERE id = ?");
    BindEndpoint(s, endpoint);
    s.Bind(12, endpoint.id).Run();
}

bool DeleteEndpoint(Database& db, std::int64_t id) {
    db.Prepare("DELETE FROM webhook_endpoints WHERE id = ?").Bind(1, id).Run();
    return db.Changes() > 0;
}

void Enqueue(Database& db, const std::string& type, const nlohmann::json& data, Timestamp now) {
    Statement& s = db.Cached("SELECT id, events FROM webhook_endpoints WHERE enabled = 1 ORDER BY id");
    std::vector<std::int64_t> subscribed;
    while (s.Step()) {
        std::vector<std::string> events = nlohmann::json::parse(s.Text(1)).get<std::vector<std::string>>();
        if (std::find(events.begin(), events.end(), type) != events.end()) subscribed.push_back(s.Int(0));
    }
    s.Reset();
    if (subscribed.empty()) return;
    std::string payload = Envelope(type, data, now);
    for (std::int64_t endpoint_id : subscribed) InsertMessage(db, endpoint_id, type, payload, now);
}

void EnqueueTo(Database& db, const Endpoint& endpoint, const std::string& type, const nlohmann::json& data,
               Timestamp now) {
    InsertMessage(db, endpoint.id, type, Envelope(type, data, now), now);
}

std::vector<Message> ListMessages(Database& db, std::int64_t endpoint_id, std::optional<std::int64_t> before_id,
                                  int limit) {
    std::vector<Message> messages;
    Statement s = db.Prepare(std::string("SELECT ") + kMessageColumns +
                             " FROM webhook_messages m WHERE m.endpoint_id = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?");
    s.Bind(1, endpoint_id).Bind(2, before_id.value_or(INT64_MAX)).Bind(3, static_cast<std::int64_t>(limit));
    while (s.Step()) messages.push_back(ReadMessage(s));
    return messages;
}

std::vector<DueMessage> DueMessages(Database& db, std::int64_t now_ms, const std::map<std::int64_t, std::int64_t>& busy,
                                    int per_endpoint) {
    std::map<std::int64_t, int> sending;   // by endpoint
    for (const auto& [message, endpoint] : busy) ++sending[endpoint];
    std::vector<DueMessage> due;
    Statement endpoints =
        db.Prepare("SELECT id, url, secret, format FROM webhook_endpoints WHERE enabled = 1 ORDER BY id");
    Statement messages = db.Prepare(std::string("SELECT ") + kMessageColumns +
                                    " FROM webhook_messages m WHERE m.endpoint_id = ? AND m.status = 'pending' "
                                    "AND m.next_attempt_ms <= ? ORDER BY m.next_attempt_ms, m.id LIMIT ?");
    while (endpoints.Step()) {
        std::int64_t endpoint = endpoints.Int(0);
        int room = per_endpoint - sending[endpoint];
        if (room <= 0) continue;
        messages.Bind(1, endpoint).Bind(2, now_ms).Bind(3, static_cast<std::int64_t>(per_endpoint));
        while (room > 0 && messages.Step()) {
            if (busy.contains(messages.Int(0))) continue;
            due.push_back({ReadMessage(messages), endpoints.Text(1), endpoints.Text(2),
                           endpoints.Text(3) == "slack" ? Format::Slack : Format::Standard});
            --room;
        }
        messages.Reset();
    }
    return due;
}

void EraseLeadFromMessages(Database& db, std::int64_t lead_id, const std::string& erased_email,
                           const std::string& feedback_text) {
    // Where each event keeps the lead or the feedback about it (events.cpp, breaches.cpp).
    auto erase_person = [&](nlohmann::json& lead) {
        lead["email"] = erased_email;
        lead["name"] = "";
        lead["phone"] = "";
    };
    ErasePayloads(db, "event_type LIKE 'lead.%'", [&](nlohmann::json& data) {
        if (!HasId(data, "id", lead_id)) return false;
        erase_person(data);
        return true;
    });
    ErasePayloads(db, "event_type = 'sla.breached'", [&](nlohmann::json& data) {
        auto lead = data.find("lead");
        if (lead == data.end() || !lead->is_object() || !HasId(*lead, "id", lead_id)) return false;
        erase_person(*lead);
        return true;
    });
    ErasePayloads(db, "event_type IN ('feedback.created', 'content_request.done')", [&](nlohmann::json& data) {
        auto text = data.find("text");
        if (!HasId(data, "lead_id", lead_id) || text == data.end() || text->is_null() || *text == "") return false;
        *text = feedback_text;
        return true;
    });
}

std::optional<Message> FindMessage(Database& db, std::int64_t id) {
    Statement s = db.Prepare(std::string("SELECT ") + kMessageColumns + " FROM webhook_messages m WHERE m.id = ?");
    s.Bind(1, id);
    if (!s.Step()) return std::nullopt;
    return ReadMessage(s);
}

void UpdateMessage(Database& db, const Message& message) {
    Statement s = db.Prepare(
        "UPDATE webhook_messages SET status = ?, attempts = ?, last_status = ?, last_error = ?, first_attempt_at = ?, "
        "next_attempt_ms = ?, delivered_at = ? WHERE id = ?");
    s.Bind(1, std::string_view(ToString(message.status))).Bind(2, message.attempts);
    store::BindOptional(s, 3, message.last_status);
    s.Bind(4, message.last_error);
    store::BindOptional(s, 5, message.first_attempt_at);
    store::BindOptional(s, 6, message.next_attempt_ms);
    store::BindOptional(s, 7, message.delivered_at);
    s.Bind(8, message.id).Run();
}

}  // namespace tandem::webhooks
