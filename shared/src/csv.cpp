// CSV reading and writing, and the mapping between CSV columns (ours, HubSpot's, Salesforce's) and leads.
//
// [SECTION] CsvReader: a byte-level state machine; runs of plain bytes are appended in one go
// [SECTION] AppendCsvRow: quoting and the formula-injection guard
// [SECTION] Cell values: names, numbers, dates, vocabularies
// [SECTION] LeadColumns: header mapping and ToLead
// [SECTION] Our export format
#include "tandem/csv.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "tandem/codec.h"

namespace tandem {

// ---------------------------------------------------------------------------------------------
// [SECTION] CsvReader
// ---------------------------------------------------------------------------------------------

namespace {

// Bytes that end a run of field content: the scanning loops test one table entry per byte
// instead of calling anything.
struct StopTable {
    std::array<bool, 256> stop{};
    constexpr StopTable(char a, char b, char c) {
        stop[static_cast<unsigned char>(a)] = true;
        stop[static_cast<unsigned char>(b)] = true;
        stop[static_cast<unsigned char>(c)] = true;
    }
    bool operator[](char c) const { return stop[static_cast<unsigned char>(c)]; }
};

constexpr StopTable kUnquotedStops(',', '\r', '\n');
constexpr StopTable kQuotedStops('"', '\r', '\n');
constexpr std::string_view kBom = "\xEF\xBB\xBF";

}  // namespace

void CsvReader::Feed(std::string_view chunk) {
    if (!m_started) {
        // The BOM itself may arrive split across chunks.
        while (!chunk.empty() && m_head.size() < kBom.size() && chunk.front() == kBom[m_head.size()]) {
            m_head += chunk.front();
            chunk.remove_prefix(1);
        }
        if (m_head.size() < kBom.size() && chunk.empty()) return;
        m_started = true;
        if (m_head.size() < kBom.size()) Consume(m_head);   // it was content after all
        m_head.clear();
    }
    Consume(chunk);
}

void CsvReader::Finish() {
    try {
        if (!m_started) {
            m_started = true;
            std::string head;
            head.swap(m_head);
            Consume(head);
        }
        if (m_state == State::Quoted)
            throw DecodeError("line " + std::to_string(m_quote_line), "unterminated quoted field");
        if (m_record_open) {
            if (m_state == State::FieldStart) StartField();   // "a,b," ends with an empty field
            EndRecord();
        }
    } catch (...) {
        Reset();
        throw;
    }
    Reset();
}

void CsvReader::Reset() {
    m_count = 0;
    m_head.clear();
    m_line = 1;
    m_record_line = 1;
    m_quote_line = 1;
    m_state = State::FieldStart;
    m_record_open = false;
    m_after_cr = false;
    m_started = false;
}

void CsvReader::StartField() {
    if (m_count < m_fields.size())
        m_fields[m_count].clear();   // keeps the capacity, even if the handler moved from it
    else
        m_fields.emplace_back();
    ++m_count;
}

void CsvReader::EndRecord() {
    m_fields.resize(m_count);
    m_count = 0;
    m_record_open = false;
    m_handler(m_fields, m_record_line);
}

void CsvReader::Consume(std::string_view data) {
    if (data.empty()) return;
    const char* const begin = data.data();
    const char* const end = begin + data.size();
    const char* p = begin;
    // Whether the byte before `at` was a CR, looking back into the previous chunk if need be.
    auto after_cr = [&](const char* at) { return at > begin ? at[-1] == '\r' : m_after_cr; };

    while (p < end) {
        switch (m_state) {
        case State::FieldStart: {
            const char c = *p;
            if (c == '\n' || c == '\r') {
                // A CR always ends the record or the empty line it is on, so an LF right after
                // one only completes that line break.
                const bool lf_of_crlf = c == '\n' && after_cr(p);
                ++p;
                if (lf_of_crlf) break;
                ++m_line;
                if (m_record_open) {   // the line ended right after a comma
                    StartField();
                    EndRecord();
                }
                break;   // otherwise an empty line: skipped
            }
            if (!m_record_open) {
                m_record_open = true;
                m_record_line = m_line;
            }
            StartField();
            if (c == ',') {
                ++p;   // an empty field; the next one starts here
            } else if (c == '"') {
                ++p;
                m_quote_line = m_line;
                m_state = State::Quoted;
            } else {
                m_state = State::Unquoted;
            }
            break;
        }
        case State::Unquoted: {
            // A quote in here is kept as written, as spreadsheets do (5" screen).
            const char* q = p;
            while (q < end && !kUnquotedStops[*q]) ++q;
            m_fields[m_count - 1].append(p, static_cast<std::size_t>(q - p));
            p = q;
            if (p == end) break;
            const char c = *p++;
            m_state = State::FieldStart;
            if (c != ',') {
                ++m_line;
                EndRecord();
            }
            break;
        }
        case State::Quoted: {
            const char* q = p;
            for (;;) {
                while (q < end && !kQuotedStops[*q]) ++q;
                if (q == end || *q == '"') break;
                if (*q == '\r' || !after_cr(q)) ++m_line;   // line breaks inside the field count
                ++q;
            }
            m_fields[m_count - 1].append(p, static_cast<std::size_t>(q - p));
            p = q;
            if (p < end) {
                ++p;
                m_state = State::QuoteInQuoted;
            }
            break;
        }
        case State::QuoteInQuoted:
            if (*p == '"') {   // "" is an escaped quote
                m_fields[m_count - 1].push_back('"');
                ++p;
                m_state = State::Quoted;
            } else {
                // The closing quote. Leniently, anything before the next separator is kept as
                // written ("a"b -> ab) rather than refusing the whole file.
                m_state = State::Unquoted;
            }
            break;
        }
    }
    m_after_cr = end[-1] == '\r';
}

// ---------------------------------------------------------------------------------------------
// [SECTION] AppendCsvRow
// ---------------------------------------------------------------------------------------------

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsFormulaStart(char c) { return c == '=' || c == '+' || c == '-' || c == '@'; }

// A formula character then a non-digit, after any number of "'": the guard's pattern. Counting
// the "'"s makes guard and unguard exact inverses ("'=x" is written "''=x" and read back "'=x").
bool LooksLikeFormula(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && text[i] == '\'') ++i;
    return i + 1 < text.size() && IsFormulaStart(text[i]) && !IsDigit(text[i + 1]);
}

}  // namespace

