// The demo data generator: the same demo for the same seed and day, every record valid for the
// codecs and the stage machine, and a funnel that looks like a real company's where the views look.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "demo/demo_data.h"
#include "tandem/evaluate.h"
#include "tandem/stage_machine.h"

namespace {

using namespace tandem;
using namespace tandem::demo;

const Timestamp kNow = *ParseTimestamp("2026-11-25T09:30:00Z");   // a Wednesday
const Date kToday = DateOf(kNow);

struct LeadRecord {
    Lead lead;
    std::vector<StageChange> history;
};

// Keeps everything and a hash of everything (as JSON), and the order the kinds arrived in.
class RecordingSink : public DemoSink {
public:
    std::vector<User> users;
    std::vector<LeadDefinition> definitions;
    std::vector<Campaign> campaigns;
    std::vector<LeadRecord> leads;
    std::vector<Feedback> feedback;
    std::vector<MonthlyTarget> targets;
    std::string kinds;                  // one letter per run of records of a kind: "udclft"
    std::uint64_t hash = 14695981039346656037ull;

    void OnUser(const User& user) override {
        Keep('u', ToJson(user));
        users.push_back(user);
    }
    void OnDefinition(const LeadDefinition& definition) override {
        Keep('d', ToJson(definition));
        definitions.push_back(definition);
    }
    void OnCampaign(const Campaign& campaign) override {
        Keep('c', ToJson(campaign));
        campaigns.push_back(campaign);
    }
    void OnLead(const Lead& lead, const std::vector<StageChange>& history) override {
        Keep('l', ToJson(lead));
        for (const StageChange& change : history) Mix(ToJson(change).dump());
        leads.push_back({lead, history});
    }
    void OnFeedback(const Feedback& item) override {
        Keep('f', ToJson(item));
        feedback.push_back(item);
    }
    void OnTarget(const MonthlyTarget& target) override {
        Keep('t', ToJson(target));
        targets.push_back(target);
    }

private:
    void Keep(char kind, const nlohmann::json& record) {
        if (kinds.empty() || kinds.back() != kind) kinds += kind;
        Mix(record.dump());
    }
    void Mix(const std::string& text) {
        for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;   // FNV-1a
        hash = (hash ^ 0xFF) * 1099511628211ull;
    }
};

RecordingSink Generate(std::int64_t leads, std::uint64_t seed = 2026, Timestamp now = kNow) {
    DemoOptions options;
    options.leads = leads;
    options.seed = seed;
    options.now = now;
    RecordingSink sink;
    GenerateDemo(options, sink);
    return sink;
}

// The default demo, generated once for all the tests that only read it.
const RecordingSink& DefaultDemo() {
    static const RecordingSink demo = Generate(20000);
    return demo;
}

std::optional<Timestamp> Entered(const LeadRecord& record, Stage stage) {
    for (const StageChange& change : record.history)
        if (change.to == stage) return change.at;
    return std::nullopt;
}

bool Intersect(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    if (a.empty() || b.empty()) return true;   // an empty list means "all"
    for (const std::string& item : a)
        if (std::find(b.begin(), b.end(), item) != b.end()) return true;
    return false;
}

// PRODUCT.md: two campaigns clash when their dates overlap and their segments intersect.
bool Clash(const Campaign& a, const Campaign& b) {
    bool dates = a.start <= b.end && b.start <= a.end;
    const Segment& x = a.segment;
    const Segment& y = b.segment;
    bool sizes = x.company_size_min.value_or(0) <= y.company_size_max.value_or(INT64_MAX) &&
                 y.company_size_min.value_or(0) <= x.company_size_max.value_or(INT64_MAX);
    return dates && sizes && Intersect(x.industries, y.industries) && Intersect(x.titles, y.titles) &&
           Intersect(x.regions, y.regions);
}

// Written out independently of the generator: the channel each campaign type brings leads through.
Source ChannelOf(CampaignType type) {
    switch (type) {
    case CampaignType::Webinar: return Source::Webinar;
    case CampaignType::Email: return Source::Outbound;
    case CampaignType::Paid: return Source::PaidSearch;
    case CampaignType::Event: return Source::Event;
    case CampaignType::Content: return Source::ContentDownload;
    case CampaignType::ProductLaunch: return Source::Website;
    case CampaignType::Social: return Source::Social;
    case CampaignType::Other: return Source::Referral;
    }
    return Source::Other;
}

nlohmann::json WithoutReadOnly(nlohmann::json json, std::span<const std::string_view> fields) {
    for (std::string_view field : fields) json.erase(std::string(field));
    return json;
}

double Median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values.empty() ? 0.0 : values[values.size() / 2];
}

}  // namespace

