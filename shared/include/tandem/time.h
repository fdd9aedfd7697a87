// Time in the domain: instants as Unix seconds (UTC), calendar dates as days since 1970-01-01,
// both read and written in ISO 8601 ("2026-11-25T09:30:00Z", "2026-11-25").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tandem {

using Timestamp = std::int64_t;   // seconds since 1970-01-01T00:00:00Z
using Date = std::int32_t;        // days since 1970-01-01

inline constexpr Timestamp kSecondsPerDay = 86400;

// Civil date <-> day number (proleptic Gregorian), after Howard Hinnant's algorithms.
Date DaysFromCivil(int year, int month, int day);
void CivilFromDays(Date days, int& year, int& month, int& day);

std::string FormatTimestamp(Timestamp t);           // "2026-11-25T09:30:00Z"
void AppendTimestamp(std::string& out, Timestamp t);   // the same, appended (no allocation of its own)
// Accepts "YYYY-MM-DDTHH:MM:SS" with "Z" or "+HH:MM"/"-HH:MM", optional fractional seconds
// (dropped), and a bare date (midnight UTC). Rejects impossible dates such as 2026-02-30.
std::optional<Timestamp> ParseTimestamp(std::string_view text);

std::string FormatDate(Date d);                     // "2026-11-25"
std::optional<Date> ParseDate(std::string_view text);

inline Date DateOf(Timestamp t) { return static_cast<Date>((t >= 0 ? t : t - kSecondsPerDay + 1) / kSecondsPerDay); }
inline Timestamp StartOf(Date d) { return static_cast<Timestamp>(d) * kSecondsPerDay; }

// ISO 8601 weeks start on Monday. Returns the Monday of the week containing `d`.
Date WeekStart(Date d);

}  // namespace tandem