void AppendCsvRow(std::string& out, std::span<const std::string> fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out += ',';
        const std::string& field = fields[i];
        const bool guard = LooksLikeFormula(field);
        const bool quote = field.find_first_of(",\"\r\n") != std::string::npos ||
                           (!field.empty() && (field.front() == ' ' || field.back() == ' '));
        if (!quote) {
            if (guard) out += '\'';
            out += field;
            continue;
        }
        out += '"';
        if (guard) out += '\'';
        for (char c : field) {
            if (c == '"') out += '"';
            out += c;
        }
        out += '"';
    }
    out += "\r\n";
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Cell values
// ---------------------------------------------------------------------------------------------

namespace {

constexpr std::size_t kMaxCellText = 200;
constexpr std::size_t kMaxPhone = 50;
constexpr std::int64_t kMaxCount = 1'000'000'000;
constexpr std::int64_t kMaxTimelineMonths = 600;

std::string_view TrimView(std::string_view text) {
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

// Header names and vocabulary values compare as lower-case without separators, so "No. of
// Employees", "no_of_employees" and "NoOfEmployees" are one name. Kept on the stack: this runs for
// several cells of every imported row. Over-long text becomes a key that matches nothing.
class Key {
public:
    explicit Key(std::string_view text) {
        for (char c : text) {
            if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')' || c == '\t')
                continue;
            if (m_size == m_text.size()) {
                m_size = 0;
                m_text[m_size++] = '\x01';
                return;
            }
            m_text[m_size++] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        }
    }
    std::string_view View() const { return {m_text.data(), m_size}; }

private:
    std::array<char, 40> m_text{};
    std::size_t m_size = 0;
};

template <class T>
struct Word {
    std::string_view key;   // as Key() writes it
    T value;
};

template <class T, std::size_t N>
std::optional<T> Lookup(const Word<T> (&table)[N], std::string_view text) {
    Key key(text);
    for (const Word<T>& word : table)
        if (word.key == key.View()) return word.value;
    return std::nullopt;
}

// Values quoted in error messages are cut short: a stray megabyte in a cell should not become a
// megabyte of error text. The cut backs off to a UTF-8 character boundary.
std::string Quoted(std::string_view text) {
    constexpr std::size_t kMax = 60;
    if (text.size() <= kMax) return "'" + std::string(text) + "'";
    std::size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return "'" + std::string(text.substr(0, cut)) + "...'";
}

// "1,200", "$25,000", "25000.00" -> whole USD or counts. Thousands separators must group by three
// ("1,2" is a European decimal, not twelve); a fraction must be all zeros.
std::int64_t WholeNumber(std::string_view text, const std::string& column) {
    std::string_view rest = text;
    if (!rest.empty() && rest.front() == '$') rest = TrimView(rest.substr(1));
    std::int64_t value = 0;
    std::size_t digits = 0;
    std::size_t group = 0;     // digits since the last comma
    bool grouped = false;
    std::size_t i = 0;
    for (; i < rest.size(); ++i) {
        const char c = rest[i];
        if (IsDigit(c)) {
            if (value > (kMaxSafeInteger - (c - '0')) / 10) throw DecodeError(column, "out of range: " + Quoted(text));
            value = value * 10 + (c - '0');
            ++digits;
            ++group;
        } else if (c == ',') {
            if (grouped ? group != 3 : (group == 0 || group > 3)) break;
            grouped = true;
            group = 0;
        } else {
            break;
        }
    }
    const bool ok = digits > 0 && (!grouped || group == 3);
    if (ok && i < rest.size() && rest[i] == '.') {
        ++i;
        while (i < rest.size() && rest[i] == '0') ++i;
    }
    if (!ok || i != rest.size()) throw DecodeError(column, "not a whole number: " + Quoted(text));
    return value;
}

bool DayExists(int year, int month, int day) {
    if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) return false;
    int y, m, d;
    CivilFromDays(DaysFromCivil(year, month, day), y, m, d);
    return y == year && m == month && d == day;
}

