// Signing in and out, session cookies, the login rate limit, /api/auth/me, /api/auth/session and API
// tokens.
#include <algorithm>
#include <csignal>
#include <doctest/doctest.h>
#include <regex>

#include "server_process.h"

using namespace tandem::test;

namespace {

const std::regex kSessionCookie(R"(^tandem_session=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict$)");

nlohmann::json Credentials(const std::string& email, const std::string& password) {
    return {{"email", email}, {"password", password}};
}

}  // namespace

TEST_CASE("a first start prints a one-time admin password that signs in once the server runs") {
    TempDir dir;
    ServerProcess server(dir.Path());
    std::string password = OneTimePassword(server.Log());
    CHECK(std::regex_match(password, std::regex(R"([a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5})")));
    ApiClient anonymous(server.Port());
    Reply login = anonymous.Post("/api/auth/login", Credentials("admin@tandem.local", password));
    REQUIRE(login.status == 200);
    nlohmann::json admin = login.Json();
    CHECK(admin["email"] == "admin@tandem.local");
    CHECK(admin["name"] == "Administrator");
    CHECK(admin["role"] == "admin");
    CHECK(admin["active"] == true);
    // The starter definition is in force from the first start, so new leads are scored at once.
    ApiClient admin_client = anonymous.WithCookie(SignIn(anonymous, "admin@tandem.local", password));
    nlohmann::json definitions = admin_client.Get("/api/definitions").Json();
    REQUIRE(definitions["items"].size() == 1);
    CHECK(definitions["items"][0]["version"] == 1);
    CHECK(definitions["items"][0]["status"] == "active");
    CHECK(admin_client.Get("/api/users").Json()["items"].size() == 1);

    // The password is shown once: a restart on the same database prints none.
    server.Stop(SIGTERM);
    ServerProcess again(dir.Path());
    CHECK(again.Log().find("one-time password") == std::string::npos);
    CHECK(SignIn(ApiClient(again.Port()), "admin@tandem.local", password) != "");
}

TEST_CASE("signing in sets a new HttpOnly SameSite=Strict session cookie every time") {
    DemoServer demo;
    ApiClient anonymous = demo.Anonymous();
    Reply first = anonymous.Post("/api/auth/login", Credentials("maya@tandem.test", kDemoPassword));
    Reply second = anonymous.Post("/api/auth/login", Credentials("maya@tandem.test", kDemoPassword));
    REQUIRE(first.status == 200);
    REQUIRE(second.status == 200);
    CHECK(std::regex_match(first.Header("Set-Cookie"), kSessionCookie));
    CHECK(std::regex_match(second.Header("Set-Cookie"), kSessionCookie));
    CHECK(first.Header("Set-Cookie") != second.Header("Set-Cookie"));

    nlohmann::json maya = first.Json();
    CHECK(maya.size() == 6);
    CHECK(maya["email"] == "maya@tandem.test");
    CHECK(maya["name"] == "Maya Marketing");
    CHECK(maya["role"] == "marketing_leader");
    CHECK(maya["active"] == true);
    CHECK_FALSE(first.body.find("password") != std::string::npos);

    // Both sessions are valid at once: signing in elsewhere does not sign you out here.
    for (const Reply* login : {&first, &second}) {
        std::string cookie = login->Header("Set-Cookie").substr(0, login->Header("Set-Cookie").find(';'));
        Reply me = anonymous.WithCookie(cookie).Get("/api/auth/me");
        CHECK(me.status == 200);
        CHECK(me.Json() == maya);
    }

    // The address is matched as typed in any case and with stray spaces.
    Reply typed = anonymous.Post("/api/auth/login", Credentials("  MAYA@Tandem.Test ", kDemoPassword));
    CHECK(typed.status == 200);
    CHECK(typed.Json()["id"] == maya["id"]);
}

