// Numbers and names as people read them on the dashboard and in exports: thousands separators,
// money, percentages, durations, enum values in words. "No data" has its own text, never "0 %" or
// "NaN".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tandem/enums.h"

namespace tandem {

inline constexpr const char* kNoData = "—";

std::string FormatCount(std::int64_t value);                      // 1234567 -> "1,234,567"
std::string FormatMoney(double dollars);                           // 18500 -> "$18,500"; 1234567 -> "$1.23M"
std::string FormatPercent(std::optional<double> fraction);         // 0.6543 -> "65.4%"; nullopt -> "—"
std::string FormatHours(std::optional<double> hours);              // 9.84 -> "9.8 h"; 51 -> "2.1 d" past 48 h
std::string FormatDays(std::optional<double> days);                // 38.25 -> "38.3 d"
std::string FormatMoneyOr(std::optional<double> dollars);          // nullopt -> "—"
// The relative change from `before` to `now` ("+12.5%", "−3.0%"), nullopt when `before` is 0.
std::optional<double> Change(double now, double before);
std::string FormatChange(std::optional<double> change);            // "+12.5%", "−3.0%", "—"

std::string Humanise(std::string_view name);                       // "paid_search" -> "Paid search"
std::string SourceLabel(Source source);                            // "Paid search"
std::string ReasonLabel(RejectReason reason);                      // "No budget"

}  // namespace tandem
