// Who may call what, for every route of the OpenAPI document: anonymous callers get 401, roles
// outside a route's x-roles get 403 and change nothing, roles inside get the documented success.
#include <doctest/doctest.h>
#include <functional>
#include <set>

#include "server_process.h"

using namespace tandem::test;

namespace {

const std::set<std::string> kAllRoles = {"admin", "marketing_leader", "sales_leader", "marketer", "sales_rep"};

// The roles the product gives each restricted route; every other authenticated route is for
// everyone (reading, working leads, feedback, one's own tokens).
const std::map<std::string, std::set<std::string>> kRestricted = {
    {"POST /api/leads/import", {"admin", "marketing_leader", "marketer"}},
    {"GET /api/imports", {"admin", "marketing_leader", "marketer"}},
    {"POST /api/campaigns", {"admin", "marketing_leader", "sales_leader", "marketer"}},
    {"PATCH /api/campaigns/{id}", {"admin", "marketing_leader", "sales_leader", "marketer"}},
    {"PUT /api/targets/{month}", {"admin", "marketing_leader", "sales_leader"}},
    {"PUT /api/settings/sla", {"admin", "marketing_leader", "sales_leader"}},
    {"POST /api/users", {"admin"}},
    {"POST /api/leads/{id}/claim", {"sales_leader", "sales_rep"}},
    {"POST /api/leads/{id}/assign", {"admin", "sales_leader"}},
    {"POST /api/leads/{id}/erase", {"admin", "marketing_leader"}},
    {"GET /api/leads/{id}/personal-data", {"admin", "marketing_leader"}},
    {"PATCH /api/users/{id}", {"admin"}},
    {"POST /api/users/{id}/password-reset", {"admin"}},
    {"POST /api/definitions/draft/ops", {"marketing_leader", "sales_leader"}},
    {"POST /api/definitions/draft/propose", {"marketing_leader", "sales_leader"}},
    {"POST /api/definitions/{version}/approve", {"marketing_leader", "sales_leader"}},
    {"POST /api/definitions/{version}/withdraw", {"marketing_leader", "sales_leader"}},
    {"GET /metrics", {"admin"}},
    {"GET /api/webhooks", {"admin"}},
    {"POST /api/webhooks", {"admin"}},
    {"GET /api/webhooks/{id}", {"admin"}},
    {"PATCH /api/webhooks/{id}", {"admin"}},
    {"DELETE /api/webhooks/{id}", {"admin"}},
    {"GET /api/webhooks/{id}/deliveries", {"admin"}},
};
const std::set<std::string> kPublic = {"GET /api/health", "POST /api/auth/login", "GET /api/openapi.json",
                                        "GET /api/calendar.ics", "GET /api/auth/config", "GET /api/auth/session",
                                        "POST /api/auth/password-reset", "GET /api/auth/sso/start",
                                        "GET /api/auth/sso/callback"};

// Facts that make a lead sales-ready under the demo's active definition (v2).
const nlohmann::json kSalesReadyFacts = {
    {"industry", "software"}, {"company_size", 200}, {"title", "CTO"}, {"authority", "decision_maker"},
    {"country", "US"}, {"demo_requested", true}, {"need", "yes"}, {"budget_usd", 20000},
    {"timeline_months", 3}, {"phone", "+1 555 0100"},
};

// One valid request for a route, prepared (with whatever it needs created first) for a caller.
struct Request {
    std::string target;
    std::string body;
    std::string content_type = "application/json";
    std::string cookie = {};   // a session of its own (signing out must not end the shared one)
    bool stream = false;       // an event stream: read its first frame and hang up
};

struct Fixture {
    DemoServer& demo;
    int serial = 0;

