// Email against a real mail server (tests/support/smtp_receiver.mjs: npm smtp-server, which takes
// the password only after STARTTLS, with a certificate from the test's own CA; npm mailparser reads
// what arrives): a password-reset link, a finished content request, a refusal tried again, a user
// who turned these emails off, SLA breaches to the sales leaders, and the weekly wins digest.
#include <doctest/doctest.h>

#include <csignal>
#include <cstdio>
#include <ctime>
#include <map>
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

// The Monday (00:00 UTC) of the week whose wins digest is due at `now`: the week before the one
// that holds `now`, or the week before that until Monday 08:00 UTC.
std::time_t DigestWeekStart(std::time_t now) {
    std::time_t day = now - now % 86400;
    std::tm tm{};
    gmtime_r(&day, &tm);
    std::time_t monday = day - static_cast<std::time_t>((tm.tm_wday + 6) % 7) * 86400;
    if (now < monday + 8 * 3600) monday -= 7 * 86400;
    return monday - 7 * 86400;
}

// "Nov 30, 2026".
std::string DayWords(std::time_t t) {
    static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm tm{};
    gmtime_r(&t, &tm);
    return std::string(kMonths[tm.tm_mon]) + " " + std::to_string(tm.tm_mday) + ", " + std::to_string(tm.tm_year + 1900);
}

// "2026-11-30".
std::string Ymd(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &tm);
    return text;
}

// 42500 -> "$42,500" (below a million).
std::string Dollars(std::int64_t value) {
    std::string digits = std::to_string(value);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
    return "$" + digits;
}

struct ImportedLead {
    std::string email;
    std::string company;
    std::string stage;
    std::time_t created_at = 0;
    std::int64_t deal_value = 0;   // 0: none
    std::string owner;             // a demo user's email, or ""
    std::string campaign;          // a campaign's name, or ""
};