// Salesforce's US format: "1/15/2026", "1/15/2026 10:30 AM", "01/15/2026 14:05:09". UTC.
std::optional<Timestamp> ParseUsDateTime(std::string_view text) {
    std::size_t i = 0;
    auto number = [&](std::size_t min_digits, std::size_t max_digits, int& out) {
        std::size_t start = i;
        out = 0;
        while (i < text.size() && i - start < max_digits && IsDigit(text[i])) out = out * 10 + (text[i++] - '0');
        return i - start >= min_digits;
    };
    auto eat = [&](char c) {
        if (i < text.size() && text[i] == c) {
            ++i;
            return true;
        }
        return false;
    };
    int month, day, year;
    if (!number(1, 2, month) || !eat('/') || !number(1, 2, day) || !eat('/') || !number(4, 4, year)) return std::nullopt;
    if (!DayExists(year, month, day)) return std::nullopt;
    Timestamp t = StartOf(DaysFromCivil(year, month, day));
    if (i == text.size()) return t;
    eat(',');
    if (!eat(' ')) return std::nullopt;
    while (eat(' ')) {}
    int hour, minute, second = 0;
    if (!number(1, 2, hour) || !eat(':') || !number(2, 2, minute)) return std::nullopt;
    if (eat(':') && !number(2, 2, second)) return std::nullopt;
    while (eat(' ')) {}
    if (i < text.size()) {
        Key meridiem(text.substr(i));
        const bool pm = meridiem.View() == "pm";
        if (!pm && meridiem.View() != "am") return std::nullopt;
        if (hour < 1 || hour > 12) return std::nullopt;
        hour = hour % 12 + (pm ? 12 : 0);
    }
    if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
    return t + hour * 3600 + minute * 60 + second;
}

