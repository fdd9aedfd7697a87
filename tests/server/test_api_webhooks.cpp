// Outgoing webhooks against a real receiver (tests/support/webhook_receiver.mjs, which verifies
// every signature with npm standardwebhooks): admins only, the whsec_ secret, the events of lead,
// campaign and feedback changes, retries until the receiver answers, the delivery log, auto-disable
// with the admins' notice, delivery after a restart, and Slack's incoming-webhook JSON.
#include <chrono>
#include <csignal>
#include <ctime>
#include <algorithm>
#include <doctest/doctest.h>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "real_parts.h"
#include "server_process.h"

using namespace tandem::test;

namespace {

// `node tests/support/webhook_receiver.mjs` on a free loopback port, stopped at the end.
class Receiver {
public:
    Receiver() {
        std::smatch match;
        const std::string& line = m_script.FirstLine();
        if (!std::regex_search(line, match, std::regex("127\\.0\\.0\\.1:([0-9]+)")))
            throw std::runtime_error("the webhook receiver did not start: '" + line + "'");
        m_port = std::stoi(match[1]);
    }

    std::string Url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(m_port) + path; }

    // Requests to `path` are verified with `secret` (none: taken unsigned); the first `fail_first`
    // are answered 500; with `hang`, none is answered at all.
    void Configure(const std::string& path, const std::string& secret, int fail_first = 0, bool hang = false) const {
        nlohmann::json config = {{"path", path}, {"fail_first", fail_first}, {"hang", hang}};
        if (!secret.empty()) config["secret"] = secret;
        httplib::Client client("127.0.0.1", m_port);
        httplib::Result result = client.Post("/__control/config", config.dump(), "application/json");
        REQUIRE(result);
        REQUIRE(result->status == 204);
    }

    // What reached `path`, oldest first.
    std::vector<nlohmann::json> Requests(const std::string& path) const {
        httplib::Client client("127.0.0.1", m_port);
        httplib::Result result = client.Get("/__control/requests");
        REQUIRE(result);
        std::vector<nlohmann::json> out;
        for (const nlohmann::json& request : nlohmann::json::parse(result->body))
            if (request["path"] == path) out.push_back(request);
        return out;
    }

private:
    NodeScript m_script{"webhook_receiver.mjs"};
    int m_port = 0;
};

// Slack's escaping of &, < and > in mrkdwn.
std::string Mrkdwn(const std::string& text) {
    return std::regex_replace(std::regex_replace(std::regex_replace(text, std::regex("&"), "&amp;"), std::regex("<"), "&lt;"),
                              std::regex(">"), "&gt;");
}

std::string Path(const std::string& base, std::int64_t id) { return base + "/" + std::to_string(id); }

nlohmann::json Deliveries(const ApiClient& admin, std::int64_t webhook) {
    Reply reply = admin.Get(Path("/api/webhooks", webhook) + "/deliveries");
    REQUIRE(reply.status == 200);
    return reply.Json()["items"];
}

bool AllSettled(const nlohmann::json& deliveries, std::size_t count, const std::string& status) {
    if (deliveries.size() != count) return false;
    for (const nlohmann::json& delivery : deliveries)
        if (delivery["status"] != status) return false;
    return true;
}

// The requests the receiver verified, keyed by the payload's type.
std::vector<nlohmann::json> Verified(const std::vector<nlohmann::json>& requests) {
    std::vector<nlohmann::json> out;
    for (const nlohmann::json& request : requests)
        if (request["verified"] == true && request["status"] == 204) out.push_back(request);
    return out;
}

// The draft with a new summary and a lower MQL bar (a change of rules is what a proposal needs),
// proposed and signed off by both leaders; returns the version now active.
std::int64_t ActivateProposal(DemoServer& demo, const std::string& summary) {
    nlohmann::json draft = demo.As("maya").Get("/api/definitions/draft").Json();
    nlohmann::json ops = {{{"kind", "set_property"}, {"property", "summary"}, {"value", summary}},
                          {{"kind", "set_property"}, {"property", "mql_threshold"},
                           {"value", demo.As("maya").Get("/api/definitions/active").Json()["rules"]["mql_threshold"].get<int>() - 1}}};
    nlohmann::json batch = {{"client_id", "webhook-test"}, {"client_seq", 1}, {"base_revision", draft["revision"]}, {"ops", ops}};
    REQUIRE(demo.As("maya").Post("/api/definitions/draft/ops", batch).status == 200);
    Reply proposed = demo.As("maya").Post("/api/definitions/draft/propose", nlohmann::json::object());
    REQUIRE(proposed.status == 200);
    std::int64_t version = proposed.Json()["version"];
    std::string approve = "/api/definitions/" + std::to_string(version) + "/approve";
    REQUIRE(demo.As("maya").Post(approve, nlohmann::json::object()).status == 200);
    Reply second = demo.As("sam").Post(approve, nlohmann::json::object());
    REQUIRE(second.status == 200);
    REQUIRE(second.Json()["activated"] == true);
    return version;
}

