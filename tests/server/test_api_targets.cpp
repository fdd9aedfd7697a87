// Monthly targets and the first-response SLA over HTTP.
#include <doctest/doctest.h>

#include "server_process.h"

using namespace tandem::test;

namespace {

nlohmann::json Month(const nlohmann::json& targets, const std::string& month) {
    for (const nlohmann::json& entry : targets["months"])
        if (entry["month"] == month) return entry;
    return nullptr;
}

}  // namespace

TEST_CASE("leaders set a month's targets; a PUT replaces the month and nothing else") {
    DemoServer demo;
    ApiClient sam = demo.As("sam");
    nlohmann::json before = sam.Get("/api/targets").Json();
    REQUIRE(before["months"].size() == 15);   // the demo's, from a year ago to two months ahead
    for (std::size_t i = 1; i < before["months"].size(); ++i)
        CHECK(before["months"][i - 1]["month"].get<std::string>() < before["months"][i]["month"].get<std::string>());
    CHECK(before["sla"] == nlohmann::json({{"first_response_hours", 24}}));

    nlohmann::json full = {{"leads", 400}, {"mqls", 120}, {"sqls", 60}, {"revenue", 250000}, {"acceptance_rate", 0.7}};
    Reply set = sam.Put("/api/targets/2027-06", full);
    REQUIRE(set.status == 200);
    nlohmann::json expected = full;
    expected["month"] = "2027-06";
    CHECK(set.Json() == expected);
    nlohmann::json after = sam.Get("/api/targets").Json();
    CHECK(after["months"].size() == 16);
    CHECK(Month(after, "2027-06") == expected);
    CHECK(after["months"].back() == expected);

    // PUT is the whole month: what is left out is no longer a target.
    Reply replaced = demo.As("maya").Put("/api/targets/2027-06", {{"month", "2027-06"}, {"leads", 450}});
    REQUIRE(replaced.status == 200);
    CHECK(replaced.Json() == nlohmann::json({{"month", "2027-06"}, {"leads", 450}, {"mqls", nullptr}, {"sqls", nullptr},
                                             {"revenue", nullptr}, {"acceptance_rate", nullptr}}));
    CHECK(Month(sam.Get("/api/targets").Json(), "2027-06") == replaced.Json());
    CHECK(demo.As("admin").Put("/api/targets/2027-06", nlohmann::json::object()).status == 200);
    nlohmann::json cleared = sam.Get("/api/targets").Json();
    CHECK(cleared["months"].size() == 16);
    for (const nlohmann::json& entry : before["months"]) CHECK(Month(cleared, entry["month"]) == entry);

    struct Bad {
        const char* month;
        nlohmann::json body;
        const char* field;
    };
    const Bad bad[] = {
        {"2027-06", {{"month", "2027-07"}, {"leads", 1}}, "month"},
        {"2027-13", {{"leads", 1}}, "month"},
        {"2027-6", {{"leads", 1}}, "month"},
        {"june", {{"leads", 1}}, "month"},
        {"2027-06", {{"leads", -1}}, "leads"},
        {"2027-06", {{"revenue", 1.5}}, "revenue"},
        {"2027-06", {{"sqls", "60"}}, "sqls"},
        {"2027-06", {{"acceptance_rate", 1.01}}, "acceptance_rate"},
        {"2027-06", {{"acceptance_rate", -0.1}}, "acceptance_rate"},
        {"2027-06", {{"stretch", true}}, "stretch"},
    };
    for (const Bad& b : bad) {
        INFO(std::string(b.month), " ", b.body.dump());
        CHECK(ErrorOf(sam.Put(std::string("/api/targets/") + b.month, b.body)) == ApiError{422, "invalid", b.field});
    }
    CHECK(ErrorOf(demo.As("mark").Put("/api/targets/2027-06", full)) == ApiError{403, "forbidden"});
    CHECK(ErrorOf(demo.As("raj").Put("/api/targets/2027-06", full)) == ApiError{403, "forbidden"});
    CHECK(sam.Get("/api/targets").Json() == cleared);
}

TEST_CASE("the first-response SLA is a whole number of hours from 1 to 720") {
    DemoServer demo;
    ApiClient maya = demo.As("maya");
    for (int hours : {1, 720, 12}) {
        INFO(hours);
        Reply set = maya.Put("/api/settings/sla", {{"first_response_hours", hours}});
        CHECK(set.status == 200);
        CHECK(set.Json() == nlohmann::json({{"first_response_hours", hours}}));
        CHECK(demo.As("rita").Get("/api/targets").Json()["sla"]["first_response_hours"] == hours);
    }
    const nlohmann::json bad[] = {
        {{"first_response_hours", 0}}, {{"first_response_hours", 721}}, {{"first_response_hours", -24}},
        {{"first_response_hours", 1.5}}, {{"first_response_hours", "24"}}, {{"first_response_hours", nullptr}},
        nlohmann::json::object(), {{"first_response_hours", 99999999999}},
    };
    for (const nlohmann::json& body : bad) {
        INFO(body.dump());
        CHECK(ErrorOf(maya.Put("/api/settings/sla", body)) == ApiError{422, "invalid", "first_response_hours"});
    }
    CHECK(ErrorOf(maya.Put("/api/settings/sla", {{"first_response_hours", 24}, {"weekends", false}})) == ApiError{422, "invalid", "weekends"});
    CHECK(ErrorOf(demo.As("mark").Put("/api/settings/sla", {{"first_response_hours", 48}})) == ApiError{403, "forbidden"});
    CHECK(ErrorOf(demo.As("rita").Put("/api/settings/sla", {{"first_response_hours", 48}})) == ApiError{403, "forbidden"});
    CHECK(demo.As("rita").Get("/api/targets").Json()["sla"]["first_response_hours"] == 12);
}
