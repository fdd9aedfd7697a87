// The content-request board over HTTP and the notice it leaves: a request moves open -> in_progress
// -> done, and when someone else moves it to done its requester finds a notification (pushed on the
// event stream too) linking to it; GET /api/notifications and POST /api/notifications/{id}/read.
#include <chrono>
#include <doctest/doctest.h>

#include "server_process.h"
#include "sse_frames.h"

using namespace tandem::test;

namespace {

std::vector<std::int64_t> BoardColumn(const ApiClient& client, const std::string& status) {
    Reply reply = client.Get("/api/feedback?kind=content_request&status=" + status + "&limit=500");
    REQUIRE(reply.status == 200);
    nlohmann::json body = reply.Json();
    std::vector<std::int64_t> ids;
    for (const nlohmann::json& item : body["items"]) ids.push_back(item["id"]);
    return ids;
}

bool Contains(const std::vector<std::int64_t>& ids, std::int64_t id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); }

nlohmann::json Notifications(const ApiClient& client, const std::string& query = {}) {
    Reply reply = client.Get("/api/notifications" + query);
    REQUIRE(reply.status == 200);
    return reply.Json();
}

std::string NameOf(const ApiClient& client) { return client.Get("/api/auth/me").Json()["name"]; }

std::int64_t NowSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// "2026-11-25T15:55:16Z" -> seconds since the epoch (days from civil, as in test_feedback_insights.cpp).
std::int64_t Seconds(const std::string& iso) {
    int y = std::stoi(iso.substr(0, 4)), m = std::stoi(iso.substr(5, 2)), d = std::stoi(iso.substr(8, 2));
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const std::int64_t days = static_cast<std::int64_t>(era) * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
    return days * 86400 + std::stoi(iso.substr(11, 2)) * 3600 + std::stoi(iso.substr(14, 2)) * 60 + std::stoi(iso.substr(17, 2));
}

}  // namespace

TEST_CASE("a content request moves across the board, and its requester is told when someone else finishes it") {
    DemoServer demo;
    ApiClient rita = demo.As("rita"), mark = demo.As("mark"), maya = demo.As("maya"), raj = demo.As("raj");
    std::int64_t rita_id = demo.IdOf("rita");
    nlohmann::json rita_before = Notifications(rita), mark_before = Notifications(mark), raj_before = Notifications(raj);

    Reply asked = rita.Post("/api/feedback", {{"kind", "content_request"}, {"text", "A case study for logistics"}, {"tags", {"logistics"}}});
    REQUIRE(asked.status == 201);
    std::int64_t id = asked.Json()["id"];
    std::string path = asked.Header("Location");
    CHECK(asked.Json()["status"] == "open");
    CHECK(Contains(BoardColumn(maya, "open"), id));
    CHECK(!Contains(BoardColumn(maya, "in_progress"), id));

    REQUIRE(mark.Patch(path, {{"status", "in_progress"}}).status == 200);
    CHECK(!Contains(BoardColumn(maya, "open"), id));
    CHECK(Contains(BoardColumn(maya, "in_progress"), id));
    CHECK(Notifications(rita) == rita_before);   // started is not news yet

    // Done, while Rita's dashboard listens: the notice is pushed to it, then listed.
    bool moved = false;
    Reply stream = rita.Stream("/api/events", [&](const std::string& received) {
        std::vector<Frame> frames = Frames(received);
        if (!moved && Has(frames, "hello")) {
            moved = true;
            REQUIRE(mark.Patch(path, {{"status", "done"}}).status == 200);
        }
        return !(moved && Has(frames, "notification"));
    });
    std::vector<Frame> frames = Frames(stream.body);
    REQUIRE(Has(frames, "notification"));
    CHECK(Contains(BoardColumn(maya, "done"), id));
    CHECK(!Contains(BoardColumn(maya, "in_progress"), id));

    nlohmann::json after = Notifications(rita);
    CHECK(after["unread"] == rita_before["unread"].get<std::int64_t>() + 1);
    REQUIRE(after["items"].size() == rita_before["items"].size() + 1);
    nlohmann::json notice = after["items"][0];
    CHECK(notice["user_id"] == rita_id);
    CHECK(notice["text"] == NameOf(mark) + " finished your content request: \u201cA case study for logistics\u201d");
    CHECK(notice["link"] == "#/feedback?request=" + std::to_string(id) + "&tab=requests");
    CHECK(notice["read_at"].is_null());
    CHECK(std::abs(Seconds(notice["created_at"]) - NowSeconds()) <= 5);
    // The pushed event names whom it is for, not what it says.
    for (const Frame& frame : frames)
        if (frame.event == "notification") CHECK(frame.data == nlohmann::json({{"id", notice["id"]}, {"user_id", rita_id}}));
    // Nobody else was told.
    CHECK(Notifications(mark) == mark_before);
    CHECK(Notifications(raj) == raj_before);

    // Done again is not news; reopened and finished again is.
    REQUIRE(maya.Patch(path, {{"status", "done"}}).status == 200);
    CHECK(Notifications(rita)["items"].size() == after["items"].size());
    REQUIRE(mark.Patch(path, {{"status", "in_progress"}}).status == 200);
    REQUIRE(maya.Patch(path, {{"status", "done"}}).status == 200);
    nlohmann::json again = Notifications(rita);
    CHECK(again["unread"] == rita_before["unread"].get<std::int64_t>() + 2);
    CHECK(again["items"][0]["text"] == NameOf(maya) + " finished your content request: \u201cA case study for logistics\u201d");

    // A requester who closes her own request is not told about it.
    Reply own = rita.Post("/api/feedback", {{"kind", "content_request"}, {"text", "Pricing one-pager"}});
    REQUIRE(own.status == 201);
    REQUIRE(rita.Patch(own.Header("Location"), {{"status", "done"}}).status == 200);
    CHECK(Notifications(rita) == again);

    // A long request is quoted to its first 80 bytes, never cutting a character in two: here byte 80
    // is the second half of an "ü", so the quote stops before it.
    std::string long_text = "Ein ";
    for (int i = 0; i < 20; ++i) long_text += "Fallstudie\u00fc ";   // 13 bytes each
    Reply long_request = rita.Post("/api/feedback", {{"kind", "content_request"}, {"text", long_text}});
    REQUIRE(long_request.status == 201);
    REQUIRE(mark.Patch(long_request.Header("Location"), {{"status", "done"}}).status == 200);
    std::string quoted = "Ein ";
    for (int i = 0; i < 5; ++i) quoted += "Fallstudie\u00fc ";
    quoted += "Fallstudie\u2026";   // 4 + 65 + 10 = 79 bytes, then the ellipsis
    CHECK(Notifications(rita)["items"][0]["text"] == NameOf(mark) + " finished your content request: \u201c" + quoted + "\u201d");
}

