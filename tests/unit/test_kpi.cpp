// The KPI engine against small hand-built funnels whose figures are worked out by hand in the
// comments, one behaviour of PRODUCT.md's KPI table per test case.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "tandem/kpi.h"

namespace {

using namespace tandem;

constexpr Timestamp kHour = 3600;
constexpr Timestamp kDay = kSecondsPerDay;

// 2026-mm-dd hh:00 UTC; every test lives in the autumn of 2026.
Timestamp At(int month, int day, int hour = 0) { return StartOf(DaysFromCivil(2026, month, day)) + hour * kHour; }

std::uint8_t Because(RejectReason reason) { return static_cast<std::uint8_t>(static_cast<int>(reason) + 1); }

struct Step {
    Stage to;
    Timestamp at;
    std::uint8_t reason = 0;       // RejectReason + 1 for moves to recycled
    std::uint16_t definition = 0;  // made by this version's activation
};

struct LeadSpec {
    std::int64_t id = 0;
    Timestamp created = 0;
    std::vector<Step> steps;          // in time order, each from the stage before
    std::vector<Timestamp> contacts;  // logged calls or notes
    Source source = Source::Other;
    std::int64_t campaign = 0;
    std::int64_t owner = 0;
    std::int64_t deal = 0;
    std::optional<Stage> stage;       // current stage; the last step's if not given
};

// The history a lead's stage rows and contacts make: a creation row into new, then each step.
void Add(FunnelData& funnel, const LeadSpec& spec) {
    std::vector<FunnelEvent> events;
    FunnelEvent creation;
    creation.at = spec.created;
    creation.to = Stage::New;
    creation.has_from = false;
    events.push_back(creation);
    Stage current = Stage::New;
    for (const Step& step : spec.steps) {
        FunnelEvent move;
        move.at = step.at;
        move.from = current;
        move.to = step.to;
        move.reason = step.reason;
        move.definition = step.definition;
        events.push_back(move);
        current = step.to;
    }
    for (Timestamp at : spec.contacts) {
        FunnelEvent contact;
        contact.at = at;
        contact.kind = FunnelEvent::Kind::Contact;
        auto after = std::upper_bound(events.begin(), events.end(), at,
                                      [](Timestamp t, const FunnelEvent& event) { return t < event.at; });
        events.insert(after, contact);
    }
    FunnelLead lead;
    lead.id = spec.id;
    lead.created_at = spec.created;
    lead.source = spec.source;
    lead.campaign_id = spec.campaign;
    lead.owner_id = spec.owner;
    lead.deal_value = spec.deal;
    lead.stage = spec.stage.value_or(current);
    funnel.Add(lead, events);
}

// November 2026, looked at on December 10th.
ScorecardQuery November() {
    ScorecardQuery query;
    query.from = At(11, 1);
    query.to = At(12, 1);
    query.now = At(12, 10);
    return query;
}

ScorecardQuery Period(Timestamp from, Timestamp to, Timestamp now = At(12, 10)) {
    ScorecardQuery query;
    query.from = from;
    query.to = to;
    query.now = now;
    return query;
}

Kpis Total(const FunnelData& funnel, const ScorecardQuery& query) { return ComputeScorecard(funnel, query).total; }

std::int64_t ByReason(const Kpis& kpis, RejectReason reason) {
    for (const auto& entry : kpis.recycled_by_reason)
        if (entry.first == reason) return entry.second;
    return -1;
}

// Kpis compared member by member through their JSON, which names every member.
nlohmann::json AsJson(const Kpis& kpis) {
    Scorecard card;
    card.total = kpis;
    return ToJson(card)["total"];
}

}  // namespace

// [SECTION] The funnel's storage

TEST_CASE("a funnel keeps each lead's events in its own slice, in time order") {
    FunnelData funnel;
    Add(funnel, {.id = 1, .created = At(11, 2), .steps = {{Stage::Mql, At(11, 3)}}});
    Add(funnel, {.id = 2, .created = At(11, 4)});
    FunnelEvent late, early, same_second;
    late.at = At(11, 9);
    late.to = Stage::Mql;
    early.at = At(11, 5);
    early.has_from = false;
    same_second.at = At(11, 9);
    same_second.kind = FunnelEvent::Kind::Contact;
    std::vector<FunnelEvent> out_of_order = {late, early, same_second};
    funnel.Add(FunnelLead{.id = 3}, out_of_order);

    REQUIRE(funnel.leads.size() == 3);
    CHECK(funnel.event_begin == std::vector<std::uint32_t>{0, 2, 3, 6});
    CHECK(funnel.EventsOf(0).size() == 2);
    CHECK(funnel.EventsOf(1).size() == 1);
    std::span<const FunnelEvent> third = funnel.EventsOf(2);
    REQUIRE(third.size() == 3);
    CHECK(third[0].at == At(11, 5));
    // Rows of the same second keep the order they were given in.
    CHECK(third[1].kind == FunnelEvent::Kind::StageChange);
    CHECK(third[2].kind == FunnelEvent::Kind::Contact);
}

// [SECTION] Volumes

TEST_CASE("leads are those created in the period, its start included and its end excluded") {
    FunnelData funnel;
    Add(funnel, {.id = 1, .created = At(10, 31, 23)});   // before
    Add(funnel, {.id = 2, .created = At(11, 1)});        // the first second: in
    Add(funnel, {.id = 3, .created = At(12, 1) - 1});    // the last second: in
    Add(funnel, {.id = 4, .created = At(12, 1)});        // the end is exclusive: out
    Kpis kpis = Total(funnel, November());
    CHECK(kpis.leads == 2);
    CHECK(kpis.lead_to_mql == 0.0);   // 0 of 2
}

TEST_CASE("mqls count each lead's first entry into mql, once, and only when it falls in the period") {
    FunnelData funnel;
    Add(funnel, {.id = 1, .created = At(10, 20), .steps = {{Stage::Mql, At(11, 3)}}});   // counts
    // First entered in October, recycled, and entered again in November: its first entry is in
    // October, so November does not count it.
    Add(funnel, {.id = 2,
                 .created = At(10, 1),
                 .steps = {{Stage::Mql, At(10, 5)}, {Stage::Recycled, At(10, 10)}, {Stage::Mql, At(11, 5)}}});
    // Entered twice in November: once.
    Add(funnel, {.id = 3,
                 .created = At(11, 2),
                 .steps = {{Stage::Mql, At(11, 3)}, {Stage::Recycled, At(11, 4)}, {Stage::Mql, At(11, 6)}}});
    // Skips mql: straight from new to sales_ready never entered mql.
    Add(funnel, {.id = 4, .created = At(11, 2), .steps = {{Stage::SalesReady, At(11, 2, 1)}}});
    Add(funnel, {.id = 5, .created = At(11, 25), .steps = {{Stage::Mql, At(12, 2)}}});   // after the period
    Kpis kpis = Total(funnel, November());
    CHECK(kpis.mqls == 2);          // leads 1 and 3
    CHECK(kpis.sales_ready == 1);   // lead 4
    // Created in November: 3, 4, 5; of them only 3 and 5 ever entered mql (4 skipped it): 2 / 3.
    CHECK(kpis.leads == 3);
    CHECK(kpis.lead_to_mql == 2.0 / 3.0);
}

TEST_CASE("sales_ready, sqls and opportunities count first entries into each stage in the period") {
    FunnelData funnel;
    // sales_ready in October (not counted), sql and opportunity in November (counted).
    Add(funnel, {.id = 1,
                 .created = At(10, 1),
                 .steps = {{Stage::Mql, At(10, 2)}, {Stage::SalesReady, At(10, 3)}, {Stage::Sql, At(11, 2)},
                           {Stage::Opportunity, At(11, 3)}}});
    // Skips mql; sales_ready and sql count.
    Add(funnel, {.id = 2, .created = At(11, 1), .steps = {{Stage::SalesReady, At(11, 2)}, {Stage::Sql, At(11, 3)}}});
    // Handed over twice in November: one sales_ready.
    Add(funnel, {.id = 3,
                 .created = At(11, 1),
                 .steps = {{Stage::Mql, At(11, 2)}, {Stage::SalesReady, At(11, 3)},
                           {Stage::Recycled, At(11, 4), Because(RejectReason::NoNeed)}, {Stage::SalesReady, At(11, 10)}}});
    // Its opportunity comes at the first second of December: outside.
    Add(funnel, {.id = 4,
                 .created = At(11, 20),
                 .steps = {{Stage::Mql, At(11, 21)}, {Stage::SalesReady, At(11, 22)}, {Stage::Sql, At(11, 23)},
                           {Stage::Opportunity, At(12, 1)}}});
    Kpis kpis = Total(funnel, November());
    CHECK(kpis.mqls == 2);            // 3, 4
    CHECK(kpis.sales_ready == 3);     // 2, 3, 4
    CHECK(kpis.sqls == 3);            // 1, 2, 4
    CHECK(kpis.opportunities == 1);   // 1
}

