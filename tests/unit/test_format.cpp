// How figures read on the dashboard: separators, money, percentages, durations and no-data.
#include <doctest/doctest.h>

#include "tandem/format.h"

using namespace tandem;

TEST_CASE("counts get thousands separators") {
    CHECK(FormatCount(0) == "0");
    CHECK(FormatCount(999) == "999");
    CHECK(FormatCount(1000) == "1,000");
    CHECK(FormatCount(1234567) == "1,234,567");
    CHECK(FormatCount(-4500) == "−4,500");
}

TEST_CASE("money is exact below a million and abbreviated above") {
    CHECK(FormatMoney(18500) == "$18,500");
    CHECK(FormatMoney(999499) == "$999,499");
    CHECK(FormatMoney(999500) == "$1.00M");
    CHECK(FormatMoney(6180000) == "$6.18M");
    CHECK(FormatMoney(2.5e9) == "$2.50B");
    CHECK(FormatMoneyOr(std::nullopt) == "—");
}

TEST_CASE("no data is shown as a dash, never as zero or NaN") {
    CHECK(FormatPercent(std::nullopt) == "—");
    CHECK(FormatPercent(0.0 / 0.0) == "—");
    CHECK(FormatHours(std::nullopt) == "—");
    CHECK(FormatDays(std::nullopt) == "—");
    CHECK(FormatChange(Change(10, 0)) == "—");
}

TEST_CASE("percentages, hours and days carry one decimal") {
    CHECK(FormatPercent(0.6543) == "65.4%");
    CHECK(FormatPercent(1.0) == "100.0%");
    CHECK(FormatHours(9.84) == "9.8 h");
    CHECK(FormatHours(48.0) == "48.0 h");
    CHECK(FormatHours(51.0) == "2.1 d");   // 51 / 24 = 2.125
    CHECK(FormatDays(38.26) == "38.3 d");
}

TEST_CASE("changes are relative to the previous value, signed") {
    CHECK(FormatChange(Change(112.5, 100)) == "+12.5%");
    CHECK(FormatChange(Change(97, 100)) == "−3.0%");
    CHECK(FormatChange(Change(100, 100)) == "±0.0%");
    CHECK(FormatChange(Change(-50, -100)) == "+50.0%");
}