TEST_CASE("the same seed and day give the same demo, another seed another") {
    RecordingSink first = Generate(3000);
    RecordingSink again = Generate(3000);
    RecordingSink other = Generate(3000, 7);
    CHECK(first.hash == again.hash);
    CHECK(first.hash != other.hash);
    CHECK(first.leads.size() == 3000);
    CHECK(other.leads.size() == 3000);
}

TEST_CASE("records arrive by kind in the promised order, ids counting from 1") {
    const RecordingSink& demo = DefaultDemo();
    CHECK(demo.kinds == "udclft");
    for (std::size_t i = 0; i < demo.users.size(); ++i) CHECK(demo.users[i].id == static_cast<std::int64_t>(i + 1));
    for (std::size_t i = 0; i < demo.campaigns.size(); ++i)
        CHECK(demo.campaigns[i].id == static_cast<std::int64_t>(i + 1));
    for (std::size_t i = 0; i < demo.feedback.size(); ++i)
        REQUIRE(demo.feedback[i].id == static_cast<std::int64_t>(i + 1));
    std::int64_t change_id = 0;
    for (std::size_t i = 0; i < demo.leads.size(); ++i) {
        REQUIRE(demo.leads[i].lead.id == static_cast<std::int64_t>(i + 1));
        for (const StageChange& change : demo.leads[i].history) {
            REQUIRE(change.id == ++change_id);
            REQUIRE(change.lead_id == demo.leads[i].lead.id);
        }
    }
}

TEST_CASE("the six demo users have their roles, active since a year ago") {
    const RecordingSink& demo = DefaultDemo();
    REQUIRE(demo.users.size() == 6);
    struct Expected {
        const char* email;
        const char* name;
        Role role;
    };
    const Expected expected[] = {
        {"admin@tandem.test", "Alex Admin", Role::Admin},
        {"maya@tandem.test", "Maya Marketing", Role::MarketingLeader},
        {"sam@tandem.test", "Sam Sales", Role::SalesLeader},
        {"mark@tandem.test", "Mark Marketer", Role::Marketer},
        {"rita@tandem.test", "Rita Rep", Role::SalesRep},
        {"raj@tandem.test", "Raj Rep", Role::SalesRep},
    };
    for (std::size_t i = 0; i < 6; ++i) {
        CAPTURE(i);
        CHECK(demo.users[i].email == expected[i].email);
        CHECK(demo.users[i].name == expected[i].name);
        CHECK(demo.users[i].role == expected[i].role);
        CHECK(demo.users[i].active);
        CHECK(DateOf(demo.users[i].created_at) == kToday - 370);
    }
}

