// Lead, stage history and transition request JSON: exact output, round-trips, every input rule.
#include <doctest/doctest.h>

#include <string>

#include "tandem/codec.h"
#include "tandem/lead.h"
#include "tandem/stage_machine.h"

using nlohmann::json;
using tandem::DecodeError;
using tandem::Lead;
using tandem::LeadFromJson;
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
    lead.stage = tandem::Stage::Mql;
    lead.score = {40, 27.5, 67.5, tandem::Level::Mql, 3, kNov25At0930 + 3660};
    lead.updated_at = kNov25At0930 + 3660;
    lead.revision = 5;
    return lead;
}

// What a client may send back: the output without the members the server owns.
json Writable(const Lead& lead) {
    json out = ToJson(lead);
    for (std::string_view key : tandem::LeadReadOnlyFields()) out.erase(std::string(key));
    return out;
}

// A valid lead with one member set to `value`.
json With(const std::string& key, json value) {
    json in = {{"email", "ada@example.com"}};
    in[key] = std::move(value);
    return in;
}

std::string ErrorWith(const std::string& key, json value) {
    json in = With(key, std::move(value));
    return ErrorOf([&] { LeadFromJson(in); });
}

}  // namespace

TEST_CASE("a lead is written with every member, times in ISO 8601 and the score nested") {
    CHECK(ToJson(FullLead()).dump() ==
          R"({"authority":"decision_maker","budget_usd":50000,"campaign_id":7,"company":"Analytical Engines",)"
          R"("company_size":250,"country":"GB","created_at":"2026-11-25T09:30:00Z","crm_id":"","crm_source":"",)"
          R"("deal_value":null,)"
          R"("demo_requested":true,"downloads":2,"email":"ada@example.com","email_clicks":4,"erased_at":null,)"
          R"("erased_by":null,"id":42,)"
          R"("industry":"software","last_activity_at":"2026-11-25T10:30:00Z","name":"Ada Lovelace","need":"yes",)"
          R"("owner_id":3,"page_views":12,"phone":"+44 20 7946 0000","revision":5,)"
          R"("score":{"definition_version":3,"engagement":27.5,"fit":40,"level":"mql",)"
          R"("scored_at":"2026-11-25T10:31:00Z","total":67.5},"source":"webinar","stage":"mql",)"
          R"("timeline_months":3,"title":"CTO","updated_at":"2026-11-25T10:31:00Z","webinars_attended":1})");
}

TEST_CASE("unknown facts are written as null or empty text and an unscored lead has no scored_at") {
    Lead lead;
    lead.email = "bob@example.com";
    lead.score.scored_at = kNov25At0930;   // ignored: definition_version 0 means never evaluated
    CHECK(ToJson(lead).dump() ==
          R"({"authority":"unknown","budget_usd":null,"campaign_id":null,"company":"","company_size":null,)"
          R"("country":"","created_at":"1970-01-01T00:00:00Z","crm_id":"","crm_source":"","deal_value":null,)"
          R"("demo_requested":false,)"
          R"("downloads":0,"email":"bob@example.com","email_clicks":0,"erased_at":null,"erased_by":null,"id":0,)"
          R"("industry":"",)"
          R"("last_activity_at":null,"name":"","need":"unknown","owner_id":null,"page_views":0,"phone":"",)"
          R"("revision":1,"score":{"definition_version":0,"engagement":0,"fit":0,"level":"none",)"
          R"("scored_at":null,"total":0},"source":"other","stage":"new","timeline_months":null,"title":"",)"
          R"("updated_at":"1970-01-01T00:00:00Z","webinars_attended":0})");
}

TEST_CASE("a won lead shows its deal value and fractional scores keep their fraction") {
    Lead lead = FullLead();
    lead.stage = tandem::Stage::Won;
    lead.deal_value = 120000;
    lead.score.fit = 33.25;
    lead.score.total = -0.5;
    json out = ToJson(lead);
    CHECK(out["deal_value"].dump() == "120000");
    CHECK(out["stage"] == "won");
    CHECK(out["score"]["fit"].dump() == "33.25");
    CHECK(out["score"]["total"].dump() == "-0.5");
}

