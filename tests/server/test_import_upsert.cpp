// Imports that update instead of duplicating (mode upsert): a row finds its lead by CRM record,
// else by email; the same file twice changes nothing; an updated CRM export changes exactly the
// leads it changed, stages only forward. And the round trip: our export, owners by email and
// campaigns by name, imported into a fresh Tandem, recreates every lead.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "server_process.h"

using namespace tandem::test;

namespace {

std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    REQUIRE(file);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

const std::filesystem::path kHubSpot =
    std::filesystem::path(TANDEM_SOURCE_DIR) / "tests/fixtures/crm/hubspot_contacts.csv";

Reply Import(const ApiClient& client, const std::string& csv, const std::string& query) {
    return client.Send("POST", "/api/leads/import" + query, csv, "text/csv");
}

nlohmann::json Find(const ApiClient& client, const std::string& email) {
    std::vector<nlohmann::json> found = AllLeads(client, "q=" + UrlEncode(email));
    REQUIRE(found.size() == 1);
    return found[0];
}

nlohmann::json History(const ApiClient& client, const nlohmann::json& lead) {
    return client.Get("/api/leads/" + std::to_string(lead["id"].get<std::int64_t>()) + "/history").Json()["items"];
}

// Replaces the one occurrence of `from` in `text`.
std::string Replace(std::string text, const std::string& from, const std::string& to) {
    const std::size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    REQUIRE(text.find(from, at + 1) == std::string::npos);
    return text.replace(at, from.size(), to);
}

const std::vector<std::string> kHubSpotEmails = {"hana.ube@acme-hs.example", "ivo.vale@globex-hs.example",
                                                 "ola.nord@initech-hs.example", "pia.sol@hooli-hs.example",
                                                 "quinn.ray@pied-hs.example"};

// Down the funnel; won, lost and disqualified are all its end.
int Rank(const std::string& stage) {
    const std::map<std::string, int> ranks = {{"new", 0},   {"recycled", 1},    {"mql", 2},  {"sales_ready", 3},
                                              {"sql", 4},   {"opportunity", 5}, {"won", 6},  {"lost", 6},
                                              {"disqualified", 6}};
    return ranks.at(stage);
}

// The rows whose stage the import keeps: those that map to a stage other than the lead's and not
// further down the funnel. A row maps to the stage of its lead's first history row (the import's)
// unless the test changed it.
nlohmann::json KeptStages(const ApiClient& client, const std::vector<std::string>& emails,
                          const std::map<std::size_t, std::string>& file_stage = {}) {
    nlohmann::json kept = nlohmann::json::array();
    for (std::size_t row = 1; row <= emails.size(); ++row) {
        const nlohmann::json lead = Find(client, emails[row - 1]);
        const auto changed = file_stage.find(row);
        const std::string mapped =
            changed != file_stage.end() ? changed->second : History(client, lead)[0]["to"].get<std::string>();
        if (mapped == lead["stage"] || Rank(mapped) > Rank(lead["stage"])) continue;
        kept.push_back({{"row", row}, {"line", row + 1}, {"lead_id", lead["id"]}, {"file_stage", mapped},
                        {"stage", lead["stage"]}});
    }
    return kept;
}

// id -> a user's email or a campaign's name, as one server has them.
std::map<std::int64_t, std::string> Names(const ApiClient& client, const std::string& target, const char* member) {
    std::map<std::int64_t, std::string> names;
    const nlohmann::json list = client.Get(target).Json();
    for (const nlohmann::json& item : list["items"]) names[item["id"]] = item[member];
    return names;
}

// A lead as another Tandem must recreate it: every fact, its owner by email and campaign by name.
nlohmann::json Portable(nlohmann::json lead, const std::map<std::int64_t, std::string>& emails,
                        const std::map<std::int64_t, std::string>& campaigns) {
    auto name = [](const std::map<std::int64_t, std::string>& names, const nlohmann::json& id) {
        if (id.is_null()) return nlohmann::json();
        auto it = names.find(id.get<std::int64_t>());
        REQUIRE_MESSAGE(it != names.end(), "no name for id ", id);
        return nlohmann::json(it->second);
    };
    lead["owner"] = name(emails, lead["owner_id"]);
    lead["campaign"] = name(campaigns, lead["campaign_id"]);
    for (const char* key : {"id", "score", "revision", "updated_at", "owner_id", "campaign_id"}) lead.erase(key);
    return lead;
}

}  // namespace