// [SECTION] Sales decisions

TEST_CASE("acceptance counts every accept and reject made in the period, repeated ones too") {
    FunnelData funnel;
    // Rejected in October (not November's), rejected again on Nov 4 and accepted on Nov 11.
    Add(funnel, {.id = 1,
                 .created = At(10, 1),
                 .steps = {{Stage::Mql, At(10, 2)}, {Stage::SalesReady, At(10, 3)},
                           {Stage::Recycled, At(10, 4), Because(RejectReason::NoBudget)}, {Stage::Mql, At(11, 2)},
                           {Stage::SalesReady, At(11, 3)}, {Stage::Recycled, At(11, 4), Because(RejectReason::NoNeed)},
                           {Stage::Mql, At(11, 9)}, {Stage::SalesReady, At(11, 10)}, {Stage::Sql, At(11, 11)}}});
    Add(funnel, {.id = 2, .created = At(11, 2), .steps = {{Stage::SalesReady, At(11, 5)}, {Stage::Sql, At(11, 6)}}});
    // Disqualifying is a response but neither an accept nor a reject.
    Add(funnel, {.id = 3, .created = At(11, 2), .steps = {{Stage::SalesReady, At(11, 5)}, {Stage::Disqualified, At(11, 6)}}});
    // Accepted in December.
    Add(funnel, {.id = 4, .created = At(11, 2), .steps = {{Stage::SalesReady, At(11, 29)}, {Stage::Sql, At(12, 1)}}});

    Kpis november = Total(funnel, November());
    CHECK(november.accepted == 2);   // lead 1 on Nov 11, lead 2 on Nov 6
    CHECK(november.rejected == 1);   // lead 1 on Nov 4
    CHECK(november.acceptance_rate == 2.0 / 3.0);

    Kpis october = Total(funnel, Period(At(10, 1), At(11, 1)));
    CHECK(october.accepted == 0);
    CHECK(october.rejected == 1);
    CHECK(october.acceptance_rate == 0.0);

    Kpis september = Total(funnel, Period(At(9, 1), At(10, 1)));
    CHECK(september.acceptance_rate == std::nullopt);   // no decisions: no rate, not 0 %
}

TEST_CASE("a recycled lead that qualifies again counts once as an mql and its rejection when it happened") {
    FunnelData funnel;
    Add(funnel, {.id = 1,
                 .created = At(11, 2),
                 .steps = {{Stage::Mql, At(11, 3)}, {Stage::SalesReady, At(11, 4)},
                           {Stage::Recycled, At(11, 5), Because(RejectReason::NoBudget)}, {Stage::Mql, At(11, 20)},
                           {Stage::SalesReady, At(11, 21)}, {Stage::Sql, At(11, 22)}}});

    Kpis november = Total(funnel, November());
    CHECK(november.mqls == 1);
    CHECK(november.sales_ready == 1);
    CHECK(november.sqls == 1);
    CHECK(november.accepted == 1);
    CHECK(november.rejected == 1);
    CHECK(november.recycled == 1);
    CHECK(ByReason(november, RejectReason::NoBudget) == 1);

    // The first ten days hold the first entries and the rejection.
    Kpis early = Total(funnel, Period(At(11, 1), At(11, 10)));
    CHECK(early.mqls == 1);
    CHECK(early.sales_ready == 1);
    CHECK(early.rejected == 1);
    CHECK(early.accepted == 0);
    CHECK(early.acceptance_rate == 0.0);
    CHECK(early.recycled == 1);
    CHECK(ByReason(early, RejectReason::NoBudget) == 1);
    CHECK(early.response_hours_median == 24.0);   // handed over Nov 4, rejected Nov 5

    // The rest re-enters stages already entered: nothing but the accept and the first sql.
    Kpis late = Total(funnel, Period(At(11, 10), At(12, 1)));
    CHECK(late.mqls == 0);
    CHECK(late.sales_ready == 0);
    CHECK(late.recycled == 0);
    CHECK(late.rejected == 0);
    CHECK(late.accepted == 1);
    CHECK(late.acceptance_rate == 1.0);
    CHECK(late.sqls == 1);
    CHECK(late.response_answered == 0);   // the response clock follows the first handover only
}

// [SECTION] Conversions

TEST_CASE("a stage conversion follows the leads that entered the first stage in the period up to now") {
    FunnelData funnel;
    Add(funnel, {.id = 1,
                 .created = At(11, 2),
                 .steps = {{Stage::Mql, At(11, 3)}, {Stage::SalesReady, At(11, 4)}, {Stage::Sql, At(11, 5)},
                           {Stage::Opportunity, At(11, 6)}, {Stage::Won, At(11, 20)}},
                 .deal = 1000});
    // Reaches sales_ready after the period but before now: it converted.
    Add(funnel, {.id = 2, .created = At(11, 2), .steps = {{Stage::Mql, At(11, 3)}, {Stage::SalesReady, At(12, 5)}}});
    // Skips mql.
    Add(funnel, {.id = 3,
                 .created = At(11, 2),
                 .steps = {{Stage::SalesReady, At(11, 3)}, {Stage::Sql, At(11, 4)}, {Stage::Opportunity, At(11, 10)},
                           {Stage::Lost, At(11, 25)}}});
    Add(funnel, {.id = 4, .created = At(11, 2)});
    // Reaches sales_ready only after now: not converted.
    Add(funnel, {.id = 5, .created = At(10, 1), .steps = {{Stage::Mql, At(11, 8)}, {Stage::SalesReady, At(12, 11)}}});
    Add(funnel, {.id = 6,
                 .created = At(10, 20),
                 .steps = {{Stage::Mql, At(10, 21)}, {Stage::SalesReady, At(10, 22)}, {Stage::Sql, At(11, 2)}}});
    Add(funnel, {.id = 7,
                 .created = At(10, 20),
                 .steps = {{Stage::Mql, At(10, 21)}, {Stage::SalesReady, At(10, 22)}, {Stage::Sql, At(11, 3)},
                           {Stage::Opportunity, At(12, 3)}}});

    Kpis kpis = Total(funnel, November());
    // Created in November: 1, 2, 3, 4; ever mql: 1, 2 (3 skipped it) -> 2 / 4.
    CHECK(kpis.lead_to_mql == 0.5);
    // Entered mql in November: 1, 2, 5; sales_ready by now: 1 (Nov 4), 2 (Dec 5) -> 2 / 3.
    CHECK(kpis.mql_to_sales_ready == 2.0 / 3.0);
    // Entered sales_ready in November: 1, 3; both sql -> 2 / 2.
    CHECK(kpis.sales_ready_to_sql == 1.0);
    // Entered sql in November: 1, 3, 6, 7; opportunity by now: 1, 3, 7 (Dec 3) -> 3 / 4.
    CHECK(kpis.sql_to_opportunity == 0.75);
    // Entered opportunity in November: 1, 3; won: 1 -> 1 / 2.
    CHECK(kpis.opportunity_to_won == 0.5);

    // Nobody entered anything in September: no conversion at all, not 0 %.
    Kpis september = Total(funnel, Period(At(9, 1), At(10, 1)));
    CHECK(september.lead_to_mql == std::nullopt);
    CHECK(september.mql_to_sales_ready == std::nullopt);
    CHECK(september.sales_ready_to_sql == std::nullopt);
    CHECK(september.sql_to_opportunity == std::nullopt);
    CHECK(september.opportunity_to_won == std::nullopt);
}

// [SECTION] Response time and the SLA

