// CSV reading and writing, and the mapping between CSV columns (ours, and HubSpot's, Salesforce's,
// Pipedrive's and Zoho's export columns) and leads.
//
// [SECTION] CsvReader: a byte-level state machine; runs of plain bytes are appended in one go
// [SECTION] AppendCsvRow: quoting and the formula-injection guard
// [SECTION] Cell values: numbers and vocabularies (dates and ranges: import_rules.cpp)
// [SECTION] LeadColumns: header mapping and ToLead
// [SECTION] Our export format
#include "tandem/csv.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>

#include <unordered_set>

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

constexpr StopTable kQuotedStops('"', '\r', '\n');
constexpr std::string_view kBom = "\xEF\xBB\xBF";

}  // namespace

CsvReader::CsvReader(RowHandler handler, char delimiter) : m_handler(std::move(handler)), m_delimiter(delimiter) {
    for (char stop : {delimiter, '\r', '\n'}) m_unquoted_stops[static_cast<unsigned char>(stop)] = true;
}

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
            if (c == m_delimiter) {
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
            while (q < end && !m_unquoted_stops[static_cast<unsigned char>(*q)]) ++q;
            m_fields[m_count - 1].append(p, static_cast<std::size_t>(q - p));
            p = q;
            if (p == end) break;
            const char c = *p++;
            m_state = State::FieldStart;
            if (c != m_delimiter) {
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

// Ours, then HubSpot's Original Source, Salesforce's, Zoho's and Pipedrive's Lead Source.
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
    {"aireferrals", Source::Referral},
    {"coldcall", Source::Outbound}, {"onlinestore", Source::Website}, {"partner", Source::Referral},
    {"internalseminar", Source::Event}, {"webdownload", Source::ContentDownload}, {"webresearch", Source::Website},
    {"chat", Source::Website}, {"facebook", Source::Social}, {"twitter", Source::Social}, {"x", Source::Social},
    {"linkedin", Source::Social}, {"publicrelations", Source::Other}, {"salesemailalias", Source::Outbound},
    {"manuallycreated", Source::Other}, {"webforms", Source::Website}, {"webvisitors", Source::Website},
    {"livechat", Source::Website}, {"chatbot", Source::Website}, {"prospector", Source::Outbound},
    {"import", Source::Other}, {"api", Source::Other},
};

// Our stage names, for our own "stage" column; the CRMs' go through the import's StageMap.
constexpr Word<Stage> kOurStages[] = {
    {"new", Stage::New}, {"mql", Stage::Mql}, {"salesready", Stage::SalesReady}, {"sql", Stage::Sql},
    {"opportunity", Stage::Opportunity}, {"won", Stage::Won}, {"lost", Stage::Lost},
    {"recycled", Stage::Recycled}, {"disqualified", Stage::Disqualified},
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
// the phone when the Phone cell is empty. Stage (ours) wins over Lifecycle (HubSpot), which wins
// over Status (the CRMs' lead statuses and labels). Owner and Campaign hold an email, a name or
// (ours) an id.
enum Field : int {
    kEmail, kName, kFirstName, kLastName, kCompany, kTitle, kIndustry, kCompanySize, kCountry, kPhone,
    kMobile, kSource, kCampaign, kOwner, kCreatedAt, kBudgetUsd, kAuthority, kNeed, kTimelineMonths,
    kPageViews, kDownloads, kWebinarsAttended, kEmailClicks, kDemoRequested, kLastActivityAt, kStage,
    kLifecycle, kStatus, kDealValue, kCrmSource, kCrmId, kRecordId, kFieldCount
};

// Our names (the Lead JSON names), then the CRMs' export headers, as Key() writes them.
// Pipedrive prefixes its columns with the record type ("Person - Email - Work"); Salesforce's
// Data Export uses API names ("NumberOfEmployees"), its reports labels ("Company / Account").
constexpr Word<Field> kColumnNames[] = {
    {"email", kEmail}, {"emailaddress", kEmail}, {"personemail", kEmail}, {"personemailwork", kEmail},
    {"personemailhome", kEmail}, {"personemailother", kEmail},
    {"name", kName}, {"fullname", kName}, {"personname", kName}, {"contactname", kName},
    {"firstname", kFirstName}, {"personfirstname", kFirstName},
    {"lastname", kLastName}, {"personlastname", kLastName},
    {"company", kCompany}, {"companyname", kCompany}, {"companyaccount", kCompany}, {"account", kCompany},
    {"accountname", kCompany}, {"organization", kCompany}, {"organizationname", kCompany},
    {"personorganization", kCompany},
    {"title", kTitle}, {"jobtitle", kTitle}, {"designation", kTitle}, {"personjobtitle", kTitle},
    {"industry", kIndustry}, {"organizationindustry", kIndustry},
    {"companysize", kCompanySize}, {"numberofemployees", kCompanySize}, {"noofemployees", kCompanySize},
    {"employees", kCompanySize}, {"organizationnumberofemployees", kCompanySize},
    {"country", kCountry}, {"countryregion", kCountry}, {"personcountry", kCountry},
    {"phone", kPhone}, {"phonenumber", kPhone}, {"personphone", kPhone}, {"personphonework", kPhone},
    {"mobile", kMobile}, {"mobilephone", kMobile}, {"mobilephonenumber", kMobile}, {"personphonemobile", kMobile},
    {"source", kSource}, {"originalsource", kSource}, {"leadsource", kSource},
    {"campaignid", kCampaign}, {"campaign", kCampaign}, {"campaignname", kCampaign},
    {"ownerid", kOwner}, {"owner", kOwner}, {"contactowner", kOwner}, {"leadowner", kOwner},
    {"personowner", kOwner}, {"recordowner", kOwner}, {"hubspotowner", kOwner},
    {"createdat", kCreatedAt}, {"createdate", kCreatedAt}, {"createddate", kCreatedAt},
    {"createdtime", kCreatedAt}, {"leadcreated", kCreatedAt}, {"leadleadcreated", kCreatedAt},
    {"personpersoncreated", kCreatedAt}, {"personcreated", kCreatedAt},
    {"budgetusd", kBudgetUsd}, {"authority", kAuthority}, {"need", kNeed}, {"timelinemonths", kTimelineMonths},
    {"pageviews", kPageViews}, {"numberofpageviews", kPageViews},
    {"downloads", kDownloads}, {"webinarsattended", kWebinarsAttended},
    {"emailclicks", kEmailClicks}, {"marketingemailsclicked", kEmailClicks},
    {"demorequested", kDemoRequested},
    {"lastactivityat", kLastActivityAt}, {"lastactivitydate", kLastActivityAt}, {"lastactivity", kLastActivityAt},
    {"lastactivitytime", kLastActivityAt}, {"personlastactivitydate", kLastActivityAt},
    {"stage", kStage}, {"lifecyclestage", kLifecycle},
    {"leadstatus", kStatus}, {"status", kStatus}, {"leadlabels", kStatus}, {"labels", kStatus}, {"label", kStatus},
    {"personlabel", kStatus},
    {"dealvalue", kDealValue},
    {"crmsource", kCrmSource}, {"crmid", kCrmId},
    // A CRM's own record id: HubSpot's and Zoho's Record ID, Salesforce's Id (Data Export) and Lead
    // ID (reports), Pipedrive's Person - ID and Lead - ID.
    {"recordid", kRecordId}, {"id", kRecordId}, {"leadid", kRecordId}, {"personid", kRecordId},
};

// Which CRM a record id column belongs to, from the header: Pipedrive prefixes its columns with
// the record type ("Lead - ID"); HubSpot and Zoho both say "Record ID", Zoho's files have its
// "Created Time" or "Lead Owner"; "Id" and "Lead ID" are Salesforce's.
std::string CrmOfRecordColumn(std::string_view name, std::string_view created_key, std::string_view owner_key) {
    const std::string key(Key(name).View());
    if (name.find(" - ") != std::string_view::npos) return "pipedrive";
    if (key == "recordid") return created_key == "createdtime" || owner_key == "leadowner" ? "zoho" : "hubspot";
    if (key == "personid") return "pipedrive";
    return "salesforce";
}

// Removes the "'" AppendCsvRow's formula guard added (see csv.h).
std::string_view Unguard(std::string_view text) {
    if (text.size() > 1 && text.front() == '\'' && LooksLikeFormula(text.substr(1))) text.remove_prefix(1);
    return text;
}

bool AllDigits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), IsDigit);
}

