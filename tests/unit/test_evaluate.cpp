// Lead evaluation: every operator on every kind of field, unknown facts, caps, decay, levels, the
// per-criterion explanation, and the fast compiled path agreeing with Evaluate to the last bit.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "tandem/evaluate.h"

namespace {

using namespace tandem;

constexpr Timestamp kNow = 1'800'000'000;   // 2027-01-15T08:00:00Z
constexpr Timestamp kDay = kSecondsPerDay;

CriterionValue Numbers(std::vector<double> numbers) {
    CriterionValue value;
    value.numbers = std::move(numbers);
    return value;
}

CriterionValue Texts(std::vector<std::string> texts) {
    CriterionValue value;
    value.texts = std::move(texts);
    return value;
}

CriterionValue Flag(bool flag) {
    CriterionValue value;
    value.flag = flag;
    return value;
}

Criterion Make(std::string id, std::string field, Op op, CriterionValue value, int points = 10) {
    Criterion criterion;
    criterion.id = std::move(id);
    criterion.label = criterion.id;
    criterion.field = std::move(field);
    criterion.op = op;
    criterion.value = std::move(value);
    criterion.points = points;
    return criterion;
}

// A lead whose every fact is known, so a test makes unknown only what it is about.
Lead KnownLead() {
    Lead lead;
    lead.id = 1;
    lead.email = "ada@example.com";
    lead.company = "Acme";
    lead.title = "CTO";
    lead.industry = "Software";
    lead.company_size = 200;
    lead.country = "DE";
    lead.phone = "+49 30 1234567";
    lead.source = Source::Referral;
    lead.created_at = kNow - 30 * kDay;
    lead.budget_usd = 10000;
    lead.authority = Authority::DecisionMaker;
    lead.need = Need::Yes;
    lead.timeline_months = 6;
    lead.page_views = 12;
    lead.downloads = 2;
    lead.webinars_attended = 1;
    lead.email_clicks = 3;
    lead.demo_requested = true;
    lead.last_activity_at = kNow;
    return lead;
}

// Whether one criterion matches, as Evaluate says; the compiled path must award the same points.
bool Matches(const Criterion& criterion, const Lead& lead) {
    DefinitionRules rules;
    rules.fit = {criterion};
    Evaluation evaluation = Evaluate(rules, lead, kNow);
    StringPool pool;
    LeadFacts facts = FactsOf(lead, pool);
    CompiledRules compiled(rules, pool);
    CHECK(compiled.Score(facts, kNow).fit == evaluation.fit);
    REQUIRE(evaluation.fit_results.size() == 1);
    return evaluation.fit_results[0].matched;
}

bool Matches(std::string field, Op op, CriterionValue value, const Lead& lead) {
    return Matches(Make("c1", std::move(field), op, std::move(value)), lead);
}

}  // namespace

//-------------------------------------------------------------------------------------------------
// Operators by field kind
//-------------------------------------------------------------------------------------------------

TEST_CASE("number eq and neq compare with one number") {
    Lead lead = KnownLead();   // budget_usd 10000
    CHECK(Matches("budget_usd", Op::Eq, Numbers({10000}), lead));
    CHECK_FALSE(Matches("budget_usd", Op::Eq, Numbers({9999}), lead));
    CHECK(Matches("budget_usd", Op::Neq, Numbers({9999}), lead));
    CHECK_FALSE(Matches("budget_usd", Op::Neq, Numbers({10000}), lead));
}

TEST_CASE("number gte and lte include the bound") {
    Lead lead = KnownLead();   // budget_usd 10000
    CHECK(Matches("budget_usd", Op::Gte, Numbers({10000}), lead));
    CHECK_FALSE(Matches("budget_usd", Op::Gte, Numbers({10001}), lead));
    CHECK(Matches("budget_usd", Op::Lte, Numbers({10000}), lead));
    CHECK_FALSE(Matches("budget_usd", Op::Lte, Numbers({9999}), lead));
}

TEST_CASE("number between includes both bounds") {
    Lead lead = KnownLead();
    lead.company_size = 50;
    CHECK(Matches("company_size", Op::Between, Numbers({50, 200}), lead));
    lead.company_size = 200;
    CHECK(Matches("company_size", Op::Between, Numbers({50, 200}), lead));
    lead.company_size = 49;
    CHECK_FALSE(Matches("company_size", Op::Between, Numbers({50, 200}), lead));
    lead.company_size = 201;
    CHECK_FALSE(Matches("company_size", Op::Between, Numbers({50, 200}), lead));
}

TEST_CASE("number in and not_in test membership of the list") {
    Lead lead = KnownLead();   // timeline_months 6
    CHECK(Matches("timeline_months", Op::In, Numbers({3, 6, 12}), lead));
    CHECK_FALSE(Matches("timeline_months", Op::In, Numbers({3, 12}), lead));
    CHECK(Matches("timeline_months", Op::NotIn, Numbers({3, 12}), lead));
    CHECK_FALSE(Matches("timeline_months", Op::NotIn, Numbers({6}), lead));
    CHECK_FALSE(Matches("timeline_months", Op::In, Numbers({}), lead));
    CHECK(Matches("timeline_months", Op::NotIn, Numbers({}), lead));
}

