// The definition editor's presence in the database (editor_presence), so that every server
// sharing it lists the editors connected to any of them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tandem/presence.h"
#include "tandem/time.h"

namespace tandem::store {

class Database;

std::optional<PresenceEntry> FindPresence(Database& db, const std::string& client_id);
// Inserts or replaces the editor's entry, seen at `seen_at`.
void SavePresence(Database& db, const PresenceEntry& entry, Timestamp seen_at);
// Returns whether the editor was there.
bool DeletePresence(Database& db, const std::string& client_id);
// Whether any editor was last seen before `before`.
bool AnyPresenceSeenBefore(Database& db, Timestamp before);
// Returns whether any editor was removed.
bool DeletePresenceSeenBefore(Database& db, Timestamp before);
// Every editor, by name and then client id.
std::vector<PresenceEntry> ListPresence(Database& db);

}  // namespace tandem::store