TEST_CASE("the read-only members are exactly id, stage, score, revision, updated_at, the erasure's and the CRM record") {
    std::vector<std::string> keys;
    for (std::string_view key : tandem::LeadReadOnlyFields()) keys.emplace_back(key);
    CHECK(keys == std::vector<std::string>{"id", "stage", "score", "revision", "updated_at", "erased_at", "erased_by",
                                           "crm_source", "crm_id"});
    for (const std::string& key : keys) CHECK(ToJson(FullLead()).contains(key));
}

TEST_CASE("a lead written and read back has the same writable fields") {
    Lead original = FullLead();
    Lead decoded = LeadFromJson(Writable(original));
    CHECK(Writable(decoded) == Writable(original));
    CHECK(decoded.email == "ada@example.com");
    CHECK(decoded.company_size == 250);
    CHECK(decoded.authority == tandem::Authority::DecisionMaker);
    CHECK(decoded.last_activity_at == kNov25At0930 + 3600);
    CHECK(decoded.created_at == kNov25At0930);
    // Members the server owns are left at their defaults for the caller to fill in.
    CHECK(decoded.id == 0);
    CHECK(decoded.stage == tandem::Stage::New);
    CHECK(decoded.revision == 1);
    CHECK(decoded.score.definition_version == 0);
}

TEST_CASE("a lead with unknown facts and a deal value round-trips") {
    Lead original;
    original.email = "bob@example.com";
    original.deal_value = 0;
    original.created_at = -86401;
    CHECK(Writable(LeadFromJson(Writable(original))) == Writable(original));
}

TEST_CASE("an email alone makes a lead with the model's defaults") {
    Lead lead = LeadFromJson(json{{"email", "ada@example.com"}});
    CHECK(Writable(lead) == Writable([] {
              Lead expected;
              expected.email = "ada@example.com";
              return expected;
          }()));
    CHECK(lead.created_at == 0);   // the caller fills in now
    CHECK(lead.source == tandem::Source::Other);
    CHECK_FALSE(lead.company_size.has_value());
}

TEST_CASE("the email is required, trimmed, lower-cased and must look like an address") {
    CHECK(LeadFromJson(With("email", "  Ada.Lovelace@Example.COM \n")).email == "ada.lovelace@example.com");
    CHECK(ErrorOf([] { LeadFromJson(json::object()); }) == "email: required");
    CHECK(ErrorWith("email", "ada") == "email: not an address");
    CHECK(ErrorWith("email", "") == "email: not an address");
    CHECK(ErrorWith("email", "   ") == "email: not an address");
    CHECK(ErrorWith("email", "ada@@example.com") == "email: not an address");
    CHECK(ErrorWith("email", "ada lovelace@example.com") == "email: not an address");
    CHECK(ErrorWith("email", nullptr) == "email: expected text, got null");
    CHECK(ErrorWith("email", 42) == "email: expected text, got a number");
}

TEST_CASE("a decode error names the field apart from the problem") {
    try {
        LeadFromJson(With("email", "nope"));
        FAIL("accepted");
    } catch (const DecodeError& e) {
        CHECK(e.Field() == "email");
        CHECK(e.Problem() == "not an address");
    }
}

TEST_CASE("text facts are trimmed and null means unknown") {
    json in = {{"email", "ada@example.com"}, {"name", "  Ada "}, {"company", nullptr}, {"title", ""},
               {"industry", "\tsoftware\n"}, {"country", nullptr}, {"phone", nullptr}};
    Lead lead = LeadFromJson(in);
    CHECK(lead.name == "Ada");
    CHECK(lead.company == "");
    CHECK(lead.title == "");
    CHECK(lead.industry == "software");
    CHECK(lead.country == "");
    CHECK(lead.phone == "");
}

