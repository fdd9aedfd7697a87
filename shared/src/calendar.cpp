// The calendar's rules: clashes, results, filters, months and the stacking of bars.
#include "tandem/calendar.h"

#include <algorithm>

#include "tandem/codec.h"
#include "tandem/format.h"

namespace tandem {

namespace {

constexpr const char* kMonthNames[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};
constexpr const char* kShortMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool SameText(std::string_view a, std::string_view b) {
    return a.size() == b.size() && ToLower(a) == ToLower(b);
}

bool Contains(const std::vector<std::string>& list, std::string_view value) {
    return std::any_of(list.begin(), list.end(), [&](const std::string& entry) { return SameText(entry, value); });
}

// The values both lists reach, in a's spelling and order; nullopt if they share none. An empty
// list is everyone, so it leaves the other list as it is.
std::optional<std::vector<std::string>> ListOverlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    if (a.empty()) return b;
    if (b.empty()) return a;
    std::vector<std::string> shared;
    for (const std::string& value : a)
        if (Contains(b, value) && !Contains(shared, value)) shared.push_back(value);
    if (shared.empty()) return std::nullopt;
    return shared;
}

std::string Join(const std::vector<std::string>& list, const char* separator) {
    std::string out;
    for (const std::string& entry : list) {
        if (!out.empty()) out += separator;
        out += entry;
    }
    return out;
}

std::string DayLabel(Date date, bool with_year) {
    int year, month, day;
    CivilFromDays(date, year, month, day);
    std::string label = std::string(kShortMonths[month - 1]) + " " + std::to_string(day);
    return with_year ? label + ", " + std::to_string(year) : label;
}

int Year(Date date) {
    int year, month, day;
    CivilFromDays(date, year, month, day);
    return year;
}

// `needle` is already lower case.
bool ContainsText(std::string_view needle, const std::string& haystack) {
    return ToLower(haystack).find(needle) != std::string::npos;
}

}  // namespace

// [SECTION] Clashes

std::optional<Segment> SegmentOverlap(const Segment& a, const Segment& b) {
    Segment shared;
    auto industries = ListOverlap(a.industries, b.industries);
    auto titles = ListOverlap(a.titles, b.titles);
    auto regions = ListOverlap(a.regions, b.regions);
    if (!industries || !titles || !regions) return std::nullopt;
    shared.industries = std::move(*industries);
    shared.titles = std::move(*titles);
    shared.regions = std::move(*regions);
    auto tighter_min = [](std::optional<std::int64_t> x, std::optional<std::int64_t> y) {
        if (!x) return y;
        if (!y) return x;
        return std::optional<std::int64_t>(std::max(*x, *y));
    };
    auto tighter_max = [](std::optional<std::int64_t> x, std::optional<std::int64_t> y) {
        if (!x) return y;
        if (!y) return x;
        return std::optional<std::int64_t>(std::min(*x, *y));
    };
    shared.company_size_min = tighter_min(a.company_size_min, b.company_size_min);
    shared.company_size_max = tighter_max(a.company_size_max, b.company_size_max);
    if (shared.company_size_min && shared.company_size_max && *shared.company_size_min > *shared.company_size_max)
        return std::nullopt;
    return shared;
}

std::optional<Clash> Clashes(const Campaign& a, const Campaign& b) {
    if (a.status == CampaignStatus::Cancelled || b.status == CampaignStatus::Cancelled) return std::nullopt;
    Date from = std::max(a.start, b.start);
    Date to = std::min(a.end, b.end);
    if (from > to) return std::nullopt;
    std::optional<Segment> audience = SegmentOverlap(a.segment, b.segment);
    if (!audience) return std::nullopt;
    Clash clash;
    clash.campaign_id = b.id;
    clash.campaign_name = b.name;
    clash.from = from;
    clash.to = to;
    clash.reason = "Both run " + FormatDayRange(from, to) + " and target " + DescribeSegment(*audience);
    return clash;
}

std::vector<Clash> ClashesFor(const Campaign& campaign, std::span<const Campaign> all) {
    std::vector<Clash> clashes;
    for (const Campaign& other : all) {
        if (campaign.id != 0 && other.id == campaign.id) continue;
        if (other.start > campaign.end || other.end < campaign.start) continue;   // the common case, cheaply
        if (std::optional<Clash> clash = Clashes(campaign, other)) clashes.push_back(std::move(*clash));
    }
    std::sort(clashes.begin(), clashes.end(), [](const Clash& x, const Clash& y) {
        return x.from != y.from ? x.from < y.from : x.campaign_id < y.campaign_id;
    });
    return clashes;
}

