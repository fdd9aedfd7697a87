// The campaign calendar's rules, shared by the server (clashes and results in the API, the
// iCalendar feed) and the dashboard (month grid, timeline, list, filters, the form's preview):
// when two campaigns clash and why, what a campaign has brought so far, which campaigns a filter
// keeps, how bars stack in a month, and the RFC 5545 feed calendar apps subscribe to.
//
// [SECTION] Clashes
// [SECTION] Results
// [SECTION] Months, filters, launches
// [SECTION] Layout: lanes, the month grid, the timeline
// [SECTION] iCalendar (src/calendar_ics.cpp)
// [SECTION] JSON (src/calendar_json.cpp)
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "tandem/campaign.h"
#include "tandem/kpi.h"
#include "tandem/period.h"

namespace tandem {

// ---------------------------------------------------------------------------------------------
// [SECTION] Clashes
// ---------------------------------------------------------------------------------------------

// Two campaigns clash when neither is cancelled, their days (inclusive) overlap and their segments
// intersect. Segments intersect when every dimension does: industries, titles and regions compare
// case-insensitively and an empty list means "all"; company-size ranges overlap, a missing bound
// being open.
struct Clash {
    std::int64_t campaign_id = 0;      // the other campaign
    std::string campaign_name;
    Date from = 0;                     // the days both run, inclusive
    Date to = 0;
    // "Both run Jan 12 – Jan 14, 2027 and target industries fintech; regions US"
    std::string reason;

    bool operator==(const Clash&) const = default;
};

// The audience both segments reach (lists in a's spelling and order, empty = all; the tighter
// size bounds), or nullopt if some dimension does not intersect.
std::optional<Segment> SegmentOverlap(const Segment& a, const Segment& b);
// a's clash with b, the reason worded from a's side; nullopt if they do not clash.
std::optional<Clash> Clashes(const Campaign& a, const Campaign& b);
// `campaign`'s clashes with the others in `all` (a campaign with the same non-zero id is itself
// and skipped), by first shared day, then the other's id.
std::vector<Clash> ClashesFor(const Campaign& campaign, std::span<const Campaign> all);

// "industries fintech, software; titles CFO; regions US; 200–2,000 employees", "everyone".
std::string DescribeSegment(const Segment& segment);
// "Jan 12, 2027", "Jan 12 – Jan 14, 2027", "Dec 30, 2026 – Jan 2, 2027".
std::string FormatDayRange(Date from, Date to);

// ---------------------------------------------------------------------------------------------
// [SECTION] Results
// ---------------------------------------------------------------------------------------------

// What a campaign's leads (those with its campaign_id) have done by now: how many there are and
// how many ever entered mql, sql and won ("entered" as the KPIs read it: a stage-history row into
// the stage, so a lead that skipped a stage never entered it), and the deal value of those won.
struct CampaignResults {
    std::int64_t leads = 0;
    std::int64_t mqls = 0;
    std::int64_t sqls = 0;
    std::int64_t won = 0;
    std::int64_t revenue = 0;          // whole USD

    bool operator==(const CampaignResults&) const = default;
};

// Every campaign with at least one lead, by id. Rows and leads created after `now` are ignored.
std::map<std::int64_t, CampaignResults> ResultsByCampaign(const FunnelData& funnel, Timestamp now);

// ---------------------------------------------------------------------------------------------
// [SECTION] Months, filters, launches
// ---------------------------------------------------------------------------------------------

// "2026-12" -> the month as a Period [Dec 1, Jan 1); nullopt for anything else.
std::optional<Period> ParseMonth(std::string_view text);
std::string FormatMonth(const Period& month);          // "2026-12"
std::string MonthTitle(const Period& month);           // "December 2026"
std::string_view WeekdayName(Date date);               // "Tuesday"
// "Tuesday 3 March 2026": a day in full, as the date picker names its days to screen readers.
std::string LongDate(Date date);
// The same day `months` later (or earlier), or that month's last day where it is shorter: 31 January
// and one month is 28 or 29 February. The date picker's PageUp and PageDown.
Date AddMonths(Date date, int months);

// "Webinar", "Product launch", ...
std::string CampaignTypeLabel(CampaignType type);
std::string CampaignStatusLabel(CampaignStatus status);   // "Planned", "Live", "Done", "Cancelled"

// One value a segment filter asks about, written "industry:fintech", "title:CFO", "region:US".
struct SegmentTerm {
    enum class Dimension { Industry, Title, Region };
    Dimension dimension = Dimension::Industry;
    std::string value;

    bool operator==(const SegmentTerm&) const = default;
};
std::optional<SegmentTerm> ParseSegmentTerm(std::string_view text);
std::string FormatSegmentTerm(const SegmentTerm& term);
// Whether a campaign for `segment` reaches people with this value: its list for the dimension
// holds the value (case-insensitively) or is empty (everyone).
bool Reaches(const Segment& segment, const SegmentTerm& term);
// Every value the campaigns' segments name, by dimension, then value (case-insensitively),
// without case-insensitive duplicates: the choices of the segment filter.
std::vector<SegmentTerm> SegmentTerms(std::span<const Campaign> campaigns);

struct CalendarFilter {
    std::optional<CampaignType> type;
    std::optional<CampaignStatus> status;
    std::optional<std::int64_t> owner_id;
    std::optional<SegmentTerm> segment;
    std::string text;                  // in the name, offer, description or notes for sales

