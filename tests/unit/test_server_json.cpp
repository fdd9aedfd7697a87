// Reading what the server sends: every entity's ToJson read back by its FromServerJson, field by
// field and byte for byte, with nothing set and with everything set; unknown members refused.
#include <doctest/doctest.h>

#include <string>

#include "tandem/campaign.h"
#include "tandem/codec.h"
#include "tandem/definition.h"
#include "tandem/feedback.h"
#include "tandem/lead.h"
#include "tandem/user.h"

using nlohmann::json;
using tandem::ApiToken;
using tandem::Campaign;
using tandem::DecodeError;
using tandem::Feedback;
using tandem::Lead;
using tandem::LeadDefinition;
using tandem::StageChange;
using tandem::ToJson;
using tandem::User;

namespace {

constexpr tandem::Timestamp kNov25At0930 = 1795599000;   // 2026-11-25T09:30:00Z

// The field path and problem of a refused document, or "accepted".
template <class F>
std::string ErrorOf(F&& decode) {
    try {
        decode();
    } catch (const DecodeError& e) {
        return e.what();
    }
    return "accepted";
}

json With(json in, const std::string& key, json value) {
    in[key] = std::move(value);
    return in;
}

// [SECTION] Field-by-field comparisons: the structs have no operator==, and a failure should name
// the field that differs.

void CheckSame(const Lead& got, const Lead& want) {
    CHECK(got.id == want.id);
    CHECK(got.email == want.email);
    CHECK(got.name == want.name);
    CHECK(got.company == want.company);
    CHECK(got.title == want.title);
    CHECK(got.industry == want.industry);
    CHECK(got.company_size == want.company_size);
    CHECK(got.country == want.country);
    CHECK(got.phone == want.phone);
    CHECK(got.source == want.source);
    CHECK(got.campaign_id == want.campaign_id);
    CHECK(got.owner_id == want.owner_id);
    CHECK(got.created_at == want.created_at);
    CHECK(got.budget_usd == want.budget_usd);
    CHECK(got.authority == want.authority);
    CHECK(got.need == want.need);
    CHECK(got.timeline_months == want.timeline_months);
    CHECK(got.page_views == want.page_views);
    CHECK(got.downloads == want.downloads);
    CHECK(got.webinars_attended == want.webinars_attended);
    CHECK(got.email_clicks == want.email_clicks);
    CHECK(got.demo_requested == want.demo_requested);
    CHECK(got.last_activity_at == want.last_activity_at);
    CHECK(got.stage == want.stage);
    CHECK(got.deal_value == want.deal_value);
    CHECK(got.score.fit == want.score.fit);
    CHECK(got.score.engagement == want.score.engagement);
    CHECK(got.score.total == want.score.total);
    CHECK(got.score.level == want.score.level);
    CHECK(got.score.definition_version == want.score.definition_version);
    CHECK(got.score.scored_at == want.score.scored_at);
    CHECK(got.updated_at == want.updated_at);
    CHECK(got.revision == want.revision);
}

void CheckSame(const StageChange& got, const StageChange& want) {
    CHECK(got.id == want.id);
    CHECK(got.lead_id == want.lead_id);
    CHECK(got.from == want.from);
    CHECK(got.to == want.to);
    CHECK(got.at == want.at);
    CHECK(got.by_user_id == want.by_user_id);
    CHECK(got.reason == want.reason);
    CHECK(got.note == want.note);
}

void CheckSame(const LeadDefinition& got, const LeadDefinition& want) {
    CHECK(got.version == want.version);
    CHECK(got.status == want.status);
    CHECK(got.summary == want.summary);
    CHECK(got.rules == want.rules);   // DefinitionRules compares every member, criteria included
    CHECK(got.review_by == want.review_by);
    CHECK(got.created_at == want.created_at);
    CHECK(got.created_by == want.created_by);
    CHECK(got.proposed_at == want.proposed_at);
    CHECK(got.activated_at == want.activated_at);
    CHECK(got.retired_at == want.retired_at);
    CHECK(got.approvals == want.approvals);
}

void CheckSame(const Campaign& got, const Campaign& want) {
    CHECK(got.id == want.id);
    CHECK(got.name == want.name);
    CHECK(got.type == want.type);
    CHECK(got.status == want.status);
    CHECK(got.start == want.start);
    CHECK(got.end == want.end);
    CHECK(got.owner_id == want.owner_id);
    CHECK(got.segment == want.segment);
    CHECK(got.offer == want.offer);
    CHECK(got.goal_leads == want.goal_leads);
    CHECK(got.description == want.description);
    CHECK(got.sales_notes == want.sales_notes);
    CHECK(got.created_at == want.created_at);
    CHECK(got.updated_at == want.updated_at);
    CHECK(got.revision == want.revision);
}

void CheckSame(const Feedback& got, const Feedback& want) {
    CHECK(got.id == want.id);
    CHECK(got.author_id == want.author_id);
    CHECK(got.at == want.at);
    CHECK(got.kind == want.kind);
    CHECK(got.lead_id == want.lead_id);
    CHECK(got.campaign_id == want.campaign_id);
    CHECK(got.reason == want.reason);
    CHECK(got.text == want.text);
    CHECK(got.tags == want.tags);
    CHECK(got.status == want.status);
    CHECK(got.updated_at == want.updated_at);
    CHECK(got.revision == want.revision);
}

void CheckSame(const User& got, const User& want) {
    CHECK(got.id == want.id);
    CHECK(got.email == want.email);
    CHECK(got.name == want.name);
    CHECK(got.role == want.role);
    CHECK(got.active == want.active);
    CHECK(got.created_at == want.created_at);
}

void CheckSame(const ApiToken& got, const ApiToken& want) {
    CHECK(got.id == want.id);
    CHECK(got.user_id == want.user_id);
    CHECK(got.name == want.name);
    CHECK(got.created_at == want.created_at);
    CHECK(got.last_used_at == want.last_used_at);
    CHECK(got.revoked_at == want.revoked_at);
}

// Both directions at once: the value survives ToJson and back, and the JSON survives the decoder
// and ToJson unchanged.
template <class T, class Decode>
void CheckRoundTrip(const T& value, Decode decode) {
    json sent = ToJson(value);
    T read = decode(sent);
    CheckSame(read, value);
    CHECK(ToJson(read) == sent);
}

// [SECTION] Values with every optional set, and with every optional empty.

Lead FullLead() {
    Lead lead;
    lead.id = 42;
    lead.email = "ada@example.com";
    lead.name = "Ada Lovelace";
    lead.company = "Analytical Engines";
    lead.title = "CTO";
    lead.industry = "software";
    lead.company_size = 250;
    lead.country = "GB";
    lead.phone = "+44 20 7946 0000";
    lead.source = tandem::Source::Webinar;
    lead.campaign_id = 7;
    lead.owner_id = 3;
    lead.created_at = kNov25At0930;
    lead.budget_usd = 50000;
    lead.authority = tandem::Authority::DecisionMaker;
    lead.need = tandem::Need::Yes;
    lead.timeline_months = 3;
    lead.page_views = 12;
    lead.downloads = 2;
    lead.webinars_attended = 1;
    lead.email_clicks = 4;
    lead.demo_requested = true;
    lead.last_activity_at = kNov25At0930 + 3600;
    lead.stage = tandem::Stage::Won;
    lead.deal_value = 48000;
    lead.score = {40, 27.5, 67.5, tandem::Level::SalesReady, 3, kNov25At0930 + 3660};
    lead.updated_at = kNov25At0930 + 7200;
    lead.revision = 5;
    return lead;
}

// Only what a lead cannot be without: an id and an email. Never scored.
Lead MinimalLead() {
    Lead lead;
    lead.id = 1;
    lead.email = "bob@example.com";
    return lead;
}

StageChange FullStageChange() {
    StageChange change;
    change.id = 9;
    change.lead_id = 42;
    change.from = tandem::Stage::SalesReady;
    change.to = tandem::Stage::Recycled;
    change.at = kNov25At0930;
    change.by_user_id = 5;
    change.reason = "no_budget";
    change.note = "Budget frozen until Q3";
    return change;
}

// The first row of a lead's history, written by the system.
StageChange MinimalStageChange() {
    StageChange change;
    change.id = 1;
    change.lead_id = 42;
    change.at = kNov25At0930;
    return change;
}

tandem::Criterion Make(std::string id, std::string field, tandem::Op op, tandem::CriterionValue value, int points,
                       std::string label = "") {
    tandem::Criterion criterion;
    criterion.id = std::move(id);
    criterion.label = std::move(label);
    criterion.field = std::move(field);
    criterion.op = op;
    criterion.value = std::move(value);
    criterion.points = points;
    return criterion;
}

// Every operator, every field kind, caps and decay, a review date, every step taken and both
// sign-offs.
LeadDefinition FullDefinition() {
    using tandem::Op;
    LeadDefinition definition;
    definition.version = 7;
    definition.status = tandem::DefinitionStatus::Retired;
    definition.summary = "Raise the bar for MQLs";
    definition.rules.fit = {
        Make("budget", "budget_usd", Op::Gte, {{10000}, {}, {}}, 20, "Budget of 10k or more"),
        Make("size", "company_size", Op::Between, {{50, 5000}, {}, {}}, 15),
        Make("industry", "industry", Op::In, {{}, {"software", "fintech"}, {}}, 10),
        Make("authority", "authority", Op::Eq, {{}, {"decision_maker"}, {}}, 15),
        Make("no_students", "title", Op::NotIn, {{}, {"student", "intern"}, {}}, 0),
    };
    definition.rules.engagement = {
        Make("demo", "demo_requested", Op::Eq, {{}, {}, true}, 30, "Asked for a demo"),
        Make("views", "page_views", Op::Gte, {{2.5}, {}, {}}, 5),
        Make("phone", "phone", Op::Exists, {}, 5, "Left a phone number"),
        Make("not-outbound", "source", Op::Neq, {{}, {"outbound"}, {}}, -3),
    };
    definition.rules.sales_ready = {
        Make("need", "need", Op::Eq, {{}, {"yes"}, {}}, 0),
        Make("timeline", "timeline_months", Op::Lte, {{6}, {}, {}}, 0),
    };
    definition.rules.mql_threshold = 60;
    definition.rules.fit_cap = 50;
    definition.rules.engagement_cap = 40;
    definition.rules.decay = {tandem::DecayKind::HalfLife, 30};
    definition.review_by = tandem::ParseDate("2027-02-01");
    definition.created_at = kNov25At0930;
    definition.created_by = 2;
    definition.proposed_at = kNov25At0930 + 3600;
    definition.activated_at = kNov25At0930 + 7200;
    definition.retired_at = kNov25At0930 + 86400;
    definition.approvals = {{2, tandem::Role::MarketingLeader, kNov25At0930 + 5400},
                            {5, tandem::Role::SalesLeader, kNov25At0930 + 7200}};
    return definition;
}

// A fresh draft: default rules, nothing proposed, nobody signed.
LeadDefinition MinimalDefinition() {
    LeadDefinition definition;
    definition.version = 1;
    definition.created_at = kNov25At0930;
    return definition;
}

Campaign FullCampaign() {
    Campaign campaign;
    campaign.id = 11;
    campaign.name = "Security webinar";
    campaign.type = tandem::CampaignType::Webinar;
    campaign.status = tandem::CampaignStatus::Live;
    campaign.start = *tandem::ParseDate("2026-11-20");
    campaign.end = *tandem::ParseDate("2026-12-04");
    campaign.owner_id = 4;
    campaign.segment = {{"software", "fintech"}, 50, 5000, {"CISO", "CTO"}, {"EMEA"}};
    campaign.offer = "Free security audit";
    campaign.goal_leads = 300;
    campaign.description = "Zero trust in practice";
    campaign.sales_notes = "Follow up within a day";
    campaign.created_at = kNov25At0930;
    campaign.updated_at = kNov25At0930 + 60;
    campaign.revision = 3;
    return campaign;
}

// A one-day campaign with only a name, for everyone.
Campaign MinimalCampaign() {
    Campaign campaign;
    campaign.id = 1;
    campaign.name = "Launch";
    campaign.start = *tandem::ParseDate("2026-11-25");
    campaign.end = campaign.start;
    return campaign;
}

// A rejection sets every optional but the status, which only a content request has.
Feedback FullRejection() {
    Feedback feedback;
    feedback.id = 5;
    feedback.author_id = 3;
    feedback.at = kNov25At0930;
    feedback.kind = tandem::FeedbackKind::Rejection;
    feedback.lead_id = 42;
    feedback.campaign_id = 11;
    feedback.reason = tandem::RejectReason::NoBudget;
    feedback.text = "Budget frozen";
    feedback.tags = {"budget", "q3"};
    feedback.updated_at = kNov25At0930 + 60;
    feedback.revision = 2;
    return feedback;
}

Feedback FullContentRequest() {
    Feedback feedback;
    feedback.id = 6;
    feedback.author_id = 4;
    feedback.at = kNov25At0930;
    feedback.kind = tandem::FeedbackKind::ContentRequest;
    feedback.lead_id = 42;
    feedback.campaign_id = 11;
    feedback.text = "Need a security whitepaper";
    feedback.tags = {"security"};
    feedback.status = tandem::ContentStatus::InProgress;
    feedback.updated_at = kNov25At0930 + 120;
    feedback.revision = 4;
    return feedback;
}

// Only the text that every kind but a rejection needs.
Feedback MinimalFeedback() {
    Feedback feedback;
    feedback.id = 1;
    feedback.author_id = 1;
    feedback.text = "Prospects ask about SSO";
    return feedback;
}

User FullUser() {
    User user;
    user.id = 2;
    user.email = "grace@example.com";
    user.name = "Grace Hopper";
    user.role = tandem::Role::MarketingLeader;
    user.active = false;
    user.created_at = kNov25At0930;
    return user;
}

User MinimalUser() {
    User user;
    user.id = 1;
    user.email = "admin@example.com";
    user.name = "Admin";
    return user;
}

ApiToken FullToken() {
    ApiToken token;
    token.id = 3;
    token.user_id = 2;
    token.name = "laptop CLI";
    token.created_at = kNov25At0930;
    token.last_used_at = kNov25At0930 + 600;
    token.revoked_at = kNov25At0930 + 86400;
    return token;
}

ApiToken MinimalToken() {
    ApiToken token;
    token.id = 1;
    token.user_id = 1;
    token.name = "ci";
    return token;
}

}  // namespace