// One record being read against the header: cells by field, errors named after the user's column,
// values stored other than as written noted in `coerced`.
class Row {
public:
    Row(std::span<const std::string> fields, const std::vector<int>& column_of_field,
        const std::vector<std::string>& header, const LeadImportRules& rules, std::vector<Coercion>* coerced)
        : m_fields(fields), m_column_of_field(column_of_field), m_header(header), m_rules(rules), m_coerced(coerced) {}

    // Trimmed and unguarded; empty if there is no such column or the record stops short.
    std::string_view Cell(Field field) const {
        const int column = m_column_of_field[field];
        if (column < 0 || static_cast<std::size_t>(column) >= m_fields.size()) return {};
        return Unguard(TrimView(m_fields[static_cast<std::size_t>(column)]));
    }
    const std::string& Column(Field field) const {
        return m_header[static_cast<std::size_t>(m_column_of_field[field])];
    }
    void Coerced(Field field, std::string_view original, std::string stored, std::string why) const {
        if (m_coerced) m_coerced->push_back({Column(field), std::string(original), std::move(stored), std::move(why)});
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
        return InRange(field, WholeNumber(text, Column(field)), min, max);
    }
    std::int64_t InRange(Field field, std::int64_t value, std::int64_t min, std::int64_t max) const {
        if (value < min || value > max) {
            throw DecodeError(Column(field), "out of range (" + std::to_string(min) + " to " + std::to_string(max) +
                                                 "): " + Quoted(Cell(field)));
        }
        return value;
    }
    // A number, or an employee range ("100-500", "1000+") stored as its lower bound.
    std::optional<std::int64_t> CompanySize() const {
        std::string_view text = Cell(kCompanySize);
        if (text.empty()) return std::nullopt;
        std::optional<CompanySizeRange> size = ParseCompanySize(text);
        if (!size || !size->range) return OptionalNumber(kCompanySize);
        const std::int64_t lower = InRange(kCompanySize, size->lower, 0, kMaxSafeInteger);
        Coerced(kCompanySize, text, std::to_string(lower),
                size->upper ? "a range: stored its lower bound" : "an open range: stored its lower bound");
        return lower;
    }
    std::int64_t Count(Field field) const { return OptionalNumber(field, 0, kMaxCount).value_or(0); }
    // A time that names no offset is in the import's time zone.
    std::optional<Timestamp> OptionalTime(Field field) const {
        std::string_view text = Cell(field);
        if (text.empty()) return std::nullopt;
        std::optional<CellDateTime> time = ParseCellDateTime(text, m_rules.date_order);
        if (!time) {
            std::string problem = "not a date: " + Quoted(text);
            if (m_rules.date_order != DateOrder::Dmy && DateOrderEvidence(text) == DateOrder::Dmy)
                problem += " (day first? import with date order dmy)";
            throw DecodeError(Column(field), problem);
        }
        return time->zoned ? time->seconds : m_rules.zone.FromLocal(time->seconds);
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
    // Another tool's stage or status: the import's map, else new (reported). Ours must be ours.
    Stage StageOf() const {
        if (!Cell(kStage).empty()) return *Vocabulary(kStage, kOurStages, "stage", Stage::New);
        for (Field field : {kLifecycle, kStatus}) {
            std::string_view text = Cell(field);
            if (text.empty()) continue;
            if (std::optional<Stage> stage = m_rules.stages.Find(text)) return *stage;
            Coerced(field, text, "new", "no stage for this value: imported as new (map it with a stage map)");
            return Stage::New;
        }
        return Stage::New;
    }
    // Ours: an id. A CRM's: an email or a name, looked up; unknown ones are reported and left empty.
    std::optional<std::int64_t> Reference(Field field, const std::function<std::optional<std::int64_t>(std::string_view)>& lookup,
                                          std::string_view unknown) const {
        std::string_view text = Text(field);
        if (text.empty()) return std::nullopt;
        if (AllDigits(text) && Key(Column(field)).View().ends_with("id")) return OptionalNumber(field, 1);
        if (lookup)
            if (std::optional<std::int64_t> id = lookup(text)) return id;
        Coerced(field, text, "", std::string(unknown));
        return std::nullopt;
    }

private:
    std::span<const std::string> m_fields;
    const std::vector<int>& m_column_of_field;
    const std::vector<std::string>& m_header;
    const LeadImportRules& m_rules;
    std::vector<Coercion>* m_coerced;
};

const LeadImportRules& DefaultRules() {
    static const LeadImportRules rules;
    return rules;
}

}  // namespace

