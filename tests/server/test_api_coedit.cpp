// Co-editing the lead definition over HTTP: two leaders' batches on the shared draft, the order the
// server gives them, presence and ops on the event stream, the impact preview's two sources, the
// rejection pressure per criterion, and the two-sided sign-off that makes a draft the rule.
#include <doctest/doctest.h>
#include <set>

#include "server_process.h"
#include "sse_frames.h"

using namespace tandem::test;
using nlohmann::json;

namespace {

json Batch(const std::string& client, int seq, int base, json ops) {
    return {{"client_id", client}, {"client_seq", seq}, {"base_revision", base}, {"ops", std::move(ops)}};
}

json SetProperty(const std::string& property, json value) {
    return {{"kind", "set_property"}, {"property", property}, {"value", std::move(value)}};
}

json SetCriterion(const std::string& id, json value) {
    return {{"kind", "set_criterion"}, {"criterion_id", id}, {"value", std::move(value)}};
}

json Remove(const std::string& id) { return {{"kind", "remove_criterion"}, {"criterion_id", id}}; }

const json* Criterion(const json& rules, const std::string& id) {
    for (const char* list : {"fit", "engagement", "sales_ready"})
        for (const json& criterion : rules[list])
            if (criterion["id"] == id) return &criterion;
    return nullptr;
}

}  // namespace

TEST_CASE("two leaders edit the draft at once; the server orders their batches and replays them to late editors") {
    DemoServer demo;
    ApiClient maya = demo.As("maya"), sam = demo.As("sam"), raj = demo.As("raj");
    json active = raj.Get("/api/definitions/active").Json();
    REQUIRE(active["version"] == 2);

    Reply opened = maya.Get("/api/definitions/draft");
    REQUIRE(opened.status == 200);
    json draft = opened.Json();
    CHECK(draft["version"] == 3);
    CHECK(draft["revision"] == 0);
    CHECK(draft["status"] == "draft");
    CHECK(draft["document"]["rules"] == active["rules"]);
    CHECK(draft["presence"] == json::array());
    const std::string first = active["rules"]["fit"][0]["id"], second = active["rules"]["fit"][1]["id"];

    Reply one = maya.Post("/api/definitions/draft/ops",
                          Batch("maya-tab", 1, 0, {SetProperty("mql_threshold", 70), SetCriterion(first, {{"label", "Budget confirmed"}})}));
    REQUIRE(one.status == 200);
    CHECK(one.Json()["revision"] == 1);
    CHECK(one.Json()["author_id"] == demo.IdOf("maya"));
    CHECK(one.Json()["ops"].size() == 2);
    CHECK(one.Json()["dropped"] == json::array());

    // Sam edited the same criterion from revision 0: his batch arrives second and so wins the label.
    Reply two = sam.Post("/api/definitions/draft/ops",
                         Batch("sam-tab", 1, 0, {SetCriterion(first, {{"label", "Budget named"}}), Remove(second)}));
    REQUIRE(two.status == 200);
    CHECK(two.Json()["revision"] == 2);

    // Maya's edit of the criterion Sam removed is dropped, and she is told why.
    Reply three = maya.Post("/api/definitions/draft/ops", Batch("maya-tab", 2, 1, {SetCriterion(second, {{"points", 5}})}));
    REQUIRE(three.status == 200);
    CHECK(three.Json()["revision"] == 3);
    CHECK(three.Json()["ops"] == json::array());
    REQUIRE(three.Json()["dropped"].size() == 1);
    CHECK(three.Json()["dropped"][0]["index"] == 0);
    CHECK(three.Json()["dropped"][0]["reason"] == "criterion '" + second + "' was removed");
    // A resend (the answer was lost) is answered again, not applied twice.
    Reply again = maya.Post("/api/definitions/draft/ops", Batch("maya-tab", 2, 1, {SetCriterion(second, {{"points", 5}})}));
    CHECK(again.Json() == three.Json());

    json now = raj.Get("/api/definitions/draft").Json();
    CHECK(now["revision"] == 3);
    CHECK(now["document"]["rules"]["mql_threshold"] == 70);
    REQUIRE(Criterion(now["document"]["rules"], first));
    CHECK((*Criterion(now["document"]["rules"], first))["label"] == "Budget named");
    CHECK_FALSE(Criterion(now["document"]["rules"], second));
    CHECK(now["document"]["rules"]["fit"].size() == active["rules"]["fit"].size() - 1);

    // An editor that fell behind gets exactly the batches after its revision, in order.
    json behind = raj.Get("/api/definitions/draft/ops?after=1").Json()["items"];
    REQUIRE(behind.size() == 2);
    CHECK(behind[0] == two.Json());
    CHECK(behind[1] == three.Json());
    CHECK(raj.Get("/api/definitions/draft/ops?after=0").Json()["items"].size() == 3);
    CHECK(raj.Get("/api/definitions/draft/ops?after=3").Json()["items"] == json::array());
}

