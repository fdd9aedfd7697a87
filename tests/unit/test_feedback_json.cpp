// Feedback JSON: what each kind requires and refuses, tag normalisation, exact output.
#include <doctest/doctest.h>

#include <string>

#include "tandem/codec.h"
#include "tandem/feedback.h"

using nlohmann::json;
using tandem::DecodeError;
using tandem::Feedback;
using tandem::FeedbackFromJson;
using tandem::ToJson;

namespace {

template <class F>
std::string ErrorOf(F&& decode) {
    try {
        decode();
    } catch (const DecodeError& e) {
        return e.what();
    }
    return "accepted";
}

constexpr tandem::Timestamp kNov25At0930 = 1795599000;   // 2026-11-25T09:30:00Z

Feedback Rejection() {
    Feedback feedback;
    feedback.id = 5;
    feedback.author_id = 3;
    feedback.at = kNov25At0930;
    feedback.kind = tandem::FeedbackKind::Rejection;
    feedback.lead_id = 42;
    feedback.campaign_id = 11;
    feedback.reason = tandem::RejectReason::NoBudget;
    feedback.text = "Budget frozen";
    feedback.tags = {"budget", "q3"};
    feedback.updated_at = kNov25At0930 + 60;
    feedback.revision = 2;
    return feedback;
}

Feedback ContentRequest() {
    Feedback feedback;
    feedback.id = 6;
    feedback.author_id = 4;
    feedback.at = kNov25At0930;
    feedback.kind = tandem::FeedbackKind::ContentRequest;
    feedback.text = "Need a security whitepaper";
    feedback.status = tandem::ContentStatus::InProgress;
    feedback.updated_at = kNov25At0930;
    return feedback;
}

json Writable(const Feedback& feedback) {
    json out = ToJson(feedback);
    for (std::string_view key : tandem::FeedbackReadOnlyFields()) out.erase(std::string(key));
    return out;
}

std::string Error(json in) {
    return ErrorOf([&] { FeedbackFromJson(in); });
}

// A valid question with one member set to `value`.
std::string ErrorWith(const std::string& key, json value) {
    json in = {{"kind", "question"}, {"text", "Does it run on-premises?"}};
    in[key] = std::move(value);
    return Error(in);
}

}  // namespace

TEST_CASE("a rejection is written with its lead, reason, tags and a null status") {
    CHECK(ToJson(Rejection()).dump() ==
          R"({"at":"2026-11-25T09:30:00Z","author_id":3,"campaign_id":11,"id":5,"kind":"rejection","lead_id":42,)"
          R"("reason":"no_budget","revision":2,"status":null,"tags":["budget","q3"],"text":"Budget frozen",)"
          R"("updated_at":"2026-11-25T09:31:00Z"})");
}

TEST_CASE("a content request is written with its status and a null lead and reason") {
    CHECK(ToJson(ContentRequest()).dump() ==
          R"({"at":"2026-11-25T09:30:00Z","author_id":4,"campaign_id":null,"id":6,"kind":"content_request",)"
          R"("lead_id":null,"reason":null,"revision":1,"status":"in_progress","tags":[],)"
          R"("text":"Need a security whitepaper","updated_at":"2026-11-25T09:30:00Z"})");
}

TEST_CASE("the read-only members of feedback are id, author_id, at, updated_at and revision") {
    std::vector<std::string> keys;
    for (std::string_view key : tandem::FeedbackReadOnlyFields()) keys.emplace_back(key);
    CHECK(keys == std::vector<std::string>{"id", "author_id", "at", "updated_at", "revision"});
    for (const std::string& key : keys) CHECK(ErrorWith(key, ToJson(Rejection())[key]) == key + ": read-only");
    CHECK(Error(ToJson(Rejection())) == "id: read-only");
}

TEST_CASE("feedback of every kind written and read back has the same writable fields") {
    CHECK(Writable(FeedbackFromJson(Writable(Rejection()))) == Writable(Rejection()));
    CHECK(Writable(FeedbackFromJson(Writable(ContentRequest()))) == Writable(ContentRequest()));
    Feedback win;
    win.kind = tandem::FeedbackKind::WinStory;
    win.text = "Closed Acme after the webinar";
    win.campaign_id = 11;
    Feedback decoded = FeedbackFromJson(Writable(win));
    CHECK(Writable(decoded) == Writable(win));
    CHECK(decoded.id == 0);
    CHECK(decoded.author_id == 0);
}

TEST_CASE("a rejection needs a lead and a reason but no text") {
    Feedback feedback = FeedbackFromJson(json{{"kind", "rejection"}, {"lead_id", 42}, {"reason", "no_need"}});
    CHECK(feedback.lead_id == 42);
    CHECK(feedback.reason == tandem::RejectReason::NoNeed);
    CHECK(feedback.text == "");
    CHECK_FALSE(feedback.status.has_value());
    CHECK(Error(json{{"kind", "rejection"}, {"reason", "no_need"}}) == "lead_id: required for a rejection");
    CHECK(Error(json{{"kind", "rejection"}, {"lead_id", nullptr}, {"reason", "no_need"}}) ==
          "lead_id: required for a rejection");
    CHECK(Error(json{{"kind", "rejection"}, {"lead_id", 42}}) == "reason: required for a rejection");
    CHECK(Error(json{{"kind", "rejection"}, {"lead_id", 42}, {"reason", nullptr}}) == "reason: required for a rejection");
    CHECK(Error(json{{"kind", "rejection"}, {"lead_id", 42}, {"reason", "too_expensive"}}) ==
          "reason: unknown value 'too_expensive' (expected one of: no_budget, no_authority, no_need, no_timeline, "
          "bad_fit, duplicate, unreachable, other)");
}

