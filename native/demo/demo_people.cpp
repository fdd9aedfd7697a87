// The demo's six users and the two versions of the lead definition they signed.
#include "demo/demo_people.h"

#include <span>
#include <string_view>
#include <utility>

#include "demo/demo_vocabulary.h"

namespace tandem::demo {

std::vector<User> DemoUsers(const Clock& clock) {
    struct Person {
        const char* email;
        const char* name;
        Role role;
    };
    static constexpr Person kPeople[] = {
        {"admin@tandem.test", "Alex Admin", Role::Admin},
        {"maya@tandem.test", "Maya Marketing", Role::MarketingLeader},
        {"sam@tandem.test", "Sam Sales", Role::SalesLeader},
        {"mark@tandem.test", "Mark Marketer", Role::Marketer},
        {"rita@tandem.test", "Rita Rep", Role::SalesRep},
        {"raj@tandem.test", "Raj Rep", Role::SalesRep},
    };
    std::vector<User> users;
    std::int64_t id = 0;
    for (const Person& person : kPeople) {
        User user;
        user.id = ++id;
        user.email = person.email;
        user.name = person.name;
        user.role = person.role;
        user.active = true;
        user.created_at = clock.users_created + (id - 1) * 7 * kMinute;
        users.push_back(std::move(user));
    }
    return users;
}

namespace {

CriterionValue TextList(std::span<const std::string_view> texts) {
    CriterionValue value;
    for (std::string_view text : texts) value.texts.emplace_back(text);
    return value;
}

CriterionValue Texts(std::initializer_list<std::string_view> texts) {
    return TextList(std::span<const std::string_view>(texts.begin(), texts.size()));
}

CriterionValue Numbers(std::initializer_list<double> numbers) {
    CriterionValue value;
    value.numbers.assign(numbers.begin(), numbers.end());
    return value;
}

CriterionValue FlagValue(bool flag) {
    CriterionValue value;
    value.flag = flag;
    return value;
}


constexpr std::string_view kV1Regions[] = {"US", "CA", "GB", "DE", "FR"};
constexpr std::string_view kV2Regions[] = {"US", "CA", "GB", "DE", "FR", "NL", "BR"};

std::vector<Criterion> Engagement() {
    return {
        Criterion{"page_views", "Viewed 5+ pages", "page_views", Op::Gte, Numbers({5}), 10},
        Criterion{"downloads", "Downloaded content", "downloads", Op::Gte, Numbers({1}), 10},
        Criterion{"webinar", "Attended a webinar", "webinars_attended", Op::Gte, Numbers({1}), 15},
        Criterion{"email_clicks", "Clicked 3+ emails", "email_clicks", Op::Gte, Numbers({3}), 10},
        Criterion{"demo", "Requested a demo", "demo_requested", Op::Eq, FlagValue(true), 25},
    };
}

std::vector<Criterion> SalesReadyChecks(const SalesReadyBar& bar) {
    std::vector<Criterion> checks = {
        Criterion{"need", "Confirmed need", "need", Op::Eq, Texts({"yes"}), 0},
        Criterion{"authority", "Decision maker or influencer", "authority", Op::In,
                      Texts({"decision_maker", "influencer"}), 0},
        Criterion{"budget", "Budget of " + std::to_string(bar.budget_usd / 1000) + "k USD or more", "budget_usd",
                      Op::Gte, Numbers({static_cast<double>(bar.budget_usd)}), 0},
        Criterion{"timeline", "Buying within " + std::to_string(bar.timeline_months) + " months",
                      "timeline_months", Op::Lte, Numbers({static_cast<double>(bar.timeline_months)}), 0},
    };
    if (bar.phone) checks.push_back(Criterion{"phone", "Has a phone number", "phone", Op::Exists, {}, 0});
    return checks;
}

DefinitionRules RulesV1() {
    DefinitionRules rules;
    rules.fit = {
        Criterion{"industry", "Target industry", "industry", Op::In, TextList(kTargetIndustries), 15},
        Criterion{"size", "50 to 5000 employees", "company_size", Op::Between, Numbers({50, 5000}), 10},
        Criterion{"title", "Decision-maker title", "title", Op::In, TextList(DecisionMakerTitles()), 10},
        Criterion{"region", "Target region", "country", Op::In, TextList(kV1Regions), 5},
    };
    rules.engagement = Engagement();
    rules.sales_ready = SalesReadyChecks(kBarV1);
    rules.mql_threshold = 45;
    return rules;
}

}  // namespace

DefinitionRules RulesV2() {
    DefinitionRules rules;
    rules.fit = {
        Criterion{"industry", "Target industry", "industry", Op::In, TextList(kTargetIndustries), 15},
        Criterion{"size", "50 to 5000 employees", "company_size", Op::Between, Numbers({50, 5000}), 10},
        Criterion{"title", "Decision-maker title", "title", Op::In, TextList(DecisionMakerTitles()), 10},
        Criterion{"decision_maker", "Says they decide", "authority", Op::Eq, Texts({"decision_maker"}), 10},
        Criterion{"region", "Target region", "country", Op::In, TextList(kV2Regions), 5},
    };
    rules.engagement = Engagement();
    rules.sales_ready = SalesReadyChecks(kBarV2);
    rules.mql_threshold = 50;
    // Fit alone never makes an MQL: a perfect-fit company must also have done something.
    rules.fit_cap = 40;
    rules.decay = {DecayKind::HalfLife, 45};
    return rules;
}

std::vector<LeadDefinition> DemoDefinitions(const Clock& clock) {
    LeadDefinition v1;
    v1.version = 1;
    v1.status = DefinitionStatus::Retired;
    v1.summary =
        "Our first shared definition, agreed at the sales & marketing kickoff. Maya: fit on industry, size, "
        "title and region, engagement on what they did, 45 points make an MQL. Sam: we take a lead when it has "
        "a need, someone who decides or influences, 5k budget and a project within a year.";
    v1.rules = RulesV1();
    v1.review_by = clock.today - 366 + 182;
    v1.created_at = At(clock.today - 369, 10, 5);
    v1.created_by = kMayaId;
    v1.proposed_at = At(clock.today - 368, 16, 20);
    v1.approvals = {{kMayaId, Role::MarketingLeader, At(clock.today - 367, 11, 10)},
                    {kSamId, Role::SalesLeader, clock.v1_activated}};
    v1.activated_at = clock.v1_activated;
    v1.retired_at = clock.v2_activated;

    LeadDefinition v2;
    v2.version = 2;
    v2.status = DefinitionStatus::Active;
    v2.summary =
        "Sam: a third of what we rejected had budgets under 10k or no project this half-year, and we could not "
        "reach many of them. Maya: agreed. We raise the budget check to 10k USD, want a timeline of 6 months or "
        "less and a phone number before hand-over, and lift the MQL threshold to 50. Engagement now fades with a "
        "45-day half-life and fit is capped at 40, so an old download or a good logo alone no longer makes an MQL. "
        "We look at the rejection reasons again at the review.";
    v2.rules = RulesV2();
    v2.review_by = clock.today + 90;
    v2.created_at = At(clock.today - 170, 14, 0);
    v2.created_by = kSamId;
    v2.proposed_at = At(clock.today - 157, 9, 0);
    v2.approvals = {{kMayaId, Role::MarketingLeader, At(clock.today - 156, 10, 15)},
                    {kSamId, Role::SalesLeader, clock.v2_activated}};
    v2.activated_at = clock.v2_activated;
    return {std::move(v1), std::move(v2)};
}

}  // namespace tandem::demo