TEST_CASE("number exists means known, and zero is known") {
    Lead lead = KnownLead();
    lead.budget_usd = 0;
    CHECK(Matches("budget_usd", Op::Exists, {}, lead));
    lead.budget_usd.reset();
    CHECK_FALSE(Matches("budget_usd", Op::Exists, {}, lead));
}

TEST_CASE("an unknown number matches no operator, neq and not_in included") {
    Lead lead = KnownLead();
    lead.budget_usd.reset();
    lead.company_size.reset();
    lead.timeline_months.reset();
    for (const char* field : {"budget_usd", "company_size", "timeline_months"}) {
        CAPTURE(field);
        CHECK_FALSE(Matches(field, Op::Eq, Numbers({0}), lead));
        CHECK_FALSE(Matches(field, Op::Neq, Numbers({0}), lead));
        CHECK_FALSE(Matches(field, Op::Gte, Numbers({-1e18}), lead));
        CHECK_FALSE(Matches(field, Op::Lte, Numbers({1e18}), lead));
        CHECK_FALSE(Matches(field, Op::Between, Numbers({-1e18, 1e18}), lead));
        CHECK_FALSE(Matches(field, Op::In, Numbers({0, 1}), lead));
        CHECK_FALSE(Matches(field, Op::NotIn, Numbers({0, 1}), lead));
        CHECK_FALSE(Matches(field, Op::NotIn, Numbers({}), lead));
        CHECK_FALSE(Matches(field, Op::Exists, {}, lead));
    }
}

TEST_CASE("engagement counters are always known, zero included") {
    Lead lead = KnownLead();
    lead.page_views = 0;
    lead.downloads = 0;
    lead.webinars_attended = 0;
    lead.email_clicks = 0;
    for (const char* field : {"page_views", "downloads", "webinars_attended", "email_clicks"}) {
        CAPTURE(field);
        CHECK(Matches(field, Op::Eq, Numbers({0}), lead));
        CHECK(Matches(field, Op::NotIn, Numbers({1, 2}), lead));
        CHECK(Matches(field, Op::Lte, Numbers({0}), lead));
        CHECK(Matches(field, Op::Exists, {}, lead));
        CHECK_FALSE(Matches(field, Op::Gte, Numbers({1}), lead));
    }
}

TEST_CASE("a number criterion missing its value matches nothing") {
    Lead lead = KnownLead();
    CHECK_FALSE(Matches("budget_usd", Op::Eq, Numbers({}), lead));
    CHECK_FALSE(Matches("budget_usd", Op::Neq, Numbers({}), lead));
    CHECK_FALSE(Matches("budget_usd", Op::Gte, Numbers({}), lead));
    CHECK_FALSE(Matches("budget_usd", Op::Between, Numbers({0}), lead));
}

TEST_CASE("text compares trimmed and case-insensitively") {
    Lead lead = KnownLead();
    lead.industry = "  Software ";
    CHECK(Matches("industry", Op::Eq, Texts({"software"}), lead));
    CHECK(Matches("industry", Op::Eq, Texts({"SOFTWARE\t"}), lead));
    CHECK(Matches("industry", Op::In, Texts({"fintech", " SoftWare"}), lead));
    CHECK_FALSE(Matches("industry", Op::In, Texts({"fintech", "retail"}), lead));
    CHECK_FALSE(Matches("industry", Op::Neq, Texts({"Software"}), lead));
    CHECK(Matches("industry", Op::Neq, Texts({"fintech"}), lead));
    CHECK_FALSE(Matches("industry", Op::NotIn, Texts({"fintech", "software"}), lead));
    CHECK(Matches("industry", Op::NotIn, Texts({"fintech"}), lead));
    CHECK_FALSE(Matches("industry", Op::Eq, Texts({"soft"}), lead));   // whole values, not prefixes
}

TEST_CASE("every text field compares the same way") {
    Lead lead = KnownLead();   // company Acme, title CTO, country DE
    CHECK(Matches("company", Op::Eq, Texts({"ACME"}), lead));
    CHECK(Matches("title", Op::In, Texts({"ceo", "cto"}), lead));
    CHECK(Matches("country", Op::NotIn, Texts({"us", "ca"}), lead));
    CHECK(Matches("phone", Op::Exists, {}, lead));
}

TEST_CASE("unknown text matches no operator, and blank text is unknown") {
    for (const char* blank : {"", "   "}) {
        Lead lead = KnownLead();
        lead.industry = blank;
        lead.phone = blank;
        CAPTURE(blank);
        CHECK_FALSE(Matches("industry", Op::Eq, Texts({"software"}), lead));
        CHECK_FALSE(Matches("industry", Op::Eq, Texts({""}), lead));
        CHECK_FALSE(Matches("industry", Op::Neq, Texts({"software"}), lead));
        CHECK_FALSE(Matches("industry", Op::In, Texts({"software"}), lead));
        CHECK_FALSE(Matches("industry", Op::NotIn, Texts({"software"}), lead));
        CHECK_FALSE(Matches("industry", Op::NotIn, Texts({}), lead));
        CHECK_FALSE(Matches("industry", Op::Exists, {}, lead));
        CHECK_FALSE(Matches("phone", Op::Exists, {}, lead));
    }
}