    std::string Unique(const std::string& prefix) { return prefix + "-" + std::to_string(++serial); }
    std::int64_t NewLead(nlohmann::json facts) {
        facts["email"] = Unique("matrix") + "@leads.test";
        Reply created = demo.As("admin").Post("/api/leads", facts);
        REQUIRE(created.status == 201);
        return created.Json()["id"];
    }
    // A new user with the role of `who`, for requests that change their own account.
    std::int64_t NewUser(const std::string& role, const std::string& email) {
        Reply created = demo.As("admin").Post("/api/users", {{"email", email}, {"name", "Matrix User"}, {"role", role},
                                                             {"password", "matrix-password-1"}});
        REQUIRE(created.status == 201);
        return created.Json()["id"];
    }
};

// The shared draft, open for editing: a pending proposal is withdrawn first.
nlohmann::json EditableDraft(Fixture& f) {
    nlohmann::json draft = f.demo.As("maya").Get("/api/definitions/draft").Json();
    if (draft["status"] == "proposed") {
        REQUIRE(f.demo.As("maya").Post("/api/definitions/" + std::to_string(draft["version"].get<std::int64_t>()) + "/withdraw",
                                       nlohmann::json::object()).status == 200);
        draft = f.demo.As("maya").Get("/api/definitions/draft").Json();
    }
    return draft;
}

// A proposal nobody has signed yet; returns its version.
std::int64_t FreshProposal(Fixture& f) {
    EditableDraft(f);
    nlohmann::json op = {{"kind", "set_property"}, {"property", "mql_threshold"}, {"value", 60 + ++f.serial}};
    nlohmann::json batch = {{"client_id", f.Unique("setup")}, {"client_seq", 1}, {"base_revision", 0}, {"ops", {op}}};
    REQUIRE(f.demo.As("maya").Post("/api/definitions/draft/ops", batch).status == 200);
    Reply proposed = f.demo.As("maya").Post("/api/definitions/draft/propose", nlohmann::json::object());
    REQUIRE(proposed.status == 200);
    return proposed.Json()["version"];
}

// A webhook endpoint nobody listens at, for the routes on one; returns its path.
std::string NewWebhook(Fixture& f) {
    Reply created = f.demo.As("admin").Post("/api/webhooks", {{"url", "http://127.0.0.1:1/" + f.Unique("matrix")},
                                                              {"events", {"definition.activated"}}});
    REQUIRE(created.status == 201);
    return "/api/webhooks/" + std::to_string(created.Json()["id"].get<std::int64_t>());
}

// `who` is the demo user calling, "" for an anonymous caller; setup runs as them or as admin.
using Sample = std::function<Request(Fixture&, const std::string& who)>;

std::string Owner(const std::string& who) { return who.empty() ? "admin" : who; }

Request Json(std::string target, const nlohmann::json& body) { return {std::move(target), body.dump()}; }
Request Bodiless(std::string target) { return {std::move(target), "", ""}; }

const std::map<std::string, Sample>& Samples() {
    static const std::map<std::string, Sample> samples = {
        {"GET /api/health", [](Fixture&, const std::string&) { return Bodiless("/api/health"); }},
        {"GET /api/openapi.json", [](Fixture&, const std::string&) { return Bodiless("/api/openapi.json"); }},
        {"GET /metrics", [](Fixture&, const std::string&) { return Bodiless("/metrics"); }},
        {"POST /api/auth/login",
         [](Fixture&, const std::string&) {
             return Json("/api/auth/login", {{"email", "maya@tandem.test"}, {"password", kDemoPassword}});
         }},
        {"POST /api/auth/logout",
         [](Fixture& f, const std::string& who) {
             Request request = Json("/api/auth/logout", nlohmann::json::object());
             if (!who.empty()) request.cookie = SignIn(f.demo.Anonymous(), who + "@tandem.test", kDemoPassword);
             return request;
         }},
        {"GET /api/auth/me", [](Fixture&, const std::string&) { return Bodiless("/api/auth/me"); }},
        {"GET /api/auth/config", [](Fixture&, const std::string&) { return Bodiless("/api/auth/config"); }},
        {"GET /api/auth/session", [](Fixture&, const std::string&) { return Bodiless("/api/auth/session"); }},
        {"POST /api/auth/password",
         [](Fixture& f, const std::string& who) {
             // A user of the same role changes their own password, so the demo users keep theirs.
             std::string email = f.Unique("changer") + "@tandem.test";
             std::string role = who.empty() ? "sales_rep" : std::string(f.demo.As(who).Get("/api/auth/me").Json()["role"]);
             f.NewUser(role, email);
             Request request = Json("/api/auth/password", {{"current_password", "matrix-password-1"},
                                                           {"new_password", "matrix-password-2"}});
             if (!who.empty()) request.cookie = SignIn(f.demo.Anonymous(), email, "matrix-password-1");
             return request;
         }},
        {"POST /api/auth/password-reset",
         [](Fixture& f, const std::string&) {
             std::int64_t id = f.NewUser("marketer", f.Unique("forgetful") + "@tandem.test");
             Reply link = f.demo.As("admin").Post("/api/users/" + std::to_string(id) + "/password-reset", nlohmann::json::object());
             REQUIRE(link.status == 201);
             std::string url = link.Json()["url"];
             return Json("/api/auth/password-reset", {{"token", url.substr(url.find("token=") + 6)}, {"password", "a-brand-new-one"}});
         }},
        {"GET /api/auth/sso/start", [](Fixture&, const std::string&) { return Bodiless("/api/auth/sso/start"); }},
        {"GET /api/auth/sso/callback",
         [](Fixture&, const std::string&) { return Bodiless("/api/auth/sso/callback?code=x&state=y"); }},
        {"GET /api/campaigns", [](Fixture&, const std::string&) { return Bodiless("/api/campaigns?from=2026-01-01"); }},
        {"POST /api/campaigns",
         [](Fixture& f, const std::string&) {
             return Json("/api/campaigns",
                         {{"name", f.Unique("Matrix webinar")}, {"type", "webinar"}, {"start", "2027-02-01"}, {"end", "2027-02-02"}});
         }},
        {"GET /api/campaigns/{id}", [](Fixture&, const std::string&) { return Bodiless("/api/campaigns/1"); }},
        {"GET /api/calendar/feed", [](Fixture&, const std::string&) { return Bodiless("/api/calendar/feed"); }},
        {"POST /api/calendar/feed",
         [](Fixture&, const std::string&) { return Json("/api/calendar/feed", nlohmann::json::object()); }},
        {"DELETE /api/calendar/feed", [](Fixture&, const std::string&) { return Bodiless("/api/calendar/feed"); }},
        {"GET /api/calendar.ics",
         [](Fixture& f, const std::string&) {
             Reply feed = f.demo.As("admin").Post("/api/calendar/feed", nlohmann::json::object());
             REQUIRE(feed.status == 201);
             std::string url = feed.Json()["url"];
             return Bodiless(url.substr(url.find("/api/")));
         }},
        {"PATCH /api/campaigns/{id}",
         [](Fixture& f, const std::string&) { return Json("/api/campaigns/2", {{"sales_notes", f.Unique("checked")}}); }},
        {"GET /api/definitions", [](Fixture&, const std::string&) { return Bodiless("/api/definitions"); }},
        {"GET /api/definitions/active", [](Fixture&, const std::string&) { return Bodiless("/api/definitions/active"); }},
        {"GET /api/definitions/{version}", [](Fixture&, const std::string&) { return Bodiless("/api/definitions/2"); }},
        {"GET /api/definitions/draft", [](Fixture&, const std::string&) { return Bodiless("/api/definitions/draft"); }},
        {"GET /api/definitions/draft/ops", [](Fixture&, const std::string&) { return Bodiless("/api/definitions/draft/ops?after=0"); }},
        {"POST /api/definitions/draft/ops",
         [](Fixture& f, const std::string&) {
             EditableDraft(f);
             nlohmann::json op = {{"kind", "set_property"}, {"property", "summary"}, {"value", f.Unique("matrix")}};
             return Json("/api/definitions/draft/ops",
                         {{"client_id", f.Unique("tab")}, {"client_seq", 1}, {"base_revision", 0}, {"ops", {op}}});
         }},
        {"POST /api/definitions/draft/presence",
         [](Fixture& f, const std::string&) { return Json("/api/definitions/draft/presence", {{"client_id", f.Unique("tab")}}); }},
        {"POST /api/definitions/draft/propose",
         [](Fixture& f, const std::string&) {
             EditableDraft(f);
             nlohmann::json op = {{"kind", "set_property"}, {"property", "mql_threshold"}, {"value", 60 + ++f.serial}};
             nlohmann::json batch = {{"client_id", f.Unique("setup")}, {"client_seq", 1}, {"base_revision", 0}, {"ops", {op}}};
             REQUIRE(f.demo.As("maya").Post("/api/definitions/draft/ops", batch).status == 200);
             return Json("/api/definitions/draft/propose", nlohmann::json::object());
         }},
        {"POST /api/definitions/impact",
         [](Fixture& f, const std::string&) {
             return Json("/api/definitions/impact", f.demo.As("admin").Get("/api/definitions/active").Json()["rules"]);
         }},
        {"GET /api/definitions/impact-data", [](Fixture&, const std::string&) { return Bodiless("/api/definitions/impact-data"); }},
        {"GET /api/definitions/rejection-pressure",
         [](Fixture&, const std::string&) { return Bodiless("/api/definitions/rejection-pressure?days=30"); }},
        {"POST /api/definitions/{version}/approve",
         [](Fixture& f, const std::string&) {
             return Json("/api/definitions/" + std::to_string(FreshProposal(f)) + "/approve", nlohmann::json::object());
         }},
        {"GET /api/definitions/{version}/activation-preview",
         [](Fixture& f, const std::string&) {
             return Bodiless("/api/definitions/" + std::to_string(FreshProposal(f)) + "/activation-preview");
         }},
        {"POST /api/definitions/{version}/withdraw",
         [](Fixture& f, const std::string&) {
             return Json("/api/definitions/" + std::to_string(FreshProposal(f)) + "/withdraw", nlohmann::json::object());
         }},
        {"GET /api/feedback/insights", [](Fixture&, const std::string&) { return Bodiless("/api/feedback/insights"); }},
        {"GET /api/feedback/wins", [](Fixture&, const std::string&) { return Bodiless("/api/feedback/wins"); }},
        {"GET /api/notifications", [](Fixture&, const std::string&) { return Bodiless("/api/notifications?limit=5"); }},
        {"POST /api/notifications/{id}/read",
         [](Fixture& f, const std::string& who) {
             // A content request of the caller's, moved to done by someone else, notifies the caller.
             std::string owner = Owner(who);
             Reply asked = f.demo.As(owner).Post("/api/feedback", {{"kind", "content_request"}, {"text", f.Unique("A deck for banks")}});
             REQUIRE(asked.status == 201);
             std::string mover = owner == "mark" ? "maya" : "mark";
             REQUIRE(f.demo.As(mover).Patch("/api/feedback/" + std::to_string(asked.Json()["id"].get<std::int64_t>()),
                                            {{"status", "done"}}).status == 200);
             nlohmann::json items = f.demo.As(owner).Get("/api/notifications?limit=1").Json()["items"];
             REQUIRE(items.size() == 1);
             return Json("/api/notifications/" + std::to_string(items[0]["id"].get<std::int64_t>()) + "/read",
                         nlohmann::json::object());
         }},
        {"GET /api/feedback", [](Fixture&, const std::string&) { return Bodiless("/api/feedback?kind=objection&limit=5"); }},
        {"POST /api/feedback",
         [](Fixture& f, const std::string&) {
             return Json("/api/feedback", {{"kind", "question"}, {"text", f.Unique("Do you integrate with SAP?")}});
         }},
        {"GET /api/feedback/{id}", [](Fixture&, const std::string&) { return Bodiless("/api/feedback/1"); }},
        {"PATCH /api/feedback/{id}",
         [](Fixture& f, const std::string& who) {
             Reply mine = f.demo.As(Owner(who)).Post("/api/feedback", {{"kind", "general"}, {"text", "first draft"}});
             REQUIRE(mine.status == 201);
             return Json("/api/feedback/" + std::to_string(mine.Json()["id"].get<std::int64_t>()), {{"text", "second draft"}});
         }},
        {"GET /api/leads", [](Fixture&, const std::string&) { return Bodiless("/api/leads?stage=new&limit=3"); }},
        {"POST /api/leads",
         [](Fixture& f, const std::string&) { return Json("/api/leads", {{"email", f.Unique("new") + "@leads.test"}}); }},
        {"GET /api/leads/export.csv", [](Fixture&, const std::string&) { return Bodiless("/api/leads/export.csv"); }},
        {"GET /api/imports", [](Fixture&, const std::string&) { return Bodiless("/api/imports"); }},
        {"POST /api/leads/import",
         [](Fixture& f, const std::string&) {
             return Request{"/api/leads/import", "Email,Name\r\n" + f.Unique("imported") + "@leads.test,Ida Import\r\n",
                            "text/csv"};
         }},
        {"GET /api/leads/{id}", [](Fixture&, const std::string&) { return Bodiless("/api/leads/1"); }},
        {"PATCH /api/leads/{id}",
         [](Fixture& f, const std::string&) {
             return Json("/api/leads/" + std::to_string(f.NewLead(nlohmann::json::object())), {{"title", "Buyer"}});
         }},
        {"GET /api/leads/{id}/history", [](Fixture&, const std::string&) { return Bodiless("/api/leads/2/history"); }},
        {"GET /api/leads/{id}/assignments", [](Fixture&, const std::string&) { return Bodiless("/api/leads/2/assignments"); }},
        {"GET /api/leads/{id}/explanation", [](Fixture&, const std::string&) { return Bodiless("/api/leads/2/explanation"); }},
        {"GET /api/inbox", [](Fixture&, const std::string&) { return Bodiless("/api/inbox?limit=5"); }},
        {"POST /api/leads/{id}/claim",
         [](Fixture& f, const std::string&) {
             // Round robin gives a new sales-ready lead a rep; a leader returns it to the pool first.
             std::int64_t id = f.NewLead(kSalesReadyFacts);
             REQUIRE(f.demo.As("sam").Post("/api/leads/" + std::to_string(id) + "/assign", {{"owner_id", nullptr}}).status == 200);
             return Json("/api/leads/" + std::to_string(id) + "/claim", nlohmann::json::object());
         }},
        {"POST /api/leads/{id}/assign",
         [](Fixture& f, const std::string&) {
             std::int64_t id = f.NewLead(kSalesReadyFacts);
             return Json("/api/leads/" + std::to_string(id) + "/assign", {{"owner_id", f.demo.IdOf("sam")}});
         }},
        {"POST /api/leads/{id}/erase",
         [](Fixture& f, const std::string&) {
             return Json("/api/leads/" + std::to_string(f.NewLead(nlohmann::json::object())) + "/erase",
                         nlohmann::json::object());
         }},
        {"GET /api/leads/{id}/personal-data",
         [](Fixture&, const std::string&) { return Bodiless("/api/leads/2/personal-data"); }},
        {"POST /api/leads/{id}/transitions",
         [](Fixture& f, const std::string& who) {
             // The route is open to everyone; the move must be one the caller's side of the funnel makes,
             // and a rep's own lead.
             bool sales = who == "sam" || who == "rita" || who == "raj";
             nlohmann::json facts = sales ? kSalesReadyFacts : nlohmann::json::object();
             if (who == "rita" || who == "raj") facts["owner_id"] = f.demo.IdOf(who);
             std::int64_t id = f.NewLead(facts);
             return Json("/api/leads/" + std::to_string(id) + "/transitions", {{"to", sales ? "sql" : "mql"}});
         }},
        {"GET /api/events",
         [](Fixture&, const std::string&) { return Request{"/api/events", "", "", "", true}; }},
        {"GET /api/scorecard", [](Fixture&, const std::string&) { return Bodiless("/api/scorecard?group=source"); }},
        {"GET /api/stage-history.csv", [](Fixture&, const std::string&) { return Bodiless("/api/stage-history.csv"); }},
        {"GET /api/targets", [](Fixture&, const std::string&) { return Bodiless("/api/targets"); }},
        {"PUT /api/targets/{month}",
         [](Fixture& f, const std::string&) { return Json("/api/targets/2027-03", {{"leads", 10 + f.serial++}}); }},
        {"PUT /api/settings/sla",
         [](Fixture& f, const std::string&) { return Json("/api/settings/sla", {{"first_response_hours", 20 + f.serial++}}); }},
        {"GET /api/tokens", [](Fixture&, const std::string&) { return Bodiless("/api/tokens"); }},
        {"GET /api/email-preferences", [](Fixture&, const std::string&) { return Bodiless("/api/email-preferences"); }},
        {"PUT /api/email-preferences",
         [](Fixture&, const std::string&) {
             return Json("/api/email-preferences", {{"content_requests", true}, {"sla_breaches", true}, {"wins_digest", false}});
         }},
        {"GET /api/webhooks", [](Fixture&, const std::string&) { return Bodiless("/api/webhooks"); }},
        {"POST /api/webhooks",
         [](Fixture& f, const std::string&) {
             return Json("/api/webhooks", {{"url", "http://127.0.0.1:1/" + f.Unique("matrix")}, {"events", {"definition.activated"}}});
         }},
        {"GET /api/webhooks/{id}", [](Fixture& f, const std::string&) { return Bodiless(NewWebhook(f)); }},
        {"PATCH /api/webhooks/{id}",
         [](Fixture& f, const std::string&) { return Json(NewWebhook(f), {{"description", f.Unique("matrix")}}); }},
        {"DELETE /api/webhooks/{id}", [](Fixture& f, const std::string&) { return Bodiless(NewWebhook(f)); }},
        {"GET /api/webhooks/{id}/deliveries",
         [](Fixture& f, const std::string&) { return Bodiless(NewWebhook(f) + "/deliveries"); }},
        {"POST /api/tokens", [](Fixture& f, const std::string&) { return Json("/api/tokens", {{"name", f.Unique("matrix")}}); }},
        {"DELETE /api/tokens/{id}",
         [](Fixture& f, const std::string& who) {
             Reply token = f.demo.As(Owner(who)).Post("/api/tokens", {{"name", f.Unique("to revoke")}});
             REQUIRE(token.status == 201);
             return Bodiless("/api/tokens/" + std::to_string(token.Json()["token"]["id"].get<std::int64_t>()));
         }},
        {"GET /api/users", [](Fixture&, const std::string&) { return Bodiless("/api/users"); }},
        {"POST /api/users",
         [](Fixture& f, const std::string&) {
             return Json("/api/users", {{"email", f.Unique("hire") + "@tandem.test"}, {"name", "New Hire"},
                                        {"role", "marketer"}, {"password", "correct-horse-battery"}});
         }},
        {"PATCH /api/users/{id}",
         [](Fixture& f, const std::string&) {
             return Json("/api/users/" + std::to_string(f.demo.IdOf("raj")), {{"name", "Raj Rep"}});
         }},
        {"POST /api/users/{id}/password-reset",
         [](Fixture& f, const std::string&) {
             return Json("/api/users/" + std::to_string(f.demo.IdOf("mark")) + "/password-reset", nlohmann::json::object());
         }},
    };
    return samples;
}

Reply SendAs(const ApiClient& caller, const std::string& method, const Request& request) {
    ApiClient client = request.cookie.empty() ? caller : caller.WithCookie(request.cookie);
    if (request.stream)
        return client.Stream(request.target, [](const std::string& received) { return received.find("\n\n") == std::string::npos; });
    return client.Send(method, request.target, request.body, request.body.empty() ? "" : request.content_type);
}

// The documented success: a 2xx, or the redirect of a route browsers navigate to.
int SuccessStatus(const nlohmann::json& operation) {
    for (const auto& [status, response] : operation["responses"].items())
        if (status.starts_with("2") || status.starts_with("3")) return std::stoi(status);
    return 0;
}

}  // namespace

