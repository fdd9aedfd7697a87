// The calendar's rules on hand-worked cases: when campaigns clash and the reason given, results
// per campaign, filters, months, the stacking of bars and the iCalendar text.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tandem/calendar.h"
#include "tandem/codec.h"

namespace {

using namespace tandem;

Date Day(const char* text) { return *ParseDate(text); }

Campaign Plan(std::int64_t id, const char* start, const char* end, Segment segment = {},
              CampaignStatus status = CampaignStatus::Planned) {
    Campaign campaign;
    campaign.id = id;
    campaign.name = "Campaign " + std::to_string(id);
    campaign.start = Day(start);
    campaign.end = Day(end);
    campaign.segment = std::move(segment);
    campaign.status = status;
    return campaign;
}

Segment Industries(std::vector<std::string> industries) {
    Segment segment;
    segment.industries = std::move(industries);
    return segment;
}

Segment Sizes(std::optional<std::int64_t> min, std::optional<std::int64_t> max) {
    Segment segment;
    segment.company_size_min = min;
    segment.company_size_max = max;
    return segment;
}

std::string ReasonOf(const Campaign& a, const Campaign& b) {
    std::optional<Clash> clash = Clashes(a, b);
    return clash ? clash->reason : "no clash";
}

}  // namespace

// [SECTION] Clashes

TEST_CASE("two same-day campaigns for everyone clash on that day") {
    Campaign a = Plan(1, "2027-01-12", "2027-01-12");
    Campaign b = Plan(2, "2027-01-12", "2027-01-12");
    std::optional<Clash> clash = Clashes(a, b);
    REQUIRE(clash);
    CHECK(clash->campaign_id == 2);
    CHECK(clash->campaign_name == "Campaign 2");
    CHECK(clash->from == Day("2027-01-12"));
    CHECK(clash->to == Day("2027-01-12"));
    CHECK(clash->reason == "Both run Jan 12, 2027 and target everyone");
}

TEST_CASE("dates clash only when they share a day: the last day of one and the first of the next do not") {
    CHECK(ReasonOf(Plan(1, "2027-01-10", "2027-01-12"), Plan(2, "2027-01-13", "2027-01-20")) == "no clash");
    CHECK(ReasonOf(Plan(1, "2027-01-13", "2027-01-20"), Plan(2, "2027-01-10", "2027-01-12")) == "no clash");
    // Ends are inclusive: sharing the 12th is a clash on the 12th alone.
    std::optional<Clash> edge = Clashes(Plan(1, "2027-01-10", "2027-01-12"), Plan(2, "2027-01-12", "2027-01-20"));
    REQUIRE(edge);
    CHECK(edge->from == Day("2027-01-12"));
    CHECK(edge->to == Day("2027-01-12"));
    // One inside the other: the inner one's days.
    CHECK(ReasonOf(Plan(1, "2027-01-01", "2027-01-31"), Plan(2, "2027-01-12", "2027-01-14")) ==
          "Both run Jan 12 – Jan 14, 2027 and target everyone");
    CHECK(ReasonOf(Plan(1, "2026-12-20", "2027-01-02"), Plan(2, "2026-12-30", "2027-01-10")) ==
          "Both run Dec 30, 2026 – Jan 2, 2027 and target everyone");
}

TEST_CASE("cancelled campaigns never clash, on either side") {
    Campaign live = Plan(1, "2027-01-12", "2027-01-14", {}, CampaignStatus::Live);
    Campaign cancelled = Plan(2, "2027-01-12", "2027-01-14", {}, CampaignStatus::Cancelled);
    CHECK_FALSE(Clashes(live, cancelled));
    CHECK_FALSE(Clashes(cancelled, live));
    CHECK_FALSE(Clashes(cancelled, cancelled));
    // Done and live ones still do: the plan's history keeps its overlaps.
    CHECK(Clashes(Plan(3, "2027-01-12", "2027-01-12", {}, CampaignStatus::Done), live));
}

TEST_CASE("an empty list is everyone: the other side's list is the audience they share") {
    CHECK(ReasonOf(Plan(1, "2027-01-12", "2027-01-12"), Plan(2, "2027-01-12", "2027-01-12", Industries({"Fintech"}))) ==
          "Both run Jan 12, 2027 and target industries Fintech");
    CHECK(ReasonOf(Plan(1, "2027-01-12", "2027-01-12", Industries({"Fintech", "Retail"})), Plan(2, "2027-01-12", "2027-01-12")) ==
          "Both run Jan 12, 2027 and target industries Fintech, Retail");
}

