// Webhook signing against vectors this code did not make (the Standard Webhooks spec's example and
// npm standardwebhooks' Webhook.sign), the retry schedule, the URL rule and Slack bodies.
#include <doctest/doctest.h>

#include <regex>
#include <string>

#include <nlohmann/json.hpp>

#include "webhooks/dispatcher.h"
#include "webhooks/signing.h"
#include "webhooks/slack.h"
#include "webhooks/webhook.h"

using namespace tandem::webhooks;

TEST_CASE("webhook signatures match the Standard Webhooks example and npm standardwebhooks") {
    const std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    // standardwebhooks.com's example, also what `new Webhook(secret).sign(...)` gives.
    CHECK(Signature(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}") ==
          "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    // UTF-8 in the body is signed as bytes.
    CHECK(Signature(secret, "msg_1", 1796716800, "{\"type\":\"lead.accepted\",\"data\":{\"name\":\"Zo\xc3\xab\"}}") ==
          "v1,Wd2PIQMHUX7EJvcGHTS9Vm68Zuuqsc92BHZdF3vI9OI=");
    CHECK_THROWS_AS(Signature("whsec_not base64!", "msg_1", 1, "{}"), std::invalid_argument);
}

TEST_CASE("secrets are whsec_ and 24 random bytes, message ids msg_ and 32 hex digits") {
    std::string a = NewSecret(), b = NewSecret();
    CHECK(std::regex_match(a, std::regex("whsec_[A-Za-z0-9+/]{32}")));
    CHECK(a != b);
    CHECK(std::regex_match(NewMessageId(), std::regex("msg_[0-9a-f]{32}")));
}

TEST_CASE("retries wait 5 s, 5 min, 30 min, 2 h, 5 h, then 10 h, scaled by the base") {
    const std::int64_t expected[] = {5'000, 300'000, 1'800'000, 7'200'000, 18'000'000, 36'000'000, 36'000'000};
    for (int attempts = 1; attempts <= 7; ++attempts) CHECK(RetryDelayMs(attempts, 5000) == expected[attempts - 1]);
    CHECK(RetryDelayMs(1, 1) == 1);
    CHECK(RetryDelayMs(2, 1) == 60);
    CHECK(RetryDelayMs(6, 1) == 7200);
}

TEST_CASE("an endpoint URL is absolute http or https without user information") {
    for (const char* url : {"https://hooks.example.com/t", "http://127.0.0.1:8080/hook?x=1", "HTTPS://Example.com",
                            "http://[::1]:9000/"})
        CHECK_FALSE(UrlProblem(url).has_value());
    for (const char* url : {"ftp://example.com/", "/relative", "example.com/hook", "https://user:pw@example.com/",
                            "https://@example.com/", "https://", "https://:80/", "https://exa mple.com/", "javascript:alert(1)"}) {
        INFO(url);
        CHECK(UrlProblem(url).has_value());
    }
}

TEST_CASE("Slack bodies: a plain line for other events, and no link without the public URL") {
    std::string campaign = R"({"type":"campaign.updated","timestamp":"2026-12-07T09:00:00Z","data":{"id":12}})";
    CHECK(nlohmann::json::parse(SlackBody(campaign, "https://tandem.example.com")) ==
          nlohmann::json({{"text", "Tandem: campaign.updated #12"}}));
    std::string activated = R"({"type":"definition.activated","timestamp":"2026-12-07T09:00:00Z","data":{"version":7,"summary":"A <lower> bar"}})";
    CHECK(nlohmann::json::parse(SlackBody(activated, "")) ==
          nlohmann::json({{"text", "Lead definition v7 is active: A <lower> bar"},
                          {"blocks", {{{"type", "section"},
                                       {"text", {{"type", "mrkdwn"},
                                                 {"text", ":white_check_mark: *Lead definition v7 is active*: A &lt;lower&gt; bar"}}}}}}}));
}