TEST_CASE("a reason is refused on anything but a rejection") {
    CHECK(ErrorWith("reason", "no_budget") == "reason: only for rejections");
    CHECK(ErrorWith("reason", nullptr) == "accepted");
    CHECK(Error(json{{"kind", "objection"}, {"text", "Too pricey"}, {"lead_id", 42}, {"reason", "no_budget"}}) ==
          "reason: only for rejections");
}

TEST_CASE("every kind but a rejection needs text") {
    for (const char* kind : {"objection", "question", "content_request", "win_story", "general"}) {
        CAPTURE(kind);
        CHECK(Error(json{{"kind", kind}}) == "text: required");
        CHECK(Error(json{{"kind", kind}, {"text", "   "}}) == "text: required");
        CHECK(Error(json{{"kind", kind}, {"text", nullptr}}) == "text: required");
        CHECK(Error(json{{"kind", kind}, {"text", "Something"}}) == "accepted");
    }
    CHECK(ErrorWith("text", 42) == "text: expected text, got a number");
    CHECK(ErrorWith("text", std::string(10001, 't')) == "text: too long (at most 10000 bytes)");
    CHECK(FeedbackFromJson(json{{"kind", "general"}, {"text", "  hello \n"}}).text == "hello");
}

TEST_CASE("a content request starts open and only content requests have a status") {
    Feedback opened = FeedbackFromJson(json{{"kind", "content_request"}, {"text", "Need a case study"}});
    CHECK(opened.status == tandem::ContentStatus::Open);
    Feedback null_status =
        FeedbackFromJson(json{{"kind", "content_request"}, {"text", "Need a case study"}, {"status", nullptr}});
    CHECK(null_status.status == tandem::ContentStatus::Open);
    Feedback done = FeedbackFromJson(json{{"kind", "content_request"}, {"text", "x"}, {"status", "done"}});
    CHECK(done.status == tandem::ContentStatus::Done);
    CHECK(ErrorWith("status", "open") == "status: only for content requests");
    CHECK(ErrorWith("status", nullptr) == "accepted");
    CHECK(Error(json{{"kind", "content_request"}, {"text", "x"}, {"status", "closed"}}) ==
          "status: unknown value 'closed' (expected one of: open, in_progress, done)");
}

TEST_CASE("the kind is required and one of the known kinds") {
    CHECK(Error(json{{"text", "hello"}}) == "kind: required");
    CHECK(Error(json{{"kind", "complaint"}, {"text", "hello"}}) ==
          "kind: unknown value 'complaint' (expected one of: rejection, objection, question, content_request, "
          "win_story, general)");
    CHECK(Error(json{{"kind", nullptr}, {"text", "hello"}}) ==
          "kind: expected one of: rejection, objection, question, content_request, win_story, general");
}

TEST_CASE("tags are trimmed, lower-cased and counted once") {
    Feedback feedback = FeedbackFromJson(
        json{{"kind", "objection"}, {"text", "Too pricey"}, {"tags", {" Pricing", "pricing ", "Competitor-X", "PRICING"}}});
    CHECK(feedback.tags == std::vector<std::string>{"pricing", "competitor-x"});
}

TEST_CASE("tags are non-empty, at most 50 bytes each and at most 20 in all") {
    CHECK(ErrorWith("tags", {"a", " "}) == "tags[1]: must not be empty");
    CHECK(ErrorWith("tags", {std::string(50, 't')}) == "accepted");
    CHECK(ErrorWith("tags", {"ok", std::string(51, 't')}) == "tags[1]: too long (at most 50 bytes)");
    json twenty = json::array();
    for (int i = 0; i < 20; ++i) twenty.push_back("tag" + std::to_string(i));
    CHECK(ErrorWith("tags", twenty) == "accepted");
    json twenty_one = twenty;
    twenty_one.push_back("tag20");
    CHECK(ErrorWith("tags", twenty_one) == "tags: at most 20 tags");
    // Duplicates do not count against the limit: they are one tag.
    json repeated = twenty;
    repeated.push_back("TAG0");
    CHECK(ErrorWith("tags", repeated) == "accepted");
    CHECK(ErrorWith("tags", "pricing") == "tags: expected a list");
    CHECK(ErrorWith("tags", {"pricing", 3}) == "tags[1]: expected text, got a number");
    CHECK(ErrorWith("tags", nullptr) == "tags: expected a list");
}

TEST_CASE("lead and campaign ids are positive whole numbers or null") {
    CHECK(ErrorWith("lead_id", 42) == "accepted");
    CHECK(ErrorWith("campaign_id", nullptr) == "accepted");
    CHECK(ErrorWith("lead_id", 0) == "lead_id: must be at least 1");
    CHECK(ErrorWith("campaign_id", -2) == "campaign_id: must be at least 1");
    CHECK(ErrorWith("lead_id", 4.2) == "lead_id: expected a whole number");
    CHECK(ErrorWith("lead_id", "42") == "lead_id: expected a whole number, got text");
    CHECK(ErrorWith("lead_id", tandem::ParseJson("1e300")) == "lead_id: out of range");
    CHECK(ErrorWith("lead_id", tandem::ParseJson("9223372036854775808")) == "lead_id: out of range");
    CHECK(ErrorWith("lead_id", tandem::ParseJson("9007199254740993")) == "lead_id: out of range");
}

TEST_CASE("unknown feedback members are refused and feedback must be an object") {
    CHECK(ErrorWith("severity", "high") == "severity: unknown field");
    CHECK(Error(json::array()) == "expected an object, got a list");
    CHECK(Error(json("question")) == "expected an object, got text");
}