std::string DescribeSegment(const Segment& segment) {
    std::vector<std::string> parts;
    if (!segment.industries.empty()) parts.push_back("industries " + Join(segment.industries, ", "));
    if (!segment.titles.empty()) parts.push_back("titles " + Join(segment.titles, ", "));
    if (!segment.regions.empty()) parts.push_back("regions " + Join(segment.regions, ", "));
    const auto& min = segment.company_size_min;
    const auto& max = segment.company_size_max;
    if (min && max) {
        parts.push_back(*min == *max ? FormatCount(*min) + " employees"
                                     : FormatCount(*min) + "–" + FormatCount(*max) + " employees");
    } else if (min) {
        parts.push_back(FormatCount(*min) + "+ employees");
    } else if (max) {
        parts.push_back("up to " + FormatCount(*max) + " employees");
    }
    return parts.empty() ? "everyone" : Join(parts, "; ");
}

std::string FormatDayRange(Date from, Date to) {
    if (from == to) return DayLabel(from, true);
    return DayLabel(from, Year(from) != Year(to)) + " – " + DayLabel(to, true);
}

// [SECTION] Results

std::map<std::int64_t, CampaignResults> ResultsByCampaign(const FunnelData& funnel, Timestamp now) {
    std::map<std::int64_t, CampaignResults> results;
    for (std::size_t i = 0; i < funnel.leads.size(); ++i) {
        const FunnelLead& lead = funnel.leads[i];
        if (lead.campaign_id == 0 || lead.created_at > now) continue;
        bool mql = false, sql = false, won = false;
        for (const FunnelEvent& event : funnel.EventsOf(i)) {
            if (event.at > now) break;   // events are in time order
            if (event.kind != FunnelEvent::Kind::StageChange) continue;
            mql = mql || event.to == Stage::Mql;
            sql = sql || event.to == Stage::Sql;
            won = won || event.to == Stage::Won;
        }
        CampaignResults& r = results[lead.campaign_id];
        r.leads += 1;
        r.mqls += mql;
        r.sqls += sql;
        r.won += won;
        if (won) r.revenue += lead.deal_value;
    }
    return results;
}

// [SECTION] Months, filters, launches

std::optional<Period> ParseMonth(std::string_view text) {
    if (text.size() != 7 || text[4] != '-') return std::nullopt;
    std::optional<Date> first = ParseDate(std::string(text) + "-01");
    if (!first) return std::nullopt;
    return CurrentPeriod(PeriodKind::Month, *first);
}

std::string FormatMonth(const Period& month) { return FormatDate(month.from).substr(0, 7); }

std::string MonthTitle(const Period& month) {
    int year, number, day;
    CivilFromDays(month.from, year, number, day);
    return std::string(kMonthNames[number - 1]) + " " + std::to_string(year);
}

std::string_view WeekdayName(Date date) {
    static constexpr const char* kDays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    return kDays[date - WeekStart(date)];
}

std::string LongDate(Date date) {
    int year, month, day;
    CivilFromDays(date, year, month, day);
    return std::string(WeekdayName(date)) + " " + std::to_string(day) + " " + kMonthNames[month - 1] + " " +
           std::to_string(year);
}

Date AddMonths(Date date, int months) {
    int year, month, day;
    CivilFromDays(date, year, month, day);
    int index = year * 12 + (month - 1) + months;   // months since year 0
    int to_year = index >= 0 ? index / 12 : (index - 11) / 12;
    int to_month = index - to_year * 12 + 1;
    Date first = DaysFromCivil(to_year, to_month, 1);
    Date next = to_month == 12 ? DaysFromCivil(to_year + 1, 1, 1) : DaysFromCivil(to_year, to_month + 1, 1);
    return first + std::min(day, static_cast<int>(next - first)) - 1;
}

std::string CampaignTypeLabel(CampaignType type) {
    std::string label(ToString(type));
    std::replace(label.begin(), label.end(), '_', ' ');
    if (!label.empty()) label[0] = static_cast<char>(label[0] - 'a' + 'A');
    return label;
}

std::string CampaignStatusLabel(CampaignStatus status) {
    std::string label(ToString(status));
    if (!label.empty()) label[0] = static_cast<char>(label[0] - 'a' + 'A');
    return label;
}

namespace {

constexpr std::pair<SegmentTerm::Dimension, std::string_view> kDimensions[] = {
    {SegmentTerm::Dimension::Industry, "industry"},
    {SegmentTerm::Dimension::Title, "title"},
    {SegmentTerm::Dimension::Region, "region"},
};

const std::vector<std::string>& ListOf(const Segment& segment, SegmentTerm::Dimension dimension) {
    switch (dimension) {
    case SegmentTerm::Dimension::Industry: return segment.industries;
    case SegmentTerm::Dimension::Title: return segment.titles;
    case SegmentTerm::Dimension::Region: break;
    }
    return segment.regions;
}

}  // namespace

std::optional<SegmentTerm> ParseSegmentTerm(std::string_view text) {
    std::size_t colon = text.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    std::string value = Trim(text.substr(colon + 1));
    if (value.empty()) return std::nullopt;
    for (const auto& [dimension, name] : kDimensions)
        if (text.substr(0, colon) == name) return SegmentTerm{dimension, value};
    return std::nullopt;
}

