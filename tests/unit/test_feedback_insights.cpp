// Feedback insights: rejection reasons by source, campaign and week; objection and question themes;
// the wins digest; and their JSON, which the dashboard decodes strictly.
#include <doctest/doctest.h>

#include <string>

#include "tandem/codec.h"
#include "tandem/feedback_insights.h"

using nlohmann::json;
using namespace tandem;

namespace {

constexpr Timestamp kHour = 3600;
constexpr Timestamp kNov2 = 1793577600;    // 2026-11-02, a Monday
constexpr Timestamp kNov23 = 1795392000;   // 2026-11-23, a Monday
constexpr Timestamp kNov25 = 1795564800;   // 2026-11-25, a Wednesday
constexpr Timestamp kNov30 = 1795996800;   // 2026-11-30, a Monday

Date Day(const char* text) { return *ParseDate(text); }

RemarkRow Remark(std::int64_t id, Timestamp at, std::string text, std::vector<std::string> tags = {}) {
    return {id, at, std::move(text), std::move(tags)};
}

}  // namespace

TEST_CASE("remarks match when only case, spacing and closing punctuation differ") {
    CHECK(NormaliseRemark("  Too   EXPENSIVE!! ") == "too expensive");
    CHECK(NormaliseRemark("Too expensive.") == "too expensive");
    CHECK(NormaliseRemark("too\texpensive ?") == "too expensive");
    CHECK(NormaliseRemark("Is it 2.0?") == "is it 2.0");
    CHECK(NormaliseRemark("") == "");
}

TEST_CASE("themes: each tag counts a remark once, untagged remarks group by text, most frequent first") {
    const RemarkRow remarks[] = {
        Remark(1, kNov2, "Pricing is above budget.", {"pricing"}),
        Remark(2, kNov2 + kHour, "Per-seat pricing hurts", {"pricing", "seats"}),
        Remark(3, kNov23, "pricing is above budget", {"pricing"}),
        Remark(4, kNov23 + kHour, "Needs SSO"),
        Remark(5, kNov25, "needs  SSO!"),
        Remark(6, kNov25 + kHour, "Wants a sandbox"),
    };
    ThemeList list = RankThemes(remarks);
    CHECK(list.total == 6);
    REQUIRE(list.themes.size() == 4);

    const Theme& pricing = list.themes[0];
    CHECK(pricing.key == "pricing");
    CHECK(pricing.by_tag);
    CHECK(pricing.count == 3);
    CHECK(pricing.last_at == kNov23);
    REQUIRE(pricing.examples.size() == 2);
    // Two remarks say the same thing: they are one example counted twice, shown as last logged.
    CHECK(pricing.examples[0].text == "pricing is above budget");
    CHECK(pricing.examples[0].count == 2);
    CHECK(pricing.examples[0].feedback_id == 3);
    CHECK(pricing.examples[1].text == "Per-seat pricing hurts");
    CHECK(pricing.examples[1].count == 1);

    CHECK(list.themes[1].key == "needs sso");
    CHECK_FALSE(list.themes[1].by_tag);
    CHECK(list.themes[1].count == 2);
    CHECK(list.themes[1].examples[0].text == "needs  SSO!");
    // Equal counts: the more recent theme first.
    CHECK(list.themes[2].key == "wants a sandbox");
    CHECK(list.themes[3].key == "seats");
    CHECK(list.themes[3].count == 1);
}

TEST_CASE("themes are cut to the most frequent twelve") {
    std::vector<RemarkRow> remarks;
    for (int i = 0; i < 20; ++i)
        for (int n = 0; n <= i; ++n) remarks.push_back(Remark(100 * i + n, kNov2, "text", {"tag" + std::to_string(i)}));
    ThemeList list = RankThemes(remarks);
    CHECK(list.total == 210);
    REQUIRE(list.themes.size() == kMaxThemes);
    CHECK(list.themes[0].key == "tag19");
    CHECK(list.themes[0].count == 20);
    CHECK(list.themes[11].key == "tag8");
}

