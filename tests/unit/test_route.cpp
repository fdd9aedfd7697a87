// Hash routes: what the address bar says is what the dashboard shows, and back again.
#include <doctest/doctest.h>

#include "tandem/route.h"

using tandem::ParseRoute;
using tandem::View;

TEST_CASE("an empty hash and the root open the scorecard") {
    CHECK(ParseRoute("").view == View::Scorecard);
    CHECK(ParseRoute("#").view == View::Scorecard);
    CHECK(ParseRoute("#/").view == View::Scorecard);
}

TEST_CASE("every navigable view round-trips through its hash") {
    for (View view : tandem::kNavigableViews) {
        tandem::Route route;
        route.view = view;
        std::string hash = tandem::FormatRoute(route);
        CHECK(ParseRoute(hash).view == view);
    }
    CHECK(tandem::FormatRoute(ParseRoute("#/definition")) == "#/definition");
}

TEST_CASE("a lead id is read from the path") {
    tandem::Route route = ParseRoute("#/leads/42");
    CHECK(route.view == View::Leads);
    REQUIRE(route.id.has_value());
    CHECK(*route.id == 42);
    CHECK(tandem::FormatRoute(route) == "#/leads/42");
}

TEST_CASE("query parameters are decoded and re-encoded in key order") {
    tandem::Route route = ParseRoute("#/campaigns?month=2026-12&q=spring%20launch&owner=mark+lee");
    CHECK(route.view == View::Campaigns);
    CHECK(route.query.at("month") == "2026-12");
    CHECK(route.query.at("q") == "spring launch");
    CHECK(route.query.at("owner") == "mark lee");
    CHECK(tandem::FormatRoute(route) == "#/campaigns?month=2026-12&owner=mark%20lee&q=spring%20launch");
}

TEST_CASE("trailing slashes and empty query pairs are ignored") {
    tandem::Route route = ParseRoute("#/leads/7/?&stage=mql&");
    CHECK(route.view == View::Leads);
    CHECK(route.id == 7);
    CHECK(route.query.size() == 1);
}

TEST_CASE("unknown views and malformed ids are not found, keeping the path") {
    CHECK(ParseRoute("#/pipeline").view == View::NotFound);
    CHECK(ParseRoute("#/pipeline").path == "/pipeline");
    CHECK(ParseRoute("#/leads/abc").view == View::NotFound);
    CHECK(ParseRoute("#/leads/0").view == View::NotFound);
    CHECK(ParseRoute("#/leads/-3").view == View::NotFound);
    CHECK(ParseRoute("#/leads/99999999999999999999").view == View::NotFound);
}

TEST_CASE("percent decoding leaves malformed escapes as written") {
    CHECK(tandem::PercentDecode("100%") == "100%");
    CHECK(tandem::PercentDecode("%zz") == "%zz");
    CHECK(tandem::PercentDecode("a%2Fb") == "a/b");
    CHECK(tandem::PercentEncode("a/b c&d=é") == "a%2Fb%20c%26d%3D%C3%A9");
}

TEST_CASE("view titles name the navigation entries") {
    CHECK(tandem::ViewTitle(View::Definition) == "Lead definition");
    CHECK(tandem::ViewSlug(View::Feedback) == "feedback");
}

TEST_CASE("the sign-in page and a reset link are routes with their query, outside the navigation") {
    tandem::Route login = ParseRoute("#/login?sso_error=not_allowed");
    CHECK(login.view == View::Login);
    CHECK(login.query.at("sso_error") == "not_allowed");
    tandem::Route reset = ParseRoute("#/reset-password?token=Ab-9_x");
    CHECK(reset.view == View::ResetPassword);
    CHECK(reset.query.at("token") == "Ab-9_x");
    CHECK(tandem::FormatRoute(reset) == "#/reset-password?token=Ab-9_x");
    CHECK(ParseRoute("#/people").view == View::People);
    CHECK(ParseRoute("#/webhooks").view == View::Webhooks);
    CHECK(tandem::FormatRoute(ParseRoute("#/webhooks")) == "#/webhooks");
    for (View view : tandem::kNavigableViews) {
        CHECK(view != View::Login);
        CHECK(view != View::ResetPassword);
        CHECK(view != View::People);
        CHECK(view != View::Webhooks);
    }
}
