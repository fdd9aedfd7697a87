// Calendar feed rows.
#include "store/calendar_repo.h"

#include "store/database.h"

namespace tandem::store {

namespace {

CalendarFeedRow ReadFeed(const Statement& row) {
    CalendarFeedRow feed;
    feed.user_id = row.Int(0);
    feed.created_at = row.Int(1);
    if (!row.IsNull(2)) feed.last_used_at = row.Int(2);
    return feed;
}

}  // namespace

void SaveCalendarFeed(Database& db, std::int64_t user_id, const std::string& secret_hash, Timestamp now) {
    db.Cached("INSERT INTO calendar_feeds (user_id, secret_hash, created_at, last_used_at) VALUES (?, ?, ?, NULL) "
              "ON CONFLICT (user_id) DO UPDATE SET secret_hash = excluded.secret_hash, "
              "created_at = excluded.created_at, last_used_at = NULL")
        .Bind(1, user_id)
        .Bind(2, secret_hash)
        .Bind(3, now)
        .Run();
}

std::optional<CalendarFeedRow> FindCalendarFeed(Database& db, std::int64_t user_id) {
    Statement& s = db.Cached("SELECT user_id, created_at, last_used_at FROM calendar_feeds WHERE user_id = ?");
    s.Bind(1, user_id);
    if (!s.Step()) return std::nullopt;
    return ReadFeed(s);
}

std::optional<CalendarFeedRow> FindCalendarFeedBySecret(Database& db, const std::string& secret_hash) {
    Statement& s = db.Cached(
        "SELECT f.user_id, f.created_at, f.last_used_at FROM calendar_feeds f JOIN users u ON u.id = f.user_id "
        "WHERE f.secret_hash = ? AND u.active = 1");
    s.Bind(1, secret_hash);
    if (!s.Step()) return std::nullopt;
    return ReadFeed(s);
}

void TouchCalendarFeed(Database& db, std::int64_t user_id, Timestamp now) {
    db.Cached("UPDATE calendar_feeds SET last_used_at = ? WHERE user_id = ?").Bind(1, now).Bind(2, user_id).Run();
}

bool DeleteCalendarFeed(Database& db, std::int64_t user_id) {
    db.Cached("DELETE FROM calendar_feeds WHERE user_id = ?").Bind(1, user_id).Run();
    return db.Changes() > 0;
}

}  // namespace tandem::store
