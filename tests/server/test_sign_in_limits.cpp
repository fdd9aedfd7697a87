// Guessing passwords is slowed per (account, address) and per address, and nothing anyone does
// elsewhere keeps a user out of their own correct sign-in. The server trusts 127.0.0.1 as its
// proxy here, so each test client can speak for a different address with X-Forwarded-For.
#include <doctest/doctest.h>
#include <future>
#include <regex>

#include "server_process.h"

using namespace tandem::test;

namespace {

nlohmann::json Credentials(const std::string& email, const std::string& password) {
    return {{"email", email}, {"password", password}};
}

// A client whose requests come, as the trusted proxy says, from `address`.
ApiClient From(DemoServer& demo, const std::string& address) {
    return demo.Anonymous().WithHeader("X-Forwarded-For", address);
}

// The Retry-After of a 429: whole seconds, at most the 15-minute window.
int RetryAfter(const Reply& reply) {
    std::string header = reply.Header("Retry-After");
    REQUIRE(std::regex_match(header, std::regex("[0-9]+")));
    int seconds = std::stoi(header);
    CHECK(seconds >= 1);
    CHECK(seconds <= 900);
    return seconds;
}

const std::vector<std::string> kTrustLoopback = {"--trust-proxy", "127.0.0.1"};

}  // namespace

TEST_CASE("five wrong passwords stop that address at that account, and nobody else is locked out") {
    DemoServer demo(0, kTrustLoopback);
    ApiClient attacker = From(demo, "203.0.113.66");
    ApiClient mark = demo.As("mark");   // signed in before the guessing
    for (int attempt = 1; attempt <= 5; ++attempt) {
        Reply failed = attacker.Post("/api/auth/login", Credentials("maya@tandem.test", "guess-" + std::to_string(attempt)));
        INFO("attempt ", attempt);
        CHECK(ErrorOf(failed) == ApiError{401, "unauthorized"});
        CHECK(failed.Header("Retry-After") == "");
    }
    // The guessing address waits, even with the right password, and is told for how long.
    Reply limited = attacker.Post("/api/auth/login", Credentials("maya@tandem.test", kDemoPassword));
    CHECK(ErrorOf(limited) == ApiError{429, "rate_limited"});
    CHECK(limited.Header("Set-Cookie") == "");
    int seconds = RetryAfter(limited);
    CHECK(limited.Json()["error"]["message"] ==
          "too many failed sign-ins from your address; try again in " + std::to_string(seconds) + " s");

    // Maya from her own address gets in at once; so does the guessing address at another account.
    Reply maya = From(demo, "198.51.100.20").Post("/api/auth/login", Credentials("maya@tandem.test", kDemoPassword));
    CHECK(maya.status == 200);
    CHECK(maya.Json()["email"] == "maya@tandem.test");
    CHECK(attacker.Post("/api/auth/login", Credentials("sam@tandem.test", kDemoPassword)).status == 200);
    // Sessions that exist are not affected.
    CHECK(mark.Get("/api/auth/me").status == 200);
}

TEST_CASE("forty concurrent wrong guesses: five are checked, thirty-five are refused without a check") {
    DemoServer demo(0, kTrustLoopback);
    ApiClient attacker = From(demo, "203.0.113.40");
    std::vector<std::future<int>> guesses;
    for (int i = 0; i < 40; ++i) {
        guesses.push_back(std::async(std::launch::async, [&attacker, i] {
            return attacker.Post("/api/auth/login", Credentials("sam@tandem.test", "concurrent-" + std::to_string(i))).status;
        }));
    }
    std::map<int, int> statuses;
    for (std::future<int>& guess : guesses) ++statuses[guess.get()];
    // A 401 is an answer after the password was hashed and compared; a 429 came before that.
    CHECK(statuses[401] == 5);
    CHECK(statuses[429] == 35);
    CHECK(statuses.size() == 2);
    CHECK(From(demo, "198.51.100.21").Post("/api/auth/login", Credentials("sam@tandem.test", kDemoPassword)).status == 200);
}

