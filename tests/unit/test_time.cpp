// Calendar arithmetic and ISO 8601 text: day numbers, weeks, negative times, what the parser takes.
#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "tandem/time.h"

using tandem::CivilFromDays;
using tandem::DaysFromCivil;
using tandem::FormatTimestamp;
using tandem::ParseTimestamp;

namespace {

bool IsLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int MonthLength(int year, int month) {
    if (month == 2) return IsLeap(year) ? 29 : 28;
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
}

std::string Civil(tandem::Date d) {
    int year = 0, month = 0, day = 0;
    CivilFromDays(d, year, month, day);
    return std::to_string(year) + "-" + std::to_string(month) + "-" + std::to_string(day);
}

}  // namespace

TEST_CASE("known dates have known day numbers") {
    CHECK(DaysFromCivil(1970, 1, 1) == 0);
    CHECK(DaysFromCivil(1969, 12, 31) == -1);
    CHECK(DaysFromCivil(2000, 3, 1) == 11017);
    CHECK(DaysFromCivil(2026, 11, 25) == 20782);
    CHECK(DaysFromCivil(1900, 1, 1) == -25567);
    CHECK(DaysFromCivil(1, 1, 1) == -719162);
    CHECK(DaysFromCivil(0, 3, 1) == -719468);
    CHECK(DaysFromCivil(9999, 12, 31) == 2932896);
    CHECK(Civil(20782) == "2026-11-25");
    CHECK(Civil(-25567) == "1900-1-1");
    CHECK(Civil(-719468) == "0-3-1");
    CHECK(Civil(-719469) == "0-2-29");   // year 0 (1 BC) is a leap year in the proleptic calendar
}

TEST_CASE("day numbers and civil dates agree day by day across six thousand years") {
    // Walk the calendar one day at a time with an independent month-length table; every step
    // must be the next day number, and back.
    int year = -1000, month = 1, day = 1;
    tandem::Date d = DaysFromCivil(year, month, day);
    int mismatches = 0;
    while (year < 5000) {
        int y = 0, m = 0, dd = 0;
        CivilFromDays(d, y, m, dd);
        if (y != year || m != month || dd != day || DaysFromCivil(year, month, day) != d) ++mismatches;
        ++d;
        if (++day > MonthLength(year, month)) {
            day = 1;
            if (++month > 12) {
                month = 1;
                ++year;
            }
        }
    }
    CHECK(mismatches == 0);
    CHECK(d == DaysFromCivil(5000, 1, 1));
}

TEST_CASE("leap days follow the four, hundred and four hundred year rules") {
    CHECK(DaysFromCivil(2000, 3, 1) - DaysFromCivil(2000, 2, 28) == 2);
    CHECK(DaysFromCivil(2024, 3, 1) - DaysFromCivil(2024, 2, 28) == 2);
    CHECK(DaysFromCivil(1900, 3, 1) - DaysFromCivil(1900, 2, 28) == 1);
    CHECK(DaysFromCivil(2100, 3, 1) - DaysFromCivil(2100, 2, 28) == 1);
    CHECK(DaysFromCivil(2026, 3, 1) - DaysFromCivil(2026, 2, 28) == 1);
    CHECK(DaysFromCivil(2001, 1, 1) - DaysFromCivil(2000, 1, 1) == 366);
    CHECK(DaysFromCivil(2401, 1, 1) - DaysFromCivil(2001, 1, 1) == 146097);
}

TEST_CASE("dates format with four-digit years and zero padding") {
    CHECK(tandem::FormatDate(0) == "1970-01-01");
    CHECK(tandem::FormatDate(20782) == "2026-11-25");
    CHECK(tandem::FormatDate(-25567) == "1900-01-01");
    CHECK(tandem::FormatDate(-719162) == "0001-01-01");
    CHECK(tandem::FormatDate(2932896) == "9999-12-31");
}