// ISO 8601 (and a bare date), HubSpot's "2026-01-15 10:30" (no zone: UTC) and Salesforce's US form.
Timestamp CellTime(std::string_view text, const std::string& column) {
    if (std::optional<Timestamp> t = ParseTimestamp(text)) return *t;
    if (text.size() > 10 && IsDigit(text.back())) {
        std::string zoned(text);
        zoned += 'Z';
        if (std::optional<Timestamp> t = ParseTimestamp(zoned)) return *t;
    }
    if (std::optional<Timestamp> t = ParseUsDateTime(text)) return *t;
    throw DecodeError(column, "not a date: " + Quoted(text));
}

// Ours, then HubSpot's Original Source, then Salesforce's Lead Source.
constexpr Word<Source> kSources[] = {
    {"webinar", Source::Webinar}, {"contentdownload", Source::ContentDownload},
    {"paidsearch", Source::PaidSearch}, {"social", Source::Social}, {"referral", Source::Referral},
    {"event", Source::Event}, {"website", Source::Website}, {"outbound", Source::Outbound},
    {"other", Source::Other},
    {"organicsearch", Source::Website}, {"socialmedia", Source::Social}, {"organicsocial", Source::Social},
    {"paidsocial", Source::Social}, {"referrals", Source::Referral}, {"directtraffic", Source::Website},
    {"emailmarketing", Source::Other}, {"offlinesources", Source::Event}, {"othercampaigns", Source::Other},
    {"web", Source::Website}, {"phoneinquiry", Source::Outbound}, {"partnerreferral", Source::Referral},
    {"employeereferral", Source::Referral}, {"externalreferral", Source::Referral},
    {"wordofmouth", Source::Referral}, {"purchasedlist", Source::Outbound}, {"tradeshow", Source::Event},
    {"seminarinternal", Source::Event}, {"seminarpartner", Source::Event}, {"advertisement", Source::PaidSearch},
};

// Ours, then HubSpot's lifecycle stages (internal names and labels alike, as Key() folds them).
constexpr Word<Stage> kStages[] = {
    {"new", Stage::New}, {"mql", Stage::Mql}, {"salesready", Stage::SalesReady}, {"sql", Stage::Sql},
    {"opportunity", Stage::Opportunity}, {"won", Stage::Won}, {"lost", Stage::Lost},
    {"recycled", Stage::Recycled}, {"disqualified", Stage::Disqualified},
    {"subscriber", Stage::New}, {"lead", Stage::New}, {"marketingqualifiedlead", Stage::Mql},
    {"salesqualifiedlead", Stage::Sql}, {"customer", Stage::Won}, {"other", Stage::New},
    {"evangelist", Stage::New},
};

// A yes/no column reads as "has authority".
constexpr Word<Authority> kAuthorities[] = {
    {"unknown", Authority::Unknown}, {"none", Authority::None}, {"influencer", Authority::Influencer},
    {"decisionmaker", Authority::DecisionMaker},
    {"yes", Authority::DecisionMaker}, {"y", Authority::DecisionMaker}, {"true", Authority::DecisionMaker},
    {"1", Authority::DecisionMaker}, {"no", Authority::None}, {"n", Authority::None},
    {"false", Authority::None}, {"0", Authority::None},
};

constexpr Word<Need> kNeeds[] = {
    {"unknown", Need::Unknown}, {"yes", Need::Yes}, {"y", Need::Yes}, {"true", Need::Yes}, {"1", Need::Yes},
    {"no", Need::No}, {"n", Need::No}, {"false", Need::No}, {"0", Need::No},
};

constexpr Word<bool> kBooleans[] = {
    {"true", true}, {"yes", true}, {"y", true}, {"1", true},
    {"false", false}, {"no", false}, {"n", false}, {"0", false},
};

// ---------------------------------------------------------------------------------------------
// [SECTION] LeadColumns
// ---------------------------------------------------------------------------------------------