TEST_CASE("version 1 is retired and version 2 active, each signed off by both leaders") {
    const RecordingSink& demo = DefaultDemo();
    REQUIRE(demo.definitions.size() == 2);
    const LeadDefinition& v1 = demo.definitions[0];
    const LeadDefinition& v2 = demo.definitions[1];
    CHECK(v1.version == 1);
    CHECK(v1.status == DefinitionStatus::Retired);
    CHECK(v2.version == 2);
    CHECK(v2.status == DefinitionStatus::Active);
    CHECK(FormatTimestamp(*v1.activated_at) == "2025-11-24T15:30:00Z");
    CHECK(v1.retired_at == v2.activated_at);
    CHECK(FormatTimestamp(*v2.activated_at) == "2026-06-23T16:40:00Z");
    CHECK(FormatDate(*v2.review_by) == "2027-02-23");
    CHECK_FALSE(v2.summary.empty());

    for (const LeadDefinition& definition : demo.definitions) {
        CAPTURE(definition.version);
        REQUIRE(definition.approvals.size() == 2);
        const Approval& marketing = definition.approvals[0];
        const Approval& sales = definition.approvals[1];
        CHECK(marketing.user_id == 2);
        CHECK(marketing.role == Role::MarketingLeader);
        CHECK(sales.user_id == 3);
        CHECK(sales.role == Role::SalesLeader);
        // Activation is the second sign-off, which came a day after the first.
        CHECK(sales.at == *definition.activated_at);
        CHECK(DateOf(sales.at) - DateOf(marketing.at) == 1);
        CHECK(*definition.proposed_at < marketing.at);
        CHECK(definition.created_at < *definition.proposed_at);
    }
}

TEST_CASE("both definitions pass the definition codec's validation unchanged") {
    const RecordingSink& demo = DefaultDemo();
    for (const LeadDefinition& definition : demo.definitions) {
        CAPTURE(definition.version);
        DefinitionRules decoded = RulesFromJson(ToJson(definition.rules));
        CHECK(decoded == definition.rules);
        std::set<std::string> ids;
        for (const auto* list : {&definition.rules.fit, &definition.rules.engagement, &definition.rules.sales_ready})
            for (const Criterion& criterion : *list) CHECK(ids.insert(criterion.id).second);
        for (const Criterion& check : definition.rules.sales_ready) CHECK(check.points == 0);
    }
    auto budget = [](const LeadDefinition& definition) {
        for (const Criterion& check : definition.rules.sales_ready)
            if (check.id == "budget") return check.value.numbers.at(0);
        return 0.0;
    };
    // v2 is the tightening sales asked for.
    CHECK(budget(demo.definitions[0]) == 5000);
    CHECK(budget(demo.definitions[1]) == 10000);
    CHECK(demo.definitions[0].rules.mql_threshold == 45);
    CHECK(demo.definitions[1].rules.mql_threshold == 50);
    CHECK(demo.definitions[1].rules.decay == Decay{DecayKind::HalfLife, 45});
}

TEST_CASE("thirty campaigns of every type, their status following their dates") {
    const RecordingSink& demo = DefaultDemo();
    REQUIRE(demo.campaigns.size() == 30);
    std::set<CampaignType> types;
    int cancelled = 0;
    for (const Campaign& campaign : demo.campaigns) {
        CAPTURE(campaign.name);
        types.insert(campaign.type);
        CHECK(campaign.start <= campaign.end);
        CHECK(campaign.start >= kToday - 365);
        CHECK(campaign.start <= kToday + 62);
        CHECK((campaign.owner_id == 2 || campaign.owner_id == 4));
        CHECK(campaign.goal_leads.value_or(0) > 0);
        CHECK_FALSE(campaign.offer.empty());
        CHECK_FALSE(campaign.description.empty());
        CHECK_FALSE(campaign.sales_notes.empty());
        CHECK(campaign.created_at <= kNow);
        CHECK(campaign.created_at <= campaign.updated_at);
        CHECK(campaign.updated_at <= kNow);
        switch (campaign.status) {
        case CampaignStatus::Done: CHECK(campaign.end < kToday); break;
        case CampaignStatus::Live: CHECK((campaign.start <= kToday && kToday <= campaign.end)); break;
        case CampaignStatus::Planned: CHECK(campaign.start > kToday); break;
        case CampaignStatus::Cancelled: ++cancelled; break;
        }
        // Decodes through the campaign codec (which checks dates, sizes and goal).
        CHECK_NOTHROW(CampaignFromJson(WithoutReadOnly(ToJson(campaign), CampaignReadOnlyFields())));
    }
    CHECK(types.size() == 8);
    CHECK(cancelled == 2);
    CHECK(std::is_sorted(demo.campaigns.begin(), demo.campaigns.end(),
                         [](const Campaign& a, const Campaign& b) { return a.start < b.start; }));
}