TEST_CASE("ops and presence reach the other editor's event stream") {
    DemoServer demo;
    ApiClient maya = demo.As("maya"), sam = demo.As("sam");
    json draft = maya.Get("/api/definitions/draft").Json();
    const std::string criterion = draft["document"]["rules"]["engagement"][0]["id"];
    bool acted = false;
    std::string step = "join";
    Reply stream = sam.Stream("/api/events", [&](const std::string& received) {
        std::vector<Frame> frames = Frames(received);
        if (!acted && Has(frames, "hello")) {
            acted = true;
            REQUIRE(maya.Post("/api/definitions/draft/presence", {{"client_id", "maya-tab"}, {"criterion_id", criterion}, {"editing", true}}).status == 204);
            REQUIRE(maya.Post("/api/definitions/draft/ops", Batch("maya-tab", 1, 0, {SetCriterion(criterion, {{"points", 9}})})).status == 200);
            REQUIRE(maya.Post("/api/definitions/draft/presence", {{"client_id", "maya-tab"}, {"leaving", true}}).status == 204);
        }
        return !(Has(frames, "presence", 2) && Has(frames, "definition"));
    });
    REQUIRE(stream.status == 200);
    std::vector<Frame> presence, definition;
    for (const Frame& frame : Frames(stream.body)) {
        if (frame.event == "presence") presence.push_back(frame);
        if (frame.event == "definition") definition.push_back(frame);
    }
    REQUIRE(presence.size() == 2);
    REQUIRE(presence[0].data["clients"].size() == 1);
    json here = presence[0].data["clients"][0];
    CHECK(here["client_id"] == "maya-tab");
    CHECK(here["user_id"] == demo.IdOf("maya"));
    CHECK(here["role"] == "marketing_leader");
    CHECK(here["criterion_id"] == criterion);
    CHECK(here["editing"] == true);
    CHECK(presence[1].data["clients"] == json::array());   // she left
    REQUIRE(definition.size() == 1);
    CHECK(definition[0].data["kind"] == "ops");
    CHECK(definition[0].data["batch"]["revision"] == 1);
    CHECK(definition[0].data["batch"]["client_id"] == "maya-tab");
    CHECK(definition[0].data["batch"]["ops"] == json::array({SetCriterion(criterion, {{"points", 9}})}));
    // While she is on it, the draft says so too.
    REQUIRE(maya.Post("/api/definitions/draft/presence", {{"client_id", "maya-tab"}, {"criterion_id", criterion}}).status == 204);
    json listed = sam.Get("/api/definitions/draft").Json()["presence"];
    REQUIRE(listed.size() == 1);
    CHECK(listed[0]["criterion_id"] == criterion);
}