TEST_CASE("text facts longer than their limit are refused by name") {
    for (const char* key : {"name", "company", "title", "industry", "country"}) {
        CAPTURE(key);
        CHECK(ErrorWith(key, std::string(200, 'x')) == "accepted");
        CHECK(ErrorWith(key, std::string(201, 'x')) == std::string(key) + ": too long (at most 200 bytes)");
    }
    CHECK(ErrorWith("phone", std::string(50, '1')) == "accepted");
    CHECK(ErrorWith("phone", std::string(51, '1')) == "phone: too long (at most 50 bytes)");
    // The limit applies to what is kept, after trimming.
    CHECK(ErrorWith("phone", "  " + std::string(50, '1') + "  ") == "accepted");
    CHECK(ErrorWith("name", 7) == "name: expected text, got a number");
}

TEST_CASE("unknown numeric facts are null and known ones are whole and not negative") {
    Lead lead = LeadFromJson(json{{"email", "ada@example.com"}, {"company_size", nullptr}, {"budget_usd", 0},
                                  {"timeline_months", 600}, {"deal_value", nullptr}});
    CHECK_FALSE(lead.company_size.has_value());
    CHECK(lead.budget_usd == 0);
    CHECK(lead.timeline_months == 600);
    CHECK_FALSE(lead.deal_value.has_value());
    CHECK(ErrorWith("company_size", -1) == "company_size: must be at least 0");
    CHECK(ErrorWith("budget_usd", -5000) == "budget_usd: must be at least 0");
    CHECK(ErrorWith("timeline_months", -1) == "timeline_months: must be at least 0");
    CHECK(ErrorWith("timeline_months", 601) == "timeline_months: must be at most 600");
    CHECK(ErrorWith("deal_value", -1) == "deal_value: must be at least 0");
    CHECK(ErrorWith("budget_usd", "50000") == "budget_usd: expected a whole number, got text");
}

