// Sign-in with a session cookie: POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "auth/secrets.h"
#include "http/api.h"
#include "http/context.h"
#include "http/request.h"
#include "http/routes.h"
#include "service/accounts.h"
#include "store/account_repo.h"
#include "store/store.h"

namespace tandem::http {

namespace {

constexpr const char* kCookie = "tandem_session";

}  // namespace

void RegisterAuthRoutes(Api& api, ServerContext& context) {
    api.Public("POST", "/api/auth/login",
               {.summary = "Sign in; sets an HttpOnly session cookie", .request_schema = "Login",
                .response_schema = "User"},
               [&context](const httplib::Request& req, httplib::Response& res) {
                   LoginRequest login = LoginFromJson(JsonBody(req));
                   auto clock = auth::LoginLimiter::Clock::now();
                   if (int wait = context.logins.RetryAfter(req.remote_addr, login.email, clock); wait > 0) {
                       res.set_header("Retry-After", std::to_string(wait));
                       throw ApiError(429, "rate_limited",
                                      "too many failed sign-ins; try again in " + std::to_string(wait) + " s");
                   }
                   std::optional<service::NewSession> session =
                       service::SignIn(context.store, login, Now(), context.session_idle_seconds);
                   if (!session) {
                       context.logins.RecordFailure(req.remote_addr, login.email, clock);
                       throw ApiError(401, "unauthorized", "wrong email or password");
                   }
                   context.logins.RecordSuccess(login.email);
                   // A fresh id at every sign-in; HttpOnly keeps it from scripts, Strict from other sites.
                   res.set_header("Set-Cookie", std::string(kCookie) + "=" + session->cookie_value +
                                                    "; Path=/; HttpOnly; SameSite=Strict");
                   SendJson(res, ToJson(session->user));
               });

    api.Route("POST", "/api/auth/logout", Action::Read, {.summary = "Sign out: ends this session", .success_status = 204},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  std::string cookie = req.get_header_value("Cookie");
                  std::string prefix = std::string(kCookie) + "=";
                  if (std::size_t at = cookie.find(prefix); at != std::string::npos) {
                      std::string value = cookie.substr(at + prefix.size());
                      value = value.substr(0, value.find(';'));
                      context.store.Write([&](store::Database& db) { store::DeleteSession(db, auth::HashSecret(value)); });
                  }
                  res.set_header("Set-Cookie", std::string(kCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
                  res.status = 204;
              });

    api.Route("GET", "/api/auth/me", Action::Read, {.summary = "The signed-in user", .response_schema = "User"},
              [](const httplib::Request&, httplib::Response& res, const Caller& caller) {
                  SendJson(res, ToJson(caller.user));
              });
}

}  // namespace tandem::http
