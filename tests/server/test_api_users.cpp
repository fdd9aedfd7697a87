// Accounts over HTTP: the user list, admins creating and changing accounts, deactivation.
#include <doctest/doctest.h>

#include "server_process.h"

using namespace tandem::test;

TEST_CASE("admins create accounts; emails are unique and passwords at least 12 characters") {
    DemoServer demo;
    ApiClient admin = demo.As("admin");
    nlohmann::json users = demo.As("rita").Get("/api/users").Json()["items"];
    REQUIRE(users.size() == 6);
    const std::pair<const char*, const char*> expected[] = {
        {"admin@tandem.test", "admin"}, {"maya@tandem.test", "marketing_leader"}, {"sam@tandem.test", "sales_leader"},
        {"mark@tandem.test", "marketer"}, {"rita@tandem.test", "sales_rep"}, {"raj@tandem.test", "sales_rep"},
    };
    for (std::size_t i = 0; i < users.size(); ++i) {
        CHECK(users[i]["id"] == static_cast<int>(i) + 1);
        CHECK(users[i]["email"] == expected[i].first);
        CHECK(users[i]["role"] == expected[i].second);
        CHECK(users[i]["active"] == true);
        CHECK(users[i].size() == 6);
    }

    nlohmann::json hire = {{"email", "  Nina.New@Tandem.Test "}, {"name", " Nina New "}, {"role", "marketer"}, {"password", "twelve chars"}};
    CHECK(ErrorOf(demo.As("maya").Post("/api/users", hire)) == ApiError{403, "forbidden"});
    Reply created = admin.Post("/api/users", hire);
    REQUIRE(created.status == 201);
    nlohmann::json nina = created.Json();
    CHECK(created.Header("Location") == "/api/users/7");
    CHECK(nina["id"] == 7);
    CHECK(nina["email"] == "nina.new@tandem.test");
    CHECK(nina["name"] == "Nina New");
    CHECK(nina["role"] == "marketer");
    CHECK(nina["active"] == true);
    CHECK_FALSE(nina.contains("password"));
    std::string cookie = SignIn(demo.Anonymous(), "nina.new@tandem.test", "twelve chars");
    REQUIRE(cookie != "");
    CHECK(demo.Anonymous().WithCookie(cookie).Get("/api/auth/me").Json() == nina);

    // Without a role a new account is a sales rep; characters count, not bytes.
    Reply rep = admin.Post("/api/users", {{"email", "ozan@tandem.test"}, {"name", "Özan Öz"}, {"password", "çççççççççççç"}});
    REQUIRE(rep.status == 201);
    CHECK(rep.Json()["role"] == "sales_rep");
    CHECK(SignIn(demo.Anonymous(), "ozan@tandem.test", "çççççççççççç") != "");

    struct Bad {
        nlohmann::json body;
        int status;
        const char* code;
        const char* field;
    };
    const Bad bad[] = {
        {{{"email", "NINA.NEW@tandem.test"}, {"name", "Again"}, {"password", "long enough pass"}}, 409, "conflict", "email"},
        {{{"email", "short@tandem.test"}, {"name", "Short"}, {"password", "elevenchars"}}, 422, "invalid", "password"},
        {{{"email", "short@tandem.test"}, {"name", "Short"}, {"password", "ççççççççççç"}}, 422, "invalid", "password"},
        {{{"email", "long@tandem.test"}, {"name", "Long"}, {"password", std::string(201, 'p')}}, 422, "invalid", "password"},
        {{{"email", "common@tandem.test"}, {"name", "Common"}, {"password", "scandinavian"}}, 422, "invalid", "password"},
        {{{"email", "not an email"}, {"name", "X"}, {"password", "long enough pass"}}, 422, "invalid", "email"},
        {{{"name", "X"}, {"password", "long enough pass"}}, 422, "invalid", "email"},
        {{{"email", "x@tandem.test"}, {"name", "  "}, {"password", "long enough pass"}}, 422, "invalid", "name"},
        {{{"email", "x@tandem.test"}, {"name", "X"}, {"role", "owner"}, {"password", "long enough pass"}}, 422, "invalid", "role"},
        {{{"email", "x@tandem.test"}, {"name", "X"}, {"password", "long enough pass"}, {"active", false}}, 422, "invalid", "active"},
    };
    for (const Bad& b : bad) {
        INFO(b.body.dump());
        CHECK(ErrorOf(admin.Post("/api/users", b.body)) == ApiError{b.status, b.code, b.field});
    }
    CHECK(admin.Get("/api/users").Json()["items"].size() == 8);

    // Without a password: the account exists, no password opens it, and a reset link gives it one.
    Reply invited = admin.Post("/api/users", {{"email", "nopass@tandem.test"}, {"name", "No Pass"}, {"role", "marketer"}});
    REQUIRE(invited.status == 201);
    CHECK(SignIn(demo.Anonymous(), "nopass@tandem.test", "") == "");
    std::string id = std::to_string(invited.Json()["id"].get<std::int64_t>());
    Reply link = admin.Post("/api/users/" + id + "/password-reset", nlohmann::json::object());
    REQUIRE(link.status == 201);
    std::string url = link.Json()["url"];
    REQUIRE(demo.Anonymous().Post("/api/auth/password-reset", {{"token", url.substr(url.find("token=") + 6)},
                                                                 {"password", "a first password"}}).status == 204);
    CHECK(SignIn(demo.Anonymous(), "nopass@tandem.test", "a first password") != "");
}

