// Lead definition JSON: criterion value shapes per operator and field kind, rules, versions.
#include <doctest/doctest.h>

#include <string>

#include "tandem/codec.h"
#include "tandem/definition.h"

using nlohmann::json;
using tandem::Criterion;
using tandem::DecodeError;
using tandem::DefinitionRules;
using tandem::Op;
using tandem::RulesFromJson;
using tandem::ToJson;

namespace {

template <class F>
std::string ErrorOf(F&& decode) {
    try {
        decode();
    } catch (const DecodeError& e) {
        return e.what();
    }
    return "accepted";
}

constexpr tandem::Timestamp kNov25At0930 = 1795599000;   // 2026-11-25T09:30:00Z

// Every operator and every field kind, keys in the order nlohmann writes them.
constexpr const char* kRules =
    R"({"decay":{"days":30,"kind":"half_life"},)"
    R"("engagement":[)"
    R"({"field":"demo_requested","id":"demo","label":"Asked for a demo","op":"eq","points":30,"value":true},)"
    R"({"field":"page_views","id":"views","label":"","op":"gte","points":5,"value":2.5},)"
    R"({"field":"phone","id":"phone","label":"Left a phone number","op":"exists","points":5,"value":null},)"
    R"({"field":"source","id":"not-outbound","label":"","op":"neq","points":-3,"value":"outbound"}],)"
    R"("engagement_cap":null,)"
    R"("fit":[)"
    R"({"field":"budget_usd","id":"budget","label":"Budget of 10k or more","op":"gte","points":20,"value":10000},)"
    R"({"field":"company_size","id":"size","label":"","op":"between","points":15,"value":[50,5000]},)"
    R"({"field":"industry","id":"industry","label":"","op":"in","points":10,"value":["software","fintech"]},)"
    R"({"field":"authority","id":"authority","label":"","op":"eq","points":15,"value":"decision_maker"},)"
    R"({"field":"title","id":"no_students","label":"","op":"not_in","points":0,"value":["student","intern"]}],)"
    R"("fit_cap":50,"mql_threshold":60,)"
    R"("sales_ready":[)"
    R"({"field":"need","id":"need","label":"","op":"eq","points":0,"value":"yes"},)"
    R"({"field":"timeline_months","id":"timeline","label":"","op":"lte","points":0,"value":6},)"
    R"({"field":"downloads","id":"downloads","label":"","op":"in","points":0,"value":[1,2,3]}]})";

Criterion Make(std::string id, std::string field, Op op, tandem::CriterionValue value, int points,
               std::string label = "") {
    Criterion criterion;
    criterion.id = std::move(id);
    criterion.label = std::move(label);
    criterion.field = std::move(field);
    criterion.op = op;
    criterion.value = std::move(value);
    criterion.points = points;
    return criterion;
}

DefinitionRules ExpectedRules() {
    DefinitionRules rules;
    rules.fit = {
        Make("budget", "budget_usd", Op::Gte, {{10000}, {}, {}}, 20, "Budget of 10k or more"),
        Make("size", "company_size", Op::Between, {{50, 5000}, {}, {}}, 15),
        Make("industry", "industry", Op::In, {{}, {"software", "fintech"}, {}}, 10),
        Make("authority", "authority", Op::Eq, {{}, {"decision_maker"}, {}}, 15),
        Make("no_students", "title", Op::NotIn, {{}, {"student", "intern"}, {}}, 0),
    };
    rules.engagement = {
        Make("demo", "demo_requested", Op::Eq, {{}, {}, true}, 30, "Asked for a demo"),
        Make("views", "page_views", Op::Gte, {{2.5}, {}, {}}, 5),
        Make("phone", "phone", Op::Exists, {}, 5, "Left a phone number"),
        Make("not-outbound", "source", Op::Neq, {{}, {"outbound"}, {}}, -3),
    };
    rules.sales_ready = {
        Make("need", "need", Op::Eq, {{}, {"yes"}, {}}, 0),
        Make("timeline", "timeline_months", Op::Lte, {{6}, {}, {}}, 0),
        Make("downloads", "downloads", Op::In, {{1, 2, 3}, {}, {}}, 0),
    };
    rules.mql_threshold = 60;
    rules.fit_cap = 50;
    rules.decay = {tandem::DecayKind::HalfLife, 30};
    return rules;
}

// The rules error for one criterion placed first in the fit list.
std::string FitError(json criterion) {
    json rules = {{"fit", json::array({std::move(criterion)})}};
    return ErrorOf([&] { RulesFromJson(rules); });
}

json CriterionJson(json field, json op, json value) {
    json out = {{"id", "c1"}, {"field", std::move(field)}, {"op", std::move(op)}};
    if (!value.is_discarded()) out["value"] = std::move(value);
    return out;
}

std::string RulesError(json rules, const std::string& path = "") {
    return ErrorOf([&] { RulesFromJson(rules, path); });
}

const json kAbsent = json(json::value_t::discarded);

}  // namespace