TEST_CASE("response hours are the median and nearest-rank p90 of the time to the first sales response") {
    FunnelData funnel;
    // Contact after 1 h (the accept at 5 h comes later and does not count).
    Add(funnel, {.id = 1,
                 .created = At(11, 2),
                 .steps = {{Stage::SalesReady, At(11, 10)}, {Stage::Sql, At(11, 10, 5)}},
                 .contacts = {At(11, 10, 1)}});
    Add(funnel, {.id = 2, .created = At(11, 2), .steps = {{Stage::SalesReady, At(11, 11)}, {Stage::Sql, At(11, 11, 2)}}});
    Add(funnel, {.id = 3,
                 .created = At(11, 2),
                 .steps = {{Stage::SalesReady, At(11, 12)}, {Stage::Recycled, At(11, 12, 4), Because(RejectReason::BadFit)}}});
    Add(funnel, {.id = 4,
                 .created = At(11, 2),
                 .steps = {{Stage::SalesReady, At(11, 13)}, {Stage::Disqualified, At(11, 13, 10)}}});
    // The definition taking the lead back is not sales answering; the contact 30 h later is.
    Add(funnel, {.id = 5,
                 .created = At(11, 2),
                 .steps = {{Stage::SalesReady, At(11, 14)}, {Stage::Mql, At(11, 14, 5)}},
                 .contacts = {At(11, 15, 6)}});
    // Never answered; its SLA passed long ago.
    Add(funnel, {.id = 6, .created = At(11, 2), .steps = {{Stage::SalesReady, At(11, 15)}}});
    // Handed over in October: not November's.
    Add(funnel, {.id = 7, .created = At(10, 2), .steps = {{Stage::SalesReady, At(10, 30)}}, .contacts = {At(11, 2)}});

    Kpis kpis = Total(funnel, November());
    // Answered: 1, 2, 4, 10, 30 h. Median: the 3rd of 5 = 4. p90: rank ceil(0.9 * 5) = 5 -> 30.
    CHECK(kpis.response_answered == 5);
    CHECK(kpis.response_hours_median == 4.0);
    CHECK(kpis.response_hours_p90 == 30.0);
    // Within 24 h: 1, 2, 4, 10 -> 4 met; due: 5 answered + lead 6 -> 6; 4 / 6.
    CHECK(kpis.sla_due == 6);
    CHECK(kpis.sla_met == 4);
    CHECK(kpis.sla_met_rate == 4.0 / 6.0);

    // Leads 1-4 only: 1, 2, 4, 10 h. Even count: median (2 + 4) / 2 = 3; p90 rank ceil(3.6) = 4 -> 10.
    Kpis four = Total(funnel, Period(At(11, 10), At(11, 14)));
    CHECK(four.response_answered == 4);
    CHECK(four.response_hours_median == 3.0);
    CHECK(four.response_hours_p90 == 10.0);

    // A single answer is its own median and p90; none gives none.
    Kpis one = Total(funnel, Period(At(11, 11), At(11, 12)));
    CHECK(one.response_hours_median == 2.0);
    CHECK(one.response_hours_p90 == 2.0);
    Kpis none = Total(funnel, Period(At(11, 15), At(11, 16)));
    CHECK(none.response_answered == 0);
    CHECK(none.response_hours_median == std::nullopt);
    CHECK(none.response_hours_p90 == std::nullopt);
    CHECK(none.sla_due == 1);   // lead 6
    CHECK(none.sla_met_rate == 0.0);
}

TEST_CASE("the p90 of ten responses is the ninth, by nearest rank") {
    FunnelData funnel;
    // Handed over on Nov 1 + i days, contacted i hours later, i = 1..10.
    for (int i = 1; i <= 10; ++i) {
        Timestamp handover = At(11, 1 + i);
        Add(funnel, {.id = i, .created = At(11, 1), .steps = {{Stage::SalesReady, handover}},
                     .contacts = {handover + i * kHour}});
    }
    Kpis kpis = Total(funnel, November());
    CHECK(kpis.response_answered == 10);
    CHECK(kpis.response_hours_median == 5.5);   // (5 + 6) / 2
    CHECK(kpis.response_hours_p90 == 9.0);      // rank ceil(0.9 * 10) = 9
}

TEST_CASE("response times seconds to months apart are ordered exactly") {
    FunnelData funnel;
    // Answered after 2 s, 1 h and 80 days (6,912,000 s: wider than two 11-bit digits).
    const Timestamp waits[] = {2, kHour, 80 * kDay};
    for (int i = 0; i < 3; ++i) {
        Timestamp handover = At(11, 2 + i);
        Add(funnel, {.id = i + 1, .created = At(11, 1), .steps = {{Stage::SalesReady, handover}},
                     .contacts = {handover + waits[2 - i]}});
    }
    Scorecard card = ComputeScorecard(funnel, Period(At(11, 1), At(12, 1), StartOf(DaysFromCivil(2027, 3, 1))));
    CHECK(card.total.response_hours_median == 1.0);     // the 2nd of 3
    CHECK(card.total.response_hours_p90 == 80 * 24.0);  // rank ceil(2.7) = 3
}

TEST_CASE("an unanswered lead past its SLA is missed and breached, one still within it is neither") {
    FunnelData funnel;
    // Accepted after 6 h: met.
    Add(funnel, {.id = 1, .created = At(11, 19), .steps = {{Stage::SalesReady, At(11, 20)}, {Stage::Sql, At(11, 20, 6)}}});
    // Contacted after 36 h: answered, missed; still sales_ready but answered, so no breach.
    Add(funnel, {.id = 2, .created = At(11, 19), .steps = {{Stage::SalesReady, At(11, 21)}}, .contacts = {At(11, 22, 12)}});
    // Waiting 60 h at now: due, missed, breached.
    Add(funnel, {.id = 3, .created = At(11, 19), .steps = {{Stage::SalesReady, At(11, 28)}}, .owner = 7});
    // Waiting 12 h at now: not yet due, no breach.
    Add(funnel, {.id = 4, .created = At(11, 19), .steps = {{Stage::SalesReady, At(11, 30)}}, .owner = 8});
    // Waiting exactly 24 h at now: due (entry + 24 h <= now), so missed, but not yet a breach
    // (that needs now - entry > 24 h), as the definitions say.
    Add(funnel, {.id = 5, .created = At(11, 19), .steps = {{Stage::SalesReady, At(11, 29, 12)}}});
    // Answered after exactly 24 h: met.
    Add(funnel, {.id = 6, .created = At(11, 19), .steps = {{Stage::SalesReady, At(11, 25)}}, .contacts = {At(11, 26)}});

    Scorecard card = ComputeScorecard(funnel, Period(At(11, 1), At(12, 1), At(11, 30, 12)));
    // Due: 3 answered (1, 2, 6) + leads 3 and 5 = 5; met: leads 1 and 6 -> 2 / 5.
    CHECK(card.total.sla_due == 5);
    CHECK(card.total.sla_met == 2);
    CHECK(card.total.sla_met_rate == 0.4);
    // Hours 6, 24, 36: median 24; p90 rank ceil(2.7) = 3 -> 36.
    CHECK(card.total.response_answered == 3);
    CHECK(card.total.response_hours_median == 24.0);
    CHECK(card.total.response_hours_p90 == 36.0);
    REQUIRE(card.breaches.size() == 1);
    CHECK(card.breaches[0].lead_id == 3);
    CHECK(card.breaches[0].owner_id == 7);
    CHECK(card.breaches[0].entered_at == At(11, 28));
    CHECK(card.breaches[0].hours_waiting == 60.0);

    // A longer SLA of 72 h: all three answers meet it, and leads 3 and 5 are not due yet.
    ScorecardQuery lenient = Period(At(11, 1), At(12, 1), At(11, 30, 12));
    lenient.sla_hours = 72;
    Scorecard relaxed = ComputeScorecard(funnel, lenient);
    CHECK(relaxed.total.sla_due == 3);
    CHECK(relaxed.total.sla_met == 3);
    CHECK(relaxed.breaches.empty());
}

