// Ownership on top of roles, on every route that acts on a lead: a sales rep accepts, rejects, edits
// and logs contacts only on their own leads and unassigned ones; leaders and admins act on all; and
// creating a lead with an owner follows the rules of assigning one.
#include <doctest/doctest.h>

#include "server_process.h"

using namespace tandem::test;

namespace {

std::string Path(std::int64_t id) { return "/api/leads/" + std::to_string(id); }

std::string Refusal(std::int64_t lead) {
    return "lead " + std::to_string(lead) +
           " is Raj Rep's: a sales rep acts on their own leads and unassigned ones; a sales leader can reassign it";
}

}  // namespace

TEST_CASE("rita cannot act on raj's lead on any route, and nothing changes; raj and the leaders can") {
    DemoServer demo(40);
    ApiClient rita = demo.As("rita");
    std::int64_t lead = demo.HandOverTo("raj");
    std::string path = Path(lead);
    std::string tag = "\"lead-" + std::to_string(lead) + "-r1\"";

    struct Attempt {
        const char* what;
        std::string method;
        std::string target;
        nlohmann::json body;
    };
    const Attempt attempts[] = {
        {"accept", "POST", path + "/transitions", {{"to", "sql"}}},
        {"reject", "POST", path + "/transitions", {{"to", "recycled"}, {"reason", "no_budget"}}},
        {"disqualify", "POST", path + "/transitions", {{"to", "disqualified"}, {"reason", "competitor"}}},
        {"edit facts", "PATCH", path, {{"budget_usd", 1}}},
        {"reject as feedback", "POST", "/api/feedback", {{"kind", "rejection"}, {"lead_id", lead}, {"reason", "no_budget"}}},
        {"log a contact", "POST", "/api/feedback", {{"kind", "objection"}, {"lead_id", lead}, {"text", "Too pricey"}}},
    };
    for (const Attempt& attempt : attempts) {
        INFO(attempt.what);
        std::string before = demo.Snapshot();
        Reply refused = rita.Send(attempt.method, attempt.target, attempt.body.dump(), "application/json", {{"If-Match", tag}});
        CHECK(ErrorOf(refused) == ApiError{403, "forbidden"});
        CHECK(refused.Json()["error"]["message"] == Refusal(lead));
        CHECK(demo.Snapshot() == before);
    }
    // Taking it is not hers either: it is assigned, so only a sales leader can move it.
    CHECK(ErrorOf(rita.Post(path + "/claim", nlohmann::json::object())) == ApiError{409, "conflict"});
    CHECK(ErrorOf(rita.Post(path + "/assign", {{"owner_id", demo.IdOf("rita")}})) == ApiError{403, "forbidden"});

    // Raj logs a call and accepts his own lead; the sales leader edits it; marketing enriches it.
    CHECK(demo.As("raj").Post("/api/feedback", {{"kind", "question"}, {"lead_id", lead}, {"text", "SSO?"}}).status == 201);
    CHECK(demo.As("raj").Post(path + "/transitions", {{"to", "sql"}}).status == 200);
    CHECK(demo.As("sam").Patch(path, {{"title", "VP Engineering"}}).status == 200);
    CHECK(demo.As("mark").Patch(path, {{"page_views", 12}}).status == 200);
    CHECK(demo.As("admin").Patch(path, {{"company", "Raj's Account Ltd"}}).status == 200);
}

TEST_CASE("a rep acts on an unassigned lead, and accepting it makes it theirs") {
    DemoServer demo(40);
    std::int64_t pooled = demo.HandOverTo("raj");
    REQUIRE(demo.As("sam").Post(Path(pooled) + "/assign", {{"owner_id", nullptr}}).status == 200);
    ApiClient rita = demo.As("rita");
    CHECK(rita.Patch(Path(pooled), {{"phone", "+1 555 0199"}}).status == 200);
    CHECK(rita.Post("/api/feedback", {{"kind", "general"}, {"lead_id", pooled}, {"text", "Left a voicemail"}}).status == 201);
    Reply accepted = rita.Post(Path(pooled) + "/transitions", {{"to", "sql"}});
    REQUIRE(accepted.status == 200);
    CHECK(accepted.Json()["lead"]["owner_id"] == demo.IdOf("rita"));
    // Now it is Rita's, Raj is the one refused.
    CHECK(ErrorOf(demo.As("raj").Patch(Path(pooled), {{"title", "x"}})) == ApiError{403, "forbidden"});
}

