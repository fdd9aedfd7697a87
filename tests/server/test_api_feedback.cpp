// Feedback from sales over HTTP: every kind, the rules a rejection follows, the list's filters, and
// who may edit what (the author the text, marketing a content request's status).
#include <doctest/doctest.h>

#include "server_process.h"

using namespace tandem::test;

namespace {

std::vector<nlohmann::json> AllFeedback(const ApiClient& client, const std::string& query = {}) {
    std::vector<nlohmann::json> items;
    std::string cursor;
    for (;;) {
        Reply page = client.Get("/api/feedback?limit=100" + (query.empty() ? "" : "&" + query) + cursor);
        REQUIRE(page.status == 200);
        nlohmann::json body = page.Json();
        for (const nlohmann::json& item : body["items"]) items.push_back(item);
        if (body["next_cursor"].is_null()) return items;
        cursor = "&cursor=" + std::to_string(body["next_cursor"].get<std::int64_t>());
    }
}

std::vector<std::int64_t> Ids(const std::vector<nlohmann::json>& items) {
    std::vector<std::int64_t> ids;
    for (const nlohmann::json& item : items) ids.push_back(item["id"]);
    return ids;
}

}  // namespace

TEST_CASE("every kind of feedback can be logged; a rejection needs a lead and a reason") {
    DemoServer demo;
    ApiClient rita = demo.As("rita");
    std::size_t before = AllFeedback(rita).size();
    // Rita's own leads: one waiting for her answer (a rejection is that answer), one she accepted.
    std::int64_t waiting = demo.HandOverTo("rita");
    std::int64_t accepted = FirstLead(rita, "owner=me&stage=sql");
    const nlohmann::json kinds[] = {
        {{"kind", "rejection"}, {"lead_id", waiting}, {"reason", "no_budget"}},
        {{"kind", "objection"}, {"text", "Too pricey next to spreadsheets"}, {"tags", {" Pricing", "pricing", "Competition "}}},
        {{"kind", "question"}, {"text", "Do you support SSO?"}, {"campaign_id", 3}},
        {{"kind", "content_request"}, {"text", "A case study for logistics"}},
        {{"kind", "win_story"}, {"text", "Closed after the webinar"}, {"lead_id", accepted}, {"campaign_id", 3}},
        {{"kind", "general"}, {"text", "  Calls go better before 10am  "}, {"tags", nlohmann::json::array()}},
    };
    std::vector<nlohmann::json> created;
    for (const nlohmann::json& input : kinds) {
        INFO(input.dump());
        Reply reply = rita.Post("/api/feedback", input);
        REQUIRE(reply.status == 201);
        nlohmann::json feedback = reply.Json();
        std::string id = std::to_string(feedback["id"].get<std::int64_t>());
        CHECK(reply.Header("Location") == "/api/feedback/" + id);
        CHECK(reply.Header("ETag") == "\"feedback-" + id + "-r1\"");
        CHECK(feedback["kind"] == input["kind"]);
        CHECK(feedback["author_id"] == demo.IdOf("rita"));
        CHECK(feedback["revision"] == 1);
        CHECK(feedback["at"] == feedback["updated_at"]);
        CHECK(feedback["lead_id"] == input.value("lead_id", nlohmann::json(nullptr)));
        CHECK(feedback["campaign_id"] == input.value("campaign_id", nlohmann::json(nullptr)));
        CHECK(rita.Get("/api/feedback/" + id).Json() == feedback);
        created.push_back(feedback);
    }
    CHECK(created[0]["reason"] == "no_budget");
    CHECK(created[0]["text"] == "");
    CHECK(created[1]["reason"].is_null());
    CHECK(created[1]["tags"] == nlohmann::json::array({"pricing", "competition"}));
    CHECK(created[3]["status"] == "open");
    CHECK(created[4]["status"].is_null());
    CHECK(created[5]["text"] == "Calls go better before 10am");
    CHECK(AllFeedback(rita).size() == before + 6);

    struct Bad {
        nlohmann::json body;
        const char* field;
    };
    const Bad bad[] = {
        {{{"kind", "rejection"}, {"reason", "no_budget"}}, "lead_id"},
        {{{"kind", "rejection"}, {"lead_id", accepted}}, "reason"},
        {{{"kind", "rejection"}, {"lead_id", accepted}, {"reason", "rude"}}, "reason"},
        {{{"kind", "objection"}, {"text", "x"}, {"reason", "no_budget"}}, "reason"},
        {{{"kind", "question"}, {"text", "x"}, {"status", "open"}}, "status"},
        {{{"kind", "content_request"}, {"text", "x"}, {"status", "archived"}}, "status"},
        {{{"kind", "general"}}, "text"},
        {{{"kind", "general"}, {"text", "   "}}, "text"},
        {{{"kind", "praise"}, {"text", "x"}}, "kind"},
        {{{"text", "x"}}, "kind"},
        {{{"kind", "general"}, {"text", "x"}, {"lead_id", 99999}}, "lead_id"},
        {{{"kind", "general"}, {"text", "x"}, {"campaign_id", 99999}}, "campaign_id"},
        {{{"kind", "general"}, {"text", "x"}, {"lead_id", 0}}, "lead_id"},
        {{{"kind", "general"}, {"text", "x"}, {"tags", {"ok", " "}}}, "tags[1]"},
        {{{"kind", "general"}, {"text", "x"}, {"tags", "pricing"}}, "tags"},
        {{{"kind", "general"}, {"text", std::string(10001, 'x')}}, "text"},
        {{{"kind", "general"}, {"text", "x"}, {"author_id", 1}}, "author_id"},
        {{{"kind", "general"}, {"text", "x"}, {"mood", "happy"}}, "mood"},
    };
    for (const Bad& b : bad) {
        INFO(b.body.dump().substr(0, 120));
        CHECK(ErrorOf(rita.Post("/api/feedback", b.body)) == ApiError{422, "invalid", b.field});
    }
    std::vector<std::string> tags;
    for (int i = 0; i < 21; ++i) tags.push_back("tag" + std::to_string(i));
    CHECK(ErrorOf(rita.Post("/api/feedback", {{"kind", "general"}, {"text", "x"}, {"tags", tags}})) == ApiError{422, "invalid", "tags"});
    CHECK(AllFeedback(rita).size() == before + 6);
    CHECK(ErrorOf(rita.Get("/api/feedback/99999")) == ApiError{404, "not_found"});
    CHECK(ErrorOf(rita.Get("/api/feedback/latest")) == ApiError{404, "not_found"});
}

