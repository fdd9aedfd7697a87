// Signing in and out.
#include "app/session.h"

#include <nlohmann/json.hpp>

#include "app/api_client.h"
#include "app/state.h"
#include "platform/platform.h"

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
    // Not /api/auth/me: its 401 for a signed-out visitor would be a console error on the sign-in page.
    api.Get("/api/auth/session", [](AppState& s, const ApiResult& result) {
        s.session.check_in_flight = false;
        if (result.status == 0) return;   // offline: the connection banner says so; check again later
        Session& session = s.session;
        session.me.reset();
        session.status = Session::Status::SignedOut;
        if (!result.Ok()) return;
        try {
            session.me = SessionStateFromServerJson(nlohmann::json::parse(result.body)).user;
        } catch (const std::exception&) {
            session.login_error = "the server sent an unreadable answer";
        }
        if (session.me) session.status = Session::Status::SignedIn;
    });
}

void LoadAuthConfig(AppState& state, ApiClient& api) {
    if (state.session.auth || state.session.auth_in_flight) return;
    state.session.auth_in_flight = true;
    api.Get("/api/auth/config", [](AppState& s, const ApiResult& result) {
        s.session.auth_in_flight = false;
        if (!result.Ok()) return;   // the form shows the password fields meanwhile; asked again next frame
        try {
            s.session.auth = AuthConfigFromJson(nlohmann::json::parse(result.body));
        } catch (const std::exception&) {
            s.session.login_error = "the server sent an unreadable sign-in setup";
        }
    });
}

void StartSingleSignOn(const AppState& state) {
    Route back = state.route;
    if (back.view == View::Login || back.view == View::ResetPassword) back = Route{};
    std::string hash = FormatRoute(back);
    platform::GoTo("/api/auth/sso/start?return_to=" + PercentEncode(hash.substr(1)));
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

void SessionEnded(AppState& state, const std::string& why) {
    if (state.session.status != Session::Status::SignedIn) return;
    ClearUserData(state);
    state.session.me.reset();
    state.session.status = Session::Status::SignedOut;
    state.session.login_error = why;
}

void ChangePassword(AppState& state, ApiClient& api, const PasswordChange& change) {
    state.session.password_change = {true, false, ""};
    api.Send("POST", "/api/auth/password",
             {{"current_password", change.current_password}, {"new_password", change.new_password}},
             [](AppState& s, const ApiResult& result) {
                 s.session.password_change = {false, result.Ok(), result.Ok() ? "" : result.ErrorMessage()};
             });
}

void ResetPassword(AppState& state, ApiClient& api, const PasswordResetRequest& request) {
    state.session.password_reset = {true, false, ""};
    api.Send("POST", "/api/auth/password-reset", {{"token", request.token}, {"password", request.password}},
             [](AppState& s, const ApiResult& result) {
                 s.session.password_reset = {false, result.Ok(), result.Ok() ? "" : result.ErrorMessage()};
             });
}

namespace {

void ApplyEmailPreferences(AppState& state, const ApiResult& result) {
    Remote<EmailPreferences>& remote = state.session.email_preferences;
    try {
        nlohmann::json body = nlohmann::json::parse(result.body);
        remote.Succeed({body.at("content_requests"), body.at("sla_breaches"), body.at("wins_digest")});
    } catch (const std::exception&) {
        remote.Fail("the server sent an unreadable answer");
    }
}

}  // namespace

void LoadEmailPreferences(AppState& state, ApiClient& api) {
    state.session.email_preferences = {};   // not the last user's while it loads
    state.session.email_preferences.Begin("", state.now);
    state.session.email_preferences_save = {};
    api.Get("/api/email-preferences", [](AppState& s, const ApiResult& result) {
        if (result.Ok()) ApplyEmailPreferences(s, result);
        else s.session.email_preferences.Fail(result.ErrorMessage());
    });
}

void SaveEmailPreferences(AppState& state, ApiClient& api, const EmailPreferences& preferences) {
    state.session.email_preferences_save = {true, false, ""};
    api.Send("PUT", "/api/email-preferences",
             {{"content_requests", preferences.content_requests}, {"sla_breaches", preferences.sla_breaches},
              {"wins_digest", preferences.wins_digest}},
             [](AppState& s, const ApiResult& result) {
                 s.session.email_preferences_save = {false, result.Ok(), result.Ok() ? "" : result.ErrorMessage()};
                 if (result.Ok()) ApplyEmailPreferences(s, result);
             });
}

void ClearUserData(AppState& state) {
    state.users = {};
    state.scorecard = {};
    state.campaigns = {};
    state.leads = {};
    state.feedback = {};
    state.definition = DefinitionState();
    state.people = {};
    state.webhooks = {};
}

}  // namespace tandem