TEST_CASE("rejections are counted by reason, source, campaign and ISO week inside the period only") {
    const RejectionRow rows[] = {
        {kNov2 + kHour, RejectReason::NoBudget, Source::Webinar, 7},
        {kNov23 + kHour, RejectReason::NoBudget, Source::Webinar, 7},
        {kNov25, RejectReason::BadFit, Source::PaidSearch, std::nullopt},
        {kNov25 + kHour, RejectReason::NoBudget, Source::PaidSearch, 9},
        {kNov30 - 1, RejectReason::NoAuthority, Source::Webinar, 7},
        {kNov30, RejectReason::Other, Source::Webinar, 7},        // the period's end: outside
        {kNov2 - 1, RejectReason::Other, Source::Webinar, 7},     // before it
    };
    std::map<std::int64_t, std::string> names = {{7, "Fintech webinar"}};
    FeedbackInsights insights = ComputeFeedbackInsights({Day("2026-11-02"), Day("2026-11-30"), rows, {}, {}, &names});
    const RejectionInsights& r = insights.rejections;
    CHECK(r.total == 5);
    CHECK(r.counts == std::map<RejectReason, std::int64_t>{
                          {RejectReason::NoBudget, 3}, {RejectReason::NoAuthority, 1}, {RejectReason::BadFit, 1}});

    REQUIRE(r.weeks.size() == 4);
    CHECK(r.weeks[0].key == "2026-11-02");
    CHECK(r.weeks[3].key == "2026-11-23");
    CHECK(r.weeks[0].total == 1);
    CHECK(r.weeks[1].total == 0);
    CHECK(r.weeks[2].total == 0);
    CHECK(r.weeks[3].total == 4);
    CHECK(r.weeks[3].counts.at(RejectReason::NoBudget) == 2);

    REQUIRE(r.by_source.size() == 2);
    CHECK(r.by_source[0].key == "webinar");
    CHECK(r.by_source[0].name == "Webinar");
    CHECK(r.by_source[0].total == 3);
    CHECK(r.by_source[0].weekly == std::vector<std::int64_t>{1, 0, 0, 2});
    CHECK(r.by_source[1].key == "paid_search");
    CHECK(r.by_source[1].name == "Paid search");
    CHECK(r.by_source[1].counts == std::map<RejectReason, std::int64_t>{{RejectReason::NoBudget, 1}, {RejectReason::BadFit, 1}});

    REQUIRE(r.by_campaign.size() == 3);
    CHECK(r.by_campaign[0].key == "7");
    CHECK(r.by_campaign[0].name == "Fintech webinar");
    CHECK(r.by_campaign[0].total == 3);
    // One each: by name.
    CHECK(r.by_campaign[1].name == "Campaign 9");
    CHECK(r.by_campaign[2].key == "none");
    CHECK(r.by_campaign[2].name == "No campaign");
}

TEST_CASE("a period starting mid-week still reports whole ISO weeks, from that week's Monday") {
    const RejectionRow rows[] = {{kNov25, RejectReason::Duplicate, Source::Event, std::nullopt}};
    FeedbackInsights insights = ComputeFeedbackInsights({Day("2026-11-25"), Day("2026-12-02"), rows, {}, {}, nullptr});
    REQUIRE(insights.rejections.weeks.size() == 2);
    CHECK(insights.rejections.weeks[0].key == "2026-11-23");
    CHECK(insights.rejections.weeks[1].key == "2026-11-30");
    CHECK(insights.rejections.by_source[0].weekly == std::vector<std::int64_t>{1, 0});
}

TEST_CASE("objections and questions are ranked from the period's remarks only") {
    const RemarkRow objections[] = {Remark(1, kNov2 - 1, "old", {"pricing"}), Remark(2, kNov23, "new", {"pricing"})};
    const RemarkRow questions[] = {Remark(3, kNov25, "Is there an API?")};
    FeedbackInsights insights = ComputeFeedbackInsights({Day("2026-11-02"), Day("2026-11-30"), {}, objections, questions, nullptr});
    CHECK(insights.objections.total == 1);
    REQUIRE(insights.objections.themes.size() == 1);
    CHECK(insights.objections.themes[0].examples[0].text == "new");
    CHECK(insights.questions.themes[0].key == "is there an api");
}

