// Reading other tools' cells: dates in any order and zone, employee ranges, CRM stages,
// delimiters and report footers.
//
// [SECTION] Dates
// [SECTION] Employee counts
// [SECTION] Stages
// [SECTION] Files
#include "tandem/import_rules.h"

#include <algorithm>
#include <array>

#include "tandem/codec.h"

namespace tandem {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A cursor over a cell, for the small grammars below.
class Scanner {
public:
    explicit Scanner(std::string_view text) : m_text(text) {}
    bool Done() const { return m_at == m_text.size(); }
    char Peek() const { return Done() ? '\0' : m_text[m_at]; }
    std::string_view Rest() const { return m_text.substr(m_at); }
    bool Eat(char c) {
        if (Peek() != c || Done()) return false;
        ++m_at;
        return true;
    }
    bool EatAny(std::string_view chars, char& which) {
        if (Done() || chars.find(Peek()) == std::string_view::npos) return false;
        which = m_text[m_at++];
        return true;
    }
    void SkipSpaces() {
        while (Eat(' ')) {}
    }
    // Between min and max digits; their count in `digits`.
    bool Number(std::size_t min, std::size_t max, int& out, std::size_t* digits = nullptr) {
        const std::size_t start = m_at;
        out = 0;
        while (!Done() && m_at - start < max && IsDigit(Peek())) out = out * 10 + (m_text[m_at++] - '0');
        if (digits) *digits = m_at - start;
        if (m_at - start < min) {
            m_at = start;
            return false;
        }
        return true;
    }

private:
    std::string_view m_text;
    std::size_t m_at = 0;
};

bool DayExists(int year, int month, int day) {
    if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) return false;
    int y, m, d;
    CivilFromDays(DaysFromCivil(year, month, day), y, m, d);
    return y == year && m == month && d == day;
}

struct YearLastDate {
    int first = 0, second = 0, year = 0;
};

// "A/B/YYYY", "A.B.YYYY" or "A-B-YYYY", one separator throughout.
std::optional<YearLastDate> ReadYearLast(Scanner& in) {
    YearLastDate date;
    char separator = 0, again = 0;
    if (!in.Number(1, 2, date.first) || !in.EatAny("/.-", separator) || !in.Number(1, 2, date.second) ||
        !in.EatAny("/.-", again) || again != separator || !in.Number(4, 4, date.year))
        return std::nullopt;
    return date;
}

// The time after a date: "14:05", "14:05:09.123", "2:05 PM"; 24-hour unless AM/PM follows.
bool ReadTime(Scanner& in, std::int64_t& seconds) {
    int hour = 0, minute = 0, second = 0;
    if (!in.Number(1, 2, hour) || !in.Eat(':') || !in.Number(2, 2, minute)) return false;
    if (in.Eat(':')) {
        if (!in.Number(2, 2, second)) return false;
        if (in.Eat('.') || in.Eat(',')) {
            int fraction = 0;
            std::size_t digits = 0;
            if (!in.Number(1, 9, fraction, &digits)) return false;   // dropped, as ParseTimestamp does
        }
    }
    in.SkipSpaces();
    const std::string_view rest = in.Rest();
    for (std::string_view meridiem : {"AM", "PM", "am", "pm"}) {
        if (!rest.starts_with(meridiem)) continue;
        if (hour < 1 || hour > 12) return false;
        hour = hour % 12 + (meridiem[0] == 'P' || meridiem[0] == 'p' ? 12 : 0);
        for (std::size_t k = 0; k < 2; ++k) in.Eat(in.Peek());
        break;
    }
    if (hour > 23 || minute > 59 || second > 59) return false;
    seconds = hour * 3600 + minute * 60 + second;
    return true;
}