TEST_CASE("rules are written with each value in the shape its operator takes") {
    CHECK(ToJson(ExpectedRules()).dump() == kRules);
}

TEST_CASE("rules read every operator and field kind into the model") {
    DefinitionRules rules = RulesFromJson(tandem::ParseJson(kRules));
    CHECK(rules == ExpectedRules());
}

TEST_CASE("rules written and read back are equal and write the same text") {
    DefinitionRules rules = ExpectedRules();
    CHECK(RulesFromJson(ToJson(rules)) == rules);
    CHECK(ToJson(RulesFromJson(tandem::ParseJson(kRules))).dump() == kRules);
    DefinitionRules empty;
    CHECK(RulesFromJson(ToJson(empty)) == empty);
}

TEST_CASE("whole criterion values are written as integers and others keep their fraction") {
    CHECK(ToJson(Make("a", "budget_usd", Op::Gte, {{10000.0}, {}, {}}, 1)).dump() ==
          R"({"field":"budget_usd","id":"a","label":"","op":"gte","points":1,"value":10000})");
    CHECK(ToJson(Make("a", "budget_usd", Op::Lte, {{-0.0}, {}, {}}, 1))["value"].dump() == "0");
    CHECK(ToJson(Make("a", "budget_usd", Op::Between, {{0.5, 1e15}, {}, {}}, 1))["value"].dump() ==
          "[0.5,1000000000000000]");
    CHECK(ToJson(Make("a", "timeline_months", Op::Eq, {{1.25}, {}, {}}, 1))["value"].dump() == "1.25");
}

TEST_CASE("a flag criterion is written with true or false and exists with null") {
    CHECK(ToJson(Make("d", "demo_requested", Op::Eq, {{}, {}, false}, 5)).dump() ==
          R"({"field":"demo_requested","id":"d","label":"","op":"eq","points":5,"value":false})");
    CHECK(ToJson(Make("d", "demo_requested", Op::Exists, {}, 5))["value"].is_null());
}

TEST_CASE("empty rules read as the model's defaults") {
    CHECK(RulesFromJson(json::object()) == DefinitionRules{});
    CHECK(ToJson(DefinitionRules{}).dump() ==
          R"({"decay":{"days":0,"kind":"none"},"engagement":[],"engagement_cap":null,"fit":[],"fit_cap":null,)"
          R"("mql_threshold":50,"sales_ready":[]})");
}

TEST_CASE("an exists criterion takes an absent or null value and nothing else") {
    DefinitionRules absent = RulesFromJson(json{{"fit", {CriterionJson("phone", "exists", kAbsent)}}});
    CHECK(absent.fit.at(0).value == tandem::CriterionValue{});
    CHECK(absent.fit.at(0).points == 0);
    CHECK(FitError(CriterionJson("phone", "exists", nullptr)) == "accepted");
    CHECK(FitError(CriterionJson("demo_requested", "exists", nullptr)) == "accepted");
    CHECK(FitError(CriterionJson("phone", "exists", "yes")) == "fit[0].value: exists takes no value");
    CHECK(FitError(CriterionJson("phone", "exists", false)) == "fit[0].value: exists takes no value");
}