TEST_CASE("segment values compare without case, and the reason keeps the asking campaign's spelling") {
    Campaign a = Plan(1, "2027-01-12", "2027-01-12", Industries({"FinTech", "retail", "fintech"}));
    Campaign b = Plan(2, "2027-01-12", "2027-01-12", Industries({"software", "FINTECH"}));
    CHECK(ReasonOf(a, b) == "Both run Jan 12, 2027 and target industries FinTech");
    CHECK(ReasonOf(b, a) == "Both run Jan 12, 2027 and target industries FINTECH");
}

TEST_CASE("every dimension must intersect: industries, titles, regions and sizes") {
    Segment retail_us;
    retail_us.industries = {"retail"};
    retail_us.regions = {"US", "GB"};
    retail_us.titles = {"CEO", "COO"};
    Segment retail_de = retail_us;
    retail_de.regions = {"DE"};
    Segment software_us = retail_us;
    software_us.industries = {"software"};
    Segment retail_cfo = retail_us;
    retail_cfo.titles = {"CFO"};
    Segment retail_gb = Industries({"Retail"});
    retail_gb.regions = {"gb", "fr"};
    Campaign a = Plan(1, "2027-03-01", "2027-03-05", retail_us);
    CHECK(ReasonOf(a, Plan(2, "2027-03-01", "2027-03-05", retail_de)) == "no clash");
    CHECK(ReasonOf(a, Plan(3, "2027-03-01", "2027-03-05", software_us)) == "no clash");
    CHECK(ReasonOf(a, Plan(4, "2027-03-01", "2027-03-05", retail_cfo)) == "no clash");
    CHECK(ReasonOf(a, Plan(5, "2027-03-04", "2027-03-09", retail_gb)) ==
          "Both run Mar 4 – Mar 5, 2027 and target industries retail; titles CEO, COO; regions GB");
}

TEST_CASE("company sizes overlap when their ranges do; a missing bound is open") {
    auto reason = [](Segment a, Segment b) {
        return ReasonOf(Plan(1, "2027-01-12", "2027-01-12", std::move(a)), Plan(2, "2027-01-12", "2027-01-12", std::move(b)));
    };
    CHECK(reason(Sizes(50, 500), Sizes(500, std::nullopt)) == "Both run Jan 12, 2027 and target 500 employees");
    CHECK(reason(Sizes(50, 499), Sizes(500, std::nullopt)) == "no clash");
    CHECK(reason(Sizes(1000, std::nullopt), Sizes(std::nullopt, 5000)) ==
          "Both run Jan 12, 2027 and target 1,000–5,000 employees");
    CHECK(reason(Sizes(std::nullopt, 5000), Sizes(std::nullopt, 200)) == "Both run Jan 12, 2027 and target up to 200 employees");
    CHECK(reason(Sizes(1000, std::nullopt), Sizes(200, std::nullopt)) == "Both run Jan 12, 2027 and target 1,000+ employees");
    CHECK(reason(Sizes(std::nullopt, std::nullopt), Sizes(10, 20)) == "Both run Jan 12, 2027 and target 10–20 employees");
    CHECK(reason(Sizes(6000, std::nullopt), Sizes(std::nullopt, 5000)) == "no clash");
}

TEST_CASE("a campaign's clashes skip itself, and come by first shared day, then id") {
    std::vector<Campaign> all = {
        Plan(4, "2027-01-20", "2027-01-25"),
        Plan(2, "2027-01-14", "2027-01-30"),
        Plan(3, "2027-01-14", "2027-01-14"),
        Plan(1, "2027-01-10", "2027-01-20"),
        Plan(5, "2027-02-01", "2027-02-02"),                                   // after
        Plan(6, "2027-01-15", "2027-01-16", {}, CampaignStatus::Cancelled),   // cancelled
    };
    std::vector<Clash> clashes = ClashesFor(all[3], all);
    REQUIRE(clashes.size() == 3);
    CHECK(clashes[0].campaign_id == 2);
    CHECK(clashes[1].campaign_id == 3);
    CHECK(clashes[2].campaign_id == 4);
    CHECK(clashes[0].reason == "Both run Jan 14 – Jan 20, 2027 and target everyone");
    CHECK(clashes[2].reason == "Both run Jan 20, 2027 and target everyone");
    // A campaign not saved yet (id 0), as the form previews it, is compared with all of them.
    Campaign draft = Plan(0, "2027-01-25", "2027-02-01");
    std::vector<Clash> previewed = ClashesFor(draft, all);
    REQUIRE(previewed.size() == 3);
    CHECK(previewed[0].campaign_id == 2);
    CHECK(previewed[1].campaign_id == 4);
    CHECK(previewed[2].campaign_id == 5);
    CHECK(previewed[2].from == Day("2027-02-01"));
}

