// editor_presence rows.
#include "store/presence_repo.h"

#include "store/database.h"
#include "store/row.h"

namespace tandem::store {

namespace {

PresenceEntry ReadPresence(const Statement& row) {
    PresenceEntry entry;
    entry.client_id = row.Text(0);
    entry.user_id = row.Int(1);
    entry.name = row.Text(2);
    entry.role = EnumColumn<Role>(row, 3);
    entry.criterion_id = row.Text(4);
    entry.editing = row.Int(5) != 0;
    return entry;
}

}  // namespace

std::optional<PresenceEntry> FindPresence(Database& db, const std::string& client_id) {
    Statement& s = db.Cached(
        "SELECT client_id, user_id, name, role, criterion_id, editing FROM editor_presence WHERE client_id = ?");
    s.Bind(1, client_id);
    std::optional<PresenceEntry> entry;
    if (s.Step()) entry = ReadPresence(s);
    s.Reset();
    return entry;
}

void SavePresence(Database& db, const PresenceEntry& entry, Timestamp seen_at) {
    db.Cached("INSERT INTO editor_presence (client_id, user_id, name, role, criterion_id, editing, seen_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?) "
              "ON CONFLICT (client_id) DO UPDATE SET user_id = excluded.user_id, name = excluded.name, "
              "role = excluded.role, criterion_id = excluded.criterion_id, editing = excluded.editing, "
              "seen_at = excluded.seen_at")
        .Bind(1, entry.client_id)
        .Bind(2, entry.user_id)
        .Bind(3, entry.name)
        .Bind(4, ToString(entry.role))
        .Bind(5, entry.criterion_id)
        .Bind(6, std::int64_t{entry.editing ? 1 : 0})
        .Bind(7, seen_at)
        .Run();
}

bool DeletePresence(Database& db, const std::string& client_id) {
    db.Cached("DELETE FROM editor_presence WHERE client_id = ?").Bind(1, client_id).Run();
    return db.Changes() > 0;
}

bool AnyPresenceSeenBefore(Database& db, Timestamp before) {
    Statement& s = db.Cached("SELECT 1 FROM editor_presence WHERE seen_at < ? LIMIT 1");
    s.Bind(1, before);
    bool any = s.Step();
    s.Reset();
    return any;
}

bool DeletePresenceSeenBefore(Database& db, Timestamp before) {
    db.Cached("DELETE FROM editor_presence WHERE seen_at < ?").Bind(1, before).Run();
    return db.Changes() > 0;
}

std::vector<PresenceEntry> ListPresence(Database& db) {
    std::vector<PresenceEntry> entries;
    Statement& s = db.Cached(
        "SELECT client_id, user_id, name, role, criterion_id, editing FROM editor_presence ORDER BY name, client_id");
    while (s.Step()) entries.push_back(ReadPresence(s));
    s.Reset();
    return entries;
}

}  // namespace tandem::store
