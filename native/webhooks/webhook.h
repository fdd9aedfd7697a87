// Outgoing webhooks: endpoints an admin registers, the events they can subscribe to, and the
// messages queued for them (one per endpoint and event, durable in SQLite until delivered or given up).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "tandem/time.h"

namespace tandem::webhooks {

// Every event type an endpoint may subscribe to, in the order the docs list them.
std::span<const char* const> EventTypes();
bool IsEventType(std::string_view type);

enum class Format { Standard, Slack };

struct Endpoint {
    std::int64_t id = 0;
    std::string url;
    std::vector<std::string> events;
    Format format = Format::Standard;
    std::string description;
    std::string secret;                        // "whsec_" + base64; sent once, when created
    bool enabled = true;
    std::string disabled_reason;               // why the server disabled it; empty if enabled or by hand
    std::int64_t failed_in_a_row = 0;          // messages given up since the last delivery
    std::optional<Timestamp> failing_since;    // the first failed attempt since the last delivery
    Timestamp created_at = 0;
    Timestamp updated_at = 0;
};

enum class MessageStatus { Pending, Delivered, Failed };

// Their names in JSON and in the database: "standard", "slack"; "pending", "delivered", "failed".
const char* ToString(Format format);
const char* ToString(MessageStatus status);

struct Message {
    std::int64_t id = 0;
    std::int64_t endpoint_id = 0;
    std::string msg_id;                        // "msg_...", the webhook-id header, the same on every attempt
    std::string event_type;
    std::string payload;                       // the Standard Webhooks body {type, timestamp, data}
    MessageStatus status = MessageStatus::Pending;
    std::int64_t attempts = 0;
    std::optional<std::int64_t> last_status;   // the receiver's HTTP status
    std::string last_error;                    // why the last attempt failed, if it did
    std::optional<Timestamp> first_attempt_at;
    std::optional<std::int64_t> next_attempt_ms;   // unix milliseconds, while pending
    std::optional<Timestamp> delivered_at;
    Timestamp created_at = 0;
};

// An endpoint as the API shows it: everything but the secret.
nlohmann::json ToJson(const Endpoint& endpoint);
// A delivery log entry.
nlohmann::json ToJson(const Message& message);

// The fields of POST /api/webhooks and PATCH /api/webhooks/{id} applied to `endpoint`; throws
// http::ApiError 422 naming the field (and the unknown event) for bad input. `creating` requires
// url and events.
void ApplyInput(Endpoint& endpoint, const nlohmann::json& input, bool creating);

// An absolute http(s) URL without user information, or the reason it is not.
std::optional<std::string> UrlProblem(const std::string& url);

}  // namespace tandem::webhooks