// [SECTION] Leads and their stage history

TEST_CASE("a won, scored lead with every fact known reads back from the server's JSON unchanged") {
    CheckRoundTrip(FullLead(), tandem::LeadFromServerJson);
}

TEST_CASE("an erased lead reads back from the server's JSON with when and by whom it was erased") {
    Lead lead = FullLead();
    lead.erased_at = lead.updated_at;
    lead.erased_by = 1;
    CHECK(ToJson(lead)["erased_by"] == 1);
    CheckRoundTrip(lead, tandem::LeadFromServerJson);
    CHECK(tandem::LeadFromServerJson(ToJson(lead)).erased_at == lead.updated_at);
}

TEST_CASE("an imported lead reads back from the server's JSON with the CRM record it came from") {
    Lead lead = FullLead();
    lead.crm_source = "hubspot";
    lead.crm_id = "51001";
    CHECK(ToJson(lead)["crm_source"] == "hubspot");
    CHECK(ToJson(lead)["crm_id"] == "51001");
    CheckRoundTrip(lead, tandem::LeadFromServerJson);
    const Lead read = tandem::LeadFromServerJson(ToJson(lead));
    CHECK(read.crm_source == "hubspot");
    CHECK(read.crm_id == "51001");
}

TEST_CASE("a lead never scored with every fact unknown reads back from the server's JSON unchanged") {
    Lead lead = MinimalLead();
    CHECK(ToJson(lead)["score"]["scored_at"].is_null());
    CheckRoundTrip(lead, tandem::LeadFromServerJson);
}