TEST_CASE("an upsert of the same CRM export twice changes nothing the second time and says every row is unchanged") {
    DemoServer demo(20);
    ApiClient mark = demo.As("mark");
    const std::string file = ReadFile(kHubSpot);
    Reply first = Import(mark, file, "?mode=upsert&timezone=America/New_York");
    REQUIRE(first.status == 200);
    CHECK(first.Json()["mode"] == "upsert");
    CHECK(first.Json()["imported"] == 5);
    CHECK(first.Json()["updated"] == 0);
    CHECK(first.Json()["unchanged"] == 0);
    const std::string before = demo.Snapshot();
    const nlohmann::json kept = KeptStages(mark, kHubSpotEmails);

    Reply second = Import(mark, file, "?mode=upsert&timezone=America/New_York");
    REQUIRE(second.status == 200);
    const nlohmann::json report = second.Json();
    CHECK(report["rows"] == 5);
    CHECK(report["imported"] == 0);
    CHECK(report["updated"] == 0);
    CHECK(report["unchanged"] == 5);
    CHECK(report["rejected"] == 0);
    CHECK(report["kept_stages"] == kept);
    CHECK(report["stages_kept"] == kept.size());
    CHECK(demo.Snapshot() == before);

    // The CLI the same way.
    CommandResult cli = RunTandem({"import", kHubSpot.string(), "--db", demo.DbTarget(), "--mode",
                                   "upsert", "--timezone", "America/New_York"});
    CAPTURE(cli.output);
    CHECK(cli.exit_code == 0);
    CHECK(cli.output.find("imported 0 of 5 rows in ") != std::string::npos);
    CHECK(cli.output.find("upsert: 0 updated, 5 unchanged; " + std::to_string(kept.size()) + " kept their stage\n") !=
          std::string::npos);
    CHECK(demo.Snapshot() == before);
}

