// Email against a real mail server (tests/support/smtp_receiver.mjs: npm smtp-server, which takes
// the password only after STARTTLS, with a certificate from the test's own CA; npm mailparser reads
// what arrives): a password-reset link, a finished content request, a refusal tried again, and a
// user who turned these emails off.
#include <doctest/doctest.h>

#include <csignal>
#include <ctime>
#include <regex>

#include "real_parts.h"
#include "server_process.h"

using namespace tandem::test;

namespace {

std::vector<std::string> ReceiverArgs(const TestCertificates& certificates, int defer_first, bool hang) {
    std::vector<std::string> args = {"--cert", certificates.cert.string(), "--key", certificates.key.string(), "--user",
                                     "tandem", "--password", "p@ss:word", "--defer-first", std::to_string(defer_first)};
    if (hang) args.push_back("--hang");
    return args;
}

class MailServer {
public:
    MailServer(const TestCertificates& certificates, int defer_first, bool hang = false)
        : m_script("smtp_receiver.mjs", ReceiverArgs(certificates, defer_first, hang)) {
        std::smatch match;
        const std::string& line = m_script.FirstLine();
        if (!std::regex_search(line, match, std::regex("smtp=([0-9]+) control=([0-9]+)")))
            throw std::runtime_error("the mail server did not start: '" + line + "'");
        m_smtp = std::stoi(match[1]);
        m_control = std::stoi(match[2]);
    }

    int SmtpPort() const { return m_smtp; }

    // Every message received so far, oldest first, as mailparser read it.
    nlohmann::json Messages() const {
        httplib::Client client("127.0.0.1", m_control);
        httplib::Result result = client.Get("/messages");
        REQUIRE(result);
        return nlohmann::json::parse(result->body);
    }

    int Connections() const {
        httplib::Client client("127.0.0.1", m_control);
        httplib::Result result = client.Get("/connections");
        REQUIRE(result);
        return nlohmann::json::parse(result->body)["count"];
    }

    // Waits until there are `count` messages; they are returned.
    nlohmann::json WaitFor(std::size_t count) const {
        nlohmann::json messages;
        CHECK(WaitUntil([&] { return (messages = Messages()).size() >= count; }));
        return messages;
    }

private:
    NodeScript m_script;
    int m_smtp = 0;
    int m_control = 0;
};

std::vector<std::string> MailArgs(const MailServer& mail, const TestCertificates& certificates) {
    return {"--smtp-url", "smtp://tandem:p%40ss%3Aword@127.0.0.1:" + std::to_string(mail.SmtpPort()),
            "--smtp-from", "tandem@tandem.test", "--smtp-ca-file", certificates.ca.string(),
            "--mail-retry-base-ms", "100", "--public-url", "https://tandem.example.com"};
}

// Leads imported straight into sales_ready, handed over that many hours ago.
void ImportHandedOver(DemoServer& demo, const std::vector<std::pair<std::string, int>>& leads) {
    std::string csv = "Email,Name,Company,Stage,Created At,Title,Industry,Company Size,Country,Phone,Authority,Need,"
                      "Budget USD,Timeline Months,Demo Requested\r\n";
    for (const auto& [name, hours_ago] : leads)
        csv += name.substr(0, name.find(' ')) + "@breach.test," + name + "," + name.substr(name.find(' ') + 1) +
               " Inc,sales_ready," + IsoAgo(hours_ago * 3600) + ",CTO,software,200,US,+1 555 0100,decision_maker,yes,"
               "20000,3,true\r\n";
    Reply imported = demo.As("mark").Send("POST", "/api/leads/import", csv, "text/csv");
    REQUIRE(imported.status == 200);
    REQUIRE(imported.Json()["imported"] == leads.size());
}

nlohmann::json UserNamed(DemoServer& demo, const std::string& who) {
    nlohmann::json users = demo.As("admin").Get("/api/users").Json();
    for (const nlohmann::json& user : users["items"])
        if (user["email"] == who + "@tandem.test") return user;
    FAIL("no user " << who);
    return {};
}

}  // namespace