TEST_CASE("a lead from the server has a scoring time exactly when it was scored") {
    json scored = ToJson(FullLead());
    scored["score"]["scored_at"] = nullptr;
    CHECK(ErrorOf([&] { tandem::LeadFromServerJson(scored); }) == "score.scored_at: required for a scored lead");
    json never = ToJson(MinimalLead());
    never["score"]["scored_at"] = "2026-11-25T09:30:00Z";
    CHECK(ErrorOf([&] { tandem::LeadFromServerJson(never); }) == "score.scored_at: only for a scored lead");
}

TEST_CASE("a lead from the server is held to the rules a client's lead is") {
    json in = With(ToJson(FullLead()), "page_views", -1);
    CHECK(ErrorOf([&] { tandem::LeadFromServerJson(in); }) == "page_views: must be at least 0");
}

TEST_CASE("an unknown member of a lead or its score from the server is refused by its path") {
    json top = With(ToJson(FullLead()), "lifecycle", "customer");
    CHECK(ErrorOf([&] { tandem::LeadFromServerJson(top); }) == "lifecycle: unknown field");
    json nested = ToJson(FullLead());
    nested["score"]["decayed"] = 3;
    CHECK(ErrorOf([&] { tandem::LeadFromServerJson(nested); }) == "score.decayed: unknown field");
}