TEST_CASE("an upsert of an updated HubSpot export updates exactly the leads it changed, stages only forward") {
    DemoServer demo(20);
    ApiClient mark = demo.As("mark");
    const std::string file = ReadFile(kHubSpot);
    REQUIRE(Import(mark, file, "?timezone=America/New_York").Json()["imported"] == 5);
    std::map<std::string, nlohmann::json> before;
    for (const std::string& email : kHubSpotEmails) before[email] = Find(mark, email);
    const std::size_t leads = AllLeads(mark).size();
    REQUIRE(before["ola.nord@initech-hs.example"]["stage"] != "opportunity");
    REQUIRE(before["pia.sol@hooli-hs.example"]["stage"] == "sql");

    // Row 1 a new title; row 2 another owner; row 3 moved to Opportunity; row 4 back to Lead
    // (earlier: kept); row 5 a new email under the same Record ID.
    std::string updated = Replace(file, ",CTO,", ",Chief Technology Officer,");
    updated = Replace(updated, "Customer,,raj@tandem.test,", "Customer,,rita@tandem.test,");
    updated = Replace(updated, "Norway,,Lead,", "Norway,,Opportunity,");
    updated = Replace(updated, ",,,,Sales Qualified Lead,", ",,,,Lead,");
    updated = Replace(updated, "quinn.ray@pied-hs.example", "quinn@pied-hs.example");
    const nlohmann::json kept = KeptStages(mark, kHubSpotEmails, {{3, "opportunity"}, {4, "new"}});
    Reply reply = Import(mark, updated, "?mode=upsert&timezone=America/New_York");
    REQUIRE(reply.status == 200);
    const nlohmann::json report = reply.Json();
    CAPTURE(report.dump());
    CHECK(report["imported"] == 0);
    CHECK(report["updated"] == 4);
    CHECK(report["unchanged"] == 1);
    CHECK(report["rejected"] == 0);
    // Pia's row asks for new while she is sql: she stays sql, and the report says so.
    nlohmann::json pia_kept = {{"row", 4}, {"line", 5}, {"lead_id", before["pia.sol@hooli-hs.example"]["id"]},
                               {"file_stage", "new"}, {"stage", "sql"}};
    const nlohmann::json& kept_stages = report["kept_stages"];
    CHECK(std::find(kept_stages.begin(), kept_stages.end(), pia_kept) != kept_stages.end());
    nlohmann::json kept_without_ola = nlohmann::json::array();
    for (const nlohmann::json& k : kept)
        if (k["row"] != 3) kept_without_ola.push_back(k);   // Ola moves forward: nothing kept
    CHECK(report["kept_stages"] == kept_without_ola);
    CHECK(AllLeads(mark).size() == leads);

    nlohmann::json hana = Find(mark, "hana.ube@acme-hs.example");
    CHECK(hana["title"] == "Chief Technology Officer");
    CHECK(hana["revision"] == before["hana.ube@acme-hs.example"]["revision"].get<int>() + 1);

    nlohmann::json ola = Find(mark, "ola.nord@initech-hs.example");
    CHECK(ola["stage"] == "opportunity");
    nlohmann::json moved = History(mark, ola).back();
    CHECK(moved["from"] == before["ola.nord@initech-hs.example"]["stage"]);
    CHECK(moved["to"] == "opportunity");
    CHECK(moved["reason"] == "imported");
    CHECK(moved["note"] == "row 3 of an import changed stage");
    CHECK(moved["by"] == demo.IdOf("mark"));

    // Found by its Record ID: the same lead, with the new address.
    nlohmann::json quinn = Find(mark, "quinn@pied-hs.example");
    CHECK(quinn["id"] == before["quinn.ray@pied-hs.example"]["id"]);
    CHECK(quinn["crm_source"] == "hubspot");
    CHECK(quinn["crm_id"] == "51005");
    CHECK(AllLeads(mark, "q=quinn.ray").empty());

    // Another owner is an assignment, by the importing user.
    nlohmann::json ivo = Find(mark, "ivo.vale@globex-hs.example");
    CHECK(ivo["owner_id"] == demo.IdOf("rita"));
    const nlohmann::json assignments =
        mark.Get("/api/leads/" + std::to_string(ivo["id"].get<std::int64_t>()) + "/assignments").Json()["items"];
    REQUIRE(!assignments.empty());
    CHECK(assignments.back()["from_owner_id"] == demo.IdOf("raj"));
    CHECK(assignments.back()["to_owner_id"] == demo.IdOf("rita"));
    CHECK(assignments.back()["by"] == demo.IdOf("mark"));
    CHECK(assignments.back()["note"] == "row 2 of an import changed owner_id");

    CHECK(Find(mark, "pia.sol@hooli-hs.example") == before["pia.sol@hooli-hs.example"]);
}

TEST_CASE("an insert of a known CRM record or email is refused and points to upsert; a bad mode is a 400") {
    DemoServer demo(20);
    ApiClient mark = demo.As("mark");
    const std::string file = ReadFile(kHubSpot);
    REQUIRE(Import(mark, file, "").Json()["imported"] == 5);
    const std::string before = demo.Snapshot();
    Reply again = Import(mark, Replace(file, "hana.ube@acme-hs.example", "hana@acme-hs.example"), "");
    REQUIRE(again.status == 200);
    CHECK(again.Json()["imported"] == 0);
    CHECK(again.Json()["rejected"] == 5);
    CHECK(again.Json()["errors"][0]["field"] == "crm_id");   // a new email, but HubSpot's record 51001
    CHECK(again.Json()["errors"][1]["field"] == "email");
    CHECK(demo.Snapshot() == before);

    CHECK(ErrorOf(Import(mark, file, "?mode=merge")) == ApiError{400, "bad_request", "mode"});
    CHECK(ErrorOf(Import(mark, file, "?mode=upsert&crm=")) == ApiError{400, "bad_request", "crm"});
    CHECK(demo.Snapshot() == before);
}

