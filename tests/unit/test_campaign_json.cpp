// Campaign JSON: exact output, round-trips, dates, segment bounds and every input rule.
#include <doctest/doctest.h>

#include <string>

#include "tandem/campaign.h"
#include "tandem/codec.h"

using nlohmann::json;
using tandem::Campaign;
using tandem::CampaignFromJson;
using tandem::DecodeError;
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

Campaign FullCampaign() {
    Campaign campaign;
    campaign.id = 11;
    campaign.name = "Spring launch webinar";
    campaign.type = tandem::CampaignType::Webinar;
    campaign.status = tandem::CampaignStatus::Live;
    campaign.start = *tandem::ParseDate("2026-03-02");
    campaign.end = *tandem::ParseDate("2026-03-31");
    campaign.owner_id = 4;
    campaign.segment.industries = {"software", "fintech"};
    campaign.segment.company_size_min = 50;
    campaign.segment.company_size_max = 5000;
    campaign.segment.titles = {"CTO", "VP Engineering"};
    campaign.segment.regions = {"EMEA"};
    campaign.offer = "Free trial";
    campaign.goal_leads = 300;
    campaign.description = "Launch of v2";
    campaign.sales_notes = "Follow up within a day";
    campaign.created_at = kNov25At0930;
    campaign.updated_at = kNov25At0930 + 60;
    campaign.revision = 3;
    return campaign;
}

json Writable(const Campaign& campaign) {
    json out = ToJson(campaign);
    for (std::string_view key : tandem::CampaignReadOnlyFields()) out.erase(std::string(key));
    return out;
}

json Minimal() { return json{{"name", "Webinar"}, {"start", "2026-12-01"}, {"end", "2026-12-01"}}; }

std::string ErrorWith(const std::string& key, json value) {
    json in = Minimal();
    in[key] = std::move(value);
    return ErrorOf([&] { CampaignFromJson(in); });
}

std::string SegmentError(json segment) { return ErrorWith("segment", std::move(segment)); }

}  // namespace

TEST_CASE("a campaign is written with dates as YYYY-MM-DD and its segment nested") {
    CHECK(ToJson(FullCampaign()).dump() ==
          R"({"created_at":"2026-11-25T09:30:00Z","description":"Launch of v2","end":"2026-03-31","goal_leads":300,)"
          R"("id":11,"name":"Spring launch webinar","offer":"Free trial","owner_id":4,"revision":3,)"
          R"("sales_notes":"Follow up within a day","segment":{"company_size_max":5000,"company_size_min":50,)"
          R"("industries":["software","fintech"],"regions":["EMEA"],"titles":["CTO","VP Engineering"]},)"
          R"("start":"2026-03-02","status":"live","type":"webinar","updated_at":"2026-11-25T09:31:00Z"})");
}

TEST_CASE("an empty segment is written as empty lists and null bounds") {
    Campaign campaign;
    campaign.name = "X";
    CHECK(ToJson(campaign).dump() ==
          R"({"created_at":"1970-01-01T00:00:00Z","description":"","end":"1970-01-01","goal_leads":null,"id":0,)"
          R"("name":"X","offer":"","owner_id":null,"revision":1,"sales_notes":"","segment":{"company_size_max":null,)"
          R"("company_size_min":null,"industries":[],"regions":[],"titles":[]},"start":"1970-01-01",)"
          R"("status":"planned","type":"other","updated_at":"1970-01-01T00:00:00Z"})");
}

TEST_CASE("the read-only members of a campaign are id, created_at, updated_at and revision") {
    std::vector<std::string> keys;
    for (std::string_view key : tandem::CampaignReadOnlyFields()) keys.emplace_back(key);
    CHECK(keys == std::vector<std::string>{"id", "created_at", "updated_at", "revision"});
    for (const std::string& key : keys) CHECK(ErrorWith(key, ToJson(FullCampaign())[key]) == key + ": read-only");
}