TEST_CASE("a stage change someone made, with reason and note, reads back from the server's JSON unchanged") {
    CheckRoundTrip(FullStageChange(), tandem::StageChangeFromServerJson);
}

TEST_CASE("a lead's first stage change, by the system, reads back with no from and no author") {
    json sent = ToJson(MinimalStageChange());
    CHECK(sent["from"].is_null());
    CHECK(sent["by"].is_null());
    CheckRoundTrip(MinimalStageChange(), tandem::StageChangeFromServerJson);
}

TEST_CASE("the server's stage history text reads as the model") {
    json sent = json::parse(R"({"id":9,"lead_id":42,"from":"sales_ready","to":"recycled",)"
                            R"("at":"2026-11-25T09:30:00Z","by":5,"reason":"no_budget",)"
                            R"("note":"Budget frozen until Q3"})");
    CheckSame(tandem::StageChangeFromServerJson(sent), FullStageChange());
}

TEST_CASE("an unknown member of a stage change from the server is refused by its path") {
    json in = With(ToJson(FullStageChange()), "duration_hours", 3);
    CHECK(ErrorOf([&] { tandem::StageChangeFromServerJson(in); }) == "duration_hours: unknown field");
}

// [SECTION] Definitions

TEST_CASE("a retired definition with every rule kind and both sign-offs reads back from the server's JSON unchanged") {
    CheckRoundTrip(FullDefinition(), tandem::DefinitionFromServerJson);
}