TEST_CASE("dates parse only as YYYY-MM-DD naming a day that exists") {
    CHECK(tandem::ParseDate("2026-11-25") == 20782);
    CHECK(tandem::ParseDate("2024-02-29") == 19782);
    CHECK(tandem::ParseDate("2000-02-29") == 11016);
    CHECK(tandem::ParseDate("1900-01-01") == -25567);
    CHECK(tandem::ParseDate("9999-12-31") == 2932896);
    for (std::string_view text : {"2026-02-29", "2026-02-30", "1900-02-29", "2100-02-29", "2026-04-31", "2026-13-01",
                                  "2026-00-10", "2026-11-00", "2026-11-32", "1899-12-31", "26-11-25", "2026-1-25",
                                  "2026/11/25", "2026-11-25 ", " 2026-11-25", "2026-11-2x", "+026-11-25", "",
                                  "2026-11-25T00:00:00Z"}) {
        CAPTURE(text);
        CHECK_FALSE(tandem::ParseDate(text).has_value());
    }
}

TEST_CASE("weeks start on Monday, including before 1970") {
    const tandem::Date kMondays[] = {DaysFromCivil(2026, 11, 23), DaysFromCivil(2000, 1, 3), DaysFromCivil(1969, 12, 29),
                                     DaysFromCivil(1900, 1, 1), DaysFromCivil(2100, 3, 1), DaysFromCivil(2024, 2, 26)};
    for (tandem::Date monday : kMondays) {
        CAPTURE(tandem::FormatDate(monday));
        for (int offset = 0; offset < 7; ++offset) CHECK(tandem::WeekStart(monday + offset) == monday);
        CHECK(tandem::WeekStart(monday - 1) == monday - 7);
    }
    CHECK(tandem::WeekStart(0) == -3);                                    // 1970-01-01 was a Thursday
    CHECK(tandem::WeekStart(DaysFromCivil(2026, 11, 25)) == DaysFromCivil(2026, 11, 23));
    CHECK(tandem::WeekStart(DaysFromCivil(2024, 3, 3)) == DaysFromCivil(2024, 2, 26));   // across a leap day
}

TEST_CASE("timestamps format as UTC with a Z") {
    CHECK(FormatTimestamp(0) == "1970-01-01T00:00:00Z");
    CHECK(FormatTimestamp(1795599000) == "2026-11-25T09:30:00Z");
    CHECK(FormatTimestamp(1795599000 + 86399 - 34200) == "2026-11-25T23:59:59Z");
    CHECK(FormatTimestamp(253402300799) == "9999-12-31T23:59:59Z");
}

TEST_CASE("negative timestamps format as the moments before 1970, not as negative clock times") {
    CHECK(FormatTimestamp(-1) == "1969-12-31T23:59:59Z");
    CHECK(FormatTimestamp(-59) == "1969-12-31T23:59:01Z");
    CHECK(FormatTimestamp(-86399) == "1969-12-31T00:00:01Z");
    CHECK(FormatTimestamp(-86400) == "1969-12-31T00:00:00Z");
    CHECK(FormatTimestamp(-86401) == "1969-12-30T23:59:59Z");
    CHECK(FormatTimestamp(-2208988800) == "1900-01-01T00:00:00Z");
    CHECK(FormatTimestamp(-2208988799) == "1900-01-01T00:00:01Z");
}

TEST_CASE("date of and start of agree on both sides of 1970") {
    CHECK(tandem::DateOf(0) == 0);
    CHECK(tandem::DateOf(86399) == 0);
    CHECK(tandem::DateOf(86400) == 1);
    CHECK(tandem::DateOf(-1) == -1);
    CHECK(tandem::DateOf(-86400) == -1);
    CHECK(tandem::DateOf(-86401) == -2);
    CHECK(tandem::StartOf(-1) == -86400);
    for (tandem::Timestamp t = -3 * 86400 - 7; t < 3 * 86400; t += 3607) {
        CAPTURE(t);
        CHECK(tandem::StartOf(tandem::DateOf(t)) <= t);
        CHECK(t - tandem::StartOf(tandem::DateOf(t)) < 86400);
    }
}

