// Marketing's reading of what sales reports back: why leads are sent back (by source, by campaign,
// week by week), the objections and questions heard most often, and the customers newly won with
// what brought them in. Computed here from plain rows, so the server and the tests agree on it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>
#include "tandem/enums.h"
#include "tandem/time.h"

namespace tandem {

// [SECTION] Rejection reasons

// One rejection as the insights need it: when, why, and the lead's source and campaign.
struct RejectionRow {
    Timestamp at = 0;
    RejectReason reason = RejectReason::Other;
    Source source = Source::Other;
    std::optional<std::int64_t> campaign_id;
};

// Rejections of one source, campaign or week, split by reason.
struct ReasonGroup {
    std::string key;                               // "webinar"; a campaign id or "none"; a week's Monday
    std::string name;                              // "Webinar"; the campaign's name or "No campaign"; ""
    std::int64_t total = 0;
    std::map<RejectReason, std::int64_t> counts;   // reasons with at least one rejection
    std::vector<std::int64_t> weekly;              // totals per week of RejectionInsights::weeks
                                                   // (empty for the weeks themselves)
};

struct RejectionInsights {
    std::int64_t total = 0;
    std::map<RejectReason, std::int64_t> counts;
    std::vector<ReasonGroup> by_source;            // most rejections first, then by key
    std::vector<ReasonGroup> by_campaign;          // likewise
    std::vector<ReasonGroup> weeks;                // every ISO week touching the period, oldest first
};

// [SECTION] Objections and questions

// One objection or question as logged.
struct RemarkRow {
    std::int64_t id = 0;
    Timestamp at = 0;
    std::string text;
    std::vector<std::string> tags;
};

struct ThemeExample {
    std::string text;                              // as last logged
    std::int64_t count = 0;                        // how often this text (normalised) was logged
    std::int64_t feedback_id = 0;                  // the latest one
};

// What sales keeps hearing: all remarks with one tag, or untagged remarks with one text.
struct Theme {
    std::string key;                               // the tag, or the normalised text
    bool by_tag = true;
    std::int64_t count = 0;                        // remarks in the theme
    Timestamp last_at = 0;
    std::vector<ThemeExample> examples;            // distinct texts, most frequent first, at most 3
};

struct ThemeList {
    std::int64_t total = 0;                        // remarks in the period
    std::vector<Theme> themes;                     // most frequent first, at most kMaxThemes
};

inline constexpr std::size_t kMaxThemes = 12;

// How untagged remarks are matched: case, runs of spaces and closing punctuation do not count.
std::string NormaliseRemark(std::string_view text);

// A remark with tags counts once under each tag; one without counts under its normalised text.
// Ties go to the more recent theme, then to the key.
ThemeList RankThemes(std::span<const RemarkRow> remarks);

// [SECTION] GET /api/feedback/insights

struct FeedbackInsights {
    Date from = 0;                                 // the period [from, to)
    Date to = 0;
    RejectionInsights rejections;
    ThemeList objections;
    ThemeList questions;
};

struct InsightsInput {
    Date from = 0;
    Date to = 0;
    std::span<const RejectionRow> rejections;      // any order; rows outside the period are ignored
    std::span<const RemarkRow> objections;
    std::span<const RemarkRow> questions;
    const std::map<std::int64_t, std::string>* campaign_names = nullptr;
};

FeedbackInsights ComputeFeedbackInsights(const InsightsInput& input);

// "paid_search" -> "Paid search".
std::string SourceName(Source source);

// [SECTION] GET /api/feedback/wins

struct WinStory {
    std::int64_t feedback_id = 0;
    std::int64_t author_id = 0;
    Timestamp at = 0;
    std::string text;
};

// A customer won: who, for how much, how long it took, and what brought them in.
struct Win {
    std::int64_t lead_id = 0;
    std::string name;
    std::string company;
    Source source = Source::Other;
    std::optional<std::int64_t> campaign_id;
    std::string campaign_name;                     // "" without a campaign
    std::optional<std::int64_t> owner_id;
    std::optional<std::int64_t> deal_value;
    Timestamp created_at = 0;
    Timestamp won_at = 0;                          // first entry into won
    double cycle_days = 0;                         // created_at to won_at
    std::optional<WinStory> story;                 // the latest win story about the lead
};

struct WinsBySource {
    Source source = Source::Other;
    std::int64_t count = 0;
    std::int64_t revenue = 0;
};

struct WinsDigest {
    Date from = 0;                                 // won in [from, to)
    Date to = 0;
    std::int64_t count = 0;
    std::int64_t revenue = 0;
    std::optional<double> avg_cycle_days;
    std::vector<WinsBySource> by_source;           // most wins first
    std::vector<Win> wins;                         // newest first, at most `limit` of them
    bool truncated = false;                        // more than `limit` were won
};

// Totals over every win, the list cut to the `limit` newest.
WinsDigest SummariseWins(Date from, Date to, std::vector<Win> wins, std::size_t limit);

// JSON (src/feedback_insights_json.cpp); the FromJson functions read what the server sends.
nlohmann::json ToJson(const FeedbackInsights& insights);
FeedbackInsights FeedbackInsightsFromJson(const nlohmann::json& in);
nlohmann::json ToJson(const WinsDigest& digest);
WinsDigest WinsDigestFromJson(const nlohmann::json& in);

}  // namespace tandem