TEST_CASE("an address spraying guesses over many accounts is stopped after thirty; other addresses are not") {
    DemoServer demo(0, kTrustLoopback);
    ApiClient sprayer = From(demo, "2001:db8:bad::1");
    for (int i = 1; i <= 30; ++i) {
        INFO("account ", i);
        CHECK(ErrorOf(sprayer.Post("/api/auth/login", Credentials("user" + std::to_string(i) + "@tandem.test", "Summer2026!"))) ==
              ApiError{401, "unauthorized"});
    }
    Reply stopped = sprayer.Post("/api/auth/login", Credentials("rita@tandem.test", kDemoPassword));
    CHECK(ErrorOf(stopped) == ApiError{429, "rate_limited"});
    RetryAfter(stopped);
    // Another address of the same /64 is the same subscriber: no fresh guesses there.
    CHECK(ErrorOf(From(demo, "2001:db8:bad::2").Post("/api/auth/login", Credentials("rita@tandem.test", kDemoPassword))) ==
          ApiError{429, "rate_limited"});
    CHECK(From(demo, "2001:db8:600d::1").Post("/api/auth/login", Credentials("rita@tandem.test", kDemoPassword)).status == 200);
}

TEST_CASE("a right password forgives the address's failures at that account, not those at others") {
    DemoServer demo(0, kTrustLoopback);
    ApiClient typist = From(demo, "192.0.2.10");
    for (int round = 0; round < 3; ++round) {
        for (int typo = 0; typo < 4; ++typo)
            CHECK(ErrorOf(typist.Post("/api/auth/login", Credentials("raj@tandem.test", "tandem-demo-2025"))) ==
                  ApiError{401, "unauthorized"});
        CHECK(typist.Post("/api/auth/login", Credentials("raj@tandem.test", kDemoPassword)).status == 200);
    }
}

TEST_CASE("an unknown account and a wrong password get the same answer, limits included") {
    DemoServer demo(0, kTrustLoopback);
    ApiClient prober = From(demo, "203.0.113.99");
    for (int attempt = 0; attempt < 5; ++attempt) {
        Reply known = prober.Post("/api/auth/login", Credentials("maya@tandem.test", "wrong-" + std::to_string(attempt)));
        Reply unknown = prober.Post("/api/auth/login", Credentials("nobody@tandem.test", "wrong-" + std::to_string(attempt)));
        CHECK(known.status == 401);
        CHECK(unknown.status == known.status);
        CHECK(unknown.body == known.body);
    }
    Reply known = prober.Post("/api/auth/login", Credentials("maya@tandem.test", "wrong"));
    Reply unknown = prober.Post("/api/auth/login", Credentials("nobody@tandem.test", "wrong"));
    CHECK(known.status == 429);
    CHECK(unknown.status == 429);
    CHECK(ErrorOf(unknown) == ErrorOf(known));
    // A deactivated account answers like a wrong password too.
    REQUIRE(demo.As("admin").Patch("/api/users/" + std::to_string(demo.IdOf("mark")), {{"active", false}}).status == 200);
    Reply inactive = From(demo, "203.0.113.100").Post("/api/auth/login", Credentials("mark@tandem.test", kDemoPassword));
    CHECK(inactive.status == 401);
    CHECK(inactive.body == R"({"error":{"code":"unauthorized","message":"wrong email or password"}})");
}

TEST_CASE("forwarding headers from a peer that is not a trusted proxy do not change the address counted") {
    DemoServer demo(0);   // trusts no proxy
    for (int attempt = 0; attempt < 5; ++attempt) {
        ApiClient rotating = From(demo, "203.0.113." + std::to_string(attempt));
        CHECK(ErrorOf(rotating.Post("/api/auth/login", Credentials("sam@tandem.test", "rotating"))) ==
              ApiError{401, "unauthorized"});
    }
    ApiClient another = demo.Anonymous().WithHeader("X-Forwarded-For", "198.51.100.99").WithHeader("Forwarded", "for=198.51.100.98");
    CHECK(ErrorOf(another.Post("/api/auth/login", Credentials("sam@tandem.test", kDemoPassword))) ==
          ApiError{429, "rate_limited"});
}