TEST_CASE("breaches list waiting sales_ready leads by their latest handover, longest first, whatever the period") {
    FunnelData funnel;
    // Answered after its first handover, handed over again on Dec 5 and waiting since: 120 h.
    Add(funnel, {.id = 10,
                 .created = At(11, 1),
                 .steps = {{Stage::SalesReady, At(11, 2)}, {Stage::Recycled, At(11, 3), Because(RejectReason::NoTimeline)},
                           {Stage::SalesReady, At(12, 5)}},
                 .owner = 3});
    Add(funnel, {.id = 11, .created = At(12, 7), .steps = {{Stage::SalesReady, At(12, 8)}}});   // 48 h, unassigned
    Add(funnel, {.id = 12, .created = At(12, 1), .steps = {{Stage::SalesReady, At(12, 5)}}, .owner = 4});   // 120 h
    Add(funnel, {.id = 13, .created = At(12, 1), .steps = {{Stage::SalesReady, At(12, 1)}}, .contacts = {At(12, 2)}});
    Add(funnel, {.id = 14, .created = At(12, 9), .steps = {{Stage::SalesReady, At(12, 9, 6)}}});   // 18 h: within
    Add(funnel, {.id = 15, .created = At(12, 1), .steps = {{Stage::SalesReady, At(12, 1)}, {Stage::Sql, At(12, 2)}}});

    // September holds none of these leads' activity; breaches are about now.
    Scorecard card = ComputeScorecard(funnel, Period(At(9, 1), At(10, 1)));
    CHECK(card.total.leads == 0);
    REQUIRE(card.breaches.size() == 3);
    CHECK(card.breaches[0].lead_id == 10);   // 120 h; ties go by lead id
    CHECK(card.breaches[0].entered_at == At(12, 5));
    CHECK(card.breaches[0].hours_waiting == 120.0);
    CHECK(card.breaches[0].owner_id == 3);
    CHECK(card.breaches[1].lead_id == 12);
    CHECK(card.breaches[1].hours_waiting == 120.0);
    CHECK(card.breaches[2].lead_id == 11);
    CHECK(card.breaches[2].hours_waiting == 48.0);
    CHECK(card.breaches[2].owner_id == 0);
}

// [SECTION] Recycling

TEST_CASE("recycled leads are split by the reason of their first recycling in the period") {
    FunnelData funnel;
    Add(funnel, {.id = 1,
                 .created = At(11, 1),
                 .steps = {{Stage::SalesReady, At(11, 2)}, {Stage::Recycled, At(11, 3), Because(RejectReason::NoBudget)}}});
    Add(funnel, {.id = 2,
                 .created = At(11, 1),
                 .steps = {{Stage::SalesReady, At(11, 4)}, {Stage::Recycled, At(11, 5), Because(RejectReason::NoBudget)}}});
    // Recycled twice in November: its first reason, bad_fit, counts.
    Add(funnel, {.id = 3,
                 .created = At(11, 1),
                 .steps = {{Stage::SalesReady, At(11, 6)}, {Stage::Recycled, At(11, 7), Because(RejectReason::BadFit)},
                           {Stage::Mql, At(11, 10)}, {Stage::SalesReady, At(11, 11)},
                           {Stage::Recycled, At(11, 12), Because(RejectReason::Other)}}});
    // Marketing recycled it from mql without a reason: recycled, but under no reason.
    Add(funnel, {.id = 4, .created = At(11, 1), .steps = {{Stage::Mql, At(11, 2)}, {Stage::Recycled, At(11, 8)}}});
    // First recycled in October: not November's recycling (its November rejection still is a decision).
    Add(funnel, {.id = 5,
                 .created = At(10, 1),
                 .steps = {{Stage::SalesReady, At(10, 2)}, {Stage::Recycled, At(10, 3), Because(RejectReason::NoNeed)},
                           {Stage::Mql, At(11, 1)}, {Stage::SalesReady, At(11, 2)},
                           {Stage::Recycled, At(11, 3), Because(RejectReason::Duplicate)}}});

    Kpis kpis = Total(funnel, November());
    CHECK(kpis.recycled == 4);   // 1, 2, 3, 4
    REQUIRE(kpis.recycled_by_reason.size() == 8);
    const RejectReason in_order[] = {RejectReason::NoBudget, RejectReason::NoAuthority, RejectReason::NoNeed,
                                     RejectReason::NoTimeline, RejectReason::BadFit, RejectReason::Duplicate,
                                     RejectReason::Unreachable, RejectReason::Other};
    const std::int64_t counts[] = {2, 0, 0, 0, 1, 0, 0, 0};
    for (std::size_t i = 0; i < 8; ++i) {
        CAPTURE(i);
        CHECK(kpis.recycled_by_reason[i].first == in_order[i]);
        CHECK(kpis.recycled_by_reason[i].second == counts[i]);
    }
    // Rejections in November: 1 (Nov 3), 2 (Nov 5), 3 (Nov 7, Nov 12), 5 (Nov 3) = 5.
    CHECK(kpis.rejected == 5);

    // Every reason is listed even when nothing was recycled.
    Kpis quiet = Total(funnel, Period(At(9, 1), At(10, 1)));
    CHECK(quiet.recycled_by_reason.size() == 8);
    CHECK(ByReason(quiet, RejectReason::NoBudget) == 0);
}

// [SECTION] Deals

namespace {

// Two wins and two losses in November, one win each side of it, four open opportunities.
FunnelData DealFunnel() {
    auto to_opportunity = [](Timestamp created) {
        return std::vector<Step>{{Stage::Mql, created + kDay},
                                 {Stage::SalesReady, created + 2 * kDay},
                                 {Stage::Sql, created + 3 * kDay},
                                 {Stage::Opportunity, created + 4 * kDay}};
    };
    auto closing = [&](Timestamp created, Stage outcome, Timestamp at) {
        std::vector<Step> steps = to_opportunity(created);
        steps.push_back({outcome, at});
        return steps;
    };
    FunnelData funnel;
    // Created Oct 11, won Nov 10: 30 days, $30,000.
    Add(funnel, {.id = 1, .created = At(10, 11), .steps = closing(At(10, 11), Stage::Won, At(11, 10)), .deal = 30000});
    // Created Nov 1, won Nov 21: 20 days, $10,000.
    Add(funnel, {.id = 2, .created = At(11, 1), .steps = closing(At(11, 1), Stage::Won, At(11, 21)), .deal = 10000});
    Add(funnel, {.id = 3, .created = At(9, 1), .steps = closing(At(9, 1), Stage::Won, At(10, 20)), .deal = 99999});
    Add(funnel, {.id = 4, .created = At(10, 1), .steps = closing(At(10, 1), Stage::Won, At(12, 2)), .deal = 77777});
    Add(funnel, {.id = 5, .created = At(10, 1), .steps = closing(At(10, 1), Stage::Lost, At(11, 15))});
    Add(funnel, {.id = 6, .created = At(10, 1), .steps = closing(At(10, 1), Stage::Lost, At(11, 16))});
    for (std::int64_t id = 7; id <= 10; ++id) Add(funnel, {.id = id, .created = At(9, 1), .steps = to_opportunity(At(9, 1))});
    return funnel;
}

}  // namespace

TEST_CASE("won deals give revenue, win rate, average deal, cycle days and sales velocity") {
    Kpis kpis = Total(DealFunnel(), November());
    CHECK(kpis.won == 2);
    CHECK(kpis.lost == 2);
    CHECK(kpis.revenue == 40000);           // 30,000 + 10,000
    CHECK(kpis.win_rate == 0.5);            // 2 / (2 + 2)
    CHECK(kpis.avg_deal == 20000.0);        // 40,000 / 2
    CHECK(kpis.cycle_days == 25.0);         // (30 + 20) / 2
    CHECK(kpis.open_opportunities == 5);    // at Nov 30's end: leads 7-10, and 4 (won only on Dec 2)
    CHECK(kpis.sales_velocity == 2000.0);   // 5 * 0.5 * 20,000 / 25 dollars a day
}

