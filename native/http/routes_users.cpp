// Users (admins manage them; everyone can see who is who) and API tokens (each user their own).
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/context.h"
#include "http/request.h"
#include "http/routes.h"
#include "mail/mail_repo.h"
#include "mail/mailer.h"
#include "mail/mails.h"
#include "service/accounts.h"
#include "store/account_repo.h"
#include "store/store.h"
#include "tandem/codec.h"

namespace tandem::http {

void RegisterUserRoutes(Api& api, ServerContext& context) {
    api.Route("GET", "/api/users", Action::Read, {.summary = "Everyone with an account", .response_schema = "[User]"},
              [&context](const httplib::Request&, httplib::Response& res, const Caller&) {
                  nlohmann::json items = nlohmann::json::array();
                  context.store.Read([&](store::Database& db) {
                      for (const User& user : store::ListUsers(db)) items.push_back(ToJson(user));
                  });
                  SendJson(res, {{"items", items}, {"next_cursor", nullptr}});
              });

    api.Route("POST", "/api/users", Action::ManageUsers,
              {.summary = "Create an account; without a password, the user signs in with single sign-on or sets one "
                          "with a reset link",
               .request_schema = "NewUser", .response_schema = "User",
               .success_status = 201, .errors = {409}},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  NewUser input = NewUserFromJson(JsonBody(req));
                  User user = service::CreateUser(context.store, input, Now());
                  res.set_header("Location", "/api/users/" + std::to_string(user.id));
                  SendJson(res, ToJson(user), 201);
              });