TEST_CASE("text operators that need an order match nothing") {
    Lead lead = KnownLead();
    CHECK_FALSE(Matches("industry", Op::Gte, Texts({"a"}), lead));
    CHECK_FALSE(Matches("industry", Op::Lte, Texts({"z"}), lead));
    CHECK_FALSE(Matches("industry", Op::Between, Texts({"a", "z"}), lead));
}

TEST_CASE("choice fields compare choice names") {
    Lead lead = KnownLead();   // decision_maker, need yes, source referral
    CHECK(Matches("authority", Op::Eq, Texts({"decision_maker"}), lead));
    CHECK_FALSE(Matches("authority", Op::Eq, Texts({"influencer"}), lead));
    CHECK(Matches("authority", Op::Neq, Texts({"influencer"}), lead));
    CHECK_FALSE(Matches("authority", Op::Neq, Texts({"decision_maker"}), lead));
    CHECK(Matches("authority", Op::In, Texts({"influencer", "decision_maker"}), lead));
    CHECK(Matches("authority", Op::NotIn, Texts({"none"}), lead));
    CHECK_FALSE(Matches("authority", Op::NotIn, Texts({"none", "decision_maker"}), lead));
    CHECK(Matches("authority", Op::Exists, {}, lead));
    CHECK(Matches("need", Op::Eq, Texts({"yes"}), lead));
    CHECK(Matches("need", Op::Neq, Texts({"no"}), lead));
    CHECK(Matches("source", Op::Eq, Texts({"referral"}), lead));
    CHECK_FALSE(Matches("source", Op::In, Texts({"event", "webinar"}), lead));
    CHECK(Matches("source", Op::NotIn, Texts({"event", "webinar"}), lead));
}

TEST_CASE("unknown authority and need match no operator") {
    Lead lead = KnownLead();
    lead.authority = Authority::Unknown;
    lead.need = Need::Unknown;
    CHECK_FALSE(Matches("authority", Op::Eq, Texts({"decision_maker"}), lead));
    CHECK_FALSE(Matches("authority", Op::Eq, Texts({"unknown"}), lead));
    CHECK_FALSE(Matches("authority", Op::Neq, Texts({"none"}), lead));
    CHECK_FALSE(Matches("authority", Op::In, Texts({"none", "influencer", "decision_maker"}), lead));
    CHECK_FALSE(Matches("authority", Op::NotIn, Texts({"none"}), lead));
    CHECK_FALSE(Matches("authority", Op::Exists, {}, lead));
    CHECK_FALSE(Matches("need", Op::Eq, Texts({"yes"}), lead));
    CHECK_FALSE(Matches("need", Op::Neq, Texts({"yes"}), lead));
    CHECK_FALSE(Matches("need", Op::NotIn, Texts({"no"}), lead));
    CHECK_FALSE(Matches("need", Op::Exists, {}, lead));
}

TEST_CASE("source is always known") {
    Lead lead = KnownLead();
    lead.source = Source::Webinar;   // the enum's first value, stored as 1
    CHECK(Matches("source", Op::Exists, {}, lead));
    CHECK(Matches("source", Op::Eq, Texts({"webinar"}), lead));
    lead.source = Source::Other;
    CHECK(Matches("source", Op::Neq, Texts({"webinar"}), lead));
}

TEST_CASE("demo_requested compares with the flag and always exists") {
    Lead lead = KnownLead();
    lead.demo_requested = true;
    CHECK(Matches("demo_requested", Op::Eq, Flag(true), lead));
    CHECK_FALSE(Matches("demo_requested", Op::Eq, Flag(false), lead));
    CHECK(Matches("demo_requested", Op::Exists, {}, lead));
    lead.demo_requested = false;
    CHECK(Matches("demo_requested", Op::Eq, Flag(false), lead));
    CHECK_FALSE(Matches("demo_requested", Op::Eq, Flag(true), lead));
    CHECK(Matches("demo_requested", Op::Exists, {}, lead));
    CHECK_FALSE(Matches("demo_requested", Op::Eq, {}, lead));   // no flag given
}

TEST_CASE("a criterion on a field criteria may not test matches nothing") {
    Lead lead = KnownLead();
    CHECK_FALSE(Matches("shoe_size", Op::Exists, {}, lead));
    CHECK_FALSE(Matches("email", Op::Exists, {}, lead));
}

//-------------------------------------------------------------------------------------------------
// Scores, caps, decay, levels
//-------------------------------------------------------------------------------------------------

