// Calendar arithmetic and ISO 8601 formatting and parsing.
#include "tandem/time.h"

#include <charconv>
#include <cstdio>
#include <cstring>

namespace tandem {

namespace {

bool ParseDigits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
    if (pos + count > text.size()) return false;
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        value = value * 10 + (text[i] - '0');
    }
    out = value;
    return true;
}

int DaysInMonth(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

Date DaysFromCivil(int year, int month, int day) {
    year -= month <= 2;
    const int era = (year >= 0 ? year : year - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(year - era * 400);
    const unsigned doy = (153 * static_cast<unsigned>(month + (month > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(day) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int>(doe) - 719468;
}

void CivilFromDays(Date days, int& year, int& month, int& day) {
    const int z = days + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    year = static_cast<int>(yoe) + era * 400 + (month <= 2);
}

std::string FormatDate(Date d) {
    int year, month, day;
    CivilFromDays(d, year, month, day);
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
    return text;
}

std::string FormatTimestamp(Timestamp t) {
    std::string text;
    AppendTimestamp(text, t);
    return text;
}

void AppendTimestamp(std::string& out, Timestamp t) {
    const Date d = DateOf(t);
    const auto seconds = static_cast<int>(t - StartOf(d));
    int year, month, day;
    CivilFromDays(d, year, month, day);
    char text[48];
    if (year < 0 || year > 9999) {   // a sign or a fifth digit: as printf pads it
        int n = std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, seconds / 3600,
                              seconds / 60 % 60, seconds % 60);
        out.append(text, static_cast<std::size_t>(n));
        return;
    }
    // In every response that holds leads: the digits are placed without printf.
    auto put = [&text](int at, int width, int number) {
        for (int i = width - 1; i >= 0; --i, number /= 10) text[at + i] = static_cast<char>('0' + number % 10);
    };
    std::memcpy(text, "0000-00-00T00:00:00Z", 20);
    put(0, 4, year);
    put(5, 2, month);
    put(8, 2, day);
    put(11, 2, seconds / 3600);
    put(14, 2, seconds / 60 % 60);
    put(17, 2, seconds % 60);
    out.append(text, 20);
}

std::optional<Date> ParseDate(std::string_view text) {
    int year, month, day;
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    if (!ParseDigits(text, 0, 4, year) || !ParseDigits(text, 5, 2, month) || !ParseDigits(text, 8, 2, day))
        return std::nullopt;
    if (year < 1900 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) return std::nullopt;
    return DaysFromCivil(year, month, day);
}

std::optional<Timestamp> ParseTimestamp(std::string_view text) {
    std::optional<Date> date = ParseDate(text.substr(0, 10));
    if (!date) return std::nullopt;
    if (text.size() == 10) return StartOf(*date);
    int hour, minute, second = 0;
    if (text.size() < 17 || (text[10] != 'T' && text[10] != ' ') || text[13] != ':' ||
        !ParseDigits(text, 11, 2, hour) || !ParseDigits(text, 14, 2, minute))
        return std::nullopt;
    std::size_t pos = 16;
    if (pos < text.size() && text[pos] == ':') {
        if (!ParseDigits(text, pos + 1, 2, second)) return std::nullopt;
        pos += 3;
        if (pos < text.size() && text[pos] == '.') {
            ++pos;
            std::size_t digits = pos;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
            if (pos == digits) return std::nullopt;
        }
    }
    if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
    int offset = 0;
    std::string_view zone = text.substr(pos);
    if (zone == "Z" || zone == "z") {
        offset = 0;
    } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
        int zone_hours, zone_minutes;
        if (!ParseDigits(zone, 1, 2, zone_hours) || !ParseDigits(zone, 4, 2, zone_minutes) || zone_hours > 23 ||
            zone_minutes > 59)
            return std::nullopt;
        offset = (zone_hours * 60 + zone_minutes) * 60 * (zone[0] == '+' ? 1 : -1);
    } else {
        return std::nullopt;
    }
    return StartOf(*date) + hour * 3600 + minute * 60 + std::min(second, 59) - offset;
}

Date WeekStart(Date d) {
    // 1970-01-01 was a Thursday: (d + 3) mod 7 is 0 on Mondays.
    int weekday = ((d + 3) % 7 + 7) % 7;
    return d - weekday;
}

}  // namespace tandem
