// The hand-off over HTTP: round-robin routing of sales-ready leads, the rep's inbox ordered by the
// SLA time left, claims and a leader's (re)assignments with their history, recycled leads that come
// back only on new evidence, and a lead's score explained criterion by criterion. Every server
// starts from the demo company without leads (DemoServer(0)), so each figure is counted by hand.
#include <ctime>
#include <doctest/doctest.h>

#include "server_process.h"

using namespace tandem::test;

namespace {

constexpr std::int64_t kSam = 3, kMark = 4, kRita = 5, kRaj = 6;   // the demo's user ids

// Sales-ready under the demo's active definition (v2): fit 50 capped at 40, engagement 25 for the
// demo request, 65 >= 50; need, authority, budget, timeline and phone pass every check.
nlohmann::json SalesReady(const std::string& email) {
    return {{"email", email}, {"name", "Ann Lee"}, {"company", "Acme Robotics"}, {"title", "CTO"},
            {"industry", "software"}, {"company_size", 200}, {"country", "US"}, {"phone", "+1 555 0100"},
            {"authority", "decision_maker"}, {"need", "yes"}, {"budget_usd", 20000}, {"timeline_months", 3},
            {"demo_requested", true}};
}

std::string Path(std::int64_t id) { return "/api/leads/" + std::to_string(id); }

std::string Iso(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

std::int64_t Create(DemoServer& demo, const nlohmann::json& facts, const std::string& who = "mark") {
    Reply created = demo.As(who).Post("/api/leads", facts);
    REQUIRE(created.status == 201);
    return created.Json()["id"];
}

nlohmann::json Lead(DemoServer& demo, std::int64_t id) { return demo.As("admin").Get(Path(id)).Json(); }
// Read as marketing: the tests switch reps off and on, which ends the reps' sessions.
nlohmann::json Assignments(DemoServer& demo, std::int64_t id) {
    return demo.As("mark").Get(Path(id) + "/assignments").Json()["items"];
}
nlohmann::json History(DemoServer& demo, std::int64_t id) { return demo.As("rita").Get(Path(id) + "/history").Json()["items"]; }

std::vector<std::int64_t> InboxIds(const nlohmann::json& inbox) {
    std::vector<std::int64_t> ids;
    for (const nlohmann::json& item : inbox["items"]) ids.push_back(item["lead"]["id"]);
    return ids;
}

void SetActive(DemoServer& demo, std::int64_t user, bool active) {
    REQUIRE(demo.As("admin").Patch("/api/users/" + std::to_string(user), {{"active", active}}).status == 200);
}

}  // namespace

TEST_CASE("round robin gives a new sales-ready lead to the active rep with the fewest open ones, ties to the lowest id") {
    DemoServer demo(0);
    REQUIRE(demo.IdOf("rita") == kRita);
    REQUIRE(demo.IdOf("raj") == kRaj);
    REQUIRE(demo.IdOf("sam") == kSam);
    int serial = 0;
    auto next = [&] { return Create(demo, SalesReady("rr" + std::to_string(++serial) + "@example.com")); };

    // Loads before each lead (rita, raj): 0/0 -> rita, 1/0 -> raj, 1/1 -> rita, 2/1 -> raj, 2/2 -> rita.
    std::int64_t a = next(), b = next(), c = next(), d = next(), e = next();
    CHECK(Lead(demo, a)["owner_id"] == kRita);
    CHECK(Lead(demo, b)["owner_id"] == kRaj);
    CHECK(Lead(demo, c)["owner_id"] == kRita);
    CHECK(Lead(demo, d)["owner_id"] == kRaj);
    CHECK(Lead(demo, e)["owner_id"] == kRita);
    nlohmann::json routed = Assignments(demo, d);
    REQUIRE(routed.size() == 1);
    CHECK(routed[0]["lead_id"] == d);
    CHECK(routed[0]["kind"] == "round_robin");
    CHECK(routed[0]["from_owner_id"].is_null());
    CHECK(routed[0]["to_owner_id"] == kRaj);
    CHECK(routed[0]["by"].is_null());
    CHECK(routed[0]["note"] == "fewest open sales-ready leads (1)");
    CHECK(routed[0]["at"] == Lead(demo, d)["created_at"]);
    CHECK(routed[0].size() == 8);

    // The rotation follows the load, not a pointer: after sam hands a to raj (rita 2, raj 3), rita
    // gets the next two (2/3, then 3/3 and the tie goes to the lower id), raj the one after.
    REQUIRE(demo.As("sam").Post(Path(a) + "/assign", {{"owner_id", kRaj}}).status == 200);
    std::int64_t f = next(), g = next(), h = next();
    CHECK(Lead(demo, f)["owner_id"] == kRita);
    CHECK(Lead(demo, g)["owner_id"] == kRita);
    CHECK(Lead(demo, h)["owner_id"] == kRaj);
    CHECK(Assignments(demo, g)[0]["note"] == "fewest open sales-ready leads (3)");

    // Inactive reps are out of the rotation; with nobody active the lead waits in the pool.
    SetActive(demo, kRaj, false);
    std::int64_t i = next();
    CHECK(Lead(demo, i)["owner_id"] == kRita);
    SetActive(demo, kRita, false);
    std::int64_t j = next();
    CHECK(Lead(demo, j)["owner_id"].is_null());
    CHECK(Assignments(demo, j).empty());
    SetActive(demo, kRita, true);
    SetActive(demo, kRaj, true);

    // Leads that are not sales-ready, or come with an owner, are not routed.
    nlohmann::json mql = SalesReady("mql@example.com");
    mql.erase("need");
    std::int64_t m = Create(demo, mql);
    CHECK(Lead(demo, m)["stage"] == "mql");
    CHECK(Lead(demo, m)["owner_id"].is_null());
    CHECK(Assignments(demo, m).empty());
    // Giving a new lead an owner is an assignment: a sales leader may, marketing may not.
    nlohmann::json owned = SalesReady("owned@example.com");
    owned["owner_id"] = kSam;
    CHECK(ErrorOf(demo.As("mark").Post("/api/leads", owned)) == ApiError{403, "forbidden"});
    std::int64_t o = Create(demo, owned, "sam");
    CHECK(Lead(demo, o)["owner_id"] == kSam);
    CHECK(Assignments(demo, o).empty());

    // An import routes every row with one rotation: rita holds c, e, f, g, i (5), raj b, d, a, h (4).
    std::string csv = "Email,Title,Industry,Company Size,Country,Phone,Authority,Need,Budget USD,Timeline Months,Demo Requested\r\n";
    for (const char* email : {"k@example.com", "l@example.com", "n@example.com"})
        csv += std::string(email) + ",CTO,software,200,US,+1 555 0100,decision_maker,yes,20000,3,true\r\n";
    Reply imported = demo.As("mark").Send("POST", "/api/leads/import", csv, "text/csv");
    REQUIRE(imported.status == 200);
    REQUIRE(imported.Json()["imported"] == 3);
    std::vector<nlohmann::json> newest = AllLeads(demo.As("mark"), "q=example.com");
    auto owner_of = [&](const std::string& email) {
        for (const nlohmann::json& lead : newest)
            if (lead["email"] == email) return lead["owner_id"];
        return nlohmann::json("missing");
    };
    CHECK(owner_of("k@example.com") == kRaj);    // 5/4
    CHECK(owner_of("l@example.com") == kRita);   // 5/5
    CHECK(owner_of("n@example.com") == kRaj);    // 6/5

    // Marketing handing an MQL over routes it too (rita 6, raj 6 -> rita), and so does an edit that
    // makes a lead sales-ready (rita 7, raj 6 -> raj).
    Reply handed = demo.As("mark").Post(Path(m) + "/transitions", {{"to", "sales_ready"}});
    REQUIRE(handed.status == 200);
    CHECK(handed.Json()["lead"]["owner_id"] == kRita);
    CHECK(Assignments(demo, m)[0]["note"] == "fewest open sales-ready leads (6)");
    nlohmann::json almost = SalesReady("almost@example.com");
    almost.erase("need");
    std::int64_t p = Create(demo, almost);
    Reply edited = demo.As("mark").Patch(Path(p), {{"need", "yes"}});
    REQUIRE(edited.status == 200);
    CHECK(edited.Json()["stage"] == "sales_ready");
    CHECK(edited.Json()["owner_id"] == kRaj);
    CHECK(Assignments(demo, p).size() == 1);
}

TEST_CASE("the inbox lists sales-ready leads by the SLA time left, with the clock of each, and leaders see every rep's") {
    DemoServer demo(0);
    std::time_t now = std::time(nullptr);
    // Handed over (imported straight into sales_ready) hours ago; lead ids 1 to 6 in this order.
    struct Row {
        const char* email;
        std::int64_t owner;
        int hours_ago;
    };
    const Row rows[] = {{"late@example.com", kRita, 30},  {"soon@example.com", kRita, 20},
                        {"fresh@example.com", kRita, 2}, {"pool@example.com", kRaj, 25},
                        {"raj@example.com", kRaj, 1},    {"answered@example.com", kRita, 40}};
    std::string csv = "Email,Stage,Created At,Owner ID,Title,Industry,Company Size,Country,Phone,Authority,Need,Budget USD,"
                      "Timeline Months,Demo Requested\r\n";
    for (const Row& row : rows) {
        csv += std::string(row.email) + ",sales_ready," + Iso(now - row.hours_ago * 3600) + "," + std::to_string(row.owner) +
               ",CTO,software,200,US,+1 555 0100,decision_maker,yes,20000,3,true\r\n";
    }
    Reply imported = demo.As("mark").Send("POST", "/api/leads/import", csv, "text/csv");
    REQUIRE(imported.status == 200);
    REQUIRE(imported.Json()["imported"] == 6);
    for (std::int64_t id = 1; id <= 6; ++id) REQUIRE(Lead(demo, id)["stage"] == "sales_ready");
    // Lead 4 goes back to the pool; rita has talked to lead 6, which stops its clock.
    REQUIRE(demo.As("sam").Post(Path(4) + "/assign", {{"owner_id", nullptr}, {"note", "territory unclear"}}).status == 200);
    Reply call = demo.As("rita").Post("/api/feedback", {{"kind", "question"}, {"text", "Asked about SSO"}, {"lead_id", 6}});
    REQUIRE(call.status == 201);

    // Rita's inbox: hers and the pool. Unanswered first by due time (1 is 6 h overdue, 4 one hour,
    // 2 due in 4 h, 3 in 22 h), then the answered 6.
    Reply mine = demo.As("rita").Get("/api/inbox");
    REQUIRE(mine.status == 200);
    nlohmann::json inbox = mine.Json();
    CHECK(inbox["rep"] == "me");
    CHECK(inbox["sla_hours"] == 24);
    CHECK(InboxIds(inbox) == std::vector<std::int64_t>{1, 4, 2, 3, 6});
    CHECK(inbox["total"] == 5);
    CHECK(inbox["breached"] == 2);
    CHECK(inbox["unassigned"] == 1);
    CHECK(inbox["next_cursor"].is_null());
    CHECK(inbox["owners"] == nlohmann::json::array({{{"owner_id", kRita}, {"open", 4}, {"breached", 1}},
                                                    {{"owner_id", kRaj}, {"open", 1}, {"breached", 0}}}));
    const nlohmann::json& late = inbox["items"][0];
    CHECK(late["entered_at"] == Iso(now - 30 * 3600));
    CHECK(late["due_at"] == Iso(now - 6 * 3600));
    CHECK(late["answered_at"].is_null());
    CHECK(late["breached"] == true);
    CHECK(late["lead"] == Lead(demo, 1));
    const nlohmann::json& pool = inbox["items"][1];
    CHECK(pool["lead"]["owner_id"].is_null());
    CHECK(pool["due_at"] == Iso(now - 3600));
    CHECK(pool["breached"] == true);
    CHECK(inbox["items"][2]["due_at"] == Iso(now + 4 * 3600));
    CHECK(inbox["items"][2]["breached"] == false);
    const nlohmann::json& answered = inbox["items"][4];
    CHECK(answered["due_at"] == Iso(now - 16 * 3600));
    CHECK(answered["answered_at"] == call.Json()["at"]);
    CHECK(answered["breached"] == false);
    CHECK(answered.size() == 5);

    // Raj: his one and the pool. A rep's own id is his leads without the pool; others' are refused.
    CHECK(InboxIds(demo.As("raj").Get("/api/inbox").Json()) == std::vector<std::int64_t>{4, 5});
    nlohmann::json own = demo.As("rita").Get("/api/inbox?rep=5").Json();
    CHECK(InboxIds(own) == std::vector<std::int64_t>{1, 2, 3, 6});
    CHECK(own["rep"] == "5");
    CHECK(own["breached"] == 1);
    for (const char* query : {"rep=all", "rep=6", "rep=none"}) {
        INFO(query);
        CHECK(ErrorOf(demo.As("rita").Get(std::string("/api/inbox?") + query)) == ApiError{403, "forbidden"});
        CHECK(ErrorOf(demo.As("mark").Get(std::string("/api/inbox?") + query)) == ApiError{403, "forbidden"});
    }
    // A marketer owns nothing: their inbox is the pool.
    CHECK(InboxIds(demo.As("mark").Get("/api/inbox").Json()) == std::vector<std::int64_t>{4});

    // Leaders see everything by default, one rep, or the pool; and page through it.
    for (const char* who : {"sam", "maya", "admin"}) {
        INFO(who);
        nlohmann::json all = demo.As(who).Get("/api/inbox").Json();
        CHECK(all["rep"] == "all");
        CHECK(InboxIds(all) == std::vector<std::int64_t>{1, 4, 2, 3, 5, 6});
        CHECK(all["total"] == 6);
        CHECK(all["breached"] == 2);
    }
    CHECK(InboxIds(demo.As("sam").Get("/api/inbox?rep=none").Json()) == std::vector<std::int64_t>{4});
    CHECK(InboxIds(demo.As("sam").Get("/api/inbox?rep=6").Json()) == std::vector<std::int64_t>{5});
    nlohmann::json first = demo.As("sam").Get("/api/inbox?limit=4").Json();
    CHECK(InboxIds(first) == std::vector<std::int64_t>{1, 4, 2, 3});
    CHECK(first["next_cursor"] == 4);
    CHECK(first["total"] == 6);
    nlohmann::json second = demo.As("sam").Get("/api/inbox?limit=4&cursor=4").Json();
    CHECK(InboxIds(second) == std::vector<std::int64_t>{5, 6});
    CHECK(second["next_cursor"].is_null());

    // A decision takes a lead out; a longer SLA ends the breaches it no longer covers.
    REQUIRE(demo.As("rita").Post(Path(2) + "/transitions", {{"to", "sql"}}).status == 200);
    CHECK(InboxIds(demo.As("rita").Get("/api/inbox").Json()) == std::vector<std::int64_t>{1, 4, 3, 6});
    REQUIRE(demo.As("sam").Put("/api/settings/sla", {{"first_response_hours", 26}}).status == 200);
    nlohmann::json relaxed = demo.As("rita").Get("/api/inbox").Json();
    CHECK(relaxed["sla_hours"] == 26);
    CHECK(relaxed["breached"] == 1);   // lead 1 (30 h) still, lead 4 (25 h) no more
    CHECK(InboxIds(relaxed) == std::vector<std::int64_t>{1, 4, 3, 6});
    CHECK(relaxed["items"][1]["breached"] == false);

    const std::pair<const char*, const char*> bad[] = {{"rep=someone", "rep"}, {"rep=0", "rep"}, {"limit=0", "limit"},
                                                       {"cursor=0", "cursor"}, {"owner=me", "owner"}};
    for (const auto& [query, field] : bad) {
        INFO(query);
        CHECK(ErrorOf(demo.As("sam").Get(std::string("/api/inbox?") + query)) == ApiError{400, "bad_request", field});
    }
    CHECK(ErrorOf(demo.Anonymous().Get("/api/inbox")) == ApiError{401, "unauthorized"});
}

TEST_CASE("a rep claims an unassigned sales-ready lead; a claimed or decided lead cannot be claimed") {
    DemoServer demo(0);
    std::int64_t id = Create(demo, SalesReady("claim@example.com"));
    REQUIRE(Lead(demo, id)["owner_id"] == kRita);
    REQUIRE(demo.As("sam").Post(Path(id) + "/assign", {{"owner_id", nullptr}}).status == 200);
    nlohmann::json before = Lead(demo, id);
    CHECK(before["owner_id"].is_null());
    CHECK(before["revision"] == 2);

    // Only the sales team claims, and nothing changes for the others.
    for (const char* who : {"mark", "maya", "admin"}) {
        INFO(who);
        CHECK(ErrorOf(demo.As(who).Post(Path(id) + "/claim", nlohmann::json::object())) == ApiError{403, "forbidden"});
    }
    CHECK(ErrorOf(demo.As("raj").Post(Path(id) + "/claim", nlohmann::json::object(), {{"If-Match", "\"lead-1-r1\""}})) ==
          ApiError{412, "precondition_failed", "If-Match"});
    CHECK(Lead(demo, id) == before);

    Reply claimed = demo.As("raj").Post(Path(id) + "/claim", nlohmann::json::object(), {{"If-Match", "\"lead-1-r2\""}});
    REQUIRE(claimed.status == 200);
    CHECK(claimed.Header("ETag") == "\"lead-1-r3\"");
    nlohmann::json body = claimed.Json();
    CHECK(body.size() == 2);
    CHECK(body["lead"]["owner_id"] == kRaj);
    CHECK(body["lead"]["revision"] == 3);
    CHECK(body["lead"] == Lead(demo, id));
    CHECK(body["assignment"]["kind"] == "claim");
    CHECK(body["assignment"]["from_owner_id"].is_null());
    CHECK(body["assignment"]["to_owner_id"] == kRaj);
    CHECK(body["assignment"]["by"] == kRaj);
    CHECK(body["assignment"]["note"] == "");
    CHECK(body["assignment"]["at"] == body["lead"]["updated_at"]);

    // Claiming again is a no-op; someone else's lead, and a lead past sales_ready, are refused.
    Reply again = demo.As("raj").Post(Path(id) + "/claim", nlohmann::json::object());
    REQUIRE(again.status == 200);
    CHECK(again.Json()["assignment"].is_null());
    CHECK(again.Json()["lead"]["revision"] == 3);
    CHECK(ErrorOf(demo.As("rita").Post(Path(id) + "/claim", nlohmann::json::object())) == ApiError{409, "conflict"});
    CHECK(demo.As("rita").Post(Path(id) + "/claim", nlohmann::json::object()).Json()["error"]["message"] ==
          "lead 1 is assigned to Raj Rep; a sales leader can reassign it");
    nlohmann::json mql = SalesReady("mql@example.com");
    mql.erase("need");
    std::int64_t other = Create(demo, mql);
    CHECK(ErrorOf(demo.As("rita").Post(Path(other) + "/claim", nlohmann::json::object())) == ApiError{409, "conflict"});
    CHECK(ErrorOf(demo.As("rita").Post(Path(999) + "/claim", nlohmann::json::object())) == ApiError{404, "not_found"});

    nlohmann::json history = Assignments(demo, id);
    REQUIRE(history.size() == 3);
    CHECK(history[0]["kind"] == "round_robin");
    CHECK(history[1]["kind"] == "assign");
    CHECK(history[1]["from_owner_id"] == kRita);
    CHECK(history[1]["to_owner_id"].is_null());
    CHECK(history[1]["by"] == kSam);
    CHECK(history[2] == body["assignment"]);
    CHECK(ErrorOf(demo.As("rita").Get(Path(999) + "/assignments")) == ApiError{404, "not_found"});

    // Accepting a lead from the pool takes it too.
    std::int64_t pooled = Create(demo, SalesReady("pooled@example.com"));
    REQUIRE(demo.As("sam").Post(Path(pooled) + "/assign", {{"owner_id", nullptr}}).status == 200);
    Reply accepted = demo.As("rita").Post(Path(pooled) + "/transitions", {{"to", "sql"}});
    REQUIRE(accepted.status == 200);
    CHECK(accepted.Json()["lead"]["owner_id"] == kRita);
    nlohmann::json taken = Assignments(demo, pooled);
    REQUIRE(taken.size() == 3);
    CHECK(taken[2]["kind"] == "claim");
    CHECK(taken[2]["note"] == "accepted it");
}

TEST_CASE("a sales leader reassigns a lead and the history keeps every owner; others may not") {
    DemoServer demo(0);
    std::int64_t id = Create(demo, SalesReady("assign@example.com"));
    REQUIRE(Lead(demo, id)["owner_id"] == kRita);
    nlohmann::json before = Lead(demo, id);

    for (const char* who : {"rita", "mark", "maya"}) {
        INFO(who);
        CHECK(ErrorOf(demo.As(who).Post(Path(id) + "/assign", {{"owner_id", kRaj}})) == ApiError{403, "forbidden"});
    }
    struct Bad {
        nlohmann::json body;
        int status;
        const char* field;
    };
    const Bad bad[] = {
        {nlohmann::json::object(), 422, "owner_id"},
        {{{"owner_id", 999}}, 422, "owner_id"},
        {{{"owner_id", kMark}}, 422, "owner_id"},          // a marketer
        {{{"owner_id", 0}}, 422, "owner_id"},
        {{{"owner_id", "raj"}}, 422, "owner_id"},
        {{{"owner_id", kRaj}, {"note", std::string(2001, 'x')}}, 422, "note"},
        {{{"owner_id", kRaj}, {"colour", "red"}}, 422, "colour"},
    };
    for (const Bad& attempt : bad) {
        INFO(attempt.body.dump().substr(0, 80));
        CHECK(ErrorOf(demo.As("sam").Post(Path(id) + "/assign", attempt.body)) == ApiError{attempt.status, "invalid", attempt.field});
    }
    CHECK(ErrorOf(demo.As("sam").Send("POST", Path(id) + "/assign", "owner_id=6", "text/plain")) ==
          ApiError{415, "unsupported_media_type"});
    CHECK(demo.As("sam").Post(Path(id) + "/assign", {{"owner_id", kMark}}).Json()["error"]["message"] ==
          "Mark Marketer is a marketer; leads are assigned to sales reps and sales leaders");
    SetActive(demo, kRaj, false);
    CHECK(ErrorOf(demo.As("sam").Post(Path(id) + "/assign", {{"owner_id", kRaj}})) == ApiError{422, "invalid", "owner_id"});
    SetActive(demo, kRaj, true);
    CHECK(Lead(demo, id) == before);
    CHECK(Assignments(demo, id).size() == 1);

    Reply moved = demo.As("sam").Post(Path(id) + "/assign", {{"owner_id", kRaj}, {"note", "  Raj covers fintech  "}});
    REQUIRE(moved.status == 200);
    CHECK(moved.Json()["lead"]["owner_id"] == kRaj);
    CHECK(moved.Json()["lead"]["revision"] == 2);
    CHECK(moved.Json()["assignment"]["note"] == "Raj covers fintech");
    // The same owner again changes nothing; a leader may take a lead himself.
    CHECK(demo.As("sam").Post(Path(id) + "/assign", {{"owner_id", kRaj}}).Json()["assignment"].is_null());
    REQUIRE(demo.As("admin").Post(Path(id) + "/assign", {{"owner_id", kSam}}).status == 200);
    CHECK(ErrorOf(demo.As("sam").Post(Path(id) + "/assign", {{"owner_id", kRita}}, {{"If-Match", "\"lead-1-r2\""}})) ==
          ApiError{412, "precondition_failed", "If-Match"});

    // An owner change in an edit is a leader's too, and is recorded the same way.
    CHECK(ErrorOf(demo.As("rita").Patch(Path(id), {{"owner_id", kRita}})) == ApiError{403, "forbidden"});
    CHECK(ErrorOf(demo.As("mark").Patch(Path(id), {{"owner_id", kRita}})) == ApiError{403, "forbidden"});
    CHECK(Lead(demo, id)["owner_id"] == kSam);
    REQUIRE(demo.As("sam").Patch(Path(id), {{"owner_id", kRita}}).status == 200);

    nlohmann::json history = Assignments(demo, id);
    REQUIRE(history.size() == 4);
    const std::int64_t expected[][3] = {{0, kRita, 0}, {kRita, kRaj, kSam}, {kRaj, kSam, 1}, {kSam, kRita, kSam}};
    const char* kinds[] = {"round_robin", "assign", "assign", "assign"};
    const char* notes[] = {"fewest open sales-ready leads (0)", "Raj covers fintech", "", "changed in an edit of the lead"};
    for (std::size_t i = 0; i < history.size(); ++i) {
        INFO("assignment ", i);
        auto id_or_null = [](std::int64_t v) { return v == 0 ? nlohmann::json(nullptr) : nlohmann::json(v); };
        CHECK(history[i]["from_owner_id"] == id_or_null(expected[i][0]));
        CHECK(history[i]["to_owner_id"] == id_or_null(expected[i][1]));
        CHECK(history[i]["by"] == id_or_null(expected[i][2]));
        CHECK(history[i]["kind"] == kinds[i]);
        CHECK(history[i]["note"] == notes[i]);
    }
    // None of it is stage history.
    CHECK(History(demo, id).size() == 3);
}

TEST_CASE("a recycled lead comes back only on new evidence, and its history says why") {
    DemoServer demo(0);
    ApiClient mark = demo.As("mark");
    // The lead's rep rejects it (round robin gives each lead to one of the two).
    auto reject = [&](std::int64_t id, const char* reason) {
        std::string rep = Lead(demo, id)["owner_id"] == kRita ? "rita" : "raj";
        REQUIRE(demo.As(rep).Post(Path(id) + "/transitions", {{"to", "recycled"}, {"reason", reason}}).status == 200);
    };
    auto stage = [&](std::int64_t id) { return Lead(demo, id)["stage"].get<std::string>(); };

    // Rejected for no budget: edits that do not touch the budget leave it with marketing, even
    // though it still scores sales-ready; a new budget brings it back through mql to sales_ready.
    std::int64_t budget = Create(demo, SalesReady("budget@example.com"));
    reject(budget, "no_budget");
    REQUIRE(mark.Patch(Path(budget), {{"name", "Ann B. Lee"}}).status == 200);
    REQUIRE(mark.Patch(Path(budget), {{"industry", "fintech"}, {"need", "yes"}}).status == 200);
    CHECK(stage(budget) == "recycled");
    CHECK(Lead(demo, budget)["score"]["level"] == "sales_ready");
    CHECK(History(demo, budget).size() == 4);
    Reply funded = mark.Patch(Path(budget), {{"budget_usd", 50000}});
    REQUIRE(funded.status == 200);
    CHECK(funded.Json()["stage"] == "sales_ready");
    nlohmann::json history = History(demo, budget);
    REQUIRE(history.size() == 6);
    CHECK(history[4]["from"] == "recycled");
    CHECK(history[4]["to"] == "mql");
    CHECK(history[5]["from"] == "mql");
    CHECK(history[5]["to"] == "sales_ready");
    for (std::size_t i : {4, 5}) {
        CHECK(history[i]["reason"] == "re-qualified: budget_usd changed; definition v2");
        CHECK(history[i]["by"].is_null());
        CHECK(history[i]["at"] == funded.Json()["updated_at"]);
    }
    // It goes back to the rep who had it: no new routing.
    CHECK(funded.Json()["owner_id"] == kRita);
    CHECK(Assignments(demo, budget).size() == 1);

    // Unreachable: a new phone number is the evidence.
    std::int64_t phone = Create(demo, SalesReady("phone@example.com"));
    reject(phone, "unreachable");
    REQUIRE(mark.Patch(Path(phone), {{"budget_usd", 90000}}).status == 200);
    CHECK(stage(phone) == "recycled");
    REQUIRE(mark.Patch(Path(phone), {{"phone", "+1 555 0199"}}).status == 200);
    CHECK(stage(phone) == "sales_ready");
    CHECK(History(demo, phone).back()["reason"] == "re-qualified: phone changed; definition v2");

    // New engagement that raises the score counts whatever the reason (3+ email clicks: +10);
    // a counter that earns nothing does not.
    std::int64_t engaged = Create(demo, SalesReady("engaged@example.com"));
    reject(engaged, "no_timeline");
    REQUIRE(mark.Patch(Path(engaged), {{"email_clicks", 1}}).status == 200);
    CHECK(stage(engaged) == "recycled");
    REQUIRE(mark.Patch(Path(engaged), {{"email_clicks", 4}}).status == 200);
    CHECK(stage(engaged) == "sales_ready");
    CHECK(History(demo, engaged).back()["reason"] == "re-qualified: new engagement: score 65 → 75; definition v2");

    // A duplicate never comes back by itself; marketing can still hand it over.
    std::int64_t duplicate = Create(demo, SalesReady("duplicate@example.com"));
    reject(duplicate, "duplicate");
    REQUIRE(mark.Patch(Path(duplicate), {{"budget_usd", 90000}, {"email_clicks", 9}, {"page_views", 20}}).status == 200);
    CHECK(stage(duplicate) == "recycled");
    CHECK(History(demo, duplicate).size() == 4);

    // New evidence, but the lead does not meet the definition: it stays recycled.
    std::int64_t weak = Create(demo, SalesReady("weak@example.com"));
    reject(weak, "bad_fit");
    REQUIRE(mark.Patch(Path(weak), {{"industry", "mining"}, {"title", "Intern"}, {"company_size", 3},
                                    {"country", "AQ"}, {"authority", "none"}, {"demo_requested", false}})
                .status == 200);
    CHECK(stage(weak) == "recycled");
    CHECK(Lead(demo, weak)["score"]["level"] == "none");

    // Evidence with a lower level brings it back as far as the level goes: no need confirmed
    // unknown still scores an MQL.
    std::int64_t need = Create(demo, SalesReady("need@example.com"));
    reject(need, "no_need");
    REQUIRE(mark.Patch(Path(need), {{"need", "unknown"}}).status == 200);
    CHECK(stage(need) == "mql");
    CHECK(History(demo, need).back()["reason"] == "re-qualified: need changed; definition v2");

    // A lead that comes back without an owner is routed (rita holds budget and engaged, raj phone).
    std::int64_t pooled = Create(demo, SalesReady("pooled@example.com"));
    REQUIRE(Lead(demo, pooled)["owner_id"] == kRaj);
    reject(pooled, "no_timeline");
    REQUIRE(demo.As("sam").Post(Path(pooled) + "/assign", {{"owner_id", nullptr}}).status == 200);
    Reply timeline = mark.Patch(Path(pooled), {{"timeline_months", 2}});
    REQUIRE(timeline.status == 200);
    CHECK(timeline.Json()["stage"] == "sales_ready");
    CHECK(timeline.Json()["owner_id"] == kRaj);
    CHECK(History(demo, pooled).back()["reason"] == "re-qualified: timeline_months changed; definition v2");
    nlohmann::json routed = Assignments(demo, pooled);
    REQUIRE(routed.size() == 3);
    CHECK(routed[2]["kind"] == "round_robin");
    CHECK(routed[2]["from_owner_id"].is_null());
    CHECK(routed[2]["note"] == "fewest open sales-ready leads (1)");
}

TEST_CASE("a lead's score is explained criterion by criterion under the active definition") {
    DemoServer demo(0);
    std::int64_t id = Create(demo, SalesReady("explain@example.com"));
    Reply reply = demo.As("rita").Get(Path(id) + "/explanation");
    REQUIRE(reply.status == 200);
    nlohmann::json explanation = reply.Json();
    CHECK(explanation["lead_id"] == id);
    CHECK(explanation["definition_version"] == 2);
    CHECK(explanation["rules"] == demo.As("rita").Get("/api/definitions/active").Json()["rules"]);
    CHECK(explanation["fit"] == 40);   // 15 + 10 + 10 + 10 + 5 = 50, capped at 40
    CHECK(explanation["engagement"].get<double>() == doctest::Approx(25).epsilon(1e-4));
    CHECK(explanation["total"].get<double>() == doctest::Approx(65).epsilon(1e-4));
    CHECK(explanation["level"] == "sales_ready");
    CHECK(explanation["decay_factor"].get<double>() == doctest::Approx(1).epsilon(1e-4));
    const std::pair<const char*, int> fit[] = {{"industry", 15}, {"size", 10}, {"title", 10}, {"decision_maker", 10}, {"region", 5}};
    REQUIRE(explanation["results"]["fit"].size() == 5);
    for (std::size_t i = 0; i < 5; ++i) {
        CHECK(explanation["results"]["fit"][i] == nlohmann::json{{"id", fit[i].first}, {"matched", true}, {"points", fit[i].second}});
    }
    nlohmann::json engagement = explanation["results"]["engagement"];
    REQUIRE(engagement.size() == 5);
    for (std::size_t i = 0; i < 4; ++i) {
        CHECK(engagement[i]["matched"] == false);
        CHECK(engagement[i]["points"] == 0);
    }
    CHECK(engagement[4]["id"] == "demo");
    CHECK(engagement[4]["matched"] == true);
    CHECK(engagement[4]["points"].get<double>() == doctest::Approx(25).epsilon(1e-4));
    nlohmann::json checks = explanation["results"]["sales_ready"];
    REQUIRE(checks.size() == 5);
    for (const nlohmann::json& check : checks) CHECK(check["matched"] == true);
    CHECK(explanation.size() == 10);

    // Without the budget the check fails and the level drops to mql.
    REQUIRE(demo.As("mark").Patch(Path(id), {{"budget_usd", nullptr}}).status == 200);
    nlohmann::json after = demo.As("rita").Get(Path(id) + "/explanation").Json();
    CHECK(after["level"] == "mql");
    CHECK(after["results"]["sales_ready"][2] == nlohmann::json{{"id", "budget"}, {"matched", false}, {"points", 0}});
    CHECK(ErrorOf(demo.As("rita").Get(Path(999) + "/explanation")) == ApiError{404, "not_found"});
}
