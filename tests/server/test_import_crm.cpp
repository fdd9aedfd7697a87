// Each CRM's default export, as the CRM (or Excel after it) writes it, imported through the API
// and through `tandem import`: the exact leads stored, read back over the API, and the exact
// report. The files are in tests/fixtures/crm/.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include "server_process.h"

using namespace tandem::test;

namespace {

std::string Fixture(const std::string& name) {
    std::ifstream file(std::string(TANDEM_SOURCE_DIR) + "/tests/fixtures/crm/" + name, std::ios::binary);
    REQUIRE(file);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

std::string FixturePath(const std::string& name) { return std::string(TANDEM_SOURCE_DIR) + "/tests/fixtures/crm/" + name; }

// A lead as the test expects it: its members to compare, "owner" as a demo user's handle (or
// null), and "imported_as", the stage of its first history row (the stage the import mapped;
// new, mql and sales_ready then follow the scoring definition).
void CheckLeads(DemoServer& demo, const std::vector<nlohmann::json>& expected) {
    ApiClient admin = demo.As("admin");
    for (const nlohmann::json& want : expected) {
        const std::string email = want["email"];
        CAPTURE(email);
        std::vector<nlohmann::json> found = AllLeads(admin, "q=" + UrlEncode(email));
        REQUIRE(found.size() == 1);
        const nlohmann::json& lead = found[0];
        for (const auto& [key, value] : want.items()) {
            CAPTURE(key);
            if (key == "owner") {
                CHECK(lead["owner_id"] == (value.is_null() ? nlohmann::json() : nlohmann::json(demo.IdOf(value))));
            } else if (key == "imported_as") {
                nlohmann::json history =
                    admin.Get("/api/leads/" + std::to_string(lead["id"].get<std::int64_t>()) + "/history").Json()["items"];
                REQUIRE(!history.empty());
                CHECK(history[0]["to"] == value);
                CHECK(history[0]["reason"] == "imported");
                CHECK(history[0]["at"] == lead["created_at"]);
            } else {
                CHECK(lead[key] == value);
            }
        }
    }
}

nlohmann::json Coerced(int row, int line, const std::string& column, const std::string& original,
                       const std::string& stored, const std::string& why) {
    return {{"row", row}, {"line", line}, {"column", column}, {"original", original}, {"stored", stored}, {"why", why}};
}

const std::string kRange = "a range: stored its lower bound";
const std::string kOpenRange = "an open range: stored its lower bound";
const std::string kNoUser = "no user with this email or name: left unassigned";

struct Case {
    std::string file;
    std::vector<std::pair<std::string, std::string>> options;   // API name, value; the CLI's are --name-with-dashes
    nlohmann::json report;
    std::vector<nlohmann::json> leads;
    int exit_code = 0;
    std::vector<std::string> output_lines;   // the CLI's report, line by line, among its output
};

std::string Query(const Case& c) {
    std::string query;
    for (const auto& [name, value] : c.options) query += (query.empty() ? "?" : "&") + name + "=" + UrlEncode(value);
    return query;
}

std::vector<std::string> CliArguments(const Case& c, const DemoServer& demo) {
    std::vector<std::string> args = {"import", FixturePath(c.file), "--db", demo.DbTarget()};
    for (const auto& [name, value] : c.options) {
        std::string flag = "--" + name;
        std::replace(flag.begin(), flag.end(), '_', '-');
        args.push_back(flag);
        args.push_back(value);
    }
    return args;
}

// What every report of an import in the default mode (insert) says besides: nothing updated.
nlohmann::json InsertMode(nlohmann::json report) {
    report.update({{"mode", "insert"}, {"updated", 0}, {"unchanged", 0}, {"stages_kept", 0},
                   {"kept_stages", nlohmann::json::array()}});
    return report;
}

// A fixture's few rows go in one batch, the server's first import, which ends with a good row; the
// rest of the report is the fixture's.
nlohmann::json OneBatch(nlohmann::json report) {
    CHECK(report["dry_run"] == false);
    CHECK(report["import_id"] == 1);
    CHECK(report["batches"] == 1);
    CHECK(report["committed_rows"] == report["rows"]);
    CHECK(report["longest_batch_ms"].get<double>() >= 0);
    for (const char* key : {"dry_run", "import_id", "batches", "committed_rows", "committed_line", "longest_batch_ms"})
        report.erase(key);
    return report;
}

// Through the API on one server, through the CLI on another: the same leads either way.
void ImportBothWays(const Case& c) {
    {
        DemoServer demo(20);
        Reply reply = demo.As("mark").Send("POST", "/api/leads/import" + Query(c), Fixture(c.file), "text/csv");
        REQUIRE(reply.status == 200);
        CHECK(OneBatch(reply.Json()) == InsertMode(c.report));
        CheckLeads(demo, c.leads);
    }
    {
        DemoServer demo(20);
        CommandResult result = RunTandem(CliArguments(c, demo));
        CAPTURE(result.output);
        CHECK(result.exit_code == c.exit_code);
        const std::string summary = "imported " + std::to_string(c.report["imported"].get<int>()) + " of " +
                                    std::to_string(c.report["rows"].get<int>()) + " rows in ";
        CHECK(result.output.find(summary) != std::string::npos);
        for (const std::string& line : c.output_lines) {
            CAPTURE(line);
            CHECK(result.output.find(line + "\n") != std::string::npos);
        }
        CheckLeads(demo, c.leads);
    }
}

}  // namespace

TEST_CASE("a HubSpot contacts export imports with its ranges, lifecycle stages, owners and portal time zone") {
    Case c;
    c.file = "hubspot_contacts.csv";
    c.options = {{"timezone", "America/New_York"}};
    c.report = {
        {"rows", 5}, {"imported", 5}, {"rejected", 0}, {"skipped", 0}, {"coerced", 5}, {"strict", false},
        {"encoding", "utf-8"}, {"encoding_from", "byte order mark"}, {"delimiter", "comma"}, {"date_order", "mdy"},
        {"date_order_from", "default"}, {"time_zone", "America/New_York"},
        {"ignored_columns", {"Annual Revenue"}},   // Record ID is the lead's crm_id
        {"coercions",
         {Coerced(1, 2, "Number of Employees", "100-500", "100", kRange),
          Coerced(2, 3, "Number of Employees", "1000+", "1000", kOpenRange),
          Coerced(3, 4, "Contact owner", "someone@elsewhere.example", "", kNoUser),
          Coerced(5, 6, "Number of Employees", "11-50", "11", kRange),
          Coerced(5, 6, "Original Source", "Podcast", "other", "unknown source")}},
        {"errors", nlohmann::json::array()},
    };
    c.leads = {
        {{"email", "hana.ube@acme-hs.example"}, {"crm_source", "hubspot"}, {"crm_id", "51001"}, {"name", "Hana Ube"}, {"company", "Acme, Inc."}, {"title", "CTO"},
         {"industry", "Computer Software"}, {"company_size", 100}, {"country", "United States"},
         {"phone", "+1 617 555 0101"}, {"source", "website"}, {"owner", "rita"}, {"page_views", 42},
         {"last_activity_at", "2024-03-20T13:15:00Z"},   // EDT from March 10
         {"created_at", "2024-03-01T19:30:00Z"},         // EST
         {"imported_as", "mql"}},
        {{"email", "ivo.vale@globex-hs.example"}, {"company", "Globex"}, {"company_size", 1000}, {"stage", "won"},
         {"owner", "raj"}, {"source", "social"}, {"page_views", 7}, {"last_activity_at", "2024-02-02T22:45:00Z"},
         {"created_at", "2024-01-10T13:00:00Z"}, {"imported_as", "won"}},
        // 01:30 on the night clocks go back happens twice: the first (EDT) one.
        {{"email", "ola.nord@initech-hs.example"}, {"company_size", 1200}, {"owner", nullptr}, {"source", "website"},
         {"created_at", "2024-11-03T05:30:00Z"}, {"imported_as", "new"}},
        // 02:30 on the night clocks go forward does not exist: read with the offset before (EST).
        {{"email", "pia.sol@hooli-hs.example"}, {"company_size", nullptr}, {"stage", "sql"}, {"owner", nullptr},
         {"source", "event"}, {"created_at", "2024-03-10T07:30:00Z"}, {"imported_as", "sql"}},
        {{"email", "quinn.ray@pied-hs.example"}, {"company_size", 11}, {"stage", "won"}, {"source", "other"},
         {"created_at", "2024-06-15T16:00:00Z"}},
    };
    c.output_lines = {
        "read as utf-8 (byte order mark), comma-separated, dates mdy (default), times in America/New_York",
        "row 1 (line 2): Number of Employees: '100-500' stored as '100': a range: stored its lower bound",
        "row 3 (line 4): Contact owner: 'someone@elsewhere.example' stored as '': " + kNoUser,
        "ignored columns: Annual Revenue",
    };
    ImportBothWays(c);
}

TEST_CASE("a Salesforce leads report imports day-first dates and Company / Account, and its footer is skipped") {
    Case c;
    c.file = "salesforce_leads_report.csv";
    c.report = {
        {"rows", 4}, {"imported", 4}, {"rejected", 0}, {"skipped", 9}, {"coerced", 1}, {"strict", false},
        {"encoding", "utf-8"}, {"encoding_from", "content"}, {"delimiter", "comma"}, {"date_order", "dmy"},
        {"date_order_from", "file"}, {"time_zone", "UTC"}, {"ignored_columns", nlohmann::json::array()},
        {"coercions", {Coerced(3, 4, "Lead Owner", "Jane Admin", "", kNoUser)}},
        {"errors", nlohmann::json::array()},
    };
    c.leads = {
        {{"email", "sal.force@umbrella-sf.example"}, {"crm_source", ""}, {"crm_id", ""}, {"name", "Sal Force"}, {"company", "Umbrella Corp"},
         {"title", "VP Sales"}, {"industry", "Biotechnology"}, {"company_size", 1200}, {"country", "United Kingdom"},
         {"phone", "+44 20 7946 0018"}, {"source", "event"}, {"stage", "opportunity"}, {"owner", "rita"},
         {"created_at", "2024-03-25T00:00:00Z"}, {"imported_as", "opportunity"}},
        // 05/03/2024 is March 5: the file's 25/03/2024 proved the order.
        {{"email", "pat.lane@wayne-sf.example"}, {"company", "Wayne Enterprises"}, {"company_size", 300},
         {"stage", "sql"}, {"owner", "raj"}, {"source", "website"}, {"created_at", "2024-03-05T00:00:00Z"}},
        {{"email", "kim.moss@stark-sf.example"}, {"company", "Stark Industries"}, {"stage", "disqualified"},
         {"owner", nullptr}, {"source", "referral"}, {"created_at", "2024-02-14T00:00:00Z"}},
        {{"email", "lou.reed@cyberdyne-sf.example"}, {"company", "Cyberdyne"}, {"owner", "rita"},
         {"source", "outbound"}, {"created_at", "2023-12-01T00:00:00Z"}, {"imported_as", "new"}},
    };
    c.output_lines = {
        "read as utf-8 (content), comma-separated, dates dmy (file), times in UTC",
        "row 3 (line 4): Lead Owner: 'Jane Admin' stored as '': " + kNoUser,
    };
    ImportBothWays(c);
}

TEST_CASE("a Salesforce Data Export Lead.csv imports its API names, with a stage map for converted leads") {
    Case c;
    c.file = "salesforce_data_export_Lead.csv";
    c.options = {{"stage_map", "Closed - Converted=won"}};
    c.report = {
        {"rows", 2}, {"imported", 2}, {"rejected", 0}, {"skipped", 0}, {"coerced", 2}, {"strict", false},
        {"encoding", "utf-8"}, {"encoding_from", "content"}, {"delimiter", "comma"}, {"date_order", "mdy"},
        {"date_order_from", "default"}, {"time_zone", "UTC"},
        {"ignored_columns", {"IsDeleted", "Salutation", "IsConverted"}},
        {"coercions", {Coerced(1, 2, "OwnerId", "0055g00000XyZaBAAV", "", kNoUser),
                       Coerced(2, 3, "OwnerId", "0055g00000XyZaBAAV", "", kNoUser)}},
        {"errors", nlohmann::json::array()},
    };
    c.leads = {
        {{"email", "linh.nguyen@soylent-sf.example"}, {"crm_source", "salesforce"}, {"crm_id", "00Q5g00000AAAA1EAA"}, {"name", "Linh Nguyen"}, {"company", "Soylent Corp"},
         {"title", "Head of IT"}, {"industry", "Food & Beverage"}, {"company_size", 250}, {"country", "USA"},
         {"phone", "+1 415 555 0199"}, {"source", "website"}, {"stage", "won"}, {"owner", nullptr},
         {"created_at", "2024-03-25T14:05:09Z"}},
        {{"email", "chidi.okafor@goodplace-sf.example"}, {"company", "Good Place Inc"}, {"company_size", nullptr},
         {"source", "referral"}, {"created_at", "2023-12-31T23:59:59Z"}, {"imported_as", "new"}},
    };
    c.output_lines = {"row 2 (line 3): OwnerId: '0055g00000XyZaBAAV' stored as '': " + kNoUser,
                      "ignored columns: IsDeleted, Salutation, IsConverted"};
    ImportBothWays(c);
}

TEST_CASE("a Pipedrive leads export saved by Excel as Unicode text (UTF-16LE, tabs) imports in the user's time zone") {
    Case c;
    c.file = "pipedrive_leads_utf16le.csv";
    c.options = {{"timezone", "Europe/Paris"}};
    c.report = {
        {"rows", 3}, {"imported", 3}, {"rejected", 0}, {"skipped", 0}, {"coerced", 1}, {"strict", false},
        {"encoding", "utf-16le"}, {"encoding_from", "byte order mark"}, {"delimiter", "tab"}, {"date_order", "mdy"},
        {"date_order_from", "default"}, {"time_zone", "Europe/Paris"},
        {"ignored_columns", {"Lead - Title", "Lead - Value"}},
        {"coercions", {Coerced(3, 4, "Lead - Owner", "Unknown Person", "", kNoUser)}},
        {"errors", nlohmann::json::array()},
    };
    c.leads = {
        {{"email", "ada@analytical-pd.example"}, {"crm_source", ""}, {"crm_id", ""}, {"name", "Ada Byron"}, {"company", "Analytical Engines Ltd"},
         {"title", "Engineer"}, {"phone", "+44 20 1234 5678"}, {"source", "website"}, {"owner", "sam"},
         {"created_at", "2024-03-25T13:05:09Z"}, {"imported_as", "sales_ready"}},
        {{"email", "bob@globex-pd.example"}, {"name", "Bob Dole"}, {"company", "Globex"}, {"owner", "raj"},
         {"source", "outbound"}, {"created_at", "2024-07-01T07:00:00Z"}, {"imported_as", "new"}},
        {{"email", "cy@initech-pd.example"}, {"company", "Initech"}, {"owner", nullptr}, {"source", "other"},
         {"created_at", "2024-12-24T17:30:00Z"}, {"imported_as", "mql"}},
    };
    c.output_lines = {"read as utf-16le (byte order mark), tab-separated, dates mdy (default), times in Europe/Paris"};
    ImportBothWays(c);
}

TEST_CASE("a Zoho leads export saved by European Excel (semicolons, Windows-1252, day first) imports unmangled") {
    Case c;
    c.file = "zoho_leads_excel_semicolon_cp1252.csv";
    c.options = {{"timezone", "Europe/Paris"}};
    c.report = {
        {"rows", 3}, {"imported", 3}, {"rejected", 0}, {"skipped", 0}, {"coerced", 1}, {"strict", false},
        {"encoding", "windows-1252"}, {"encoding_from", "content"}, {"delimiter", "semicolon"}, {"date_order", "dmy"},
        {"date_order_from", "file"}, {"time_zone", "Europe/Paris"},
        {"ignored_columns", {"Annual Revenue"}},
        {"coercions", {Coerced(2, 3, "No. of Employees", "501-1000", "501", kRange)}},
        {"errors", nlohmann::json::array()},
    };
    c.leads = {
        {{"email", "emile.zola@socgen-zo.example"}, {"crm_source", "zoho"}, {"crm_id", "zcrm_4876000000123001"}, {"name", "\xC3\x89mile Zola"},
         {"company", "Soci\xC3\xA9t\xC3\xA9 G\xC3\xA9n\xC3\xA9rale"}, {"title", "Directeur"}, {"industry", "Banking"},
         {"company_size", 1200}, {"country", "France"}, {"phone", "+33 1 42 14 20 00"}, {"source", "event"},
         {"stage", "sql"}, {"owner", "maya"}, {"created_at", "2024-03-25T13:05:00Z"}},
        {{"email", "greta.keller@zurich-zo.example"}, {"company", "Z\xC3\xBCrich Versicherung"}, {"company_size", 501},
         {"owner", "raj"}, {"source", "content_download"}, {"created_at", "2024-03-05T08:30:00Z"},
         {"imported_as", "mql"}},
        {{"email", "lars.berg@nordic-zo.example"}, {"stage", "disqualified"}, {"owner", nullptr}, {"source", "outbound"},
         {"created_at", "2024-01-12T07:00:00Z"}},
    };
    c.output_lines = {"read as windows-1252 (content), semicolon-separated, dates dmy (file), times in Europe/Paris"};
    ImportBothWays(c);
}

TEST_CASE("invalid UTF-8 in a UTF-8 file refuses its row by number and is never stored") {
    Case c;
    c.file = "utf8_with_invalid_bytes.csv";
    c.report = {
        {"rows", 3}, {"imported", 2}, {"rejected", 1}, {"skipped", 0}, {"coerced", 0}, {"strict", false},
        {"encoding", "utf-8"}, {"encoding_from", "content"}, {"delimiter", "comma"}, {"date_order", "mdy"},
        {"date_order_from", "default"}, {"time_zone", "UTC"}, {"ignored_columns", {"City"}},
        {"coercions", nlohmann::json::array()},
        {"errors",
         {{{"row", 2}, {"line", 3}, {"field", "Company"},
           {"message", "not UTF-8 (byte 4 of the cell); save the file as UTF-8 or import it with encoding windows-1252"}}}},
    };
    c.leads = {{{"email", "anna@zuerich-bad.example"}, {"company", "Z\xC3\xBCrich AG"}},
               {{"email", "beat@zuerich-bad.example"}, {"company", "Frei & Co"}}};
    c.exit_code = 1;
    c.output_lines = {"row 2 (line 3): Company: not UTF-8 (byte 4 of the cell); save the file as UTF-8 or import it "
                      "with encoding windows-1252"};
    ImportBothWays(c);

    // Told the file is Windows-1252, every byte is a character: the row imports (and the UTF-8
    // "ü" reads as two characters, as the user asked).
    DemoServer demo(20);
    ApiClient mark = demo.As("mark");
    Reply reply = mark.Send("POST", "/api/leads/import?encoding=windows-1252", Fixture(c.file), "text/csv");
    REQUIRE(reply.status == 200);
    CHECK(reply.Json()["imported"] == 3);
    CHECK(reply.Json()["encoding_from"] == "option");
    CheckLeads(demo, {{{"email", "bad.byte@zuerich-bad.example"}, {"company", "Caf\xC3\xA9 Central"}},
                      {{"email", "anna@zuerich-bad.example"}, {"company", "Z\xC3\x83\xC2\xBCrich AG"}}});
}

TEST_CASE("what Windows and other tools send for a .csv is accepted; bad import options are refused by name") {
    DemoServer demo(20);
    ApiClient mark = demo.As("mark");
    for (const char* type : {"application/vnd.ms-excel", "Text/Plain; charset=utf-8"}) {
        CAPTURE(type);
        const std::string email = std::string("typed-") + (type[0] == 'a' ? "excel" : "plain") + "@example.com";
        Reply reply = mark.Send("POST", "/api/leads/import", "Email\r\n" + email + "\r\n", type);
        REQUIRE(reply.status == 200);
        CHECK(reply.Json()["imported"] == 1);
        CHECK(AllLeads(mark, "q=" + UrlEncode(email)).size() == 1);
    }
    const std::size_t before = AllLeads(mark).size();
    const std::string csv = "Email\r\nnever@example.com\r\n";
    const std::pair<std::string, std::string> bad[] = {
        {"timezone", "Mars/Olympus_Mons"}, {"timezone", "../../etc/passwd"}, {"date_order", "ydm"},
        {"encoding", "ebcdic"},           {"delimiter", "colon"},          {"stage_map", "Closed - Converted"},
        {"stage_map", "Closed=finished"},
    };
    for (const auto& [name, value] : bad) {
        CAPTURE(name);
        CAPTURE(value);
        Reply reply = mark.Send("POST", "/api/leads/import?" + name + "=" + UrlEncode(value), csv, "text/csv");
        CHECK(ErrorOf(reply) == ApiError{400, "bad_request", name});
    }
    CHECK(AllLeads(mark).size() == before);
    // The CLI names the option.
    CommandResult cli = RunTandemWithInput({"import", "-", "--db", demo.DbTarget(), "--date-order", "ydm"}, csv);
    CHECK(cli.exit_code == 2);
    CHECK(cli.output.find("--date-order: unknown date order 'ydm' (dmy, mdy, ymd)") != std::string::npos);
    CHECK(AllLeads(mark).size() == before);
}

TEST_CASE("a campaign column names an existing campaign; an unknown name is reported and left empty") {
    DemoServer demo(20);
    ApiClient mark = demo.As("mark");
    nlohmann::json campaign = mark.Get("/api/campaigns").Json()["items"][0];
    const std::string name = campaign["name"];
    const std::string csv = "Email,Campaign\r\ncamp-known@example.com,\"" + name + "\"\r\ncamp-unknown@example.com,Nope 2099\r\n";
    Reply reply = mark.Send("POST", "/api/leads/import", csv, "text/csv");
    REQUIRE(reply.status == 200);
    CHECK(reply.Json()["imported"] == 2);
    CHECK(reply.Json()["coercions"] ==
          nlohmann::json::array({Coerced(2, 3, "Campaign", "Nope 2099", "", "no campaign with this name: left empty")}));
    CHECK(AllLeads(mark, "q=camp-known%40example.com")[0]["campaign_id"] == campaign["id"]);
    CHECK(AllLeads(mark, "q=camp-unknown%40example.com")[0]["campaign_id"] == nullptr);
}