TEST_CASE("at least three planned campaigns launch within the next 14 days") {
    const RecordingSink& demo = DefaultDemo();
    int launching = 0;
    for (const Campaign& campaign : demo.campaigns)
        if (campaign.start > kToday && campaign.start <= kToday + 14 && campaign.status == CampaignStatus::Planned)
            ++launching;
    CHECK(launching >= 3);
}

TEST_CASE("some campaigns clash: dates overlap and segments intersect") {
    const RecordingSink& demo = DefaultDemo();
    int clashes = 0;
    bool upcoming = false;
    for (std::size_t i = 0; i < demo.campaigns.size(); ++i) {
        for (std::size_t j = i + 1; j < demo.campaigns.size(); ++j) {
            const Campaign& a = demo.campaigns[i];
            const Campaign& b = demo.campaigns[j];
            if (a.status == CampaignStatus::Cancelled || b.status == CampaignStatus::Cancelled) continue;
            if (!Clash(a, b)) continue;
            ++clashes;
            upcoming = upcoming || a.status == CampaignStatus::Planned || b.status == CampaignStatus::Planned;
        }
    }
    CHECK(clashes >= 2);
    CHECK(upcoming);   // the calendar warns before a launch, not only in hindsight
}

TEST_CASE("every lead arrives once, with a unique lower-case email, in the year before now") {
    const RecordingSink& demo = DefaultDemo();
    REQUIRE(demo.leads.size() == 20000);
    std::set<std::string> emails;
    Timestamp previous = 0;
    for (const LeadRecord& record : demo.leads) {
        const Lead& lead = record.lead;
        CAPTURE(lead.email);
        CHECK(emails.insert(lead.email).second);
        CHECK(std::none_of(lead.email.begin(), lead.email.end(), [](char c) { return c >= 'A' && c <= 'Z'; }));
        CHECK(lead.created_at >= kNow - 365 * kSecondsPerDay);
        CHECK(lead.created_at < kNow);
        CHECK(lead.created_at >= previous);   // ids follow arrival
        previous = lead.created_at;
        CHECK_FALSE(lead.name.empty());
        CHECK_FALSE(lead.company.empty());
        CHECK_FALSE(lead.country.empty());
        if (lead.last_activity_at) {
            CHECK(*lead.last_activity_at >= lead.created_at);
            CHECK(*lead.last_activity_at <= kNow);
        }
    }
}

TEST_CASE("leads decode through the lead codec") {
    const RecordingSink& demo = DefaultDemo();
    for (std::size_t i = 0; i < demo.leads.size(); i += 97) {
        const Lead& lead = demo.leads[i].lead;
        CAPTURE(lead.email);
        Lead decoded = LeadFromJson(WithoutReadOnly(ToJson(lead), LeadReadOnlyFields()));
        CHECK(decoded.email == lead.email);
        CHECK(decoded.budget_usd == lead.budget_usd);
        CHECK(decoded.campaign_id == lead.campaign_id);
    }
}

