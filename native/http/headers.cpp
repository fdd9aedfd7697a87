// HTTP header values (see headers.h).
#include "http/headers.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <httplib.h>

namespace tandem::http {

namespace {

constexpr std::array<std::string_view, 7> kWeekdays = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};   // from 1970-01-01
constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::optional<int> Digits(std::string_view text) {
    int value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

}  // namespace

std::string_view TrimHeaderSpace(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

bool MatchesAnyETag(std::string_view if_none_match, std::string_view etag) {
    if (TrimHeaderSpace(if_none_match) == "*") return true;
    bool matched = false;
    ForEachListElement(if_none_match, [&](std::string_view tag) {
        if (tag.starts_with("W/")) tag.remove_prefix(2);
        matched = matched || tag == etag;
    });
    return matched;
}

std::string HttpDate(Timestamp at) {
    Date day = DateOf(at);
    int year = 0, month = 0, mday = 0;
    CivilFromDays(day, year, month, mday);
    Timestamp seconds = at - StartOf(day);
    char text[32];
    std::snprintf(text, sizeof text, "%.3s, %02d %.3s %04d %02d:%02d:%02d GMT",
                  kWeekdays[static_cast<std::size_t>((day % 7 + 7) % 7)].data(), mday,
                  kMonths[static_cast<std::size_t>(month - 1)].data(), year, static_cast<int>(seconds / 3600),
                  static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
    return text;
}

std::optional<Timestamp> ParseHttpDate(std::string_view text) {
    // "Sun, 06 Nov 1994 08:49:37 GMT": fixed width, 29 characters.
    if (text.size() != 29 || text.substr(3, 2) != ", " || text[7] != ' ' || text[11] != ' ' || text[16] != ' ' ||
        text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT")
        return std::nullopt;
    std::optional<int> day = Digits(text.substr(5, 2)), year = Digits(text.substr(12, 4)),
                       hour = Digits(text.substr(17, 2)), minute = Digits(text.substr(20, 2)),
                       second = Digits(text.substr(23, 2));
    int month = 0;
    while (month < 12 && kMonths[static_cast<std::size_t>(month)] != text.substr(8, 3)) ++month;
    if (!day || !year || !hour || !minute || !second || month == 12 || *day < 1 || *day > 31 || *hour > 23 ||
        *minute > 59 || *second > 60)
        return std::nullopt;
    Date date = DaysFromCivil(*year, month + 1, *day);
    int check_year = 0, check_month = 0, check_day = 0;
    CivilFromDays(date, check_year, check_month, check_day);
    if (check_month != month + 1) return std::nullopt;   // 31 Feb
    return StartOf(date) + *hour * 3600 + *minute * 60 + std::min(*second, 59);
}

bool NotModified(const httplib::Request& req, std::string_view etag, std::optional<Timestamp> last_modified) {
    if (req.has_header("If-None-Match")) return MatchesAnyETag(req.get_header_value("If-None-Match"), etag);
    if (!last_modified || !req.has_header("If-Modified-Since")) return false;
    std::optional<Timestamp> since = ParseHttpDate(req.get_header_value("If-Modified-Since"));
    return since && *last_modified <= *since;
}

}  // namespace tandem::http