TEST_CASE("export then import into a fresh Tandem recreates every lead with its owner by email and campaign by name") {
    DemoServer source;
    ApiClient admin = source.As("admin");
    REQUIRE(Import(source.As("mark"), ReadFile(kHubSpot), "?timezone=America/New_York").Json()["imported"] == 5);
    Reply campaign = source.As("sam").Post("/api/campaigns", {{"name", "Round trip day"}, {"start", "2027-02-01"},
                                                              {"end", "2027-02-03"}});
    REQUIRE(campaign.status == 201);
    REQUIRE(admin.Post("/api/leads", {{"email", "trip@example.com"}, {"company", "Zürich AG"},
                                      {"campaign_id", campaign.Json()["id"]}, {"owner_id", source.IdOf("raj")}})
                .status == 201);
    const std::vector<nlohmann::json> original = AllLeads(admin);
    REQUIRE(original.size() == 306);

    // The CLI writes what the API sends; owners go by email and campaigns by name, never by id.
    Reply exported = admin.Get("/api/leads/export.csv");
    REQUIRE(exported.status == 200);
    const std::filesystem::path file = source.Dir() / "leads.csv";
    CommandResult cli = RunTandem({"export", "leads", file.string(), "--db", source.DbTarget()});
    REQUIRE(cli.exit_code == 0);
    CHECK(ReadFile(file) == exported.body);
    const std::vector<std::vector<std::string>> records = ParseCsv(exported.body);
    REQUIRE(records[0][10] == "campaign");
    REQUIRE(records[0][11] == "owner");
    CHECK(records.back()[10] == "Round trip day");
    CHECK(records.back()[11] == "raj@tandem.test");

    // The same users and campaigns, made in another order: other ids.
    DemoServer target(0);
    REQUIRE(target.As("sam").Post("/api/campaigns", {{"name", "Not in the file"}, {"start", "2027-01-01"},
                                                     {"end", "2027-01-02"}})
                .status == 201);
    REQUIRE(target.As("sam").Post("/api/campaigns", {{"name", "Round trip day"}, {"start", "2027-02-01"},
                                                     {"end", "2027-02-03"}})
                .status == 201);
    ApiClient target_admin = target.As("admin");
    Reply imported = Import(target.As("mark"), exported.body, "");
    REQUIRE(imported.status == 200);
    CHECK(imported.Json()["imported"] == 306);
    CHECK(imported.Json()["rejected"] == 0);
    CHECK(imported.Json()["coerced"] == 0);   // every owner and campaign found

    const auto source_emails = Names(admin, "/api/users", "email");
    const auto source_campaigns = Names(admin, "/api/campaigns", "name");
    const auto target_emails = Names(target_admin, "/api/users", "email");
    const auto target_campaigns = Names(target_admin, "/api/campaigns", "name");
    std::map<std::string, nlohmann::json> copies;
    for (const nlohmann::json& lead : AllLeads(target_admin))
        copies[lead["email"]] = Portable(lead, target_emails, target_campaigns);
    REQUIRE(copies.size() == original.size());
    for (const nlohmann::json& lead : original) {
        INFO(lead["email"].get<std::string>());
        auto copy = copies.find(lead["email"]);
        REQUIRE(copy != copies.end());
        CHECK(copy->second == Portable(lead, source_emails, source_campaigns));
    }
    CHECK(copies["hana.ube@acme-hs.example"]["crm_id"] == "51001");
    CHECK(copies["trip@example.com"]["campaign"] == "Round trip day");

    // Back into the Tandem it came from, as an upsert: every lead is found as it is.
    const std::string before = source.Snapshot();
    Reply again = Import(source.As("mark"), exported.body, "?mode=upsert");
    REQUIRE(again.status == 200);
    CHECK(again.Json()["unchanged"] == 306);
    CHECK(again.Json()["imported"] == 0);
    CHECK(again.Json()["updated"] == 0);
    CHECK(source.Snapshot() == before);
}

TEST_CASE("--excel and excel=true start the export with a UTF-8 byte order mark, and it imports back as it was") {
    DemoServer demo(0);
    ApiClient admin = demo.As("admin");
    REQUIRE(admin.Post("/api/leads", {{"email", "zurich@example.com"}, {"company", "Zürich AG"}}).status == 201);
    const std::string bom = "\xEF\xBB\xBF";
    Reply plain = admin.Get("/api/leads/export.csv");
    Reply excel = admin.Get("/api/leads/export.csv?excel=true");
    REQUIRE(plain.status == 200);
    REQUIRE(excel.status == 200);
    CHECK(plain.body.rfind("id,email,", 0) == 0);
    CHECK(excel.body == bom + plain.body);
    CHECK(excel.body.find("Z\xC3\xBCrich AG") != std::string::npos);
    Reply history = admin.Get("/api/stage-history.csv?excel=true");
    CHECK(history.body == bom + admin.Get("/api/stage-history.csv").body);

    const std::string db = demo.DbTarget();
    CommandResult cli = RunTandem({"export", "leads", "--excel", "--db", db});
    REQUIRE(cli.exit_code == 0);
    CHECK(cli.output == excel.body);
    CommandResult cli_plain = RunTandem({"export", "leads", "--db", db});
    CHECK(cli_plain.output == plain.body);

    const std::string before = demo.Snapshot();
    Reply back = Import(demo.As("mark"), excel.body, "?mode=upsert");
    REQUIRE(back.status == 200);
    CHECK(back.Json()["encoding_from"] == "byte order mark");
    CHECK(back.Json()["unchanged"] == 1);
    CHECK(demo.Snapshot() == before);
}