const nlohmann::json kCampaign = {{"name", "Webhook webinar"}, {"type", "webinar"}, {"start", "2027-02-02"}, {"end", "2027-02-02"}};

}  // namespace

TEST_CASE("webhook endpoints are an admin's: a whsec_ secret once, and bad input is refused naming the field") {
    DemoServer demo(40);
    ApiClient admin = demo.As("admin");
    for (const char* who : {"mark", "rita", "maya", "sam"}) {
        INFO(who);
        CHECK(ErrorOf(demo.As(who).Post("/api/webhooks", {{"url", "https://hooks.example.com/t"}, {"events", {"lead.accepted"}}})) ==
              ApiError{403, "forbidden"});
        CHECK(ErrorOf(demo.As(who).Get("/api/webhooks")) == ApiError{403, "forbidden"});
    }

    const std::pair<nlohmann::json, std::string> refused[] = {
        {{{"url", "ftp://hooks.example.com/t"}, {"events", {"lead.accepted"}}}, "url"},
        {{{"url", "/relative/hook"}, {"events", {"lead.accepted"}}}, "url"},
        {{{"url", "https://user:pass@hooks.example.com/t"}, {"events", {"lead.accepted"}}}, "url"},
        {{{"url", "https://hooks.example.com/t"}, {"events", {"lead.accepted", "lead.exploded"}}}, "events"},
        {{{"url", "https://hooks.example.com/t"}, {"events", nlohmann::json::array()}}, "events"},
        {{{"url", "https://hooks.example.com/t"}}, "events"},
        {{{"events", {"lead.accepted"}}}, "url"},
        {{{"url", "https://hooks.example.com/t"}, {"events", {"lead.accepted"}}, {"format", "teams"}}, "format"},
        {{{"url", "https://hooks.example.com/t"}, {"events", {"lead.accepted"}}, {"secret", "whsec_mine"}}, "secret"},
    };
    for (const auto& [body, field] : refused) {
        INFO(body.dump());
        CHECK(ErrorOf(admin.Post("/api/webhooks", body)) == ApiError{422, "invalid", field});
    }
    Reply unknown = admin.Post("/api/webhooks", {{"url", "https://hooks.example.com/t"}, {"events", {"lead.exploded"}}});
    CHECK(unknown.Json()["error"]["message"].get<std::string>().starts_with("unknown event 'lead.exploded' (known: lead.handed_over, "));
    CHECK(admin.Get("/api/webhooks").Json()["items"] == nlohmann::json::array());

    Reply created = admin.Post("/api/webhooks", {{"url", "https://hooks.example.com/tandem?team=7"},
                                                 {"events", {"lead.accepted", "sla.breached"}}, {"description", "CRM sync"}});
    REQUIRE(created.status == 201);
    nlohmann::json endpoint = created.Json();
    std::int64_t id = endpoint["id"];
    CHECK(created.Header("Location") == Path("/api/webhooks", id));
    std::string secret = endpoint["secret"];
    CHECK(std::regex_match(secret, std::regex("whsec_[A-Za-z0-9+/]{32}")));   // 24 bytes, base64 without padding
    CHECK(endpoint["url"] == "https://hooks.example.com/tandem?team=7");
    CHECK(endpoint["events"] == nlohmann::json({"lead.accepted", "sla.breached"}));
    CHECK(endpoint["format"] == "standard");
    CHECK(endpoint["description"] == "CRM sync");
    CHECK(endpoint["enabled"] == true);
    CHECK(endpoint["disabled_reason"] == nullptr);
    Reply second = admin.Post("/api/webhooks", {{"url", "http://hooks.example.com/other"}, {"events", {"lead.accepted"}}});
    CHECK(second.Json()["secret"] != secret);

    nlohmann::json shown = endpoint;
    shown.erase("secret");
    CHECK(admin.Get(Path("/api/webhooks", id)).Json() == shown);
    CHECK(admin.Get("/api/webhooks").Json()["items"][0] == shown);

    CHECK(ErrorOf(admin.Patch(Path("/api/webhooks", id), {{"events", {"campaign.exploded"}}})) == ApiError{422, "invalid", "events"});
    CHECK(ErrorOf(admin.Patch(Path("/api/webhooks", id), {{"url", "javascript:alert(1)"}})) == ApiError{422, "invalid", "url"});
    CHECK(ErrorOf(admin.Patch(Path("/api/webhooks", id), {{"enabled", "yes"}})) == ApiError{422, "invalid", "enabled"});
    CHECK(admin.Get(Path("/api/webhooks", id)).Json() == shown);
    Reply patched = admin.Patch(Path("/api/webhooks", id), {{"events", {"campaign.created"}}, {"format", "slack"}, {"enabled", false}});
    REQUIRE(patched.status == 200);
    CHECK(patched.Json()["events"] == nlohmann::json({"campaign.created"}));
    CHECK(patched.Json()["format"] == "slack");
    CHECK(patched.Json()["enabled"] == false);
    CHECK(ErrorOf(demo.As("mark").Patch(Path("/api/webhooks", id), {{"enabled", true}})) == ApiError{403, "forbidden"});

    CHECK(admin.Delete(Path("/api/webhooks", id)).status == 204);
    CHECK(ErrorOf(admin.Get(Path("/api/webhooks", id))) == ApiError{404, "not_found"});
    CHECK(ErrorOf(admin.Delete(Path("/api/webhooks", id))) == ApiError{404, "not_found"});
    CHECK(ErrorOf(admin.Get(Path("/api/webhooks", id) + "/deliveries")) == ApiError{404, "not_found"});
}