LeadColumns::LeadColumns(std::span<const std::string> header) : m_column_of_field(kFieldCount, -1) {
    m_header.reserve(header.size());
    std::unordered_set<std::string_view> ignored;   // a set, not a scan of the list: a header may be huge
    // Our own files (a stage or crm_id column) have our internal "id", which means nothing here.
    bool ours = false;
    std::vector<std::optional<Field>> fields;
    fields.reserve(header.size());
    for (std::size_t column = 0; column < header.size(); ++column) {
        m_header.emplace_back(TrimView(header[column]));
        fields.push_back(Lookup(kColumnNames, m_header.back()));
        ours = ours || fields.back() == kStage || fields.back() == kCrmId;
    }
    for (std::size_t column = 0; column < m_header.size(); ++column) {
        const std::string& name = m_header[column];
        std::optional<Field> field = fields[column];
        if (field == kRecordId && ours) field.reset();
        // A second column for the same field (Phone and Phone Number) is ignored: the first wins.
        if (field && m_column_of_field[*field] < 0) {
            m_column_of_field[*field] = static_cast<int>(column);
            continue;
        }
        if (!name.empty() && ignored.insert(name).second) m_ignored.push_back(name);
    }
    if (m_column_of_field[kEmail] < 0) throw DecodeError("header", "no email column (expected a column named Email)");
    if (const int column = m_column_of_field[kRecordId]; column >= 0) {
        auto key_of = [&](Field field) {
            const int at = m_column_of_field[field];
            return at < 0 ? std::string() : std::string(Key(m_header[static_cast<std::size_t>(at)]).View());
        };
        m_crm_source =
            CrmOfRecordColumn(m_header[static_cast<std::size_t>(column)], key_of(kCreatedAt), key_of(kOwner));
    }
}

