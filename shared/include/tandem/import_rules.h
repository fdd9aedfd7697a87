// How cells of other tools' exports become lead values: date orders and zone-less times, employee
// ranges, CRM statuses to stages (a default table per CRM, overridable per import), delimiters
// and report footers. Pure; LeadColumns (csv.h) applies them, the importer (native/) chooses them.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tandem/enums.h"
#include "tandem/time.h"
#include "tandem/time_zone.h"

namespace tandem {

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

// How to read numeric dates whose year comes last ("05/03/2024"): month first (US, the default),
// day first (most of Europe), or only year-first dates ("2024-03-05", "2024/03/05") at all.
enum class DateOrder { Mdy, Dmy, Ymd };
std::optional<DateOrder> ParseDateOrder(std::string_view text);   // "mdy", "dmy", "ymd"
std::string_view ToString(DateOrder order);

struct CellDateTime {
    std::int64_t seconds = 0;   // since 1970-01-01 00:00, UTC if `zoned`, else a wall-clock time
    bool zoned = false;         // the text named its offset ("Z", "+02:00")
};

// "2024-03-25", "2024-03-25 14:05", "2024-03-25T14:05:09.000Z", "2024-03-25T14:05:09+01:00",
// "3/25/2024", "25.03.2024 14:05", "3/25/2024 2:05 PM", "03-25-2024, 14:05:09". Year-first dates are
// always year-month-day; the others follow `order` (none are read under Ymd). Impossible dates
// and times give nullopt.
std::optional<CellDateTime> ParseCellDateTime(std::string_view text, DateOrder order);

// What a year-last date proves about the order: a first part over 12 is a day (Dmy), a second
// part over 12 is a day (Mdy); nullopt if it proves nothing or is not such a date.
std::optional<DateOrder> DateOrderEvidence(std::string_view text);

// ---------------------------------------------------------------------------------------------
// Employee counts
// ---------------------------------------------------------------------------------------------

// "1,200" (exact), "100-500", "100 - 500", "100–500", "100 to 500" and "1000+" / "10,001+" (ranges).
struct CompanySizeRange {
    std::int64_t lower = 0;
    std::optional<std::int64_t> upper;   // none: open-ended ("1000+") or an exact number
    bool range = false;
};
std::optional<CompanySizeRange> ParseCompanySize(std::string_view text);

// ---------------------------------------------------------------------------------------------
// Stages
// ---------------------------------------------------------------------------------------------

// Lower-case ASCII letters and digits only: "Closed - Converted" and "closedconverted" are one name.
std::string FoldName(std::string_view text);

// CRM statuses and lifecycle stages to our stages: the overrides of one import first, then the
// default tables (HubSpot lifecycle stages and lead statuses, Salesforce, Zoho and Pipedrive
// lead statuses and labels; documented in docs/integrations.md).
class StageMap {
public:
    StageMap() = default;
    // "Closed - Converted=won,Working=sql": names as the CRM writes them, our stage names.
    // Throws DecodeError("stage_map", ...) for a pair without "=" or an unknown stage.
    static StageMap Parse(std::string_view spec);
    std::optional<Stage> Find(std::string_view value) const;
    std::span<const std::pair<std::string, Stage>> Overrides() const { return m_overrides; }

private:
    std::vector<std::pair<std::string, Stage>> m_overrides;   // folded names
};

// The default table, for the documentation and its test: {crm, value as the CRM writes it, stage}.
struct DefaultStage {
    std::string_view crm;
    std::string_view value;
    Stage stage;
};
std::span<const DefaultStage> DefaultStages();

// Whether an import may move a lead from `current` to `file`: only further down the funnel (new,
// recycled, mql, sales_ready, sql, opportunity, then won, lost and disqualified as its ends). A
// stage not after the current one is kept, and the import says so.
bool StageIsLater(Stage file, Stage current);

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------

// From the first line of a decoded file: the most frequent of ',', ';' and '\t' outside quotes
// (',' on a tie or if there is none).
char DetectDelimiter(std::string_view sample);
// "comma", "semicolon", "tab", or the character itself (",", ";", "\t", "|").
std::optional<char> ParseDelimiter(std::string_view text);
std::string_view DelimiterName(char delimiter);

// A line a CRM report adds below its rows: Salesforce's "Grand Totals (12 records)", "Copyright
// (c) 2000-2024 salesforce.com, inc. ...", "Confidential Information - Do Not Distribute",
// "Generated By: ..."; one filled cell, the rest empty.
bool StartsReportFooter(std::span<const std::string> fields);
// A record with at most one filled cell: what a footer's further lines look like.
bool HasAtMostOneCell(std::span<const std::string> fields);

// ---------------------------------------------------------------------------------------------
// One import's choices, and what it changed
// ---------------------------------------------------------------------------------------------

struct LeadImportRules {
    DateOrder date_order = DateOrder::Mdy;
    TimeZone zone;                       // for times that do not name their offset
    StageMap stages;
    // A user id by email (or a unique name); a campaign id by name. Empty function: no lookup.
    std::function<std::optional<std::int64_t>(std::string_view)> owner_by_reference;
    std::function<std::optional<std::int64_t>(std::string_view)> campaign_by_name;
    // The CRM the file's record ids belong to; empty: the one its header shows.
    std::string crm_source;
};

// A value stored other than as written: the report lists each.
struct Coercion {
    std::string column;
    std::string original;
    std::string stored;
    std::string why;
    bool operator==(const Coercion&) const = default;
};

}  // namespace tandem