TEST_CASE("lead, campaign and feedback changes reach a real receiver signed, retried after 500s until it answers 204") {
    Receiver receiver;
    DemoServer demo(300, {"--webhook-retry-base-ms", "1"});
    ApiClient admin = demo.As("admin");
    Reply created = admin.Post("/api/webhooks", {{"url", receiver.Url("/crm")},
                                                 {"events", {"lead.handed_over", "lead.accepted", "lead.rejected",
                                                             "campaign.created", "campaign.cancelled", "feedback.created"}}});
    REQUIRE(created.status == 201);
    std::int64_t webhook = created.Json()["id"];
    receiver.Configure("/crm", created.Json()["secret"], 2);

    // A campaign: the first two attempts get 500, the third is delivered, all with one webhook-id.
    Reply planned = demo.As("mark").Post("/api/campaigns", kCampaign);
    REQUIRE(planned.status == 201);
    std::int64_t campaign_id = planned.Json()["id"];
    REQUIRE(WaitUntil([&] { return AllSettled(Deliveries(admin, webhook), 1, "delivered"); }));
    std::vector<nlohmann::json> requests = receiver.Requests("/crm");
    REQUIRE(requests.size() == 3);
    CHECK(requests[0]["status"] == 500);
    CHECK(requests[1]["status"] == 500);
    CHECK(requests[2]["status"] == 204);
    for (const nlohmann::json& request : requests) {
        CHECK(request["verified"] == true);
        CHECK(request["headers"]["webhook-id"] == requests[0]["headers"]["webhook-id"]);
        CHECK(request["headers"]["content-type"] == "application/json");
    }
    nlohmann::json payload = requests[2]["body"];
    CHECK(payload["type"] == "campaign.created");
    CHECK(std::regex_match(payload["timestamp"].get<std::string>(), std::regex("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ")));
    nlohmann::json campaign = demo.As("mark").Get(Path("/api/campaigns", campaign_id)).Json();
    for (const char* field : {"id", "name", "type", "start", "end", "status", "revision", "created_at"}) CHECK(payload["data"][field] == campaign[field]);

    nlohmann::json log = Deliveries(admin, webhook);
    CHECK(log[0]["event_type"] == "campaign.created");
    CHECK(log[0]["msg_id"] == requests[0]["headers"]["webhook-id"]);
    CHECK(std::regex_match(log[0]["msg_id"].get<std::string>(), std::regex("msg_[0-9a-f]{32}")));
    CHECK(log[0]["status"] == "delivered");
    CHECK(log[0]["attempts"] == 3);
    CHECK(log[0]["last_status"] == 204);
    CHECK(log[0]["last_error"] == nullptr);
    CHECK(log[0]["next_attempt_at"] == nullptr);
    CHECK(log[0]["delivered_at"].is_string());

    // Two hand-offs, one accepted and one rejected (which logs the rejection as feedback), a
    // cancellation and a note: each as the API answers it.
    std::int64_t accepted_id = demo.HandOverTo("rita");
    std::int64_t rejected_id = demo.HandOverTo("rita");
    nlohmann::json handed_accepted = admin.Get(Path("/api/leads", accepted_id)).Json();
    nlohmann::json handed_rejected = admin.Get(Path("/api/leads", rejected_id)).Json();
    Reply accepted = demo.As("rita").Post(Path("/api/leads", accepted_id) + "/transitions", {{"to", "sql"}});
    REQUIRE(accepted.status == 200);
    Reply rejected = demo.As("rita").Post(Path("/api/leads", rejected_id) + "/transitions", {{"to", "recycled"}, {"reason", "no_budget"}});
    REQUIRE(rejected.status == 200);
    nlohmann::json rejection = demo.As("rita").Get("/api/feedback?kind=rejection&lead=" + std::to_string(rejected_id)).Json()["items"][0];
    REQUIRE(demo.As("mark").Patch(Path("/api/campaigns", campaign_id), {{"status", "cancelled"}}).status == 200);
    Reply note = demo.As("raj").Post("/api/feedback", {{"kind", "question"}, {"text", "Do they integrate with SAP?"}});
    REQUIRE(note.status == 201);
    REQUIRE(WaitUntil([&] { return AllSettled(Deliveries(admin, webhook), 8, "delivered"); }));
    std::vector<nlohmann::json> verified = Verified(receiver.Requests("/crm"));
    REQUIRE(verified.size() == 8);
    std::map<std::string, std::vector<nlohmann::json>> by_type;
    for (const nlohmann::json& request : verified) by_type[request["body"]["type"]].push_back(request["body"]["data"]);
    auto has = [&](const std::string& type, const nlohmann::json& data) {
        return std::find(by_type[type].begin(), by_type[type].end(), data) != by_type[type].end();
    };
    CHECK(by_type["lead.handed_over"].size() == 2);
    CHECK(has("lead.handed_over", handed_accepted));
    CHECK(has("lead.handed_over", handed_rejected));
    CHECK(by_type["lead.accepted"] == std::vector<nlohmann::json>{accepted.Json()["lead"]});
    CHECK(by_type["lead.rejected"] == std::vector<nlohmann::json>{rejected.Json()["lead"]});
    REQUIRE(by_type["campaign.cancelled"].size() == 1);
    CHECK(by_type["campaign.cancelled"][0]["status"] == "cancelled");
    CHECK(by_type["campaign.cancelled"][0]["id"] == campaign_id);
    CHECK(by_type["feedback.created"].size() == 2);
    CHECK(has("feedback.created", note.Json()));
    CHECK(has("feedback.created", rejection));
    for (const nlohmann::json& request : receiver.Requests("/crm")) CHECK(request["verified"] == true);
}

