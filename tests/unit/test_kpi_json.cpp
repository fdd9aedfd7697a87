// Scorecard JSON: the shape GET /api/scorecard sends, and the strict decoding the dashboard does.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tandem/codec.h"
#include "tandem/kpi.h"

using nlohmann::json;
using namespace tandem;

namespace {

constexpr Timestamp kHour = 3600;

Timestamp At(int month, int day, int hour = 0) { return StartOf(DaysFromCivil(2026, month, day)) + hour * kHour; }

FunnelEvent Move(Timestamp at, Stage from, Stage to, std::uint8_t reason = 0) {
    FunnelEvent event;
    event.at = at;
    event.from = from;
    event.to = to;
    event.reason = reason;
    return event;
}

FunnelEvent Created(Timestamp at) {
    FunnelEvent event;
    event.at = at;
    event.has_from = false;
    return event;
}

// A small November with something in every part of the scorecard: groups, weeks, targets, a
// breach, a recycling with a reason, a won deal.
Scorecard SampleScorecard() {
    FunnelData funnel;
    std::vector<FunnelEvent> won = {Created(At(11, 2)),
                                    Move(At(11, 3), Stage::New, Stage::Mql),
                                    Move(At(11, 4), Stage::Mql, Stage::SalesReady),
                                    Move(At(11, 4, 7), Stage::SalesReady, Stage::Sql),
                                    Move(At(11, 5), Stage::Sql, Stage::Opportunity),
                                    Move(At(11, 20), Stage::Opportunity, Stage::Won)};
    funnel.Add({.id = 1, .created_at = At(11, 2), .source = Source::Webinar, .campaign_id = 4, .owner_id = 2,
                .deal_value = 12000, .stage = Stage::Won},
               won);
    std::vector<FunnelEvent> recycled = {Created(At(11, 10)), Move(At(11, 11), Stage::New, Stage::SalesReady),
                                         Move(At(11, 12), Stage::SalesReady, Stage::Recycled, 3)};
    funnel.Add({.id = 2, .created_at = At(11, 10), .source = Source::Event, .stage = Stage::Recycled}, recycled);
    std::vector<FunnelEvent> waiting = {Created(At(11, 25)), Move(At(11, 26), Stage::New, Stage::SalesReady)};
    funnel.Add({.id = 3, .created_at = At(11, 25), .source = Source::Webinar, .stage = Stage::SalesReady}, waiting);

    static const MonthlyTarget targets[] = {{"2026-11", 3, 2, 1, 10000, 0.5}};
    static const DefinitionChange definitions[] = {{5, At(11, 18, 9)}};
    ScorecardQuery query;
    query.from = At(11, 1);
    query.to = At(12, 1);
    query.now = At(12, 1, 12);
    query.group = GroupBy::Source;
    query.weekly = true;
    query.targets = targets;
    query.definitions = definitions;
    return ComputeScorecard(funnel, query);
}

template <class F>
std::string ErrorOf(F&& decode) {
    try {
        decode();
    } catch (const DecodeError& e) {
        return e.what();
    }
    return "accepted";
}

}  // namespace

TEST_CASE("a scorecard is written with snake_case members, null for missing figures and names for enums") {
    Scorecard card;
    card.total.leads = 12;
    card.total.acceptance_rate = 0.75;
    card.total.recycled = 3;
    card.total.recycled_by_reason = {{RejectReason::NoBudget, 2}, {RejectReason::NoAuthority, 0}, {RejectReason::NoNeed, 1},
                                     {RejectReason::NoTimeline, 0}, {RejectReason::BadFit, 0}, {RejectReason::Duplicate, 0},
                                     {RejectReason::Unreachable, 0}, {RejectReason::Other, 0}};
    card.leads_target = {10.5, 12 / 10.5, Attainment::Green};
    card.mqls_target = {4.0, 0.8, Attainment::Amber};
    card.groups.push_back({"webinar", "Webinar", card.total});
    card.weeks.push_back({DaysFromCivil(2026, 11, 16), card.total, {{7, At(11, 17, 9), 12, 3}, {8, At(11, 18), 0, 0}}});
    card.definitions = card.weeks[0].definitions;
    card.breaches.push_back({42, 0, At(11, 28, 9), 50.5});
    card.breaches.push_back({43, 6, At(11, 29), 33.0});

    json out = ToJson(card);
    CHECK(out["total"]["leads"] == 12);
    CHECK(out["total"]["acceptance_rate"] == 0.75);
    CHECK(out["total"]["win_rate"].is_null());
    CHECK(out["total"]["sales_velocity"].is_null());
    CHECK(out["total"]["recycled_by_reason"] ==
          json{{"no_budget", 2}, {"no_authority", 0}, {"no_need", 1}, {"no_timeline", 0}, {"bad_fit", 0},
               {"duplicate", 0}, {"unreachable", 0}, {"other", 0}});
    CHECK(out["total"].size() == 29);   // every member of Kpis
    CHECK(out["targets"]["leads"] == json{{"target", 10.5}, {"attainment", 12 / 10.5}, {"colour", "green"}});
    CHECK(out["targets"]["mqls"]["colour"] == "amber");
    CHECK(out["targets"]["sqls"] == json{{"target", nullptr}, {"attainment", nullptr}, {"colour", "none"}});
    CHECK(out["targets"].size() == 5);
    CHECK(out["targets"].contains("acceptance_rate"));
    CHECK(out["groups"][0]["key"] == "webinar");
    CHECK(out["groups"][0]["name"] == "Webinar");
    CHECK(out["groups"][0]["kpis"] == out["total"]);
    CHECK(out["groups"][0]["weeks"] == json::array());
    CHECK(out["weeks"][0]["week_start"] == "2026-11-16");
    CHECK(out["weeks"][0]["definitions"][0] ==
          json{{"version", 7}, {"activated_at", "2026-11-17T09:00:00Z"}, {"mqls", 12}, {"sales_ready", 3}});
    CHECK(out["weeks"][0]["definitions"].size() == 2);
    CHECK(out["definitions"] == out["weeks"][0]["definitions"]);
    CHECK(out["breaches"][0] ==
          json{{"lead_id", 42}, {"owner_id", nullptr}, {"entered_at", "2026-11-28T09:00:00Z"}, {"hours_waiting", 50.5}});
    CHECK(out["breaches"][1]["owner_id"] == 6);
}