TEST_CASE("every route answers anonymous callers 401, roles outside its x-roles 403, and the rest its success") {
    // Few leads: every refused write compares a snapshot of all data. Single sign-on is set up with a
    // provider that cannot be reached, so its routes answer their redirects (to the sign-in page).
    DemoServer demo(40, {"--oidc-issuer", "http://127.0.0.1:1", "--oidc-client-id", "tandem", "--oidc-client-secret", "s3cret"});
    Fixture fixture{demo};
    nlohmann::json openapi = demo.Anonymous().Get("/api/openapi.json").Json();
    REQUIRE(openapi.contains("paths"));
    std::set<std::string> documented;
    ApiClient anonymous = demo.Anonymous();

    for (const auto& [path, operations] : openapi["paths"].items()) {
        for (const auto& [lower_method, operation] : operations.items()) {
            std::string method = lower_method;
            for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            std::string key = method + " " + path;
            documented.insert(key);
            INFO(key);
            auto sample = Samples().find(key);
            if (sample == Samples().end()) {
                FAIL_CHECK("no sample request for " << key << " in test_api_roles.cpp: add one");
                continue;
            }
            int success = SuccessStatus(operation);
            bool writes = method != "GET";

            if (!operation.contains("security")) {
                CHECK(kPublic.count(key) == 1);
                CHECK_FALSE(operation.contains("x-roles"));
                CHECK(SendAs(anonymous, method, sample->second(fixture, "")).status == success);
                continue;
            }

            std::set<std::string> roles;
            for (const auto& role : operation["x-roles"]) roles.insert(role.get<std::string>());
            auto restricted = kRestricted.find(key);
            CHECK(roles == (restricted == kRestricted.end() ? kAllRoles : restricted->second));
            CHECK(operation["responses"].contains("401"));
            CHECK(operation["responses"].contains("403"));

            // Without credentials, with forged ones: 401 before anything else, and no trace.
            Request request = sample->second(fixture, "");
            std::string before = writes ? demo.Snapshot() : std::string();
            CHECK(ErrorOf(SendAs(anonymous, method, request)) == ApiError{401, "unauthorized"});
            CHECK(ErrorOf(SendAs(anonymous.WithCookie("tandem_session=forged"), method, request)) ==
                  ApiError{401, "unauthorized"});
            CHECK(ErrorOf(SendAs(anonymous.WithBearer("tdm_forged"), method, request)) == ApiError{401, "unauthorized"});
            if (writes) CHECK(demo.Snapshot() == before);

            for (const std::string& role : kAllRoles) {
                INFO("as ", role);
                std::string who = DemoServer::UserWithRole(role);
                Request prepared = sample->second(fixture, who);
                if (roles.count(role)) {
                    Reply reply = SendAs(demo.As(who), method, prepared);
                    CHECK(reply.status == success);
                    if (reply.status != success) MESSAGE(reply.body);
                } else {
                    std::string unchanged = demo.Snapshot();
                    Reply refused = SendAs(demo.As(who), method, prepared);
                    CHECK(ErrorOf(refused) == ApiError{403, "forbidden"});
                    CHECK(refused.Json()["error"]["message"] == "a " + role + " may not do this");
                    CHECK(demo.Snapshot() == unchanged);
                }
            }
        }
    }
    for (const auto& [key, sample] : Samples()) {
        INFO(key);
        CHECK(documented.count(key) == 1);   // a sample for a route the document does not list
    }
    CHECK(documented.size() == Samples().size());
}

