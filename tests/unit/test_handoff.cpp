// The hand-off core: round robin's pick, the inbox read off the funnel (order, clocks, breaches,
// scopes, loads), the evidence a recycled lead needs, and the JSON of assignments, the inbox and
// a lead's explanation.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tandem/codec.h"
#include "tandem/explanation.h"
#include "tandem/handoff.h"

using namespace tandem;

namespace {

constexpr Timestamp kHour = 3600;
constexpr Timestamp kNow = 1'780'000'000;

FunnelEvent Move(Timestamp at, Stage from, Stage to) {
    FunnelEvent event;
    event.at = at;
    event.from = from;
    event.to = to;
    return event;
}

FunnelEvent Created(Timestamp at, Stage to) {
    FunnelEvent event = Move(at, Stage::New, to);
    event.has_from = false;
    return event;
}

FunnelEvent Contact(Timestamp at) {
    FunnelEvent event;
    event.at = at;
    event.kind = FunnelEvent::Kind::Contact;
    return event;
}

// A lead handed over `hours_ago` (new -> mql -> sales_ready), owned by `owner` (0: the pool).
void AddHandover(FunnelData& funnel, std::int64_t id, std::int64_t owner, double hours_ago,
                 std::vector<FunnelEvent> more = {}) {
    Timestamp at = kNow - static_cast<Timestamp>(hours_ago * kHour);
    FunnelLead lead;
    lead.id = id;
    lead.created_at = at - kHour;
    lead.owner_id = owner;
    lead.stage = Stage::SalesReady;
    std::vector<FunnelEvent> events = {Created(at - kHour, Stage::New), Move(at - kHour / 2, Stage::New, Stage::Mql),
                                       Move(at, Stage::Mql, Stage::SalesReady)};
    events.insert(events.end(), more.begin(), more.end());
    funnel.Add(lead, events);
}

std::vector<std::int64_t> Ids(const InboxEntries& inbox) {
    std::vector<std::int64_t> ids;
    for (const InboxEntry& entry : inbox.entries) ids.push_back(entry.lead_id);
    return ids;
}

Lead Facts() {
    Lead lead;
    lead.id = 7;
    lead.email = "ann@example.com";
    lead.budget_usd = 5000;
    lead.need = Need::Yes;
    lead.authority = Authority::DecisionMaker;
    lead.timeline_months = 3;
    lead.industry = "Software";
    lead.phone = "+1 555 0100";
    lead.stage = Stage::Recycled;
    lead.score.total = 52;
    lead.score.level = Level::SalesReady;
    return lead;
}

}  // namespace

TEST_CASE("round robin picks the fewest open leads, ties to the lowest id, nobody without candidates") {
    const std::int64_t reps[] = {5, 6, 9};
    CHECK(PickRoundRobin(reps, std::vector<std::int64_t>{0, 0, 0}) == 0u);
    CHECK(PickRoundRobin(reps, std::vector<std::int64_t>{3, 1, 1}) == 1u);
    CHECK(PickRoundRobin(reps, std::vector<std::int64_t>{3, 2, 1}) == 2u);
    const std::int64_t unsorted[] = {9, 6};
    CHECK(PickRoundRobin(unsorted, std::vector<std::int64_t>{4, 4}) == 1u);   // user 6 before user 9
    CHECK_FALSE(PickRoundRobin({}, {}).has_value());
}

