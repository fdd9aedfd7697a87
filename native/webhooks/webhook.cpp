// Webhook endpoints and messages as JSON, and the checks on what an admin sends.
#include "webhooks/webhook.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "http/api_error.h"
#include "tandem/codec.h"
#include "tandem/webhook_events.h"

namespace tandem::webhooks {

namespace {

using http::ApiError;

constexpr std::size_t kMaxUrlBytes = 2048;
constexpr std::size_t kMaxDescriptionBytes = 500;

std::string Text(const nlohmann::json& input, const char* field) {
    const nlohmann::json& value = input[field];
    if (!value.is_string()) throw ApiError(422, "invalid", std::string(field) + " must be a string", field);
    return value.get<std::string>();
}

std::vector<std::string> Events(const nlohmann::json& value) {
    if (!value.is_array() || value.empty())
        throw ApiError(422, "invalid", "events must be a non-empty list of event types", "events");
    std::vector<std::string> events;
    for (const nlohmann::json& item : value) {
        if (!item.is_string()) throw ApiError(422, "invalid", "events must be a list of strings", "events");
        std::string type = item.get<std::string>();
        if (!IsEventType(type)) {
            std::string known;
            for (const char* name : kWebhookEvents) known += (known.empty() ? "" : ", ") + std::string(name);
            throw ApiError(422, "invalid", "unknown event '" + type + "' (known: " + known + ")", "events");
        }
        if (std::find(events.begin(), events.end(), type) == events.end()) events.push_back(type);
    }
    return events;
}

}  // namespace

std::span<const char* const> EventTypes() { return kWebhookEvents; }

const char* ToString(Format format) { return format == Format::Slack ? "slack" : "standard"; }

const char* ToString(MessageStatus status) {
    switch (status) {
    case MessageStatus::Pending: return "pending";
    case MessageStatus::Delivered: return "delivered";
    case MessageStatus::Failed: return "failed";
    }
    return "pending";
}

bool IsEventType(std::string_view type) {
    return std::any_of(kWebhookEvents.begin(), kWebhookEvents.end(), [&](const char* name) { return type == name; });
}

nlohmann::json ToJson(const Endpoint& endpoint) {
    return {{"id", endpoint.id},
            {"url", endpoint.url},
            {"events", endpoint.events},
            {"format", ToString(endpoint.format)},
            {"description", endpoint.description},
            {"enabled", endpoint.enabled},
            {"disabled_reason", endpoint.disabled_reason.empty() ? nlohmann::json(nullptr) : nlohmann::json(endpoint.disabled_reason)},
            {"created_at", FormatTimestamp(endpoint.created_at)},
            {"updated_at", FormatTimestamp(endpoint.updated_at)}};
}

nlohmann::json ToJson(const Message& message) {
    std::optional<Timestamp> next;
    if (message.next_attempt_ms) next = *message.next_attempt_ms / 1000;
    return {{"id", message.id},
            {"msg_id", message.msg_id},
            {"event_type", message.event_type},
            {"status", ToString(message.status)},
            {"attempts", message.attempts},
            {"last_status", OrNull(message.last_status)},
            {"last_error", message.last_error.empty() ? nlohmann::json(nullptr) : nlohmann::json(message.last_error)},
            {"next_attempt_at", TimestampOrNull(next)},
            {"delivered_at", TimestampOrNull(message.delivered_at)},
            {"created_at", FormatTimestamp(message.created_at)}};
}

std::optional<std::string> UrlProblem(const std::string& url) {
    if (url.size() > kMaxUrlBytes) return "the url is longer than " + std::to_string(kMaxUrlBytes) + " bytes";
    std::size_t scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return "the url must be absolute (http:// or https://)";
    std::string scheme = ToLower(url.substr(0, scheme_end));
    if (scheme != "http" && scheme != "https") return "the url must use http or https, not " + scheme;
    std::size_t host_start = scheme_end + 3;
    std::size_t host_end = url.find_first_of("/?#", host_start);
    std::string authority = url.substr(host_start, host_end == std::string::npos ? std::string::npos : host_end - host_start);
    if (authority.find('@') != std::string::npos) return "the url must not carry a user name or password";
    if (authority.empty() || authority.front() == ':') return "the url has no host";
    for (char c : url)
        if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) return "the url must not contain spaces or control characters";
    return std::nullopt;
}

void ApplyInput(Endpoint& endpoint, const nlohmann::json& input, bool creating) {
    if (!input.is_object()) throw ApiError(422, "invalid", "expected a JSON object");
    for (const auto& [key, value] : input.items()) {
        if (key != "url" && key != "events" && key != "format" && key != "description" && (creating || key != "enabled"))
            throw ApiError(422, "invalid", "unknown field '" + key + "'", key);
    }
    if (creating) {
        if (!input.contains("url")) throw ApiError(422, "invalid", "url is required", "url");
        if (!input.contains("events")) throw ApiError(422, "invalid", "events is required", "events");
    }
    if (input.contains("url")) {
        std::string url = Text(input, "url");
        if (std::optional<std::string> problem = UrlProblem(url)) throw ApiError(422, "invalid", *problem, "url");
        endpoint.url = url;
    }
    if (input.contains("events")) endpoint.events = Events(input["events"]);
    if (input.contains("format")) {
        std::string format = Text(input, "format");
        if (format != "standard" && format != "slack")
            throw ApiError(422, "invalid", "format must be standard or slack, not '" + format + "'", "format");
        endpoint.format = format == "slack" ? Format::Slack : Format::Standard;
    }
    if (input.contains("description")) {
        endpoint.description = Text(input, "description");
        if (endpoint.description.size() > kMaxDescriptionBytes)
            throw ApiError(422, "invalid", "description is longer than " + std::to_string(kMaxDescriptionBytes) + " bytes", "description");
    }
    if (input.contains("enabled")) {
        if (!input["enabled"].is_boolean()) throw ApiError(422, "invalid", "enabled must be true or false", "enabled");
        bool enabled = input["enabled"].get<bool>();
        // Turned back on: a fresh start for the failure count that disabled it.
        if (enabled && !endpoint.enabled) {
            endpoint.failed_in_a_row = 0;
            endpoint.failing_since.reset();
        }
        endpoint.enabled = enabled;
        endpoint.disabled_reason.clear();
    }
}

}  // namespace tandem::webhooks