TEST_CASE("deactivating a user ends their sessions and stops their tokens") {
    DemoServer demo;
    ApiClient raj = demo.As("raj");
    Reply token = raj.Post("/api/tokens", {{"name", "raj cli"}});
    REQUIRE(token.status == 201);
    ApiClient script = demo.Anonymous().WithBearer(token.Json()["secret"]);
    std::string other_session = SignIn(demo.Anonymous(), "raj@tandem.test", kDemoPassword);
    REQUIRE(other_session != "");
    std::string path = "/api/users/" + std::to_string(demo.IdOf("raj"));

    Reply deactivated = demo.As("admin").Patch(path, {{"active", false}});
    REQUIRE(deactivated.status == 200);
    CHECK(deactivated.Json()["active"] == false);
    CHECK(deactivated.Json()["email"] == "raj@tandem.test");
    CHECK(ErrorOf(raj.Get("/api/auth/me")) == ApiError{401, "unauthorized"});
    CHECK(ErrorOf(demo.Anonymous().WithCookie(other_session).Get("/api/auth/me")) == ApiError{401, "unauthorized"});
    CHECK(ErrorOf(script.Get("/api/auth/me")) == ApiError{401, "unauthorized"});
    Reply refused = demo.Anonymous().Post("/api/auth/login", {{"email", "raj@tandem.test"}, {"password", kDemoPassword}});
    CHECK(ErrorOf(refused) == ApiError{401, "unauthorized"});
    CHECK(refused.Json()["error"]["message"] == "wrong email or password");
    // Still listed, as inactive: their leads and feedback keep their author.
    nlohmann::json listed = demo.As("rita").Get("/api/users").Json()["items"];
    CHECK(listed[5]["active"] == false);

    REQUIRE(demo.As("admin").Patch(path, {{"active", true}}).status == 200);
    CHECK(SignIn(demo.Anonymous(), "raj@tandem.test", kDemoPassword) != "");
    CHECK(ErrorOf(raj.Get("/api/auth/me")) == ApiError{401, "unauthorized"});   // ended sessions stay ended
}

TEST_CASE("an admin renames and changes roles at once, but cannot remove their own admin rights") {
    DemoServer demo;
    ApiClient admin = demo.As("admin");
    std::string self = "/api/users/" + std::to_string(demo.IdOf("admin"));
    nlohmann::json before = admin.Get("/api/auth/me").Json();
    CHECK(ErrorOf(admin.Patch(self, {{"role", "marketer"}})) == ApiError{422, "invalid", "role"});
    CHECK(admin.Get("/api/auth/me").Json() == before);
    Reply renamed = admin.Patch(self, {{"name", "Alex A. Admin"}, {"role", "admin"}});
    REQUIRE(renamed.status == 200);
    CHECK(renamed.Json()["name"] == "Alex A. Admin");

    // A role change takes effect on the next request, without signing in again.
    ApiClient mark = demo.As("mark");
    nlohmann::json campaign = {{"name", "Roadshow"}, {"start", "2027-04-01"}, {"end", "2027-04-02"}};
    REQUIRE(mark.Post("/api/campaigns", campaign).status == 201);
    Reply demoted = admin.Patch("/api/users/" + std::to_string(demo.IdOf("mark")), {{"role", "sales_rep"}});
    REQUIRE(demoted.status == 200);
    CHECK(demoted.Json()["role"] == "sales_rep");
    CHECK(mark.Get("/api/auth/me").Json()["role"] == "sales_rep");
    CHECK(ErrorOf(mark.Post("/api/campaigns", campaign)) == ApiError{403, "forbidden"});

    std::string raj = "/api/users/" + std::to_string(demo.IdOf("raj"));
    const std::pair<nlohmann::json, const char*> bad[] = {
        {{{"email", "raj2@tandem.test"}}, "email"}, {{{"id", 9}}, "id"}, {{{"created_at", "2020-01-01T00:00:00Z"}}, "created_at"},
        {{{"password", "a new long password"}}, "password"}, {{{"role", "boss"}}, "role"}, {{{"active", "no"}}, "active"},
        {{{"name", ""}}, "name"}, {{{"name", nullptr}}, "name"},
    };
    for (const auto& [body, field] : bad) {
        INFO(body.dump());
        CHECK(ErrorOf(admin.Patch(raj, body)) == ApiError{422, "invalid", field});
    }
    CHECK(ErrorOf(admin.Patch(raj, nlohmann::json::object())) == ApiError{422, "invalid"});
    CHECK(ErrorOf(admin.Patch("/api/users/99", {{"name", "Nobody"}})) == ApiError{404, "not_found"});
    CHECK(ErrorOf(admin.Patch("/api/users/raj", {{"name", "Nobody"}})) == ApiError{404, "not_found"});
    CHECK(ErrorOf(demo.As("sam").Patch(raj, {{"role", "sales_leader"}})) == ApiError{403, "forbidden"});
    CHECK(demo.As("raj").Get("/api/auth/me").Json()["role"] == "sales_rep");
}