TEST_CASE("an import that hands a lead over sends lead.handed_over, through the API and from a tandem import beside the server") {
    Receiver receiver;
    DemoServer demo(0);
    ApiClient admin = demo.As("admin");
    Reply created = admin.Post("/api/webhooks", {{"url", receiver.Url("/imports")}, {"events", {"lead.handed_over"}}});
    REQUIRE(created.status == 201);
    std::int64_t webhook = created.Json()["id"];
    receiver.Configure("/imports", created.Json()["secret"], 0);
    // Facts that make a lead sales-ready under the demo's definition (DemoServer::HandOverTo's), and one that does not.
    const std::string header =
        "email,name,industry,company_size,title,authority,country,demo_requested,need,budget_usd,timeline_months,phone\n";
    auto row = [](const std::string& email) {
        return email + ",Ready Buyer,software,200,CTO,decision_maker,US,true,yes,20000,3,+1 555 0100\n";
    };
    REQUIRE(demo.As("mark").Send("POST", "/api/leads/import", header + row("api@import.test") + "cold@import.test,Cold,,,,,,,,,,\n",
                                 "text/csv").status == 200);
    const std::filesystem::path file = demo.Dir().Path() / "beside.csv";
    std::ofstream(file) << header + row("cli@import.test");
    REQUIRE(RunTandem({"import", "--db", demo.DbTarget(), file.string()}).exit_code == 0);

    REQUIRE(WaitUntil([&] { return AllSettled(Deliveries(admin, webhook), 2, "delivered"); }));
    std::vector<nlohmann::json> verified = Verified(receiver.Requests("/imports"));
    REQUIRE(verified.size() == 2);
    std::set<std::string> emails;
    for (const nlohmann::json& request : verified) {
        CHECK(request["body"]["type"] == "lead.handed_over");
        const nlohmann::json& lead = request["body"]["data"];
        emails.insert(lead["email"]);
        CHECK(lead["stage"] == "sales_ready");
        CHECK(lead["owner_id"].is_number());   // routed to a rep as it was handed over
        CHECK(lead == admin.Get(Path("/api/leads", lead["id"].get<std::int64_t>())).Json());
    }
    CHECK(emails == std::set<std::string>{"api@import.test", "cli@import.test"});
}

