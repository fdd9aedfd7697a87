// The lead definition's versions over HTTP: the list, the active one, one by number.
#include <doctest/doctest.h>

#include "server_process.h"

using namespace tandem::test;

TEST_CASE("the demo has v2 active and v1 retired, each signed off by a marketing and a sales leader") {
    DemoServer demo;
    ApiClient raj = demo.As("raj");
    Reply listed = raj.Get("/api/definitions");
    REQUIRE(listed.status == 200);
    nlohmann::json items = listed.Json()["items"];
    CHECK(listed.Json()["next_cursor"].is_null());
    REQUIRE(items.size() == 2);
    nlohmann::json v2 = items[0], v1 = items[1];   // newest first
    CHECK(v2["version"] == 2);
    CHECK(v2["status"] == "active");
    CHECK(v2["retired_at"].is_null());
    CHECK(v1["version"] == 1);
    CHECK(v1["status"] == "retired");
    // v2 took over the moment v1 was retired, after both sign-offs.
    CHECK(v1["retired_at"] == v2["activated_at"]);
    for (const nlohmann::json& definition : {v1, v2}) {
        INFO("v", definition["version"].get<int>());
        nlohmann::json approvals = definition["approvals"];
        REQUIRE(approvals.size() == 2);
        CHECK(approvals[0]["role"] == "marketing_leader");
        CHECK(approvals[0]["user_id"] == demo.IdOf("maya"));
        CHECK(approvals[1]["role"] == "sales_leader");
        CHECK(approvals[1]["user_id"] == demo.IdOf("sam"));
        CHECK(approvals[1]["at"] == definition["activated_at"]);   // the second sign-off activates
        CHECK(definition["proposed_at"].get<std::string>() <= approvals[0]["at"].get<std::string>());
        CHECK(definition["created_at"].get<std::string>() <= definition["proposed_at"].get<std::string>());
        CHECK(definition["summary"].get<std::string>() != "");
    }
    nlohmann::json rules = v2["rules"];
    CHECK(rules["mql_threshold"] == 50);
    CHECK(rules["fit_cap"] == 40);
    CHECK(rules["decay"] == nlohmann::json({{"kind", "half_life"}, {"days", 45}}));
    CHECK(rules["fit"].size() == 5);
    CHECK(rules["engagement"].size() == 5);
    CHECK(rules["sales_ready"].size() == 5);

    Reply active = raj.Get("/api/definitions/active");
    CHECK(active.status == 200);
    CHECK(active.Json() == v2);
    CHECK(raj.Get("/api/definitions/2").Json() == v2);
    CHECK(raj.Get("/api/definitions/1").Json() == v1);
    for (const char* missing : {"3", "999", "0", "-1", "two", "1.0", "9223372036854775808"}) {
        INFO(std::string(missing));
        CHECK(ErrorOf(raj.Get(std::string("/api/definitions/") + missing)) == ApiError{404, "not_found"});
    }
    CHECK(ErrorOf(raj.Get("/api/definitions?status=active")) == ApiError{400, "bad_request", "status"});
}
