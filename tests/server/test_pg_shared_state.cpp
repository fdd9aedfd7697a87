// Two servers on one PostgreSQL database behave as one: failed sign-ins through either count
// together, the definition editor's presence reported to either is listed by both, and batches
// of edits sent to both at once get one revision each, in one order.
#include <doctest/doctest.h>

#include <future>
#include <map>
#include <regex>
#include <set>

#include "real_parts.h"
#include "server_process.h"
#include "sse_frames.h"

using namespace tandem::test;
using nlohmann::json;

namespace {

constexpr int kDemoLeads = 20;

// Both servers trust 127.0.0.1 as their proxy, so a test client can speak for any address.
std::vector<std::string> OnDatabase(const std::string& url) { return {"--db", url, "--trust-proxy", "127.0.0.1"}; }

json Credentials(const std::string& email, const std::string& password) { return {{"email", email}, {"password", password}}; }

ApiClient From(DemoServer& server, const std::string& address) {
    return server.Anonymous().WithHeader("X-Forwarded-For", address);
}

// A refusal by the limiter: 429 with whole seconds to wait (at most the 15-minute window), said
// the same in the header and the message.
void CheckLimited(const Reply& reply) {
    CHECK(ErrorOf(reply) == ApiError{429, "rate_limited"});
    CHECK(reply.Header("Set-Cookie") == "");
    std::string header = reply.Header("Retry-After");
    REQUIRE(std::regex_match(header, std::regex("[0-9]+")));
    CHECK(std::stoi(header) >= 1);
    CHECK(std::stoi(header) <= 900);
    CHECK(reply.Json()["error"]["message"] == "too many failed sign-ins from your address; try again in " + header + " s");
}

// What the draft lists as present, as `client` reads it from its server.
json Present(const ApiClient& client) {
    Reply draft = client.Get("/api/definitions/draft");
    REQUIRE(draft.status == 200);
    return draft.Json()["presence"];
}

// A presence entry as the API writes one, from the user as /api/auth/me describes them.
json Entry(const std::string& client_id, const json& user, const std::string& criterion_id, bool editing) {
    return {{"client_id", client_id}, {"user_id", user["id"]},   {"name", user["name"]},
            {"role", user["role"]},   {"criterion_id", criterion_id}, {"editing", editing}};
}

}  // namespace

TEST_CASE("two servers, one PostgreSQL: five wrong passwords spread over both stop the sixth on either") {
    PostgresCluster cluster;
    std::string url = cluster.CreateDatabase("shared_sign_in");
    DemoServer a(kDemoLeads, OnDatabase(url));
    DemoServer b(kDemoLeads, OnDatabase(url));
    ApiClient guesser_a = From(a, "203.0.113.66"), guesser_b = From(b, "203.0.113.66");

    for (int attempt = 1; attempt <= 5; ++attempt) {
        INFO("attempt ", attempt);
        const ApiClient& guesser = attempt % 2 == 1 ? guesser_a : guesser_b;
        Reply failed = guesser.Post("/api/auth/login", Credentials("maya@tandem.test", "guess-" + std::to_string(attempt)));
        CHECK(ErrorOf(failed) == ApiError{401, "unauthorized"});
        CHECK(failed.Header("Retry-After") == "");
    }
    // Three failures reached A and two reached B: each alone is under five, together they are five.
    CheckLimited(guesser_a.Post("/api/auth/login", Credentials("maya@tandem.test", "guess-6")));
    CheckLimited(guesser_b.Post("/api/auth/login", Credentials("maya@tandem.test", "guess-6")));
    // The guessing address waits even with the right password...
    CheckLimited(guesser_b.Post("/api/auth/login", Credentials("maya@tandem.test", kDemoPassword)));

    // ...while Maya from her own address gets in through either server.
    for (DemoServer* server : {&a, &b}) {
        Reply maya = From(*server, "198.51.100.20").Post("/api/auth/login", Credentials("maya@tandem.test", kDemoPassword));
        CHECK(maya.status == 200);
        CHECK(maya.Json()["email"] == "maya@tandem.test");
        CHECK(maya.Header("Set-Cookie").starts_with("tandem_session="));
    }
}