TEST_CASE("the feedback list filters by kind, lead, campaign, author and status, newest first") {
    DemoServer demo;
    ApiClient raj = demo.As("raj");
    REQUIRE(raj.Post("/api/feedback", {{"kind", "content_request"}, {"text", "Battle card vs spreadsheets"}, {"campaign_id", 2}}).status == 201);
    std::vector<nlohmann::json> all = AllFeedback(raj);
    REQUIRE(all.size() > 100);   // more than one page of 100
    std::vector<std::int64_t> ids = Ids(all);
    CHECK(std::adjacent_find(ids.begin(), ids.end(), std::less_equal<>()) == ids.end());
    nlohmann::json everything = raj.Get("/api/feedback?limit=500").Json();
    CHECK(everything["next_cursor"].is_null());
    CHECK(everything["items"].size() == all.size());
    CHECK(raj.Get("/api/feedback").Json()["items"].size() == 50);

    auto expect = [&](const std::string& query, const std::function<bool(const nlohmann::json&)>& keep) {
        INFO(std::string(query));
        std::vector<std::int64_t> wanted;
        for (const nlohmann::json& item : all)
            if (keep(item)) wanted.push_back(item["id"]);
        CHECK(Ids(AllFeedback(raj, query)) == wanted);
        return wanted.size();
    };
    std::size_t by_kind = 0;
    for (const char* kind : {"rejection", "objection", "question", "content_request", "win_story", "general"})
        by_kind += expect(std::string("kind=") + kind, [&](const nlohmann::json& f) { return f["kind"] == kind; });
    CHECK(by_kind == all.size());
    std::int64_t rita_id = demo.IdOf("rita");
    CHECK(expect("author=" + std::to_string(rita_id), [&](const nlohmann::json& f) { return f["author_id"] == rita_id; }) > 0);
    CHECK(expect("campaign=2", [](const nlohmann::json& f) { return f["campaign_id"] == 2; }) > 0);
    std::int64_t lead = 0;
    for (const nlohmann::json& item : all)
        if (item["lead_id"].is_number()) lead = item["lead_id"];
    REQUIRE(lead > 0);
    CHECK(expect("lead=" + std::to_string(lead), [&](const nlohmann::json& f) { return f["lead_id"] == lead; }) > 0);
    CHECK(expect("status=open", [](const nlohmann::json& f) { return f["status"] == "open"; }) > 0);
    expect("kind=content_request&status=done&author=" + std::to_string(rita_id), [&](const nlohmann::json& f) {
        return f["kind"] == "content_request" && f["status"] == "done" && f["author_id"] == rita_id;
    });

    const std::pair<const char*, const char*> bad[] = {
        {"kind=praise", "kind"}, {"status=closed", "status"}, {"lead=abc", "lead"}, {"campaign=0", "campaign"},
        {"author=me", "author"}, {"limit=0", "limit"}, {"limit=501", "limit"}, {"cursor=-4", "cursor"}, {"reason=no_budget", "reason"},
    };
    for (const auto& [query, field] : bad) {
        INFO(std::string(query));
        CHECK(ErrorOf(raj.Get(std::string("/api/feedback?") + query)) == ApiError{400, "bad_request", field});
    }
}