TEST_CASE("open opportunities are counted at the end of the period (now, for one not over), week by week too") {
    FunnelData funnel;
    auto through = [](Timestamp opportunity) {
        return std::vector<Step>{{Stage::SalesReady, opportunity - 2 * kDay}, {Stage::Sql, opportunity - kDay},
                                 {Stage::Opportunity, opportunity}};
    };
    // A: an opportunity from Oct 5, won Nov 10. B: from Nov 18, still open. C: from Nov 3, lost
    // Nov 4: an opportunity at no period's end.
    std::vector<Step> a = through(At(10, 5));
    a.push_back({Stage::Won, At(11, 10)});
    Add(funnel, {.id = 1, .created = At(10, 1), .steps = a, .deal = 1000});
    Add(funnel, {.id = 2, .created = At(11, 8), .steps = through(At(11, 18))});
    std::vector<Step> c = through(At(11, 3));
    c.push_back({Stage::Lost, At(11, 4)});
    Add(funnel, {.id = 3, .created = At(11, 1), .steps = c});

    CHECK(Total(funnel, Period(At(10, 1), At(11, 1))).open_opportunities == 1);   // A, at Oct 31's end
    CHECK(Total(funnel, Period(At(11, 1), At(12, 1))).open_opportunities == 1);   // B; A was won
    CHECK(Total(funnel, Period(At(11, 1), At(12, 1), At(11, 9, 12))).open_opportunities == 1);    // A, by Nov 9 noon
    CHECK(Total(funnel, Period(At(11, 1), At(12, 1), At(11, 10, 12))).open_opportunities == 0);   // A won, B not yet
    CHECK(Total(funnel, Period(At(11, 1), At(12, 1), At(11, 18, 12))).open_opportunities == 1);   // B
    // An opportunity entered exactly at the end belongs to the next period.
    CHECK(Total(funnel, Period(At(11, 1), At(11, 18))).open_opportunities == 0);

    // November in weeks (Mondays Oct 26 ... Nov 30): A open at the ends of the first two weeks,
    // nobody at Nov 16, B from the week ending Nov 23 on.
    ScorecardQuery weekly = Period(At(11, 1), At(12, 1));
    weekly.weekly = true;
    Scorecard card = ComputeScorecard(funnel, weekly);
    REQUIRE(card.weeks.size() == 6);
    const std::int64_t expected[] = {1, 1, 0, 1, 1, 1};   // ends Nov 2, 9, 16 (A won Nov 10), 23, 30, Dec 1
    for (std::size_t w = 0; w < 6; ++w) {
        INFO("week of ", FormatDate(card.weeks[w].week_start));
        CHECK(card.weeks[w].kpis.open_opportunities == expected[w]);
    }
}

TEST_CASE("a period without closed deals has no win rate, average deal, cycle or velocity, and no revenue") {
    FunnelData funnel = DealFunnel();
    Kpis quiet = Total(funnel, Period(At(11, 22), At(12, 1)));
    CHECK(quiet.won == 0);
    CHECK(quiet.lost == 0);
    CHECK(quiet.revenue == 0);
    CHECK(quiet.win_rate == std::nullopt);
    CHECK(quiet.avg_deal == std::nullopt);
    CHECK(quiet.cycle_days == std::nullopt);
    CHECK(quiet.sales_velocity == std::nullopt);
    CHECK(quiet.open_opportunities == 5);   // leads 7-10 and 4, at Nov 30's end

    // Only losses: a win rate of 0, but still no average deal and so no velocity.
    Kpis losing = Total(funnel, Period(At(11, 15), At(11, 17)));
    CHECK(losing.lost == 2);
    CHECK(losing.win_rate == 0.0);
    CHECK(losing.avg_deal == std::nullopt);
    CHECK(losing.sales_velocity == std::nullopt);
}

// [SECTION] The clock

TEST_CASE("events after now are ignored, as if they had not happened yet") {
    FunnelData funnel;
    // Handed over and accepted "on Nov 25-26" by a skewed clock; now is Nov 20.
    Add(funnel, {.id = 1,
                 .created = At(11, 2),
                 .steps = {{Stage::Mql, At(11, 3)}, {Stage::SalesReady, At(11, 25)}, {Stage::Sql, At(11, 26)}}});
    // Handed over Nov 10; the contact "on Nov 21" has not happened: still unanswered, breached.
    Add(funnel, {.id = 2, .created = At(11, 2), .steps = {{Stage::SalesReady, At(11, 10)}}, .contacts = {At(11, 21)},
                 .owner = 5});
    Add(funnel, {.id = 3, .created = At(11, 22)});   // created in the future

    Scorecard card = ComputeScorecard(funnel, Period(At(11, 1), At(12, 1), At(11, 20)));
    CHECK(card.total.leads == 2);
    CHECK(card.total.mqls == 1);
    CHECK(card.total.sales_ready == 1);   // lead 2
    CHECK(card.total.sqls == 0);
    CHECK(card.total.accepted == 0);
    CHECK(card.total.lead_to_mql == 0.5);          // 1 of leads 1, 2
    CHECK(card.total.mql_to_sales_ready == 0.0);   // lead 1 has not reached sales_ready by now
    CHECK(card.total.response_answered == 0);
    CHECK(card.total.sla_due == 1);
    CHECK(card.total.sla_met == 0);
    REQUIRE(card.breaches.size() == 1);
    CHECK(card.breaches[0].lead_id == 2);
    CHECK(card.breaches[0].hours_waiting == 240.0);   // Nov 10 to Nov 20
}

// [SECTION] Groups

TEST_CASE("grouped by source, each active source gets its own figures, most leads first") {
    FunnelData funnel;
    Add(funnel, {.id = 1, .created = At(11, 2), .steps = {{Stage::Mql, At(11, 5)}}, .source = Source::Webinar});
    Add(funnel, {.id = 2, .created = At(11, 3), .source = Source::Webinar});
    Add(funnel, {.id = 3, .created = At(11, 4), .source = Source::Webinar});
    Add(funnel, {.id = 4,
                 .created = At(11, 2),
                 .steps = {{Stage::Mql, At(11, 3)}, {Stage::SalesReady, At(11, 4)}, {Stage::Sql, At(11, 5)},
                           {Stage::Opportunity, At(11, 6)}, {Stage::Won, At(11, 20)}},
                 .source = Source::Referral,
                 .deal = 5000});
    Add(funnel, {.id = 5, .created = At(11, 3), .source = Source::Event});
    // Only an open opportunity: still active.
    Add(funnel, {.id = 6,
                 .created = At(9, 1),
                 .steps = {{Stage::Mql, At(9, 2)}, {Stage::SalesReady, At(9, 3)}, {Stage::Sql, At(9, 4)},
                           {Stage::Opportunity, At(9, 10)}},
                 .source = Source::PaidSearch});
    Add(funnel, {.id = 7, .created = At(9, 1), .source = Source::Social});   // nothing in November

    ScorecardQuery query = November();
    query.group = GroupBy::Source;
    Scorecard card = ComputeScorecard(funnel, query);
    REQUIRE(card.groups.size() == 4);
    // 3 leads; then event and referral with 1 each, by name; then paid_search with none.
    CHECK(card.groups[0].key == "webinar");
    CHECK(card.groups[1].key == "event");
    CHECK(card.groups[2].key == "referral");
    CHECK(card.groups[3].key == "paid_search");
    CHECK(card.groups[3].name == "Paid search");
    CHECK(card.groups[0].kpis.leads == 3);
    CHECK(card.groups[0].kpis.mqls == 1);
    CHECK(card.groups[0].kpis.lead_to_mql == 1.0 / 3.0);
    CHECK(card.groups[2].kpis.won == 1);
    CHECK(card.groups[2].kpis.revenue == 5000);
    CHECK(card.groups[2].kpis.cycle_days == 18.0);   // Nov 2 to Nov 20
    CHECK(card.groups[3].kpis.leads == 0);
    CHECK(card.groups[3].kpis.open_opportunities == 1);
    CHECK(card.groups[0].kpis.open_opportunities == 0);
    CHECK(card.total.leads == 5);
    CHECK(card.total.open_opportunities == 1);
    CHECK(card.total.revenue == 5000);

    CHECK(ComputeScorecard(funnel, November()).groups.empty());   // no grouping asked for
}