TEST_CASE("every format parses back to the same instant") {
    for (tandem::Timestamp t = -2208988800; t < 4102444800; t += 7919 * 3607) {
        CAPTURE(t);
        CHECK(ParseTimestamp(FormatTimestamp(t)) == t);
    }
}

TEST_CASE("time zones are converted to UTC") {
    CHECK(ParseTimestamp("2026-11-25T09:30:00Z") == 1795599000);
    CHECK(ParseTimestamp("2026-11-25T09:30:00z") == 1795599000);
    CHECK(ParseTimestamp("2026-11-25T11:30:00+02:00") == 1795599000);
    CHECK(ParseTimestamp("2026-11-25T04:00:00-05:30") == 1795599000);
    CHECK(ParseTimestamp("2026-11-25T09:30:00+00:00") == 1795599000);
    CHECK(ParseTimestamp("2026-11-25T09:30:00-00:00") == 1795599000);
    // An offset can move the instant to another day, month or year.
    CHECK(ParseTimestamp("2026-01-01T00:30:00+01:00") == ParseTimestamp("2025-12-31T23:30:00Z"));
    CHECK(ParseTimestamp("2024-02-29T22:00:00-03:00") == ParseTimestamp("2024-03-01T01:00:00Z"));
    CHECK(ParseTimestamp("2026-11-25T09:30:00+23:59").has_value());
}

TEST_CASE("the parser takes optional seconds and fractions, a space separator and a bare date") {
    CHECK(ParseTimestamp("2026-11-25T09:30Z") == 1795599000);
    CHECK(ParseTimestamp("2026-11-25T09:30+02:00") == 1795599000 - 7200);
    CHECK(ParseTimestamp("2026-11-25T09:30:00.999Z") == 1795599000);   // fractions are dropped, not rounded
    CHECK(ParseTimestamp("2026-11-25T09:30:00.123456789+02:00") == 1795599000 - 7200);
    CHECK(ParseTimestamp("2026-11-25 09:30:00Z") == 1795599000);
    CHECK(ParseTimestamp("2026-11-25") == 1795564800);
    CHECK(ParseTimestamp("1900-01-01T00:00:00Z") == -2208988800);
}

TEST_CASE("a leap second is read as the last second of its minute") {
    CHECK(ParseTimestamp("2016-12-31T23:59:60Z") == ParseTimestamp("2016-12-31T23:59:59Z"));
}

TEST_CASE("impossible or incomplete times are refused") {
    for (std::string_view text :
         {"", "2026", "2026-11-25T", "2026-11-25T09", "2026-11-25T09:30", "2026-11-25T09:30:00",
          "2026-11-25T24:00:00Z", "2026-11-25T09:60:00Z", "2026-11-25T09:30:61Z", "2026-02-30T09:30:00Z",
          "2026-11-25t09:30:00Z", "2026-11-25X09:30:00Z", "2026-11-25T9:30:00Z", "2026-11-25T09:30:0Z",
          "2026-11-25T09:30:00.Z", "2026-11-25T09:30.5Z", "2026-11-25T09:30:00ZZ", "2026-11-25T09:30:00Z ",
          "2026-11-25T09:30:00+2:00", "2026-11-25T09:30:00+0200", "2026-11-25T09:30:00+24:00",
          "2026-11-25T09:30:00+02:60", "2026-11-25T09:30:00 +02:00", "2026-11-25T09:30:00UTC",
          "2026-11-25T-9:30:00Z", "1899-12-31T23:59:59Z", "2026-11-25Z"}) {
        CAPTURE(text);
        CHECK_FALSE(ParseTimestamp(text).has_value());
    }
}