TEST_CASE("two servers, one PostgreSQL: editors reporting to either are listed by both, and one who leaves is gone from both") {
    PostgresCluster cluster;
    std::string url = cluster.CreateDatabase("shared_presence");
    DemoServer a(kDemoLeads, OnDatabase(url));
    DemoServer b(kDemoLeads, OnDatabase(url));
    ApiClient maya = a.As("maya"), sam = b.As("sam");
    json maya_user = maya.Get("/api/auth/me").Json(), sam_user = sam.Get("/api/auth/me").Json();
    REQUIRE(maya_user["name"].get<std::string>() < sam_user["name"].get<std::string>());   // the list's order

    json draft = maya.Get("/api/definitions/draft").Json();
    CHECK(draft["presence"] == json::array());
    CHECK(sam.Get("/api/definitions/draft").Json()["version"] == draft["version"]);   // one draft, whichever server
    const std::string criterion = draft["document"]["rules"]["fit"][0]["id"];

    REQUIRE(maya.Post("/api/definitions/draft/presence", {{"client_id", "maya-tab"}, {"criterion_id", criterion}, {"editing", true}})
                .status == 204);
    // Sam reports to B while his event stream on B is open: the list B broadcasts has Maya from A in it.
    json both = json::array({Entry("maya-tab", maya_user, criterion, true), Entry("sam-tab", sam_user, "", false)});
    bool reported = false;
    std::vector<Frame> broadcast;
    Reply stream = sam.Stream("/api/events", [&](const std::string& received) {
        std::vector<Frame> frames = Frames(received);
        if (!reported && Has(frames, "hello")) {
            reported = true;
            REQUIRE(sam.Post("/api/definitions/draft/presence", {{"client_id", "sam-tab"}}).status == 204);
        }
        broadcast.clear();
        for (const Frame& frame : frames)
            if (frame.event == "presence" && frame.data["clients"].size() == 2) broadcast.push_back(frame);
        return broadcast.empty();
    });
    REQUIRE(stream.status == 200);
    REQUIRE(broadcast.size() == 1);
    CHECK(broadcast[0].data["clients"] == both);

    CHECK(Present(maya) == both);
    CHECK(Present(sam) == both);
    CHECK(Present(a.As("raj")) == both);
    CHECK(Present(b.As("raj")) == both);

    // Sam closes his editor on B: gone on both; then Maya closes hers on A.
    REQUIRE(sam.Post("/api/definitions/draft/presence", {{"client_id", "sam-tab"}, {"leaving", true}}).status == 204);
    json only_maya = json::array({Entry("maya-tab", maya_user, criterion, true)});
    CHECK(Present(maya) == only_maya);
    CHECK(Present(sam) == only_maya);
    REQUIRE(maya.Post("/api/definitions/draft/presence", {{"client_id", "maya-tab"}, {"leaving", true}}).status == 204);
    CHECK(Present(maya) == json::array());
    CHECK(Present(sam) == json::array());
}

TEST_CASE("two servers, one PostgreSQL: batches sent to both at once get revisions 1..N, once each, in one order") {
    PostgresCluster cluster;
    std::string url = cluster.CreateDatabase("shared_revisions");
    DemoServer a(kDemoLeads, OnDatabase(url));
    DemoServer b(kDemoLeads, OnDatabase(url));
    ApiClient maya = a.As("maya"), sam = b.As("sam");
    json draft = maya.Get("/api/definitions/draft").Json();
    REQUIRE(draft["revision"] == 0);
    const std::string criterion = draft["document"]["rules"]["fit"][0]["id"];

    // Four editors on each server, five batches each, all from revision 0 and all at once.
    constexpr int kEditors = 8, kBatches = 5;
    std::vector<std::future<std::vector<json>>> editors;
    for (int editor = 0; editor < kEditors; ++editor) {
        editors.push_back(std::async(std::launch::async, [&, editor] {
            const ApiClient& client = editor % 2 == 0 ? maya : sam;
            std::vector<json> accepted;
            for (int seq = 1; seq <= kBatches; ++seq) {
                json op = {{"kind", "set_criterion"}, {"criterion_id", criterion}, {"value", {{"points", editor * 10 + seq}}}};
                json batch = {{"client_id", "tab-" + std::to_string(editor)}, {"client_seq", seq}, {"base_revision", 0},
                              {"ops", json::array({op})}};
                Reply reply = client.Post("/api/definitions/draft/ops", batch);
                accepted.push_back(reply.status == 200 ? reply.Json() : json{{"status", reply.status}, {"body", reply.body}});
            }
            return accepted;
        }));
    }
    std::set<std::int64_t> revisions;
    std::map<std::int64_t, int> points_at;   // the points each revision set
    for (auto& editor : editors) {
        for (const json& batch : editor.get()) {
            REQUIRE_MESSAGE(batch.contains("revision"), batch.dump());
            revisions.insert(batch["revision"].get<std::int64_t>());
            REQUIRE(batch["ops"].size() == 1);
            points_at[batch["revision"]] = batch["ops"][0]["value"]["points"].get<int>();
        }
    }
    constexpr std::int64_t kTotal = kEditors * kBatches;
    CHECK(revisions.size() == kTotal);
    CHECK(*revisions.begin() == 1);
    CHECK(*revisions.rbegin() == kTotal);

    // Both servers replay the same log in revision order and hold the same document: the last
    // revision's points.
    json log_a = maya.Get("/api/definitions/draft/ops?after=0").Json()["items"];
    json log_b = sam.Get("/api/definitions/draft/ops?after=0").Json()["items"];
    REQUIRE(log_a.size() == kTotal);
    CHECK(log_b == log_a);
    for (std::int64_t i = 0; i < kTotal; ++i) CHECK(log_a[i]["revision"] == i + 1);
    json on_a = maya.Get("/api/definitions/draft").Json(), on_b = sam.Get("/api/definitions/draft").Json();
    CHECK(on_a["revision"] == kTotal);
    CHECK(on_b == on_a);
    CHECK(on_a["document"]["rules"]["fit"][0]["id"] == criterion);
    CHECK(on_a["document"]["rules"]["fit"][0]["points"] == points_at[kTotal]);
}