TEST_CASE("only leaders edit; malformed batches are refused by field and change nothing") {
    DemoServer demo;
    ApiClient maya = demo.As("maya");
    json before = maya.Get("/api/definitions/draft").Json();
    json ops = {SetProperty("mql_threshold", 61)};
    for (const char* who : {"raj", "rita", "mark", "admin"}) {
        INFO(who);
        CHECK(ErrorOf(demo.As(who).Post("/api/definitions/draft/ops", Batch(std::string(who) + "-tab", 1, 0, ops))) ==
              ApiError{403, "forbidden"});
        CHECK(ErrorOf(demo.As(who).Post("/api/definitions/draft/propose", json::object())) == ApiError{403, "forbidden"});
    }
    CHECK(ErrorOf(demo.Anonymous().Post("/api/definitions/draft/ops", Batch("x", 1, 0, ops))) == ApiError{401, "unauthorized"});
    CHECK(ErrorOf(demo.Anonymous().Post("/api/definitions/draft/presence", {{"client_id", "x"}})) == ApiError{401, "unauthorized"});
    CHECK(ErrorOf(demo.Anonymous().Post("/api/definitions/impact", before["document"]["rules"])) == ApiError{401, "unauthorized"});
    CHECK(ErrorOf(demo.Anonymous().Post("/api/definitions/3/approve", json::object())) == ApiError{401, "unauthorized"});
    CHECK(ErrorOf(demo.Anonymous().Post("/api/definitions/3/withdraw", json::object())) == ApiError{401, "unauthorized"});

    const std::pair<json, std::string> bad[] = {
        {Batch("m", 1, 0, json::array()), "ops"},
        {Batch("m", 1, 0, {{{"kind", "rename"}}}), "ops[0].kind"},
        {Batch("m", 1, 0, {SetProperty("colour", 1)}), "ops[0].property"},
        {Batch("m", 1, 0, {ops[0], {{"kind", "remove_criterion"}}}), "ops[1].criterion_id"},
        {Batch("m", 0, 0, ops), "client_seq"},
        {Batch("m", 1, -1, ops), "base_revision"},
        {Batch("", 1, 0, ops), "client_id"},
        {{{"client_id", "m"}, {"client_seq", 1}, {"ops", ops}}, "base_revision"},
    };
    for (const auto& [body, field] : bad) {
        INFO(body.dump());
        CHECK(ErrorOf(maya.Post("/api/definitions/draft/ops", body)) == ApiError{422, "invalid", field});
    }
    CHECK(ErrorOf(maya.Post("/api/definitions/draft/presence", {{"client_id", ""}})) == ApiError{422, "invalid", "client_id"});
    CHECK(ErrorOf(maya.Post("/api/definitions/draft/presence", {{"client_id", "m"}, {"editing", "yes"}})) ==
          ApiError{422, "invalid", "editing"});
    CHECK(maya.Get("/api/definitions/draft").Json() == before);

    // A well-formed op whose value the rules cannot take is dropped with the reason, not applied.
    Reply typed = maya.Post("/api/definitions/draft/ops", Batch("m", 1, 0, {SetProperty("mql_threshold", "high")}));
    REQUIRE(typed.status == 200);
    CHECK(typed.Json()["ops"] == json::array());
    REQUIRE(typed.Json()["dropped"].size() == 1);
    CHECK(maya.Get("/api/definitions/draft").Json()["document"] == before["document"]);
}

