// GET /api/events over HTTP: the Server-Sent Events stream announces committed changes, and a
// dashboard that reconnects with Last-Event-ID gets exactly what it missed.
#include <algorithm>
#include <doctest/doctest.h>

#include "server_process.h"
#include "sse_frames.h"

using namespace tandem::test;

TEST_CASE("the event stream announces each committed change, after a hello that says where it starts") {
    DemoServer demo;
    ApiClient maya = demo.As("maya");
    ApiClient mark = demo.As("mark");
    ApiClient rita = demo.As("rita");
    std::int64_t lead_id = 0;
    bool acted = false;
    Reply stream = maya.Stream("/api/events", [&](const std::string& received) {
        std::vector<Frame> frames = Frames(received);
        if (!acted && Has(frames, "hello")) {
            acted = true;
            // Changes made by others while the stream is open.
            Reply created = mark.Post("/api/leads", {{"email", "live@example.com"}});
            REQUIRE(created.status == 201);
            lead_id = created.Json()["id"];
            REQUIRE(mark.Post("/api/campaigns", {{"name", "Live launch"}, {"start", "2027-05-01"}, {"end", "2027-05-02"}}).status == 201);
            REQUIRE(rita.Post("/api/feedback", {{"kind", "question"}, {"text", "Pricing?"}, {"lead_id", lead_id}}).status == 201);
            REQUIRE(mark.Send("POST", "/api/leads/import", "Email\r\nlive2@example.com\r\n", "text/csv").status == 200);
            // A refused change is not news.
            REQUIRE(rita.Post("/api/leads/" + std::to_string(lead_id) + "/transitions", {{"to", "mql"}}).status == 403);
            REQUIRE(mark.Post("/api/leads/" + std::to_string(lead_id) + "/transitions", {{"to", "mql"}}).status == 200);
        }
        return !(acted && Has(frames, "leads") && Has(frames, "scorecard", 3) && Has(frames, "lead", 2));
    });
    REQUIRE(stream.status == 200);
    CHECK(stream.Header("Content-Type") == "text/event-stream");
    CHECK(stream.Header("Cache-Control") == "no-store");
    CHECK(stream.body.starts_with("retry: 2000\nid: "));
    std::vector<Frame> frames = Frames(stream.body);
    REQUIRE(frames.size() == 9);
    CHECK(frames[0].event == "hello");
    CHECK(frames[0].data == nlohmann::json::object());
    std::uint64_t start = frames[0].id;
    // Ids follow each other from where the hello said the stream starts.
    for (std::size_t i = 1; i < frames.size(); ++i) CHECK(frames[i].id == start + i);

    CHECK(frames[1].event == "lead");
    CHECK(frames[1].data == nlohmann::json({{"id", lead_id}, {"stage", "new"}, {"change", "created"}, {"revision", 1}, {"owner_id", nullptr}}));
    CHECK(frames[2].event == "scorecard");
    CHECK(frames[3].event == "campaign");
    CHECK(frames[3].data == nlohmann::json({{"id", 31}, {"change", "created"}}));
    CHECK(frames[4].event == "feedback");
    CHECK(frames[4].data["kind"] == "question");
    CHECK(frames[4].data["lead_id"] == lead_id);
    CHECK(frames[5].event == "leads");
    CHECK(frames[5].data == nlohmann::json({{"imported", 1}, {"updated", 0}}));
    CHECK(frames[6].event == "scorecard");
    CHECK(frames[7].event == "lead");
    CHECK(frames[7].data == nlohmann::json({{"id", lead_id}, {"stage", "mql"}, {"change", "moved"}, {"revision", 2}, {"owner_id", nullptr}}));
    CHECK(frames[8].event == "scorecard");
}

TEST_CASE("a stream resumed with Last-Event-ID replays exactly the events after that id") {
    DemoServer demo;
    ApiClient sam = demo.As("sam");
    // Read where the stream stands, then change things while nobody listens.
    Reply first = sam.Stream("/api/events", [](const std::string& received) { return Frames(received).empty(); });
    REQUIRE(first.status == 200);
    std::uint64_t seen = Frames(first.body).at(0).id;
    for (int i = 0; i < 3; ++i) REQUIRE(sam.Post("/api/leads", {{"email", "missed" + std::to_string(i) + "@example.com"}}).status == 201);

    auto replay = [&](const ApiClient& client, const std::string& target, const httplib::Headers& headers) {
        Reply resumed = client.Stream(target, [](const std::string& received) { return Frames(received).size() < 7; }, headers);
        REQUIRE(resumed.status == 200);
        return Frames(resumed.body);
    };
    for (int way = 0; way < 2; ++way) {
        std::string how = way == 0 ? "by header" : "by query";
        INFO(how);
        std::vector<Frame> frames = way == 0 ? replay(sam, "/api/events", {{"Last-Event-ID", std::to_string(seen)}})
                                             : replay(sam, "/api/events?last_event_id=" + std::to_string(seen), {});
        REQUIRE(frames.size() == 7);
        CHECK(frames[0].event == "hello");
        CHECK(frames[0].id == seen);
        for (int i = 0; i < 3; ++i) {
            const Frame& lead = frames[static_cast<std::size_t>(1 + 2 * i)];
            CHECK(lead.event == "lead");
            CHECK(lead.id == seen + static_cast<std::uint64_t>(1 + 2 * i));
            CHECK(lead.data["change"] == "created");
            CHECK(lead.data["id"] == 301 + i);
            CHECK(frames[static_cast<std::size_t>(2 + 2 * i)].event == "scorecard");
        }
    }
    CHECK(ErrorOf(sam.Get("/api/events", {{"Last-Event-ID", "yesterday"}})) == ApiError{400, "bad_request", "Last-Event-ID"});
    CHECK(ErrorOf(sam.Get("/api/events?last_event_id=-1")) == ApiError{400, "bad_request", "last_event_id"});
    CHECK(ErrorOf(sam.Get("/api/events?since=1")) == ApiError{400, "bad_request", "since"});
}