TEST_CASE("an upsert does not identify an erased person again, and leaves their anonymous lead as it is") {
    DemoServer demo(0);
    ApiClient admin = demo.As("admin");
    Reply created =
        admin.Post("/api/leads", {{"email", "forget.me@example.com"}, {"name", "Fay Gone"}, {"company", "Acme"}});
    REQUIRE(created.status == 201);
    const std::string id = std::to_string(created.Json()["id"].get<std::int64_t>());
    REQUIRE(admin.Post("/api/leads/" + id + "/erase", nlohmann::json::object()).status == 200);
    const std::string erased_email = admin.Get("/api/leads/" + id).Json()["email"];
    const std::string before = demo.Snapshot();

    Reply named =
        Import(demo.As("mark"), "email,name,company\r\n" + erased_email + ",Fay Gone,Acme\r\n", "?mode=upsert");
    REQUIRE(named.status == 200);
    CHECK(named.Json()["rejected"] == 1);
    CHECK(named.Json()["errors"][0]["field"] == "name");
    Reply same = Import(demo.As("mark"), "email,name,company\r\n" + erased_email + ",,Acme\r\n", "?mode=upsert");
    REQUIRE(same.status == 200);
    CHECK(same.Json()["unchanged"] == 1);
    CHECK(demo.Snapshot() == before);
}

TEST_CASE("an upsert follows its own earlier rows: an email a row moved away is free, the one it moved to finds the lead") {
    DemoServer demo(20);
    ApiClient mark = demo.As("mark");
    REQUIRE(Import(mark, "Record ID,Email,Name\r\n61001,ann@one.example,Ann\r\n", "").Json()["imported"] == 1);
    const std::int64_t ann = Find(mark, "ann@one.example")["id"];
    const std::string moves =
        "Record ID,Email,Name\r\n"
        "61001,bea@one.example,\r\n"   // HubSpot's record 61001 is now bea's address
        ",ann@one.example,Al\r\n"      // the address it left: a new lead
        ",bea@one.example,Bea\r\n"     // bea's address, by email: record 61001's lead
        ",al@one.example,\r\n"
        ",AL@one.example,Al again\r\n";   // the row before's address (emails are kept lower case)
    Reply reply = Import(mark, moves, "?mode=upsert");
    REQUIRE(reply.status == 200);
    CHECK(reply.Json()["imported"] == 2);   // ann@ (Al) and al@
    CHECK(reply.Json()["updated"] == 3);    // 61001 twice, al@ once
    CHECK(reply.Json()["rejected"] == 0);
    const nlohmann::json moved = Find(mark, "bea@one.example");
    CHECK(moved["id"] == ann);
    CHECK(moved["name"] == "Bea");
    CHECK(moved["crm_id"] == "61001");
    const nlohmann::json fresh = Find(mark, "ann@one.example");
    CHECK(fresh["id"] == ann + 1);   // ids follow the largest, in file order
    CHECK(fresh["name"] == "Al");
    CHECK(fresh["crm_id"] == "");
    const nlohmann::json al = Find(mark, "al@one.example");
    CHECK(al["id"] == ann + 2);
    CHECK(al["name"] == "Al again");

    // The same rows again without upsert: every one is refused, the first for its email (bea's now).
    const std::string before = demo.Snapshot();
    Reply insert = Import(mark, moves, "");
    CHECK(insert.Json()["imported"] == 0);
    CHECK(insert.Json()["rejected"] == 5);
    CHECK(insert.Json()["errors"][0]["field"] == "email");
    CHECK(demo.Snapshot() == before);
}