TEST_CASE("fit adds the points of matched criteria, negative points included") {
    DefinitionRules rules;
    rules.fit = {
        Make("f1", "industry", Op::Eq, Texts({"software"}), 20),       // matches
        Make("f2", "country", Op::In, Texts({"de", "at"}), 10),         // matches
        Make("f3", "company_size", Op::Gte, Numbers({1000}), 15),      // 200: no
        Make("f4", "title", Op::Eq, Texts({"cto"}), -5),                // matches
    };
    Evaluation e = Evaluate(rules, KnownLead(), kNow);
    CHECK(e.fit == 25);   // 20 + 10 - 5
    REQUIRE(e.fit_results.size() == 4);
    CHECK(e.fit_results[0].id == "f1");
    CHECK(e.fit_results[0].points == 20);
    CHECK(e.fit_results[2].id == "f3");
    CHECK_FALSE(e.fit_results[2].matched);
    CHECK(e.fit_results[2].points == 0);
    CHECK(e.fit_results[3].matched);
    CHECK(e.fit_results[3].points == -5);
    CHECK(e.total == 25);   // no engagement criteria
}

TEST_CASE("the fit cap lowers fit but never raises it, and the explanation stays uncapped") {
    DefinitionRules rules;
    rules.fit = {Make("f1", "industry", Op::Eq, Texts({"software"}), 40),
                 Make("f2", "country", Op::Eq, Texts({"de"}), 30)};
    rules.fit_cap = 50;
    Evaluation e = Evaluate(rules, KnownLead(), kNow);
    CHECK(e.fit == 50);   // min(40 + 30, 50)
    CHECK(e.fit_results[0].points == 40);
    CHECK(e.fit_results[1].points == 30);

    rules.fit = {Make("f1", "industry", Op::Eq, Texts({"software"}), -20)};
    CHECK(Evaluate(rules, KnownLead(), kNow).fit == -20);   // min(-20, 50)
}

TEST_CASE("the engagement cap applies after decay") {
    DefinitionRules rules;
    rules.engagement = {Make("e1", "page_views", Op::Gte, Numbers({10}), 30),
                        Make("e2", "demo_requested", Op::Eq, Flag(true), 30)};
    rules.decay = {DecayKind::HalfLife, 10};
    Lead lead = KnownLead();
    lead.last_activity_at = kNow - 10 * kDay;   // one half-life: factor 0.5
    rules.engagement_cap = 25;
    Evaluation e = Evaluate(rules, lead, kNow);
    CHECK(e.engagement == 25);   // min((30 + 30) * 0.5, 25) = min(30, 25)
    CHECK(e.engagement_results[0].points == 15);   // 30 * 0.5, before the cap
    CHECK(e.engagement_results[1].points == 15);
    rules.engagement_cap = 40;
    CHECK(Evaluate(rules, lead, kNow).engagement == 30);   // min(30, 40)
}

TEST_CASE("a window keeps engagement through exactly its days and drops it a second later") {
    Decay window{DecayKind::Window, 7};
    Lead lead = KnownLead();
    lead.last_activity_at = kNow - 7 * kDay;   // age 604800 / 86400 = 7.0 <= 7
    CHECK(DecayFactor(window, lead, kNow) == 1.0);
    DefinitionRules rules;
    rules.engagement = {Make("e1", "downloads", Op::Gte, Numbers({1}), 10)};
    rules.decay = window;
    CHECK(Evaluate(rules, lead, kNow).engagement == 10);
    lead.last_activity_at = kNow - 7 * kDay - 1;   // 7.0000116 days > 7
    CHECK(DecayFactor(window, lead, kNow) == 0.0);
    Evaluation e = Evaluate(rules, lead, kNow);
    CHECK(e.engagement == 0);
    CHECK(e.engagement_results[0].matched);   // still matched, worth 10 * 0
    CHECK(e.engagement_results[0].points == 0);
}

TEST_CASE("a half-life halves engagement once per half-life") {
    Decay half_life{DecayKind::HalfLife, 14};
    DefinitionRules rules;
    rules.engagement = {Make("e1", "webinars_attended", Op::Gte, Numbers({1}), 40)};
    rules.decay = half_life;
    Lead lead = KnownLead();
    lead.last_activity_at = kNow;   // 0.5^0 = 1
    CHECK(DecayFactor(half_life, lead, kNow) == 1.0);
    CHECK(Evaluate(rules, lead, kNow).engagement == 40);
    lead.last_activity_at = kNow - 14 * kDay;   // 0.5^1 = 0.5
    CHECK(DecayFactor(half_life, lead, kNow) == 0.5);
    CHECK(Evaluate(rules, lead, kNow).engagement == 20);
    lead.last_activity_at = kNow - 28 * kDay;   // 0.5^2 = 0.25
    CHECK(DecayFactor(half_life, lead, kNow) == 0.25);
    CHECK(Evaluate(rules, lead, kNow).engagement == 10);
}

TEST_CASE("decay counts from creation when no activity is known") {
    Decay half_life{DecayKind::HalfLife, 14};
    Lead lead = KnownLead();
    lead.created_at = kNow - 14 * kDay;
    lead.last_activity_at.reset();
    CHECK(DecayFactor(half_life, lead, kNow) == 0.5);
    lead.last_activity_at = kNow;   // known activity wins over creation
    CHECK(DecayFactor(half_life, lead, kNow) == 1.0);
}