TEST_CASE("roles decide the writes the product names: import, campaigns, targets, users") {
    DemoServer demo;
    // Each pair: the refused role's request changes nothing, the allowed one's takes effect.
    std::size_t leads = AllLeads(demo.As("admin")).size();
    std::string csv = "Email,First Name,Last Name\r\nivy@import.test,Ivy,Import\r\n";
    CHECK(ErrorOf(demo.As("rita").Send("POST", "/api/leads/import", csv, "text/csv")) == ApiError{403, "forbidden"});
    CHECK(ErrorOf(demo.As("sam").Send("POST", "/api/leads/import", csv, "text/csv")) == ApiError{403, "forbidden"});
    CHECK(AllLeads(demo.As("admin")).size() == leads);
    CHECK(demo.As("mark").Send("POST", "/api/leads/import", csv, "text/csv").status == 200);
    CHECK(AllLeads(demo.As("admin")).size() == leads + 1);

    nlohmann::json campaign = {{"name", "Spring launch"}, {"type", "product_launch"}, {"start", "2027-03-01"}, {"end", "2027-03-31"}};
    std::size_t campaigns = demo.As("rita").Get("/api/campaigns").Json()["items"].size();
    CHECK(ErrorOf(demo.As("rita").Post("/api/campaigns", campaign)) == ApiError{403, "forbidden"});
    CHECK(demo.As("rita").Get("/api/campaigns").Json()["items"].size() == campaigns);
    Reply planned = demo.As("mark").Post("/api/campaigns", campaign);
    CHECK(planned.status == 201);
    CHECK(demo.As("rita").Get("/api/campaigns").Json()["items"].size() == campaigns + 1);
    std::string planned_path = "/api/campaigns/" + std::to_string(planned.Json()["id"].get<std::int64_t>());
    CHECK(ErrorOf(demo.As("raj").Patch(planned_path, {{"status", "cancelled"}})) == ApiError{403, "forbidden"});
    CHECK(demo.As("raj").Get(planned_path).Json()["status"] == "planned");

    nlohmann::json december = {{"leads", 40}, {"mqls", 12}, {"sqls", 6}, {"revenue", 60000}};
    nlohmann::json targets_before = demo.As("mark").Get("/api/targets").Json();
    CHECK(ErrorOf(demo.As("mark").Put("/api/targets/2026-12", december)) == ApiError{403, "forbidden"});
    CHECK(ErrorOf(demo.As("rita").Put("/api/targets/2026-12", december)) == ApiError{403, "forbidden"});
    CHECK(demo.As("mark").Get("/api/targets").Json() == targets_before);
    Reply set = demo.As("sam").Put("/api/targets/2026-12", december);
    CHECK(set.status == 200);
    CHECK(set.Json()["leads"] == 40);

    nlohmann::json hire = {{"email", "nia@tandem.test"}, {"name", "Nia New"}, {"role", "sales_rep"}, {"password", "twelve-chars-ok"}};
    CHECK(ErrorOf(demo.As("maya").Post("/api/users", hire)) == ApiError{403, "forbidden"});
    CHECK(SignIn(demo.Anonymous(), "nia@tandem.test", "twelve-chars-ok") == "");
    CHECK(demo.As("admin").Post("/api/users", hire).status == 201);
    CHECK(SignIn(demo.Anonymous(), "nia@tandem.test", "twelve-chars-ok") != "");
}
