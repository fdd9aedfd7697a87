// Calendar feeds in SQLite: one per user, its token stored only as a hash (the feed URL carries
// the token because calendar apps cannot sign in).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "tandem/time.h"

namespace tandem::store {

class Database;

struct CalendarFeedRow {
    std::int64_t user_id = 0;
    Timestamp created_at = 0;
    std::optional<Timestamp> last_used_at;
};

// Creates the user's feed or replaces its token (the old URL stops working).
void SaveCalendarFeed(Database& db, std::int64_t user_id, const std::string& secret_hash, Timestamp now);
std::optional<CalendarFeedRow> FindCalendarFeed(Database& db, std::int64_t user_id);
// The feed behind a token, if its owner is still an active user.
std::optional<CalendarFeedRow> FindCalendarFeedBySecret(Database& db, const std::string& secret_hash);
void TouchCalendarFeed(Database& db, std::int64_t user_id, Timestamp now);
// Returns whether there was a feed to revoke.
bool DeleteCalendarFeed(Database& db, std::int64_t user_id);

}  // namespace tandem::store