TEST_CASE("activity after now counts as age zero, and no decay means factor one") {
    Lead lead = KnownLead();
    lead.last_activity_at = kNow + 3 * kDay;
    CHECK(DecayFactor({DecayKind::HalfLife, 14}, lead, kNow) == 1.0);
    CHECK(DecayFactor({DecayKind::Window, 1}, lead, kNow) == 1.0);
    lead.last_activity_at = kNow - 3650 * kDay;
    CHECK(DecayFactor({DecayKind::None, 0}, lead, kNow) == 1.0);
}

TEST_CASE("a lead scoring exactly the threshold is an MQL, one point less is not") {
    DefinitionRules rules;
    rules.mql_threshold = 50;
    rules.fit = {Make("f1", "industry", Op::Eq, Texts({"software"}), 30)};
    rules.engagement = {Make("e1", "demo_requested", Op::Eq, Flag(true), 20)};
    rules.sales_ready = {Make("s1", "need", Op::Eq, Texts({"no"}))};   // fails: keeps it at mql
    Evaluation e = Evaluate(rules, KnownLead(), kNow);
    CHECK(e.total == 50);   // 30 + 20
    CHECK(e.level == Level::Mql);
    rules.engagement[0].points = 19;
    e = Evaluate(rules, KnownLead(), kNow);
    CHECK(e.total == 49);   // 30 + 19
    CHECK(e.level == Level::None);
}

TEST_CASE("sales-ready takes an MQL whose every check holds") {
    DefinitionRules rules;
    rules.mql_threshold = 50;
    rules.fit = {Make("f1", "industry", Op::Eq, Texts({"software"}), 60)};
    rules.sales_ready = {Make("s1", "need", Op::Eq, Texts({"yes"})),
                         Make("s2", "authority", Op::Eq, Texts({"decision_maker"})),
                         Make("s3", "budget_usd", Op::Gte, Numbers({10000})),
                         Make("s4", "timeline_months", Op::Lte, Numbers({6})),
                         Make("s5", "phone", Op::Exists, {})};
    Lead lead = KnownLead();
    CHECK(Evaluate(rules, lead, kNow).level == Level::SalesReady);

    lead.timeline_months = 7;   // one check fails
    CHECK(Evaluate(rules, lead, kNow).level == Level::Mql);

    lead = KnownLead();
    lead.budget_usd.reset();   // unknown fails the check too
    CHECK(Evaluate(rules, lead, kNow).level == Level::Mql);

    lead = KnownLead();
    rules.mql_threshold = 61;   // every check holds but it is no MQL
    CHECK(Evaluate(rules, lead, kNow).level == Level::None);

    rules.mql_threshold = 60;
    rules.sales_ready.clear();   // no checks: every MQL is sales-ready
    CHECK(Evaluate(rules, lead, kNow).level == Level::SalesReady);
}

TEST_CASE("the explanation lists every criterion in order with the points it earned") {
    DefinitionRules rules;
    rules.fit = {Make("f1", "industry", Op::Eq, Texts({"retail"}), 25),
                 Make("f2", "company_size", Op::Between, Numbers({50, 500}), 15)};
    rules.engagement = {Make("e1", "page_views", Op::Gte, Numbers({10}), 10),
                        Make("e2", "downloads", Op::Gte, Numbers({5}), 20),
                        Make("e3", "email_clicks", Op::Gte, Numbers({3}), 6)};
    rules.sales_ready = {Make("s1", "need", Op::Eq, Texts({"yes"})),
                         Make("s2", "authority", Op::Eq, Texts({"influencer"}))};
    rules.decay = {DecayKind::HalfLife, 7};
    rules.mql_threshold = 20;
    Lead lead = KnownLead();
    lead.last_activity_at = kNow - 7 * kDay;   // factor 0.5
    Evaluation e = Evaluate(rules, lead, kNow);

    REQUIRE(e.fit_results.size() == 2);
    CHECK(e.fit_results[0].id == "f1");
    CHECK_FALSE(e.fit_results[0].matched);
    CHECK(e.fit_results[0].points == 0);
    CHECK(e.fit_results[1].id == "f2");
    CHECK(e.fit_results[1].matched);
    CHECK(e.fit_results[1].points == 15);

    REQUIRE(e.engagement_results.size() == 3);
    CHECK(e.engagement_results[0].id == "e1");
    CHECK(e.engagement_results[0].points == 5);    // 10 * 0.5
    CHECK(e.engagement_results[1].id == "e2");
    CHECK_FALSE(e.engagement_results[1].matched);  // 2 downloads < 5
    CHECK(e.engagement_results[1].points == 0);
    CHECK(e.engagement_results[2].id == "e3");
    CHECK(e.engagement_results[2].points == 3);    // 6 * 0.5

    REQUIRE(e.sales_ready_results.size() == 2);
    CHECK(e.sales_ready_results[0].id == "s1");
    CHECK(e.sales_ready_results[0].matched);
    CHECK(e.sales_ready_results[1].id == "s2");
    CHECK_FALSE(e.sales_ready_results[1].matched);

    CHECK(e.fit == 15);
    CHECK(e.engagement == 8);   // (10 + 6) * 0.5
    CHECK(e.total == 23);       // 15 + 8
    CHECK(e.level == Level::Mql);
}

//-------------------------------------------------------------------------------------------------
// StringPool, LeadFacts, CompiledRules
//-------------------------------------------------------------------------------------------------