TEST_CASE("an endpoint whose messages all fail for 24 hours is disabled, the admins are told, and it can be turned back on") {
    Receiver receiver;
    // 1 ms for 5 s: the schedule runs 5000 times faster, so 24 hours of retries take about 17 s.
    DemoServer demo(40, {"--webhook-retry-base-ms", "1"});
    ApiClient admin = demo.As("admin");
    Reply created = admin.Post("/api/webhooks", {{"url", receiver.Url("/down")}, {"events", {"campaign.created"}}});
    REQUIRE(created.status == 201);
    std::int64_t webhook = created.Json()["id"];
    receiver.Configure("/down", created.Json()["secret"], 1'000'000);
    std::int64_t unread = admin.Get("/api/notifications").Json()["unread"];

    for (int i = 0; i < 5; ++i) {
        nlohmann::json campaign = kCampaign;
        campaign["name"] = "Unheard " + std::to_string(i);
        REQUIRE(demo.As("mark").Post("/api/campaigns", campaign).status == 201);
    }
    REQUIRE(WaitUntil([&] { return admin.Get(Path("/api/webhooks", webhook)).Json()["enabled"] == false; }));
    nlohmann::json endpoint = admin.Get(Path("/api/webhooks", webhook)).Json();
    CHECK(endpoint["disabled_reason"] == "5 messages in a row failed for 24 hours");
    // Attempts at 0, 5 s, 5 min 5 s, 35 min 5 s, 2 h 35 min 5 s, 7 h 35 min 5 s and 17 h 35 min 5 s;
    // the next (27 h 35 min 5 s) would be past 24 hours.
    nlohmann::json log = Deliveries(admin, webhook);
    REQUIRE(log.size() == 5);
    for (const nlohmann::json& delivery : log) {
        CHECK(delivery["status"] == "failed");
        CHECK(delivery["attempts"] == 7);
        CHECK(delivery["last_status"] == 500);
        CHECK(delivery["last_error"] == "HTTP 500: {\"error\":\"failing on purpose\"}");
        CHECK(delivery["next_attempt_at"] == nullptr);
        CHECK(delivery["delivered_at"] == nullptr);
    }
    CHECK(receiver.Requests("/down").size() == 35);

    nlohmann::json notices = admin.Get("/api/notifications").Json();
    CHECK(notices["unread"] == unread + 1);
    CHECK(notices["items"][0]["text"] == "Webhook " + std::to_string(webhook) + " to " + receiver.Url("/down") +
                                             " was disabled: 5 messages in a row failed for 24 hours. Turn it back on "
                                             "(PATCH enabled: true) once it answers.");
    for (const nlohmann::json& notice : demo.As("maya").Get("/api/notifications").Json()["items"])
        CHECK_FALSE(notice["text"].get<std::string>().starts_with("Webhook "));   // admins only

    // Disabled, it is sent nothing new; on again, it is.
    REQUIRE(demo.As("mark").Post("/api/campaigns", kCampaign).status == 201);
    CHECK(Deliveries(admin, webhook).size() == 5);
    receiver.Configure("/down", created.Json()["secret"], 0);
    Reply enabled = admin.Patch(Path("/api/webhooks", webhook), {{"enabled", true}});
    REQUIRE(enabled.status == 200);
    CHECK(enabled.Json()["enabled"] == true);
    CHECK(enabled.Json()["disabled_reason"] == nullptr);
    nlohmann::json again = kCampaign;
    again["name"] = "Heard again";
    REQUIRE(demo.As("mark").Post("/api/campaigns", again).status == 201);
    REQUIRE(WaitUntil([&] { return Deliveries(admin, webhook)[0]["status"] == "delivered"; }));
    CHECK(Verified(receiver.Requests("/down")).back()["body"]["data"]["name"] == "Heard again");
}

