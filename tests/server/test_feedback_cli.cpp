// `tandem feedback add` as a rep runs it from another machine: the real binary as a child process,
// talking HTTP to a real server with an API token. Success prints the new id; a wrong or revoked
// token, an unreachable server, a bad lead id or a bad flag each give one clear line and a non-zero
// exit, and log nothing.
#include <cstdlib>
#include <doctest/doctest.h>
#include <regex>

#include "rep_shell.h"
#include "server_process.h"

using namespace tandem::test;

namespace {

std::size_t FeedbackCount(const ApiClient& client) {
    std::size_t count = 0;
    std::string cursor;
    for (;;) {
        nlohmann::json page = client.Get("/api/feedback?limit=500" + cursor).Json();
        count += page["items"].size();
        if (page["next_cursor"].is_null()) return count;
        cursor = "&cursor=" + std::to_string(page["next_cursor"].get<std::int64_t>());
    }
}

std::vector<std::string> Add(const std::string& server, const std::string& token, std::vector<std::string> more) {
    std::vector<std::string> args = {"feedback", "add", "--server", server, "--token", token};
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

}  // namespace

TEST_CASE("tandem feedback add logs feedback with an API token and prints its id") {
    RepShell shell;
    DemoServer demo;
    ApiClient rita = demo.As("rita");
    Reply token = rita.Post("/api/tokens", {{"name", "laptop CLI"}});
    REQUIRE(token.status == 201);
    std::string secret = token.Json()["secret"];
    std::string server = "http://127.0.0.1:" + std::to_string(demo.Port());
    // Reps log about their own leads: one Rita has accepted, and one waiting for her answer.
    std::string mine = std::to_string(FirstLead(rita, "owner=me&stage=sql"));
    std::int64_t waiting = demo.HandOverTo("rita");

    CommandResult objection = RunTandem(Add(server, secret, {"--lead", mine, "--kind", "objection", "--text", "Too pricey next to Excel",
                                                             "--tags", "Pricing, competitor,,"}));
    INFO(objection.output);
    REQUIRE(objection.exit_code == 0);
    std::smatch match;
    REQUIRE(std::regex_search(objection.output, match, std::regex(R"((?:^|\n)(\d+)\n)")));
    std::string id = match[1];
    CHECK(objection.output.find("logged objection " + id + " about lead " + mine) != std::string::npos);
    nlohmann::json logged = rita.Get("/api/feedback/" + id).Json();
    CHECK(logged["kind"] == "objection");
    CHECK(logged["lead_id"] == std::stoll(mine));
    CHECK(logged["author_id"] == demo.IdOf("rita"));
    CHECK(logged["text"] == "Too pricey next to Excel");
    CHECK(logged["tags"] == nlohmann::json::array({"pricing", "competitor"}));

    // A rejection with its reason, and a trailing slash on the URL; the token may come from the environment.
    ::setenv("TANDEM_SERVER", (server + "/").c_str(), 1);
    ::setenv("TANDEM_TOKEN", secret.c_str(), 1);
    CommandResult rejection = RunTandem({"feedback", "add", "--lead", std::to_string(waiting), "--kind", "rejection", "--reason",
                                         "no_budget", "--campaign", "3"});
    ::unsetenv("TANDEM_SERVER");
    ::unsetenv("TANDEM_TOKEN");
    INFO(rejection.output);
    REQUIRE(rejection.exit_code == 0);
    REQUIRE(std::regex_search(rejection.output, match, std::regex(R"((?:^|\n)(\d+)\n)")));
    nlohmann::json rejected = rita.Get("/api/feedback/" + std::string(match[1])).Json();
    CHECK(rejected["kind"] == "rejection");
    CHECK(rejected["reason"] == "no_budget");
    CHECK(rejected["lead_id"] == waiting);
    CHECK(rejected["campaign_id"] == 3);
    // The same rejection as from the inbox: the lead went back to marketing with the reason.
    nlohmann::json lead = rita.Get("/api/leads/" + std::to_string(waiting)).Json();
    CHECK(lead["stage"] == "recycled");
    nlohmann::json history = rita.Get("/api/leads/" + std::to_string(waiting) + "/history").Json()["items"];
    CHECK(history.back()["to"] == "recycled");
    CHECK(history.back()["reason"] == "no_budget");
    CHECK(history.back()["by"] == demo.IdOf("rita"));
}

TEST_CASE("tandem feedback add explains a wrong token, an unreachable server and a bad lead, and exits non-zero") {
    RepShell shell;
    DemoServer demo;
    ApiClient rita = demo.As("rita");
    Reply token = rita.Post("/api/tokens", {{"name", "to revoke"}});
    REQUIRE(token.status == 201);
    std::string secret = token.Json()["secret"];
    std::string server = "http://127.0.0.1:" + std::to_string(demo.Port());
    std::size_t before = FeedbackCount(rita);

    struct Case {
        const char* what;
        std::vector<std::string> args;
        int exit_code;
        std::string message;   // the whole output
    };
    std::string mine = std::to_string(FirstLead(rita, "owner=me"));
    std::string rajs = std::to_string(FirstLead(rita, "owner=" + std::to_string(demo.IdOf("raj"))));
    const std::vector<std::string> objection = {"--lead", mine, "--kind", "objection", "--text", "x"};
    std::string wrong = "tdm_" + std::string(43, 'A');
    const Case cases[] = {
        {"wrong token", Add(server, wrong, objection), 3, "tandem: the token was refused (wrong or revoked)\n"},
        {"not a token", Add(server, "hunter2", objection), 3, "tandem: the token was refused (wrong or revoked)\n"},
        {"unreachable", Add("http://127.0.0.1:1", secret, objection), 1,
         "tandem: cannot reach the server at http://127.0.0.1:1 (Could not establish connection)\n"},
        {"no such lead", Add(server, secret, {"--lead", "999999", "--kind", "objection", "--text", "x"}), 6, "tandem: no lead 999999\n"},
        {"no such campaign", Add(server, secret, {"--campaign", "999", "--kind", "general", "--text", "x"}), 6, "tandem: no campaign 999\n"},
        {"lead not a number", Add(server, secret, {"--lead", "forty-two", "--kind", "objection", "--text", "x"}), 2, ""},
        {"lead zero", Add(server, secret, {"--lead", "0", "--kind", "objection", "--text", "x"}), 2, ""},
        {"another rep's lead", Add(server, secret, {"--lead", rajs, "--kind", "objection", "--text", "x"}), 4,
         "tandem: the server refused: lead " + rajs + " is Raj Rep's: a sales rep acts on their own leads and unassigned ones; "
         "a sales leader can reassign it\n"},
        {"rejection without reason", Add(server, secret, {"--lead", mine, "--kind", "rejection"}), 2,
         "tandem: --reason: required for a rejection\n(see `tandem --help`)\n"},
        {"unknown kind", Add(server, secret, {"--kind", "praise", "--text", "x"}), 2, ""},
        {"no server", {"feedback", "add", "--token", secret, "--kind", "general", "--text", "x"}, 2,
         "tandem: --server is required (or set TANDEM_SERVER)\n(see `tandem --help`)\n"},
        {"https, unreachable", Add("https://127.0.0.1:1", secret, objection), 1,
         "tandem: cannot reach the server at https://127.0.0.1:1 (Could not establish connection)\n"},
        {"not a URL", Add("ftp://127.0.0.1", secret, objection), 2, ""},
        {"not Tandem's API", Add(server + "/elsewhere", secret, objection), 1, ""},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        CommandResult result = RunTandem(c.args);
        INFO(result.output);
        CHECK(result.exit_code == c.exit_code);
        CHECK(result.output.starts_with("tandem: "));
        CHECK(std::count(result.output.begin(), result.output.end(), '\n') <= 2);   // one line, and the pointer to --help
        if (!c.message.empty()) CHECK(result.output == c.message);
    }
    // Revoked is refused like wrong.
    REQUIRE(rita.Delete("/api/tokens/" + std::to_string(token.Json()["token"]["id"].get<std::int64_t>())).status == 204);
    CommandResult revoked = RunTandem(Add(server, secret, objection));
    CHECK(revoked.exit_code == 3);
    CHECK(revoked.output == "tandem: the token was refused (wrong or revoked)\n");
    CHECK(FeedbackCount(rita) == before);
}