TEST_CASE("the string pool interns trimmed lower-case text and keeps 0 for blank") {
    StringPool pool;
    CHECK(pool.Intern("") == 0);
    CHECK(pool.Intern("  \t") == 0);
    CHECK(pool.Intern("Software") == 1);
    CHECK(pool.Intern(" software ") == 1);
    CHECK(pool.Intern("Fintech") == 2);
    CHECK(pool.Find("FINTECH") == 2);
    CHECK(pool.Find("health") == 0);
    CHECK(pool.Find("") == 0);
    CHECK(pool.Size() == 2);
}

TEST_CASE("lead facts keep unknowns apart from every known value") {
    StringPool pool;
    Lead lead = KnownLead();
    lead.industry = " Software";
    lead.country = "";
    LeadFacts facts = FactsOf(lead, pool);
    CHECK(facts.budget_usd == 10000);
    CHECK(facts.company_size == 200);
    CHECK(facts.timeline_months == 6);
    CHECK(facts.page_views == 12);
    CHECK(facts.industry == pool.Find("software"));
    CHECK(facts.industry != 0);
    CHECK(facts.country == 0);
    CHECK(facts.activity_at == kNow);
    CHECK(facts.source == 5);      // Referral is 4, + 1
    CHECK(facts.authority == 3);   // DecisionMaker's own value: Unknown is already 0
    CHECK(facts.need == 1);        // Yes
    CHECK(facts.demo_requested);
    CHECK(facts.has_phone);

    Lead unknown;
    unknown.created_at = 1234;
    unknown.source = Source::Webinar;
    facts = FactsOf(unknown, pool);
    CHECK(facts.budget_usd == LeadFacts::kUnknownNumber);
    CHECK(facts.company_size == LeadFacts::kUnknownNumber);
    CHECK(facts.timeline_months == INT32_MIN);
    CHECK(facts.authority == 0);
    CHECK(facts.need == 0);
    CHECK(facts.source == 1);          // known even as the first enum value
    CHECK(facts.activity_at == 1234);  // creation stands in for unknown activity
    CHECK_FALSE(facts.has_phone);
}

TEST_CASE("a criterion text no lead has equals no lead and differs from every known one") {
    StringPool pool;
    LeadFacts facts = FactsOf(KnownLead(), pool);   // industry "software"
    DefinitionRules rules;
    rules.fit = {Make("f1", "industry", Op::Eq, Texts({"mining"}), 10),
                 Make("f2", "industry", Op::Neq, Texts({"mining"}), 20),
                 Make("f3", "industry", Op::In, Texts({"mining", "SOFTWARE"}), 40)};
    CompiledRules compiled(rules, pool);
    CHECK(compiled.Score(facts, kNow).fit == 60);   // 20 + 40
    CHECK(Evaluate(rules, KnownLead(), kNow).fit == 60);
}

TEST_CASE("the compiled rules can test whether a phone is known but not compare phone numbers") {
    // LeadFacts keeps has_phone only; Evaluate compares the text.
    Lead lead = KnownLead();
    StringPool pool;
    LeadFacts facts = FactsOf(lead, pool);
    DefinitionRules rules;
    rules.fit = {Make("f1", "phone", Op::Exists, {}, 10), Make("f2", "phone", Op::Eq, Texts({"+49 30 1234567"}), 20)};
    CHECK(Evaluate(rules, lead, kNow).fit == 30);                 // 10 + 20
    CHECK(CompiledRules(rules, pool).Score(facts, kNow).fit == 10);  // exists only
}