TEST_CASE("a fresh draft definition reads back with nulls where nothing happened yet") {
    CheckRoundTrip(MinimalDefinition(), tandem::DefinitionFromServerJson);
}

TEST_CASE("a definition's rules from the server are checked as the rules a client sends, under rules.") {
    json in = ToJson(FullDefinition());
    in["rules"]["mql_threshold"] = 20000;
    CHECK(ErrorOf([&] { tandem::DefinitionFromServerJson(in); }) == "rules.mql_threshold: must be at most 10000");
}

TEST_CASE("an unknown member of a definition, its rules or an approval from the server is refused by its path") {
    json top = With(ToJson(FullDefinition()), "owner", 2);
    CHECK(ErrorOf([&] { tandem::DefinitionFromServerJson(top); }) == "owner: unknown field");
    json rules = ToJson(FullDefinition());
    rules["rules"]["fit"][1]["weight"] = 2;
    CHECK(ErrorOf([&] { tandem::DefinitionFromServerJson(rules); }) == "rules.fit[1].weight: unknown field");
    json approval = ToJson(FullDefinition());
    approval["approvals"][1]["comment"] = "ok";
    CHECK(ErrorOf([&] { tandem::DefinitionFromServerJson(approval); }) == "approvals[1].comment: unknown field");
}