TEST_CASE("every stage history follows the funnel's edges, in time order, ending at the lead's stage") {
    const RecordingSink& demo = DefaultDemo();
    const Timestamp v2_activated = *demo.definitions[1].activated_at;
    std::map<std::int64_t, Role> roles;
    for (const User& user : demo.users) roles[user.id] = user.role;

    for (const LeadRecord& record : demo.leads) {
        const Lead& lead = record.lead;
        const std::vector<StageChange>& history = record.history;
        CAPTURE(lead.id);
        REQUIRE_FALSE(history.empty());
        CHECK_FALSE(history[0].from.has_value());
        CHECK(history[0].to == Stage::New);
        CHECK(history[0].at == lead.created_at);
        CHECK(history[0].reason == "created");
        CHECK(history.back().to == lead.stage);
        for (std::size_t i = 1; i < history.size(); ++i) {
            const StageChange& change = history[i];
            CAPTURE(i);
            REQUIRE(change.from.has_value());
            CHECK(*change.from == history[i - 1].to);
            CHECK(change.at > history[i - 1].at);
            CHECK(change.at <= kNow);
            TransitionRequest request;
            request.to = change.to;
            request.reason = change.reason;
            if (change.to == Stage::Won) request.deal_value = lead.deal_value;
            CHECK(CheckTransition(*change.from, Role::Admin, request).Ok());

            bool automatic = (change.from == Stage::New && change.to == Stage::Mql) ||
                             (change.from == Stage::Mql && change.to == Stage::SalesReady) ||
                             (change.from == Stage::Recycled && change.to == Stage::Mql);
            if (automatic) {
                CHECK_FALSE(change.by_user_id.has_value());
                CHECK(change.reason == (change.at >= v2_activated ? "definition v2" : "definition v1"));
                continue;
            }
            // Everything else someone did, on the side of the funnel the move belongs to.
            REQUIRE(change.by_user_id.has_value());
            Role role = roles.at(*change.by_user_id);
            CHECK(CheckTransition(*change.from, role, request).Ok());
            if (change.from == Stage::SalesReady && change.to == Stage::Recycled)
                CHECK((role == Role::SalesRep || role == Role::SalesLeader));
        }
        if (lead.stage == Stage::Won) CHECK(lead.deal_value.value_or(0) >= 5000);
        else CHECK_FALSE(lead.deal_value.has_value());
    }
}

TEST_CASE("people move leads in the team's working hours, weekends only at the noon and six look-ins") {
    const RecordingSink& demo = DefaultDemo();
    int moves = 0;
    for (const LeadRecord& record : demo.leads) {
        for (const StageChange& change : record.history) {
            if (!change.by_user_id) continue;
            ++moves;
            Date day = DateOf(change.at);
            Timestamp hour = (change.at - StartOf(day)) / 3600;
            bool weekend = day - WeekStart(day) >= 5;
            CAPTURE(FormatTimestamp(change.at));
            CHECK(hour >= 7);
            CHECK(hour < 21);
            if (weekend) CHECK((hour == 12 || hour == 18));
        }
    }
    CHECK(moves > 1000);
}

TEST_CASE("scores are the active definition's evaluation now, and auto-managed stages agree with them") {
    const RecordingSink& demo = DefaultDemo();
    const DefinitionRules& rules = demo.definitions[1].rules;
    for (const LeadRecord& record : demo.leads) {
        const Lead& lead = record.lead;
        CAPTURE(lead.id);
        Evaluation evaluation = Evaluate(rules, lead, kNow);
        CHECK(lead.score.fit == evaluation.fit);
        CHECK(lead.score.engagement == evaluation.engagement);
        CHECK(lead.score.total == evaluation.total);
        CHECK(lead.score.level == evaluation.level);
        CHECK(lead.score.definition_version == 2);
        CHECK(lead.score.scored_at == kNow);
        // Re-evaluating the demo would move no lead that sales has not taken.
        CHECK_FALSE(AutoStage(lead.stage, lead.score.level).has_value());
    }
}

TEST_CASE("webinar leads take longer from mql to sql than referral leads") {
    const RecordingSink& demo = DefaultDemo();
    std::map<Source, std::vector<double>> days;
    for (const LeadRecord& record : demo.leads) {
        std::optional<Timestamp> mql = Entered(record, Stage::Mql);
        std::optional<Timestamp> sql = Entered(record, Stage::Sql);
        if (mql && sql) days[record.lead.source].push_back(static_cast<double>(*sql - *mql) / kSecondsPerDay);
    }
    auto mean = [](const std::vector<double>& values) {
        double sum = 0;
        for (double value : values) sum += value;
        return sum / static_cast<double>(values.size());
    };
    REQUIRE(days[Source::Webinar].size() > 50);
    REQUIRE(days[Source::Referral].size() > 50);
    CHECK(mean(days[Source::Webinar]) > 1.5 * mean(days[Source::Referral]));
    CHECK(Median(days[Source::Webinar]) > Median(days[Source::Referral]));
}