TEST_CASE("the inbox orders unanswered leads by due time, then answered ones, and counts breaches per owner") {
    FunnelData funnel;
    AddHandover(funnel, 1, 5, 30);                                    // due 6 h ago: breached
    AddHandover(funnel, 2, 5, 3);                                     // due in 21 h
    AddHandover(funnel, 3, 0, 25);                                    // the pool, breached
    AddHandover(funnel, 4, 6, 40, {Contact(kNow - 39 * kHour)});      // answered within the hour
    AddHandover(funnel, 5, 6, 24);                                    // exactly 24 h: missed, not yet breached
    AddHandover(funnel, 6, 5, 1, {Contact(kNow + kHour)});            // a contact "in the future" is ignored
    // Accepted: not in the inbox at all.
    FunnelLead accepted{7, kNow - 9 * kHour, Source::Other, 0, 5, 0, Stage::Sql};
    funnel.Add(accepted, std::vector<FunnelEvent>{Created(kNow - 9 * kHour, Stage::SalesReady),
                                                  Move(kNow - 8 * kHour, Stage::SalesReady, Stage::Sql)});
    // Taken back by the definition and handed over again: the clock restarts at the latest entry,
    // and the earlier contact no longer answers it.
    FunnelLead again{8, kNow - 50 * kHour, Source::Other, 0, 6, 0, Stage::SalesReady};
    funnel.Add(again, std::vector<FunnelEvent>{Created(kNow - 50 * kHour, Stage::SalesReady), Contact(kNow - 49 * kHour),
                                               Move(kNow - 48 * kHour, Stage::SalesReady, Stage::Mql),
                                               Move(kNow - 10 * kHour, Stage::Mql, Stage::SalesReady)});

    InboxQuery query;
    query.now = kNow;
    query.sla_hours = 24;
    query.scope = InboxScope::All;
    const std::int64_t always[] = {5, 6, 11};
    InboxEntries all = CollectInbox(funnel, query, always);
    CHECK(Ids(all) == std::vector<std::int64_t>{1, 3, 5, 8, 2, 6, 4});
    CHECK(all.breached == 2);
    CHECK(all.unassigned == 1);
    CHECK(all.owners == std::vector<OwnerLoad>{{5, 3, 1}, {6, 3, 0}, {11, 0, 0}});
    const InboxEntry& first = all.entries[0];
    CHECK(first.entered_at == kNow - 30 * kHour);
    CHECK(first.due_at == kNow - 6 * kHour);
    CHECK_FALSE(first.answered_at.has_value());
    CHECK(first.breached);
    CHECK_FALSE(all.entries[2].breached);   // lead 5, due this very second
    CHECK(all.entries[3].entered_at == kNow - 10 * kHour);
    CHECK_FALSE(all.entries[3].answered_at.has_value());
    CHECK_FALSE(all.entries[5].answered_at.has_value());
    CHECK(all.entries[6].answered_at == kNow - 39 * kHour);
    CHECK_FALSE(all.entries[6].breached);

    query.scope = InboxScope::Mine;
    query.user_id = 5;
    InboxEntries mine = CollectInbox(funnel, query);
    CHECK(Ids(mine) == std::vector<std::int64_t>{1, 3, 2, 6});
    CHECK(mine.breached == 2);
    CHECK(mine.owners == std::vector<OwnerLoad>{{5, 3, 1}, {6, 3, 0}});   // loads are everyone's
    query.scope = InboxScope::Rep;
    query.user_id = 6;
    CHECK(Ids(CollectInbox(funnel, query)) == std::vector<std::int64_t>{5, 8, 4});
    query.scope = InboxScope::Unassigned;
    CHECK(Ids(CollectInbox(funnel, query)) == std::vector<std::int64_t>{3});

    // A longer SLA: nothing is overdue.
    query.scope = InboxScope::All;
    query.sla_hours = 48;
    InboxEntries relaxed = CollectInbox(funnel, query);
    CHECK(relaxed.breached == 0);
    CHECK(Ids(relaxed) == std::vector<std::int64_t>{1, 3, 5, 8, 2, 6, 4});
}