TEST_CASE("a campaign written and read back has the same writable fields") {
    Campaign original = FullCampaign();
    Campaign decoded = CampaignFromJson(Writable(original));
    CHECK(Writable(decoded) == Writable(original));
    CHECK(decoded.segment == original.segment);
    CHECK(decoded.start == original.start);
    CHECK(decoded.id == 0);
    CHECK(decoded.revision == 1);
    Campaign bare;
    bare.name = "X";
    CHECK(Writable(CampaignFromJson(Writable(bare))) == Writable(bare));
}

TEST_CASE("a name and the dates make a campaign with the model's defaults") {
    Campaign campaign = CampaignFromJson(Minimal());
    CHECK(campaign.name == "Webinar");
    CHECK(campaign.type == tandem::CampaignType::Other);
    CHECK(campaign.status == tandem::CampaignStatus::Planned);
    CHECK(campaign.start == *tandem::ParseDate("2026-12-01"));
    CHECK(campaign.end == campaign.start);   // a one-day campaign
    CHECK(campaign.segment == tandem::Segment{});
    CHECK_FALSE(campaign.goal_leads.has_value());
}

TEST_CASE("the name is required, trimmed, not empty and at most 200 bytes") {
    CHECK(CampaignFromJson(json{{"name", "  Q1 push "}, {"start", "2026-01-05"}, {"end", "2026-01-09"}}).name ==
          "Q1 push");
    CHECK(ErrorOf([] { CampaignFromJson(json{{"start", "2026-01-05"}, {"end", "2026-01-09"}}); }) == "name: required");
    CHECK(ErrorWith("name", "") == "name: must not be empty");
    CHECK(ErrorWith("name", " \t ") == "name: must not be empty");
    CHECK(ErrorWith("name", nullptr) == "name: expected text, got null");
    CHECK(ErrorWith("name", std::string(200, 'n')) == "accepted");
    CHECK(ErrorWith("name", std::string(201, 'n')) == "name: too long (at most 200 bytes)");
}

TEST_CASE("start and end are required real dates and the end is not before the start") {
    CHECK(ErrorOf([] { CampaignFromJson(json{{"name", "X"}, {"end", "2026-01-09"}}); }) == "start: required");
    CHECK(ErrorOf([] { CampaignFromJson(json{{"name", "X"}, {"start", "2026-01-09"}}); }) == "end: required");
    CHECK(ErrorWith("end", "2026-11-30") == "end: before start");
    CHECK(ErrorWith("start", "2026-02-30") == "start: not a date (YYYY-MM-DD): '2026-02-30'");
    CHECK(ErrorWith("end", "2026-12-01T10:00:00Z") == "end: not a date (YYYY-MM-DD): '2026-12-01T10:00:00Z'");
    CHECK(ErrorWith("end", "01/12/2026") == "end: not a date (YYYY-MM-DD): '01/12/2026'");
    CHECK(ErrorWith("start", nullptr) == "start: expected a date such as 2026-11-25");
    CHECK(ErrorWith("start", 20788) == "start: expected a date such as 2026-11-25");
    CHECK(ErrorWith("end", "2028-02-29") == "accepted");
}

TEST_CASE("type and status are among their names") {
    json in = Minimal();
    in["type"] = "product_launch";
    in["status"] = "cancelled";
    Campaign campaign = CampaignFromJson(in);
    CHECK(campaign.type == tandem::CampaignType::ProductLaunch);
    CHECK(campaign.status == tandem::CampaignStatus::Cancelled);
    CHECK(ErrorWith("type", "podcast") ==
          "type: unknown value 'podcast' (expected one of: webinar, email, paid, event, content, product_launch, "
          "social, other)");
    CHECK(ErrorWith("status", "active") ==
          "status: unknown value 'active' (expected one of: planned, live, done, cancelled)");
}