TEST_CASE("an operator that needs a value requires one") {
    CHECK(FitError(CriterionJson("budget_usd", "gte", kAbsent)) == "fit[0].value: required");
    CHECK(FitError(CriterionJson("industry", "in", kAbsent)) == "fit[0].value: required");
    CHECK(FitError(CriterionJson("company_size", "between", kAbsent)) == "fit[0].value: required");
    CHECK(FitError(CriterionJson("budget_usd", "eq", nullptr)) == "fit[0].value: budget_usd is a number");
}

TEST_CASE("number fields take numbers, text fields text, and the message says which") {
    CHECK(FitError(CriterionJson("budget_usd", "eq", "10000")) == "fit[0].value: budget_usd is a number");
    CHECK(FitError(CriterionJson("budget_usd", "eq", json::array({10000}))) == "fit[0].value: budget_usd is a number");
    CHECK(FitError(CriterionJson("industry", "eq", 5)) == "fit[0].value: industry is text");
    CHECK(FitError(CriterionJson("industry", "in", json::array({"software", 5}))) == "fit[0].value[1]: industry is text");
    CHECK(FitError(CriterionJson("need", "eq", true)) == "fit[0].value: need is one of: yes, no");
    CHECK(FitError(CriterionJson("demo_requested", "eq", "yes")) == "fit[0].value: demo_requested is true or false");
    CHECK(FitError(CriterionJson("demo_requested", "eq", 1)) == "fit[0].value: demo_requested is true or false");
}

TEST_CASE("choice values must be among the field's choices") {
    CHECK(FitError(CriterionJson("need", "eq", "yes")) == "accepted");
    CHECK(FitError(CriterionJson("need", "eq", "maybe")) ==
          "fit[0].value: unknown value 'maybe' for need (expected one of: yes, no)");
    CHECK(FitError(CriterionJson("authority", "in", json::array({"influencer", "ceo"}))) ==
          "fit[0].value[1]: unknown value 'ceo' for authority (expected one of: none, influencer, decision_maker)");
    // "unknown" is not a choice: a criterion on an unknown fact never matches, so it could not mean anything.
    CHECK(FitError(CriterionJson("authority", "eq", "unknown")) ==
          "fit[0].value: unknown value 'unknown' for authority (expected one of: none, influencer, decision_maker)");
    CHECK(FitError(CriterionJson("source", "not_in", json::array({"outbound", "Referral"}))) ==
          "fit[0].value[1]: unknown value 'Referral' for source (expected one of: webinar, content_download, "
          "paid_search, social, referral, event, website, outbound, other)");
}

TEST_CASE("text values are trimmed and must say something") {
    DefinitionRules rules = RulesFromJson(json{{"fit", {CriterionJson("industry", "eq", "  software ")}}});
    CHECK(rules.fit.at(0).value.texts == std::vector<std::string>{"software"});
    CHECK(FitError(CriterionJson("industry", "eq", "")) == "fit[0].value: must not be empty");
    CHECK(FitError(CriterionJson("title", "in", json::array({"cto", "  "}))) == "fit[0].value[1]: must not be empty");
    CHECK(FitError(CriterionJson("country", "eq", std::string(200, 'x'))) == "accepted");
    CHECK(FitError(CriterionJson("country", "eq", std::string(201, 'x'))) == "fit[0].value: too long (at most 200 bytes)");
}

