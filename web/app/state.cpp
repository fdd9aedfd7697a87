// Small lookups over the state.
#include "app/state.h"

#include <algorithm>

namespace tandem {

std::string UserName(const AppState& state, std::int64_t id) {
    if (state.users.value)
        for (const User& user : *state.users.value)
            if (user.id == id) return user.name;
    return "user " + std::to_string(id);
}

std::string RoleLabel(Role role) {
    std::string label(ToString(role));
    std::replace(label.begin(), label.end(), '_', ' ');
    return label;
}

}  // namespace tandem