TEST_CASE("a wrong password and an unknown email get the same 401 and no cookie") {
    DemoServer demo;
    ApiClient anonymous = demo.Anonymous();
    Reply wrong_password = anonymous.Post("/api/auth/login", Credentials("sam@tandem.test", "tandem-demo-2025"));
    Reply unknown_email = anonymous.Post("/api/auth/login", Credentials("nobody@tandem.test", kDemoPassword));
    CHECK(ErrorOf(wrong_password) == ApiError{401, "unauthorized"});
    CHECK(ErrorOf(unknown_email) == ApiError{401, "unauthorized"});
    CHECK(wrong_password.body == unknown_email.body);
    CHECK(wrong_password.Json()["error"]["message"] == "wrong email or password");
    CHECK(wrong_password.Header("Set-Cookie") == "");
    CHECK(unknown_email.Header("Set-Cookie") == "");

    // Malformed sign-ins are input errors, not failed guesses.
    CHECK(ErrorOf(anonymous.Post("/api/auth/login", {{"email", "sam@tandem.test"}})) == ApiError{422, "invalid", "password"});
    CHECK(ErrorOf(anonymous.Post("/api/auth/login", {{"password", "x"}})) == ApiError{422, "invalid", "email"});
    CHECK(ErrorOf(anonymous.Post("/api/auth/login", {{"email", "sam@tandem.test"}, {"password", kDemoPassword}, {"remember", true}})) ==
          ApiError{422, "invalid", "remember"});
    CHECK(ErrorOf(anonymous.Post("/api/auth/login", {{"email", 5}, {"password", kDemoPassword}})) ==
          ApiError{422, "invalid", "email"});
    CHECK(ErrorOf(anonymous.Send("POST", "/api/auth/login", R"({"email":"sam@tandem.test",)", "application/json")) ==
          ApiError{400, "bad_request"});
    CHECK(ErrorOf(anonymous.Send("POST", "/api/auth/login", "sam@tandem.test tandem-demo-2026", "text/plain")) ==
          ApiError{415, "unsupported_media_type"});
    CHECK(ErrorOf(anonymous.Post("/api/auth/login?next=/", Credentials("sam@tandem.test", kDemoPassword))) ==
          ApiError{400, "bad_request", "next"});
    // Two failures so far, below the limit: the right password still works.
    CHECK(SignIn(anonymous, "sam@tandem.test", kDemoPassword) != "");
}