TEST_CASE("ordering operators apply to number fields only") {
    CHECK(FitError(CriterionJson("industry", "gte", "m")) == "fit[0].op: gte needs a number field; industry is text");
    CHECK(FitError(CriterionJson("need", "lte", "yes")) == "fit[0].op: lte needs a number field; need is a choice");
    CHECK(FitError(CriterionJson("demo_requested", "between", json::array({0, 1}))) ==
          "fit[0].op: between needs a number field; demo_requested is true or false");
}

TEST_CASE("the demo flag takes only eq or exists") {
    CHECK(FitError(CriterionJson("demo_requested", "eq", true)) == "accepted");
    CHECK(FitError(CriterionJson("demo_requested", "neq", true)) == "fit[0].op: demo_requested takes only eq or exists");
    CHECK(FitError(CriterionJson("demo_requested", "in", json::array({true}))) ==
          "fit[0].op: demo_requested takes only eq or exists");
    CHECK(FitError(CriterionJson("demo_requested", "not_in", json::array({true}))) ==
          "fit[0].op: demo_requested takes only eq or exists");
}

TEST_CASE("between takes exactly a low and a high, low first") {
    CHECK(FitError(CriterionJson("company_size", "between", json::array({50, 50}))) == "accepted");
    CHECK(FitError(CriterionJson("company_size", "between", json::array({50}))) == "fit[0].value: expected [low, high]");
    CHECK(FitError(CriterionJson("company_size", "between", json::array({1, 2, 3}))) == "fit[0].value: expected [low, high]");
    CHECK(FitError(CriterionJson("company_size", "between", 50)) == "fit[0].value: expected [low, high]");
    CHECK(FitError(CriterionJson("company_size", "between", json::array({5000, 50}))) == "fit[0].value: low is above high");
    CHECK(FitError(CriterionJson("company_size", "between", json::array({50, "5000"}))) ==
          "fit[0].value[1]: company_size is a number");
}

TEST_CASE("in and not_in take a non-empty list") {
    CHECK(FitError(CriterionJson("industry", "in", json::array())) == "fit[0].value: expected at least one value");
    CHECK(FitError(CriterionJson("industry", "not_in", "software")) == "fit[0].value: expected a list");
    CHECK(FitError(CriterionJson("company_size", "in", json::array({10, 20.5}))) == "accepted");
}

TEST_CASE("huge criterion values are out of range") {
    CHECK(FitError(CriterionJson("budget_usd", "gte", tandem::ParseJson("1e300"))) == "fit[0].value: out of range");
    CHECK(FitError(CriterionJson("budget_usd", "between", json::array({0, tandem::ParseJson("9223372036854775808")}))) ==
          "fit[0].value[1]: out of range");
    CHECK(FitError(CriterionJson("budget_usd", "gte", tandem::ParseJson("9007199254740993"))) ==
          "fit[0].value: out of range");
    CHECK(FitError(CriterionJson("budget_usd", "gte", 1e15)) == "accepted");
}

TEST_CASE("the field must be one criteria may test") {
    CHECK(FitError(CriterionJson("colour", "eq", "red")) ==
          "fit[0].field: unknown value 'colour' (expected one of: budget_usd, company_size, timeline_months, "
          "page_views, downloads, webinars_attended, email_clicks, demo_requested, authority, need, source, "
          "industry, country, title, company, phone)");
    CHECK(FitError(CriterionJson("email", "exists", kAbsent)).rfind("fit[0].field: unknown value 'email'", 0) == 0);
    CHECK(FitError(CriterionJson(5, "eq", 1)) == "fit[0].field: expected text, got a number");
}

TEST_CASE("an unknown operator lists the operators") {
    CHECK(FitError(CriterionJson("budget_usd", "gt", 5)) ==
          "fit[0].op: unknown value 'gt' (expected one of: eq, neq, in, not_in, gte, lte, between, exists)");
    json no_op = {{"id", "c1"}, {"field", "budget_usd"}, {"value", 5}};
    CHECK(FitError(no_op) == "fit[0].op: required");
}