// What a column can feed. FirstName/LastName make the name when the Name cell is empty; Mobile is
// the phone when the Phone cell is empty.
enum Field : int {
    kEmail, kName, kFirstName, kLastName, kCompany, kTitle, kIndustry, kCompanySize, kCountry, kPhone,
    kMobile, kSource, kCampaignId, kOwnerId, kCreatedAt, kBudgetUsd, kAuthority, kNeed, kTimelineMonths,
    kPageViews, kDownloads, kWebinarsAttended, kEmailClicks, kDemoRequested, kLastActivityAt, kStage,
    kDealValue, kFieldCount
};

// Our names (the Lead JSON names), HubSpot's and Salesforce's export headers, as Key() writes them.
constexpr Word<Field> kColumnNames[] = {
    {"email", kEmail}, {"emailaddress", kEmail},
    {"name", kName}, {"fullname", kName}, {"firstname", kFirstName}, {"lastname", kLastName},
    {"company", kCompany}, {"companyname", kCompany},
    {"title", kTitle}, {"jobtitle", kTitle},
    {"industry", kIndustry},
    {"companysize", kCompanySize}, {"numberofemployees", kCompanySize}, {"noofemployees", kCompanySize},
    {"country", kCountry}, {"countryregion", kCountry},
    {"phone", kPhone}, {"phonenumber", kPhone},
    {"mobile", kMobile}, {"mobilephone", kMobile}, {"mobilephonenumber", kMobile},
    {"source", kSource}, {"originalsource", kSource}, {"leadsource", kSource},
    {"campaignid", kCampaignId}, {"ownerid", kOwnerId},
    {"createdat", kCreatedAt}, {"createdate", kCreatedAt}, {"createddate", kCreatedAt},
    {"budgetusd", kBudgetUsd}, {"authority", kAuthority}, {"need", kNeed}, {"timelinemonths", kTimelineMonths},
    {"pageviews", kPageViews}, {"downloads", kDownloads}, {"webinarsattended", kWebinarsAttended},
    {"emailclicks", kEmailClicks}, {"demorequested", kDemoRequested}, {"lastactivityat", kLastActivityAt},
    {"stage", kStage}, {"lifecyclestage", kStage},
    {"dealvalue", kDealValue},
};

// Removes the "'" AppendCsvRow's formula guard added (see csv.h).
std::string_view Unguard(std::string_view text) {
    if (text.size() > 1 && text.front() == '\'' && LooksLikeFormula(text.substr(1))) text.remove_prefix(1);
    return text;
}

// One record being read against the header: cells by field, errors named after the user's column.
class Row {
public:
    Row(std::span<const std::string> fields, const std::vector<int>& column_of_field,
        const std::vector<std::string>& header)
        : m_fields(fields), m_column_of_field(column_of_field), m_header(header) {}

    // Trimmed and unguarded; empty if there is no such column or the record stops short.
    std::string_view Cell(Field field) const {
        const int column = m_column_of_field[field];
        if (column < 0 || static_cast<std::size_t>(column) >= m_fields.size()) return {};
        return Unguard(TrimView(m_fields[static_cast<std::size_t>(column)]));
    }
    const std::string& Column(Field field) const {
        return m_header[static_cast<std::size_t>(m_column_of_field[field])];
    }