    api.Route("PATCH", "/api/users/{id}", Action::ManageUsers,
              {.summary = "Rename, change the role of, or deactivate an account", .request_schema = "UserUpdate",
               .response_schema = "User"},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  std::int64_t id = PathId(req, "user");
                  nlohmann::json patch = JsonBody(req);
                  User updated = context.store.Write([&](store::Database& db) {
                      std::optional<User> existing = store::FindUser(db, id);
                      if (!existing) NotFound("user", id);
                      User user = UserFromJson(MergePatch(ToJson(*existing), patch, UserReadOnlyFields()));
                      user.id = existing->id;
                      user.email = existing->email;
                      user.created_at = existing->created_at;
                      if (user.id == caller.user.id && (user.role != Role::Admin || !user.active))
                          throw ApiError(422, "invalid", "you cannot remove your own admin rights", "role");
                      store::UpdateUser(db, user);
                      if (!user.active) store::DeleteUserSessions(db, user.id);
                      return user;
                  });
                  // A deactivated user's open dashboards and scripts end now, not at their next request.
                  if (!updated.active) context.events.CredentialsChanged(updated.id);
                  SendJson(res, ToJson(updated));
              });

    api.Route("POST", "/api/users/{id}/password-reset", Action::ManageUsers,
              {.summary = "Make a one-time link (valid 24 hours) for the user to set a new password; it replaces any "
                          "earlier link. With email set up (--smtp-url) it is emailed to them (`emailed`); else give "
                          "it to them yourself",
               .response_schema = "ResetLink",
               .success_status = 201, .errors = {409}},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  std::int64_t id = PathId(req, "user");
                  Timestamp now = Now();
                  bool email = context.mailer->Enabled();
                  std::string url;
                  service::ResetLink link = context.store.Write([&](store::Database& db) {
                      std::optional<User> user = store::FindUser(db, id);
                      if (!user) NotFound("user", id);
                      if (!user->active)
                          throw ApiError(409, "conflict", user->name + " is deactivated; activate the account first");
                      service::ResetLink made = service::CreateResetLink(db, id, caller.user.id, now);
                      // In the fragment, so the token never reaches a server or proxy log when it is opened.
                      url = PublicOrigin(req, context) + "/#/reset-password?token=" + made.token;
                      if (email) {
                          mail::Mail message = mail::PasswordResetMail(*user, caller.user, url, made.expires_at);
                          mail::EnqueueMail(db, "password_reset", user->email,
                                            mail::Compose(message, context.mailer->Settings().from, now), now);
                      }
                      return made;
                  });
                  if (email) context.mailer->Wake();
                  SendJson(res, {{"url", url}, {"expires_at", FormatTimestamp(link.expires_at)}, {"emailed", email}}, 201);
              });

    // The kinds of email a user may turn on and off: true while they get it. The wins digest is
    // off until turned on (an opt-in), the others on until turned off.
    auto preferences = [](store::Database& db, std::int64_t user_id) {
        return nlohmann::json{{mail::kContentRequests, !mail::OptedOut(db, user_id, mail::kContentRequests)},
                              {mail::kSlaBreaches, !mail::OptedOut(db, user_id, mail::kSlaBreaches)},
                              {mail::kWinsDigest, mail::OptedIn(db, user_id, mail::kWinsDigest)}};
    };
    api.Route("GET", "/api/email-preferences", Action::Read,
              {.summary = "The kinds of email you get (when email is set up): true while on", .response_schema = "EmailPreferences"},
              [&context, preferences](const httplib::Request&, httplib::Response& res, const Caller& caller) {
                  SendJson(res, context.store.Read([&](store::Database& db) { return preferences(db, caller.user.id); }));
              });
    api.Route("PUT", "/api/email-preferences", Action::Read,
              {.summary = "Turn kinds of email on or off for yourself", .request_schema = "EmailPreferences",
               .response_schema = "EmailPreferences"},
              [&context, preferences](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  nlohmann::json body = JsonBody(req);
                  bool content_requests = true;
                  bool sla_breaches = true;
                  bool wins_digest = false;
                  ObjectReader reader(body, "");
                  reader.Required(mail::kContentRequests, content_requests);
                  reader.Required(mail::kSlaBreaches, sla_breaches);
                  reader.Required(mail::kWinsDigest, wins_digest);
                  reader.Finish();
                  SendJson(res, context.store.Write([&](store::Database& db) {
                      mail::SetOptedOut(db, caller.user.id, mail::kContentRequests, !content_requests);
                      mail::SetOptedOut(db, caller.user.id, mail::kSlaBreaches, !sla_breaches);
                      mail::SetOptedIn(db, caller.user.id, mail::kWinsDigest, wins_digest);
                      return preferences(db, caller.user.id);
                  }));
              });

    api.Route("GET", "/api/tokens", Action::Read,
              {.summary = "Your API tokens (all tokens for admins with all=true)", .response_schema = "[ApiToken]",
               .query = {{"all", "boolean", "admins: every user's tokens"}}},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  bool all = QueryBool(req, "all").value_or(false);
                  if (all && !Can(caller.user.role, Action::ManageAllTokens))
                      throw ApiError(403, "forbidden", "only admins see every token");
                  nlohmann::json items = nlohmann::json::array();
                  context.store.Read([&](store::Database& db) {
                      auto owner = all ? std::nullopt : std::optional<std::int64_t>(caller.user.id);
                      for (const ApiToken& token : store::ListTokens(db, owner)) items.push_back(ToJson(token));
                  });
                  SendJson(res, {{"items", items}, {"next_cursor", nullptr}});
              });

    api.Route("POST", "/api/tokens", Action::Read,
              {.summary = "Create an API token for yourself; the secret is shown once", .request_schema = "NewToken",
               .response_schema = "CreatedToken", .success_status = 201},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  NewToken input = NewTokenFromJson(JsonBody(req));
                  service::CreatedToken created = context.store.Write([&](store::Database& db) {
                      return service::CreateToken(db, caller.user.id, input.name, Now());
                  });
                  SendJson(res, {{"token", ToJson(created.token)}, {"secret", created.secret}}, 201);
              });

    api.Route("DELETE", "/api/tokens/{id}", Action::Read,
              {.summary = "Revoke a token (your own, or any as admin)", .success_status = 204},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  std::int64_t id = PathId(req, "token");
                  std::int64_t owner = context.store.Write([&](store::Database& db) {
                      std::optional<ApiToken> token = store::FindToken(db, id);
                      bool mine = token && token->user_id == caller.user.id;
                      // Someone else's token is reported as missing, so ids do not leak.
                      if (!token || (!mine && !Can(caller.user.role, Action::ManageAllTokens))) NotFound("token", id);
                      store::RevokeToken(db, id, Now());
                      return token->user_id;
                  });
                  context.events.CredentialsChanged(owner);
                  res.status = 204;
              });
}

}  // namespace tandem::http