TEST_CASE("messages not yet delivered when the server is killed are delivered after it restarts") {
    Receiver receiver;
    TempDir dir;
    std::string cookie, secret;
    std::int64_t webhook = 0;
    std::vector<std::string> names = {"Before the crash 1", "Before the crash 2", "Before the crash 3"};
    // 1 s for 5 s: the first retry comes a second after a failure, the next only a minute later.
    std::vector<std::string> flags = {"--webhook-retry-base-ms", "1000"};
    {
        ServerProcess server(dir.Path(), flags);
        ApiClient anonymous(server.Port());
        cookie = SignIn(anonymous, "admin@tandem.local", OneTimePassword(server.Log()));
        REQUIRE(cookie != "");
        ApiClient admin = anonymous.WithCookie(cookie);
        Reply created = admin.Post("/api/webhooks", {{"url", receiver.Url("/later")}, {"events", {"campaign.created"}}});
        REQUIRE(created.status == 201);
        webhook = created.Json()["id"];
        secret = created.Json()["secret"];
        receiver.Configure("/later", secret, 1'000'000);
        for (const std::string& name : names) {
            nlohmann::json campaign = kCampaign;
            campaign["name"] = name;
            REQUIRE(admin.Post("/api/campaigns", campaign).status == 201);
        }
        REQUIRE(WaitUntil([&] { return receiver.Requests("/later").size() >= 3; }));
        CHECK(server.Stop(SIGKILL) == 128 + SIGKILL);
    }
    receiver.Configure("/later", secret, 0);
    std::size_t refused = receiver.Requests("/later").size();

    ServerProcess restarted(dir.Path(), flags);
    ApiClient admin = ApiClient(restarted.Port()).WithCookie(cookie);
    REQUIRE(WaitUntil([&] { return AllSettled(Deliveries(admin, webhook), 3, "delivered"); }));
    std::vector<nlohmann::json> requests = receiver.Requests("/later");
    std::vector<nlohmann::json> verified = Verified(requests);
    REQUIRE(verified.size() == 3);
    std::set<std::string> delivered;
    for (const nlohmann::json& request : verified) delivered.insert(request["body"]["data"]["name"].get<std::string>());
    CHECK(delivered == std::set<std::string>(names.begin(), names.end()));
    CHECK(requests.size() == refused + 3);
    for (const nlohmann::json& request : requests) CHECK(request["verified"] == true);
}

TEST_CASE("a receiver that never answers holds up neither other endpoints nor the server's stop") {
    Receiver receiver;
    TempDir dir;
    std::string cookie, hung_secret;
    std::int64_t hung = 0, quick = 0;
    {
        ServerProcess server(dir.Path());
        ApiClient anonymous(server.Port());
        cookie = SignIn(anonymous, "admin@tandem.local", OneTimePassword(server.Log()));
        REQUIRE(cookie != "");
        ApiClient admin = anonymous.WithCookie(cookie);
        for (const char* path : {"/hung", "/quick"}) {
            Reply created = admin.Post("/api/webhooks", {{"url", receiver.Url(path)}, {"events", {"campaign.created"}}});
            REQUIRE(created.status == 201);
            bool hangs = std::string(path) == "/hung";
            (hangs ? hung : quick) = created.Json()["id"];
            if (hangs) hung_secret = created.Json()["secret"];
            receiver.Configure(path, created.Json()["secret"], 0, hangs);
        }
        REQUIRE(admin.Post("/api/campaigns", kCampaign).status == 201);
        REQUIRE(WaitUntil([&] { return AllSettled(Deliveries(admin, quick), 1, "delivered"); }));
        REQUIRE(WaitUntil([&] { return receiver.Requests("/hung").size() == 1; }));
        CHECK(admin.Get("/api/health").status == 200);
        // Stopping cuts the hung request short; it was not an attempt that failed.
        CHECK(server.Stop(SIGTERM) == 0);
    }
    receiver.Configure("/hung", hung_secret, 0, false);
    ServerProcess restarted(dir.Path());
    ApiClient admin = ApiClient(restarted.Port()).WithCookie(cookie);
    REQUIRE(WaitUntil([&] { return AllSettled(Deliveries(admin, hung), 1, "delivered"); }));
    nlohmann::json log = Deliveries(admin, hung);
    CHECK(log[0]["attempts"] == 1);
    CHECK(log[0]["last_status"] == 204);
    std::vector<nlohmann::json> requests = receiver.Requests("/hung");
    REQUIRE(requests.size() == 2);
    CHECK(requests[0]["status"] == nullptr);
    CHECK(requests[1]["status"] == 204);
    CHECK(requests[1]["verified"] == true);
    CHECK(requests[1]["headers"]["webhook-id"] == requests[0]["headers"]["webhook-id"]);
    CHECK(Deliveries(admin, quick)[0]["attempts"] == 1);
}

