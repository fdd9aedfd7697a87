// Presence JSON.
#include "tandem/presence.h"

#include "tandem/codec.h"

namespace tandem {

nlohmann::json ToJson(const PresenceEntry& entry) {
    return {{"client_id", entry.client_id}, {"user_id", entry.user_id},           {"name", entry.name},
            {"role", ToString(entry.role)}, {"criterion_id", entry.criterion_id}, {"editing", entry.editing}};
}

nlohmann::json ToJson(const std::vector<PresenceEntry>& entries) {
    nlohmann::json out = nlohmann::json::array();
    for (const PresenceEntry& entry : entries) out.push_back(ToJson(entry));
    return out;
}

std::vector<PresenceEntry> PresenceFromJson(const nlohmann::json& in) {
    if (!in.is_array()) throw DecodeError("presence", "expected a list");
    std::vector<PresenceEntry> entries;
    for (std::size_t i = 0; i < in.size(); ++i) {
        ObjectReader reader(in[i], "presence[" + std::to_string(i) + "]");
        PresenceEntry entry;
        reader.Required("client_id", entry.client_id);
        reader.Required("user_id", entry.user_id);
        reader.Required("name", entry.name);
        reader.Required("role", entry.role);
        reader.Required("criterion_id", entry.criterion_id);
        reader.Required("editing", entry.editing);
        reader.Finish();
        entries.push_back(std::move(entry));
    }
    return entries;
}

}  // namespace tandem
