// Monthly target and SLA setting JSON: months, amounts, rates, hours.
#include <doctest/doctest.h>

#include <string>

#include "tandem/codec.h"
#include "tandem/target.h"

using nlohmann::json;
using tandem::DecodeError;
using tandem::MonthlyTarget;
using tandem::MonthlyTargetFromJson;
using tandem::ToJson;

namespace {

template <class F>
std::string ErrorOf(F&& decode) {
    try {
        decode();
    } catch (const DecodeError& e) {
        return e.what();
    }
    return "accepted";
}

std::string ErrorWith(const std::string& key, json value) {
    json in = {{"month", "2026-11"}};
    in[key] = std::move(value);
    return ErrorOf([&] { MonthlyTargetFromJson(in); });
}

std::string SlaError(json in) {
    return ErrorOf([&] { tandem::SlaSettingsFromJson(in); });
}

}  // namespace

TEST_CASE("a monthly target is written with its month and null for commitments not made") {
    MonthlyTarget target;
    target.month = "2026-11";
    target.leads = 1200;
    target.mqls = 300;
    target.revenue = 250000;
    target.acceptance_rate = 0.6;
    CHECK(ToJson(target).dump() ==
          R"({"acceptance_rate":0.6,"leads":1200,"month":"2026-11","mqls":300,"revenue":250000,"sqls":null})");
    CHECK(ToJson(MonthlyTarget{"2027-01", {}, {}, {}, {}, {}}).dump() ==
          R"({"acceptance_rate":null,"leads":null,"month":"2027-01","mqls":null,"revenue":null,"sqls":null})");
}

TEST_CASE("a monthly target written and read back is the same") {
    MonthlyTarget target{"2026-12", 1000, 250, 80, 400000, 0.75};
    json out = ToJson(target);
    MonthlyTarget decoded = MonthlyTargetFromJson(out);
    CHECK(ToJson(decoded) == out);
    CHECK(decoded.month == "2026-12");
    CHECK(decoded.sqls == 80);
    CHECK(decoded.acceptance_rate == 0.75);
    MonthlyTarget empty{"2026-12", {}, {}, {}, {}, {}};
    CHECK(ToJson(MonthlyTargetFromJson(ToJson(empty))) == ToJson(empty));
}

TEST_CASE("the month is a required YYYY-MM naming a real month") {
    CHECK(MonthlyTargetFromJson(json{{"month", "2024-02"}}).month == "2024-02");
    CHECK(ErrorOf([] { MonthlyTargetFromJson(json::object()); }) == "month: required");
    for (const char* month : {"2026-13", "2026-00", "2026-1", "26-11", "2026-11-01", "2026/11", "1899-12", "", "2026-1a"}) {
        CAPTURE(month);
        CHECK(ErrorWith("month", month) == std::string("month: not a month (YYYY-MM): '") + month + "'");
    }
    CHECK(ErrorWith("month", 202611) == "month: expected text, got a number");
    CHECK(ErrorWith("month", nullptr) == "month: expected text, got null");
}

TEST_CASE("target amounts are null or whole numbers not below zero") {
    for (const char* key : {"leads", "mqls", "sqls", "revenue"}) {
        CAPTURE(key);
        std::string name = key;
        CHECK(ErrorWith(key, 0) == "accepted");
        CHECK(ErrorWith(key, nullptr) == "accepted");
        CHECK(ErrorWith(key, -1) == name + ": must be at least 0");
        CHECK(ErrorWith(key, 10.5) == name + ": expected a whole number");
        CHECK(ErrorWith(key, "10") == name + ": expected a whole number, got text");
        CHECK(ErrorWith(key, tandem::ParseJson("1e300")) == name + ": out of range");
        CHECK(ErrorWith(key, tandem::ParseJson("9223372036854775808")) == name + ": out of range");
        CHECK(ErrorWith(key, tandem::ParseJson("9007199254740993")) == name + ": out of range");
    }
    CHECK(MonthlyTargetFromJson(json{{"month", "2026-11"}, {"revenue", 250000.0}}).revenue == 250000);
}

TEST_CASE("the acceptance rate is a fraction from 0 to 1") {
    CHECK(MonthlyTargetFromJson(json{{"month", "2026-11"}, {"acceptance_rate", 0}}).acceptance_rate == 0.0);
    CHECK(MonthlyTargetFromJson(json{{"month", "2026-11"}, {"acceptance_rate", 1}}).acceptance_rate == 1.0);
    CHECK(MonthlyTargetFromJson(json{{"month", "2026-11"}, {"acceptance_rate", 0.333}}).acceptance_rate == 0.333);
    CHECK(ErrorWith("acceptance_rate", 1.01) == "acceptance_rate: must be between 0 and 1");
    CHECK(ErrorWith("acceptance_rate", -0.1) == "acceptance_rate: must be between 0 and 1");
    CHECK(ErrorWith("acceptance_rate", 60) == "acceptance_rate: must be between 0 and 1");
    CHECK(ErrorWith("acceptance_rate", "60%") == "acceptance_rate: expected a number, got text");
    CHECK(ErrorWith("acceptance_rate", tandem::ParseJson("1e300")) == "acceptance_rate: out of range");
}

TEST_CASE("unknown target members are refused and a target must be an object") {
    CHECK(ErrorWith("year", 2026) == "year: unknown field");
    CHECK(ErrorOf([] { MonthlyTargetFromJson(json::array()); }) == "expected an object, got a list");
}

TEST_CASE("the SLA setting is written and read as hours") {
    CHECK(ToJson(tandem::SlaSettings{}).dump() == R"({"first_response_hours":24})");
    CHECK(tandem::SlaSettingsFromJson(json{{"first_response_hours", 4}}).first_response_hours == 4);
    CHECK(tandem::SlaSettingsFromJson(ToJson(tandem::SlaSettings{48})).first_response_hours == 48);
}

TEST_CASE("the first-response SLA is 1 to 720 whole hours") {
    CHECK(SlaError(json{{"first_response_hours", 1}}) == "accepted");
    CHECK(SlaError(json{{"first_response_hours", 720}}) == "accepted");
    CHECK(SlaError(json{{"first_response_hours", 0}}) == "first_response_hours: must be at least 1");
    CHECK(SlaError(json{{"first_response_hours", 721}}) == "first_response_hours: must be at most 720");
    CHECK(SlaError(json{{"first_response_hours", 1.5}}) == "first_response_hours: expected a whole number");
    CHECK(SlaError(json{{"first_response_hours", tandem::ParseJson("1e300")}}) == "first_response_hours: out of range");
    CHECK(SlaError(json{{"first_response_hours", tandem::ParseJson("9223372036854775808")}}) ==
          "first_response_hours: out of range");
    CHECK(SlaError(json{{"first_response_hours", nullptr}}) == "first_response_hours: expected a whole number, got null");
    CHECK(SlaError(json::object()) == "first_response_hours: required");
    CHECK(SlaError(json{{"first_response_hours", 24}, {"timezone", "UTC"}}) == "timezone: unknown field");
    CHECK(SlaError(json(24)) == "expected an object, got a number");
}
