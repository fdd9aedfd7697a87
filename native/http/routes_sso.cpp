// Single sign-on: GET /api/auth/sso/start sends the browser to the identity provider, and the
// provider sends it back to GET /api/auth/sso/callback with a code. Both are browser navigations,
// so they answer with redirects: to the provider, to the dashboard when signed in, or to the
// sign-in page with a short error code when not (the server log says why).
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/context.h"
#include "http/request.h"
#include "http/routes.h"
#include "log.h"
#include "service/sso.h"

namespace tandem::http {

namespace {

// Binds an attempt to the browser that started it, so a state lifted from one browser's URL is
// useless in another. Lax, not Strict: it must come along on the provider's redirect back to us.
constexpr const char* kStateCookie = "tandem_sso";

std::string StateCookie(const std::string& value, bool secure) {
    std::string cookie = std::string(kStateCookie) + "=" + value + "; Path=/api/auth/sso; HttpOnly; SameSite=Lax";
    cookie += value.empty() ? "; Max-Age=0" : "; Max-Age=600";
    if (secure) cookie += "; Secure";
    return cookie;
}

std::string CallbackUri(const httplib::Request& req, const ServerContext& context) {
    return PublicOrigin(req, context) + "/api/auth/sso/callback";
}

// A dashboard route ("/leads/42", "/scorecard?period=2026-Q4") to open after signing in; anything
// else (another site, a scheme) is ignored so the sign-in cannot be used to send people elsewhere.
std::string SafeReturnTo(const std::optional<std::string>& wanted) {
    if (!wanted || wanted->empty() || wanted->size() > 500 || (*wanted)[0] != '/' || wanted->starts_with("//"))
        return "/";
    for (char c : *wanted)
        if (static_cast<unsigned char>(c) < 0x21 || c == '\\') return "/";
    return *wanted;
}

void Redirect(httplib::Response& res, const std::string& location) {
    res.status = 303;
    res.set_header("Location", location);
    res.set_header("Cache-Control", "no-store");
}

}  // namespace

void RegisterSsoRoutes(Api& api, ServerContext& context) {
    api.Public("GET", "/api/auth/sso/start",
               {.summary = "Single sign-on: redirects the browser to the identity provider (404 when not set up)",
                .query = {{"return_to", "string", "the dashboard route to open afterwards, e.g. /leads/42"}},
                .success_status = 303, .errors = {404}},
               [&context](const httplib::Request& req, httplib::Response& res) {
                   if (!context.sso) throw ApiError(404, "not_found", "single sign-on is not set up on this server");
                   std::string origin = PublicOrigin(req, context);
                   bool secure = ClientOf(req, context).https;
                   try {
                       service::SingleSignOn::Started started = context.sso->Start(
                           context.store, CallbackUri(req, context), SafeReturnTo(QueryText(req, "return_to")), Now());
                       res.set_header("Set-Cookie", StateCookie(started.state, secure));
                       Redirect(res, started.authorization_url);
                   } catch (const service::SsoError& e) {
                       LogLine("single sign-on could not start: " + std::string(e.what()));
                       Redirect(res, origin + "/#/login?sso_error=" + e.code);
                   }
               });

    api.Public("GET", "/api/auth/sso/callback",
               {.summary = "Single sign-on: where the identity provider sends the browser back; signs in and "
                           "redirects to the dashboard, or to the sign-in page with sso_error",
                .query = {{"code", "string", "the authorization code"},
                          {"state", "string", "the state this server sent"},
                          {"error", "string", "the provider's error code, instead of a code"},
                          {"error_description", "string", "the provider's explanation"},
                          {"iss", "string", "the issuer (RFC 9207)"},
                          {"session_state", "string", "the provider's session state (ignored)"}},
                .success_status = 303, .errors = {404}},
               [&context](const httplib::Request& req, httplib::Response& res) {
                   if (!context.sso) throw ApiError(404, "not_found", "single sign-on is not set up on this server");
                   std::string origin = PublicOrigin(req, context);
                   bool secure = ClientOf(req, context).https;
                   res.set_header("Set-Cookie", StateCookie("", secure));
                   std::string state = QueryText(req, "state").value_or("");
                   try {
                       if (std::optional<std::string> error = QueryText(req, "error"))
                           throw service::SsoError("rejected", "the provider answered " + *error + ": " +
                                                                   QueryText(req, "error_description").value_or(""));
                       // RFC 9207: an answer that names another issuer is some other provider's (mix-up).
                       if (std::optional<std::string> iss = QueryText(req, "iss"); iss && *iss != context.sso->Issuer())
                           throw service::SsoError("rejected", "the answer names the issuer " + *iss);
                       std::optional<std::string> bound = CookieValue(req, kStateCookie);
                       if (state.empty() || !bound || *bound != state)
                           throw service::SsoError("mismatch", "the state does not match this browser's sign-in");
                       service::SingleSignOn::Finished finished =
                           context.sso->Finish(context.store, state, QueryText(req, "code").value_or(""),
                                               CallbackUri(req, context), Now(), context.session_idle_seconds);
                       if (finished.created)
                           LogLine("single sign-on created the account " + finished.session.user.email + " (" +
                                   std::string(ToString(finished.session.user.role)) + ")");
                       res.set_header("Set-Cookie", SessionCookie(finished.session.cookie_value, secure));
                       Redirect(res, origin + "/#" + finished.return_to);
                   } catch (const service::SsoError& e) {
                       LogLine("single sign-on refused from " + ClientOf(req, context).address + ": " + e.what());
                       Redirect(res, origin + "/#/login?sso_error=" + e.code);
                   }
               });
}

}  // namespace tandem::http
