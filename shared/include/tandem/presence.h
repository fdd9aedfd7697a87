// Who has the definition editor open, and which criterion each is looking at or editing; shown
// next to the criterion in every open editor.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "tandem/enums.h"

namespace tandem {

struct PresenceEntry {
    std::string client_id;          // one per open editor (a person may have two tabs)
    std::int64_t user_id = 0;
    std::string name;
    Role role = Role::MarketingLeader;
    std::string criterion_id;       // "" when not on a criterion
    bool editing = false;           // typing into it, not just looking

    bool operator==(const PresenceEntry&) const = default;
};

// JSON: {"client_id","user_id","name","role","criterion_id","editing"}.
nlohmann::json ToJson(const PresenceEntry& entry);
nlohmann::json ToJson(const std::vector<PresenceEntry>& entries);
std::vector<PresenceEntry> PresenceFromJson(const nlohmann::json& in);

}  // namespace tandem