    std::string_view Text(Field field, std::size_t max = kMaxCellText) const {
        std::string_view text = Cell(field);
        if (text.size() > max) throw DecodeError(Column(field), "too long (at most " + std::to_string(max) + " bytes)");
        return text;
    }
    // The same bounds as the lead codec, so an imported lead can later be edited through the API.
    std::optional<std::int64_t> OptionalNumber(Field field, std::int64_t min = 0,
                                               std::int64_t max = kMaxSafeInteger) const {
        std::string_view text = Cell(field);
        if (text.empty()) return std::nullopt;
        std::int64_t value = WholeNumber(text, Column(field));
        if (value < min || value > max) {
            throw DecodeError(Column(field), "out of range (" + std::to_string(min) + " to " + std::to_string(max) +
                                                 "): " + Quoted(text));
        }
        return value;
    }
    std::int64_t Count(Field field) const { return OptionalNumber(field, 0, kMaxCount).value_or(0); }
    std::optional<Timestamp> OptionalTime(Field field) const {
        std::string_view text = Cell(field);
        if (text.empty()) return std::nullopt;
        return CellTime(text, Column(field));
    }
    template <class T, std::size_t N>
    std::optional<T> Vocabulary(Field field, const Word<T> (&table)[N], std::string_view what, T empty) const {
        std::string_view text = Cell(field);
        if (text.empty()) return empty;
        std::optional<T> value = Lookup(table, text);
        if (!value && !what.empty())
            throw DecodeError(Column(field), "unknown " + std::string(what) + " " + Quoted(text));
        return value;
    }

private:
    std::span<const std::string> m_fields;
    const std::vector<int>& m_column_of_field;
    const std::vector<std::string>& m_header;
};

}  // namespace

LeadColumns::LeadColumns(std::span<const std::string> header) : m_column_of_field(kFieldCount, -1) {
    m_header.reserve(header.size());
    for (std::size_t column = 0; column < header.size(); ++column) {
        m_header.emplace_back(TrimView(header[column]));
        const std::string& name = m_header.back();
        std::optional<Field> field = Lookup(kColumnNames, name);
        // A second column for the same field (Phone and Phone Number) is ignored: the first wins.
        if (field && m_column_of_field[*field] < 0) {
            m_column_of_field[*field] = static_cast<int>(column);
            continue;
        }
        if (!name.empty() && std::find(m_ignored.begin(), m_ignored.end(), name) == m_ignored.end())
            m_ignored.push_back(name);
    }
    if (m_column_of_field[kEmail] < 0) throw DecodeError("header", "no email column (expected a column named Email)");
}

