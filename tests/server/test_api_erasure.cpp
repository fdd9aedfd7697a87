// A person's right to erasure and to a copy of their data, over HTTP: the copy holds everything the
// dashboard shows about them; erasing removes it all, keeps the anonymous lead with its history,
// and leaves the scorecard exactly as it was.
#include <doctest/doctest.h>

#include <ctime>

#include "server_process.h"

using namespace tandem::test;

namespace {

// The first day of this month and of the next, YYYY-MM-DD (the scorecard's default period).
std::pair<std::string, std::string> ThisMonth() {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    auto day_one = [](int year, int month) {
        std::string text = std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month) + "-01";
        return text;
    };
    int year = utc.tm_year + 1900;
    int month = utc.tm_mon + 1;
    return {day_one(year, month), month == 12 ? day_one(year + 1, 1) : day_one(year, month + 1)};
}

// Every string anywhere in `value`, so a test can say none of them holds a piece of personal data.
void Strings(const nlohmann::json& value, std::vector<std::string>& out) {
    if (value.is_string()) out.push_back(value.get<std::string>());
    else if (value.is_structured())
        for (const nlohmann::json& member : value) Strings(member, out);
}

bool Mentions(const nlohmann::json& value, const std::string& text) {
    std::vector<std::string> strings;
    Strings(value, strings);
    for (const std::string& s : strings)
        if (s.find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("erasing a person keeps an anonymous lead with its history, and the scorecard does not change") {
    DemoServer demo;
    ApiClient maya = demo.As("maya");
    ApiClient sam = demo.As("sam");
    ApiClient rita = demo.As("rita");
    // A webhook nobody answers keeps its messages (and what they say about the person) in its log.
    REQUIRE(demo.As("admin").Post("/api/webhooks", {{"url", "http://127.0.0.1:1/erasure"},
                                                     {"events", {"lead.accepted", "feedback.created",
                                                                 "content_request.done"}}}).status == 201);
    auto messages_saying = [&](const std::string& text) {
        return QueryText(demo.DbTarget(), "SELECT count(*) FROM webhook_messages WHERE payload LIKE '%" + text + "%'");
    };

    // A lead with something personal in every place: its facts, assignment notes, a note on its
    // stage history, and feedback about the person.
    std::int64_t id = demo.HandOverTo("rita");
    std::string path = "/api/leads/" + std::to_string(id);
    nlohmann::json facts = rita.Get(path).Json();
    const std::string email = facts["email"];
    REQUIRE(rita.Patch(path, {{"name", "Pat Quinlan"}, {"phone", "+44 20 7946 0958"}}).status == 200);
    REQUIRE(sam.Post(path + "/assign", {{"owner_id", demo.IdOf("raj")}, {"note", "Pat Quinlan speaks Spanish"}}).status == 200);
    REQUIRE(sam.Post(path + "/assign", {{"owner_id", demo.IdOf("rita")}, {"note", "Back to Rita: Pat asked"}}).status == 200);
    REQUIRE(rita.Post(path + "/transitions", {{"to", "sql"}, {"note", "Pat Quinlan wants a call on Tuesday"}}).status == 200);
    Reply logged = rita.Post("/api/feedback", {{"kind", "objection"}, {"lead_id", id},
                                               {"text", "Pat Quinlan finds the price too high"}});
    REQUIRE(logged.status == 201);
    const std::int64_t feedback_id = logged.Json()["id"];
    // A content request about them, finished by marketing: its requester's notice quotes it.
    Reply requested = rita.Post("/api/feedback", {{"kind", "content_request"}, {"lead_id", id},
                                                  {"text", "Pat Quinlan needs a case study in Spanish"}});
    REQUIRE(requested.status == 201);
    const std::string request_id = std::to_string(requested.Json()["id"].get<std::int64_t>());
    REQUIRE(demo.As("mark").Patch("/api/feedback/" + request_id, {{"status", "done"}}).status == 200);
    auto notice = [&]() {
        nlohmann::json notices = rita.Get("/api/notifications").Json();
        for (const nlohmann::json& item : notices["items"])
            if (item["link"].get<std::string>().find("request=" + request_id) != std::string::npos) return item;
        return nlohmann::json();
    };
    CHECK(notice()["text"] == "Mark Marketer finished your content request: \u201cPat Quinlan needs a case study in Spanish\u201d");
    // lead.accepted, two feedback.created and content_request.done.
    CHECK(messages_saying("Quinlan") == "4");
    CHECK(messages_saying(email) == "1");

    // The copy a subject access request gets: everything above, as the API shows it elsewhere.
    Reply copy = maya.Get(path + "/personal-data");
    REQUIRE(copy.status == 200);
    CHECK(copy.Header("Content-Disposition") ==
          "attachment; filename=\"lead-" + std::to_string(id) + "-personal-data.json\"");
    nlohmann::json before = copy.Json();
    nlohmann::json lead = maya.Get(path).Json();
    CHECK(before["lead"] == lead);
    CHECK(before["stage_history"] == maya.Get(path + "/history").Json()["items"]);
    CHECK(before["assignments"] == maya.Get(path + "/assignments").Json()["items"]);
    REQUIRE(before["feedback"].size() == 2);
    CHECK(before["feedback"][0] == maya.Get("/api/feedback/" + std::to_string(feedback_id)).Json());
    CHECK(before["feedback"][1] == maya.Get("/api/feedback/" + request_id).Json());
    CHECK(lead["name"] == "Pat Quinlan");
    CHECK(lead["erased_at"].is_null());
    CHECK(lead["erased_by"].is_null());
    // What erasing must clear, counted from the copy.
    std::int64_t history_notes = 0;
    for (const nlohmann::json& change : before["stage_history"]) history_notes += change["note"] != "";
    std::int64_t assignment_notes = 0;
    for (const nlohmann::json& assignment : before["assignments"]) assignment_notes += assignment["note"] != "";
    CHECK(history_notes >= 1);
    CHECK(assignment_notes >= 2);

    auto [from, to] = ThisMonth();
    const std::string scorecard = "/api/scorecard?from=" + from + "&to=" + to + "&weekly=true";
    nlohmann::json kpis_before = maya.Get(scorecard).Json()["scorecard"];
    nlohmann::json by_source_before = maya.Get(scorecard + "&group=source").Json()["scorecard"];

    // Only the admin and the marketing leader may erase or copy; nobody erases what is not there.
    for (const char* who : {"sam", "mark", "rita"}) {
        CHECK(ErrorOf(demo.As(who).Post(path + "/erase", nlohmann::json::object())) == ApiError{403, "forbidden", ""});
        CHECK(ErrorOf(demo.As(who).Get(path + "/personal-data")) == ApiError{403, "forbidden", ""});
    }
    CHECK(ErrorOf(maya.Post("/api/leads/999999/erase", nlohmann::json::object())) == ApiError{404, "not_found", ""});
    CHECK(ErrorOf(maya.Get("/api/leads/999999/personal-data")) == ApiError{404, "not_found", ""});
    CHECK(maya.Get(path).Json() == lead);

    Reply erased = maya.Post(path + "/erase", nlohmann::json::object());
    REQUIRE(erased.status == 200);
    nlohmann::json result = erased.Json();
    CHECK(result["already_erased"] == false);
    CHECK(result["erased"] == nlohmann::json{{"history_notes", history_notes},
                                             {"assignment_notes", assignment_notes},
                                             {"feedback_texts", 2}});
    nlohmann::json after = maya.Get(path).Json();
    CHECK(result["lead"] == after);
    CHECK(erased.Header("ETag") == "\"lead-" + std::to_string(id) + "-r" +
                                        std::to_string(lead["revision"].get<std::int64_t>() + 1) + "\"");

    // The person is gone: identifying facts and every free text; the rest of the lead is as it was.
    nlohmann::json expected = lead;
    expected["email"] = "erased-" + std::to_string(id) + "@erased.invalid";
    expected["name"] = "";
    expected["phone"] = "";
    expected["revision"] = lead["revision"].get<std::int64_t>() + 1;
    expected["erased_by"] = demo.IdOf("maya");
    expected["erased_at"] = after["erased_at"];
    expected["updated_at"] = after["updated_at"];
    CHECK(after == expected);
    CHECK(after["erased_at"].is_string());
    nlohmann::json history = maya.Get(path + "/history").Json()["items"];
    REQUIRE(history.size() == before["stage_history"].size());
    for (std::size_t i = 0; i < history.size(); ++i) {
        nlohmann::json change = before["stage_history"][i];
        change["note"] = "";
        CHECK(history[i] == change);
    }
    nlohmann::json assignments = maya.Get(path + "/assignments").Json()["items"];
    REQUIRE(assignments.size() == before["assignments"].size());
    for (std::size_t i = 0; i < assignments.size(); ++i) {
        nlohmann::json assignment = before["assignments"][i];
        assignment["note"] = "";
        CHECK(assignments[i] == assignment);
    }
    nlohmann::json feedback = maya.Get("/api/feedback/" + std::to_string(feedback_id)).Json();
    CHECK(feedback["text"] == "Erased on request.");
    CHECK(feedback["kind"] == "objection");
    CHECK(feedback["lead_id"] == id);
    CHECK(feedback["revision"] == 2);
    CHECK(maya.Get("/api/feedback/" + request_id).Json()["text"] == "Erased on request.");
    CHECK(notice()["text"] == "A content request of yours was finished; its text was erased on request.");
    CHECK(messages_saying("Quinlan") == "0");
    CHECK(messages_saying(email) == "0");
    CHECK(messages_saying("erased-" + std::to_string(id) + "@erased.invalid") == "1");

    nlohmann::json copy_after = maya.Get(path + "/personal-data").Json();
    for (const std::string& personal : {email, std::string("Pat Quinlan"), std::string("+44 20 7946 0958"),
                                        std::string("Spanish"), std::string("Tuesday"), std::string("price")}) {
        INFO(personal);
        CHECK_FALSE(Mentions(copy_after, personal));
    }
    // Nor in the exports (the demo's own notes may say "price": only what is this person's alone).
    std::string exports = maya.Get("/api/leads/export.csv").body + maya.Get("/api/stage-history.csv").body;
    for (const std::string& personal : {email, std::string("Pat Quinlan"), std::string("+44 20 7946 0958")}) {
        INFO(personal);
        CHECK(exports.find(personal) == std::string::npos);
    }
    CHECK(maya.Get("/api/leads?q=" + email).Json()["items"] == nlohmann::json::array());

    // The KPIs of the period, overall and by source, are what they were.
    CHECK(maya.Get(scorecard).Json()["scorecard"] == kpis_before);
    CHECK(maya.Get(scorecard + "&group=source").Json()["scorecard"] == by_source_before);

    // Erasing again changes nothing; the person cannot be put back on this lead, its other facts can.
    Reply again = maya.Post(path + "/erase", nlohmann::json::object());
    REQUIRE(again.status == 200);
    CHECK(again.Json()["already_erased"] == true);
    CHECK(again.Json()["lead"] == after);
    CHECK(ErrorOf(maya.Patch(path, {{"name", "Pat Quinlan"}})) == ApiError{409, "conflict", "name"});
    CHECK(ErrorOf(maya.Patch(path, {{"email", email}})) == ApiError{409, "conflict", "email"});
    CHECK(ErrorOf(maya.Patch(path, {{"phone", "+1 555 0100"}})) == ApiError{409, "conflict", "phone"});
    CHECK(maya.Get(path).Json() == after);
    Reply edited = maya.Patch(path, {{"company", "Quinlan Freight"}});
    REQUIRE(edited.status == 200);
    CHECK(edited.Json()["company"] == "Quinlan Freight");
    CHECK(edited.Json()["erased_at"] == after["erased_at"]);
    // The same person coming back (a new sign-up) is a new lead.
    nlohmann::json returning = {{"email", email}, {"name", "Pat Quinlan"}};
    CHECK(maya.Post("/api/leads", returning).status == 201);
}
