// A rep's day on the command line: the real binary as a child process in a shell of its own (a
// fresh HOME and XDG_CONFIG_HOME, no token in the environment), talking to a real demo server.
// Signing in keeps a private credentials file; the inbox, a lead and the feedback read exactly what
// the API answers; accepting and rejecting move leads as the dashboard does; every refusal is one
// line with its own exit status and changes nothing; the bash completion covers every command.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <doctest/doctest.h>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include "rep_shell.h"
#include "server_process.h"

using namespace tandem::test;

namespace {

constexpr const char* kSignIn = "rita@tandem.test\ntandem-demo-2026\n";   // what a rep types, one line each
constexpr const char* kReasons = "no_budget, no_authority, no_need, no_timeline, bad_fit, duplicate, unreachable, other";

unsigned Mode(const std::filesystem::path& path) {
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return info.st_mode & 0777;
}

nlohmann::json ReadJson(const std::filesystem::path& path) {
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    return nlohmann::json::parse(text.str());
}

std::vector<std::string> Lines(const std::string& text) {
    std::vector<std::string> lines;
    std::stringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// A row of aligned columns, cut where two or more spaces separate them.
std::vector<std::string> Cells(const std::string& row) {
    static const std::regex kGap(" {2,}");
    return {std::sregex_token_iterator(row.begin(), row.end(), kGap, -1), std::sregex_token_iterator()};
}

// "2026-12-06T18:10:37Z" as the command line shows it in UTC: "2026-12-06 18:10".
std::string Shown(const std::string& iso) { return iso.substr(0, 10) + " " + iso.substr(11, 5); }

std::string LeadPath(std::int64_t id) { return "/api/leads/" + std::to_string(id); }

// What a refused command must leave as it was: the lead, its history and the feedback about it.
std::string LeadState(ApiClient& client, std::int64_t id) {
    return client.Get(LeadPath(id)).body + client.Get(LeadPath(id) + "/history").body +
           client.Get("/api/feedback?lead=" + std::to_string(id)).body;
}

std::string Id(std::int64_t id) { return std::to_string(id); }

}  // namespace

TEST_CASE("a rep signs in, works the inbox and a lead from the shell, and signs out") {
    DemoServer demo;
    ApiClient rita = demo.As("rita");
    std::string server = "http://127.0.0.1:" + std::to_string(demo.Port());
    std::int64_t to_accept = demo.HandOverTo("rita");
    std::int64_t to_reject = demo.HandOverTo("rita");
    std::int64_t to_keep = demo.HandOverTo("rita");
    std::int64_t rajs = demo.HandOverTo("raj");
    RepShell shell;

    CommandResult nobody = RunTandem({"inbox"});
    CHECK(nobody.exit_code == 3);
    CHECK(nobody.output == "tandem: not signed in: run `tandem login --server URL`, or give --token-file FILE or $TANDEM_TOKEN\n");

    // Signing in: the password from standard input, a token made for this machine, kept privately.
    CommandResult login = RunTandemWithInput({"login", "--server", server}, kSignIn);
    INFO(login.output);
    REQUIRE(login.exit_code == 0);
    CHECK(login.output == "signed in to " + server + " as Rita Rep (rita@tandem.test); the token for this machine is in " +
                              shell.Credentials().string() + "\n");
    CHECK(Mode(shell.Credentials()) == 0600);
    CHECK(Mode(shell.Credentials().parent_path()) == 0700);
    CHECK(Mode(shell.Credentials().parent_path().parent_path()) == 0700);
    nlohmann::json saved = ReadJson(shell.Credentials());
    CHECK(saved["server"] == server);
    CHECK(saved["user"] == "rita@tandem.test");
    CHECK(saved.contains("ca_file") == false);
    std::string token = saved["token"];
    nlohmann::json tokens = rita.Get("/api/tokens").Json()["items"];
    REQUIRE(tokens.size() == 1);
    CHECK(tokens[0]["id"] == saved["token_id"]);
    CHECK(tokens[0]["revoked_at"].is_null());
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    CHECK(tokens[0]["name"] == "tandem login on " + std::string(host));
    CHECK(ApiClient(demo.Port()).WithBearer(token).Get("/api/auth/me").Json()["id"] == demo.IdOf("rita"));

    // The inbox: exactly the API's, in its order, in aligned columns with a summary line.
    nlohmann::json api_inbox = rita.Get("/api/inbox?limit=500").Json();
    REQUIRE(api_inbox["next_cursor"].is_null());
    CommandResult inbox = RunTandem({"inbox"});
    INFO(inbox.output);
    REQUIRE(inbox.exit_code == 0);
    std::vector<std::string> lines = Lines(inbox.output);
    REQUIRE(lines.size() == api_inbox["items"].size() + 3);
    CHECK(Cells(lines[0]) == std::vector<std::string>{"LEAD", "NAME", "COMPANY", "SCORE", "OWNER", "DUE", "SLA"});
    std::vector<std::string> shown_ids, api_ids;
    for (std::size_t i = 0; i < api_inbox["items"].size(); ++i) {
        const nlohmann::json& item = api_inbox["items"][i];
        api_ids.push_back(Id(item["lead"]["id"]));
        std::vector<std::string> cells = Cells(lines[i + 1]);
        REQUIRE(cells.size() == 7);
        shown_ids.push_back(cells[0]);
        if (item["lead"]["id"] != to_keep) continue;
        CHECK(cells[1] == "Handed Over");
        CHECK(cells[2] == "—");
        CHECK(cells[3] == Id(std::llround(item["lead"]["score"]["total"].get<double>())));
        CHECK(cells[4] == "you");
        CHECK(cells[5] == Shown(item["due_at"]));
        CHECK(cells[6].starts_with("due in "));
    }
    CHECK(shown_ids == api_ids);
    CHECK(lines[lines.size() - 2] == "");
    CHECK(lines.back() == std::to_string(api_inbox["items"].size()) + " leads, " + Id(api_inbox["breached"]) + " overdue; " +
                              Id(api_inbox["unassigned"]) + " unassigned in the pool; the SLA is 24 h");
    // --json: the server's answer ("now" is the moment of each request).
    CommandResult inbox_json = RunTandem({"inbox", "--json"});
    REQUIRE(inbox_json.exit_code == 0);
    nlohmann::json printed = nlohmann::json::parse(inbox_json.output);
    printed.erase("now");
    api_inbox.erase("now");
    CHECK(printed == api_inbox);

    CommandResult shown = RunTandem({"lead", "show", Id(to_keep), "--json"});
    REQUIRE(shown.exit_code == 0);
    CHECK(nlohmann::json::parse(shown.output) == rita.Get(LeadPath(to_keep)).Json());

    // Accept makes an SQL; reject sends the lead back to marketing with the reason, as feedback.
    CommandResult accepted = RunTandem({"lead", "accept", Id(to_accept)});
    CHECK(accepted.exit_code == 0);
    CHECK(accepted.output == "accepted lead " + Id(to_accept) + " (Handed Over): it is sql now\n");
    CHECK(rita.Get(LeadPath(to_accept)).Json()["stage"] == "sql");

    CommandResult rejected = RunTandem({"lead", "reject", Id(to_reject), "--reason", "no_budget", "--text", "Budget frozen until Q3"});
    CHECK(rejected.exit_code == 0);
    CHECK(rejected.output == "rejected lead " + Id(to_reject) + " (Handed Over): it is recycled now\n");
    CHECK(rita.Get(LeadPath(to_reject)).Json()["stage"] == "recycled");
    nlohmann::json history = rita.Get(LeadPath(to_reject) + "/history").Json()["items"];
    CHECK(history.back()["from"] == "sales_ready");
    CHECK(history.back()["to"] == "recycled");
    CHECK(history.back()["reason"] == "no_budget");
    CHECK(history.back()["note"] == "Budget frozen until Q3");
    CHECK(history.back()["by"] == demo.IdOf("rita"));
    nlohmann::json api_feedback = rita.Get("/api/feedback?lead=" + Id(to_reject)).Json();
    REQUIRE(api_feedback["items"].size() == 1);
    CHECK(api_feedback["items"][0]["kind"] == "rejection");
    CHECK(api_feedback["items"][0]["reason"] == "no_budget");
    CHECK(api_feedback["items"][0]["text"] == "Budget frozen until Q3");
    CHECK(api_feedback["items"][0]["author_id"] == demo.IdOf("rita"));

    // The feedback, as JSON and as columns.
    CommandResult feedback_json = RunTandem({"feedback", "list", "--lead", Id(to_reject), "--json"});
    REQUIRE(feedback_json.exit_code == 0);
    CHECK(nlohmann::json::parse(feedback_json.output) == api_feedback);
    nlohmann::json api_rejections = rita.Get("/api/feedback?kind=rejection&limit=500").Json();
    REQUIRE(api_rejections["next_cursor"].is_null());
    CommandResult rejections_json = RunTandem({"feedback", "list", "--kind", "rejection", "--json"});
    REQUIRE(rejections_json.exit_code == 0);
    CHECK(nlohmann::json::parse(rejections_json.output) == api_rejections);
    CommandResult feedback = RunTandem({"feedback", "list", "--lead", Id(to_reject)});
    REQUIRE(feedback.exit_code == 0);
    lines = Lines(feedback.output);
    REQUIRE(lines.size() == 2);
    CHECK(Cells(lines[0]) == std::vector<std::string>{"ID", "DATE", "KIND", "LEAD", "BY", "DETAIL", "TAGS", "TEXT"});
    const nlohmann::json& row = api_feedback["items"][0];
    std::string tags;
    for (const nlohmann::json& tag : row["tags"]) tags += (tags.empty() ? "" : ",") + tag.get<std::string>();
    std::vector<std::string> expected = {Id(row["id"]), Shown(row["at"]), "rejection", Id(to_reject), "you", "no_budget"};
    if (!tags.empty()) expected.push_back(tags);
    expected.push_back("Budget frozen until Q3");
    CHECK(Cells(lines[1]) == expected);

    // Refusals: one line each, their own exit status, and nothing changed.
    std::string keep_before = LeadState(rita, to_keep);
    std::string rajs_before = LeadState(rita, rajs);
    CommandResult typo = RunTandem({"lead", "reject", Id(to_keep), "--reason", "too_pricey"});
    CHECK(typo.exit_code == 2);
    CHECK(typo.output == "tandem: --reason: unknown reason 'too_pricey' (one of: " + std::string(kReasons) +
                             ")\n(see `tandem --help`)\n");
    CommandResult no_reason = RunTandem({"lead", "reject", Id(to_keep)});
    CHECK(no_reason.exit_code == 2);
    CHECK(no_reason.output == "tandem: --reason is required (one of: " + std::string(kReasons) + ")\n(see `tandem --help`)\n");
    std::string refusal = "tandem: the server refused: lead " + Id(rajs) +
                          " is Raj Rep's: a sales rep acts on their own leads and unassigned ones; a sales leader can "
                          "reassign it\n";
    CommandResult not_mine = RunTandem({"lead", "reject", Id(rajs), "--reason", "no_budget", "--text", "x"});
    CHECK(not_mine.exit_code == 4);
    CHECK(not_mine.output == refusal);
    CommandResult not_mine_either = RunTandem({"lead", "accept", Id(rajs)});
    CHECK(not_mine_either.exit_code == 4);
    CHECK(not_mine_either.output == refusal);
    CommandResult missing = RunTandem({"lead", "show", "999999"});
    CHECK(missing.exit_code == 5);
    CHECK(missing.output == "tandem: no lead 999999\n");
    CommandResult again = RunTandem({"lead", "accept", Id(to_accept)});
    CHECK(again.exit_code == 6);
    CHECK(again.output == "tandem: a lead cannot move from sql to sql\n");
    CHECK(LeadState(rita, to_keep) == keep_before);
    CHECK(LeadState(rita, rajs) == rajs_before);

    // Signing out revokes the token and removes the file; then nothing is signed in.
    CommandResult logout = RunTandem({"logout"});
    CHECK(logout.exit_code == 0);
    CHECK(logout.output == "signed out of " + server + "; the token is revoked\n");
    CHECK(!std::filesystem::exists(shell.Credentials()));
    CHECK(!rita.Get("/api/tokens").Json()["items"][0]["revoked_at"].is_null());
    CommandResult after = RunTandem({"inbox"});
    CHECK(after.exit_code == 3);
    CHECK(after.output == nobody.output);
    ::setenv("TANDEM_TOKEN", token.c_str(), 1);
    CommandResult revoked = RunTandem({"inbox", "--server", server});
    CHECK(revoked.exit_code == 3);
    CHECK(revoked.output == "tandem: the token was refused (wrong or revoked)\n");
}

TEST_CASE("a token comes from --token-file, then $TANDEM_TOKEN, then the credentials file, which goes only to its server") {
    DemoServer demo(0);
    std::string server = "http://127.0.0.1:" + std::to_string(demo.Port());
    RepShell shell;
    const std::string refused = "tandem: the token was refused (wrong or revoked)\n";
    std::string wrong = "tdm_" + std::string(43, 'A');

    // Without $XDG_CONFIG_HOME the file goes under ~/.config, every new folder private.
    ::unsetenv("XDG_CONFIG_HOME");
    CommandResult login = RunTandemWithInput({"login", "--server", server + "/"}, kSignIn);
    INFO(login.output);
    REQUIRE(login.exit_code == 0);
    std::filesystem::path file = shell.Home() / ".config/tandem/credentials";
    CHECK(Mode(file) == 0600);
    CHECK(Mode(file.parent_path()) == 0700);
    CHECK(Mode(file.parent_path().parent_path()) == 0700);
    CHECK(RunTandem({"inbox"}).exit_code == 0);

    // Each source in turn wins over the ones after it: a wrong token there is what gets refused.
    std::filesystem::path token_file = shell.Home() / "token";
    std::ofstream(token_file) << wrong << "\n";
    ::setenv("TANDEM_TOKEN", ReadJson(file)["token"].get<std::string>().c_str(), 1);
    CommandResult from_file = RunTandem({"inbox", "--token-file", token_file.string()});
    CHECK(from_file.exit_code == 3);
    CHECK(from_file.output == refused);
    CHECK(RunTandem({"inbox"}).exit_code == 0);   // $TANDEM_TOKEN
    ::setenv("TANDEM_TOKEN", wrong.c_str(), 1);
    CommandResult from_environment = RunTandem({"inbox"});
    CHECK(from_environment.exit_code == 3);
    CHECK(from_environment.output == refused);
    ::unsetenv("TANDEM_TOKEN");
    CHECK(RunTandem({"inbox", "--server", server}).exit_code == 0);   // the same server, without the slash

    // The saved token is never sent to another server, even the same one under another name.
    std::string other = "http://localhost:" + std::to_string(demo.Port());
    CommandResult elsewhere = RunTandem({"inbox", "--server", other});
    CHECK(elsewhere.exit_code == 3);
    CHECK(elsewhere.output == "tandem: not signed in to " + other + ": run `tandem login --server " + other +
                                  "`, or give --token-file FILE or $TANDEM_TOKEN\n");
    ::setenv("TANDEM_SERVER", other.c_str(), 1);
    CHECK(RunTandem({"inbox"}).exit_code == 3);
    ::unsetenv("TANDEM_SERVER");

    // A wrong password is refused by the server and leaves the saved credentials as they were.
    nlohmann::json before = ReadJson(file);
    CommandResult wrong_password = RunTandemWithInput({"login"}, "rita@tandem.test\nnot her password\n");
    CHECK(wrong_password.exit_code == 3);
    CHECK(wrong_password.output == "tandem: wrong email or password\n");
    CHECK(ReadJson(file) == before);
    CHECK(Mode(file) == 0600);
}

TEST_CASE("tandem completion bash is valid bash, lists every command of tandem --help and completes actions, flags and reasons") {
    TempDir dir;
    CommandResult script = RunTandem({"completion", "bash"});
    REQUIRE(script.exit_code == 0);
    std::filesystem::path path = dir / "tandem.bash";
    std::ofstream(path) << script.output;
    CHECK(std::system(("bash -n " + path.string()).c_str()) == 0);

    // The commands the usage lists, under "commands:".
    std::string usage = RunTandem({"--help"}).output;
    std::vector<std::string> commands;
    bool listing = false;
    for (const std::string& line : Lines(usage)) {
        if (line == "commands:") listing = true;
        else if (line.empty()) listing = false;
        else if (listing) commands.push_back(line.substr(2, line.find(' ', 2) - 2));
    }
    for (const char* mine : {"login", "logout", "inbox", "lead", "feedback", "completion"})
        CHECK(std::find(commands.begin(), commands.end(), mine) != commands.end());

    // _tandem run as bash runs it on Tab, for `tandem WORDS...`; the candidates, one per line.
    auto complete = [&](const std::string& words) {
        std::string command = "bash -c 'source " + path.string() + "; COMP_WORDS=(" + TANDEM_BINARY + " " + words +
                              "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _tandem " + TANDEM_BINARY +
                              "; printf \"%s\\n\" \"${COMPREPLY[@]}\"'";
        FILE* pipe = ::popen(command.c_str(), "r");
        REQUIRE(pipe != nullptr);
        std::string out;
        char buffer[4096];
        while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
        CHECK(::pclose(pipe) == 0);
        return Lines(out);
    };
    CHECK(complete("\"\"") == [&] {
        std::vector<std::string> all = commands;
        all.insert(all.end(), {"--help", "--version"});
        return all;
    }());
    CHECK(complete("lead \"\"") == std::vector<std::string>{"show", "accept", "reject"});
    CHECK(complete("feedback \"\"") == std::vector<std::string>{"add", "list"});
    CHECK(complete("inbox --") ==
          std::vector<std::string>{"--server", "--token-file", "--ca-file", "--token", "--json", "--help"});
    CHECK(complete("lead reject 7 --r") == std::vector<std::string>{"--reason"});
    CHECK(complete("lead reject 7 --reason no_") ==
          std::vector<std::string>{"no_budget", "no_authority", "no_need", "no_timeline"});
    CHECK(complete("feedback list --kind w") == std::vector<std::string>{"win_story"});
    CHECK(complete("login --") == std::vector<std::string>{"--server", "--ca-file", "--email", "--help"});
    CHECK(complete("serve --tls-") == std::vector<std::string>{"--tls-cert", "--tls-key"});
}
