// A session ends everywhere at once: signing out, a password change, deactivation, a revoked token
// and idle expiry end the credential's open event streams too (with a "session-ended" event), and
// one person's events never reach anyone else's stream.
#include <doctest/doctest.h>
#include <future>

#include "server_process.h"
#include "sse_frames.h"

using namespace tandem::test;

namespace {

// Opens an event stream as `client`; once its hello has arrived, runs `act` (from another client);
// returns everything the stream received until the server ended it. Gives up after 20 s of silence,
// which fails the test (a heartbeat only comes every 15 s).
Reply StreamUntilEnded(const ApiClient& client, const std::function<void()>& act) {
    bool acted = false;
    return client.Stream(
        "/api/events",
        [&](const std::string& received) {
            if (!acted && Has(Frames(received), "hello")) {
                acted = true;
                act();
            }
            return true;   // read on until the server closes the stream
        },
        {}, 20);
}

bool Ended(const Reply& stream) {
    std::vector<Frame> frames = Frames(stream.body);
    return !frames.empty() && frames.back().event == "session-ended";
}

}  // namespace

TEST_CASE("signing out ends that session's open event stream with session-ended") {
    DemoServer demo(0);
    std::string laptop = SignIn(demo.Anonymous(), "rita@tandem.test", kDemoPassword);
    ApiClient rita = demo.Anonymous().WithCookie(laptop);
    Reply stream = StreamUntilEnded(rita, [&] { REQUIRE(rita.Post("/api/auth/logout", nlohmann::json::object()).status == 204); });
    CHECK(stream.status == 200);
    CHECK(Ended(stream));
    CHECK(ErrorOf(rita.Get("/api/events")) == ApiError{401, "unauthorized"});
}

TEST_CASE("signing out finds the session cookie by its exact name, never a look-alike") {
    DemoServer demo(0);
    std::string session = SignIn(demo.Anonymous(), "rita@tandem.test", kDemoPassword);
    REQUIRE(session != "");
    ApiClient tricky = demo.Anonymous().WithHeader("Cookie", "x_tandem_session=zzz; " + session);
    CHECK(tricky.Post("/api/auth/logout", nlohmann::json::object()).status == 204);
    CHECK(ErrorOf(demo.Anonymous().WithCookie(session).Get("/api/auth/me")) == ApiError{401, "unauthorized"});
}

TEST_CASE("a password change ends the user's other sessions and their streams, and keeps this one") {
    DemoServer demo(0);
    ApiClient here = demo.Anonymous().WithCookie(SignIn(demo.Anonymous(), "raj@tandem.test", kDemoPassword));
    ApiClient phone = demo.Anonymous().WithCookie(SignIn(demo.Anonymous(), "raj@tandem.test", kDemoPassword));
    nlohmann::json change = {{"current_password", kDemoPassword}, {"new_password", "raj's new passphrase"}};
    Reply stream = StreamUntilEnded(phone, [&] { REQUIRE(here.Post("/api/auth/password", change).status == 204); });
    CHECK(Ended(stream));
    CHECK(ErrorOf(phone.Get("/api/auth/me")) == ApiError{401, "unauthorized"});
    CHECK(here.Get("/api/auth/me").status == 200);
    CHECK(SignIn(demo.Anonymous(), "raj@tandem.test", kDemoPassword) == "");
    CHECK(SignIn(demo.Anonymous(), "raj@tandem.test", "raj's new passphrase") != "");
}

TEST_CASE("deactivating a user ends their streams; a revoked token ends the streams opened with it") {
    DemoServer demo(0);
    ApiClient admin = demo.As("admin");
    ApiClient raj = demo.As("raj");
    Reply stream = StreamUntilEnded(raj, [&] {
        REQUIRE(admin.Patch("/api/users/" + std::to_string(demo.IdOf("raj")), {{"active", false}}).status == 200);
    });
    CHECK(Ended(stream));

    ApiClient rita = demo.As("rita");
    Reply token = rita.Post("/api/tokens", {{"name", "script"}});
    REQUIRE(token.status == 201);
    ApiClient script = demo.Anonymous().WithBearer(token.Json()["secret"]);
    std::string token_path = "/api/tokens/" + std::to_string(token.Json()["token"]["id"].get<std::int64_t>());
    Reply token_stream = StreamUntilEnded(script, [&] { REQUIRE(rita.Delete(token_path).status == 204); });
    CHECK(Ended(token_stream));
    // Rita's own session is another credential: still good.
    CHECK(rita.Get("/api/auth/me").status == 200);
}

TEST_CASE("an idle session expires, and its open stream ends when it does") {
    DemoServer demo(0, {"--session-idle", "2"});
    ApiClient sam = demo.As("sam");
    Reply stream = StreamUntilEnded(sam, [] {});
    CHECK(Ended(stream));
    CHECK(ErrorOf(sam.Get("/api/auth/me")) == ApiError{401, "unauthorized"});
}

