// Webhook endpoints and their message queue (the outbox) in SQLite. A message is enqueued in the
// write transaction of the change it tells of, so a commit never loses one and a restart resumes.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "webhooks/webhook.h"

namespace tandem::store {
class Database;
}

namespace tandem::webhooks {

std::int64_t InsertEndpoint(store::Database& db, const Endpoint& endpoint);
std::optional<Endpoint> FindEndpoint(store::Database& db, std::int64_t id);
std::vector<Endpoint> ListEndpoints(store::Database& db);
void UpdateEndpoint(store::Database& db, const Endpoint& endpoint);
// Deletes the endpoint and its messages; false if there was none.
bool DeleteEndpoint(store::Database& db, std::int64_t id);

// Queues `type` with `data` for every enabled endpoint subscribed to it, due at once. The body is
// the Standard Webhooks envelope {"type", "timestamp" (ISO 8601), "data"}, fixed now for every attempt.
void Enqueue(store::Database& db, const std::string& type, const nlohmann::json& data, Timestamp now);
// Queues it for one endpoint, whatever it subscribes to.
void EnqueueTo(store::Database& db, const Endpoint& endpoint, const std::string& type, const nlohmann::json& data,
               Timestamp now);

// The endpoint's messages, newest first, older than `before_id` if given.
std::vector<Message> ListMessages(store::Database& db, std::int64_t endpoint_id, std::optional<std::int64_t> before_id,
                                  int limit);

// A pending message of an enabled endpoint, due now, with what sending it takes.
struct DueMessage {
    Message message;
    std::string url;
    std::string secret;
    Format format = Format::Standard;
};
// Due messages, the longest due first, up to `per_endpoint` of each enabled endpoint counting those
// in `busy` (being sent, by row id, with their endpoint's id), so that one endpoint's backlog never
// keeps another's messages waiting.
std::vector<DueMessage> DueMessages(store::Database& db, std::int64_t now_ms,
                                    const std::map<std::int64_t, std::int64_t>& busy, int per_endpoint);

// Takes a lead's erased person out of the messages about it, sent or not: the lead's email
// becomes `erased_email`, its name and phone empty, a feedback text `feedback_text`.
void EraseLeadFromMessages(store::Database& db, std::int64_t lead_id, const std::string& erased_email,
                           const std::string& feedback_text);

std::optional<Message> FindMessage(store::Database& db, std::int64_t id);
void UpdateMessage(store::Database& db, const Message& message);

}  // namespace tandem::webhooks