TEST_CASE("a password-reset link and a finished content request are emailed through the relay, over STARTTLS") {
    TempDir dir;
    TestCertificates certificates(dir.Path());
    MailServer mail(certificates, 1);
    // The password has an @ and a colon, percent-encoded in the URL as users are told to.
    // No leads: no SLA breach to email the leaders about meanwhile.
    DemoServer demo(0, MailArgs(mail, certificates));
    ApiClient admin = demo.As("admin");
    nlohmann::json rita = UserNamed(demo, "rita");
    nlohmann::json boss = UserNamed(demo, "admin");

    // The link, made by the admin, goes to Rita; the relay defers the first try (451), Tandem tries again.
    Reply link = admin.Post("/api/users/" + std::to_string(rita["id"].get<std::int64_t>()) + "/password-reset",
                            nlohmann::json::object());
    REQUIRE(link.status == 201);
    CHECK(link.Json()["emailed"] == true);
    const std::string url = link.Json()["url"];
    const std::string expires = link.Json()["expires_at"];
    nlohmann::json messages = mail.WaitFor(1);
    REQUIRE(messages.size() == 1);
    nlohmann::json reset = messages[0];
    CHECK(reset["envelope"] == nlohmann::json{{"from", "tandem@tandem.test"}, {"to", {rita["email"]}}});
    CHECK(reset["secure"] == true);
    CHECK(reset["user"] == "tandem");
    CHECK(reset["from"] == "\"Tandem\" <tandem@tandem.test>");   // as mailparser writes a display name
    CHECK(reset["to"] == rita["email"]);
    CHECK(reset["subject"] == "Set your Tandem password");
    CHECK(reset["contentType"] == "multipart/alternative");
    CHECK(reset["headers"]["auto-submitted"] == "auto-generated");
    const std::string admin_name = boss["name"];
    CHECK(reset["text"] == "Hello " + rita["name"].get<std::string>() + ",\n\n" + admin_name +
                               " made a link for you to set a new Tandem password. It works once, until " + expires +
                               " (UTC).\n\n" + url + "\n\nIf you did not ask for this, tell " + admin_name + " (" +
                               boss["email"].get<std::string>() + ").\n");
    CHECK(reset["html"].get<std::string>().find("<a href=\"" + url + "\">Set a new password</a>") != std::string::npos);
    CHECK(demo.Process().Log().find("mail to " + rita["email"].get<std::string>() +
                                    " not sent (attempt 1): the SMTP server refused the recipient " +
                                    rita["email"].get<std::string>() + ": 451 Try again later; trying again later") !=
          std::string::npos);
    // The emailed link works.
    CHECK(demo.Anonymous().Post("/api/auth/password-reset", {{"token", url.substr(url.find("token=") + 6)},
                                                              {"password", "a new password for Rita"}}).status == 204);

    // Rita's content request, finished by Mark: she is told by email, with a link to it.
    // The reset ended Rita's sessions: she signs in with her new password.
    std::string session = SignIn(demo.Anonymous(), rita["email"], "a new password for Rita");
    REQUIRE(!session.empty());
    ApiClient rita_client = demo.Anonymous().WithCookie(session);
    const std::string asked = "A case study for logistics — in Ünïcode";
    Reply request = rita_client.Post("/api/feedback", {{"kind", "content_request"}, {"text", asked}});
    REQUIRE(request.status == 201);
    const std::string request_id = std::to_string(request.Json()["id"].get<std::int64_t>());
    REQUIRE(demo.As("mark").Patch("/api/feedback/" + request_id, {{"status", "done"}}).status == 200);
    messages = mail.WaitFor(2);
    REQUIRE(messages.size() == 2);
    nlohmann::json done = messages[1];
    CHECK(done["envelope"]["to"] == nlohmann::json::array({rita["email"]}));
    CHECK(done["subject"] == "Your content request is done");
    const std::string where = "https://tandem.example.com/#/feedback?request=" + request_id + "&tab=requests";
    CHECK(done["text"] == "Hello " + rita["name"].get<std::string>() +
                              ",\n\nMark Marketer finished your content request:\n\n\u201c" + asked + "\u201d\n\n"
                              "Open it in Tandem: " + where +
                              "\n\nYou get this email because you asked for this content in Tandem.\n");
    CHECK(done["html"].get<std::string>().find("<a href=\"" + std::regex_replace(where, std::regex("&"), "&amp;") +
                                               "\">Open it in Tandem</a>") != std::string::npos);

    // Turned off, no email for the next one; the reset link after it still comes (it cannot be turned off).
    const nlohmann::json all_on = {{"content_requests", true}, {"sla_breaches", true}};
    const nlohmann::json no_requests = {{"content_requests", false}, {"sla_breaches", true}};
    CHECK(rita_client.Get("/api/email-preferences").Json() == all_on);
    Reply off = rita_client.Put("/api/email-preferences", no_requests);
    REQUIRE(off.status == 200);
    CHECK(off.Json() == no_requests);
    CHECK(rita_client.Get("/api/email-preferences").Json() == no_requests);
    CHECK(demo.As("sam").Get("/api/email-preferences").Json() == all_on);
    CHECK(ErrorOf(rita_client.Put("/api/email-preferences", {{"content_requests", "no"}, {"sla_breaches", true}})) ==
          ApiError{422, "invalid", "content_requests"});
    CHECK(ErrorOf(rita_client.Put("/api/email-preferences", {{"content_requests", true}})) ==
          ApiError{422, "invalid", "sla_breaches"});
    CHECK(ErrorOf(rita_client.Put("/api/email-preferences", {{"content_requests", true}, {"sla_breaches", true},
                                                              {"digest", true}})) == ApiError{422, "invalid", "digest"});
    CHECK(rita_client.Get("/api/email-preferences").Json() == no_requests);
    Reply second = rita_client.Post("/api/feedback", {{"kind", "content_request"}, {"text", "A price sheet"}});
    REQUIRE(second.status == 201);
    REQUIRE(demo.As("mark").Patch("/api/feedback/" + std::to_string(second.Json()["id"].get<std::int64_t>()),
                                  {{"status", "done"}}).status == 200);
    REQUIRE(admin.Post("/api/users/" + std::to_string(rita["id"].get<std::int64_t>()) + "/password-reset",
                       nlohmann::json::object()).status == 201);
    // The outbox goes oldest first: a content-request email would have come before this one.
    messages = mail.WaitFor(3);
    REQUIRE(messages.size() == 3);
    CHECK(messages[2]["subject"] == "Set your Tandem password");
}