TEST_CASE("segments and day ranges read as people say them") {
    CHECK(DescribeSegment({}) == "everyone");
    Segment full;
    full.industries = {"fintech", "software"};
    full.titles = {"CFO"};
    full.regions = {"US"};
    full.company_size_min = 200;
    full.company_size_max = 2000;
    CHECK(DescribeSegment(full) == "industries fintech, software; titles CFO; regions US; 200–2,000 employees");
    CHECK(FormatDayRange(Day("2027-01-12"), Day("2027-01-12")) == "Jan 12, 2027");
    CHECK(FormatDayRange(Day("2027-01-12"), Day("2027-02-03")) == "Jan 12 – Feb 3, 2027");
    CHECK(FormatDayRange(Day("2026-12-30"), Day("2027-01-02")) == "Dec 30, 2026 – Jan 2, 2027");
}

// [SECTION] Results

TEST_CASE("results count each campaign's leads and the stages they ever entered, by now") {
    const Timestamp now = StartOf(Day("2026-11-20"));
    auto event = [](Timestamp at, Stage to, bool has_from = true) {
        FunnelEvent e;
        e.at = at;
        e.to = to;
        e.has_from = has_from;
        return e;
    };
    auto lead = [](std::int64_t id, std::int64_t campaign, Timestamp created, std::int64_t deal = 0) {
        FunnelLead l;
        l.id = id;
        l.campaign_id = campaign;
        l.created_at = created;
        l.deal_value = deal;
        return l;
    };
    const Timestamp t = StartOf(Day("2026-11-01"));
    const Timestamp h = 3600;
    FunnelData funnel;
    // Through the whole funnel and won: every count, and its deal value.
    funnel.Add(lead(1, 7, t, 5000), std::vector<FunnelEvent>{event(t, Stage::New, false), event(t + h, Stage::Mql),
                                                              event(t + 2 * h, Stage::SalesReady), event(t + 3 * h, Stage::Sql),
                                                              event(t + 4 * h, Stage::Opportunity), event(t + 5 * h, Stage::Won)});
    // Created as an mql, recycled and qualified again: one mql, never an sql.
    FunnelEvent contact = event(t + 3 * h, Stage::Mql);
    contact.kind = FunnelEvent::Kind::Contact;
    funnel.Add(lead(2, 7, t), std::vector<FunnelEvent>{event(t, Stage::Mql, false), event(t + h, Stage::SalesReady),
                                                       event(t + 2 * h, Stage::Recycled), contact, event(t + 4 * h, Stage::Mql)});
    // Straight to sales-ready (it never entered mql), accepted, won only after now.
    funnel.Add(lead(3, 7, t, 9000), std::vector<FunnelEvent>{event(t, Stage::SalesReady, false), event(t + h, Stage::Sql),
                                                             event(t + 2 * h, Stage::Opportunity), event(now + h, Stage::Won)});
    // Created after now: not there yet. No campaign: nobody's.
    funnel.Add(lead(4, 9, now + 1), std::vector<FunnelEvent>{event(now + 1, Stage::New, false)});
    funnel.Add(lead(5, 0, t), std::vector<FunnelEvent>{event(t, Stage::Won, false)});
    funnel.Add(lead(6, 9, now), std::vector<FunnelEvent>{event(now, Stage::New, false)});

    std::map<std::int64_t, CampaignResults> results = ResultsByCampaign(funnel, now);
    REQUIRE(results.size() == 2);
    CHECK(results[7] == CampaignResults{3, 2, 2, 1, 5000});
    CHECK(results[9] == CampaignResults{1, 0, 0, 0, 0});
    CHECK(ResultsByCampaign(funnel, now + h)[7] == CampaignResults{3, 2, 2, 2, 14000});
    CHECK(ResultsByCampaign(funnel, t - 1).empty());
}

// [SECTION] Months, filters, launches

