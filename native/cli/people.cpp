// Names for user ids, from GET /api/auth/me and GET /api/users.
#include "cli/people.h"

#include "cli/remote.h"
#include "tandem/user.h"

namespace tandem::cli {

People::People(Remote& remote) {
    m_me = remote.Decoded(remote.Call("GET", "/api/auth/me"), UserFromServerJson, "a user").id;
    nlohmann::json users = remote.Call("GET", "/api/users");
    if (!users.is_object() || !users.contains("items") || !users["items"].is_array())
        throw RemoteError("the server at " + remote.Display() + " sent a list of users that is not Tandem's");
    for (const nlohmann::json& item : users["items"]) {
        User user = remote.Decoded(item, UserFromServerJson, "a user");
        m_names[user.id] = user.name;
    }
}

std::string People::Name(std::optional<std::int64_t> id, const std::string& nobody) const {
    if (!id) return nobody;
    if (*id == m_me) return "you";
    auto it = m_names.find(*id);
    return it != m_names.end() ? it->second : "user " + std::to_string(*id);
}

}  // namespace tandem::cli