TEST_CASE("criterion ids are short, lower-case and made of letters, digits, _ and -") {
    auto with_id = [](json id) {
        json criterion = CriterionJson("phone", "exists", kAbsent);
        criterion["id"] = std::move(id);
        return FitError(criterion);
    };
    CHECK(with_id("c7") == "accepted");
    CHECK(with_id("budget_10k-plus") == "accepted");
    CHECK(with_id(std::string(64, 'a')) == "accepted");
    CHECK(with_id(std::string(65, 'a')) == "fit[0].id: too long (at most 64 characters)");
    CHECK(with_id("") == "fit[0].id: must not be empty");
    CHECK(with_id("Budget") == "fit[0].id: only a-z, 0-9, _ and - are allowed");
    CHECK(with_id("a b") == "fit[0].id: only a-z, 0-9, _ and - are allowed");
    CHECK(with_id("c.1") == "fit[0].id: only a-z, 0-9, _ and - are allowed");
    CHECK(with_id(7) == "fit[0].id: expected text, got a number");
    json no_id = {{"field", "phone"}, {"op", "exists"}};
    CHECK(FitError(no_id) == "fit[0].id: required");
}

TEST_CASE("ids are unique across fit, engagement and sales-ready") {
    json budget = {{"id", "budget"}, {"field", "budget_usd"}, {"op", "gte"}, {"value", 1}};
    CHECK(RulesError(json{{"fit", {budget}}, {"engagement", {budget}}}) == "engagement[0].id: duplicate id 'budget'");
    CHECK(RulesError(json{{"fit", {budget, budget}}}) == "fit[1].id: duplicate id 'budget'");
    CHECK(RulesError(json{{"engagement", {budget}}, {"sales_ready", {budget}}}) ==
          "sales_ready[0].id: duplicate id 'budget'");
}

TEST_CASE("points are whole and within a thousand either way") {
    auto with_points = [](json points) {
        json criterion = CriterionJson("phone", "exists", kAbsent);
        criterion["points"] = std::move(points);
        return FitError(criterion);
    };
    CHECK(with_points(1000) == "accepted");
    CHECK(with_points(-1000) == "accepted");
    CHECK(with_points(1001) == "fit[0].points: must be at most 1000");
    CHECK(with_points(-1001) == "fit[0].points: must be at least -1000");
    CHECK(with_points(2.5) == "fit[0].points: expected a whole number");
    CHECK(with_points(tandem::ParseJson("1e300")) == "fit[0].points: out of range");
    CHECK(with_points("5") == "fit[0].points: expected a whole number, got text");
}

TEST_CASE("labels are optional, trimmed and at most 200 bytes") {
    json criterion = CriterionJson("phone", "exists", kAbsent);
    criterion["label"] = "  Has a phone ";
    CHECK(RulesFromJson(json{{"fit", {criterion}}}).fit.at(0).label == "Has a phone");
    criterion["label"] = nullptr;
    CHECK(RulesFromJson(json{{"fit", {criterion}}}).fit.at(0).label == "");
    criterion["label"] = std::string(201, 'l');
    CHECK(FitError(criterion) == "fit[0].label: too long (at most 200 bytes)");
    criterion["label"] = 3;
    CHECK(FitError(criterion) == "fit[0].label: expected text, got a number");
}

TEST_CASE("unknown members of a criterion or the rules are refused by path") {
    json criterion = CriterionJson("phone", "exists", kAbsent);
    criterion["weight"] = 2;
    CHECK(FitError(criterion) == "fit[0].weight: unknown field");
    CHECK(RulesError(json{{"threshold", 50}}) == "threshold: unknown field");
    CHECK(RulesError(json{{"decay", {{"kind", "window"}, {"days", 30}, {"unit", "d"}}}}) == "decay.unit: unknown field");
}

TEST_CASE("lists of criteria must be lists of objects") {
    CHECK(RulesError(json{{"fit", json::object()}}) == "fit: expected a list");
    CHECK(RulesError(json{{"fit", nullptr}}) == "fit: expected a list");
    CHECK(RulesError(json{{"engagement", {"demo"}}}) == "engagement[0]: expected an object, got text");
    CHECK(RulesError(json::array()) == "expected an object, got a list");
}