TEST_CASE("the sales leaders are emailed each SLA breach once, unless they turned these emails off") {
    TempDir dir;
    TestCertificates certificates(dir.Path());
    MailServer mail(certificates, 0);
    DemoServer demo(0, MailArgs(mail, certificates));
    ApiClient sam = demo.As("sam");
    // Two leads past the 24-hour first-response SLA, one within it.
    ImportHandedOver(demo, {{"Late Larry", 30}, {"Later Lena", 40}, {"Fresh Fred", 2}});
    nlohmann::json inbox = sam.Get("/api/inbox?rep=all&limit=500").Json();
    nlohmann::json users = sam.Get("/api/users").Json();
    auto name_of = [&](const nlohmann::json& id) {
        for (const nlohmann::json& user : users["items"])
            if (user["id"] == id) return user["name"].get<std::string>();
        return std::string("unassigned");
    };
    // The email's lines, oldest handover first, from the inbox the API shows.
    auto line_of = [&](const std::string& email) {
        for (const nlohmann::json& item : inbox["items"]) {
            if (item["lead"]["email"] != email) continue;
            return "- " + item["lead"]["name"].get<std::string>() + " (" + item["lead"]["company"].get<std::string>() +
                   "), " + name_of(item["lead"]["owner_id"]) + ", handed over " + item["entered_at"].get<std::string>() +
                   ": https://tandem.example.com/#/leads/" + std::to_string(item["lead"]["id"].get<std::int64_t>()) + "\n";
        }
        FAIL("no lead " << email << " in the inbox");
        return std::string();
    };
    const std::string hello = "Hello Sam Sales,\n\n";
    nlohmann::json messages = mail.WaitFor(1);
    REQUIRE(messages.size() == 1);
    CHECK(messages[0]["envelope"]["to"] == nlohmann::json::array({"sam@tandem.test"}));
    CHECK(messages[0]["subject"] == "2 leads wait past the first-response SLA");
    CHECK(messages[0]["text"] == hello + "These leads have waited more than 24 h for a first response from sales:\n\n" +
                                     line_of("later@breach.test") + line_of("late@breach.test") +
                                     "\nYou get these emails as a sales leader.\n");

    // Turned off: a breach meanwhile is never emailed; turned on again, only the next one is.
    const nlohmann::json no_breaches = {{"content_requests", true}, {"sla_breaches", false}};
    REQUIRE(sam.Put("/api/email-preferences", no_breaches).Json() == no_breaches);
    ImportHandedOver(demo, {{"Missed Mo", 50}});
    REQUIRE(WaitUntil([&] {
        return QueryText(demo.Dir() / "tandem.db", "SELECT count(*) FROM mail_breaches_sent") == "3";
    }));
    REQUIRE(sam.Put("/api/email-preferences", {{"content_requests", true}, {"sla_breaches", true}}).status == 200);
    ImportHandedOver(demo, {{"Newest Nia", 26}});
    inbox = sam.Get("/api/inbox?rep=all&limit=500").Json();
    messages = mail.WaitFor(2);
    REQUIRE(messages.size() == 2);
    CHECK(messages[1]["subject"] == "A lead waits past the first-response SLA");
    CHECK(messages[1]["text"] == hello + "This lead has waited more than 24 h for a first response from sales:\n\n" +
                                     line_of("newest@breach.test") + "\nYou get these emails as a sales leader.\n");
}