TEST_CASE("months parse from the URL's YYYY-MM and nothing else") {
    std::optional<Period> december = ParseMonth("2026-12");
    REQUIRE(december);
    CHECK(december->from == Day("2026-12-01"));
    CHECK(december->to == Day("2027-01-01"));
    CHECK(FormatMonth(*december) == "2026-12");
    CHECK(MonthTitle(*december) == "December 2026");
    for (const char* bad : {"2026-13", "2026-1", "2026-12-01", "", "december", "2026/12", "2026-00"}) {
        INFO(bad);
        CHECK_FALSE(ParseMonth(bad));
    }
}

TEST_CASE("a day in full names its weekday, day, month and year, across leap days and year ends") {
    CHECK(WeekdayName(Day("2026-03-02")) == "Monday");
    CHECK(WeekdayName(Day("2026-03-08")) == "Sunday");
    CHECK(WeekdayName(Day("1970-01-01")) == "Thursday");
    CHECK(WeekdayName(Day("1969-12-31")) == "Wednesday");   // before the epoch: negative day numbers
    CHECK(LongDate(Day("2026-03-03")) == "Tuesday 3 March 2026");
    CHECK(LongDate(Day("2028-02-29")) == "Tuesday 29 February 2028");
    CHECK(LongDate(Day("2026-12-31")) == "Thursday 31 December 2026");
    CHECK(LongDate(Day("2027-01-01")) == "Friday 1 January 2027");
}

TEST_CASE("a month later is the same day, or the month's last where it is shorter") {
    CHECK(AddMonths(Day("2026-03-15"), 1) == Day("2026-04-15"));
    CHECK(AddMonths(Day("2026-03-15"), -1) == Day("2026-02-15"));
    CHECK(AddMonths(Day("2026-01-31"), 1) == Day("2026-02-28"));
    CHECK(AddMonths(Day("2028-01-31"), 1) == Day("2028-02-29"));
    CHECK(AddMonths(Day("2026-03-31"), -1) == Day("2026-02-28"));
    CHECK(AddMonths(Day("2026-12-10"), 1) == Day("2027-01-10"));
    CHECK(AddMonths(Day("2027-01-10"), -1) == Day("2026-12-10"));
    CHECK(AddMonths(Day("2028-02-29"), 12) == Day("2029-02-28"));
    CHECK(AddMonths(Day("2026-05-31"), -12) == Day("2025-05-31"));
    CHECK(AddMonths(Day("1970-01-15"), -1) == Day("1969-12-15"));   // before the epoch
    CHECK(AddMonths(Day("2026-07-04"), 0) == Day("2026-07-04"));
}

TEST_CASE("type and status labels") {
    CHECK(CampaignTypeLabel(CampaignType::ProductLaunch) == "Product launch");
    CHECK(CampaignTypeLabel(CampaignType::Webinar) == "Webinar");
    CHECK(CampaignStatusLabel(CampaignStatus::Cancelled) == "Cancelled");
}

TEST_CASE("a segment filter keeps the campaigns that reach that value, open lists included") {
    CHECK(ParseSegmentTerm("industry:fintech") == SegmentTerm{SegmentTerm::Dimension::Industry, "fintech"});
    CHECK(ParseSegmentTerm("title: VP Sales ") == SegmentTerm{SegmentTerm::Dimension::Title, "VP Sales"});
    CHECK(ParseSegmentTerm("region:US") == SegmentTerm{SegmentTerm::Dimension::Region, "US"});
    CHECK_FALSE(ParseSegmentTerm("industry:"));
    CHECK_FALSE(ParseSegmentTerm("sector:retail"));
    CHECK_FALSE(ParseSegmentTerm("fintech"));
    CHECK(FormatSegmentTerm({SegmentTerm::Dimension::Title, "CFO"}) == "title:CFO");

    SegmentTerm fintech{SegmentTerm::Dimension::Industry, "FINTECH"};
    CHECK(Reaches(Industries({"fintech", "software"}), fintech));
    CHECK(Reaches(Industries({}), fintech));
    CHECK_FALSE(Reaches(Industries({"retail"}), fintech));
    CHECK(Reaches(Industries({"retail"}), SegmentTerm{SegmentTerm::Dimension::Region, "US"}));

    Segment a = Industries({"software", "Fintech"});
    a.regions = {"US"};
    Segment b = Industries({"fintech", "retail"});
    b.titles = {"CFO"};
    std::vector<Campaign> campaigns = {Plan(1, "2027-01-01", "2027-01-01", a), Plan(2, "2027-01-01", "2027-01-01", b)};
    std::vector<SegmentTerm> terms = SegmentTerms(campaigns);
    std::vector<std::string> written;
    for (const SegmentTerm& term : terms) written.push_back(FormatSegmentTerm(term));
    CHECK(written == std::vector<std::string>{"industry:Fintech", "industry:retail", "industry:software", "title:CFO", "region:US"});
}