TEST_CASE("a proposal both leaders sign becomes the rule, re-scores every lead and moves the scorecard's agreed date") {
    DemoServer demo;
    ApiClient maya = demo.As("maya"), sam = demo.As("sam"), mark = demo.As("mark");
    json v2 = mark.Get("/api/definitions/active").Json();
    json draft = maya.Get("/api/definitions/draft").Json();
    CHECK(ErrorOf(maya.Post("/api/definitions/draft/propose", json::object())) == ApiError{422, "invalid", "rules"});

    // A threshold no lead reaches: nobody stays an MQL by score.
    REQUIRE(maya.Post("/api/definitions/draft/ops", Batch("maya-tab", 1, 0, {SetProperty("mql_threshold", 1000)})).status == 200);
    Reply proposed = maya.Post("/api/definitions/draft/propose", json::object());
    REQUIRE(proposed.status == 200);
    CHECK(proposed.Json()["version"] == 3);
    CHECK(proposed.Json()["status"] == "proposed");
    CHECK(ErrorOf(maya.Post("/api/definitions/draft/propose", json::object())) == ApiError{409, "conflict"});
    // Frozen while it is signed.
    CHECK(ErrorOf(sam.Post("/api/definitions/draft/ops", Batch("sam-tab", 1, 1, {SetProperty("mql_threshold", 60)}))) ==
          ApiError{409, "conflict"});

    Reply first = maya.Post("/api/definitions/3/approve", json::object());
    REQUIRE(first.status == 200);
    CHECK(first.Json()["activated"] == false);
    CHECK(first.Json()["definition"]["approvals"].size() == 1);
    CHECK(ErrorOf(maya.Post("/api/definitions/3/approve", json::object())) == ApiError{409, "conflict"});
    CHECK(ErrorOf(mark.Post("/api/definitions/3/approve", json::object())) == ApiError{403, "forbidden"});
    CHECK(ErrorOf(sam.Post("/api/definitions/2/approve", json::object())) == ApiError{409, "conflict"});
    CHECK(ErrorOf(sam.Post("/api/definitions/99/approve", json::object())) == ApiError{404, "not_found"});

    // Withdrawn, it is a draft again and the sign-off starts over.
    Reply withdrawn = sam.Post("/api/definitions/3/withdraw", json::object());
    REQUIRE(withdrawn.status == 200);
    CHECK(withdrawn.Json()["status"] == "draft");
    CHECK(withdrawn.Json()["approvals"] == json::array());
    CHECK(ErrorOf(sam.Post("/api/definitions/3/withdraw", json::object())) == ApiError{409, "conflict"});
    REQUIRE(sam.Post("/api/definitions/draft/ops", Batch("sam-tab", 1, 1, {SetProperty("summary", "Only hand-raisers")})).status == 200);
    REQUIRE(sam.Post("/api/definitions/draft/propose", json::object()).status == 200);

    std::vector<json> leads = AllLeads(mark);
    REQUIRE(leads.size() == 300);
    REQUIRE(sam.Post("/api/definitions/3/approve", json::object()).Json()["activated"] == false);
    // Maya signs second: first she sees that every lead waiting for the definition (new, mql or
    // sales-ready, now at mql or above) goes back to new, and no one reaches sales.
    json preview = maya.Get("/api/definitions/3/activation-preview").Json();
    std::int64_t qualified = 0;
    for (const json& lead : leads) qualified += lead["stage"] == "mql" || lead["stage"] == "sales_ready";
    CHECK(preview["to_new"] == qualified);
    CHECK(preview["to_mql"] == 0);
    CHECK(preview["to_sales_ready"] == 0);
    CHECK(preview["inboxes"] == json::array());
    for (const char* level : {"none", "mql", "sales_ready"}) {
        CHECK(preview["levels"][level]["mql"] == 0);
        CHECK(preview["levels"][level]["sales_ready"] == 0);
    }
    Reply signed_off = maya.Post("/api/definitions/3/approve", json::object());
    REQUIRE(signed_off.status == 200);
    CHECK(signed_off.Json()["leads_moved"] == qualified);
    json v3 = signed_off.Json()["definition"];
    CHECK(signed_off.Json()["activated"] == true);
    CHECK(signed_off.Json()["leads_rescored"] == 300);
    CHECK(v3["status"] == "active");
    CHECK(v3["summary"] == "Only hand-raisers");
    CHECK(v3["rules"]["mql_threshold"] == 1000);
    REQUIRE(v3["approvals"].size() == 2);   // listed marketing first, as every version's
    CHECK(v3["approvals"][0]["user_id"] == demo.IdOf("maya"));
    CHECK(v3["approvals"][1]["user_id"] == demo.IdOf("sam"));
    CHECK(v3["approvals"][1]["at"] <= v3["approvals"][0]["at"]);
    CHECK(mark.Get("/api/definitions/active").Json() == v3);
    CHECK(mark.Get("/api/definitions/2").Json()["retired_at"] == v3["activated_at"]);
    CHECK(mark.Get("/api/scorecard").Json()["definition"]["version"] == 3);
    CHECK(mark.Get("/api/scorecard").Json()["definition"]["activated_at"] == v3["activated_at"]);
    CHECK(v3["activated_at"] != v2["activated_at"]);

    // Every lead that was qualified by score only (mql or sales_ready, never handed further) falls
    // back to a lead, and its history says which version moved it.
    int expected_moves = 0;
    for (const json& lead : leads) expected_moves += lead["stage"] == "mql" || lead["stage"] == "sales_ready";
    CHECK(signed_off.Json()["leads_moved"] == expected_moves);
    int moved = 0;
    for (const json& lead : AllLeads(mark)) {
        json history = mark.Get("/api/leads/" + std::to_string(lead["id"].get<std::int64_t>()) + "/history").Json()["items"];
        if (!history.empty() && history.back()["reason"] == "definition v3") {
            ++moved;
            CHECK(history.back()["at"] == v3["activated_at"]);
        }
    }
    CHECK(moved == expected_moves);
    // The next draft starts from the rule now in force.
    json next = maya.Get("/api/definitions/draft").Json();
    CHECK(next["version"] == 4);
    CHECK(next["document"]["rules"] == v3["rules"]);
}