TEST_CASE("engagement counters are whole, not negative and fit in what the scorer stores") {
    for (const char* key : {"page_views", "downloads", "webinars_attended", "email_clicks"}) {
        CAPTURE(key);
        CHECK(ErrorWith(key, 0) == "accepted");
        CHECK(ErrorWith(key, 1'000'000'000) == "accepted");
        CHECK(ErrorWith(key, -1) == std::string(key) + ": must be at least 0");
        CHECK(ErrorWith(key, 1'000'000'001) == std::string(key) + ": must be at most 1000000000");
        CHECK(ErrorWith(key, 2.5) == std::string(key) + ": expected a whole number");
        CHECK(ErrorWith(key, nullptr) == std::string(key) + ": expected a whole number, got null");
    }
    CHECK(LeadFromJson(With("page_views", 3.0)).page_views == 3);
}

TEST_CASE("huge numbers are out of range rather than wrapped or rounded") {
    CHECK(ErrorWith("budget_usd", tandem::ParseJson("1e300")) == "budget_usd: out of range");
    CHECK(ErrorWith("budget_usd", tandem::ParseJson("9223372036854775808")) == "budget_usd: out of range");
    CHECK(ErrorWith("budget_usd", tandem::ParseJson("9007199254740993")) == "budget_usd: out of range");
    CHECK(ErrorWith("deal_value", tandem::ParseJson("-9223372036854775808")) == "deal_value: out of range");
    CHECK(ErrorWith("company_size", tandem::ParseJson("1e300")) == "company_size: out of range");
    CHECK(LeadFromJson(With("budget_usd", tandem::ParseJson("9007199254740991"))).budget_usd == 9007199254740991);
}

TEST_CASE("fractional amounts are refused where whole ones are required") {
    CHECK(ErrorWith("budget_usd", 1000.5) == "budget_usd: expected a whole number");
    CHECK(ErrorWith("company_size", 0.1) == "company_size: expected a whole number");
    CHECK(ErrorWith("timeline_months", 2.5) == "timeline_months: expected a whole number");
    CHECK(ErrorWith("deal_value", 99.99) == "deal_value: expected a whole number");
    CHECK(LeadFromJson(With("budget_usd", 1e4)).budget_usd == 10000);
}

TEST_CASE("authority and need read their names, and null is unknown") {
    CHECK(LeadFromJson(With("authority", "influencer")).authority == tandem::Authority::Influencer);
    CHECK(LeadFromJson(With("authority", "unknown")).authority == tandem::Authority::Unknown);
    CHECK(LeadFromJson(With("authority", nullptr)).authority == tandem::Authority::Unknown);
    CHECK(LeadFromJson(With("need", "no")).need == tandem::Need::No);
    CHECK(LeadFromJson(With("need", nullptr)).need == tandem::Need::Unknown);
    CHECK(ErrorWith("authority", "ceo") ==
          "authority: unknown value 'ceo' (expected one of: unknown, none, influencer, decision_maker)");
    CHECK(ErrorWith("need", true) == "need: expected one of: unknown, yes, no");
}

TEST_CASE("the source is one of the known channels") {
    CHECK(LeadFromJson(With("source", "paid_search")).source == tandem::Source::PaidSearch);
    CHECK(ErrorWith("source", "tv") ==
          "source: unknown value 'tv' (expected one of: webinar, content_download, paid_search, social, referral, "
          "event, website, outbound, other)");
    CHECK(ErrorWith("source", nullptr) ==
          "source: expected one of: webinar, content_download, paid_search, social, referral, event, website, "
          "outbound, other");
}

TEST_CASE("campaign and owner ids are positive or null") {
    Lead lead = LeadFromJson(json{{"email", "ada@example.com"}, {"campaign_id", 9}, {"owner_id", nullptr}});
    CHECK(lead.campaign_id == 9);
    CHECK_FALSE(lead.owner_id.has_value());
    CHECK(ErrorWith("campaign_id", 0) == "campaign_id: must be at least 1");
    CHECK(ErrorWith("owner_id", -3) == "owner_id: must be at least 1");
    CHECK(ErrorWith("owner_id", "3") == "owner_id: expected a whole number, got text");
    CHECK(ErrorWith("campaign_id", 1.5) == "campaign_id: expected a whole number");
}

TEST_CASE("the demo flag is true or false only") {
    CHECK(LeadFromJson(With("demo_requested", true)).demo_requested);
    CHECK(ErrorWith("demo_requested", "yes") == "demo_requested: expected true or false, got text");
    CHECK(ErrorWith("demo_requested", 1) == "demo_requested: expected true or false, got a number");
    CHECK(ErrorWith("demo_requested", nullptr) == "demo_requested: expected true or false, got null");
}

TEST_CASE("times with an offset are stored as UTC") {
    Lead lead = LeadFromJson(json{{"email", "ada@example.com"},
                                  {"created_at", "2026-11-25T11:30:00+02:00"},
                                  {"last_activity_at", "2026-11-25T04:00:00-05:30"}});
    CHECK(lead.created_at == kNov25At0930);
    CHECK(lead.last_activity_at == kNov25At0930);
    CHECK(ToJson(lead)["created_at"] == "2026-11-25T09:30:00Z");
}

TEST_CASE("impossible or malformed times are refused with what was sent") {
    CHECK(ErrorWith("created_at", "2026-02-30T10:00:00Z") == "created_at: not an ISO 8601 time: '2026-02-30T10:00:00Z'");
    CHECK(ErrorWith("created_at", "25/11/2026") == "created_at: not an ISO 8601 time: '25/11/2026'");
    CHECK(ErrorWith("created_at", 1795599000) == "created_at: expected an ISO 8601 time such as 2026-11-25T09:30:00Z");
    CHECK(ErrorWith("created_at", nullptr) == "created_at: expected an ISO 8601 time such as 2026-11-25T09:30:00Z");
    CHECK(ErrorWith("last_activity_at", "2026-11-25T09:30:00") ==
          "last_activity_at: not an ISO 8601 time: '2026-11-25T09:30:00'");
    CHECK_FALSE(LeadFromJson(With("last_activity_at", nullptr)).last_activity_at.has_value());
}

TEST_CASE("members the server owns are refused as read-only") {
    CHECK(ErrorWith("id", 42) == "id: read-only");
    CHECK(ErrorWith("stage", "won") == "stage: read-only");
    CHECK(ErrorWith("score", json::object()) == "score: read-only");
    CHECK(ErrorWith("revision", 2) == "revision: read-only");
    CHECK(ErrorWith("updated_at", "2026-11-25T09:30:00Z") == "updated_at: read-only");
    // Even null: the client does not get to clear them either.
    CHECK(ErrorWith("stage", nullptr) == "stage: read-only");
    // The whole output, read-only members included, is refused on the first one.
    CHECK(ErrorOf([] { LeadFromJson(ToJson(FullLead())); }) == "id: read-only");
}

TEST_CASE("unknown members are refused by name") {
    CHECK(ErrorWith("colour", "red") == "colour: unknown field");
    CHECK(ErrorWith("Email", "ada@example.com") == "Email: unknown field");
    CHECK(ErrorWith("score_total", 5) == "score_total: unknown field");
}

TEST_CASE("a lead must be an object") {
    CHECK(ErrorOf([] { LeadFromJson(json::array()); }) == "expected an object, got a list");
    CHECK(ErrorOf([] { LeadFromJson(json(nullptr)); }) == "expected an object, got null");
    CHECK(ErrorOf([] { LeadFromJson(json("ada@example.com")); }) == "expected an object, got text");
}

TEST_CASE("a stage change is written with from and by as null when the system created the lead") {
    tandem::StageChange first;
    first.id = 1;
    first.lead_id = 42;
    first.to = tandem::Stage::New;
    first.at = kNov25At0930;
    first.reason = "import";
    CHECK(ToJson(first).dump() ==
          R"({"at":"2026-11-25T09:30:00Z","by":null,"from":null,"id":1,"lead_id":42,"note":"","reason":"import","to":"new"})");

    tandem::StageChange rejected;
    rejected.id = 9;
    rejected.lead_id = 42;
    rejected.from = tandem::Stage::SalesReady;
    rejected.to = tandem::Stage::Recycled;
    rejected.at = -1;
    rejected.by_user_id = 3;
    rejected.reason = "no_budget";
    rejected.note = "Budget frozen until Q3";
    CHECK(ToJson(rejected).dump() ==
          R"({"at":"1969-12-31T23:59:59Z","by":3,"from":"sales_ready","id":9,"lead_id":42,)"
          R"("note":"Budget frozen until Q3","reason":"no_budget","to":"recycled"})");
}

TEST_CASE("a transition request reads to, reason, note and deal value") {
    tandem::TransitionRequest request = tandem::TransitionFromJson(
        json{{"to", "recycled"}, {"reason", "no_budget"}, {"note", " frozen "}, {"deal_value", nullptr}});
    CHECK(request.to == tandem::Stage::Recycled);
    CHECK(request.reason == "no_budget");
    CHECK(request.note == "frozen");
    CHECK_FALSE(request.deal_value.has_value());

    tandem::TransitionRequest won = tandem::TransitionFromJson(json{{"to", "won"}, {"deal_value", 120000}});
    CHECK(won.to == tandem::Stage::Won);
    CHECK(won.reason == "");
    CHECK(won.deal_value == 120000);
}

TEST_CASE("a transition request checks shape and types only") {
    auto error = [](json in) { return ErrorOf([&] { tandem::TransitionFromJson(in); }); };
    CHECK(error(json::object()) == "to: required");
    CHECK(error(json{{"to", "closed"}}) ==
          "to: unknown value 'closed' (expected one of: new, mql, sales_ready, sql, opportunity, won, lost, "
          "recycled, disqualified)");
    CHECK(error(json{{"to", nullptr}}) ==
          "to: expected one of: new, mql, sales_ready, sql, opportunity, won, lost, recycled, disqualified");
    CHECK(error(json{{"to", "won"}, {"deal_value", 1200.5}}) == "deal_value: expected a whole number");
    CHECK(error(json{{"to", "won"}, {"deal_value", "1200"}}) == "deal_value: expected a whole number, got text");
    CHECK(error(json{{"to", "won"}, {"deal_value", tandem::ParseJson("1e300")}}) == "deal_value: out of range");
    CHECK(error(json{{"to", "recycled"}, {"reason", 3}}) == "reason: expected text, got a number");
    CHECK(error(json{{"to", "sql"}, {"note", std::string(2000, 'n')}}) == "accepted");
    CHECK(error(json{{"to", "sql"}, {"note", std::string(2001, 'n')}}) == "note: too long (at most 2000 bytes)");
    CHECK(error(json{{"to", "sql"}, {"by", 3}}) == "by: unknown field");
    CHECK(error(json::array()) == "expected an object, got a list");
    // Deciding whether the move is allowed, or the amount sensible, is CheckTransition's job.
    CHECK(error(json{{"to", "won"}, {"deal_value", -5}}) == "accepted");
    CHECK(error(json{{"to", "recycled"}, {"reason", "bored"}}) == "accepted");
}

TEST_CASE("null reason and note are empty") {
    tandem::TransitionRequest request =
        tandem::TransitionFromJson(json{{"to", "lost"}, {"reason", nullptr}, {"note", nullptr}});
    CHECK(request.reason == "");
    CHECK(request.note == "");
}

namespace {

// The lead's JSON text must be byte for byte what ToJson(lead) dumps: clients see one or the
// other depending on the route.
std::string Dumped(const tandem::Lead& lead) {
    return tandem::ToJson(lead).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

TEST_CASE("a lead's JSON text is the bytes ToJson dumps") {
    SUBCASE("a new lead: nulls, empty texts, never scored") {
        Lead lead;
        lead.id = 1;
        lead.email = "a@b.example";
        CHECK(tandem::ToJsonText(lead) == Dumped(lead));
    }
    SUBCASE("every fact set, scores whole and not, erased") {
        Lead lead;
        lead.id = 9007199254740991;
        lead.email = "maya@acme.example";
        lead.name = "Maya O'Neil";
        lead.company = "Acme \"Rockets\" \\ Co";
        lead.title = "Line\nbreak\tand\x01control\x7f";
        lead.industry = "Café – Zürich 日本";
        lead.company_size = 250;
        lead.country = "DE";
        lead.phone = "+49 30 1234";
        lead.source = tandem::Source::Webinar;
        lead.campaign_id = 7;
        lead.owner_id = 3;
        lead.created_at = 1764063000;
        lead.budget_usd = 0;
        lead.authority = tandem::Authority::DecisionMaker;
        lead.need = tandem::Need::Yes;
        lead.timeline_months = 600;
        lead.page_views = 12;
        lead.downloads = 1;
        lead.webinars_attended = 2;
        lead.email_clicks = 1000000000;
        lead.demo_requested = true;
        lead.last_activity_at = -86400;
        lead.stage = tandem::Stage::Won;
        lead.deal_value = 125000;
        lead.score = {.fit = 35.5, .engagement = 0.1, .total = 1e20, .level = tandem::Level::SalesReady,
                      .definition_version = 4, .scored_at = 1764063001};
        lead.updated_at = 1764063002;
        lead.revision = 12;
        lead.erased_at = 1764063003;
        lead.erased_by = 2;
        lead.crm_source = "hubspot";
        lead.crm_id = "51001";
        CHECK(tandem::ToJsonText(lead) == Dumped(lead));
        lead.score.fit = 1e-7;
        lead.score.engagement = -2.25;
        lead.score.total = 1.0 / 3;
        CHECK(tandem::ToJsonText(lead) == Dumped(lead));
    }
    SUBCASE("times from year 1 past year 9999, before and after 1970") {
        Lead lead;
        lead.email = "t@y.example";
        lead.score.definition_version = 1;
        for (tandem::Timestamp t : {-62135596800LL, -30610224001LL, -30610224000LL, -1LL, 0LL, 951782400LL, 1764063000LL,
                                    253402300799LL, 253402300800LL}) {
            lead.created_at = t;
            lead.updated_at = t + 59;
            lead.last_activity_at = t + 3599;
            lead.score.scored_at = t + 86399;
            CHECK(tandem::ToJsonText(lead) == Dumped(lead));
        }
    }
    SUBCASE("bytes that are not UTF-8 are replaced the same way") {
        Lead lead;
        lead.email = "x@y.example";
        lead.name = std::string("bad \xff\xfe end \xc3");
        lead.crm_id = std::string("\xe2\x82");
        CHECK(tandem::ToJsonText(lead) == Dumped(lead));
    }
}