TEST_CASE("the calendar filter combines type, status, owner, segment and text") {
    Campaign webinar = Plan(1, "2027-01-12", "2027-01-12", Industries({"fintech"}));
    webinar.name = "Fraud Signals Webinar";
    webinar.type = CampaignType::Webinar;
    webinar.owner_id = 4;
    webinar.offer = "Checklist";
    webinar.sales_notes = "Ask about their core banking system";
    CalendarFilter filter;
    CHECK(filter.Empty());
    CHECK(Matches(webinar, filter));
    filter.type = CampaignType::Webinar;
    filter.status = CampaignStatus::Planned;
    filter.owner_id = 4;
    filter.segment = SegmentTerm{SegmentTerm::Dimension::Industry, "Fintech"};
    filter.text = "  CORE banking ";
    CHECK_FALSE(filter.Empty());
    CHECK(Matches(webinar, filter));
    CalendarFilter other = filter;
    other.type = CampaignType::Event;
    CHECK_FALSE(Matches(webinar, other));
    other = filter;
    other.status = CampaignStatus::Live;
    CHECK_FALSE(Matches(webinar, other));
    other = filter;
    other.owner_id = 5;
    CHECK_FALSE(Matches(webinar, other));
    other = filter;
    other.segment = SegmentTerm{SegmentTerm::Dimension::Industry, "retail"};
    CHECK_FALSE(Matches(webinar, other));
    other = filter;
    other.text = "checklist";   // the offer
    CHECK(Matches(webinar, other));
    other.text = "signals web";   // the name
    CHECK(Matches(webinar, other));
    other.text = "podcast";
    CHECK_FALSE(Matches(webinar, other));
    Campaign unowned = webinar;
    unowned.owner_id.reset();
    CHECK_FALSE(Matches(unowned, filter));
}

TEST_CASE("launching soon: not cancelled, starting today up to 14 days ahead") {
    Date today = Day("2027-01-10");
    CHECK(LaunchesSoon(Plan(1, "2027-01-10", "2027-01-30"), today));
    CHECK(LaunchesSoon(Plan(1, "2027-01-24", "2027-01-24"), today));
    CHECK_FALSE(LaunchesSoon(Plan(1, "2027-01-25", "2027-01-25"), today));
    CHECK_FALSE(LaunchesSoon(Plan(1, "2027-01-09", "2027-01-30"), today));   // already running
    CHECK_FALSE(LaunchesSoon(Plan(1, "2027-01-12", "2027-01-12", {}, CampaignStatus::Cancelled), today));
    CHECK(LaunchesSoon(Plan(1, "2027-01-12", "2027-01-12", {}, CampaignStatus::Live), today));
    CHECK(LaunchesSoon(Plan(1, "2027-01-13", "2027-01-13"), today, 3));
    CHECK_FALSE(LaunchesSoon(Plan(1, "2027-01-14", "2027-01-14"), today, 3));
}

// [SECTION] Layout

TEST_CASE("lanes: by first day, longer first on ties, then id; each takes the lowest free lane") {
    std::vector<Campaign> campaigns = {
        Plan(5, "2027-01-03", "2027-01-05"),
        Plan(3, "2027-01-03", "2027-01-10"),
        Plan(4, "2027-01-03", "2027-01-05"),
        Plan(6, "2027-01-06", "2027-01-07"),
        Plan(7, "2027-02-03", "2027-02-05"),   // outside
        Plan(8, "2027-01-05", "2027-01-05"),
    };
    // Order 3 (longest), 4, 5, 8, 6: 3 -> 0, 4 -> 1, 5 -> 2, 8 -> 3 (all three still run on the 5th),
    // 6 -> 1 (lane 1 is free from the 6th).
    CHECK(StackLanes(campaigns, Day("2027-01-01"), Day("2027-01-31")) == std::vector<int>{2, 0, 1, 1, -1, 3});
    // Clipped to a range that starts on the 5th: all four begin there; lengths decide.
    CHECK(StackLanes(campaigns, Day("2027-01-05"), Day("2027-01-06")) == std::vector<int>{2, 0, 1, 1, -1, 3});
    CHECK(StackLanes(campaigns, Day("2027-01-06"), Day("2027-01-07")) == std::vector<int>{-1, 0, -1, 1, -1, -1});
}

