// Stage moves over HTTP: sales accepts or rejects handed-over leads (a reject needs a reason and
// goes back to marketing as feedback), the funnel's edges, who may make which move, and the history.
#include <doctest/doctest.h>

#include "server_process.h"

using namespace tandem::test;

namespace {

// Sales-ready under the demo's active definition (v2); see test_api_leads.cpp for the arithmetic.
nlohmann::json SalesReadyLead(const std::string& email, std::int64_t campaign_id) {
    return {{"email", email}, {"name", "Handed Over"}, {"title", "CTO"}, {"industry", "software"},
            {"company_size", 200}, {"country", "US"}, {"phone", "+1 555 0100"}, {"authority", "decision_maker"},
            {"need", "yes"}, {"budget_usd", 20000}, {"timeline_months", 3}, {"demo_requested", true},
            {"campaign_id", campaign_id}};
}

std::string Path(std::int64_t id) { return "/api/leads/" + std::to_string(id); }

struct Handover {
    DemoServer& demo;
    int count = 0;

    // A lead just handed to sales and given to `rep` (reps act on their own leads): stage
    // sales_ready, revision 1, three history rows.
    std::int64_t Lead(std::int64_t campaign_id = 7, const std::string& rep = "rita") {
        nlohmann::json input = SalesReadyLead("handover" + std::to_string(++count) + "@example.com", campaign_id);
        input["owner_id"] = demo.IdOf(rep);
        Reply created = demo.As("sam").Post("/api/leads", input);
        REQUIRE(created.status == 201);
        REQUIRE(created.Json()["stage"] == "sales_ready");
        return created.Json()["id"];
    }
};

nlohmann::json History(DemoServer& demo, std::int64_t id) { return demo.As("rita").Get(Path(id) + "/history").Json()["items"]; }

std::size_t FeedbackAbout(DemoServer& demo, std::int64_t id) {
    return demo.As("rita").Get("/api/feedback?lead=" + std::to_string(id)).Json()["items"].size();
}

}  // namespace

TEST_CASE("a sales rep accepts a sales-ready lead: it becomes an SQL with the rep on record") {
    DemoServer demo;
    Handover handover{demo};
    std::int64_t id = handover.Lead();
    Reply accepted = demo.As("rita").Post(Path(id) + "/transitions", {{"to", "sql"}, {"note", "called, real project"}});
    REQUIRE(accepted.status == 200);
    nlohmann::json body = accepted.Json();
    CHECK(body.size() == 2);
    CHECK(accepted.Header("ETag") == "\"lead-" + std::to_string(id) + "-r2\"");
    CHECK(body["lead"]["stage"] == "sql");
    CHECK(body["lead"]["revision"] == 2);
    nlohmann::json change = body["change"];
    CHECK(change["lead_id"] == id);
    CHECK(change["from"] == "sales_ready");
    CHECK(change["to"] == "sql");
    CHECK(change["by"] == demo.IdOf("rita"));
    CHECK(change["reason"] == "");
    CHECK(change["note"] == "called, real project");
    CHECK(change["at"] == body["lead"]["updated_at"]);
    CHECK(demo.As("rita").Get(Path(id)).Json() == body["lead"]);
    nlohmann::json history = History(demo, id);
    REQUIRE(history.size() == 4);
    CHECK(history[3] == change);
    // Accepting is not feedback.
    CHECK(FeedbackAbout(demo, id) == 0);
}

TEST_CASE("a reject without a reason changes nothing") {
    DemoServer demo;
    Handover handover{demo};
    std::int64_t id = handover.Lead();
    nlohmann::json before = demo.As("rita").Get(Path(id)).Json();
    std::size_t feedback_before = demo.As("rita").Get("/api/feedback?limit=500").Json()["items"].size();
    const nlohmann::json attempts[] = {
        {{"to", "recycled"}},
        {{"to", "recycled"}, {"reason", ""}},
        {{"to", "recycled"}, {"reason", "   "}},
        {{"to", "recycled"}, {"reason", nullptr}, {"note", "no money"}},
        {{"to", "recycled"}, {"reason", "too expensive"}},   // free text belongs in the note
        {{"to", "recycled"}, {"reason", "NO_BUDGET"}},
    };
    for (const nlohmann::json& attempt : attempts) {
        INFO(attempt.dump());
        CHECK(ErrorOf(demo.As("rita").Post(Path(id) + "/transitions", attempt)) == ApiError{422, "invalid", "reason"});
    }
    CHECK(demo.As("rita").Get(Path(id)).Json() == before);
    CHECK(History(demo, id).size() == 3);
    CHECK(FeedbackAbout(demo, id) == 0);
    CHECK(demo.As("rita").Get("/api/feedback?limit=500").Json()["items"].size() == feedback_before);
}