TEST_CASE("a computed scorecard written, sent and read back is the same") {
    Scorecard card = SampleScorecard();
    // The sample has something everywhere, or the round trip would prove little.
    REQUIRE(card.groups.size() == 2);
    REQUIRE(card.weeks.size() == 6);   // Nov 1 is a Sunday: weeks of Oct 26 to Nov 30
    REQUIRE(card.groups[1].weeks.size() == 6);
    REQUIRE(card.breaches.size() == 1);
    REQUIRE(card.total.response_hours_median.has_value());
    REQUIRE(card.leads_target.attainment.has_value());

    json out = ToJson(card);
    Scorecard decoded = ScorecardFromJson(ParseJson(DumpJson(out)));
    CHECK(ToJson(decoded) == out);
    CHECK(decoded.total.revenue == 12000);
    CHECK(decoded.total.response_hours_median == card.total.response_hours_median);
    CHECK(decoded.total.recycled_by_reason == card.total.recycled_by_reason);
    CHECK(decoded.leads_target.colour == card.leads_target.colour);
    CHECK(decoded.groups[0].key == card.groups[0].key);
    CHECK(decoded.weeks[3].week_start == card.weeks[3].week_start);
    CHECK(decoded.weeks[3].definitions == card.weeks[3].definitions);
    REQUIRE(decoded.weeks[3].definitions.size() == 1);
    CHECK(decoded.weeks[3].definitions[0].version == 5);
    CHECK(decoded.groups[1].weeks[3].definitions == card.groups[1].weeks[3].definitions);
    CHECK(decoded.definitions == card.definitions);
    CHECK(decoded.breaches[0].lead_id == 3);
    CHECK(decoded.breaches[0].owner_id == 0);
    CHECK(decoded.breaches[0].entered_at == At(11, 26));
    CHECK(decoded.breaches[0].hours_waiting == card.breaches[0].hours_waiting);
}

TEST_CASE("reading a scorecard refuses unknown, missing and mistyped members with their path") {
    json good = ToJson(SampleScorecard());
    auto error_with = [&good](const json::json_pointer& at, json value) {
        json in = good;
        in[at] = std::move(value);
        return ErrorOf([&] { ScorecardFromJson(in); });
    };
    auto error_without = [&good](const json::json_pointer& parent, const std::string& key) {
        json in = good;
        in[parent].erase(key);
        return ErrorOf([&] { ScorecardFromJson(in); });
    };
    CHECK(ErrorOf([&] { ScorecardFromJson(good); }) == "accepted");
    CHECK(error_with(json::json_pointer("/extra"), 1) == "extra: unknown field");
    CHECK(error_with(json::json_pointer("/total/bogus"), 1) == "total.bogus: unknown field");
    CHECK(error_with(json::json_pointer("/groups/0/kpis/mqls"), "3") ==
          "groups[0].kpis.mqls: expected a whole number, got text");
    CHECK(error_with(json::json_pointer("/total/leads"), -1) == "total.leads: must be at least 0");
    CHECK(error_with(json::json_pointer("/total/recycled_by_reason/no_money"), 1) ==
          "total.recycled_by_reason.no_money: unknown field");
    CHECK(error_with(json::json_pointer("/targets/mqls/colour"), "blue") ==
          "targets.mqls.colour: unknown value 'blue' (expected one of: none, red, amber, green)");
    CHECK(error_with(json::json_pointer("/weeks/1/week_start"), "2026-11-31") ==
          "weeks[1].week_start: not a date (YYYY-MM-DD): '2026-11-31'");
    CHECK(error_with(json::json_pointer("/groups/1/weeks/2/kpis/leads"), -2) == "groups[1].weeks[2].kpis.leads: must be at least 0");
    CHECK(error_with(json::json_pointer("/weeks/3/definitions/0/activated_at"), "soon") ==
          "weeks[3].definitions[0].activated_at: not an ISO 8601 time: 'soon'");
    CHECK(error_with(json::json_pointer("/breaches/0/entered_at"), "yesterday") ==
          "breaches[0].entered_at: not an ISO 8601 time: 'yesterday'");
    CHECK(error_with(json::json_pointer("/groups"), json::object()) == "groups: expected a list");
    CHECK(error_without(json::json_pointer("/total"), "win_rate") == "total.win_rate: required");
    CHECK(error_without(json::json_pointer("/total/recycled_by_reason"), "other") ==
          "total.recycled_by_reason.other: required");
    CHECK(error_without(json::json_pointer("/targets"), "acceptance_rate") == "targets.acceptance_rate: required");
    CHECK(error_without(json::json_pointer(""), "breaches") == "breaches: required");
    CHECK(ErrorOf([] { ScorecardFromJson(json::array()); }) == "expected an object, got a list");
}