TEST_CASE("the impact preview: the browser's facts, and the server's count for any rules") {
    DemoServer demo;
    ApiClient raj = demo.As("raj");
    json rules = raj.Get("/api/definitions/active").Json()["rules"];
    Reply data = raj.Get("/api/definitions/impact-data");
    REQUIRE(data.status == 200);
    json facts = data.Json();
    std::vector<json> leads = AllLeads(raj);
    REQUIRE(facts["id"].size() == leads.size());
    std::set<std::int64_t> ids;
    for (const json& lead : leads) ids.insert(lead["id"].get<std::int64_t>());
    CHECK(std::set<std::int64_t>(facts["id"].begin(), facts["id"].end()) == ids);

    // The same rules change nothing.
    Reply same = raj.Post("/api/definitions/impact", rules);
    REQUIRE(same.status == 200);
    json total = same.Json()["total"];
    CHECK(total["leads"] == 300);
    CHECK(total["gained_mql"] == 0);
    CHECK(total["lost_mql"] == 0);
    CHECK(total["active_mql"] == total["draft_mql"]);
    const std::int64_t active_mql = total["active_mql"];
    CHECK(active_mql > 0);
    // A threshold nobody reaches loses every MQL; a threshold of zero makes every lead one.
    json none = rules, all = rules;
    none["mql_threshold"] = 1000;
    all["mql_threshold"] = 0;
    json lost = raj.Post("/api/definitions/impact", none).Json()["total"];
    CHECK(lost["draft_mql"] == 0);
    CHECK(lost["lost_mql"] == active_mql);
    CHECK(lost["gained_mql"] == 0);
    json gained = raj.Post("/api/definitions/impact", all).Json()["total"];
    CHECK(gained["draft_mql"] == 300);
    CHECK(gained["gained_mql"] == 300 - active_mql);
    CHECK(gained["lost_mql"] == 0);
    none["mql_threshold"] = "high";
    CHECK(ErrorOf(raj.Post("/api/definitions/impact", none)) == ApiError{422, "invalid", "mql_threshold"});
}

TEST_CASE("above 50,000 leads the browser is sent to the server's preview") {
    DemoServer demo(50001);
    Reply data = demo.As("raj").Get("/api/definitions/impact-data");
    CHECK(ErrorOf(data) == ApiError{413, "payload_too_large"});
}

TEST_CASE("rejection pressure counts sales' rejections per reason and per field the reason contradicts") {
    DemoServer demo;
    ApiClient maya = demo.As("maya");
    json before = maya.Get("/api/definitions/rejection-pressure").Json();
    CHECK(before["days"] == 90);
    int after_count = 0;
    // Sales rejects three fresh sales-ready leads for budget, one for timing.
    for (const char* reason : {"no_budget", "no_budget", "no_budget", "no_timeline"}) {
        json lead = {{"email", std::string(reason) + std::to_string(after_count++) + "@example.com"}, {"title", "CTO"},
                     {"industry", "software"}, {"company_size", 200}, {"country", "US"}, {"phone", "+1 555 0100"},
                     {"authority", "decision_maker"}, {"need", "yes"}, {"budget_usd", 20000}, {"timeline_months", 3},
                     {"demo_requested", true}};
        Reply created = demo.As("mark").Post("/api/leads", lead);
        REQUIRE(created.Json()["stage"] == "sales_ready");
        std::string path = "/api/leads/" + std::to_string(created.Json()["id"].get<std::int64_t>());
        REQUIRE(demo.As("sam").Post(path + "/transitions", {{"to", "recycled"}, {"reason", reason}}).status == 200);
    }
    json after = maya.Get("/api/definitions/rejection-pressure").Json();
    CHECK(after["rejections"] == before["rejections"].get<int>() + 4);
    CHECK(after["by_reason"]["no_budget"] == before["by_reason"].value("no_budget", 0) + 3);
    CHECK(after["by_reason"]["no_timeline"] == before["by_reason"].value("no_timeline", 0) + 1);
    CHECK(after["by_field"]["budget_usd"] == before["by_field"].value("budget_usd", 0) + 3);
    CHECK(after["by_field"]["timeline_months"] == before["by_field"].value("timeline_months", 0) + 1);
    CHECK(ErrorOf(maya.Get("/api/definitions/rejection-pressure?days=0")) == ApiError{400, "bad_request", "days"});
}