    bool Empty() const { return !type && !status && !owner_id && !segment && text.empty(); }
};
bool Matches(const Campaign& campaign, const CalendarFilter& filter);

// Sales' early warning: not cancelled, and starting from `today` to `days` days ahead (inclusive).
inline constexpr int kLaunchWindowDays = 14;
bool LaunchesSoon(const Campaign& campaign, Date today, int days = kLaunchWindowDays);

// ---------------------------------------------------------------------------------------------
// [SECTION] Layout: lanes, the month grid, the timeline
// ---------------------------------------------------------------------------------------------

// Stacks the campaigns' days within [from, to] (inclusive) into lanes: in order of their first
// day there (longer first on ties, then by id), each takes the lowest lane that is free on all of
// its days there. One lane per campaign, -1 for campaigns outside the range.
std::vector<int> StackLanes(std::span<const Campaign> campaigns, Date from, Date to);

// A month as the calendar draws it: whole weeks, Monday first, from the week of the 1st to the
// week of the last day.
struct MonthGrid {
    Period month;
    Date first = 0;                    // the Monday on or before the 1st
    int weeks = 0;                     // 4 to 6
};
MonthGrid MonthGridFor(const Period& month);

// One piece of a campaign's bar: the part of it within one week row.
struct GridBar {
    std::size_t campaign = 0;          // index into the campaigns laid out
    int week = 0;                      // row, 0 = first
    int first_column = 0;              // 0 = Monday
    int last_column = 0;               // inclusive
    int lane = 0;                      // stacked within its week
    bool continues_before = false;     // the campaign started in an earlier week
    bool continues_after = false;      // ... and goes on after this one
};

struct MonthLayout {
    MonthGrid grid;
    std::vector<GridBar> bars;         // by week, then lane
    std::vector<int> lanes;            // per week: how many lanes its bars use
};
// Each week is stacked on its own (StackLanes), so a busy week does not push the others apart.
MonthLayout LayoutMonth(const Period& month, std::span<const Campaign> campaigns);

// The timeline: kTimelineWeeks whole weeks from the Monday of the month's first week.
inline constexpr int kTimelineWeeks = 9;
Period TimelineFor(const Period& month);

// ---------------------------------------------------------------------------------------------
// [SECTION] iCalendar (src/calendar_ics.cpp)
// ---------------------------------------------------------------------------------------------

// RFC 5545 TEXT: backslash, semicolon and comma escaped, line breaks as \n, other control
// characters dropped.
std::string IcsEscape(std::string_view text);
// One content line folded at 75 octets (never inside a UTF-8 sequence), continuation lines
// starting with a space, ended with CRLF.
std::string IcsFold(std::string_view line);

struct IcsOptions {
    std::string base_url;                           // "https://tandem.example.com", for URL
    std::string installation;                       // the installation's id, for globally unique UIDs
    std::string calendar_name = "Tandem campaigns";
    std::map<std::int64_t, std::string> owner_names;
};

// The whole feed: one all-day VEVENT per campaign with a stable UID that no other installation
// shares (campaign-<id>@<installation>.tandem),
// DTSTART/DTEND as dates (DTEND the day after the last), SEQUENCE = revision - 1, DTSTAMP and
// LAST-MODIFIED = updated_at (so an unchanged plan gives the same bytes), STATUS TENTATIVE
// (planned), CONFIRMED (live, done) or CANCELLED, CATEGORIES the type, TRANSP TRANSPARENT (a
// campaign does not make anyone busy), URL to the campaign in the dashboard.
std::string IcsCalendar(std::span<const Campaign> campaigns, const IcsOptions& options);
// The DESCRIPTION's text before escaping: offer, audience, notes for sales, owner, goal, status,
// the description and the link, one per line, empty ones left out.
std::string IcsDescription(const Campaign& campaign, const IcsOptions& options);
std::string CampaignUrl(const std::string& base_url, std::int64_t id);   // ".../#/campaigns/31"

// ---------------------------------------------------------------------------------------------
// [SECTION] JSON (src/calendar_json.cpp)
// ---------------------------------------------------------------------------------------------

// A campaign as the API sends it: its members (campaign.h's ToJson) plus "results" and "clashes".
struct CampaignView {
    Campaign campaign;
    CampaignResults results;
    std::vector<Clash> clashes;
};

nlohmann::json ToJson(const CampaignResults& results);
nlohmann::json ToJson(const Clash& clash);
nlohmann::json ToJson(const CampaignView& view);
// Strict, as the other server-JSON decoders: every member required, unknown ones refused.
CampaignView CampaignViewFromServerJson(const nlohmann::json& in);

// A user's calendar feed: whether one exists, and its URL only in the answer that created it
// (the server keeps only a hash of the token in it).
struct CalendarFeed {
    bool active = false;
    std::optional<Timestamp> created_at;
    std::optional<Timestamp> last_used_at;
    std::optional<std::string> url;           // "https://host/api/calendar.ics?token=..."
    std::optional<std::string> webcal_url;    // the same as webcal://, which opens calendar apps

    bool operator==(const CalendarFeed&) const = default;
};
nlohmann::json ToJson(const CalendarFeed& feed);
CalendarFeed CalendarFeedFromServerJson(const nlohmann::json& in);

}  // namespace tandem
