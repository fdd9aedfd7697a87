// In-memory presence with expiry.
#include "service/presence_board.h"

#include <algorithm>

namespace tandem::service {

bool PresenceBoard::Update(const PresenceEntry& entry, Timestamp now) {
    std::lock_guard lock(m_mutex);
    Seen& seen = m_clients[entry.client_id];
    bool changed = !(seen.entry == entry);
    seen.entry = entry;
    seen.at = now;
    return changed;
}

bool PresenceBoard::Leave(const std::string& client_id) {
    std::lock_guard lock(m_mutex);
    return m_clients.erase(client_id) > 0;
}

bool PresenceBoard::Expire(Timestamp now) {
    std::lock_guard lock(m_mutex);
    return std::erase_if(m_clients, [now](const auto& item) { return now - item.second.at > kTimeout; }) > 0;
}

std::vector<PresenceEntry> PresenceBoard::List() {
    std::lock_guard lock(m_mutex);
    std::vector<PresenceEntry> entries;
    for (const auto& [id, seen] : m_clients) entries.push_back(seen.entry);
    std::sort(entries.begin(), entries.end(), [](const PresenceEntry& a, const PresenceEntry& b) {
        return a.name != b.name ? a.name < b.name : a.client_id < b.client_id;
    });
    return entries;
}

}  // namespace tandem::service