TEST_CASE("notifications are read one by one by their owner only; the list is the caller's, newest first") {
    DemoServer demo;
    ApiClient rita = demo.As("rita"), mark = demo.As("mark"), raj = demo.As("raj");
    std::vector<std::int64_t> requests;
    for (const char* text : {"Battle card vs spreadsheets", "Security FAQ", "ROI calculator"}) {
        Reply asked = rita.Post("/api/feedback", {{"kind", "content_request"}, {"text", text}});
        REQUIRE(asked.status == 201);
        requests.push_back(asked.Json()["id"]);
        REQUIRE(mark.Patch(asked.Header("Location"), {{"status", "done"}}).status == 200);
    }
    nlohmann::json list = Notifications(rita);
    REQUIRE(list["items"].size() >= 3);
    std::int64_t unread = list["unread"];
    CHECK(unread >= 3);
    for (std::size_t i = 0; i + 1 < list["items"].size(); ++i) CHECK(list["items"][i]["id"] > list["items"][i + 1]["id"]);
    CHECK(list["items"][0]["link"] == "#/feedback?request=" + std::to_string(requests[2]) + "&tab=requests");
    nlohmann::json one = Notifications(rita, "?limit=1");
    CHECK(one["items"].size() == 1);
    CHECK(one["items"][0] == list["items"][0]);
    CHECK(one["unread"] == unread);   // counts all, not the page

    std::int64_t id = list["items"][1]["id"];
    std::string read_path = "/api/notifications/" + std::to_string(id) + "/read";
    // Somebody else's notice is not found, and stays unread.
    CHECK(ErrorOf(raj.Post(read_path, nlohmann::json::object())) == ApiError{404, "not_found"});
    CHECK(ErrorOf(demo.Anonymous().Post(read_path, nlohmann::json::object())) == ApiError{401, "unauthorized"});
    CHECK(Notifications(rita)["unread"] == unread);

    Reply read = rita.Post(read_path, nlohmann::json::object());
    REQUIRE(read.status == 200);
    CHECK(read.Json()["id"] == id);
    CHECK(read.Json()["text"] == list["items"][1]["text"]);
    REQUIRE(read.Json()["read_at"].is_string());
    CHECK(std::abs(Seconds(read.Json()["read_at"]) - NowSeconds()) <= 5);
    nlohmann::json now = Notifications(rita);
    CHECK(now["unread"] == unread - 1);
    CHECK(now["items"][1] == read.Json());
    CHECK(now["items"][0]["read_at"].is_null());
    // Reading it again changes nothing, not even when.
    Reply again = rita.Post(read_path, nlohmann::json::object());
    CHECK(again.status == 200);
    CHECK(again.Json() == read.Json());
    CHECK(Notifications(rita)["unread"] == unread - 1);

    CHECK(ErrorOf(rita.Post("/api/notifications/99999/read", nlohmann::json::object())) == ApiError{404, "not_found"});
    CHECK(ErrorOf(rita.Post("/api/notifications/abc/read", nlohmann::json::object())) == ApiError{404, "not_found"});
    CHECK(ErrorOf(rita.Post("/api/notifications/0/read", nlohmann::json::object())) == ApiError{404, "not_found"});
    CHECK(ErrorOf(demo.Anonymous().Get("/api/notifications")) == ApiError{401, "unauthorized"});
    CHECK(ErrorOf(rita.Get("/api/notifications?limit=0")) == ApiError{400, "bad_request", "limit"});
    CHECK(ErrorOf(rita.Get("/api/notifications?limit=101")) == ApiError{400, "bad_request", "limit"});
    CHECK(ErrorOf(rita.Get("/api/notifications?limit=ten")) == ApiError{400, "bad_request", "limit"});
    // Mark, who did the work, has nothing of Rita's.
    nlohmann::json marks = Notifications(mark);
    for (const nlohmann::json& item : marks["items"]) CHECK(item["user_id"] == demo.IdOf("mark"));
}