TEST_CASE("owner and goal are null or sensible whole numbers") {
    CHECK(ErrorWith("owner_id", nullptr) == "accepted");
    CHECK(ErrorWith("owner_id", 0) == "owner_id: must be at least 1");
    CHECK(ErrorWith("owner_id", 2.5) == "owner_id: expected a whole number");
    CHECK(ErrorWith("goal_leads", 0) == "accepted");
    CHECK(ErrorWith("goal_leads", -1) == "goal_leads: must be at least 0");
    CHECK(ErrorWith("goal_leads", 10.5) == "goal_leads: expected a whole number");
    CHECK(ErrorWith("goal_leads", tandem::ParseJson("1e300")) == "goal_leads: out of range");
    CHECK(ErrorWith("goal_leads", tandem::ParseJson("9223372036854775808")) == "goal_leads: out of range");
    CHECK(ErrorWith("goal_leads", tandem::ParseJson("9007199254740993")) == "goal_leads: out of range");
    CHECK(ErrorWith("goal_leads", "300") == "goal_leads: expected a whole number, got text");
}

TEST_CASE("free text is trimmed, null is empty, and each has its limit") {
    json in = Minimal();
    in["offer"] = " Free trial ";
    in["description"] = nullptr;
    in["sales_notes"] = "Call within a day\n";
    Campaign campaign = CampaignFromJson(in);
    CHECK(campaign.offer == "Free trial");
    CHECK(campaign.description == "");
    CHECK(campaign.sales_notes == "Call within a day");
    CHECK(ErrorWith("offer", std::string(201, 'o')) == "offer: too long (at most 200 bytes)");
    CHECK(ErrorWith("description", std::string(10000, 'd')) == "accepted");
    CHECK(ErrorWith("description", std::string(10001, 'd')) == "description: too long (at most 10000 bytes)");
    CHECK(ErrorWith("sales_notes", 5) == "sales_notes: expected text, got a number");
}

TEST_CASE("segment size bounds are not negative and the minimum is not above the maximum") {
    CHECK(SegmentError(json{{"company_size_min", 50}, {"company_size_max", 50}}) == "accepted");
    CHECK(SegmentError(json{{"company_size_min", 500}}) == "accepted");
    CHECK(SegmentError(json{{"company_size_min", nullptr}, {"company_size_max", 10}}) == "accepted");
    CHECK(SegmentError(json{{"company_size_min", 500}, {"company_size_max", 50}}) ==
          "segment.company_size_max: below company_size_min");
    CHECK(SegmentError(json{{"company_size_min", -1}}) == "segment.company_size_min: must be at least 0");
    CHECK(SegmentError(json{{"company_size_max", -10}}) == "segment.company_size_max: must be at least 0");
    CHECK(SegmentError(json{{"company_size_max", 99.5}}) == "segment.company_size_max: expected a whole number");
}

TEST_CASE("segment lists hold trimmed, non-empty entries") {
    json in = Minimal();
    in["segment"] = {{"industries", {" software", "fintech "}}, {"regions", json::array()}};
    CHECK(CampaignFromJson(in).segment.industries == std::vector<std::string>{"software", "fintech"});
    CHECK(SegmentError(json{{"titles", {"CTO", ""}}}) == "segment.titles[1]: must not be empty");
    CHECK(SegmentError(json{{"regions", {"  "}}}) == "segment.regions[0]: must not be empty");
    CHECK(SegmentError(json{{"regions", {std::string(201, 'r')}}}) == "segment.regions[0]: too long (at most 200 bytes)");
    CHECK(SegmentError(json{{"industries", "software"}}) == "segment.industries: expected a list");
    CHECK(SegmentError(json{{"industries", {"software", 3}}}) == "segment.industries[1]: expected text, got a number");
}

TEST_CASE("the segment is an object of known members") {
    CHECK(SegmentError(json{{"countries", {"GB"}}}) == "segment.countries: unknown field");
    CHECK(SegmentError(json::array()) == "segment: expected an object, got a list");
    CHECK(SegmentError(nullptr) == "segment: expected an object, got null");
    CHECK(SegmentError(json::object()) == "accepted");
}

TEST_CASE("unknown campaign members are refused and a campaign must be an object") {
    CHECK(ErrorWith("budget", 1000) == "budget: unknown field");
    CHECK(ErrorOf([] { CampaignFromJson(json::array()); }) == "expected an object, got a list");
    CHECK(ErrorOf([] { CampaignFromJson(ToJson(FullCampaign())); }) == "id: read-only");
}