TEST_CASE("a reject with a reason recycles the lead and hands the reason to marketing as feedback") {
    DemoServer demo;
    Handover handover{demo};
    std::int64_t id = handover.Lead(12);
    Reply rejected = demo.As("rita").Post(Path(id) + "/transitions",
                                          {{"to", "recycled"}, {"reason", "no_budget"}, {"note", "  budget is 5k this year "}});
    REQUIRE(rejected.status == 200);
    CHECK(rejected.Json()["lead"]["stage"] == "recycled");
    CHECK(rejected.Json()["change"]["reason"] == "no_budget");
    CHECK(rejected.Json()["change"]["note"] == "budget is 5k this year");

    nlohmann::json feedback = demo.As("mark").Get("/api/feedback?lead=" + std::to_string(id)).Json()["items"];
    REQUIRE(feedback.size() == 1);
    CHECK(feedback[0]["kind"] == "rejection");
    CHECK(feedback[0]["reason"] == "no_budget");
    CHECK(feedback[0]["author_id"] == demo.IdOf("rita"));
    CHECK(feedback[0]["lead_id"] == id);
    CHECK(feedback[0]["campaign_id"] == 12);
    CHECK(feedback[0]["text"] == "budget is 5k this year");
    CHECK(feedback[0]["at"] == rejected.Json()["change"]["at"]);
    nlohmann::json history = History(demo, id);
    REQUIRE(history.size() == 4);
    CHECK(history[3]["from"] == "sales_ready");
    CHECK(history[3]["to"] == "recycled");
    CHECK(history[3]["by"] == demo.IdOf("rita"));

    // Every reason code is accepted, also from an SQL sent back later.
    for (const char* reason : {"no_authority", "no_need", "no_timeline", "bad_fit", "duplicate", "unreachable", "other"}) {
        INFO(std::string(reason));
        std::int64_t other = handover.Lead(7, "raj");
        REQUIRE(demo.As("raj").Post(Path(other) + "/transitions", {{"to", "sql"}}).status == 200);
        Reply back = demo.As("raj").Post(Path(other) + "/transitions", {{"to", "recycled"}, {"reason", reason}});
        CHECK(back.status == 200);
        nlohmann::json note = demo.As("raj").Get("/api/feedback?lead=" + std::to_string(other)).Json()["items"];
        REQUIRE(note.size() == 1);
        CHECK(note[0]["reason"] == reason);
        CHECK(note[0]["author_id"] == demo.IdOf("raj"));
    }
}

TEST_CASE("marketing cannot make sales' moves, nor sales marketing's") {
    DemoServer demo;
    Handover handover{demo};
    std::int64_t id = handover.Lead();
    nlohmann::json before = demo.As("mark").Get(Path(id)).Json();
    Reply refused = demo.As("mark").Post(Path(id) + "/transitions", {{"to", "sql"}});
    CHECK(ErrorOf(refused) == ApiError{403, "forbidden"});
    CHECK(refused.Json()["error"]["message"] == "a marketer cannot accept a lead for sales (sales_ready to sql is a sales move)");
    CHECK(ErrorOf(demo.As("maya").Post(Path(id) + "/transitions", {{"to", "recycled"}, {"reason", "no_need"}})) ==
          ApiError{403, "forbidden"});
    CHECK(demo.As("mark").Get(Path(id)).Json() == before);
    CHECK(History(demo, id).size() == 3);

    // A new lead is marketing's: a rep may not mark it as an MQL, a marketer may.
    Reply fresh = demo.As("rita").Post("/api/leads", {{"email", "fresh@example.com"}});
    REQUIRE(fresh.status == 201);
    std::int64_t fresh_id = fresh.Json()["id"];
    CHECK(ErrorOf(demo.As("rita").Post(Path(fresh_id) + "/transitions", {{"to", "mql"}})) == ApiError{403, "forbidden"});
    CHECK(ErrorOf(demo.As("sam").Post(Path(fresh_id) + "/transitions", {{"to", "mql"}})) == ApiError{403, "forbidden"});
    CHECK(demo.As("mark").Post(Path(fresh_id) + "/transitions", {{"to", "mql"}}).status == 200);
    // The admin makes moves on both sides.
    CHECK(demo.As("admin").Post(Path(id) + "/transitions", {{"to", "sql"}}).status == 200);
}