TEST_CASE("the threshold is within 0..10000 and caps are not negative") {
    CHECK(RulesFromJson(json{{"mql_threshold", 0}}).mql_threshold == 0);
    CHECK(RulesFromJson(json{{"mql_threshold", 10000}}).mql_threshold == 10000);
    CHECK(RulesError(json{{"mql_threshold", -1}}) == "mql_threshold: must be at least 0");
    CHECK(RulesError(json{{"mql_threshold", 10001}}) == "mql_threshold: must be at most 10000");
    CHECK(RulesError(json{{"mql_threshold", 50.5}}) == "mql_threshold: expected a whole number");
    CHECK(RulesError(json{{"mql_threshold", nullptr}}) == "mql_threshold: expected a whole number, got null");
    DefinitionRules caps = RulesFromJson(json{{"fit_cap", 0}, {"engagement_cap", nullptr}});
    CHECK(caps.fit_cap == 0);
    CHECK_FALSE(caps.engagement_cap.has_value());
    CHECK(RulesError(json{{"fit_cap", -1}}) == "fit_cap: must be at least 0");
    CHECK(RulesError(json{{"engagement_cap", -5}}) == "engagement_cap: must be at least 0");
    CHECK(RulesError(json{{"engagement_cap", tandem::ParseJson("9007199254740993")}}) == "engagement_cap: out of range");
}

TEST_CASE("decay days are 1..3650 when decay is on") {
    CHECK(RulesFromJson(json{{"decay", {{"kind", "window"}, {"days", 1}}}}).decay ==
          tandem::Decay{tandem::DecayKind::Window, 1});
    CHECK(RulesFromJson(json{{"decay", {{"kind", "half_life"}, {"days", 3650}}}}).decay ==
          tandem::Decay{tandem::DecayKind::HalfLife, 3650});
    CHECK(RulesError(json{{"decay", {{"kind", "window"}, {"days", 0}}}}) == "decay.days: must be at least 1");
    CHECK(RulesError(json{{"decay", {{"kind", "window"}}}}) == "decay.days: must be at least 1");
    CHECK(RulesError(json{{"decay", {{"kind", "half_life"}, {"days", 3651}}}}) == "decay.days: must be at most 3650");
    CHECK(RulesError(json{{"decay", {{"kind", "window"}, {"days", 7.5}}}}) == "decay.days: expected a whole number");
    // Without decay the days are kept, so turning decay back on restores them.
    CHECK(RulesFromJson(json{{"decay", {{"kind", "none"}, {"days", 30}}}}).decay ==
          tandem::Decay{tandem::DecayKind::None, 30});
    CHECK(RulesFromJson(json{{"decay", {{"kind", "none"}}}}).decay == tandem::Decay{});
    CHECK(RulesError(json{{"decay", {{"kind", "none"}, {"days", -1}}}}) == "decay.days: must be at least 0");
    CHECK(RulesError(json{{"decay", {{"kind", "linear"}, {"days", 30}}}}) ==
          "decay.kind: unknown value 'linear' (expected one of: none, window, half_life)");
    CHECK(RulesError(json{{"decay", {{"days", 30}}}}) == "decay.kind: required");
    CHECK(RulesError(json{{"decay", nullptr}}) == "decay: expected an object, got null");
}

