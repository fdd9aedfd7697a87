// Leads over HTTP: create (scored and staged by the active definition), read, merge-patch with
// If-Match, the list's filters and its cursor pagination.
#include <algorithm>
#include <atomic>
#include <doctest/doctest.h>
#include <set>
#include <thread>

#include "server_process.h"

using namespace tandem::test;

namespace {

// Under the demo's active definition (v2) these facts score fit 15 (industry) + 10 (size) + 10
// (title) + 10 (decides) + 5 (region) = 50, capped at 40, and engagement 25 (asked for a demo):
// 65 >= the MQL threshold of 50. With need, budget, timeline and a phone, every sales-ready
// check passes. A lead created without last_activity_at is active "now", so nothing has decayed.
nlohmann::json SalesReadyLead(const std::string& email) {
    return {{"email", email}, {"name", "Ann Lee"}, {"company", "Acme Robotics"}, {"title", "CTO"},
            {"industry", "Software"}, {"company_size", 200}, {"country", "US"}, {"phone", "+1 555 0100"},
            {"source", "webinar"}, {"authority", "decision_maker"}, {"need", "yes"}, {"budget_usd", 20000},
            {"timeline_months", 3}, {"demo_requested", true}};
}

std::vector<std::int64_t> Ids(const std::vector<nlohmann::json>& leads) {
    std::vector<std::int64_t> ids;
    for (const nlohmann::json& lead : leads) ids.push_back(lead["id"]);
    return ids;
}

std::vector<std::int64_t> IdsWhere(const std::vector<nlohmann::json>& leads, const std::function<bool(const nlohmann::json&)>& keep) {
    std::vector<std::int64_t> ids;
    for (const nlohmann::json& lead : leads)
        if (keep(lead)) ids.push_back(lead["id"]);
    return ids;
}

std::string Lower(std::string text) {
    for (char& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

// The text search as documented: the text in the email, name or company, ASCII case ignored.
bool Mentions(const nlohmann::json& lead, const std::string& text) {
    for (const char* field : {"email", "name", "company"})
        if (Lower(lead[field].get<std::string>()).find(Lower(text)) != std::string::npos) return true;
    return false;
}

std::string Path(std::int64_t id) { return "/api/leads/" + std::to_string(id); }

}  // namespace

TEST_CASE("a new lead is scored and staged by the active definition and its history says how") {
    DemoServer demo;
    ApiClient mark = demo.As("mark");
    nlohmann::json active = mark.Get("/api/definitions/active").Json();
    REQUIRE(active["version"] == 2);
    REQUIRE(active["rules"]["mql_threshold"] == 50);
    REQUIRE(active["rules"]["fit_cap"] == 40);

    nlohmann::json input = SalesReadyLead("  Ann.Lee@Example.COM ");
    input["campaign_id"] = 3;
    input["owner_id"] = demo.IdOf("rita");
    // Giving it to Rita is an assignment, which takes a sales leader.
    Reply created = demo.As("sam").Post("/api/leads", input);
    REQUIRE(created.status == 201);
    nlohmann::json lead = created.Json();
    std::int64_t id = lead["id"];
    CHECK(id == 301);   // after the 300 demo leads
    CHECK(created.Header("Location") == "/api/leads/301");
    CHECK(created.Header("ETag") == "\"lead-301-r1\"");
    CHECK(lead["email"] == "ann.lee@example.com");
    CHECK(lead["industry"] == "Software");   // stored as given; only matching ignores case
    CHECK(lead["campaign_id"] == 3);
    CHECK(lead["owner_id"] == demo.IdOf("rita"));
    CHECK(lead["stage"] == "sales_ready");
    CHECK(lead["revision"] == 1);
    CHECK(lead["deal_value"].is_null());
    CHECK(lead["last_activity_at"].is_null());
    CHECK(lead["updated_at"] == lead["created_at"]);
    nlohmann::json score = lead["score"];
    CHECK(score["fit"] == 40);
    CHECK(score["engagement"] == 25);
    CHECK(score["total"] == 65);
    CHECK(score["level"] == "sales_ready");
    CHECK(score["definition_version"] == 2);
    CHECK(score["scored_at"] == lead["created_at"]);

    Reply read = mark.Get(Path(id));
    CHECK(read.status == 200);
    CHECK(read.Header("ETag") == "\"lead-301-r1\"");
    CHECK(read.Json() == lead);

    // Created as new, then walked through mql to sales_ready by the definition, all at once.
    nlohmann::json history = mark.Get(Path(id) + "/history").Json();
    REQUIRE(history["items"].size() == 3);
    CHECK(history["next_cursor"].is_null());
    const char* expected[][3] = {{"", "new", "created"}, {"new", "mql", "definition v2"}, {"mql", "sales_ready", "definition v2"}};
    for (std::size_t i = 0; i < 3; ++i) {
        nlohmann::json row = history["items"][i];
        INFO("history row ", i);
        CHECK(row["lead_id"] == id);
        CHECK(row["from"] == (i == 0 ? nlohmann::json(nullptr) : nlohmann::json(expected[i][0])));
        CHECK(row["to"] == expected[i][1]);
        CHECK(row["reason"] == expected[i][2]);
        CHECK(row["by"] == (i == 0 ? nlohmann::json(demo.IdOf("sam")) : nlohmann::json(nullptr)));
        CHECK(row["at"] == lead["created_at"]);
        CHECK(row["note"] == "");
    }

    // Without the sales-ready facts the same score only makes an MQL; without anything, new.
    nlohmann::json mql_input = SalesReadyLead("mql@example.com");
    mql_input.erase("need");
    Reply mql = mark.Post("/api/leads", mql_input);
    REQUIRE(mql.status == 201);
    CHECK(mql.Json()["stage"] == "mql");
    CHECK(mql.Json()["score"]["level"] == "mql");
    CHECK(mql.Json()["score"]["total"] == 65);
    CHECK(mark.Get(Path(mql.Json()["id"]) + "/history").Json()["items"].size() == 2);

    Reply bare = demo.As("rita").Post("/api/leads", {{"email", "bare@example.com"}});
    REQUIRE(bare.status == 201);
    nlohmann::json plain = bare.Json();
    CHECK(plain["stage"] == "new");
    CHECK(plain["source"] == "other");
    CHECK(plain["authority"] == "unknown");
    CHECK(plain["need"] == "unknown");
    CHECK(plain["name"] == "");
    CHECK(plain["company_size"].is_null());
    CHECK(plain["score"]["total"] == 0);
    CHECK(plain["score"]["level"] == "none");
    nlohmann::json bare_history = mark.Get(Path(plain["id"]) + "/history").Json()["items"];
    REQUIRE(bare_history.size() == 1);
    CHECK(bare_history[0]["by"] == demo.IdOf("rita"));

    CHECK(AllLeads(mark).size() == 303);
    CHECK(ErrorOf(mark.Get("/api/leads/99999")) == ApiError{404, "not_found"});
    CHECK(ErrorOf(mark.Get("/api/leads/99999/history")) == ApiError{404, "not_found"});
}

TEST_CASE("a second lead with the same email is a 409 naming the email, whatever its case") {
    DemoServer demo;
    ApiClient raj = demo.As("raj");
    REQUIRE(raj.Post("/api/leads", {{"email", "dup@example.com"}, {"name", "First"}}).status == 201);
    Reply again = raj.Post("/api/leads", {{"email", " DUP@Example.com"}, {"name", "Second"}});
    CHECK(ErrorOf(again) == ApiError{409, "conflict", "email"});
    std::vector<nlohmann::json> found = AllLeads(raj, "q=dup%40example.com");
    REQUIRE(found.size() == 1);
    CHECK(found[0]["name"] == "First");
    // Renaming another lead onto a taken address is the same conflict.
    Reply other = raj.Post("/api/leads", {{"email", "other@example.com"}});
    REQUIRE(other.status == 201);
    CHECK(ErrorOf(raj.Patch(Path(other.Json()["id"]), {{"email", "dup@example.com"}})) == ApiError{409, "conflict", "email"});
    CHECK(raj.Get(Path(other.Json()["id"])).Json() == other.Json());
    CHECK(AllLeads(raj).size() == 302);
}

TEST_CASE("a PATCH merges the changes, bumps the revision and the ETag, and rescoring may move the lead") {
    DemoServer demo;
    ApiClient maya = demo.As("maya");
    Reply created = maya.Post("/api/leads", {{"email", "patch@example.com"}, {"name", "Pat"}, {"company", "Old Co"},
                                             {"country", "DE"}, {"page_views", 2}});
    REQUIRE(created.status == 201);
    nlohmann::json lead = created.Json();
    std::string path = Path(lead["id"]);

    // null clears a fact; members not named keep their values.
    Reply patched = maya.Patch(path, {{"name", "Pat Lee"}, {"company", nullptr}, {"company_size", 120}},
                               {{"If-Match", created.Header("ETag")}});
    REQUIRE(patched.status == 200);
    nlohmann::json after = patched.Json();
    CHECK(patched.Header("ETag") == "\"lead-" + std::to_string(lead["id"].get<std::int64_t>()) + "-r2\"");
    CHECK(after["revision"] == 2);
    CHECK(after["name"] == "Pat Lee");
    CHECK(after["company"] == "");
    CHECK(after["company_size"] == 120);
    CHECK(after["country"] == "DE");
    CHECK(after["page_views"] == 2);
    CHECK(after["email"] == "patch@example.com");
    CHECK(after["created_at"] == lead["created_at"]);
    CHECK(after["score"]["fit"] == 15);   // size 10 + region 5
    CHECK(after["stage"] == "new");
    CHECK(maya.Get(path).Json() == after);
    CHECK(maya.Get(path).Header("ETag") == patched.Header("ETag"));

    // Facts that qualify it: the definition moves it, and the history names the edit.
    nlohmann::json qualify = SalesReadyLead("patch@example.com");
    qualify.erase("name");
    Reply qualified = maya.Patch(path, qualify);
    REQUIRE(qualified.status == 200);
    CHECK(qualified.Json()["revision"] == 3);
    CHECK(qualified.Json()["stage"] == "sales_ready");
    CHECK(qualified.Json()["score"]["fit"] == 40);
    CHECK(qualified.Json()["score"]["level"] == "sales_ready");
    nlohmann::json history = maya.Get(path + "/history").Json()["items"];
    REQUIRE(history.size() == 3);
    CHECK(history[1]["from"] == "new");
    CHECK(history[1]["to"] == "mql");
    CHECK(history[2]["to"] == "sales_ready");
    CHECK(history[2]["reason"] == "definition v2 after an edit by maya@tandem.test");
    CHECK(history[2]["by"].is_null());

    // If-Match "*" matches any revision.
    Reply any = maya.Patch(path, {{"title", "CEO"}}, {{"If-Match", "*"}});
    CHECK(any.status == 200);
    CHECK(any.Json()["revision"] == 4);
    CHECK(ErrorOf(maya.Patch("/api/leads/99999", {{"title", "CEO"}})) == ApiError{404, "not_found"});
}

TEST_CASE("a PATCH with a stale If-Match is a 412 and changes nothing") {
    DemoServer demo;
    ApiClient rita = demo.As("rita");
    ApiClient raj = demo.As("raj");
    Reply created = rita.Post("/api/leads", {{"email", "race@example.com"}, {"title", "Analyst"}});
    REQUIRE(created.status == 201);
    std::string path = Path(created.Json()["id"]);
    std::string first_tag = created.Header("ETag");

    // Two reps read revision 1; Raj saves first, Rita's save must not overwrite his.
    Reply raj_save = raj.Patch(path, {{"title", "Head of IT"}}, {{"If-Match", first_tag}});
    REQUIRE(raj_save.status == 200);
    Reply rita_save = rita.Patch(path, {{"title", "CIO"}, {"phone", "+44 20 7946 0000"}}, {{"If-Match", first_tag}});
    CHECK(ErrorOf(rita_save) == ApiError{412, "precondition_failed", "If-Match"});
    CHECK(rita.Get(path).Json() == raj_save.Json());
    CHECK(rita.Get(path + "/history").Json()["items"].size() == 1);

    // A tag of another lead, or one that is not ours at all, never matches.
    for (const char* tag : {"\"lead-1-r2\"", "\"campaign-1-r2\"", "W/\"lead-301-r2\"", "lead-301-r2", "\"lead-301-rx\""}) {
        INFO(std::string(tag));
        CHECK(ErrorOf(rita.Patch(path, {{"title", "CIO"}}, {{"If-Match", tag}})) == ApiError{412, "precondition_failed", "If-Match"});
    }
    CHECK(rita.Get(path).Json()["revision"] == 2);
    Reply current = rita.Patch(path, {{"title", "CIO"}}, {{"If-Match", raj_save.Header("ETag")}});
    CHECK(current.status == 200);
    CHECK(current.Json()["title"] == "CIO");
}

TEST_CASE("of concurrent writes with the same If-Match or the same new email exactly one succeeds") {
    DemoServer demo;
    ApiClient mark = demo.As("mark");
    ApiClient rita = demo.As("rita");
    Reply created = mark.Post("/api/leads", {{"email", "contested@example.com"}});
    REQUIRE(created.status == 201);
    std::string path = created.Header("Location");
    std::string tag = created.Header("ETag");
    constexpr int kWriters = 12;
    std::atomic<int> saved{0}, stale{0}, added{0}, taken{0};
    std::vector<std::thread> writers;
    for (int i = 0; i < kWriters; ++i) {
        writers.emplace_back([&, i] {
            const ApiClient& client = i % 2 == 0 ? mark : rita;
            int status = client.Patch(path, {{"title", "Writer " + std::to_string(i)}}, {{"If-Match", tag}}).status;
            if (status == 200) ++saved;
            else if (status == 412) ++stale;
            int create = client.Post("/api/leads", {{"email", "race-" + std::string(i % 2 ? "A" : "a") + "@example.com"}}).status;
            if (create == 201) ++added;
            else if (create == 409) ++taken;
        });
    }
    for (std::thread& writer : writers) writer.join();
    CHECK(saved == 1);
    CHECK(stale == kWriters - 1);
    CHECK(added == 1);
    CHECK(taken == kWriters - 1);
    nlohmann::json lead = mark.Get(path).Json();
    CHECK(lead["revision"] == 2);
    CHECK(lead["title"].get<std::string>().starts_with("Writer "));
    CHECK(AllLeads(mark).size() == 302);
}

TEST_CASE("read-only and unknown fields are refused with 422 naming the field, in a POST and a PATCH") {
    DemoServer demo;
    ApiClient mark = demo.As("mark");
    Reply created = mark.Post("/api/leads", {{"email", "strict@example.com"}});
    REQUIRE(created.status == 201);
    std::string path = Path(created.Json()["id"]);
    const std::pair<const char*, nlohmann::json> refused[] = {
        {"id", 7}, {"stage", "won"}, {"score", {{"total", 99}}}, {"revision", 9}, {"updated_at", "2026-01-01T00:00:00Z"}, {"colour", "red"},
    };
    for (const auto& [field, value] : refused) {
        INFO(std::string(field));
        CHECK(ErrorOf(mark.Patch(path, {{field, value}})) == ApiError{422, "invalid", field});
        nlohmann::json create = {{"email", std::string("new-") + field + "@example.com"}, {field, value}};
        CHECK(ErrorOf(mark.Post("/api/leads", create)) == ApiError{422, "invalid", field});
    }
    CHECK(ErrorOf(mark.Patch(path, nlohmann::json::object())) == ApiError{422, "invalid"});
    CHECK(ErrorOf(mark.Patch(path, nlohmann::json::array())) == ApiError{422, "invalid"});
    CHECK(ErrorOf(mark.Patch(path, {{"email", nullptr}})) == ApiError{422, "invalid", "email"});
    CHECK(ErrorOf(mark.Patch(path, {{"owner_id", 999}})) == ApiError{422, "invalid", "owner_id"});
    CHECK(ErrorOf(mark.Patch(path, {{"campaign_id", 999}})) == ApiError{422, "invalid", "campaign_id"});
    CHECK(mark.Get(path).Json() == created.Json());
    CHECK(AllLeads(mark).size() == 301);
}

TEST_CASE("the lead list filters by stage, source, owner, campaign, score, creation time and text") {
    DemoServer demo;
    ApiClient rita = demo.As("rita");
    // Text that must be stored and searched as text, never run.
    const std::string injection = "'; DROP TABLE leads; --";
    REQUIRE(rita.Post("/api/leads", {{"email", "bobby@tables.test"}, {"name", injection}, {"company", "100% Growth_Ltd"}}).status == 201);
    std::vector<nlohmann::json> all = AllLeads(rita);
    REQUIRE(all.size() == 301);

    auto expect = [&](const std::string& query, const std::function<bool(const nlohmann::json&)>& keep) {
        INFO(std::string(query));
        std::vector<std::int64_t> wanted = IdsWhere(all, keep);
        CHECK(Ids(AllLeads(rita, query)) == wanted);
        return wanted.size();
    };
    std::size_t staged = 0;
    for (const char* stage : {"new", "mql", "sales_ready", "sql", "opportunity", "won", "lost", "recycled", "disqualified"})
        staged += expect(std::string("stage=") + stage, [&](const nlohmann::json& l) { return l["stage"] == stage; });
    CHECK(staged == all.size());
    std::size_t sourced = 0;
    for (const char* source : {"webinar", "content_download", "paid_search", "social", "referral", "event", "website", "outbound", "other"})
        sourced += expect(std::string("source=") + source, [&](const nlohmann::json& l) { return l["source"] == source; });
    CHECK(sourced == all.size());

    std::int64_t rita_id = demo.IdOf("rita"), raj_id = demo.IdOf("raj");
    CHECK(expect("owner=me", [&](const nlohmann::json& l) { return l["owner_id"] == rita_id; }) > 0);
    CHECK(expect("owner=" + std::to_string(raj_id), [&](const nlohmann::json& l) { return l["owner_id"] == raj_id; }) > 0);
    CHECK(expect("owner=none", [](const nlohmann::json& l) { return l["owner_id"].is_null(); }) > 0);
    CHECK(expect("campaign=3", [](const nlohmann::json& l) { return l["campaign_id"] == 3; }) > 0);
    CHECK(expect("score_min=30&score_max=60", [](const nlohmann::json& l) {
              double total = l["score"]["total"];
              return total >= 30 && total <= 60;
          }) > 0);
    std::string middle = all[all.size() / 2]["created_at"];
    CHECK(expect("created_from=" + UrlEncode(middle), [&](const nlohmann::json& l) { return l["created_at"] >= middle; }) > 0);
    CHECK(expect("created_to=" + UrlEncode(middle), [&](const nlohmann::json& l) { return l["created_at"] < middle; }) > 0);
    // An offset is honoured: 10:00+02:00 is 08:00Z.
    std::string day = middle.substr(0, 10);
    CHECK(expect("created_from=" + UrlEncode(day + "T10:00:00+02:00"),
                 [&](const nlohmann::json& l) { return l["created_at"] >= day + "T08:00:00Z"; }) > 0);
    expect("stage=new&source=paid_search&owner=none&score_max=20", [](const nlohmann::json& l) {
        return l["stage"] == "new" && l["source"] == "paid_search" && l["owner_id"].is_null() && l["score"]["total"] <= 20;
    });

    // Text search: SQL, LIKE wildcards and case are just text.
    for (const std::string& text : {injection, std::string("DROP TABLE"), std::string("%"), std::string("_"),
                                    std::string("growth_ltd"), std::string("LATTICE"), std::string("@tandem")}) {
        expect("q=" + UrlEncode(text), [&](const nlohmann::json& l) { return Mentions(l, text); });
    }
    std::vector<nlohmann::json> bobby = AllLeads(rita, "q=" + UrlEncode(injection));
    REQUIRE(bobby.size() == 1);
    CHECK(bobby[0]["name"] == injection);
    CHECK(AllLeads(rita).size() == 301);   // and the table is still there
}

TEST_CASE("cursor pagination walks every lead once, newest first, whatever the page size") {
    DemoServer demo;
    ApiClient sam = demo.As("sam");
    for (int i = 0; i < 5; ++i) REQUIRE(sam.Post("/api/leads", {{"email", "page" + std::to_string(i) + "@example.com"}}).status == 201);
    const std::size_t expected = 305;   // 300 demo leads and the 5 above
    for (int limit : {1, 7, 50, 304, 305, 500}) {
        INFO("limit=", limit);
        std::vector<std::int64_t> ids;
        std::string target = "/api/leads?limit=" + std::to_string(limit);
        int pages = 0;
        for (;;) {
            Reply page = sam.Get(target);
            REQUIRE(page.status == 200);
            nlohmann::json body = page.Json();
            CHECK(body["items"].size() <= static_cast<std::size_t>(limit));
            for (const auto& lead : body["items"]) ids.push_back(lead["id"]);
            ++pages;
            if (body["next_cursor"].is_null()) break;
            CHECK(body["next_cursor"] == ids.back());
            target = "/api/leads?limit=" + std::to_string(limit) + "&cursor=" + std::to_string(body["next_cursor"].get<std::int64_t>());
        }
        CHECK(ids.size() == expected);
        CHECK(pages == static_cast<int>((expected + static_cast<std::size_t>(limit) - 1) / static_cast<std::size_t>(limit)));
        CHECK(std::adjacent_find(ids.begin(), ids.end(), std::less_equal<>()) == ids.end());   // strictly descending
        CHECK(ids.front() == 305);
        CHECK(ids.back() == 1);
    }
    // The default page is 50.
    nlohmann::json first = sam.Get("/api/leads").Json();
    CHECK(first["items"].size() == 50);
    CHECK(first["next_cursor"] == 256);
    // A filtered walk sees only matching leads on every page.
    std::vector<nlohmann::json> fresh = AllLeads(sam, "stage=new");
    std::size_t walked = 0;
    std::string target = "/api/leads?stage=new&limit=9";
    for (;;) {
        nlohmann::json body = sam.Get(target).Json();
        for (const auto& lead : body["items"]) {
            CHECK(lead["stage"] == "new");
            ++walked;
        }
        if (body["next_cursor"].is_null()) break;
        target = "/api/leads?stage=new&limit=9&cursor=" + std::to_string(body["next_cursor"].get<std::int64_t>());
    }
    CHECK(walked == fresh.size());
}

TEST_CASE("a bad list query is a 400 naming the parameter") {
    DemoServer demo;
    ApiClient raj = demo.As("raj");
    const std::pair<const char*, const char*> bad[] = {
        {"limit=0", "limit"}, {"limit=501", "limit"}, {"limit=ten", "limit"}, {"limit=", "limit"}, {"limit=-1", "limit"},
        {"stage=hot", "stage"}, {"stage=", "stage"}, {"stage=NEW", "stage"}, {"source=tv", "source"},
        {"owner=someone", "owner"}, {"owner=0", "owner"}, {"campaign=x", "campaign"}, {"campaign=0", "campaign"},
        {"score_min=high", "score_min"}, {"score_max=nan", "score_max"}, {"score_min=1e400", "score_min"},
        {"created_from=yesterday", "created_from"}, {"created_to=2026-02-30", "created_to"},
        {"cursor=0", "cursor"}, {"cursor=abc", "cursor"}, {"cursor=9007199254740993", "cursor"},
        {"colour=red", "colour"}, {"Stage=new", "Stage"},
    };
    for (const auto& [query, field] : bad) {
        INFO(std::string(query));
        CHECK(ErrorOf(raj.Get(std::string("/api/leads?") + query)) == ApiError{400, "bad_request", field});
    }
    CHECK(raj.Get("/api/leads?limit=500").Json()["items"].size() == 300);
    CHECK(raj.Get("/api/leads?limit=1").Json()["items"].size() == 1);
}