TEST_CASE("a move that is not an edge of the funnel is a 409, and winning needs a positive deal value") {
    DemoServer demo;
    Handover handover{demo};
    ApiClient rita = demo.As("rita");
    Reply fresh = rita.Post("/api/leads", {{"email", "new@example.com"}});
    REQUIRE(fresh.status == 201);
    std::string fresh_path = Path(fresh.Json()["id"]);
    CHECK(ErrorOf(rita.Post(fresh_path + "/transitions", {{"to", "won"}, {"deal_value", 1000}})) == ApiError{409, "conflict", "to"});
    CHECK(ErrorOf(demo.As("admin").Post(fresh_path + "/transitions", {{"to", "new"}})) == ApiError{409, "conflict", "to"});
    CHECK(rita.Get(fresh_path).Json()["stage"] == "new");

    std::int64_t id = handover.Lead();
    std::string path = Path(id);
    CHECK(ErrorOf(rita.Post(path + "/transitions", {{"to", "won"}, {"deal_value", 1000}})) == ApiError{409, "conflict", "to"});
    REQUIRE(rita.Post(path + "/transitions", {{"to", "sql"}}).status == 200);
    REQUIRE(rita.Post(path + "/transitions", {{"to", "opportunity"}}).status == 200);
    const nlohmann::json no_deal[] = {
        {{"to", "won"}}, {{"to", "won"}, {"deal_value", nullptr}}, {{"to", "won"}, {"deal_value", 0}}, {{"to", "won"}, {"deal_value", -500}},
    };
    for (const nlohmann::json& attempt : no_deal) {
        INFO(attempt.dump());
        CHECK(ErrorOf(rita.Post(path + "/transitions", attempt)) == ApiError{422, "invalid", "deal_value"});
    }
    CHECK(ErrorOf(rita.Post(path + "/transitions", {{"to", "won"}, {"deal_value", 1.5}})) == ApiError{422, "invalid", "deal_value"});
    CHECK(ErrorOf(rita.Post(path + "/transitions", {{"to", "won"}, {"deal_value", "12000"}})) == ApiError{422, "invalid", "deal_value"});
    CHECK(rita.Get(path).Json()["stage"] == "opportunity");
    Reply won = rita.Post(path + "/transitions", {{"to", "won"}, {"deal_value", 12000}, {"note", "signed"}});
    REQUIRE(won.status == 200);
    CHECK(won.Json()["lead"]["stage"] == "won");
    CHECK(won.Json()["lead"]["deal_value"] == 12000);
    CHECK(won.Json()["lead"]["revision"] == 4);

    // Closed is closed.
    for (const char* to : {"sql", "opportunity", "lost", "recycled", "new", "won"}) {
        INFO(std::string(to));
        CHECK(ErrorOf(demo.As("admin").Post(path + "/transitions", {{"to", to}, {"reason", "other"}, {"deal_value", 5}})) ==
              ApiError{409, "conflict", "to"});
    }
    CHECK(ErrorOf(rita.Post(path + "/transitions", {{"to", "archived"}})) == ApiError{422, "invalid", "to"});
    CHECK(ErrorOf(rita.Post(path + "/transitions", nlohmann::json::object())) == ApiError{422, "invalid", "to"});
    CHECK(ErrorOf(rita.Post(path + "/transitions", {{"to", "sql"}, {"by", 1}})) == ApiError{422, "invalid", "by"});
    CHECK(ErrorOf(rita.Post("/api/leads/99999/transitions", {{"to", "sql"}})) == ApiError{404, "not_found"});
    CHECK(History(demo, id).size() == 6);
}