Lead LeadColumns::ToLead(std::span<const std::string> fields, Timestamp now) const {
    if (fields.size() > m_header.size()) {
        throw DecodeError("row", "has " + std::to_string(fields.size()) + " fields, the header has " +
                                     std::to_string(m_header.size()));
    }
    const Row row(fields, m_column_of_field, m_header);
    Lead lead;

    std::string_view email = row.Cell(kEmail);
    lead.email.assign(email);
    for (char& c : lead.email)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (!LooksLikeEmail(lead.email)) throw DecodeError(row.Column(kEmail), "not an address: " + Quoted(email));

    if (std::string_view name = row.Text(kName); !name.empty()) {
        lead.name.assign(name);
    } else {
        std::string_view first = row.Text(kFirstName);
        std::string_view last = row.Text(kLastName);
        lead.name.reserve(first.size() + last.size() + 1);
        lead.name.assign(first);
        if (!first.empty() && !last.empty()) lead.name += ' ';
        lead.name.append(last);
        if (lead.name.size() > kMaxCellText) {
            throw DecodeError(row.Column(kLastName),
                              "too long with the first name (at most " + std::to_string(kMaxCellText) + " bytes)");
        }
    }
    lead.company.assign(row.Text(kCompany));
    lead.title.assign(row.Text(kTitle));
    lead.industry.assign(row.Text(kIndustry));
    lead.company_size = row.OptionalNumber(kCompanySize);
    lead.country.assign(row.Text(kCountry));
    std::string_view phone = row.Text(kPhone, kMaxPhone);
    lead.phone.assign(phone.empty() ? row.Text(kMobile, kMaxPhone) : phone);
    // Another tool's vocabulary must not fail an import: an unknown source is "other".
    lead.source = row.Vocabulary(kSource, kSources, "", Source::Other).value_or(Source::Other);
    lead.campaign_id = row.OptionalNumber(kCampaignId, 1);
    lead.owner_id = row.OptionalNumber(kOwnerId, 1);
    lead.created_at = row.OptionalTime(kCreatedAt).value_or(now);

    lead.budget_usd = row.OptionalNumber(kBudgetUsd);
    lead.authority = *row.Vocabulary(kAuthority, kAuthorities, "authority", Authority::Unknown);
    lead.need = *row.Vocabulary(kNeed, kNeeds, "need", Need::Unknown);
    lead.timeline_months = row.OptionalNumber(kTimelineMonths, 0, kMaxTimelineMonths);

    lead.page_views = row.Count(kPageViews);
    lead.downloads = row.Count(kDownloads);
    lead.webinars_attended = row.Count(kWebinarsAttended);
    lead.email_clicks = row.Count(kEmailClicks);
    {
        std::string_view text = row.Cell(kDemoRequested);
        std::optional<bool> demo = text.empty() ? std::optional<bool>(false) : Lookup(kBooleans, text);
        if (!demo) throw DecodeError(row.Column(kDemoRequested), "not true or false: " + Quoted(text));
        lead.demo_requested = *demo;
    }
    lead.last_activity_at = row.OptionalTime(kLastActivityAt);

    lead.stage = *row.Vocabulary(kStage, kStages, "stage", Stage::New);
    lead.deal_value = row.OptionalNumber(kDealValue);
    return lead;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Our export format
// ---------------------------------------------------------------------------------------------

namespace {

constexpr std::string_view kExportColumns[] = {
    "id", "email", "name", "company", "title", "industry", "company_size", "country", "phone", "source",
    "campaign_id", "owner_id", "created_at", "budget_usd", "authority", "need", "timeline_months",
    "page_views", "downloads", "webinars_attended", "email_clicks", "demo_requested", "last_activity_at",
    "stage", "deal_value", "score", "level",
};

std::string OrEmpty(const std::optional<std::int64_t>& value) { return value ? std::to_string(*value) : std::string(); }

// At most one decimal, and none when it is zero: 62.5, 40.
std::string FormatScore(double total) {
    if (!std::isfinite(total)) return {};
    double rounded = std::round(total * 10) / 10;
    if (rounded == 0) rounded = 0;   // no "-0"
    char text[48];
    std::snprintf(text, sizeof text, rounded == std::floor(rounded) ? "%.0f" : "%.1f", rounded);
    return text;
}

}  // namespace

std::vector<std::string> LeadCsvHeader() { return {std::begin(kExportColumns), std::end(kExportColumns)}; }

std::vector<std::string> LeadCsvRecord(const Lead& lead) {
    std::vector<std::string> record;
    record.reserve(std::size(kExportColumns));
    record.push_back(lead.id != 0 ? std::to_string(lead.id) : std::string());
    record.push_back(lead.email);
    record.push_back(lead.name);
    record.push_back(lead.company);
    record.push_back(lead.title);
    record.push_back(lead.industry);
    record.push_back(OrEmpty(lead.company_size));
    record.push_back(lead.country);
    record.push_back(lead.phone);
    record.emplace_back(ToString(lead.source));
    record.push_back(OrEmpty(lead.campaign_id));
    record.push_back(OrEmpty(lead.owner_id));
    record.push_back(FormatTimestamp(lead.created_at));
    record.push_back(OrEmpty(lead.budget_usd));
    record.emplace_back(lead.authority == Authority::Unknown ? std::string_view() : ToString(lead.authority));
    record.emplace_back(lead.need == Need::Unknown ? std::string_view() : ToString(lead.need));
    record.push_back(OrEmpty(lead.timeline_months));
    record.push_back(std::to_string(lead.page_views));
    record.push_back(std::to_string(lead.downloads));
    record.push_back(std::to_string(lead.webinars_attended));
    record.push_back(std::to_string(lead.email_clicks));
    record.emplace_back(lead.demo_requested ? "true" : "false");
    record.push_back(lead.last_activity_at ? FormatTimestamp(*lead.last_activity_at) : std::string());
    record.emplace_back(ToString(lead.stage));
    record.push_back(OrEmpty(lead.deal_value));
    record.push_back(FormatScore(lead.score.total));
    record.emplace_back(ToString(lead.score.level));
    return record;
}

}  // namespace tandem