bool LeadColumns::HasStage() const {
    return m_column_of_field[kStage] >= 0 || m_column_of_field[kLifecycle] >= 0 || m_column_of_field[kStatus] >= 0;
}

Lead LeadColumns::Overlay(std::span<const std::string> fields, const Lead& from_file, Lead lead) const {
    auto has = [&](Field field) { return m_column_of_field[field] >= 0; };
    auto filled = [&](Field field) {
        const int column = m_column_of_field[field];
        return column >= 0 && static_cast<std::size_t>(column) < fields.size() &&
               !TrimView(fields[static_cast<std::size_t>(column)]).empty();
    };
    lead.email = from_file.email;
    if (has(kName) || has(kFirstName) || has(kLastName)) lead.name = from_file.name;
    if (has(kCompany)) lead.company = from_file.company;
    if (has(kTitle)) lead.title = from_file.title;
    if (has(kIndustry)) lead.industry = from_file.industry;
    if (has(kCompanySize)) lead.company_size = from_file.company_size;
    if (has(kCountry)) lead.country = from_file.country;
    if (has(kPhone) || has(kMobile)) lead.phone = from_file.phone;
    if (has(kSource)) lead.source = from_file.source;
    // A reference the file makes and we know; an owner or campaign unknown here is no reason to
    // take the lead's away.
    if (from_file.campaign_id) lead.campaign_id = from_file.campaign_id;
    if (from_file.owner_id) lead.owner_id = from_file.owner_id;
    if (filled(kCreatedAt)) lead.created_at = from_file.created_at;   // empty: ToLead's "now"
    if (has(kBudgetUsd)) lead.budget_usd = from_file.budget_usd;
    if (has(kAuthority)) lead.authority = from_file.authority;
    if (has(kNeed)) lead.need = from_file.need;
    if (has(kTimelineMonths)) lead.timeline_months = from_file.timeline_months;
    if (has(kPageViews)) lead.page_views = from_file.page_views;
    if (has(kDownloads)) lead.downloads = from_file.downloads;
    if (has(kWebinarsAttended)) lead.webinars_attended = from_file.webinars_attended;
    if (has(kEmailClicks)) lead.email_clicks = from_file.email_clicks;
    if (has(kDemoRequested)) lead.demo_requested = from_file.demo_requested;
    if (has(kLastActivityAt)) lead.last_activity_at = from_file.last_activity_at;
    if (has(kDealValue)) lead.deal_value = from_file.deal_value;
    return lead;
}

