// The email outbox in SQLite: a message is queued in the write transaction of what it tells of, so
// a commit never loses one and a restart resumes; and the kinds of email each user turned off (or,
// for those off by default, on).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tandem/time.h"

namespace tandem::store {
class Database;
}

namespace tandem::mail {

struct QueuedMail {
    std::int64_t id = 0;
    std::string to;
    std::string message;        // RFC 5322, ready to send
    std::int64_t attempts = 0;
    Timestamp created_at = 0;
};

void EnqueueMail(store::Database& db, const std::string& kind, const std::string& to, const std::string& message,
                 Timestamp now);
// Pending mail due at `now_ms`, oldest first.
std::vector<QueuedMail> DueMail(store::Database& db, std::int64_t now_ms, int limit);
// Sent: its message is dropped (it may hold a one-time link).
void MarkSent(store::Database& db, std::int64_t id, Timestamp now);
// Another attempt at `next_attempt_ms`, or none (failed for good) when it is empty.
void MarkFailed(store::Database& db, std::int64_t id, const std::string& error, std::optional<std::int64_t> next_attempt_ms);

bool OptedOut(store::Database& db, std::int64_t user_id, const std::string& kind);
void SetOptedOut(store::Database& db, std::int64_t user_id, const std::string& kind, bool opted_out);
// The kinds that are off until turned on (email_opt_ins).
bool OptedIn(store::Database& db, std::int64_t user_id, const std::string& kind);
void SetOptedIn(store::Database& db, std::int64_t user_id, const std::string& kind, bool opted_in);

}  // namespace tandem::mail
