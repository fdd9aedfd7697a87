// Campaigns over HTTP: the calendar's filters, planning one with validation, and If-Match edits.
#include <doctest/doctest.h>

#include "server_process.h"

using namespace tandem::test;

namespace {

std::vector<std::int64_t> Ids(const nlohmann::json& items) {
    std::vector<std::int64_t> ids;
    for (const nlohmann::json& item : items) ids.push_back(item["id"]);
    return ids;
}

nlohmann::json Webinar() {
    return {{"name", "  Scoring Leads Together  "}, {"type", "webinar"}, {"status", "planned"}, {"start", "2027-01-12"},
            {"end", "2027-01-12"}, {"owner_id", 4}, {"offer", "Live webinar and a scoring checklist"}, {"goal_leads", 40},
            {"description", "Maya and Sam on agreeing what a sales-ready lead is."},
            {"sales_notes", "Attendees who ask about scoring are warm."},
            {"segment", {{"industries", {"software", "fintech"}}, {"company_size_min", 50}, {"company_size_max", 5000},
                         {"titles", {"VP Sales", "CMO"}}, {"regions", {"US"}}}}};
}

}  // namespace

TEST_CASE("the campaign list filters by date range, status and type, ordered by start") {
    DemoServer demo;
    ApiClient rita = demo.As("rita");
    Reply listed = rita.Get("/api/campaigns");
    REQUIRE(listed.status == 200);
    nlohmann::json all = listed.Json()["items"];
    CHECK(listed.Json()["next_cursor"].is_null());
    REQUIRE(all.size() == 30);
    for (std::size_t i = 1; i < all.size(); ++i) {
        std::string previous = all[i - 1]["start"], current = all[i]["start"];
        CHECK((previous < current || (previous == current && all[i - 1]["id"] < all[i]["id"])));
    }

    auto expect = [&](const std::string& query, const std::function<bool(const nlohmann::json&)>& keep) {
        INFO(std::string(query));
        std::vector<std::int64_t> wanted;
        for (const nlohmann::json& campaign : all)
            if (keep(campaign)) wanted.push_back(campaign["id"]);
        Reply filtered = rita.Get("/api/campaigns?" + query);
        REQUIRE(filtered.status == 200);
        CHECK(Ids(filtered.Json()["items"]) == wanted);
        return wanted.size();
    };
    // A campaign is in [from, to] if it overlaps it; both ends are inclusive days.
    std::string day = all[15]["start"];
    CHECK(expect("from=" + day, [&](const nlohmann::json& c) { return c["end"] >= day; }) > 0);
    CHECK(expect("to=" + day, [&](const nlohmann::json& c) { return c["start"] <= day; }) > 0);
    CHECK(expect("from=" + day + "&to=" + day, [&](const nlohmann::json& c) { return c["start"] <= day && c["end"] >= day; }) > 0);
    std::string last_end = all[29]["end"];
    CHECK(expect("from=" + std::string(all[0]["start"]) + "&to=" + last_end, [](const nlohmann::json&) { return true; }) == 30);
    CHECK(expect("from=2040-01-01", [](const nlohmann::json& c) { return c["end"] >= "2040-01-01"; }) == 0);
    std::size_t by_status = 0;
    for (const char* status : {"planned", "live", "done", "cancelled"})
        by_status += expect(std::string("status=") + status, [&](const nlohmann::json& c) { return c["status"] == status; });
    CHECK(by_status == 30);
    std::size_t by_type = 0;
    for (const char* type : {"webinar", "email", "paid", "event", "content", "product_launch", "social", "other"})
        by_type += expect(std::string("type=") + type, [&](const nlohmann::json& c) { return c["type"] == type; });
    CHECK(by_type == 30);
    expect("type=webinar&status=done&to=" + day,
           [&](const nlohmann::json& c) { return c["type"] == "webinar" && c["status"] == "done" && c["start"] <= day; });

    const std::pair<const char*, const char*> bad[] = {
        {"from=2026-13-01", "from"}, {"to=tomorrow", "to"}, {"status=paused", "status"}, {"type=podcast", "type"}, {"owner=4", "owner"},
    };
    for (const auto& [query, field] : bad) {
        INFO(std::string(query));
        CHECK(ErrorOf(rita.Get(std::string("/api/campaigns?") + query)) == ApiError{400, "bad_request", field});
    }
}