TEST_CASE("a path given to the rules reader prefixes every error") {
    json rules = {{"fit", {CriterionJson("budget_usd", "gt", 5)}}};
    try {
        RulesFromJson(rules, "rules");
        FAIL("accepted");
    } catch (const DecodeError& e) {
        CHECK(e.Field() == "rules.fit[0].op");
        CHECK(std::string(e.what()) ==
              "rules.fit[0].op: unknown value 'gt' (expected one of: eq, neq, in, not_in, gte, lte, between, exists)");
    }
    json third = {{"fit", {CriterionJson("phone", "exists", kAbsent), CriterionJson("budget_usd", "gt", 5)}}};
    third["fit"][1]["id"] = "c2";
    third["fit"].push_back(CriterionJson("need", "eq", "maybe"));
    third["fit"][2]["id"] = "c3";
    third["fit"][1]["op"] = "gte";
    CHECK(RulesError(third, "rules") ==
          "rules.fit[2].value: unknown value 'maybe' for need (expected one of: yes, no)");
    CHECK(RulesError(json{{"mql_threshold", -1}}, "draft.rules") == "draft.rules.mql_threshold: must be at least 0");
    CHECK(RulesError(json{{"colour", 1}}, "rules") == "rules.colour: unknown field");
    CHECK(RulesError(json(nullptr), "rules") == "rules: expected an object, got null");
}

TEST_CASE("a definition is written with its versioning, review date and approvals") {
    tandem::LeadDefinition definition;
    definition.version = 7;
    definition.status = tandem::DefinitionStatus::Active;
    definition.summary = "Raise the bar for MQLs";
    definition.review_by = tandem::ParseDate("2027-02-01");
    definition.created_at = kNov25At0930;
    definition.created_by = 2;
    definition.proposed_at = kNov25At0930 + 3600;
    definition.activated_at = kNov25At0930 + 7200;
    definition.approvals = {{2, tandem::Role::MarketingLeader, kNov25At0930 + 5400},
                            {5, tandem::Role::SalesLeader, kNov25At0930 + 7200}};
    CHECK(ToJson(definition).dump() ==
          R"({"activated_at":"2026-11-25T11:30:00Z","approvals":[)"
          R"({"at":"2026-11-25T11:00:00Z","role":"marketing_leader","user_id":2},)"
          R"({"at":"2026-11-25T11:30:00Z","role":"sales_leader","user_id":5}],)"
          R"("created_at":"2026-11-25T09:30:00Z","created_by":2,"proposed_at":"2026-11-25T10:30:00Z",)"
          R"("retired_at":null,"review_by":"2027-02-01",)"
          R"("rules":{"decay":{"days":0,"kind":"none"},"engagement":[],"engagement_cap":null,"fit":[],)"
          R"("fit_cap":null,"mql_threshold":50,"sales_ready":[]},)"
          R"("status":"active","summary":"Raise the bar for MQLs","version":7})");
}

TEST_CASE("a fresh draft has nulls where nothing happened yet and no approvals") {
    tandem::LeadDefinition draft;
    draft.version = 8;
    draft.rules = ExpectedRules();
    json out = ToJson(draft);
    CHECK(out["status"] == "draft");
    CHECK(out["review_by"].is_null());
    CHECK(out["created_by"].is_null());
    CHECK(out["proposed_at"].is_null());
    CHECK(out["activated_at"].is_null());
    CHECK(out["retired_at"].is_null());
    CHECK(out["approvals"].dump() == "[]");
    CHECK(out["rules"].dump() == kRules);
    CHECK(RulesFromJson(out["rules"], "rules") == draft.rules);
}

TEST_CASE("a phone criterion may only ask whether a phone exists") {
    nlohmann::json rules = {{"fit", nlohmann::json::array()},
                            {"engagement", nlohmann::json::array()},
                            {"sales_ready", {{{"id", "phone"}, {"field", "phone"}, {"op", "eq"}, {"value", "+1 555"}}}},
                            {"mql_threshold", 50}};
    CHECK_THROWS_WITH(tandem::RulesFromJson(rules), "sales_ready[0].op: phone takes only exists");
    rules["sales_ready"][0]["op"] = "exists";
    rules["sales_ready"][0].erase("value");
    CHECK(tandem::RulesFromJson(rules).sales_ready[0].op == tandem::Op::Exists);
}
