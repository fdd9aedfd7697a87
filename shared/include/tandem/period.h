// Reporting periods as people name them ("this week", "this month", "this quarter", a custom
// range), resolved to [from, to) in days. ISO weeks start on Monday; quarters on Jan/Apr/Jul/Oct 1.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tandem/time.h"

namespace tandem {

enum class PeriodKind { Week, Month, Quarter, Custom };

struct Period {
    PeriodKind kind = PeriodKind::Month;
    Date from = 0;      // first day
    Date to = 0;        // the day after the last

    bool operator==(const Period&) const = default;
};

// The week, month or quarter containing `today`.
Period CurrentPeriod(PeriodKind kind, Date today);
// The period of the same kind just before (same length for custom ranges).
Period PreviousPeriod(const Period& period);
// The period of the same kind just after.
Period NextPeriod(const Period& period);

std::string_view PeriodKindName(PeriodKind kind);                  // "week", "month", "quarter", "custom"
std::optional<PeriodKind> ParsePeriodKind(std::string_view name);
// "Nov 2026", "Q4 2026", "Week of Nov 23, 2026", "Nov 3 – Dec 1, 2026" (the last day inclusive).
std::string PeriodLabel(const Period& period);

}  // namespace tandem
