// The people page's data and actions: who has an account (the directory is AppState::users), and
// what an admin does there: add someone, switch an account off or on, and make a one-time link to
// set a password (for a newcomer, or someone who forgot theirs). The view draws from PeopleState
// and fills PeopleIntents; the app calls CarryPeople after drawing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "app/remote.h"
#include "tandem/user.h"

namespace tandem {

struct AppState;
class ApiClient;

struct PeopleState {
    struct Link {
        std::int64_t user_id = 0;
        std::string url;             // "https://tandem.example.com/#/reset-password?token=..."
        Timestamp expires_at = 0;
        bool emailed = false;        // the server also emailed it to them (--smtp-url)
    };
    std::optional<Link> link;        // the last link made, shown until dismissed
    FormProgress action;             // the last change's answer
};

struct PeopleIntents {
    std::optional<NewUser> add;                              // then a link for them to set a password
    std::optional<std::int64_t> make_link;
    std::optional<std::pair<std::int64_t, bool>> set_active; // user id, active
    bool dismiss_link = false;
};

void CarryPeople(AppState& state, ApiClient& api, const PeopleIntents& intents);

}  // namespace tandem