// [SECTION] Campaigns

TEST_CASE("a campaign with an owner, a goal and a full segment reads back from the server's JSON unchanged") {
    CheckRoundTrip(FullCampaign(), tandem::CampaignFromServerJson);
}

TEST_CASE("a one-day campaign for everyone reads back with empty lists and null bounds") {
    CheckRoundTrip(MinimalCampaign(), tandem::CampaignFromServerJson);
}

TEST_CASE("a campaign from the server is held to the rules across its members") {
    json in = With(ToJson(FullCampaign()), "end", "2026-11-19");
    CHECK(ErrorOf([&] { tandem::CampaignFromServerJson(in); }) == "end: before start");
}

TEST_CASE("an unknown member of a campaign or its segment from the server is refused by its path") {
    json top = With(ToJson(FullCampaign()), "budget", 1000);
    CHECK(ErrorOf([&] { tandem::CampaignFromServerJson(top); }) == "budget: unknown field");
    json nested = ToJson(FullCampaign());
    nested["segment"]["languages"] = json::array({"en"});
    CHECK(ErrorOf([&] { tandem::CampaignFromServerJson(nested); }) == "segment.languages: unknown field");
}

// [SECTION] Feedback

TEST_CASE("a rejection with lead, campaign, reason and tags reads back from the server's JSON unchanged") {
    CheckRoundTrip(FullRejection(), tandem::FeedbackFromServerJson);
}

TEST_CASE("a content request with its status reads back from the server's JSON unchanged") {
    CheckRoundTrip(FullContentRequest(), tandem::FeedbackFromServerJson);
}

TEST_CASE("general feedback with only its text reads back with null lead, campaign, reason and status") {
    CheckRoundTrip(MinimalFeedback(), tandem::FeedbackFromServerJson);
}

TEST_CASE("feedback from the server is held to what its kind requires") {
    json in = With(ToJson(FullRejection()), "lead_id", nullptr);
    CHECK(ErrorOf([&] { tandem::FeedbackFromServerJson(in); }) == "lead_id: required for a rejection");
}

TEST_CASE("an unknown member of feedback from the server is refused by its path") {
    json in = With(ToJson(FullRejection()), "sentiment", "negative");
    CHECK(ErrorOf([&] { tandem::FeedbackFromServerJson(in); }) == "sentiment: unknown field");
}

// [SECTION] Users and API tokens

TEST_CASE("an inactive leader reads back from the server's JSON unchanged") {
    CheckRoundTrip(FullUser(), tandem::UserFromServerJson);
}

TEST_CASE("a user with the model's defaults reads back from the server's JSON unchanged") {
    CheckRoundTrip(MinimalUser(), tandem::UserFromServerJson);
}

TEST_CASE("an unknown member of a user from the server is refused, and a password hash above all") {
    json in = With(ToJson(FullUser()), "password_hash", "$argon2id$...");
    CHECK(ErrorOf([&] { tandem::UserFromServerJson(in); }) == "password_hash: unknown field");
}

TEST_CASE("a used and revoked token reads back from the server's JSON unchanged") {
    CheckRoundTrip(FullToken(), tandem::TokenFromServerJson);
}

TEST_CASE("a token never used nor revoked reads back with null times") {
    CheckRoundTrip(MinimalToken(), tandem::TokenFromServerJson);
}

TEST_CASE("an unknown member of a token from the server is refused, and its secret above all") {
    json in = With(ToJson(FullToken()), "secret", "tdm_abc");
    CHECK(ErrorOf([&] { tandem::TokenFromServerJson(in); }) == "secret: unknown field");
}