// "Z", "+01:00", "+0100", "-05", " UTC", " GMT"; nothing at all leaves the time zone-less.
bool ReadOffset(Scanner& in, std::optional<std::int64_t>& offset) {
    in.SkipSpaces();
    if (in.Done()) return true;
    if (in.Eat('Z') || in.Rest() == "UTC" || in.Rest() == "GMT") {
        offset = 0;
        return in.Done() || in.Rest() == "UTC" || in.Rest() == "GMT";
    }
    char sign = 0;
    if (!in.EatAny("+-", sign)) return false;
    int hours = 0, minutes = 0;
    if (!in.Number(2, 2, hours)) return false;
    in.Eat(':');
    if (!in.Done() && !in.Number(2, 2, minutes)) return false;
    if (!in.Done() || hours > 14 || minutes > 59) return false;
    offset = (sign == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
    return true;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Dates
// ---------------------------------------------------------------------------------------------

std::optional<DateOrder> ParseDateOrder(std::string_view text) {
    if (text == "mdy") return DateOrder::Mdy;
    if (text == "dmy") return DateOrder::Dmy;
    if (text == "ymd") return DateOrder::Ymd;
    return std::nullopt;
}

std::string_view ToString(DateOrder order) {
    switch (order) {
    case DateOrder::Mdy: return "mdy";
    case DateOrder::Dmy: return "dmy";
    case DateOrder::Ymd: return "ymd";
    }
    return "mdy";
}

std::optional<CellDateTime> ParseCellDateTime(std::string_view text, DateOrder order) {
    Scanner in(text);
    int year = 0, month = 0, day = 0;
    int lead = 0;
    std::size_t lead_digits = 0;
    Scanner probe = in;
    probe.Number(1, 4, lead, &lead_digits);
    if (lead_digits == 4) {
        char separator = 0, again = 0;
        if (!in.Number(4, 4, year) || !in.EatAny("-/.", separator) || !in.Number(1, 2, month) ||
            !in.EatAny("-/.", again) || again != separator || !in.Number(1, 2, day))
            return std::nullopt;
    } else {
        std::optional<YearLastDate> date = ReadYearLast(in);
        if (!date || order == DateOrder::Ymd) return std::nullopt;
        year = date->year;
        month = order == DateOrder::Mdy ? date->first : date->second;
        day = order == DateOrder::Mdy ? date->second : date->first;
    }
    if (!DayExists(year, month, day)) return std::nullopt;
    CellDateTime result;
    result.seconds = StartOf(DaysFromCivil(year, month, day));
    if (in.Done()) return result;
    // Date and time are split by "T", spaces, or a comma and spaces.
    if (!in.Eat('T')) {
        in.Eat(',');
        if (!in.Eat(' ')) return std::nullopt;
        in.SkipSpaces();
    }
    std::int64_t seconds = 0;
    std::optional<std::int64_t> offset;
    if (!ReadTime(in, seconds) || !ReadOffset(in, offset)) return std::nullopt;
    result.seconds += seconds - offset.value_or(0);
    result.zoned = offset.has_value();
    return result;
}

std::optional<DateOrder> DateOrderEvidence(std::string_view text) {
    Scanner in(text);
    std::optional<YearLastDate> date = ReadYearLast(in);
    if (!date) return std::nullopt;
    if (date->first > 12 && date->second <= 12) return DateOrder::Dmy;
    if (date->second > 12 && date->first <= 12) return DateOrder::Mdy;
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Employee counts
// ---------------------------------------------------------------------------------------------

namespace {

// "1200" or "1,200" (groups of three); advances past it.
std::optional<std::int64_t> GroupedNumber(std::string_view& text) {
    std::int64_t value = 0;
    std::size_t i = 0, group = 0, digits = 0;
    bool grouped = false;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (IsDigit(c)) {
            if (value > (kMaxSafeInteger - (c - '0')) / 10) return std::nullopt;
            value = value * 10 + (c - '0');
            ++group;
            ++digits;
        } else if (c == ',' && i + 1 < text.size() && IsDigit(text[i + 1])) {
            if (grouped ? group != 3 : (group == 0 || group > 3)) return std::nullopt;
            grouped = true;
            group = 0;
        } else {
            break;
        }
    }
    if (digits == 0 || (grouped && group != 3)) return std::nullopt;
    text.remove_prefix(i);
    return value;
}

void TrimSpaces(std::string_view& text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
}

}  // namespace

std::optional<CompanySizeRange> ParseCompanySize(std::string_view text) {
    TrimSpaces(text);
    std::optional<std::int64_t> lower = GroupedNumber(text);
    if (!lower) return std::nullopt;
    CompanySizeRange size;
    size.lower = *lower;
    TrimSpaces(text);
    if (text.empty()) return size;
    size.range = true;
    if (text == "+") return size;
    for (std::string_view dash : {"-", "\xE2\x80\x93", "to"}) {   // hyphen, en dash, "to"
        if (!text.starts_with(dash)) continue;
        text.remove_prefix(dash.size());
        TrimSpaces(text);
        std::optional<std::int64_t> upper = GroupedNumber(text);
        if (!upper || !text.empty() || *upper < size.lower) return std::nullopt;
        size.upper = *upper;
        return size;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Stages
// ---------------------------------------------------------------------------------------------

namespace {

constexpr DefaultStage kDefaultStages[] = {
    // HubSpot lifecycle stages (labels; the internal names fold to the same).
    {"HubSpot", "Subscriber", Stage::New},
    {"HubSpot", "Lead", Stage::New},
    {"HubSpot", "Marketing Qualified Lead", Stage::Mql},
    {"HubSpot", "Sales Qualified Lead", Stage::Sql},
    {"HubSpot", "Opportunity", Stage::Opportunity},
    {"HubSpot", "Customer", Stage::Won},
    {"HubSpot", "Evangelist", Stage::Won},
    {"HubSpot", "Other", Stage::New},
    // HubSpot lead statuses: read only where the lifecycle stage is empty.
    {"HubSpot", "New", Stage::New},
    {"HubSpot", "Open", Stage::New},
    {"HubSpot", "In Progress", Stage::Sql},
    {"HubSpot", "Open Deal", Stage::Opportunity},
    {"HubSpot", "Unqualified", Stage::Disqualified},
    {"HubSpot", "Attempted to Contact", Stage::Sql},
    {"HubSpot", "Connected", Stage::Sql},
    {"HubSpot", "Bad Timing", Stage::Recycled},
    // Salesforce lead statuses. Converting a lead makes an opportunity; whether it is won is the
    // opportunity's business, so converted leads are opportunities here.
    {"Salesforce", "Open - Not Contacted", Stage::New},
    {"Salesforce", "Working - Contacted", Stage::Sql},
    {"Salesforce", "Closed - Converted", Stage::Opportunity},
    {"Salesforce", "Closed - Not Converted", Stage::Disqualified},
    // Zoho CRM lead statuses.
    {"Zoho", "Not Contacted", Stage::New},
    {"Zoho", "Attempted to Contact", Stage::Sql},
    {"Zoho", "Contact in Future", Stage::Recycled},
    {"Zoho", "Contacted", Stage::Sql},
    {"Zoho", "Pre-Qualified", Stage::Mql},
    {"Zoho", "Not Qualified", Stage::Disqualified},
    {"Zoho", "Junk Lead", Stage::Disqualified},
    {"Zoho", "Lost Lead", Stage::Lost},
    // Pipedrive lead labels.
    {"Pipedrive", "Hot", Stage::SalesReady},
    {"Pipedrive", "Warm", Stage::Mql},
    {"Pipedrive", "Cold", Stage::New},
};

}  // namespace

std::string FoldName(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || IsDigit(c)) out += c;
    }
    return out;
}

StageMap StageMap::Parse(std::string_view spec) {
    StageMap map;
    while (!spec.empty()) {
        const std::size_t comma = spec.find(',');
        std::string_view pair = spec.substr(0, comma);
        spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
        TrimSpaces(pair);
        if (pair.empty()) continue;
        const std::size_t equals = pair.rfind('=');
        if (equals == std::string_view::npos)
            throw DecodeError("stage_map", "expected VALUE=STAGE, got '" + std::string(pair) + "'");
        std::string_view value = pair.substr(0, equals);
        std::string_view stage = pair.substr(equals + 1);
        TrimSpaces(value);
        TrimSpaces(stage);
        std::optional<Stage> to = ParseEnum<Stage>(stage);
        if (!to) throw DecodeError("stage_map", "unknown stage '" + std::string(stage) + "' for '" + std::string(value) + "'");
        if (FoldName(value).empty()) throw DecodeError("stage_map", "empty value before '=" + std::string(stage) + "'");
        map.m_overrides.emplace_back(FoldName(value), *to);
    }
    return map;
}

std::optional<Stage> StageMap::Find(std::string_view value) const {
    const std::string key = FoldName(value);
    for (const auto& [name, stage] : m_overrides)
        if (name == key) return stage;
    for (const auto& [stage, name] : EnumValues<Stage>())
        if (FoldName(name) == key) return stage;
    for (const DefaultStage& entry : kDefaultStages)
        if (FoldName(entry.value) == key) return entry.stage;
    return std::nullopt;
}

bool StageIsLater(Stage file, Stage current) {
    auto rank = [](Stage stage) {
        switch (stage) {
        case Stage::New: return 0;
        case Stage::Recycled: return 1;
        case Stage::Mql: return 2;
        case Stage::SalesReady: return 3;
        case Stage::Sql: return 4;
        case Stage::Opportunity: return 5;
        case Stage::Won:
        case Stage::Lost:
        case Stage::Disqualified: return 6;
        }
        return 0;
    };
    return rank(file) > rank(current);
}

std::span<const DefaultStage> DefaultStages() { return kDefaultStages; }

// ---------------------------------------------------------------------------------------------
// [SECTION] Files
// ---------------------------------------------------------------------------------------------

char DetectDelimiter(std::string_view sample) {
    std::array<std::size_t, 3> counts{};
    constexpr std::array<char, 3> kCandidates = {',', ';', '\t'};
    bool quoted = false;
    for (char c : sample) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == '\n' || c == '\r') break;
        for (std::size_t k = 0; k < kCandidates.size(); ++k)
            if (c == kCandidates[k]) ++counts[k];
    }
    std::size_t best = 0;
    for (std::size_t k = 1; k < counts.size(); ++k)
        if (counts[k] > counts[best]) best = k;
    return kCandidates[best];
}

std::optional<char> ParseDelimiter(std::string_view text) {
    if (text == "comma" || text == ",") return ',';
    if (text == "semicolon" || text == ";") return ';';
    if (text == "tab" || text == "\t") return '\t';
    if (text == "pipe" || text == "|") return '|';
    return std::nullopt;
}

std::string_view DelimiterName(char delimiter) {
    switch (delimiter) {
    case ';': return "semicolon";
    case '\t': return "tab";
    case '|': return "pipe";
    default: return "comma";
    }
}

bool HasAtMostOneCell(std::span<const std::string> fields) {
    return std::count_if(fields.begin(), fields.end(), [](const std::string& f) {
               return f.find_first_not_of(" \t") != std::string::npos;
           }) <= 1;
}

bool StartsReportFooter(std::span<const std::string> fields) {
    if (fields.empty() || !HasAtMostOneCell(fields)) return false;
    std::string_view cell = fields[0];
    for (std::string_view start : {"Grand Totals (", "Copyright (c)", "Copyright \xC2\xA9", "Confidential Information",
                                   "Generated By:"})
        if (cell.starts_with(start)) return true;
    return false;
}

}  // namespace tandem
