// Admin actions on accounts.
#include "app/people.h"

#include <nlohmann/json.hpp>

#include "app/api_client.h"
#include "app/state.h"
#include "tandem/codec.h"

namespace tandem {

namespace {

void MakeLink(AppState& state, ApiClient& api, std::int64_t user_id) {
    state.people.action = {true, false, ""};
    api.Send("POST", "/api/users/" + std::to_string(user_id) + "/password-reset", nlohmann::json::object(),
             [user_id](AppState& s, const ApiResult& result) {
                 s.people.action = {false, result.Ok(), result.Ok() ? "" : result.ErrorMessage()};
                 if (!result.Ok()) return;
                 try {
                     nlohmann::json body = nlohmann::json::parse(result.body);
                     s.people.link = PeopleState::Link{user_id, body.at("url").get<std::string>(),
                                                       ParseTimestamp(body.at("expires_at").get<std::string>()).value_or(0),
                                                       body.value("emailed", false)};
                 } catch (const std::exception&) {
                     s.people.action.error = "the server sent an unreadable link";
                 }
             });
}

}  // namespace

void CarryPeople(AppState& state, ApiClient& api, const PeopleIntents& intents) {
    if (intents.dismiss_link) state.people.link.reset();
    if (intents.make_link) MakeLink(state, api, *intents.make_link);
    if (intents.set_active) {
        auto [user_id, active] = *intents.set_active;
        state.people.action = {true, false, ""};
        api.Send("PATCH", "/api/users/" + std::to_string(user_id), {{"active", active}},
                 [](AppState& s, const ApiResult& result) {
                     s.people.action = {false, result.Ok(), result.Ok() ? "" : result.ErrorMessage()};
                     s.users.stale = true;
                 });
    }
    if (intents.add) {
        state.people.action = {true, false, ""};
        nlohmann::json body = {{"email", intents.add->email}, {"name", intents.add->name},
                               {"role", std::string(ToString(intents.add->role))}};
        api.Send("POST", "/api/users", body, [&api](AppState& s, const ApiResult& result) {
            s.users.stale = true;
            if (!result.Ok()) {
                s.people.action = {false, false, result.ErrorMessage()};
                return;
            }
            // A newcomer has no password yet: the link lets them set one.
            MakeLink(s, api, nlohmann::json::parse(result.body).at("id").get<std::int64_t>());
        });
    }
}

}  // namespace tandem