TEST_CASE("a notification reaches only its recipient's streams; others' resume past it") {
    DemoServer demo(0);
    ApiClient rita = demo.As("rita");
    ApiClient raj = demo.As("raj");
    Reply asked = rita.Post("/api/feedback", {{"kind", "content_request"}, {"text", "A deck for banks"}});
    REQUIRE(asked.status == 201);
    std::string path = asked.Header("Location");

    // Raj listens until the id after the feedback event has passed him by.
    std::promise<void> raj_listening;
    std::future<Reply> raj_stream = std::async(std::launch::async, [&] {
        bool told = false;
        std::uint64_t feedback_id = 0;
        return raj.Stream("/api/events", [&](const std::string& received) {
            std::vector<Frame> frames = Frames(received);
            if (!told && Has(frames, "hello")) {
                told = true;
                raj_listening.set_value();
            }
            for (const Frame& frame : frames)
                if (frame.event == "feedback") feedback_id = frame.id;
            return feedback_id == 0 || frames.empty() || frames.back().id <= feedback_id;
        }, {}, 20);
    });
    raj_listening.get_future().wait();
    bool moved = false;
    Reply rita_stream = rita.Stream("/api/events", [&](const std::string& received) {
        std::vector<Frame> frames = Frames(received);
        if (!moved && Has(frames, "hello")) {
            moved = true;
            REQUIRE(demo.As("mark").Patch(path, {{"status", "done"}}).status == 200);
        }
        return !Has(frames, "notification");
    }, {}, 20);
    std::vector<Frame> rita_frames = Frames(rita_stream.body);
    std::vector<Frame> raj_frames = Frames(raj_stream.get().body);
    REQUIRE(Has(rita_frames, "notification"));
    CHECK_FALSE(Has(raj_frames, "notification"));
    REQUIRE(Has(raj_frames, "feedback"));
    // Raj's stream still moves its resume point past the event he may not see.
    std::uint64_t notification_id = 0;
    for (const Frame& frame : rita_frames)
        if (frame.event == "notification") notification_id = frame.id;
    CHECK(raj_frames.back().id == notification_id);
    CHECK(raj_frames.back().event == "");
}

TEST_CASE("changing a password takes the current one, refuses weak ones, and counts wrong guesses") {
    DemoServer demo(0);
    std::string cookie = SignIn(demo.Anonymous(), "mark@tandem.test", kDemoPassword);
    ApiClient mark = demo.Anonymous().WithCookie(cookie);
    auto change = [&](const std::string& current, const std::string& replacement) {
        return mark.Post("/api/auth/password", {{"current_password", current}, {"new_password", replacement}});
    };
    CHECK(ErrorOf(change("not my password", "a fine new passphrase")) == ApiError{403, "forbidden", "current_password"});
    CHECK(ErrorOf(change(kDemoPassword, "short")) == ApiError{422, "invalid", "new_password"});
    // On the list of the 10,000 most common passwords, whatever the case.
    Reply common = change(kDemoPassword, "Unbelievable");
    CHECK(ErrorOf(common) == ApiError{422, "invalid", "new_password"});
    CHECK(common.Json()["error"]["message"] ==
          "this password cannot be used: one of the most common passwords; choose one that is yours alone");
    CHECK(ErrorOf(change(kDemoPassword, "mark@tandem.test")) == ApiError{422, "invalid", "new_password"});
    CHECK(ErrorOf(change(kDemoPassword, kDemoPassword)) == ApiError{422, "invalid", "new_password"});
    CHECK(ErrorOf(mark.Send("POST", "/api/auth/password", "current=x", "text/plain")) ==
          ApiError{415, "unsupported_media_type"});
    CHECK(ErrorOf(mark.Post("/api/auth/password", {{"new_password", "a fine new passphrase"}})) ==
          ApiError{422, "invalid", "current_password"});
    CHECK(ErrorOf(demo.Anonymous().Post("/api/auth/password", {{"current_password", kDemoPassword},
                                                                 {"new_password", "a fine new passphrase"}})) ==
          ApiError{401, "unauthorized"});
    // Nothing changed so far.
    CHECK(SignIn(demo.Anonymous(), "mark@tandem.test", kDemoPassword) != "");
    // A wrong current password is a guess at Mark's password (a right one, as above, forgives the
    // guesses before it): after five, even the right one waits.
    for (int i = 0; i < 5; ++i) CHECK(change("guess " + std::to_string(i), "a fine new passphrase").status == 403);
    Reply limited = change(kDemoPassword, "a fine new passphrase");
    CHECK(ErrorOf(limited) == ApiError{429, "rate_limited"});
    CHECK(limited.Header("Retry-After") != "");
}