TEST_CASE("month grids are whole Monday-first weeks") {
    MonthGrid december = MonthGridFor(*ParseMonth("2026-12"));   // Tue Dec 1 to Thu Dec 31
    CHECK(december.first == Day("2026-11-30"));
    CHECK(december.weeks == 5);
    MonthGrid february = MonthGridFor(*ParseMonth("2027-02"));   // Mon Feb 1 to Sun Feb 28
    CHECK(february.first == Day("2027-02-01"));
    CHECK(february.weeks == 4);
    MonthGrid may = MonthGridFor(*ParseMonth("2027-05"));        // Sat May 1 to Mon May 31
    CHECK(may.first == Day("2027-04-26"));
    CHECK(may.weeks == 6);
    Period timeline = TimelineFor(*ParseMonth("2026-12"));
    CHECK(timeline.from == Day("2026-11-30"));
    CHECK(timeline.to == Day("2027-02-01"));
}

TEST_CASE("a month's bars are cut at week ends and stacked per week") {
    std::vector<Campaign> campaigns = {
        Plan(1, "2026-11-25", "2026-12-02"),   // A: from the month before
        Plan(2, "2026-12-02", "2026-12-09"),   // B: across a week end
        Plan(3, "2026-12-03", "2026-12-03"),   // C: one day, fits under A's end
        Plan(4, "2026-12-31", "2027-01-05"),   // D: into next month's days of the last week
        Plan(5, "2027-01-10", "2027-01-12"),   // E: not shown
    };
    MonthLayout layout = LayoutMonth(*ParseMonth("2026-12"), campaigns);
    CHECK(layout.grid.weeks == 5);
    CHECK(layout.lanes == std::vector<int>{2, 1, 0, 0, 1});
    struct Expected {
        std::size_t campaign;
        int week, first, last, lane;
        bool before, after;
    };
    const Expected expected[] = {
        {0, 0, 0, 2, 0, true, false},
        {2, 0, 3, 3, 0, false, false},
        {1, 0, 2, 6, 1, false, true},
        {1, 1, 0, 2, 0, true, false},
        {3, 4, 3, 6, 0, false, true},
    };
    REQUIRE(layout.bars.size() == std::size(expected));
    for (std::size_t i = 0; i < layout.bars.size(); ++i) {
        INFO("bar ", i);
        const GridBar& bar = layout.bars[i];
        CHECK(bar.campaign == expected[i].campaign);
        CHECK(bar.week == expected[i].week);
        CHECK(bar.first_column == expected[i].first);
        CHECK(bar.last_column == expected[i].last);
        CHECK(bar.lane == expected[i].lane);
        CHECK(bar.continues_before == expected[i].before);
        CHECK(bar.continues_after == expected[i].after);
    }
}

// [SECTION] iCalendar

TEST_CASE("iCalendar text escapes backslashes, semicolons, commas and line breaks") {
    CHECK(IcsEscape("a,b;c\\d\ne\r\nf\rg\th\x01i\x7fj") == "a\\,b\\;c\\\\d\\ne\\nf\\ng\thij");
    CHECK(IcsEscape("Café – naïve") == "Café – naïve");
    CHECK(IcsEscape("") == "");
}

TEST_CASE("iCalendar lines fold at 75 octets, never inside a UTF-8 character") {
    std::string exact(75, 'a');
    CHECK(IcsFold(exact) == exact + "\r\n");
    CHECK(IcsFold(exact + "b") == exact + "\r\n b\r\n");
    // 75 + 74 + 51 octets.
    std::string long_line(200, 'x');
    CHECK(IcsFold(long_line) == std::string(75, 'x') + "\r\n " + std::string(74, 'x') + "\r\n " + std::string(51, 'x') + "\r\n");
    // The 75th octet would be the first half of "é": the line breaks before it.
    std::string accented = std::string(74, 'a') + "é";
    CHECK(IcsFold(accented) == std::string(74, 'a') + "\r\n é\r\n");
    // A euro sign (3 octets) straddling the second fold.
    std::string euro = std::string(75 + 72, 'b') + "€";
    CHECK(IcsFold(euro) == std::string(75, 'b') + "\r\n " + std::string(72, 'b') + "\r\n €\r\n");
}

namespace {

// Unfolds (RFC 5545 3.1) independently of IcsFold: CRLF followed by a space joins lines.
std::vector<std::string> Unfold(const std::string& text, std::size_t& longest) {
    std::vector<std::string> physical;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find("\r\n", start);
        REQUIRE(end != std::string::npos);   // every line ends with CRLF
        physical.push_back(text.substr(start, end - start));
        start = end + 2;
    }
    std::vector<std::string> logical;
    longest = 0;
    for (const std::string& line : physical) {
        longest = std::max(longest, line.size());
        if (!line.empty() && line[0] == ' ') logical.back() += line.substr(1);
        else logical.push_back(line);
    }
    return logical;
}

}  // namespace