TEST_CASE("the wins digest totals every win and lists the newest first, up to the limit") {
    auto win = [](std::int64_t id, Source source, Timestamp won_at, std::optional<std::int64_t> value, double cycle) {
        Win w;
        w.lead_id = id;
        w.source = source;
        w.won_at = won_at;
        w.deal_value = value;
        w.cycle_days = cycle;
        return w;
    };
    std::vector<Win> wins = {win(1, Source::Referral, kNov2, 10000, 30), win(2, Source::Webinar, kNov25, 25000, 50),
                             win(3, Source::Referral, kNov23, std::nullopt, 10)};
    WinsDigest digest = SummariseWins(Day("2026-11-01"), Day("2026-12-01"), wins, 2);
    CHECK(digest.count == 3);
    CHECK(digest.revenue == 35000);
    CHECK(digest.avg_cycle_days == doctest::Approx(30.0));
    REQUIRE(digest.wins.size() == 2);
    CHECK(digest.truncated);
    CHECK(digest.wins[0].lead_id == 2);
    CHECK(digest.wins[1].lead_id == 3);
    REQUIRE(digest.by_source.size() == 2);
    CHECK(digest.by_source[0].source == Source::Referral);
    CHECK(digest.by_source[0].count == 2);
    CHECK(digest.by_source[0].revenue == 10000);

    WinsDigest none = SummariseWins(Day("2026-11-01"), Day("2026-12-01"), {}, 100);
    CHECK(none.count == 0);
    CHECK_FALSE(none.avg_cycle_days);
    CHECK_FALSE(none.truncated);
}

TEST_CASE("insights and wins survive their JSON exactly; unknown members and bad counts are refused") {
    const RejectionRow rows[] = {{kNov25, RejectReason::NoNeed, Source::Social, 4}};
    const RemarkRow objections[] = {Remark(8, kNov23, "Too slow", {"performance"})};
    std::map<std::int64_t, std::string> names = {{4, "Spring social"}};
    FeedbackInsights insights = ComputeFeedbackInsights({Day("2026-11-02"), Day("2026-11-30"), rows, objections, {}, &names});
    json out = ToJson(insights);
    CHECK(out["rejections"]["by_campaign"][0] ==
          json{{"key", "4"}, {"name", "Spring social"}, {"total", 1}, {"counts", {{"no_need", 1}}}, {"weekly", {0, 0, 0, 1}}});
    CHECK(out["objections"]["themes"][0] == json{{"key", "performance"},
                                                 {"by", "tag"},
                                                 {"count", 1},
                                                 {"last_at", "2026-11-23T00:00:00Z"},
                                                 {"examples", {{{"text", "Too slow"}, {"count", 1}, {"feedback_id", 8}}}}});
    CHECK(ToJson(FeedbackInsightsFromJson(out)) == out);

    json bad = out;
    bad["rejections"]["counts"]["rude"] = 1;
    CHECK_THROWS_AS(FeedbackInsightsFromJson(bad), DecodeError);
    bad = out;
    bad["objections"]["themes"][0]["count"] = -1;
    CHECK_THROWS_AS(FeedbackInsightsFromJson(bad), DecodeError);
    bad = out;
    bad["extra"] = 1;
    CHECK_THROWS_AS(FeedbackInsightsFromJson(bad), DecodeError);

    Win won;
    won.lead_id = 42;
    won.name = "Ada";
    won.company = "Acme";
    won.source = Source::Referral;
    won.campaign_id = 4;
    won.campaign_name = "Spring social";
    won.deal_value = 18000;
    won.created_at = kNov2;
    won.won_at = kNov25;
    won.cycle_days = 23;
    won.story = WinStory{77, 5, kNov25 + kHour, "The referral did it"};
    WinsDigest digest = SummariseWins(Day("2026-11-01"), Day("2026-12-01"), {won}, 100);
    json wins = ToJson(digest);
    CHECK(wins["wins"][0]["story"] ==
          json{{"feedback_id", 77}, {"author_id", 5}, {"at", "2026-11-25T01:00:00Z"}, {"text", "The referral did it"}});
    CHECK(wins["avg_cycle_days"] == 23.0);
    CHECK(ToJson(WinsDigestFromJson(wins)) == wins);
}