TEST_CASE("a transition with a stale If-Match is a 412 and moves nothing") {
    DemoServer demo;
    Handover handover{demo};
    std::int64_t id = handover.Lead();
    std::string stale = "\"lead-" + std::to_string(id) + "-r1\"";
    REQUIRE(demo.As("mark").Patch(Path(id), {{"name", "Renamed"}}).status == 200);
    CHECK(ErrorOf(demo.As("rita").Post(Path(id) + "/transitions", {{"to", "sql"}}, {{"If-Match", stale}})) ==
          ApiError{412, "precondition_failed", "If-Match"});
    CHECK(demo.As("rita").Get(Path(id)).Json()["stage"] == "sales_ready");
    CHECK(History(demo, id).size() == 3);
    Reply current = demo.As("rita").Post(Path(id) + "/transitions", {{"to", "sql"}},
                                         {{"If-Match", "\"lead-" + std::to_string(id) + "-r2\""}});
    CHECK(current.status == 200);
    CHECK(current.Header("ETag") == "\"lead-" + std::to_string(id) + "-r3\"");
}

TEST_CASE("the history lists every move in order with who made it, why and the note") {
    DemoServer demo;
    Handover handover{demo};
    std::int64_t id = handover.Lead(7, "raj");
    ApiClient raj = demo.As("raj");
    ApiClient mark = demo.As("mark");
    REQUIRE(raj.Post(Path(id) + "/transitions", {{"to", "recycled"}, {"reason", "no_timeline"}, {"note", "next year"}}).status == 200);
    REQUIRE(mark.Post(Path(id) + "/transitions", {{"to", "sales_ready"}, {"note", "they called back"}}).status == 200);
    REQUIRE(raj.Post(Path(id) + "/transitions", {{"to", "sql"}}).status == 200);
    REQUIRE(raj.Post(Path(id) + "/transitions", {{"to", "lost"}, {"note", "went with a competitor"}}).status == 200);
    REQUIRE(mark.Post(Path(id) + "/transitions", {{"to", "recycled"}, {"reason", "bad_fit"}}).status == 200);
    REQUIRE(mark.Post(Path(id) + "/transitions", {{"to", "disqualified"}, {"reason", "company closed"}}).status == 200);

    struct Row {
        const char* from;
        const char* to;
        std::int64_t by;
        const char* reason;
        const char* note;
    };
    std::int64_t r = demo.IdOf("raj"), m = demo.IdOf("mark"), s = demo.IdOf("sam");
    const Row expected[] = {
        {nullptr, "new", s, "created", ""},
        {"new", "mql", 0, "definition v2", ""},
        {"mql", "sales_ready", 0, "definition v2", ""},
        {"sales_ready", "recycled", r, "no_timeline", "next year"},
        {"recycled", "sales_ready", m, "", "they called back"},
        {"sales_ready", "sql", r, "", ""},
        {"sql", "lost", r, "", "went with a competitor"},
        {"lost", "recycled", m, "bad_fit", ""},
        {"recycled", "disqualified", m, "company closed", ""},
    };
    nlohmann::json history = History(demo, id);
    REQUIRE(history.size() == std::size(expected));
    std::int64_t previous_id = 0;
    for (std::size_t i = 0; i < std::size(expected); ++i) {
        INFO("row ", i);
        const Row& row = expected[i];
        CHECK(history[i]["from"] == (row.from ? nlohmann::json(row.from) : nlohmann::json(nullptr)));
        CHECK(history[i]["to"] == row.to);
        CHECK(history[i]["by"] == (row.by ? nlohmann::json(row.by) : nlohmann::json(nullptr)));
        CHECK(history[i]["reason"] == row.reason);
        CHECK(history[i]["note"] == row.note);
        CHECK(history[i]["id"].get<std::int64_t>() > previous_id);
        previous_id = history[i]["id"];
    }
    // Only sales' reject made feedback; marketing recycling a lost lead did not.
    nlohmann::json feedback = demo.As("raj").Get("/api/feedback?lead=" + std::to_string(id)).Json()["items"];
    REQUIRE(feedback.size() == 1);
    CHECK(feedback[0]["reason"] == "no_timeline");
    CHECK(demo.As("raj").Get(Path(id)).Json()["stage"] == "disqualified");
}
