// Period arithmetic and labels.
#include "tandem/period.h"

namespace tandem {

namespace {

constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

Date AddMonths(Date first_of_month, int months) {
    int year, month, day;
    CivilFromDays(first_of_month, year, month, day);
    int index = year * 12 + (month - 1) + months;
    return DaysFromCivil(index / 12, index % 12 + 1, 1);
}

std::string DayLabel(Date date, bool with_year) {
    int year, month, day;
    CivilFromDays(date, year, month, day);
    std::string out = std::string(kMonths[month - 1]) + " " + std::to_string(day);
    if (with_year) out += ", " + std::to_string(year);
    return out;
}

}  // namespace

Period CurrentPeriod(PeriodKind kind, Date today) {
    int year, month, day;
    CivilFromDays(today, year, month, day);
    switch (kind) {
    case PeriodKind::Week: return {kind, WeekStart(today), WeekStart(today) + 7};
    case PeriodKind::Quarter: {
        Date first = DaysFromCivil(year, (month - 1) / 3 * 3 + 1, 1);
        return {kind, first, AddMonths(first, 3)};
    }
    case PeriodKind::Month:
    case PeriodKind::Custom: break;
    }
    Date first = DaysFromCivil(year, month, 1);
    return {PeriodKind::Month, first, AddMonths(first, 1)};
}

Period PreviousPeriod(const Period& period) {
    switch (period.kind) {
    case PeriodKind::Month: return {period.kind, AddMonths(period.from, -1), period.from};
    case PeriodKind::Quarter: return {period.kind, AddMonths(period.from, -3), period.from};
    case PeriodKind::Week:
    case PeriodKind::Custom: break;
    }
    return {period.kind, period.from - (period.to - period.from), period.from};
}

Period NextPeriod(const Period& period) {
    switch (period.kind) {
    case PeriodKind::Month: return {period.kind, period.to, AddMonths(period.to, 1)};
    case PeriodKind::Quarter: return {period.kind, period.to, AddMonths(period.to, 3)};
    case PeriodKind::Week:
    case PeriodKind::Custom: break;
    }
    return {period.kind, period.to, period.to + (period.to - period.from)};
}

std::string_view PeriodKindName(PeriodKind kind) {
    switch (kind) {
    case PeriodKind::Week: return "week";
    case PeriodKind::Month: return "month";
    case PeriodKind::Quarter: return "quarter";
    case PeriodKind::Custom: break;
    }
    return "custom";
}

std::optional<PeriodKind> ParsePeriodKind(std::string_view name) {
    for (PeriodKind kind : {PeriodKind::Week, PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Custom})
        if (PeriodKindName(kind) == name) return kind;
    return std::nullopt;
}

std::string PeriodLabel(const Period& period) {
    int year, month, day;
    CivilFromDays(period.from, year, month, day);
    switch (period.kind) {
    case PeriodKind::Month: return std::string(kMonths[month - 1]) + " " + std::to_string(year);
    case PeriodKind::Quarter: return "Q" + std::to_string((month - 1) / 3 + 1) + " " + std::to_string(year);
    case PeriodKind::Week: return "Week of " + DayLabel(period.from, true);
    case PeriodKind::Custom: break;
    }
    int last_year, last_month, last_day;
    CivilFromDays(period.to - 1, last_year, last_month, last_day);
    return DayLabel(period.from, last_year != year) + " – " + DayLabel(period.to - 1, true);
}

}  // namespace tandem
