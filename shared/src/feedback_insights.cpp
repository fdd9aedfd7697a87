// Marketing's insights from feedback: rejection reasons by source, campaign and week; the themes of
// objections and questions; the digest of customers won.
#include "tandem/feedback_insights.h"

#include <algorithm>
#include <cctype>

#include "tandem/codec.h"

namespace tandem {

namespace {

// Most first; equal totals by name, so the order is stable from one request to the next.
void SortGroups(std::vector<ReasonGroup>& groups) {
    std::sort(groups.begin(), groups.end(), [](const ReasonGroup& a, const ReasonGroup& b) {
        if (a.total != b.total) return a.total > b.total;
        if (a.name != b.name) return a.name < b.name;
        return a.key < b.key;
    });
}

void Add(ReasonGroup& group, RejectReason reason, std::size_t week) {
    ++group.total;
    ++group.counts[reason];
    if (week < group.weekly.size()) ++group.weekly[week];
}

bool IsClosingPunctuation(char c) { return c == '.' || c == '!' || c == '?' || c == ';' || c == ':' || c == ','; }

}  // namespace

std::string SourceName(Source source) {
    std::string name(ToString(source));
    std::replace(name.begin(), name.end(), '_', ' ');
    if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    return name;
}

std::string NormaliseRemark(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    while (!out.empty() && (IsClosingPunctuation(out.back()) || out.back() == ' ')) out.pop_back();
    return out;
}

ThemeList RankThemes(std::span<const RemarkRow> remarks) {
    struct Variant {
        ThemeExample example;
        Timestamp at = 0;
    };
    struct Group {
        Theme theme;
        std::map<std::string, Variant> variants;   // by normalised text
    };
    std::map<std::pair<bool, std::string>, Group> groups;
    auto add = [](Group& group, const RemarkRow& remark, const std::string& normalised) {
        ++group.theme.count;
        group.theme.last_at = std::max(group.theme.last_at, remark.at);
        Variant& variant = group.variants[normalised];
        ++variant.example.count;
        if (variant.example.feedback_id == 0 || remark.at > variant.at ||
            (remark.at == variant.at && remark.id > variant.example.feedback_id)) {
            variant.example.text = remark.text;
            variant.example.feedback_id = remark.id;
            variant.at = remark.at;
        }
    };
    for (const RemarkRow& remark : remarks) {
        std::string normalised = NormaliseRemark(remark.text);
        if (remark.tags.empty()) {
            Group& group = groups[{false, normalised}];
            group.theme.key = normalised;
            group.theme.by_tag = false;
            add(group, remark, normalised);
        }
        for (const std::string& tag : remark.tags) {
            Group& group = groups[{true, tag}];
            group.theme.key = tag;
            group.theme.by_tag = true;
            add(group, remark, normalised);
        }
    }
    ThemeList list;
    list.total = static_cast<std::int64_t>(remarks.size());
    for (auto& [key, group] : groups) {
        std::vector<Variant> variants;
        for (auto& [text, variant] : group.variants) variants.push_back(std::move(variant));
        std::sort(variants.begin(), variants.end(), [](const Variant& a, const Variant& b) {
            if (a.example.count != b.example.count) return a.example.count > b.example.count;
            if (a.at != b.at) return a.at > b.at;
            return a.example.feedback_id > b.example.feedback_id;
        });
        for (std::size_t i = 0; i < variants.size() && i < 3; ++i) group.theme.examples.push_back(std::move(variants[i].example));
        list.themes.push_back(std::move(group.theme));
    }
    std::sort(list.themes.begin(), list.themes.end(), [](const Theme& a, const Theme& b) {
        if (a.count != b.count) return a.count > b.count;
        if (a.last_at != b.last_at) return a.last_at > b.last_at;
        if (a.by_tag != b.by_tag) return a.by_tag;
        return a.key < b.key;
    });
    if (list.themes.size() > kMaxThemes) list.themes.resize(kMaxThemes);
    return list;
}

FeedbackInsights ComputeFeedbackInsights(const InsightsInput& input) {
    FeedbackInsights insights;
    insights.from = input.from;
    insights.to = input.to;
    RejectionInsights& r = insights.rejections;
    Date first_week = WeekStart(input.from);
    std::size_t week_count = input.to > input.from ? static_cast<std::size_t>((WeekStart(input.to - 1) - first_week) / 7 + 1) : 0;
    for (std::size_t i = 0; i < week_count; ++i) {
        ReasonGroup week;
        week.key = FormatDate(first_week + static_cast<Date>(7 * i));
        r.weeks.push_back(std::move(week));
    }

    std::map<Source, ReasonGroup> sources;
    std::map<std::int64_t, ReasonGroup> campaigns;   // 0: no campaign
    Timestamp from = StartOf(input.from), to = StartOf(input.to);
    for (const RejectionRow& row : input.rejections) {
        if (row.at < from || row.at >= to) continue;
        std::size_t week = static_cast<std::size_t>((WeekStart(DateOf(row.at)) - first_week) / 7);
        ++r.total;
        ++r.counts[row.reason];
        r.weeks[week].total++;
        r.weeks[week].counts[row.reason]++;

        ReasonGroup& source = sources[row.source];
        if (source.key.empty()) {
            source.key = std::string(ToString(row.source));
            source.name = SourceName(row.source);
            source.weekly.assign(week_count, 0);
        }
        Add(source, row.reason, week);

        std::int64_t campaign_id = row.campaign_id.value_or(0);
        ReasonGroup& campaign = campaigns[campaign_id];
        if (campaign.key.empty()) {
            campaign.key = campaign_id == 0 ? "none" : std::to_string(campaign_id);
            if (campaign_id == 0) {
                campaign.name = "No campaign";
            } else if (input.campaign_names && input.campaign_names->count(campaign_id)) {
                campaign.name = input.campaign_names->at(campaign_id);
            } else {
                campaign.name = "Campaign " + std::to_string(campaign_id);
            }
            campaign.weekly.assign(week_count, 0);
        }
        Add(campaign, row.reason, week);
    }
    for (auto& [source, group] : sources) r.by_source.push_back(std::move(group));
    for (auto& [id, group] : campaigns) r.by_campaign.push_back(std::move(group));
    SortGroups(r.by_source);
    SortGroups(r.by_campaign);

    auto in_period = [&](std::span<const RemarkRow> rows) {
        std::vector<RemarkRow> kept;
        for (const RemarkRow& row : rows)
            if (row.at >= from && row.at < to) kept.push_back(row);
        return kept;
    };
    insights.objections = RankThemes(in_period(input.objections));
    insights.questions = RankThemes(in_period(input.questions));
    return insights;
}

WinsDigest SummariseWins(Date from, Date to, std::vector<Win> wins, std::size_t limit) {
    WinsDigest digest;
    digest.from = from;
    digest.to = to;
    std::sort(wins.begin(), wins.end(), [](const Win& a, const Win& b) {
        return a.won_at != b.won_at ? a.won_at > b.won_at : a.lead_id > b.lead_id;
    });
    std::map<Source, WinsBySource> sources;
    double cycle_sum = 0;
    for (const Win& win : wins) {
        ++digest.count;
        digest.revenue += win.deal_value.value_or(0);
        cycle_sum += win.cycle_days;
        WinsBySource& source = sources[win.source];
        source.source = win.source;
        ++source.count;
        source.revenue += win.deal_value.value_or(0);
    }
    if (digest.count > 0) digest.avg_cycle_days = cycle_sum / static_cast<double>(digest.count);
    for (const auto& [source, entry] : sources) digest.by_source.push_back(entry);
    std::stable_sort(digest.by_source.begin(), digest.by_source.end(), [](const WinsBySource& a, const WinsBySource& b) {
        return a.count != b.count ? a.count > b.count : a.revenue > b.revenue;
    });
    digest.truncated = wins.size() > limit;
    if (digest.truncated) wins.resize(limit);
    digest.wins = std::move(wins);
    return digest;
}

}  // namespace tandem