TEST_CASE("a recycled lead has new evidence when a contradicted fact or engagement changed, never as a duplicate") {
    Lead before = Facts();
    Lead after = before;
    CHECK_FALSE(RequalifyEvidence(before, after, RejectReason::NoBudget).evidence);
    CHECK(RequalifyEvidence(before, after, RejectReason::NoBudget).why ==
          "nothing no_budget contradicted changed, and no new engagement");

    after.name = "Ann B. Lee";
    after.industry = "  software ";   // the same fact as criteria read it
    CHECK_FALSE(RequalifyEvidence(before, after, RejectReason::NoBudget).evidence);
    CHECK_FALSE(RequalifyEvidence(before, after, RejectReason::BadFit).evidence);
    CHECK_FALSE(RequalifyEvidence(before, after, RejectReason::Other).evidence);

    after.budget_usd = 25000;
    RequalifyVerdict budget = RequalifyEvidence(before, after, RejectReason::NoBudget);
    CHECK(budget.evidence);
    CHECK(budget.why == "budget_usd changed");
    CHECK_FALSE(RequalifyEvidence(before, after, RejectReason::NoAuthority).evidence);
    CHECK(RequalifyEvidence(before, after, RejectReason::Other).why == "budget_usd changed");
    CHECK(RequalifyEvidence(before, after, std::nullopt).why == "budget_usd changed");
    CHECK_FALSE(RequalifyEvidence(before, after, RejectReason::Duplicate).evidence);

    Lead fit = before;
    fit.industry = "fintech";
    fit.title = "CTO";
    CHECK(RequalifyEvidence(before, fit, RejectReason::BadFit).why == "industry, title changed");

    Lead reachable = before;
    reachable.email = "ann.lee@example.com";
    CHECK(RequalifyEvidence(before, reachable, RejectReason::Unreachable).why == "email changed");
    CHECK_FALSE(RequalifyEvidence(before, reachable, RejectReason::Other).evidence);   // email is no criterion field

    // Engagement must raise the score as people read it (to a tenth of a point).
    Lead engaged = before;
    engaged.email_clicks = 4;
    engaged.score.total = 52.04;
    CHECK_FALSE(RequalifyEvidence(before, engaged, RejectReason::NoTimeline).evidence);
    engaged.score.total = 62;
    CHECK(RequalifyEvidence(before, engaged, RejectReason::NoTimeline).why == "new engagement: score 52 → 62");
    engaged.score.total = 62.46;
    CHECK(RequalifyEvidence(before, engaged, RejectReason::Unreachable).why == "new engagement: score 52 → 62.5");
    Lead later = before;
    later.score.total = 60;   // a higher score without new engagement (e.g. a new definition) is no evidence
    CHECK_FALSE(RequalifyEvidence(before, later, RejectReason::NoTimeline).evidence);
    later.last_activity_at = kNow;
    CHECK(RequalifyEvidence(before, later, RejectReason::NoTimeline).evidence);
    CHECK_FALSE(RequalifyEvidence(before, engaged, RejectReason::Duplicate).evidence);
}

TEST_CASE("assignments and assignment requests round-trip; bad requests name the field") {
    Assignment assignment;
    assignment.id = 3;
    assignment.lead_id = 42;
    assignment.to_owner_id = 5;
    assignment.at = kNow;
    assignment.kind = AssignmentKind::RoundRobin;
    assignment.note = "fewest open sales-ready leads (0)";
    nlohmann::json json = ToJson(assignment);
    CHECK(json == nlohmann::json::parse(R"json({"id":3,"lead_id":42,"from_owner_id":null,"to_owner_id":5,
        "at":"2026-05-28T20:26:40Z","by":null,"kind":"round_robin","note":"fewest open sales-ready leads (0)"})json"));
    Assignment back = AssignmentFromServerJson(json);
    CHECK(back.id == 3);
    CHECK(back.to_owner_id == 5);
    CHECK_FALSE(back.from_owner_id.has_value());
    CHECK(back.kind == AssignmentKind::RoundRobin);
    CHECK(back.note == assignment.note);

    AssignRequest request = AssignRequestFromJson(nlohmann::json::parse(R"({"owner_id":6,"note":"  covers fintech "})"));
    CHECK(request.owner_id == 6);
    CHECK(request.note == "covers fintech");
    CHECK_FALSE(AssignRequestFromJson(nlohmann::json::parse(R"({"owner_id":null})")).owner_id.has_value());
    const std::pair<const char*, const char*> bad[] = {
        {R"({})", "owner_id"},          {R"({"owner_id":0})", "owner_id"}, {R"({"owner_id":"6"})", "owner_id"},
        {R"({"owner_id":6,"x":1})", "x"}, {R"({"owner_id":6,"note":7})", "note"}, {R"([])", ""},
    };
    for (const auto& entry : bad) {   // not a structured binding: clang 14 cannot capture one in INFO
        const char* text = entry.first;
        const char* field = entry.second;
        INFO(text);
        try {
            AssignRequestFromJson(nlohmann::json::parse(text));
            FAIL("accepted");
        } catch (const DecodeError& e) {
            CHECK(e.Field() == field);
        }
    }
}