TEST_CASE("some sales-ready leads wait unanswered past the 24-hour SLA, a few not even assigned") {
    const RecordingSink& demo = DefaultDemo();
    int waiting = 0, overdue = 0, unassigned = 0;
    for (const LeadRecord& record : demo.leads) {
        const Lead& lead = record.lead;
        bool reached_sales = Entered(record, Stage::SalesReady).has_value();
        if (lead.stage == Stage::SalesReady) {
            ++waiting;
            if (kNow - record.history.back().at > 24 * 3600) ++overdue;
            if (!lead.owner_id) ++unassigned;
        } else if (reached_sales) {
            // Once handed over, a lead has a rep.
            CHECK((lead.owner_id == 5 || lead.owner_id == 6));
        } else {
            CHECK_FALSE(lead.owner_id.has_value());
        }
    }
    CHECK(overdue >= 1);
    CHECK(unassigned >= 3);
    CHECK(unassigned < waiting);
}

TEST_CASE("each rejection comes back to marketing as feedback with the same reason") {
    const RecordingSink& demo = DefaultDemo();
    std::map<std::pair<std::int64_t, Timestamp>, const Feedback*> rejections;
    for (const Feedback& item : demo.feedback)
        if (item.kind == FeedbackKind::Rejection) rejections[{*item.lead_id, item.at}] = &item;

    std::size_t moves = 0;
    for (const LeadRecord& record : demo.leads) {
        for (const StageChange& change : record.history) {
            if (change.from != Stage::SalesReady || change.to != Stage::Recycled) continue;
            ++moves;
            auto found = rejections.find({record.lead.id, change.at});
            REQUIRE(found != rejections.end());
            const Feedback& item = *found->second;
            CHECK(item.reason == ParseEnum<RejectReason>(change.reason));
            CHECK(item.author_id == *change.by_user_id);
            CHECK(item.campaign_id == record.lead.campaign_id);
            CHECK_FALSE(item.text.empty());
        }
    }
    CHECK(moves > 0);
    CHECK(moves == rejections.size());
}

TEST_CASE("feedback is logged in time order by the team, with statuses on content requests") {
    const RecordingSink& demo = DefaultDemo();
    std::map<FeedbackKind, int> kinds;
    const std::set<std::int64_t> authors = {2, 3, 4, 5, 6};
    for (std::size_t i = 0; i < demo.feedback.size(); ++i) {
        const Feedback& item = demo.feedback[i];
        CAPTURE(item.id);
        ++kinds[item.kind];
        if (i > 0) CHECK(demo.feedback[i - 1].at <= item.at);
        CHECK(item.at <= kNow);
        CHECK(item.at <= item.updated_at);
        CHECK(item.updated_at <= kNow);
        CHECK(authors.count(item.author_id) == 1);
        CHECK(item.status.has_value() == (item.kind == FeedbackKind::ContentRequest));
        CHECK(item.reason.has_value() == (item.kind == FeedbackKind::Rejection));
        if (item.kind != FeedbackKind::Rejection)
            CHECK_NOTHROW(FeedbackFromJson(WithoutReadOnly(ToJson(item), FeedbackReadOnlyFields())));
    }
    int others = 0;
    for (const auto& [kind, count] : kinds) {
        CHECK(count > 0);
        if (kind != FeedbackKind::Rejection) others += count;
    }
    CHECK(kinds.size() == 6);
    CHECK(others == 300);
}

TEST_CASE("targets cover the 12 months before this one, this one and the next two") {
    const RecordingSink& demo = DefaultDemo();
    std::vector<std::string> months;
    for (const MonthlyTarget& target : demo.targets) {
        months.push_back(target.month);
        CHECK(target.leads.value_or(0) > 0);
        CHECK(target.mqls.value_or(0) > 0);
        CHECK(target.sqls.value_or(0) > 0);
        CHECK(target.revenue.value_or(0) > 0);
        CHECK(target.acceptance_rate == 0.65);
        CHECK_NOTHROW(MonthlyTargetFromJson(ToJson(target)));
    }
    CHECK(months == std::vector<std::string>{"2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04",
                                             "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10",
                                             "2026-11", "2026-12", "2027-01"});
}