TEST_CASE("creating a lead follows the owner rules of assigning one, and only admins date it") {
    DemoServer demo(40);
    std::int64_t rita_id = demo.IdOf("rita");
    auto create = [&](const std::string& who, nlohmann::json lead) {
        static int serial = 0;
        lead["email"] = "created" + std::to_string(++serial) + "@owners.test";
        return demo.As(who).Post("/api/leads", lead);
    };
    std::string before = demo.Snapshot();
    // Marketing cannot give a lead to a rep, nor to a marketer; a rep cannot give one to another rep.
    Reply marketer = create("mark", {{"owner_id", rita_id}});
    CHECK(ErrorOf(marketer) == ApiError{403, "forbidden"});
    CHECK(marketer.Json()["error"]["message"] ==
          "a marketer cannot give a lead to someone; a sales leader or an admin assigns leads, and a seller may take "
          "one themselves");
    CHECK(ErrorOf(create("mark", {{"owner_id", demo.IdOf("mark")}})) == ApiError{403, "forbidden"});
    CHECK(ErrorOf(create("raj", {{"owner_id", rita_id}})) == ApiError{403, "forbidden"});
    // A leader assigns only to sellers who are active.
    CHECK(ErrorOf(create("sam", {{"owner_id", demo.IdOf("mark")}})) == ApiError{422, "invalid", "owner_id"});
    CHECK(ErrorOf(create("sam", {{"owner_id", 9999}})) == ApiError{422, "invalid", "owner_id"});
    // created_at is the server's: a rep or marketer may not backdate, nobody may post-date by a day.
    CHECK(ErrorOf(create("rita", {{"created_at", "2020-01-01T00:00:00Z"}})) == ApiError{422, "invalid", "created_at"});
    CHECK(ErrorOf(create("mark", {{"created_at", "2020-01-01T00:00:00Z"}})) == ApiError{422, "invalid", "created_at"});
    CHECK(ErrorOf(create("admin", {{"created_at", "2099-01-01T00:00:00Z"}})) == ApiError{422, "invalid", "created_at"});
    CHECK(demo.Snapshot() == before);

    // What is allowed: a rep takes a lead themselves, a leader gives one, an admin dates one.
    Reply mine = create("rita", {{"owner_id", rita_id}});
    REQUIRE(mine.status == 201);
    CHECK(mine.Json()["owner_id"] == rita_id);
    CHECK(create("sam", {{"owner_id", demo.IdOf("raj")}}).status == 201);
    Reply dated = create("admin", {{"created_at", "2025-06-01T09:00:00Z"}});
    REQUIRE(dated.status == 201);
    CHECK(dated.Json()["created_at"] == "2025-06-01T09:00:00Z");
    Reply plain = create("mark", nlohmann::json::object());
    REQUIRE(plain.status == 201);
    CHECK(plain.Json()["owner_id"].is_null());
}

TEST_CASE("a rejection logged as feedback is the lead's rejection; on a lead in another stage it is refused") {
    DemoServer demo(40);
    ApiClient rita = demo.As("rita");
    std::int64_t lead = demo.HandOverTo("rita");
    Reply logged = rita.Post("/api/feedback", {{"kind", "rejection"}, {"lead_id", lead}, {"reason", "no_authority"},
                                               {"text", "talked to an intern"}, {"tags", {"Enterprise"}}});
    REQUIRE(logged.status == 201);
    CHECK(logged.Json()["text"] == "talked to an intern");
    CHECK(logged.Json()["tags"] == nlohmann::json::array({"enterprise"}));
    nlohmann::json after = rita.Get(Path(lead)).Json();
    CHECK(after["stage"] == "recycled");
    nlohmann::json history = rita.Get(Path(lead) + "/history").Json()["items"];
    CHECK(history.back()["from"] == "sales_ready");
    CHECK(history.back()["to"] == "recycled");
    CHECK(history.back()["reason"] == "no_authority");
    CHECK(history.back()["note"] == "talked to an intern");
    CHECK(history.back()["at"] == logged.Json()["at"]);
    // One feedback row for it, not two.
    CHECK(rita.Get("/api/feedback?lead=" + std::to_string(lead)).Json()["items"].size() == 1);
    // The lead is no longer waiting for sales: the inbox no longer lists it.
    for (const nlohmann::json& item : rita.Get("/api/inbox?rep=me&limit=500").Json()["items"]) CHECK(item["lead"]["id"] != lead);

    // A lead sales already accepted (or anything but sales_ready) cannot be rejected this way.
    std::int64_t accepted = demo.HandOverTo("rita");
    REQUIRE(rita.Post(Path(accepted) + "/transitions", {{"to", "sql"}}).status == 200);
    std::string before = demo.Snapshot();
    Reply refused = rita.Post("/api/feedback", {{"kind", "rejection"}, {"lead_id", accepted}, {"reason", "no_budget"}});
    CHECK(ErrorOf(refused) == ApiError{409, "conflict", "lead_id"});
    CHECK(refused.Json()["error"]["message"] == "lead " + std::to_string(accepted) +
                                                    " is sql, not sales_ready: only a lead handed to sales can be rejected");
    CHECK(demo.Snapshot() == before);
    // Editing feedback cannot make a rejection, nor change one's lead or reason.
    Reply note = rita.Post("/api/feedback", {{"kind", "general"}, {"lead_id", accepted}, {"text", "call back Monday"}});
    REQUIRE(note.status == 201);
    std::string note_path = note.Header("Location");
    CHECK(ErrorOf(rita.Patch(note_path, {{"kind", "rejection"}, {"reason", "no_budget"}})) == ApiError{422, "invalid", "kind"});
    std::string rejection_path = logged.Header("Location");
    CHECK(ErrorOf(rita.Patch(rejection_path, {{"reason", "no_budget"}})) == ApiError{422, "invalid", "reason"});
    CHECK(ErrorOf(rita.Patch(rejection_path, {{"kind", "objection"}, {"reason", nullptr}, {"text", "x"}})) ==
          ApiError{422, "invalid", "kind"});
    CHECK(rita.Patch(rejection_path, {{"text", "talked to an intern, twice"}}).status == 200);
}
