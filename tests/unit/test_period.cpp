// Reporting periods: what "this week", "this month", "this quarter" and their neighbours mean.
#include <doctest/doctest.h>

#include "tandem/period.h"

using namespace tandem;

namespace {

Date D(int y, int m, int d) { return DaysFromCivil(y, m, d); }

}  // namespace

TEST_CASE("this week runs Monday to Monday around any day of it") {
    // 2026-11-25 is a Wednesday; its week starts Monday 2026-11-23.
    Period week = CurrentPeriod(PeriodKind::Week, D(2026, 11, 25));
    CHECK(week == Period{PeriodKind::Week, D(2026, 11, 23), D(2026, 11, 30)});
    CHECK(CurrentPeriod(PeriodKind::Week, D(2026, 11, 29)) == week);   // Sunday
    CHECK(CurrentPeriod(PeriodKind::Week, D(2026, 11, 23)) == week);   // Monday
    CHECK(PeriodLabel(week) == "Week of Nov 23, 2026");
}

TEST_CASE("months and quarters follow the calendar, across year ends") {
    CHECK(CurrentPeriod(PeriodKind::Month, D(2026, 2, 14)) == Period{PeriodKind::Month, D(2026, 2, 1), D(2026, 3, 1)});
    CHECK(CurrentPeriod(PeriodKind::Quarter, D(2026, 11, 25)) ==
          Period{PeriodKind::Quarter, D(2026, 10, 1), D(2027, 1, 1)});
    CHECK(PreviousPeriod(CurrentPeriod(PeriodKind::Month, D(2026, 1, 5))) ==
          Period{PeriodKind::Month, D(2025, 12, 1), D(2026, 1, 1)});
    CHECK(NextPeriod(CurrentPeriod(PeriodKind::Quarter, D(2026, 11, 25))) ==
          Period{PeriodKind::Quarter, D(2027, 1, 1), D(2027, 4, 1)});
    CHECK(PeriodLabel(CurrentPeriod(PeriodKind::Quarter, D(2026, 11, 25))) == "Q4 2026");
    CHECK(PeriodLabel(CurrentPeriod(PeriodKind::Month, D(2026, 11, 25))) == "Nov 2026");
}

TEST_CASE("a custom range steps by its own length and labels its last day inclusively") {
    Period custom{PeriodKind::Custom, D(2026, 11, 3), D(2026, 12, 2)};
    CHECK(PreviousPeriod(custom) == Period{PeriodKind::Custom, D(2026, 10, 5), D(2026, 11, 3)});
    CHECK(PeriodLabel(custom) == "Nov 3 – Dec 1, 2026");
    CHECK(PeriodLabel(Period{PeriodKind::Custom, D(2025, 12, 20), D(2026, 1, 10)}) == "Dec 20, 2025 – Jan 9, 2026");
}

TEST_CASE("period kinds round-trip through their names") {
    for (PeriodKind kind : {PeriodKind::Week, PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Custom})
        CHECK(ParsePeriodKind(PeriodKindName(kind)) == kind);
    CHECK_FALSE(ParsePeriodKind("year").has_value());
}