TEST_CASE("an admin's reset link sets a new password once, ends every session, and expires when replaced") {
    DemoServer demo(0);
    ApiClient admin = demo.As("admin");
    ApiClient rita = demo.As("rita");
    std::string rita_path = "/api/users/" + std::to_string(demo.IdOf("rita"));
    Reply first = admin.Post(rita_path + "/password-reset", nlohmann::json::object());
    REQUIRE(first.status == 201);
    std::string url = first.Json()["url"];
    std::string prefix = "http://127.0.0.1:" + std::to_string(demo.Port()) + "/#/reset-password?token=";
    REQUIRE(url.starts_with(prefix));
    std::string old_token = url.substr(prefix.size());
    CHECK(first.Json().size() == 3);
    CHECK(first.Json()["emailed"] == false);   // no --smtp-url: the admin passes it on
    // A second link replaces the first.
    Reply second = admin.Post(rita_path + "/password-reset", nlohmann::json::object());
    REQUIRE(second.status == 201);
    std::string token = std::string(second.Json()["url"]).substr(prefix.size());
    CHECK(token != old_token);
    ApiClient anyone = demo.Anonymous();
    CHECK(ErrorOf(anyone.Post("/api/auth/password-reset", {{"token", old_token}, {"password", "rita's fresh start"}})) ==
          ApiError{404, "not_found", "token"});
    // A weak password is refused and the link stays usable.
    CHECK(ErrorOf(anyone.Post("/api/auth/password-reset", {{"token", token}, {"password", "password1234"}})) ==
          ApiError{422, "invalid", "password"});
    CHECK(ErrorOf(anyone.Send("POST", "/api/auth/password-reset", "token", "text/plain")) ==
          ApiError{415, "unsupported_media_type"});
    CHECK(rita.Get("/api/auth/me").status == 200);   // making a link ends nothing
    CHECK(anyone.Post("/api/auth/password-reset", {{"token", token}, {"password", "rita's fresh start"}}).status == 204);
    CHECK(ErrorOf(rita.Get("/api/auth/me")) == ApiError{401, "unauthorized"});
    CHECK(SignIn(anyone, "rita@tandem.test", "rita's fresh start") != "");
    // Once only.
    CHECK(ErrorOf(anyone.Post("/api/auth/password-reset", {{"token", token}, {"password", "another fresh start"}})) ==
          ApiError{404, "not_found", "token"});
    // Only admins make links; a deactivated account gets none; an unknown user is not found.
    CHECK(ErrorOf(demo.As("maya").Post(rita_path + "/password-reset", nlohmann::json::object())) == ApiError{403, "forbidden"});
    CHECK(ErrorOf(admin.Post("/api/users/9999/password-reset", nlohmann::json::object())) == ApiError{404, "not_found"});
    REQUIRE(admin.Patch("/api/users/" + std::to_string(demo.IdOf("raj")), {{"active", false}}).status == 200);
    CHECK(ErrorOf(admin.Post("/api/users/" + std::to_string(demo.IdOf("raj")) + "/password-reset", nlohmann::json::object())) ==
          ApiError{409, "conflict"});
    CHECK(ErrorOf(demo.Anonymous().Post(rita_path + "/password-reset", nlohmann::json::object())) ==
          ApiError{401, "unauthorized"});
}

TEST_CASE("tandem user passwd sets a password on the server's machine and signs the user out everywhere") {
    DemoServer demo(0);
    ApiClient maya = demo.As("maya");
    std::string db = demo.DbTarget();
    // Standard input is not a terminal here: one line is the password.
    CommandResult weak = RunTandemWithInput({"user", "passwd", "--db", db, "--user", "maya@tandem.test"}, "qwerty123456\n");
    CHECK(weak.exit_code == 1);
    CHECK(weak.output == "tandem: this password cannot be used: one of the most common passwords; choose one that is yours alone\n");
    CommandResult set = RunTandemWithInput({"user", "passwd", "--db", db, "--user", "MAYA@tandem.test"}, "maya's long passphrase\n");
    CHECK(set.exit_code == 0);
    CHECK(set.output == "password set for maya@tandem.test; their sessions have ended\n");
    CHECK(ErrorOf(maya.Get("/api/auth/me")) == ApiError{401, "unauthorized"});
    CHECK(SignIn(demo.Anonymous(), "maya@tandem.test", "maya's long passphrase") != "");
    CommandResult unknown = RunTandemWithInput({"user", "passwd", "--db", db, "--user", "nobody@tandem.test"}, "whatever it is\n");
    CHECK(unknown.exit_code == 1);
    CHECK(unknown.output == "tandem: no user nobody@tandem.test\n");
}