std::string FormatSegmentTerm(const SegmentTerm& term) {
    for (const auto& [dimension, name] : kDimensions)
        if (dimension == term.dimension) return std::string(name) + ":" + term.value;
    return term.value;
}

bool Reaches(const Segment& segment, const SegmentTerm& term) {
    const std::vector<std::string>& list = ListOf(segment, term.dimension);
    return list.empty() || Contains(list, term.value);
}

std::vector<SegmentTerm> SegmentTerms(std::span<const Campaign> campaigns) {
    std::vector<SegmentTerm> terms;
    for (const auto& [dimension, name] : kDimensions) {
        std::vector<SegmentTerm> found;
        for (const Campaign& campaign : campaigns) {
            for (const std::string& value : ListOf(campaign.segment, dimension)) {
                bool known = std::any_of(found.begin(), found.end(),
                                         [&](const SegmentTerm& term) { return SameText(term.value, value); });
                if (!known) found.push_back({dimension, value});
            }
        }
        std::stable_sort(found.begin(), found.end(), [](const SegmentTerm& x, const SegmentTerm& y) {
            return ToLower(x.value) < ToLower(y.value);
        });
        terms.insert(terms.end(), found.begin(), found.end());
    }
    return terms;
}

bool Matches(const Campaign& campaign, const CalendarFilter& filter) {
    if (filter.type && campaign.type != *filter.type) return false;
    if (filter.status && campaign.status != *filter.status) return false;
    if (filter.owner_id && campaign.owner_id != filter.owner_id) return false;
    if (filter.segment && !Reaches(campaign.segment, *filter.segment)) return false;
    std::string needle = ToLower(Trim(filter.text));
    if (!needle.empty() && !ContainsText(needle, campaign.name) && !ContainsText(needle, campaign.offer) &&
        !ContainsText(needle, campaign.description) && !ContainsText(needle, campaign.sales_notes))
        return false;
    return true;
}

bool LaunchesSoon(const Campaign& campaign, Date today, int days) {
    return campaign.status != CampaignStatus::Cancelled && campaign.start >= today && campaign.start <= today + days;
}

// [SECTION] Layout

std::vector<int> StackLanes(std::span<const Campaign> campaigns, Date from, Date to) {
    std::vector<int> lanes(campaigns.size(), -1);
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < campaigns.size(); ++i)
        if (campaigns[i].start <= to && campaigns[i].end >= from) order.push_back(i);
    auto first = [&](std::size_t i) { return std::max(campaigns[i].start, from); };
    auto last = [&](std::size_t i) { return std::min(campaigns[i].end, to); };
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
        if (first(x) != first(y)) return first(x) < first(y);
        if (last(x) != last(y)) return last(x) > last(y);
        return campaigns[x].id < campaigns[y].id;
    });
    // Sorted by first day, the greedy choice of the lowest free lane uses as few lanes as the
    // busiest day needs.
    std::vector<Date> lane_end;   // the last day taken in each lane
    for (std::size_t i : order) {
        std::size_t lane = 0;
        while (lane < lane_end.size() && lane_end[lane] >= first(i)) ++lane;
        if (lane == lane_end.size()) lane_end.push_back(last(i));
        else lane_end[lane] = last(i);
        lanes[i] = static_cast<int>(lane);
    }
    return lanes;
}

MonthGrid MonthGridFor(const Period& month) {
    MonthGrid grid;
    grid.month = month;
    grid.first = WeekStart(month.from);
    grid.weeks = (WeekStart(month.to - 1) - grid.first) / 7 + 1;
    return grid;
}

MonthLayout LayoutMonth(const Period& month, std::span<const Campaign> campaigns) {
    MonthLayout layout;
    layout.grid = MonthGridFor(month);
    for (int week = 0; week < layout.grid.weeks; ++week) {
        Date from = layout.grid.first + week * 7;
        Date to = from + 6;
        std::vector<int> lanes = StackLanes(campaigns, from, to);
        std::vector<GridBar> bars;
        int used = 0;
        for (std::size_t i = 0; i < campaigns.size(); ++i) {
            if (lanes[i] < 0) continue;
            GridBar bar;
            bar.campaign = i;
            bar.week = week;
            bar.first_column = std::max(campaigns[i].start, from) - from;
            bar.last_column = std::min(campaigns[i].end, to) - from;
            bar.lane = lanes[i];
            bar.continues_before = campaigns[i].start < from;
            bar.continues_after = campaigns[i].end > to;
            bars.push_back(bar);
            used = std::max(used, lanes[i] + 1);
        }
        std::stable_sort(bars.begin(), bars.end(), [](const GridBar& x, const GridBar& y) { return x.lane < y.lane; });
        layout.bars.insert(layout.bars.end(), bars.begin(), bars.end());
        layout.lanes.push_back(used);
    }
    return layout;
}

Period TimelineFor(const Period& month) {
    Date from = WeekStart(month.from);
    return {PeriodKind::Custom, from, from + kTimelineWeeks * 7};
}

}  // namespace tandem