TEST_CASE("planning a campaign validates it and answers 201 with its location") {
    DemoServer demo;
    ApiClient mark = demo.As("mark");
    Reply planned = mark.Post("/api/campaigns", Webinar());
    REQUIRE(planned.status == 201);
    nlohmann::json campaign = planned.Json();
    CHECK(campaign["id"] == 31);
    CHECK(planned.Header("Location") == "/api/campaigns/31");
    CHECK(planned.Header("ETag") == "\"campaign-31-r1\"");
    CHECK(campaign["name"] == "Scoring Leads Together");
    CHECK(campaign["revision"] == 1);
    CHECK(campaign["created_at"] == campaign["updated_at"]);
    nlohmann::json expected = Webinar();
    expected["name"] = "Scoring Leads Together";
    for (const auto& [key, value] : expected.items()) {
        INFO(key);
        CHECK(campaign[key] == value);
    }
    Reply read = mark.Get("/api/campaigns/31");
    CHECK(read.status == 200);
    CHECK(read.Header("ETag") == "\"campaign-31-r1\"");
    CHECK(read.Json() == campaign);

    // The least a campaign needs: a name and its days; the rest has defaults.
    Reply minimal = demo.As("sam").Post("/api/campaigns", {{"name", "Field day"}, {"start", "2027-02-01"}, {"end", "2027-02-03"}});
    REQUIRE(minimal.status == 201);
    CHECK(minimal.Json()["type"] == "other");
    CHECK(minimal.Json()["status"] == "planned");
    CHECK(minimal.Json()["owner_id"].is_null());
    CHECK(minimal.Json()["segment"] == nlohmann::json({{"industries", nlohmann::json::array()}, {"company_size_min", nullptr},
                                                       {"company_size_max", nullptr}, {"titles", nlohmann::json::array()},
                                                       {"regions", nlohmann::json::array()}}));

    struct Bad {
        const char* what;
        nlohmann::json change;
        const char* field;
    };
    const Bad bad[] = {
        {"end before start", {{"start", "2027-01-12"}, {"end", "2027-01-11"}}, "end"},
        {"unknown type", {{"type", "podcast"}}, "type"},
        {"unknown status", {{"status", "paused"}}, "status"},
        {"impossible date", {{"start", "2027-02-30"}}, "start"},
        {"date with a time", {{"end", "2027-01-12T10:00:00Z"}}, "end"},
        {"no name", {{"name", nullptr}}, "name"},
        {"blank name", {{"name", "   "}}, "name"},
        {"long name", {{"name", std::string(201, 'x')}}, "name"},
        {"owner that does not exist", {{"owner_id", 999}}, "owner_id"},
        {"owner zero", {{"owner_id", 0}}, "owner_id"},
        {"negative goal", {{"goal_leads", -1}}, "goal_leads"},
        {"size range upside down", {{"segment", {{"company_size_min", 500}, {"company_size_max", 50}}}}, "segment.company_size_max"},
        {"blank industry", {{"segment", {{"industries", {"software", " "}}}}}, "segment.industries[1]"},
        {"industries not a list", {{"segment", {{"industries", "software"}}}}, "segment.industries"},
        {"unknown segment member", {{"segment", {{"ages", {"30-40"}}}}}, "segment.ages"},
        {"read-only id", {{"id", 5}}, "id"},
        {"read-only revision", {{"revision", 2}}, "revision"},
        {"unknown member", {{"budget", 5000}}, "budget"},
    };
    for (const Bad& b : bad) {
        INFO(std::string(b.what));
        nlohmann::json body = Webinar();
        for (const auto& [key, value] : b.change.items()) {
            if (value.is_null()) body.erase(key);
            else body[key] = value;
        }
        CHECK(ErrorOf(mark.Post("/api/campaigns", body)) == ApiError{422, "invalid", b.field});
    }
    CHECK(ErrorOf(demo.As("rita").Post("/api/campaigns", Webinar())) == ApiError{403, "forbidden"});
    CHECK(demo.As("rita").Get("/api/campaigns").Json()["items"].size() == 32);
    CHECK(ErrorOf(mark.Get("/api/campaigns/99")) == ApiError{404, "not_found"});
    CHECK(ErrorOf(mark.Get("/api/campaigns/spring")) == ApiError{404, "not_found"});
}