TEST_CASE("the feed has one all-day event per campaign, every field as calendar apps read it") {
    Campaign campaign = Plan(31, "2027-01-12", "2027-01-14");
    campaign.name = "Retail, Spring; Webinar";
    campaign.type = CampaignType::ProductLaunch;
    campaign.owner_id = 4;
    campaign.segment.industries = {"retail"};
    campaign.segment.regions = {"US", "GB"};
    campaign.segment.company_size_min = 200;
    campaign.offer = "Free trial, 30 days";
    campaign.goal_leads = 1500;
    campaign.description = "Line one\nLine two";
    campaign.sales_notes = "Call within 24h; mention the ROI calculator";
    campaign.created_at = 1795599000;                // 2026-11-25T09:30:00Z
    campaign.updated_at = 1795599000 + 3600 + 61;    // 10:31:01
    campaign.revision = 3;
    Campaign cancelled = Plan(7, "2026-12-31", "2026-12-31", {}, CampaignStatus::Cancelled);
    cancelled.created_at = cancelled.updated_at = 1795599000;
    Campaign live = Plan(8, "2027-02-01", "2027-02-28", {}, CampaignStatus::Live);
    live.created_at = live.updated_at = 1795599000;
    live.owner_id = 99;   // not in the directory
    IcsOptions options;
    options.base_url = "https://tandem.example.com";
    options.installation = "0f3c2a9d81b64e5f9a7c6d5e4b3a2918";
    options.owner_names = {{4, "Mark Marketer"}};
    const std::vector<Campaign> campaigns = {campaign, cancelled, live};
    std::string feed = IcsCalendar(campaigns, options);

    std::size_t longest = 0;
    std::vector<std::string> lines = Unfold(feed, longest);
    CHECK(longest <= 75);
    const std::vector<std::string> expected = {
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        std::string("PRODID:-//Tandem//Campaign calendar ") + TANDEM_VERSION + "//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "NAME:Tandem campaigns",
        "X-WR-CALNAME:Tandem campaigns",
        "X-WR-CALDESC:Every campaign marketing plans\\, with its audience\\, offer and notes for sales.",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
        "BEGIN:VEVENT",
        "UID:campaign-31@0f3c2a9d81b64e5f9a7c6d5e4b3a2918.tandem",
        "DTSTAMP:20261125T103101Z",
        "CREATED:20261125T093000Z",
        "LAST-MODIFIED:20261125T103101Z",
        "SEQUENCE:2",
        "DTSTART;VALUE=DATE:20270112",
        "DTEND;VALUE=DATE:20270115",
        "SUMMARY:Retail\\, Spring\\; Webinar",
        "DESCRIPTION:Offer: Free trial\\, 30 days\\nAudience: industries retail\\; regions US\\, GB\\; "
        "200+ employees\\nNotes for sales: Call within 24h\\; mention the ROI calculator\\nOwner: Mark Marketer\\n"
        "Goal: 1\\,500 leads\\nStatus: Planned\\n\\nLine one\\nLine two\\n\\nOpen in Tandem: "
        "https://tandem.example.com/#/campaigns/31",
        "CATEGORIES:Product launch",
        "STATUS:TENTATIVE",
        "TRANSP:TRANSPARENT",
        "URL:https://tandem.example.com/#/campaigns/31",
        "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE",
        "X-MICROSOFT-CDO-BUSYSTATUS:FREE",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:campaign-7@0f3c2a9d81b64e5f9a7c6d5e4b3a2918.tandem",
        "DTSTAMP:20261125T093000Z",
        "CREATED:20261125T093000Z",
        "LAST-MODIFIED:20261125T093000Z",
        "SEQUENCE:0",
        "DTSTART;VALUE=DATE:20261231",
        "DTEND;VALUE=DATE:20270101",
        "SUMMARY:Cancelled: Campaign 7",
        "DESCRIPTION:Audience: everyone\\nStatus: Cancelled\\n\\nOpen in Tandem: https://tandem.example.com/#/campaigns/7",
        "CATEGORIES:Other",
        "STATUS:CANCELLED",
        "TRANSP:TRANSPARENT",
        "URL:https://tandem.example.com/#/campaigns/7",
        "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE",
        "X-MICROSOFT-CDO-BUSYSTATUS:FREE",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:campaign-8@0f3c2a9d81b64e5f9a7c6d5e4b3a2918.tandem",
        "DTSTAMP:20261125T093000Z",
        "CREATED:20261125T093000Z",
        "LAST-MODIFIED:20261125T093000Z",
        "SEQUENCE:0",
        "DTSTART;VALUE=DATE:20270201",
        "DTEND;VALUE=DATE:20270301",
        "SUMMARY:Campaign 8",
        "DESCRIPTION:Audience: everyone\\nOwner: user 99\\nStatus: Live\\n\\nOpen in Tandem: https://tandem.example.com/#/campaigns/8",
        "CATEGORIES:Other",
        "STATUS:CONFIRMED",
        "TRANSP:TRANSPARENT",
        "URL:https://tandem.example.com/#/campaigns/8",
        "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE",
        "X-MICROSOFT-CDO-BUSYSTATUS:FREE",
        "END:VEVENT",
        "END:VCALENDAR",
    };
    CHECK(lines == expected);
    // The same plan gives the same bytes, so the server's ETag lets calendar apps skip a download.
    CHECK(IcsCalendar(campaigns, options) == feed);
    CHECK(IcsCalendar({}, options).ends_with("X-PUBLISHED-TTL:PT1H\r\nEND:VCALENDAR\r\n"));
}