TEST_CASE("a relay that never answers holds up neither the server's stop nor the email, sent after a restart") {
    TempDir dir;
    TestCertificates certificates(dir.Path());
    std::vector<std::string> args;
    {
        MailServer silent(certificates, 0, true);
        args = MailArgs(silent, certificates);
        ServerProcess server(dir.Path(), args);
        // A reset link for the first admin, whose one-time password the log shows.
        ApiClient admin = ApiClient(server.Port()).WithCookie(
            SignIn(ApiClient(server.Port()), "admin@tandem.local", OneTimePassword(server.Log())));
        std::int64_t me = admin.Get("/api/auth/me").Json()["id"];
        Reply link = admin.Post("/api/users/" + std::to_string(me) + "/password-reset", nlohmann::json::object());
        REQUIRE(link.status == 201);
        REQUIRE(WaitUntil([&] { return silent.Connections() == 1; }));
        // Stopped while the mailer waits for the relay's greeting: at once and cleanly, not abandoned.
        CHECK(server.Stop(SIGTERM) == 0);
        CHECK(server.Log().find("abandoned") == std::string::npos);
        CHECK(server.Log().find("not sent") == std::string::npos);   // not an attempt that failed
        CHECK(QueryText(dir / "tandem.db", "SELECT status || ' ' || attempts FROM mail_outbox") == "pending 0");
    }
    // The relay answers now (same port): the email goes out after the restart.
    MailServer mail(certificates, 0);
    args[1] = "smtp://tandem:p%40ss%3Aword@127.0.0.1:" + std::to_string(mail.SmtpPort());
    ServerProcess server(dir.Path(), args);
    nlohmann::json messages = mail.WaitFor(1);
    REQUIRE(messages.size() == 1);
    CHECK(messages[0]["subject"] == "Set your Tandem password");
    CHECK(messages[0]["envelope"]["to"] == nlohmann::json::array({"admin@tandem.local"}));
}

TEST_CASE("serve refuses a mail setup it cannot use, naming the option") {
    struct Bad {
        std::vector<std::string> args;
        std::string says;
    };
    const Bad cases[] = {
        {{"--smtp-url", "http://mail.example.com"}, "--smtp-url must start with smtp:// or smtps://"},
        {{"--smtp-url", "smtp://mail.example.com"}, "--smtp-from is required with --smtp-url"},
        {{"--smtp-url", "smtp://mail.example.com:0", "--smtp-from", "a@b.c"}, "--smtp-url: the port must be 1 to 65535"},
        {{"--smtp-url", "smtp://", "--smtp-from", "a@b.c"}, "--smtp-url names no host"},
        {{"--smtp-url", "smtp://mail.example.com", "--smtp-from", "Tandem <a@b.c>"},
         "--smtp-from: expected an address like tandem@example.com, got 'Tandem <a@b.c>'"},
        {{"--smtp-from", "a@b.c"}, "--smtp-from needs --smtp-url"},
    };
    TempDir dir;
    for (const Bad& bad : cases) {
        std::vector<std::string> args = {"serve", "--port", "0", "--db", (dir / "tandem.db").string()};
        args.insert(args.end(), bad.args.begin(), bad.args.end());
        CommandResult result = RunTandem(args);
        INFO(result.output);
        CHECK(result.exit_code == 2);
        CHECK(result.output.find(bad.says) != std::string::npos);
    }
    CHECK_FALSE(std::filesystem::exists(dir / "tandem.db"));
}
