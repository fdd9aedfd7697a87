// The editor's presence on the server: in memory only (it describes open browser tabs, which a
// restart closes anyway). An editor reports every few seconds; one silent for 30 s has left.
#pragma once

#include <mutex>
#include <unordered_map>
#include <vector>

#include "tandem/presence.h"
#include "tandem/time.h"

namespace tandem::service {

class PresenceBoard {
public:
    static constexpr Timestamp kTimeout = 30;

    // Returns true if what others see changed (so it is worth broadcasting).
    bool Update(const PresenceEntry& entry, Timestamp now);
    bool Leave(const std::string& client_id);
    bool Expire(Timestamp now);
    std::vector<PresenceEntry> List();

private:
    struct Seen {
        PresenceEntry entry;
        Timestamp at = 0;
    };
    std::mutex m_mutex;
    std::unordered_map<std::string, Seen> m_clients;
};

}  // namespace tandem::service