// [SECTION] JSON

TEST_CASE("a campaign view is the campaign's JSON plus results and clashes, read back strictly") {
    CampaignView view;
    view.campaign = Plan(12, "2027-01-12", "2027-01-14", Industries({"retail"}));
    view.campaign.created_at = view.campaign.updated_at = 1795599000;
    view.results = {40, 12, 5, 2, 36000};
    view.clashes = {Clash{3, "Retail Roundtable", Day("2027-01-13"), Day("2027-01-14"), "Both run Jan 13 – Jan 14, 2027 and target industries retail"}};
    nlohmann::json json = ToJson(view);
    CHECK(json["results"] == nlohmann::json({{"leads", 40}, {"mqls", 12}, {"sqls", 5}, {"won", 2}, {"revenue", 36000}}));
    CHECK(json["clashes"] == nlohmann::json::parse(R"([{"campaign_id":3,"campaign_name":"Retail Roundtable","from":"2027-01-13",
        "to":"2027-01-14","reason":"Both run Jan 13 – Jan 14, 2027 and target industries retail"}])"));
    CHECK(json["name"] == "Campaign 12");
    CHECK(json["segment"]["industries"] == nlohmann::json::array({"retail"}));

    CampaignView back = CampaignViewFromServerJson(json);
    CHECK(back.campaign.id == 12);
    CHECK(back.campaign.segment == view.campaign.segment);
    CHECK(back.results == view.results);
    CHECK(back.clashes == view.clashes);

    nlohmann::json missing = json;
    missing.erase("results");
    CHECK_THROWS_WITH_AS(CampaignViewFromServerJson(missing), "results: required", DecodeError);
    nlohmann::json extra = json;
    extra["clashes"][0]["severity"] = "high";
    CHECK_THROWS_WITH_AS(CampaignViewFromServerJson(extra), "clashes[0].severity: unknown field", DecodeError);
    nlohmann::json wrong = json;
    wrong["results"]["won"] = "two";
    CHECK_THROWS_AS(CampaignViewFromServerJson(wrong), DecodeError);
}

TEST_CASE("a calendar feed's JSON carries its URL only when there is one to show") {
    CalendarFeed created{true, 1795599000, std::nullopt, "http://h/api/calendar.ics?token=abc", "webcal://h/api/calendar.ics?token=abc"};
    nlohmann::json json = ToJson(created);
    CHECK(json == nlohmann::json({{"active", true}, {"created_at", "2026-11-25T09:30:00Z"}, {"last_used_at", nullptr},
                                  {"url", "http://h/api/calendar.ics?token=abc"},
                                  {"webcal_url", "webcal://h/api/calendar.ics?token=abc"}}));
    CHECK(CalendarFeedFromServerJson(json) == created);
    CalendarFeed none;
    CHECK(CalendarFeedFromServerJson(ToJson(none)) == none);
    nlohmann::json partial = ToJson(none);
    partial.erase("last_used_at");
    CHECK_THROWS_WITH_AS(CalendarFeedFromServerJson(partial), "last_used_at: required", DecodeError);
}