namespace {

// splitmix64: the same sequence on every platform, unlike std::uniform_int_distribution.
struct Random {
    std::uint64_t state;
    std::uint64_t Next() {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    int Below(int n) { return static_cast<int>(Next() % static_cast<std::uint64_t>(n)); }
    bool Chance(int percent) { return Below(100) < percent; }
    template <class T>
    const T& Pick(const std::vector<T>& items) {
        return items[static_cast<std::size_t>(Below(static_cast<int>(items.size())))];
    }
};

// Values cluster on the criteria's bounds, and texts vary in case and spacing, so that every
// comparison is exercised at its edge.
Lead RandomLead(Random& random) {
    static const std::vector<std::string> kIndustries = {"Software", " software", "FINTECH", "Healthcare ",
                                                         "retail",   "",          "  "};
    static const std::vector<std::string> kCountries = {"US", "us ", "CA", "DE", "", "gb", "Fr"};
    static const std::vector<std::string> kTitles = {"CTO", "VP Engineering", "student", "Marketing Manager", ""};
    static const std::vector<std::string> kCompanies = {"Acme", "acme ", "Globex", "Initech", ""};
    static const std::vector<std::string> kPhones = {"", "+1 555 0100", "  ", "+49 30 1234567"};
    static const std::vector<std::int64_t> kBudgets = {0, 5000, 9999, 10000, 10001, 50000, 250000};
    Lead lead;
    lead.industry = random.Pick(kIndustries);
    lead.country = random.Pick(kCountries);
    lead.title = random.Pick(kTitles);
    lead.company = random.Pick(kCompanies);
    lead.phone = random.Pick(kPhones);
    if (!random.Chance(20))
        lead.budget_usd = random.Chance(50) ? random.Pick(kBudgets) : random.Below(300000);
    if (!random.Chance(15)) lead.company_size = random.Chance(30) ? 50 + random.Below(3) * 75 : 1 + random.Below(20000);
    if (!random.Chance(30)) lead.timeline_months = random.Below(25);
    lead.authority = static_cast<Authority>(random.Below(4));
    lead.need = static_cast<Need>(random.Below(3));
    lead.source = static_cast<Source>(random.Below(9));
    lead.page_views = random.Below(60);
    lead.downloads = random.Below(6);
    lead.webinars_attended = random.Below(4);
    lead.email_clicks = random.Below(10);
    lead.demo_requested = random.Chance(25);
    lead.created_at = kNow - random.Below(400) * kDay - random.Below(static_cast<int>(kDay));
    if (random.Chance(60)) {
        // Some activity lands exactly on a window or half-life boundary, some in the future.
        int kind = random.Below(4);
        if (kind == 0) lead.last_activity_at = kNow - 30 * kDay;
        else if (kind == 1) lead.last_activity_at = kNow + random.Below(static_cast<int>(kDay));
        else lead.last_activity_at = kNow - random.Below(120) * kDay - random.Below(static_cast<int>(kDay));
    }
    return lead;
}

std::vector<DefinitionRules> EquivalenceDefinitions() {
    std::vector<DefinitionRules> definitions;

    DefinitionRules realistic;   // what a team would agree on
    realistic.fit = {Make("f1", "industry", Op::In, Texts({"software", "fintech", "healthcare"}), 20),
                     Make("f2", "company_size", Op::Between, Numbers({50, 5000}), 15),
                     Make("f3", "country", Op::In, Texts({"us", "ca", "gb", "de"}), 10),
                     Make("f4", "title", Op::In, Texts({"cto", "vp engineering"}), 15),
                     Make("f5", "budget_usd", Op::Gte, Numbers({10000}), 10),
                     Make("f6", "authority", Op::Eq, Texts({"decision_maker"}), 10),
                     Make("f7", "need", Op::Eq, Texts({"yes"}), 10),
                     Make("f8", "title", Op::Eq, Texts({"student"}), -30)};
    realistic.engagement = {Make("e1", "page_views", Op::Gte, Numbers({10}), 5),
                            Make("e2", "downloads", Op::Gte, Numbers({1}), 10),
                            Make("e3", "webinars_attended", Op::Gte, Numbers({1}), 15),
                            Make("e4", "email_clicks", Op::Gte, Numbers({3}), 5),
                            Make("e5", "demo_requested", Op::Eq, Flag(true), 25),
                            Make("e6", "page_views", Op::Gte, Numbers({50}), 5)};
    realistic.sales_ready = {Make("s1", "need", Op::Eq, Texts({"yes"})),
                             Make("s2", "authority", Op::Eq, Texts({"decision_maker"})),
                             Make("s3", "budget_usd", Op::Gte, Numbers({10000})),
                             Make("s4", "timeline_months", Op::Lte, Numbers({6}))};
    realistic.mql_threshold = 50;
    realistic.fit_cap = 60;
    realistic.engagement_cap = 40;
    realistic.decay = {DecayKind::HalfLife, 14};
    definitions.push_back(realistic);

    DefinitionRules every_op;   // every operator on every field, odd values included
    int n = 0;
    auto add = [&](std::vector<Criterion>& list, std::string field, Op op, CriterionValue value, int points) {
        list.push_back(Make("x" + std::to_string(++n), std::move(field), op, std::move(value), points));
    };
    for (const char* field : {"budget_usd", "company_size", "timeline_months", "page_views", "downloads",
                              "webinars_attended", "email_clicks"}) {
        add(every_op.fit, field, Op::Eq, Numbers({10000}), 3);
        add(every_op.fit, field, Op::Neq, Numbers({0}), -2);
        add(every_op.fit, field, Op::Gte, Numbers({5}), 4);
        add(every_op.fit, field, Op::Lte, Numbers({6}), 1);
        add(every_op.fit, field, Op::Between, Numbers({1, 200}), 2);
        add(every_op.engagement, field, Op::In, Numbers({0, 2, 50, 125, 10000}), 3);
        add(every_op.engagement, field, Op::NotIn, Numbers({1, 3}), -1);
        add(every_op.engagement, field, Op::Exists, {}, 1);
        add(every_op.sales_ready, field, Op::Exists, {}, 0);
    }
    for (const char* field : {"industry", "country", "title", "company"}) {
        add(every_op.fit, field, Op::Eq, Texts({"Software"}), 5);
        add(every_op.fit, field, Op::Neq, Texts({"us"}), 2);
        add(every_op.fit, field, Op::In, Texts({"acme", " CTO", "mining", "DE"}), 4);
        add(every_op.fit, field, Op::NotIn, Texts({"fintech", "gb", "never-seen"}), -3);
        add(every_op.fit, field, Op::Exists, {}, 1);
        add(every_op.fit, field, Op::Gte, Texts({"a"}), 50);   // unsuited: never matches
    }
    add(every_op.fit, "authority", Op::Eq, Texts({"decision_maker"}), 6);
    add(every_op.fit, "authority", Op::Neq, Texts({"none"}), 2);
    add(every_op.fit, "authority", Op::In, Texts({"influencer", "unknown"}), 3);
    add(every_op.fit, "authority", Op::NotIn, Texts({"none", "bogus"}), 1);
    add(every_op.fit, "need", Op::Eq, Texts({"yes"}), 5);
    add(every_op.fit, "need", Op::NotIn, Texts({"no"}), 2);
    add(every_op.fit, "need", Op::Exists, {}, 1);
    add(every_op.fit, "source", Op::In, Texts({"referral", "event", "webinar"}), 4);
    add(every_op.fit, "source", Op::Neq, Texts({"other"}), 1);
    add(every_op.fit, "phone", Op::Exists, {}, 3);
    add(every_op.engagement, "demo_requested", Op::Eq, Flag(true), 9);
    add(every_op.engagement, "demo_requested", Op::Neq, Flag(true), 1);
    add(every_op.engagement, "demo_requested", Op::Exists, {}, 1);
    add(every_op.sales_ready, "authority", Op::NotIn, Texts({"none"}), 0);
    every_op.mql_threshold = 20;
    every_op.decay = {DecayKind::Window, 30};
    definitions.push_back(every_op);

    DefinitionRules negative = realistic;   // no decay, small caps, a threshold of 0
    negative.decay = {};
    negative.fit_cap = 0;
    negative.engagement_cap = 10;
    negative.mql_threshold = 0;
    negative.fit.push_back(Make("f9", "country", Op::NotIn, Texts({"us", "ca"}), -15));
    definitions.push_back(negative);

    DefinitionRules fast_decay = realistic;   // a short half-life and no caps
    fast_decay.decay = {DecayKind::HalfLife, 3};
    fast_decay.fit_cap.reset();
    fast_decay.engagement_cap.reset();
    fast_decay.mql_threshold = 45;
    definitions.push_back(fast_decay);
    return definitions;
}

}  // namespace

TEST_CASE("compiled scores equal Evaluate to the last bit on thousands of pseudo-random leads") {
    Random random{20261125};
    std::vector<Lead> leads;
    for (int i = 0; i < 4000; ++i) leads.push_back(RandomLead(random));
    StringPool pool;
    std::vector<LeadFacts> facts;
    for (const Lead& lead : leads) facts.push_back(FactsOf(lead, pool));

    for (const DefinitionRules& rules : EquivalenceDefinitions()) {
        CompiledRules compiled(rules, pool);
        std::vector<LeadScore> all(facts.size());
        compiled.ScoreAll(facts, kNow, all);
        int mismatches = 0;
        int levels[3] = {0, 0, 0};
        for (std::size_t i = 0; i < leads.size(); ++i) {
            Evaluation e = Evaluate(rules, leads[i], kNow);
            LeadScore s = compiled.Score(facts[i], kNow);
            bool same = s.fit == e.fit && s.engagement == e.engagement && s.total == e.total && s.level == e.level &&
                        all[i].fit == s.fit && all[i].engagement == s.engagement && all[i].total == s.total &&
                        all[i].level == s.level;
            if (!same && ++mismatches <= 3) {
                CAPTURE(i);
                CHECK(s.fit == e.fit);
                CHECK(s.engagement == e.engagement);
                CHECK(s.total == e.total);
                CHECK(s.level == e.level);
            }
            ++levels[static_cast<int>(e.level)];
        }
        CHECK(mismatches == 0);
        // The sample must reach every level, or the comparison proves little.
        CHECK(levels[0] > 100);
        CHECK(levels[1] > 100);
        CHECK(levels[2] > 20);
    }
}

TEST_CASE("ScoreAll gives each lead the score Score gives it") {
    Random random{7};
    StringPool pool;
    std::vector<LeadFacts> facts;
    for (int i = 0; i < 100; ++i) facts.push_back(FactsOf(RandomLead(random), pool));
    CompiledRules compiled(EquivalenceDefinitions()[0], pool);
    std::vector<LeadScore> out(facts.size());
    compiled.ScoreAll(facts, kNow, out);
    for (std::size_t i = 0; i < facts.size(); ++i) {
        LeadScore one = compiled.Score(facts[i], kNow);
        CHECK(out[i].total == one.total);
        CHECK(out[i].level == one.level);
        CHECK(out[i].definition_version == 0);   // left for the caller
    }
}

TEST_CASE("compiled rules can be moved") {
    StringPool pool;
    LeadFacts facts = FactsOf(KnownLead(), pool);
    DefinitionRules rules;
    rules.fit = {Make("f1", "industry", Op::Eq, Texts({"software"}), 10)};
    CompiledRules first(rules, pool);
    CompiledRules second = std::move(first);
    CHECK(second.Score(facts, kNow).fit == 10);
    CompiledRules third(DefinitionRules{}, pool);
    third = std::move(second);
    CHECK(third.Score(facts, kNow).fit == 10);
}