std::vector<std::size_t> LeadColumns::DateColumns() const {
    std::vector<std::size_t> columns;
    for (Field field : {kCreatedAt, kLastActivityAt})
        if (m_column_of_field[field] >= 0) columns.push_back(static_cast<std::size_t>(m_column_of_field[field]));
    return columns;
}

const std::string& LeadColumns::ColumnName(std::size_t column) const { return m_header[column]; }

Lead LeadColumns::ToLead(std::span<const std::string> fields, Timestamp now) const {
    return ToLead(fields, now, DefaultRules(), nullptr);
}

Lead LeadColumns::ToLead(std::span<const std::string> fields, Timestamp now, const LeadImportRules& rules,
                         std::vector<Coercion>* coerced) const {
    if (fields.size() > m_header.size()) {
        throw DecodeError("row", "has " + std::to_string(fields.size()) + " fields, the header has " +
                                     std::to_string(m_header.size()));
    }
    const Row row(fields, m_column_of_field, m_header, rules, coerced);
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
    lead.company_size = row.CompanySize();
    lead.country.assign(row.Text(kCountry));
    std::string_view phone = row.Text(kPhone, kMaxPhone);
    lead.phone.assign(phone.empty() ? row.Text(kMobile, kMaxPhone) : phone);
    // Another tool's vocabulary must not fail an import: an unknown source is "other", reported.
    if (std::string_view source = row.Cell(kSource); !source.empty()) {
        std::optional<Source> known = Lookup(kSources, source);
        if (!known) row.Coerced(kSource, source, "other", "unknown source");
        lead.source = known.value_or(Source::Other);
    }
    lead.campaign_id = row.Reference(kCampaign, rules.campaign_by_name, "no campaign with this name: left empty");
    lead.owner_id = row.Reference(kOwner, rules.owner_by_reference, "no user with this email or name: left unassigned");
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

    lead.stage = row.StageOf();
    lead.deal_value = row.OptionalNumber(kDealValue);

    // Our crm_id column wins over a CRM's record id column; the source is the cell's, else the one
    // the import names, else the CRM the header shows.
    lead.crm_id.assign(m_column_of_field[kCrmId] >= 0 ? row.Text(kCrmId) : row.Text(kRecordId));
    if (!lead.crm_id.empty()) {
        std::string_view source = row.Text(kCrmSource);
        lead.crm_source.assign(!source.empty() ? source : !rules.crm_source.empty() ? std::string_view(rules.crm_source)
                                                                                      : std::string_view(m_crm_source));
    }
    return lead;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Our export format
// ---------------------------------------------------------------------------------------------

namespace {

constexpr std::string_view kExportColumns[] = {
    "id", "email", "name", "company", "title", "industry", "company_size", "country", "phone", "source",
    "campaign", "owner", "created_at", "budget_usd", "authority", "need", "timeline_months",
    "page_views", "downloads", "webinars_attended", "email_clicks", "demo_requested", "last_activity_at",
    "stage", "deal_value", "score", "level", "crm_source", "crm_id",
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

std::vector<std::string> LeadCsvRecord(const Lead& lead, std::string_view campaign_name, std::string_view owner_email) {
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
    record.emplace_back(campaign_name);
    record.emplace_back(owner_email);
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
    record.push_back(lead.crm_source);
    record.push_back(lead.crm_id);
    return record;
}

}  // namespace tandem
