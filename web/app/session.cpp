// Signing in and out.
#include "app/session.h"

#include <nlohmann/json.hpp>

#include "app/api_client.h"
#include "app/state.h"

namespace tandem {

namespace {

void Apply(AppState& state, const ApiResult& result) {
    Session& session = state.session;
    if (result.Ok()) {
        try {
            session.me = UserFromServerJson(nlohmann::json::parse(result.body));
            session.status = Session::Status::SignedIn;
            session.login_error.clear();
            return;
        } catch (const std::exception&) {
            session.login_error = "the server sent an unreadable answer";
        }
    } else if (result.status == 401 || result.status == 429) {
        if (session.login_in_flight) session.login_error = result.ErrorMessage();
    } else if (session.login_in_flight) {
        session.login_error = result.ErrorMessage();
    }
    session.me.reset();
    session.status = Session::Status::SignedOut;
}

}  // namespace

void CheckSession(AppState& state, ApiClient& api) {
    if (state.session.check_in_flight) return;
    state.session.check_in_flight = true;
    api.Get("/api/auth/me", [](AppState& s, const ApiResult& result) {
        s.session.check_in_flight = false;
        if (result.status == 0) return;   // offline: the connection banner says so; check again later
        Apply(s, result);
    });
}

void SignIn(AppState& state, ApiClient& api, const LoginRequest& login) {
    state.session.login_in_flight = true;
    state.session.login_error.clear();
    api.Send("POST", "/api/auth/login", {{"email", login.email}, {"password", login.password}},
             [](AppState& s, const ApiResult& result) {
                 Apply(s, result);
                 s.session.login_in_flight = false;
             });
}

void SignOut(AppState& state, ApiClient& api) {
    api.Send("POST", "/api/auth/logout", nlohmann::json::object(), [](AppState&, const ApiResult&) {});
    ClearUserData(state);
    state.session.me.reset();
    state.session.status = Session::Status::SignedOut;
}

void ClearUserData(AppState& state) {
    state.users = {};
    state.scorecard = {};
}

}  // namespace tandem