TEST_CASE("the inbox round-trips through its JSON") {
    Inbox inbox;
    inbox.now = kNow;
    inbox.sla_hours = 24;
    inbox.rep = "me";
    InboxItem item;
    item.lead = Facts();
    item.lead.stage = Stage::SalesReady;
    item.lead.owner_id = 5;
    item.lead.created_at = kNow - 30 * kHour;
    item.lead.updated_at = kNow - 30 * kHour;
    item.entered_at = kNow - 30 * kHour;
    item.due_at = kNow - 6 * kHour;
    item.breached = true;
    inbox.items.push_back(item);
    inbox.total = 1;
    inbox.breached = 1;
    inbox.unassigned = 0;
    inbox.owners = {{5, 1, 1}};
    inbox.next_cursor = 50;
    nlohmann::json json = ToJson(inbox);
    CHECK(json["items"][0]["due_at"] == "2026-05-28T14:26:40Z");
    CHECK(json["items"][0]["answered_at"].is_null());
    Inbox back = InboxFromServerJson(json);
    CHECK(ToJson(back) == json);
    CHECK(back.items[0].lead.id == 7);
    CHECK(back.owners == inbox.owners);
    CHECK(back.next_cursor == 50);

    nlohmann::json wrong = json;
    wrong["items"][0]["lead"]["stage"] = "maybe";
    try {
        InboxFromServerJson(wrong);
        FAIL("accepted");
    } catch (const DecodeError& e) {
        CHECK(e.Field() == "items[0].lead.stage");
    }
    wrong = json;
    wrong.erase("owners");
    CHECK_THROWS_AS(InboxFromServerJson(wrong), DecodeError);
}

TEST_CASE("an explanation carries the rules and one result per criterion, and round-trips") {
    DefinitionRules rules;
    rules.fit = {{"budget", "Budget of $10k or more", "budget_usd", Op::Gte, {.numbers = {10000}}, 20},
                 {"dm", "Decision maker", "authority", Op::Eq, {.texts = {"decision_maker"}}, 20}};
    rules.engagement = {{"demo", "Asked for a demo", "demo_requested", Op::Eq, {.flag = true}, 30}};
    rules.sales_ready = {{"need", "Has a need", "need", Op::Eq, {.texts = {"yes"}}, 0}};
    rules.mql_threshold = 30;
    Lead lead = Facts();
    lead.created_at = kNow;
    lead.demo_requested = true;
    LeadExplanation explanation = ExplainLead(4, rules, lead, kNow);
    nlohmann::json json = ToJson(explanation);
    CHECK(json["fit"] == 20);
    CHECK(json["engagement"] == 30);
    CHECK(json["total"] == 50);
    CHECK(json["level"] == "sales_ready");
    CHECK(json["decay_factor"] == 1);
    CHECK(json["results"]["fit"] == nlohmann::json::parse(
                                        R"([{"id":"budget","matched":false,"points":0},{"id":"dm","matched":true,"points":20}])"));
    LeadExplanation back = ExplanationFromServerJson(json);
    CHECK(back.rules == rules);
    CHECK(back.evaluation.fit_results[1].matched);
    CHECK(ToJson(back) == json);

    nlohmann::json short_list = json;
    short_list["results"]["fit"].erase(1);
    try {
        ExplanationFromServerJson(short_list);
        FAIL("accepted");
    } catch (const DecodeError& e) {
        CHECK(e.Field() == "results.fit");
    }
    nlohmann::json swapped = json;
    std::swap(swapped["results"]["fit"][0], swapped["results"]["fit"][1]);
    try {
        ExplanationFromServerJson(swapped);
        FAIL("accepted");
    } catch (const DecodeError& e) {
        CHECK(e.Field() == "results.fit[0].id");
    }
}