TEST_CASE("grouped by campaign, the keys are campaign ids, 0 gathers leads without one, and groups have names") {
    FunnelData funnel;
    Add(funnel, {.id = 1, .created = At(11, 2), .campaign = 12});
    Add(funnel, {.id = 2, .created = At(11, 3), .campaign = 12});
    Add(funnel, {.id = 3, .created = At(11, 2)});
    Add(funnel, {.id = 4, .created = At(11, 5)});
    Add(funnel, {.id = 5, .created = At(11, 4), .campaign = 3});
    Add(funnel, {.id = 6, .created = At(10, 1), .campaign = 40});   // nothing in November
    Add(funnel, {.id = 7, .created = At(10, 1), .steps = {{Stage::Mql, At(11, 2)}}, .campaign = 12});

    ScorecardQuery query = November();
    query.group = GroupBy::Campaign;
    std::map<std::int64_t, std::string> names = {{12, "Retail webinar"}};
    query.campaign_names = &names;
    Scorecard card = ComputeScorecard(funnel, query);
    REQUIRE(card.groups.size() == 3);
    // "0" and "12" both have 2 leads and sort by key as text; then "3".
    CHECK(card.groups[0].key == "0");
    CHECK(card.groups[1].key == "12");
    CHECK(card.groups[2].key == "3");
    CHECK(card.groups[0].name == "No campaign");
    CHECK(card.groups[1].name == "Retail webinar");
    CHECK(card.groups[2].name == "Campaign 3");   // a name the caller did not know
    CHECK(card.groups[0].kpis.leads == 2);
    CHECK(card.groups[1].kpis.leads == 2);
    CHECK(card.groups[1].kpis.mqls == 1);   // lead 7
    CHECK(card.groups[2].kpis.leads == 1);
}

// [SECTION] Weekly trends

TEST_CASE("weekly trends cut the period at ISO weeks and mark the week a definition took effect") {
    FunnelData funnel;
    Add(funnel, {.id = 1, .created = At(11, 3, 12)});    // Tuesday before the period
    Add(funnel, {.id = 2, .created = At(11, 4)});        // Wednesday, the first second
    Add(funnel, {.id = 3, .created = At(11, 9) - 1});    // Sunday, the last second of week one
    Add(funnel, {.id = 4, .created = At(11, 9)});        // Monday: week two
    Add(funnel, {.id = 5, .created = At(11, 18)});       // week three
    Add(funnel, {.id = 6, .created = At(11, 19)});       // the period's end: out
    // Handed over Sunday 20:00, accepted Monday 02:00: the response belongs to the handover's
    // week, the accept to the week it was made in.
    Add(funnel, {.id = 7, .created = At(10, 1), .steps = {{Stage::SalesReady, At(11, 8, 20)}, {Stage::Sql, At(11, 9, 2)}}});
    // v7's activation moves 8 to mql, 9 to mql and on to sales_ready, and 11 (an mql since Nov 5)
    // to sales_ready; 10 is moved by hand in the same second.
    Timestamp v7 = At(11, 10, 9);
    Add(funnel, {.id = 8, .created = At(10, 1), .steps = {{Stage::Mql, v7, 0, 7}}});
    Add(funnel, {.id = 9, .created = At(10, 1), .steps = {{Stage::Mql, v7, 0, 7}, {Stage::SalesReady, v7, 0, 7}}});
    Add(funnel, {.id = 10, .created = At(10, 1), .steps = {{Stage::Mql, v7}}});
    Add(funnel, {.id = 11, .created = At(10, 1), .steps = {{Stage::Mql, At(11, 5)}, {Stage::SalesReady, v7, 0, 7}}});

    const DefinitionChange definitions[] = {
        {6, At(11, 3, 12)},   // in the Monday Nov 2 week, but before the period starts
        {7, v7},
        {9, At(11, 16)},      // a week's first second
        {8, At(11, 19)},      // the period's end
    };
    ScorecardQuery query = Period(At(11, 4), At(11, 19));   // Wednesday Nov 4 to Thursday Nov 19
    query.weekly = true;
    query.definitions = definitions;
    Scorecard card = ComputeScorecard(funnel, query);

    REQUIRE(card.weeks.size() == 3);
    CHECK(card.weeks[0].week_start == DaysFromCivil(2026, 11, 2));
    CHECK(card.weeks[1].week_start == DaysFromCivil(2026, 11, 9));
    CHECK(card.weeks[2].week_start == DaysFromCivil(2026, 11, 16));
    CHECK(card.weeks[0].kpis.leads == 2);   // 2, 3
    CHECK(card.weeks[1].kpis.leads == 1);   // 4
    CHECK(card.weeks[2].kpis.leads == 1);   // 5
    CHECK(card.total.leads == 4);
    CHECK(card.weeks[0].kpis.sales_ready == 1);
    CHECK(card.weeks[0].kpis.response_hours_median == 6.0);
    CHECK(card.weeks[0].kpis.accepted == 0);
    CHECK(card.weeks[1].kpis.accepted == 1);
    CHECK(card.weeks[1].kpis.sqls == 1);
    // Each week lists the versions activated in it, with what the activation moved at once.
    using Effects = std::vector<DefinitionEffect>;
    CHECK(card.weeks[0].definitions.empty());   // v6 came before the period
    CHECK(card.weeks[1].definitions == Effects{{7, v7, 2, 2}});
    CHECK(card.weeks[1].kpis.mqls == 3);          // 8, 9, 10
    CHECK(card.weeks[1].kpis.sales_ready == 2);   // 9, 11
    CHECK(card.weeks[2].definitions == Effects{{9, At(11, 16), 0, 0}});
    CHECK(card.definitions == Effects{{7, v7, 2, 2}, {9, At(11, 16), 0, 0}});   // v8: the period's end

    query.weekly = false;
    CHECK(ComputeScorecard(funnel, query).weeks.empty());
}

TEST_CASE("an activation's moves carry its version in the history reason, and nothing else reads as one") {
    CHECK(ActivationReason(3) == "definition v3");
    CHECK(ActivationVersion(ActivationReason(3)) == 3);
    CHECK(ActivationVersion("definition v65535") == 65535);
    for (const char* other : {"decay", "definition v", "definition v3x", "definition v-3", "definition v65536",
                              "definition v1234567", "Definition v3", "no_budget", ""}) {
        INFO(other);
        CHECK(ActivationVersion(other) == 0);
    }
}

// [SECTION] Targets

TEST_CASE("a target is pro-rated by the elapsed seconds of each month it covers") {
    const MonthlyTarget targets[] = {
        {"2026-10", std::nullopt, 50, {}, {}, {}},   // no leads target for October
        {"2026-11", 300, {}, {}, {}, {}},            // 10 a day
        {"2026-12", 310, {}, {}, {}, {}},            // 10 a day
        {"2026-13", 999, {}, {}, {}, {}},            // not a month: ignored
        {"bogus", 999, {}, {}, {}, {}},
    };
    auto leads = &MonthlyTarget::leads;
    // All of November, over: the whole month.
    CHECK(ProRatedTarget(targets, leads, At(11, 1), At(12, 1), At(12, 10)) == 300.0);
    // Nov 16 - Dec 16 seen on Dec 6 at noon: 15 of 30 November days (150) and 5.5 of 31 December
    // days (310 * 5.5 / 31 = 55).
    CHECK(ProRatedTarget(targets, leads, At(11, 16), At(12, 16), At(12, 6, 12)) == 205.0);
    // Half a day counts half: 300 * 0.5 / 30.
    CHECK(ProRatedTarget(targets, leads, At(11, 1), At(12, 1), At(11, 1, 12)) == 5.0);
    // Nothing has elapsed yet.
    CHECK(ProRatedTarget(targets, leads, At(11, 1), At(12, 1), At(11, 1)) == std::nullopt);
    CHECK(ProRatedTarget(targets, leads, At(11, 1), At(12, 1), At(10, 1)) == std::nullopt);
    // October has no leads target; January none at all.
    CHECK(ProRatedTarget(targets, leads, At(10, 1), At(11, 1), At(12, 10)) == std::nullopt);
    CHECK(ProRatedTarget(targets, &MonthlyTarget::mqls, At(10, 1), At(11, 1), At(12, 10)) == 50.0);
    CHECK(ProRatedTarget(targets, leads, StartOf(DaysFromCivil(2027, 1, 1)), StartOf(DaysFromCivil(2027, 2, 1)),
                         StartOf(DaysFromCivil(2027, 3, 1))) == std::nullopt);
}