TEST_CASE("a Slack webhook gets text and blocks linking to the dashboard, unsigned, for breaches, done content requests and other events") {
    Receiver receiver;
    DemoServer demo(0, {"--webhook-retry-base-ms", "1", "--public-url", "https://tandem.example.com"});
    ApiClient admin = demo.As("admin");
    receiver.Configure("/slack", "");
    // Handed over (imported straight into sales_ready) 30 and 40 hours ago, and 2 hours ago: two breaches.
    std::string csv = "Email,Name,Company,Stage,Created At,Title,Industry,Company Size,Country,Phone,Authority,Need,"
                      "Budget USD,Timeline Months,Demo Requested\r\n";
    const std::pair<const char*, int> rows[] = {{"Late Larry,Acme & Sons", 30}, {"Later Lena,", 40}, {"Fresh Fred,Fresh Co", 2}};
    for (const auto& [who, hours_ago] : rows) {
        std::string email = std::string(who).substr(0, std::string(who).find(' ')) + "@example.com";
        csv += email + "," + who + ",sales_ready," + IsoAgo(hours_ago * 3600) +
               ",CTO,software,200,US,+1 555 0100,decision_maker,yes,20000,3,true\r\n";
    }
    Reply imported = demo.As("mark").Send("POST", "/api/leads/import", csv, "text/csv");
    REQUIRE(imported.status == 200);
    REQUIRE(imported.Json()["imported"] == 3);
    nlohmann::json inbox = admin.Get("/api/inbox?rep=all&limit=500").Json();
    std::vector<nlohmann::json> breaches;
    for (const nlohmann::json& item : inbox["items"])
        if (item["breached"] == true) breaches.push_back(item);
    REQUIRE(breaches.size() == 2);

    Reply created = admin.Post("/api/webhooks", {{"url", receiver.Url("/slack")}, {"format", "slack"},
                                                 {"events", {"sla.breached", "content_request.done", "definition.activated",
                                                             "campaign.created"}}});
    REQUIRE(created.status == 201);
    std::int64_t webhook = created.Json()["id"];
    // Every breach open when it subscribed is told once.
    REQUIRE(WaitUntil([&] { return AllSettled(Deliveries(admin, webhook), breaches.size(), "delivered"); }));

    Reply asked = demo.As("rita").Post("/api/feedback", {{"kind", "content_request"}, {"text", "A case study for <logistics> & rail"}});
    REQUIRE(asked.status == 201);
    std::int64_t request_id = asked.Json()["id"];
    REQUIRE(demo.As("mark").Patch(Path("/api/feedback", request_id), {{"status", "done"}}).status == 200);
    REQUIRE(WaitUntil([&] { return AllSettled(Deliveries(admin, webhook), breaches.size() + 1, "delivered"); }));
    std::int64_t version = ActivateProposal(demo, "Fewer, warmer MQLs");
    REQUIRE(WaitUntil([&] { return AllSettled(Deliveries(admin, webhook), breaches.size() + 2, "delivered"); }));
    Reply planned = demo.As("mark").Post("/api/campaigns", kCampaign);
    REQUIRE(planned.status == 201);
    REQUIRE(WaitUntil([&] { return AllSettled(Deliveries(admin, webhook), breaches.size() + 3, "delivered"); }));

    std::vector<nlohmann::json> requests = receiver.Requests("/slack");
    REQUIRE(requests.size() == breaches.size() + 3);
    for (const nlohmann::json& request : requests) {
        CHECK(request["headers"]["webhook-signature"] == nullptr);
        CHECK(request["headers"]["content-type"] == "application/json");
    }
    std::string quote = "\u201cA case study for <logistics> & rail\u201d";
    CHECK(requests[breaches.size()]["body"] ==
          nlohmann::json({{"text", "Content request done: " + quote},
                          {"blocks", {{{"type", "section"},
                                       {"text", {{"type", "mrkdwn"},
                                                 {"text", ":white_check_mark: *Content request done*: \u201cA case study for "
                                                          "&lt;logistics&gt; &amp; rail\u201d"}}}},
                                      {{"type", "context"},
                                       {"elements", {{{"type", "mrkdwn"},
                                                      {"text", "<https://tandem.example.com/#/feedback?request=" +
                                                                   std::to_string(request_id) + "&tab=requests|Open in Tandem>"}}}}}}}}));
    std::string activated = "Lead definition v" + std::to_string(version) + " is active";
    CHECK(requests[breaches.size() + 1]["body"] ==
          nlohmann::json({{"text", activated + ": Fewer, warmer MQLs"},
                          {"blocks", {{{"type", "section"},
                                       {"text", {{"type", "mrkdwn"}, {"text", ":white_check_mark: *" + activated + "*: Fewer, warmer MQLs"}}}},
                                      {{"type", "context"},
                                       {"elements", {{{"type", "mrkdwn"},
                                                      {"text", "<https://tandem.example.com/#/definition|Open in Tandem>"}}}}}}}}));
    CHECK(requests.back()["body"] ==
          nlohmann::json({{"text", "Tandem: campaign.created #" + std::to_string(planned.Json()["id"].get<std::int64_t>())}}));

    // Each breach: who, since when, and the SLA, in the order the dispatcher found them.
    std::map<std::string, nlohmann::json> by_text;
    for (std::size_t i = 0; i < breaches.size(); ++i) by_text[requests[i]["body"]["text"]] = requests[i]["body"];
    for (const nlohmann::json& breach : breaches) {
        const nlohmann::json& lead = breach["lead"];
        std::string company = lead["company"] == "" ? "" : " (" + lead["company"].get<std::string>() + ")";
        std::string hours = std::to_string(inbox["sla_hours"].get<int>());
        std::string text = "SLA breached: " + lead["name"].get<std::string>() + company + " has waited more than " + hours +
                           " h for a first response since " + breach["entered_at"].get<std::string>();
        INFO(text);
        REQUIRE(by_text.count(text) == 1);
        nlohmann::json expected_blocks = {
            {{"type", "section"},
             {"text", {{"type", "mrkdwn"},
                       {"text", ":rotating_light: *SLA breached*: *" + lead["name"].get<std::string>() + "*" + Mrkdwn(company) +
                                    " has waited more than " + hours + " h for a first response since " +
                                    breach["entered_at"].get<std::string>()}}}},
            {{"type", "context"},
             {"elements", {{{"type", "mrkdwn"},
                            {"text", "<https://tandem.example.com/#/leads/" + std::to_string(lead["id"].get<std::int64_t>()) +
                                         "|Open in Tandem>"}}}}}};
        CHECK(by_text[text]["blocks"] == expected_blocks);
    }
}