TEST_CASE("marketing moves a content request along; only the author edits the text") {
    DemoServer demo;
    Reply asked = demo.As("rita").Post("/api/feedback", {{"kind", "content_request"}, {"text", "A security whitepaper"}, {"tags", {"security"}}});
    REQUIRE(asked.status == 201);
    std::string path = asked.Header("Location");
    std::string first_tag = asked.Header("ETag");

    Reply started = demo.As("mark").Patch(path, {{"status", "in_progress"}}, {{"If-Match", first_tag}});
    REQUIRE(started.status == 200);
    CHECK(started.Json()["status"] == "in_progress");
    CHECK(started.Json()["revision"] == 2);
    CHECK(started.Json()["author_id"] == demo.IdOf("rita"));   // still Rita's request
    CHECK(started.Json()["text"] == "A security whitepaper");
    CHECK(started.Header("ETag") == "\"feedback-" + std::to_string(asked.Json()["id"].get<std::int64_t>()) + "-r2\"");
    CHECK(ErrorOf(demo.As("maya").Patch(path, {{"status", "done"}}, {{"If-Match", first_tag}})) ==
          ApiError{412, "precondition_failed", "If-Match"});

    // Sales may not move someone else's request, nor may marketing rewrite it.
    CHECK(ErrorOf(demo.As("raj").Patch(path, {{"status", "done"}})) == ApiError{403, "forbidden"});
    CHECK(ErrorOf(demo.As("sam").Patch(path, {{"status", "done"}})) == ApiError{403, "forbidden"});
    CHECK(ErrorOf(demo.As("mark").Patch(path, {{"text", "A whitepaper, shorter"}})) == ApiError{403, "forbidden"});
    CHECK(ErrorOf(demo.As("mark").Patch(path, {{"status", "done"}, {"text", "done!"}})) == ApiError{403, "forbidden"});
    CHECK(demo.As("rita").Get(path).Json() == started.Json());

    Reply edited = demo.As("rita").Patch(path, {{"text", "A security whitepaper (SOC 2, GDPR)"}, {"tags", {"security", "compliance"}}});
    REQUIRE(edited.status == 200);
    CHECK(edited.Json()["text"] == "A security whitepaper (SOC 2, GDPR)");
    CHECK(edited.Json()["tags"] == nlohmann::json::array({"security", "compliance"}));
    CHECK(edited.Json()["status"] == "in_progress");
    CHECK(edited.Json()["at"] == asked.Json()["at"]);
    Reply done = demo.As("maya").Patch(path, {{"status", "done"}});
    CHECK(done.status == 200);
    CHECK(done.Json()["revision"] == 4);

    CHECK(ErrorOf(demo.As("mark").Patch(path, {{"status", "shipped"}})) == ApiError{422, "invalid", "status"});
    CHECK(ErrorOf(demo.As("rita").Patch(path, {{"author_id", 4}})) == ApiError{422, "invalid", "author_id"});
    CHECK(ErrorOf(demo.As("rita").Patch(path, {{"at", "2020-01-01T00:00:00Z"}})) == ApiError{422, "invalid", "at"});
    CHECK(ErrorOf(demo.As("rita").Patch(path, nlohmann::json::object())) == ApiError{422, "invalid"});
    CHECK(ErrorOf(demo.As("rita").Patch("/api/feedback/99999", {{"text", "x"}})) == ApiError{404, "not_found"});
    // A status belongs to content requests only, whoever sends it.
    Reply objection = demo.As("rita").Post("/api/feedback", {{"kind", "objection"}, {"text", "Too expensive"}});
    REQUIRE(objection.status == 201);
    CHECK(ErrorOf(demo.As("mark").Patch(objection.Header("Location"), {{"status", "done"}})) == ApiError{422, "invalid", "status"});
    // The admin may edit anyone's feedback.
    CHECK(demo.As("admin").Patch(objection.Header("Location"), {{"text", "Too expensive for a team of 3"}}).status == 200);
    CHECK(demo.As("rita").Get(path).Json() == done.Json());
}