TEST_CASE("attainment compares the actual figures with their pro-rated targets and colours them") {
    // Nov 16 - Dec 16, seen Dec 6 at noon: 15 November days and 5.5 December days have elapsed.
    const MonthlyTarget targets[] = {
        {"2026-11", 60, 30, {}, 0, 0.25},
        {"2026-12", 62, {}, 31, {}, 0.75},
        {"2027-01", 999, {}, {}, {}, 0.9},   // outside the period
    };
    FunnelData funnel;
    // 41 leads, one every 12 h from Nov 16 00:00 to Dec 6 00:00; the first 12 become mqls, the first
    // 5 are handed over: 3 accepted, 2 rejected.
    for (std::int64_t i = 0; i < 41; ++i) {
        Timestamp created = At(11, 16) + i * 12 * kHour;
        std::vector<Step> steps;
        if (i < 12) steps.push_back({Stage::Mql, created + kHour});
        if (i < 5) steps.push_back({Stage::SalesReady, created + 2 * kHour});
        if (i < 3) steps.push_back({Stage::Sql, created + 3 * kHour});
        if (i == 3 || i == 4) steps.push_back({Stage::Recycled, created + 3 * kHour, Because(RejectReason::NoNeed)});
        Add(funnel, {.id = i + 1, .created = created, .steps = steps});
    }
    ScorecardQuery query = Period(At(11, 16), At(12, 16), At(12, 6, 12));
    query.targets = targets;
    Scorecard card = ComputeScorecard(funnel, query);

    // Leads: 60 * 15 / 30 + 62 * 5.5 / 31 = 30 + 11 = 41; 41 made: 100 %, green.
    CHECK(card.leads_target.target == 41.0);
    CHECK(card.leads_target.attainment == 1.0);
    CHECK(card.leads_target.colour == Attainment::Green);
    // MQLs: only November has a target: 30 * 15 / 30 = 15; 12 made: exactly 80 %, amber.
    CHECK(card.mqls_target.target == 15.0);
    CHECK(card.mqls_target.attainment == 0.8);
    CHECK(card.mqls_target.colour == Attainment::Amber);
    // SQLs: only December: 31 * 5.5 / 31 = 5.5; 3 made: 3 / 5.5, red.
    CHECK(card.sqls_target.target == 5.5);
    CHECK(card.sqls_target.attainment == 3.0 / 5.5);
    CHECK(card.sqls_target.colour == Attainment::Red);
    // Revenue: a target of 0 has no attainment.
    CHECK(card.revenue_target.target == 0.0);
    CHECK(card.revenue_target.attainment == std::nullopt);
    CHECK(card.revenue_target.colour == Attainment::None);
    // Acceptance: the mean of the months' rates, (0.25 + 0.75) / 2 = 0.5, not pro-rated; actual
    // 3 / 5 = 0.6: 120 %, green.
    CHECK(card.acceptance_target.target == 0.5);
    CHECK(card.acceptance_target.attainment == 1.2);
    CHECK(card.acceptance_target.colour == Attainment::Green);

    // Without targets nothing is judged.
    Scorecard untargeted = ComputeScorecard(funnel, Period(At(11, 16), At(12, 16), At(12, 6, 12)));
    CHECK(untargeted.leads_target.target == std::nullopt);
    CHECK(untargeted.leads_target.attainment == std::nullopt);
    CHECK(untargeted.leads_target.colour == Attainment::None);
    CHECK(untargeted.acceptance_target.target == std::nullopt);

    // An acceptance target with no decisions in the period has no attainment.
    ScorecardQuery undecided = Period(At(12, 6), At(12, 16), At(12, 6, 12));
    undecided.targets = targets;
    Scorecard quiet = ComputeScorecard(funnel, undecided);
    CHECK(quiet.acceptance_target.target == 0.75);
    CHECK(quiet.acceptance_target.attainment == std::nullopt);
    CHECK(quiet.acceptance_target.colour == Attainment::None);
}

TEST_CASE("attainment is green from 100 %, amber from 80 % and red below") {
    CHECK(ColourFor(1.0) == Attainment::Green);
    CHECK(ColourFor(1.5) == Attainment::Green);
    CHECK(ColourFor(std::nextafter(1.0, 0.0)) == Attainment::Amber);
    CHECK(ColourFor(0.8) == Attainment::Amber);
    CHECK(ColourFor(std::nextafter(0.8, 0.0)) == Attainment::Red);
    CHECK(ColourFor(0.0) == Attainment::Red);
}

// [SECTION] Counting by level ("as if", see test_as_if.cpp)

TEST_CASE("counted by level, mqls and sales_ready are the leads created in the period whose level reaches them") {
    FunnelData funnel;
    Add(funnel, {.id = 1, .created = At(11, 2), .steps = {{Stage::Mql, At(11, 3)}}});
    Add(funnel, {.id = 2, .created = At(11, 3)});
    Add(funnel, {.id = 3, .created = At(11, 4)});
    Add(funnel, {.id = 4, .created = At(10, 1)});   // created before the period
    Add(funnel, {.id = 5,
                 .created = At(11, 5),
                 .steps = {{Stage::Mql, At(11, 6)}, {Stage::SalesReady, At(11, 7)}, {Stage::Sql, At(11, 8)}}});
    const Level levels[] = {Level::None, Level::Mql, Level::SalesReady, Level::SalesReady, Level::Mql};

    Kpis actual = Total(funnel, November());
    CHECK(actual.mqls == 2);          // 1, 5
    CHECK(actual.sales_ready == 1);   // 5

    ScorecardQuery query = November();
    query.levels = levels;
    Kpis as_if = Total(funnel, query);
    // Created in November with level mql or above: 2, 3, 5; sales_ready: 3. Lead 4 was created
    // before the period.
    CHECK(as_if.mqls == 3);
    CHECK(as_if.sales_ready == 1);
    // Everything else is what happened.
    CHECK(as_if.leads == 4);
    CHECK(as_if.sqls == 1);
    CHECK(as_if.mql_to_sales_ready == 0.5);   // entered mql: 1, 5; sales_ready: 5

    // A source whose only November activity is a real entry into mql, which the other definition
    // would not have made: still listed, since its conversion has a value.
    FunnelData other;
    Add(other, {.id = 1, .created = At(10, 1), .steps = {{Stage::Mql, At(11, 3)}}, .source = Source::Social});
    const Level none[] = {Level::None};
    ScorecardQuery grouped = November();
    grouped.group = GroupBy::Source;
    grouped.levels = none;
    Scorecard by_source = ComputeScorecard(other, grouped);
    REQUIRE(by_source.groups.size() == 1);
    CHECK(by_source.groups[0].key == "social");
    CHECK(by_source.groups[0].kpis.mqls == 0);
    CHECK(by_source.groups[0].kpis.mql_to_sales_ready == 0.0);

    // Levels that do not match the leads one to one are ignored.
    ScorecardQuery mismatched = November();
    mismatched.levels = std::span<const Level>(levels).first(4);
    CHECK(AsJson(Total(funnel, mismatched)) == AsJson(actual));
}

// [SECTION] Consistency on a larger funnel