TEST_CASE("the funnel converts like a real company's") {
    const RecordingSink& demo = DefaultDemo();
    double leads = 0, mql = 0, ready = 0, accepted = 0, rejected = 0, sql = 0, opportunity = 0, won = 0, lost = 0,
           from_campaign = 0;
    double weekday = 0, weekend = 0;
    std::map<Source, double> volume, mql_by_source;
    for (const LeadRecord& record : demo.leads) {
        leads += 1;
        volume[record.lead.source] += 1;
        if (record.lead.campaign_id) from_campaign += 1;
        Date day = DateOf(record.lead.created_at);
        (day - WeekStart(day) >= 5 ? weekend : weekday) += 1;
        if (Entered(record, Stage::Mql)) {
            mql += 1;
            mql_by_source[record.lead.source] += 1;
        }
        if (Entered(record, Stage::SalesReady)) ready += 1;
        if (Entered(record, Stage::Sql)) sql += 1;
        if (Entered(record, Stage::Opportunity)) opportunity += 1;
        for (const StageChange& change : record.history) {
            if (change.from == Stage::SalesReady && change.to == Stage::Sql) accepted += 1;
            if (change.from == Stage::SalesReady && change.to == Stage::Recycled) rejected += 1;
            if (change.from == Stage::Opportunity && change.to == Stage::Won) won += 1;
            if (change.from == Stage::Opportunity && change.to == Stage::Lost) lost += 1;
        }
    }
    CHECK(mql / leads == doctest::Approx(0.35).epsilon(0.15));
    CHECK(ready / mql == doctest::Approx(0.55).epsilon(0.15));
    CHECK(accepted / (accepted + rejected) == doctest::Approx(0.65).epsilon(0.1));
    CHECK(opportunity / sql == doctest::Approx(0.5).epsilon(0.15));
    CHECK(won / (won + lost) == doctest::Approx(0.3).epsilon(0.2));
    CHECK(from_campaign / leads == doctest::Approx(0.5).epsilon(0.2));
    CHECK(weekday / 5 > 2 * (weekend / 2));   // per day
    // Paid search brings the most leads; referrals convert best.
    for (const auto& [source, count] : volume) CHECK(count <= volume[Source::PaidSearch]);
    for (const auto& [source, count] : mql_by_source)
        CHECK(count / volume[source] <= mql_by_source[Source::Referral] / volume[Source::Referral]);
}

TEST_CASE("campaign leads arrive while their campaign runs, through its channel") {
    const RecordingSink& demo = DefaultDemo();
    std::map<std::int64_t, const Campaign*> campaigns;
    for (const Campaign& campaign : demo.campaigns) campaigns[campaign.id] = &campaign;
    for (const LeadRecord& record : demo.leads) {
        if (!record.lead.campaign_id) continue;
        const Campaign& campaign = *campaigns.at(*record.lead.campaign_id);
        CAPTURE(record.lead.id);
        Date day = DateOf(record.lead.created_at);
        CHECK(campaign.start <= day);
        CHECK(day <= campaign.end);
        CHECK(campaign.status != CampaignStatus::Cancelled);
        CHECK(ChannelOf(campaign.type) == record.lead.source);
    }
}

TEST_CASE("no leads, or a handful, still make a whole demo") {
    for (std::int64_t count : {0, 1, 7}) {
        CAPTURE(count);
        RecordingSink demo = Generate(count);
        CHECK(demo.users.size() == 6);
        CHECK(demo.definitions.size() == 2);
        CHECK(demo.campaigns.size() == 30);
        CHECK(demo.leads.size() == static_cast<std::size_t>(count));
        CHECK(demo.targets.size() == 15);
        CHECK(demo.feedback.size() >= 300);
    }
}