TEST_CASE("a campaign PATCH merges, and with a stale If-Match is a 412 that changes nothing") {
    DemoServer demo;
    ApiClient mark = demo.As("mark");
    Reply planned = mark.Post("/api/campaigns", Webinar());
    REQUIRE(planned.status == 201);
    std::string path = planned.Header("Location");
    std::string first_tag = planned.Header("ETag");

    Reply live = mark.Patch(path, {{"status", "live"}, {"segment", {{"regions", {"US", "CA"}}}}}, {{"If-Match", first_tag}});
    REQUIRE(live.status == 200);
    CHECK(live.Header("ETag") == "\"campaign-31-r2\"");
    nlohmann::json updated = live.Json();
    CHECK(updated["status"] == "live");
    CHECK(updated["revision"] == 2);
    CHECK(updated["segment"]["regions"] == nlohmann::json::array({"US", "CA"}));
    CHECK(updated["segment"]["industries"] == nlohmann::json::array({"software", "fintech"}));   // merged, not replaced
    CHECK(updated["name"] == "Scoring Leads Together");
    CHECK(updated["created_at"] == planned.Json()["created_at"]);

    // Maya edits with the tag she read before Mark's change: refused, and Mark's edit stands.
    CHECK(ErrorOf(demo.As("maya").Patch(path, {{"status", "cancelled"}}, {{"If-Match", first_tag}})) ==
          ApiError{412, "precondition_failed", "If-Match"});
    CHECK(mark.Get(path).Json() == updated);
    // Without If-Match the last writer wins.
    Reply unconditional = demo.As("maya").Patch(path, {{"sales_notes", nullptr}, {"goal_leads", nullptr}});
    REQUIRE(unconditional.status == 200);
    CHECK(unconditional.Json()["sales_notes"] == "");
    CHECK(unconditional.Json()["goal_leads"].is_null());
    CHECK(unconditional.Json()["revision"] == 3);

    CHECK(ErrorOf(mark.Patch(path, {{"end", "2027-01-01"}})) == ApiError{422, "invalid", "end"});
    CHECK(ErrorOf(mark.Patch(path, {{"revision", 3}})) == ApiError{422, "invalid", "revision"});
    CHECK(ErrorOf(mark.Patch(path, {{"created_at", "2020-01-01T00:00:00Z"}})) == ApiError{422, "invalid", "created_at"});
    CHECK(ErrorOf(mark.Patch(path, {{"colour", "red"}})) == ApiError{422, "invalid", "colour"});
    CHECK(ErrorOf(mark.Patch(path, nlohmann::json::object())) == ApiError{422, "invalid"});
    CHECK(ErrorOf(mark.Patch("/api/campaigns/99", {{"status", "live"}})) == ApiError{404, "not_found"});
    CHECK(ErrorOf(demo.As("raj").Patch(path, {{"status", "done"}})) == ApiError{403, "forbidden"});
    CHECK(mark.Get(path).Json() == unconditional.Json());
}