void Import(DemoServer& demo, const std::vector<ImportedLead>& leads) {
    std::string csv = "Email,Name,Company,Stage,Created At,Deal Value,Owner,Campaign\r\n";
    for (const ImportedLead& lead : leads)
        csv += lead.email + ",Buyer at " + lead.company + "," + lead.company + "," + lead.stage + "," +
               IsoAgo(std::time(nullptr) - lead.created_at) + "," + (lead.deal_value ? std::to_string(lead.deal_value) : "") +
               "," + lead.owner + "," + lead.campaign + "\r\n";
    Reply imported = demo.As("mark").Send("POST", "/api/leads/import", csv, "text/csv");
    REQUIRE(imported.status == 200);
    REQUIRE(imported.Json()["imported"] == leads.size());
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
    // The digest is off until turned on; the others are on until turned off.
    const nlohmann::json defaults = {{"content_requests", true}, {"sla_breaches", true}, {"wins_digest", false}};
    const nlohmann::json no_requests = {{"content_requests", false}, {"sla_breaches", true}, {"wins_digest", false}};
    CHECK(rita_client.Get("/api/email-preferences").Json() == defaults);
    Reply off = rita_client.Put("/api/email-preferences", no_requests);
    REQUIRE(off.status == 200);
    CHECK(off.Json() == no_requests);
    CHECK(rita_client.Get("/api/email-preferences").Json() == no_requests);
    CHECK(demo.As("sam").Get("/api/email-preferences").Json() == defaults);
    CHECK(ErrorOf(rita_client.Put("/api/email-preferences", {{"content_requests", "no"}, {"sla_breaches", true}})) ==
          ApiError{422, "invalid", "content_requests"});
    CHECK(ErrorOf(rita_client.Put("/api/email-preferences", {{"content_requests", true}})) ==
          ApiError{422, "invalid", "sla_breaches"});
    CHECK(ErrorOf(rita_client.Put("/api/email-preferences", {{"content_requests", true}, {"sla_breaches", true}})) ==
          ApiError{422, "invalid", "wins_digest"});
    CHECK(ErrorOf(rita_client.Put("/api/email-preferences", {{"content_requests", true}, {"sla_breaches", true},
                                                              {"wins_digest", false}, {"digest", true}})) ==
          ApiError{422, "invalid", "digest"});
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
    const nlohmann::json no_breaches = {{"content_requests", true}, {"sla_breaches", false}, {"wins_digest", false}};
    REQUIRE(sam.Put("/api/email-preferences", no_breaches).Json() == no_breaches);
    ImportHandedOver(demo, {{"Missed Mo", 50}});
    REQUIRE(WaitUntil([&] {
        return QueryText(demo.DbTarget(), "SELECT count(*) FROM mail_breaches_sent") == "3";
    }));
    REQUIRE(sam.Put("/api/email-preferences", {{"content_requests", true}, {"sla_breaches", true}, {"wins_digest", false}})
                .status == 200);
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
        CHECK(QueryText(DatabaseFor(dir.Path()), "SELECT status || ' ' || attempts FROM mail_outbox") == "pending 0");
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

TEST_CASE("the weekly wins digest goes to those who turned it on, once a week, with the week's wins and figures") {
    TempDir dir;
    TestCertificates certificates(dir.Path());
    MailServer mail(certificates, 0);
    std::vector<std::string> args = MailArgs(mail, certificates);
    DemoServer demo(0, args);
    const std::time_t week = DigestWeekStart(std::time(nullptr));
    const std::string rita_name = UserNamed(demo, "rita")["name"];
    const std::string sam_name = UserNamed(demo, "sam")["name"];
    const std::string campaign = demo.As("mark").Get("/api/campaigns").Json()["items"][0]["name"];
    REQUIRE(!campaign.empty());

    // The week told of: twelve deals won (the ten biggest listed), one lost, two accepted by sales;
    // the week before: two won and an MQL; this week: a win the digest does not count yet.
    std::vector<ImportedLead> leads;
    std::int64_t revenue = 0;
    for (int i = 1; i <= 12; ++i) {
        std::string n = (i < 10 ? "0" : "") + std::to_string(i);
        std::int64_t value = 10'000 + i * 1'500;
        revenue += value;
        leads.push_back({"win" + n + "@digest.test", "Winner " + n + " GmbH", "won", week + (i % 7) * 86400 + 3600 * i, value,
                         i == 12 ? "" : i % 2 ? "rita@tandem.test" : "sam@tandem.test", i % 3 == 0 ? campaign : ""});
    }
    leads.push_back({"lost@digest.test", "Lost Ltd", "lost", week + 2 * 86400, 0, "", ""});
    leads.push_back({"sql1@digest.test", "Accepted One", "sql", week + 3 * 86400, 0, "", ""});
    leads.push_back({"sql2@digest.test", "Accepted Two", "sql", week + 4 * 86400, 0, "", ""});
    leads.push_back({"before1@digest.test", "Earlier One", "won", week - 5 * 86400, 5'000, "", ""});
    leads.push_back({"before2@digest.test", "Earlier Two", "won", week - 3 * 86400, 7'250, "", ""});
    leads.push_back({"beforemql@digest.test", "Earlier Three", "mql", week - 2 * 86400, 0, "", ""});
    leads.push_back({"now@digest.test", "Too Recent", "won", std::time(nullptr) - 60, 99'000, "", ""});
    Import(demo, leads);
    std::map<std::string, std::int64_t> ids;
    const nlohmann::json listed = demo.As("mark").Get("/api/leads?limit=100").Json();
    for (const nlohmann::json& lead : listed["items"]) ids[lead["email"]] = lead["id"];
    REQUIRE(ids.size() == leads.size());
    // What made two of the biggest buy, and one the list leaves out, as the sales leader tells it.
    const std::map<int, std::string> stories = {{12, "The ROI calculator won their CFO over"},
                                                {10, "Chose us over the incumbent — “faster”"},
                                                {1, "A referral"}};
    for (const auto& [i, story] : stories) {
        std::string n = (i < 10 ? "0" : "") + std::to_string(i);
        REQUIRE(demo.As("sam").Post("/api/feedback", {{"kind", "win_story"}, {"lead_id", ids["win" + n + "@digest.test"]},
                                                      {"text", story}}).status == 201);
    }

    // Maya turns it on; nobody else has.
    ApiClient maya = demo.As("maya");
    const nlohmann::json digest_on = {{"content_requests", true}, {"sla_breaches", true}, {"wins_digest", true}};
    REQUIRE(maya.Put("/api/email-preferences", digest_on).Json() == digest_on);
    CHECK(maya.Get("/api/email-preferences").Json() == digest_on);
    nlohmann::json messages = mail.WaitFor(1);
    REQUIRE(messages.size() == 1);
    const std::string label = "the week of " + DayWords(week);
    CHECK(messages[0]["envelope"]["to"] == nlohmann::json::array({"maya@tandem.test"}));
    CHECK(messages[0]["subject"] == "Won in " + label + ": 12 deals, " + Dollars(revenue));
    CHECK(messages[0]["contentType"] == "multipart/alternative");
    std::string expected = "Hello " + UserNamed(demo, "maya")["name"].get<std::string>() + ",\n\nIn " + label +
                           " (Monday to Sunday, UTC) sales won 12 deals worth " + Dollars(revenue) + ":\n\n";
    for (int i = 12; i >= 3; --i) {   // the biggest deal first
        std::string n = (i < 10 ? "0" : "") + std::to_string(i);
        expected += "- Winner " + n + " GmbH, " + Dollars(10'000 + i * 1'500) + ", " +
                    (i == 12 ? "no owner" : "owner " + (i % 2 ? rita_name : sam_name)) + ", " +
                    (i % 3 == 0 ? "campaign " + campaign : "no campaign") + "\n";
        if (stories.count(i)) expected += "  \u201c" + stories.at(i) + "\u201d \u2014 " + sam_name + "\n";
    }
    char win_rate[16];
    std::snprintf(win_rate, sizeof win_rate, "%.1f%%", 100.0 * 12 / 13);
    expected += "and 2 more\n\nThe week against the week before:\n"
                "- New leads: 15 (the week before: 3)\n"
                "- MQLs: 0 (the week before: 1)\n"
                "- SQLs: 2 (the week before: 0)\n"
                "- Won: 12 (the week before: 2)\n"
                "- Revenue: " + Dollars(revenue) + " (the week before: " + Dollars(12'250) + ")\n"
                "- Win rate: " + std::string(win_rate) + " (the week before: 100.0%)\n"
                "\nThe week on the scorecard: https://tandem.example.com/#/scorecard?from=" + Ymd(week) + "&period=week\n"
                "\nYou get this email on Mondays because you turned on the weekly wins digest; turn it off under Email "
                "preferences in your account menu in Tandem.\n";
    CHECK(messages[0]["text"] == expected);
    const std::string html = messages[0]["html"];
    CHECK(html.find("<a href=\"https://tandem.example.com/#/leads/" + std::to_string(ids["win12@digest.test"]) +
                    "\">Winner 12 GmbH</a>") != std::string::npos);
    CHECK(html.find("<br>\u201cChose us over the incumbent \u2014 \u201cfaster\u201d\u201d \u2014 " + sam_name + "</li>") !=
          std::string::npos);

    // A restart sends Maya nothing again; Rita, who turns it on after it, gets hers: the look that
    // found her found Maya's recorded. The outbox goes oldest first, so a digest wrongly queued for
    // anyone else (or for Maya again) would have come before Rita's.
    CHECK(demo.Process().Stop(SIGTERM) == 0);
    ServerProcess server(demo.Dir().Path(), args);
    ApiClient rita = ApiClient(server.Port()).WithCookie(SignIn(ApiClient(server.Port()), "rita@tandem.test", kDemoPassword));
    REQUIRE(rita.Put("/api/email-preferences", digest_on).status == 200);
    messages = mail.WaitFor(2);
    REQUIRE(messages.size() == 2);
    CHECK(messages[1]["envelope"]["to"] == nlohmann::json::array({"rita@tandem.test"}));
    CHECK(messages[1]["subject"] == messages[0]["subject"]);
    CHECK(QueryText(demo.DbTarget(), "SELECT count(*) || ' ' || min(week) || ' ' || max(week) FROM mail_digests_sent") ==
          "2 " + Ymd(week) + " " + Ymd(week));
    CHECK(QueryText(demo.DbTarget(), "SELECT count(*) FROM mail_outbox WHERE kind = 'wins_digest'") == "2");
    // Turned off again: the preference reads back off.
    const nlohmann::json digest_off = {{"content_requests", true}, {"sla_breaches", true}, {"wins_digest", false}};
    CHECK(rita.Put("/api/email-preferences", digest_off).Json() == digest_off);
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