TEST_CASE("signing out ends that session only, and its cookie stops working") {
    DemoServer demo;
    ApiClient anonymous = demo.Anonymous();
    std::string laptop = SignIn(anonymous, "rita@tandem.test", kDemoPassword);
    std::string phone = SignIn(anonymous, "rita@tandem.test", kDemoPassword);
    REQUIRE(laptop != "");
    REQUIRE(phone != "");

    Reply logout = anonymous.WithCookie(laptop).Post("/api/auth/logout", nlohmann::json::object());
    CHECK(logout.status == 204);
    CHECK(logout.body == "");
    CHECK(logout.Header("Set-Cookie") == "tandem_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    CHECK(ErrorOf(anonymous.WithCookie(laptop).Get("/api/auth/me")) == ApiError{401, "unauthorized"});
    CHECK(ErrorOf(anonymous.WithCookie(laptop).Post("/api/auth/logout", nlohmann::json::object())) ==
          ApiError{401, "unauthorized"});
    CHECK(anonymous.WithCookie(phone).Get("/api/auth/me").status == 200);
    CHECK(ErrorOf(anonymous.Post("/api/auth/logout", nlohmann::json::object())) == ApiError{401, "unauthorized"});
    // A cookie that was never issued is no session.
    CHECK(ErrorOf(anonymous.WithCookie("tandem_session=" + std::string(43, 'A')).Get("/api/auth/me")) ==
          ApiError{401, "unauthorized"});
}

TEST_CASE("/api/auth/me describes whoever calls, by cookie or by token") {
    DemoServer demo;
    const std::pair<const char*, const char*> people[] = {
        {"admin", "admin"}, {"maya", "marketing_leader"}, {"sam", "sales_leader"},
        {"mark", "marketer"}, {"rita", "sales_rep"}, {"raj", "sales_rep"},
    };
    nlohmann::json users = demo.As("admin").Get("/api/users").Json()["items"];
    for (const auto& [who, role] : people) {
        Reply me = demo.As(who).Get("/api/auth/me");
        REQUIRE(me.status == 200);
        CHECK(me.Json()["email"] == std::string(who) + "@tandem.test");
        CHECK(me.Json()["role"] == role);
        CHECK(me.Json()["id"] == demo.IdOf(who));
        // The same record the user list has.
        auto listed = std::find_if(users.begin(), users.end(), [&](const nlohmann::json& u) { return u["id"] == demo.IdOf(who); });
        REQUIRE(listed != users.end());
        CHECK(*listed == me.Json());
    }
    Reply created = demo.As("raj").Post("/api/tokens", {{"name", "raj's script"}});
    REQUIRE(created.status == 201);
    Reply by_token = demo.Anonymous().WithBearer(created.Json()["secret"]).Get("/api/auth/me");
    CHECK(by_token.status == 200);
    CHECK(by_token.Json() == demo.As("raj").Get("/api/auth/me").Json());
    CHECK(ErrorOf(demo.Anonymous().Get("/api/auth/me")) == ApiError{401, "unauthorized"});
}

TEST_CASE("/api/auth/session names whoever is signed in, and answers 200 with null when no one is") {
    DemoServer demo;
    ApiClient anonymous = demo.Anonymous();
    std::string cookie = SignIn(anonymous, "rita@tandem.test", kDemoPassword);
    REQUIRE(cookie != "");
    ApiClient rita = anonymous.WithCookie(cookie);
    Reply signed_in = rita.Get("/api/auth/session");
    CHECK(signed_in.status == 200);
    CHECK(signed_in.Json() == nlohmann::json{{"user", rita.Get("/api/auth/me").Json()}});

    const nlohmann::json nobody = {{"user", nullptr}};
    Reply without = anonymous.Get("/api/auth/session");
    CHECK(without.status == 200);
    CHECK(without.Json() == nobody);
    CHECK(anonymous.WithCookie("tandem_session=" + std::string(43, 'A')).Get("/api/auth/session").Json() == nobody);
    CHECK(anonymous.WithBearer("tdm_not-a-real-token").Get("/api/auth/session").Json() == nobody);

    Reply created = demo.As("raj").Post("/api/tokens", {{"name", "raj's probe"}});
    REQUIRE(created.status == 201);
    CHECK(anonymous.WithBearer(created.Json()["secret"]).Get("/api/auth/session").Json()["user"]["id"] == demo.IdOf("raj"));

    // Signed out, the same cookie is nobody's.
    REQUIRE(rita.Post("/api/auth/logout", nlohmann::json::object()).status == 204);
    Reply after = rita.Get("/api/auth/session");
    CHECK(after.status == 200);
    CHECK(after.Json() == nobody);
    CHECK(ErrorOf(anonymous.Get("/api/auth/session?who=me")) == ApiError{400, "bad_request", "who"});
}

TEST_CASE("an API token is shown once, works as a bearer, is listed without its secret and dies when revoked") {
    DemoServer demo;
    ApiClient rita = demo.As("rita");
    Reply created = rita.Post("/api/tokens", {{"name", "  laptop CLI "}});
    REQUIRE(created.status == 201);
    nlohmann::json body = created.Json();
    std::string secret = body["secret"];
    CHECK(std::regex_match(secret, std::regex("tdm_[A-Za-z0-9_-]{43}")));
    nlohmann::json token = body["token"];
    CHECK(body.size() == 2);
    CHECK(token["name"] == "laptop CLI");
    CHECK(token["user_id"] == demo.IdOf("rita"));
    CHECK(token["last_used_at"].is_null());
    CHECK(token["revoked_at"].is_null());
    std::int64_t id = token["id"];

    ApiClient script = demo.Anonymous().WithBearer(secret);
    Reply me = script.Get("/api/auth/me");
    CHECK(me.status == 200);
    CHECK(me.Json()["email"] == "rita@tandem.test");
    // A token does what its owner's role may do, no more.
    CHECK(ErrorOf(script.Post("/api/campaigns", {{"name", "x"}, {"start", "2027-01-01"}, {"end", "2027-01-02"}})) ==
          ApiError{403, "forbidden"});

    Reply listed = rita.Get("/api/tokens");
    REQUIRE(listed.status == 200);
    nlohmann::json items = listed.Json()["items"];
    REQUIRE(items.size() == 1);
    CHECK(items[0]["id"] == id);
    CHECK(items[0]["name"] == "laptop CLI");
    REQUIRE(items[0]["last_used_at"].is_string());   // the use just now is recorded
    CHECK(items[0]["last_used_at"].get<std::string>() >= items[0]["created_at"].get<std::string>());
    CHECK_FALSE(items[0].contains("secret"));
    CHECK(listed.body.find(secret.substr(4)) == std::string::npos);
    CHECK(listed.Json()["next_cursor"].is_null());
    // A second token is created with a different secret.
    Reply other = rita.Post("/api/tokens", {{"name", "phone"}});
    REQUIRE(other.status == 201);
    CHECK(other.Json()["secret"] != secret);
    CHECK(rita.Get("/api/tokens").Json()["items"].size() == 2);

    Reply revoked = rita.Delete("/api/tokens/" + std::to_string(id));
    CHECK(revoked.status == 204);
    CHECK(revoked.body == "");
    CHECK(ErrorOf(script.Get("/api/auth/me")) == ApiError{401, "unauthorized"});
    nlohmann::json after = rita.Get("/api/tokens").Json()["items"];
    REQUIRE(after.size() == 2);
    CHECK(after[0]["id"] == id);
    CHECK(after[0]["revoked_at"].is_string());
    CHECK(after[1]["revoked_at"].is_null());
    // Revoking again changes nothing and is not an error; an unknown id is.
    CHECK(rita.Delete("/api/tokens/" + std::to_string(id)).status == 204);
    CHECK(ErrorOf(rita.Delete("/api/tokens/9999")) == ApiError{404, "not_found"});
    CHECK(ErrorOf(rita.Delete("/api/tokens/first")) == ApiError{404, "not_found"});

    CHECK(ErrorOf(rita.Post("/api/tokens", {{"name", "   "}})) == ApiError{422, "invalid", "name"});
    CHECK(ErrorOf(rita.Post("/api/tokens", nlohmann::json::object())) == ApiError{422, "invalid", "name"});
    CHECK(ErrorOf(rita.Post("/api/tokens", {{"name", std::string(101, 'n')}})) == ApiError{422, "invalid", "name"});
    CHECK(ErrorOf(rita.Post("/api/tokens", {{"name", "ok"}, {"expires", "never"}})) == ApiError{422, "invalid", "expires"});
    CHECK(rita.Get("/api/tokens").Json()["items"].size() == 2);
}

TEST_CASE("someone else's token is not found unless you are an admin, who sees all with ?all=true") {
    DemoServer demo;
    Reply rita_token = demo.As("rita").Post("/api/tokens", {{"name", "rita laptop"}});
    Reply raj_token = demo.As("raj").Post("/api/tokens", {{"name", "raj laptop"}});
    REQUIRE(rita_token.status == 201);
    REQUIRE(raj_token.status == 201);
    std::string rita_id = std::to_string(rita_token.Json()["token"]["id"].get<std::int64_t>());
    std::string raj_id = std::to_string(raj_token.Json()["token"]["id"].get<std::int64_t>());

    // Raj can neither see nor revoke Rita's token, and is told it does not exist.
    CHECK(ErrorOf(demo.As("raj").Delete("/api/tokens/" + rita_id)) == ApiError{404, "not_found"});
    nlohmann::json raj_list = demo.As("raj").Get("/api/tokens").Json()["items"];
    REQUIRE(raj_list.size() == 1);
    CHECK(raj_list[0]["name"] == "raj laptop");
    CHECK(demo.Anonymous().WithBearer(rita_token.Json()["secret"]).Get("/api/auth/me").status == 200);

    CHECK(ErrorOf(demo.As("rita").Get("/api/tokens?all=true")) == ApiError{403, "forbidden"});
    CHECK(ErrorOf(demo.As("maya").Get("/api/tokens?all=true")) == ApiError{403, "forbidden"});
    CHECK(ErrorOf(demo.As("admin").Get("/api/tokens?all=maybe")) == ApiError{400, "bad_request", "all"});
    nlohmann::json all = demo.As("admin").Get("/api/tokens?all=true").Json()["items"];
    REQUIRE(all.size() == 2);
    CHECK(all[0]["name"] == "rita laptop");
    CHECK(all[0]["user_id"] == demo.IdOf("rita"));
    CHECK(all[1]["name"] == "raj laptop");
    CHECK(all[1]["user_id"] == demo.IdOf("raj"));
    CHECK(demo.As("admin").Get("/api/tokens").Json()["items"].size() == 0);   // without all: only their own

    CHECK(demo.As("admin").Delete("/api/tokens/" + raj_id).status == 204);
    CHECK(ErrorOf(demo.Anonymous().WithBearer(raj_token.Json()["secret"]).Get("/api/auth/me")) ==
          ApiError{401, "unauthorized"});
}

TEST_CASE("a bad bearer token is refused even when a valid cookie comes with it") {
    DemoServer demo;
    ApiClient sam = demo.As("sam");
    CHECK(sam.Get("/api/auth/me").status == 200);
    CHECK(ErrorOf(sam.WithBearer("tdm_not-a-real-token").Get("/api/auth/me")) == ApiError{401, "unauthorized"});
    CHECK(ErrorOf(sam.WithHeader("Authorization", "Basic c2FtOnRhbmRlbQ==").Get("/api/auth/me")) ==
          ApiError{401, "unauthorized"});
    CHECK(ErrorOf(sam.WithHeader("Authorization", "Bearer ").Get("/api/auth/me")) == ApiError{401, "unauthorized"});

    Reply token = sam.Post("/api/tokens", {{"name", "cron"}});
    REQUIRE(token.status == 201);
    std::string secret = token.Json()["secret"];
    CHECK(sam.WithBearer(secret).Get("/api/auth/me").status == 200);
    REQUIRE(sam.Delete("/api/tokens/" + std::to_string(token.Json()["token"]["id"].get<std::int64_t>())).status == 204);
    CHECK(ErrorOf(sam.WithBearer(secret).Get("/api/auth/me")) == ApiError{401, "unauthorized"});
    // The cookie alone still works: the refusal was about the token.
    CHECK(sam.Get("/api/auth/me").status == 200);
}
