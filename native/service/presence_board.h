// The editor's presence, held in the database so that every server sharing it lists every open
// editor, whichever server each reports to. An editor reports every few seconds; one silent for
// 30 s has left, and whichever server notices first removes it.
#pragma once

#include <string>
#include <vector>

#include "tandem/presence.h"
#include "tandem/time.h"

namespace tandem::store {
class Store;
}

namespace tandem::service {

inline constexpr Timestamp kPresenceTimeout = 30;

// Each returns true if what others see changed (so it is worth broadcasting); editors silent for
// longer than the timeout are removed on the way.
bool ReportPresence(store::Store& store, const PresenceEntry& entry, Timestamp now);
bool LeavePresence(store::Store& store, const std::string& client_id, Timestamp now);
bool ExpirePresence(store::Store& store, Timestamp now);

// Every open editor, by name and then client id.
std::vector<PresenceEntry> ListPresence(store::Store& store);

}  // namespace tandem::service