TEST_CASE("two servers on one PostgreSQL database send each message once, and the second sends once the first is gone") {
    if (!OnPostgres()) return;   // one process owns a SQLite file: nobody to share the outbox with
    Receiver receiver;
    DemoServer a(40, {"--webhook-retry-base-ms", "1"});
    TempDir b_dir;
    ServerProcess b(b_dir.Path(), {"--db", a.DbTarget(), "--webhook-retry-base-ms", "1"});
    Reply created = a.As("admin").Post("/api/webhooks", {{"url", receiver.Url("/once")}, {"events", {"campaign.created"}}});
    REQUIRE(created.status == 201);
    std::int64_t webhook = created.Json()["id"];
    // Every message fails twice first: each retry is a chance for a second sender to send it too.
    receiver.Configure("/once", created.Json()["secret"], 4);

    Reply login = ApiClient(b.Port()).Post("/api/auth/login", {{"email", "mark@tandem.test"}, {"password", kDemoPassword}});
    REQUIRE(login.status == 200);
    std::string cookie = login.Header("Set-Cookie");
    ApiClient mark_on_b = ApiClient(b.Port()).WithCookie(cookie.substr(0, cookie.find(';')));
    auto plan = [&](const ApiClient& mark, int n) {
        nlohmann::json campaign = kCampaign;
        campaign["name"] = "Shared outbox " + std::to_string(n);
        REQUIRE(mark.Post("/api/campaigns", campaign).status == 201);
    };
    for (int n = 1; n <= 6; ++n) plan(n % 2 ? a.As("mark") : mark_on_b, n);
    REQUIRE(WaitUntil([&] { return AllSettled(Deliveries(a.As("admin"), webhook), 6, "delivered"); }));
    // One more, delivered after every earlier retry has had its chance: still one request per attempt.
    plan(mark_on_b, 7);
    REQUIRE(WaitUntil([&] { return AllSettled(Deliveries(a.As("admin"), webhook), 7, "delivered"); }));
    std::vector<nlohmann::json> delivered = Verified(receiver.Requests("/once"));
    std::set<std::string> ids;
    for (const nlohmann::json& request : delivered) ids.insert(request["headers"]["webhook-id"].get<std::string>());
    CHECK(delivered.size() == 7);
    CHECK(ids.size() == 7);
    CHECK(receiver.Requests("/once").size() == 7 + 4);

    // A is killed: B takes the outbox over.
    a.Process().Stop(SIGKILL);
    plan(mark_on_b, 8);
    REQUIRE(WaitUntil([&] { return Verified(receiver.Requests("/once")).size() == 8; }));
    CHECK(Verified(receiver.Requests("/once")).back()["body"]["data"]["name"] == "Shared outbox 8");
}
