// Signing in and out with a session cookie, how people sign in here, and passwords: a user's own
// change and the one-time reset links an admin makes. Single sign-on is in routes_sso.cpp.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/context.h"
#include "http/request.h"
#include "http/routes.h"
#include "service/accounts.h"
#include "service/sso.h"
#include "store/account_repo.h"
#include "store/store.h"

namespace tandem::http {

namespace {

// Counts an attempt at `email`'s password from the request's client before the password is
// checked; 429 with Retry-After if that client has been guessing.
auth::LoginLimiter::Ticket AdmitAttempt(ServerContext& context, const httplib::Request& req, httplib::Response& res,
                                        const std::string& email) {
    std::string bucket = AddressBucket(ClientOf(req, context).address);
    auth::LoginLimiter::Admission admission =
        context.logins.Admit(context.store, bucket, email, auth::LoginLimiter::Clock::now());
    if (!admission.allowed) {
        res.set_header("Retry-After", std::to_string(admission.retry_after_seconds));
        throw ApiError(429, "rate_limited",
                       "too many failed sign-ins from your address; try again in " +
                           std::to_string(admission.retry_after_seconds) + " s");
    }
    return admission.ticket;
}

}  // namespace

void RegisterAuthRoutes(Api& api, ServerContext& context) {
    api.Public("GET", "/api/auth/config",
               {.summary = "How people sign in here: with a password, single sign-on, or both",
                .response_schema = "AuthConfig"},
               [&context](const httplib::Request&, httplib::Response& res) {
                   AuthConfig config;
                   config.password_login = context.site.password_login;
                   if (context.sso) config.sso_name = context.sso->DisplayName();
                   SendJson(res, ToJson(config));
               });

    api.Public("POST", "/api/auth/login",
               {.summary = "Sign in; sets an HttpOnly session cookie. Failed attempts are limited per address and "
                           "per account and address (429 with Retry-After)",
                .request_schema = "Login",
                .response_schema = "User",
                .errors = {401, 403, 429}},   // wrong credentials, password sign-in off, the limiter
               [&context](const httplib::Request& req, httplib::Response& res) {
                   LoginRequest login = LoginFromJson(JsonBody(req));
                   if (!context.site.password_login) {
                       throw ApiError(403, "forbidden",
                                      "password sign-in is switched off here; use single sign-on" +
                                          (context.sso ? " (" + context.sso->DisplayName() + ")" : std::string()));
                   }
                   auth::LoginLimiter::Ticket ticket = AdmitAttempt(context, req, res, login.email);
                   std::optional<service::NewSession> session =
                       service::SignIn(context.store, login, Now(), context.session_idle_seconds);
                   if (!session) {
                       context.logins.Failed(ticket);
                       context.metrics.SignInFailed();
                       // The same answer for an unknown account, a wrong password and a deactivated user.
                       throw ApiError(401, "unauthorized", "wrong email or password");
                   }
                   context.logins.Succeeded(context.store, ticket);
                   // A fresh id at every sign-in; HttpOnly keeps it from scripts, Strict from other sites.
                   res.set_header("Set-Cookie", SessionCookie(session->cookie_value, ClientOf(req, context).https));
                   SendJson(res, ToJson(session->user));
               });

    api.Route("POST", "/api/auth/logout", Action::Read,
              {.summary = "Sign out: ends this session and its open event streams", .success_status = 204},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  // Exactly the session that was authenticated, never a look-alike cookie.
                  if (!caller.session_hash.empty()) {
                      context.store.Write([&](store::Database& db) { store::DeleteSession(db, caller.session_hash); });
                      context.events.CredentialsChanged(caller.user.id);
                  }
                  res.set_header("Set-Cookie", SessionCookie("", ClientOf(req, context).https));
                  res.status = 204;
              });

    // The dashboard's probe at start: a 401 here would be logged by every browser as an error on a
    // page that only shows the sign-in form.
    api.Public("GET", "/api/auth/session",
               {.summary = "Who is signed in: the user, or null when no one is (200 either way; scripts use "
                           "/api/auth/me, which answers 401 without credentials)",
                .response_schema = "SessionState"},
               [&api](const httplib::Request& req, httplib::Response& res) {
                   std::optional<Caller> caller = api.Authenticate(req);
                   SendJson(res, ToJson(SessionState{caller ? std::optional<User>(caller->user) : std::nullopt}));
               });

    api.Route("GET", "/api/auth/me", Action::Read, {.summary = "The signed-in user", .response_schema = "User"},
              [](const httplib::Request&, httplib::Response& res, const Caller& caller) {
                  SendJson(res, ToJson(caller.user));
              });

    api.Route("POST", "/api/auth/password", Action::Read,
              {.summary = "Change your own password (the current one is required); your other sessions end. Wrong "
                          "current passwords count as failed sign-ins",
               .request_schema = "PasswordChange",
               .success_status = 204,
               .errors = {429}},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  PasswordChange change = PasswordChangeFromJson(JsonBody(req));
                  auth::LoginLimiter::Ticket ticket = AdmitAttempt(context, req, res, caller.user.email);
                  if (!service::ChangePassword(context.store, caller.user, change.current_password, change.new_password,
                                               caller.session_hash)) {
                      context.logins.Failed(ticket);
                      throw ApiError(403, "forbidden", "your current password is not right", "current_password");
                  }
                  context.logins.Succeeded(context.store, ticket);
                  context.events.CredentialsChanged(caller.user.id);
                  res.status = 204;
              });

    api.Public("POST", "/api/auth/password-reset",
               {.summary = "Set a new password with a one-time link from an admin; every session of that user ends",
                .request_schema = "PasswordReset",
                .success_status = 204,
                .errors = {404}},   // a link unknown, used or expired
               [&context](const httplib::Request& req, httplib::Response& res) {
                   PasswordResetRequest request = PasswordResetFromJson(JsonBody(req));
                   User user = service::ResetPassword(context.store, request.token, request.password, Now());
                   context.events.CredentialsChanged(user.id);
                   res.status = 204;
               });
}

}  // namespace tandem::http