namespace {

// A few thousand leads wandering through the funnel (fixed seed), to check that groups and weeks
// are the total restricted to their leads and their weeks.
FunnelData RandomFunnel() {
    std::uint64_t state = 0x1234567;
    auto next = [&state](std::int64_t below) {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return static_cast<std::int64_t>((z ^ (z >> 31)) % static_cast<std::uint64_t>(below));
    };
    FunnelData funnel;
    for (std::int64_t id = 1; id <= 3000; ++id) {
        Timestamp created = At(9, 1) + next(110 * kDay);
        Timestamp at = created;
        std::vector<Step> steps;
        std::vector<Timestamp> contacts;
        Stage stage = Stage::New;
        auto move = [&](Stage to, Timestamp max_delay, std::uint8_t reason = 0) {
            at += next(max_delay);
            steps.push_back({to, at, reason});
            stage = to;
        };
        for (int round = 0; round < 2; ++round) {
            if (next(100) < 20) break;
            if (next(100) < 85) move(Stage::Mql, 5 * kDay);
            if (next(100) < 30) break;
            move(Stage::SalesReady, 5 * kDay);
            if (next(100) < 50) contacts.push_back(at + next(40 * kHour));
            std::int64_t decision = next(100);
            if (decision < 10) break;
            if (decision < 40) {
                move(Stage::Recycled, 60 * kHour, static_cast<std::uint8_t>(next(9)));
                continue;
            }
            move(Stage::Sql, 60 * kHour);
            if (next(100) < 40) break;
            move(Stage::Opportunity, 10 * kDay);
            std::int64_t close = next(100);
            if (close < 40) move(Stage::Won, 30 * kDay);
            else if (close < 70) move(Stage::Lost, 30 * kDay);
            break;
        }
        std::sort(contacts.begin(), contacts.end());
        Add(funnel, {.id = id,
                     .created = created,
                     .steps = steps,
                     .contacts = contacts,
                     .source = static_cast<Source>(next(9)),
                     .campaign = next(5) * 7,
                     .owner = next(4),
                     .deal = stage == Stage::Won ? 1000 * (1 + next(50)) : 0,
                     .stage = stage});
    }
    return funnel;
}

FunnelData OnlyLeads(const FunnelData& funnel, GroupBy group, const std::string& key) {
    FunnelData out;
    for (std::size_t i = 0; i < funnel.leads.size(); ++i) {
        const FunnelLead& lead = funnel.leads[i];
        std::string lead_key =
            group == GroupBy::Source ? std::string(ToString(lead.source)) : std::to_string(lead.campaign_id);
        if (lead_key == key) out.Add(lead, funnel.EventsOf(i));
    }
    return out;
}

}  // namespace

TEST_CASE("each group's figures are the total of its leads alone") {
    FunnelData funnel = RandomFunnel();
    for (GroupBy group : {GroupBy::Source, GroupBy::Campaign}) {
        ScorecardQuery query = Period(At(10, 1), At(11, 1), At(12, 10));
        query.group = group;
        Scorecard card = ComputeScorecard(funnel, query);
        CHECK(card.groups.size() == (group == GroupBy::Source ? 9u : 5u));
        std::int64_t leads = 0;
        for (const GroupKpis& entry : card.groups) {
            CAPTURE(entry.key);
            leads += entry.kpis.leads;
            Kpis alone = Total(OnlyLeads(funnel, group, entry.key), Period(At(10, 1), At(11, 1), At(12, 10)));
            CHECK(AsJson(entry.kpis) == AsJson(alone));
        }
        CHECK(leads == card.total.leads);
    }
}

TEST_CASE("each week's figures are the total of its part of the period") {
    FunnelData funnel = RandomFunnel();
    ScorecardQuery query = Period(At(10, 7), At(11, 26), At(11, 20));   // a Wednesday to a Thursday, now inside
    query.weekly = true;
    Scorecard card = ComputeScorecard(funnel, query);
    REQUIRE(card.weeks.size() == 8);
    std::int64_t leads = 0;
    for (const WeekPoint& week : card.weeks) {
        CAPTURE(FormatDate(week.week_start));
        Timestamp from = std::max(StartOf(week.week_start), query.from);
        Timestamp to = std::min(StartOf(week.week_start + 7), query.to);
        CHECK(AsJson(week.kpis) == AsJson(Total(funnel, Period(from, to, query.now))));
        leads += week.kpis.leads;
    }
    CHECK(leads == card.total.leads);
    CHECK(card.total.leads > 0);
}

TEST_CASE("grouped and weekly, each group's weeks are that group's leads in that part of the period") {
    FunnelData funnel = RandomFunnel();
    for (GroupBy group : {GroupBy::Source, GroupBy::Campaign}) {
        ScorecardQuery query = Period(At(10, 7), At(11, 26), At(11, 20));
        query.group = group;
        query.weekly = true;
        Scorecard card = ComputeScorecard(funnel, query);
        REQUIRE(card.groups.size() == (group == GroupBy::Source ? 9u : 5u));
        std::vector<std::int64_t> leads_by_week(card.weeks.size());
        for (const GroupKpis& entry : card.groups) {
            CAPTURE(entry.key);
            REQUIRE(entry.weeks.size() == card.weeks.size());
            FunnelData alone = OnlyLeads(funnel, group, entry.key);
            for (std::size_t w = 0; w < entry.weeks.size(); ++w) {
                const WeekPoint& week = entry.weeks[w];
                CAPTURE(FormatDate(week.week_start));
                CHECK(week.week_start == card.weeks[w].week_start);
                CHECK(week.definitions.size() == card.weeks[w].definitions.size());
                Timestamp from = std::max(StartOf(week.week_start), query.from);
                Timestamp to = std::min(StartOf(week.week_start + 7), query.to);
                CHECK(AsJson(week.kpis) == AsJson(Total(alone, Period(from, to, query.now))));
                leads_by_week[w] += week.kpis.leads;
            }
        }
        for (std::size_t w = 0; w < card.weeks.size(); ++w) CHECK(leads_by_week[w] == card.weeks[w].kpis.leads);
    }
}

TEST_CASE("every figure's list of leads has exactly as many leads as the figure, in total, by group and by week") {
    FunnelData funnel = RandomFunnel();
    ScorecardQuery period = Period(At(10, 7), At(11, 26), At(11, 20));
    auto counted = [&](Counted what, Stage stage, Timestamp from, Timestamp to, std::optional<Source> source = {},
                       std::optional<std::int64_t> campaign = {}) {
        CountedQuery query{what, stage, from, to, period.now, period.sla_hours, source, campaign};
        return static_cast<std::int64_t>(CountedLeads(funnel, query).size());
    };
    auto check = [&](const Kpis& kpis, Timestamp from, Timestamp to, std::optional<Source> source,
                     std::optional<std::int64_t> campaign) {
        CHECK(counted(Counted::Entered, Stage::New, from, to, source, campaign) == kpis.leads);
        CHECK(counted(Counted::Entered, Stage::Mql, from, to, source, campaign) == kpis.mqls);
        CHECK(counted(Counted::Entered, Stage::SalesReady, from, to, source, campaign) == kpis.sales_ready);
        CHECK(counted(Counted::Entered, Stage::Sql, from, to, source, campaign) == kpis.sqls);
        CHECK(counted(Counted::Entered, Stage::Opportunity, from, to, source, campaign) == kpis.opportunities);
        CHECK(counted(Counted::Entered, Stage::Won, from, to, source, campaign) == kpis.won);
        CHECK(counted(Counted::Entered, Stage::Lost, from, to, source, campaign) == kpis.lost);
        CHECK(counted(Counted::Entered, Stage::Recycled, from, to, source, campaign) == kpis.recycled);
        CHECK(counted(Counted::SlaMissed, Stage::New, from, to, source, campaign) == kpis.sla_due - kpis.sla_met);
    };

    ScorecardQuery weekly = period;
    weekly.weekly = true;
    Scorecard card = ComputeScorecard(funnel, weekly);
    REQUIRE(card.total.leads > 0);
    REQUIRE(card.total.sla_due - card.total.sla_met > 0);
    check(card.total, period.from, period.to, {}, {});
    for (const WeekPoint& week : card.weeks) {
        CAPTURE(FormatDate(week.week_start));
        check(week.kpis, std::max(StartOf(week.week_start), period.from), std::min(StartOf(week.week_start + 7), period.to), {},
              {});
    }
    for (GroupBy group : {GroupBy::Source, GroupBy::Campaign}) {
        ScorecardQuery grouped = period;
        grouped.group = group;
        for (const GroupKpis& entry : ComputeScorecard(funnel, grouped).groups) {
            CAPTURE(entry.key);
            if (group == GroupBy::Source) check(entry.kpis, period.from, period.to, ParseEnum<Source>(entry.key), {});
            else check(entry.kpis, period.from, period.to, {}, std::stoll(entry.key));
        }
    }
    // The breaches, and their order: newest lead first.
    std::vector<std::int64_t> breached = CountedLeads(funnel, {Counted::SlaBreached, Stage::New, 0, 0, period.now, 24, {}, {}});
    CHECK(breached.size() == card.breaches.size());
    CHECK(!breached.empty());
    CHECK(std::is_sorted(breached.begin(), breached.end(), std::greater<>()));
}
