// CSV in and out: importing HubSpot and Salesforce exports (bad rows reported, good rows kept),
// strict imports, our export format, a lossless export/import round trip, the stage-history CSV.
#include <doctest/doctest.h>
#include <set>

#include "server_process.h"

using namespace tandem::test;

namespace {

const std::vector<std::string> kExportHeader = {
    "id", "email", "name", "company", "title", "industry", "company_size", "country", "phone", "source",
    "campaign", "owner", "created_at", "budget_usd", "authority", "need", "timeline_months",
    "page_views", "downloads", "webinars_attended", "email_clicks", "demo_requested", "last_activity_at",
    "stage", "deal_value", "score", "level", "crm_source", "crm_id",
};

Reply Import(const ApiClient& client, const std::string& csv, const std::string& query = {}) {
    return client.Send("POST", "/api/leads/import" + query, csv, "text/csv");
}

nlohmann::json Find(const ApiClient& client, const std::string& email) {
    std::vector<nlohmann::json> found = AllLeads(client, "q=" + UrlEncode(email));
    REQUIRE(found.size() == 1);
    return found[0];
}

nlohmann::json RowError(int row, int line, const std::string& field) { return {{"row", row}, {"line", line}, {"field", field}}; }

// The errors of a report without their messages, which are for people.
nlohmann::json ErrorsWithoutMessages(const nlohmann::json& report) {
    nlohmann::json errors = nlohmann::json::array();
    for (nlohmann::json error : report["errors"]) {
        CHECK(error["message"].get<std::string>() != "");
        error.erase("message");
        errors.push_back(error);
    }
    return errors;
}

// A lead as the round trip must keep it: all but what the server assigns or recomputes.
nlohmann::json Portable(nlohmann::json lead) {
    for (const char* key : {"id", "score", "revision", "updated_at"}) lead.erase(key);
    return lead;
}

}  // namespace

TEST_CASE("a HubSpot export imports with its column names; bad rows are reported by row while good rows import") {
    DemoServer demo;
    ApiClient mark = demo.As("mark");
    std::size_t before = AllLeads(mark).size();
    // As HubSpot writes it: a BOM, its own column names and vocabulary, a quoted comma.
    std::string csv =
        "\xEF\xBB\xBF" "Record ID,First Name,Last Name,Email,Company Name,Job Title,Phone Number,Original Source,"
        "Lifecycle Stage,Create Date,Number of Employees,Country/Region,Industry\r\n"
        "101,Hana,Ube,Hana.Ube@Acme.io,\"Acme, Inc.\",CTO,+1 555 0101,Organic Search,lead,2026-01-15 10:30,120,US,software\r\n"
        "102,Bad,Address,not-an-email,Acme,,,Paid Search,lead,,,,\r\n"
        "103,Ivo,Vale,ivo@globex.io,Globex,VP Sales,,Paid Social,customer,2026-02-01T08:00:00Z,\"1,200\",DE,retail\r\n"
        "104,Nan,Count,nan@globex.io,Globex,,,Referrals,lead,,twelve,,\r\n"
        "105,Ola,Nord,ola@initech.io,Initech,,,Direct Traffic,,,,,\r\n";
    Reply imported = Import(mark, csv);
    REQUIRE(imported.status == 200);
    nlohmann::json report = imported.Json();
    CHECK(report["rows"] == 5);
    CHECK(report["imported"] == 3);
    CHECK(report["rejected"] == 2);
    CHECK(report["strict"] == false);
    CHECK(report["ignored_columns"] == nlohmann::json::array());   // Record ID is the lead's crm_id
    CHECK(ErrorsWithoutMessages(report) == nlohmann::json::array({RowError(2, 3, "Email"), RowError(4, 5, "Number of Employees")}));
    CHECK(AllLeads(mark).size() == before + 3);

    nlohmann::json hana = Find(mark, "hana.ube@acme.io");
    CHECK(hana["name"] == "Hana Ube");
    CHECK(hana["company"] == "Acme, Inc.");
    CHECK(hana["title"] == "CTO");
    CHECK(hana["phone"] == "+1 555 0101");
    CHECK(hana["source"] == "website");
    CHECK(hana["created_at"] == "2026-01-15T10:30:00Z");
    CHECK(hana["company_size"] == 120);
    CHECK(hana["country"] == "US");
    CHECK(hana["industry"] == "software");
    CHECK(hana["stage"] == "new");
    nlohmann::json hana_history = mark.Get("/api/leads/" + std::to_string(hana["id"].get<std::int64_t>()) + "/history").Json()["items"];
    REQUIRE(hana_history.size() == 1);
    CHECK(hana_history[0]["reason"] == "imported");
    CHECK(hana_history[0]["by"] == demo.IdOf("mark"));
    CHECK(hana_history[0]["at"] == "2026-01-15T10:30:00Z");

    nlohmann::json ivo = Find(mark, "ivo@globex.io");
    CHECK(ivo["source"] == "social");
    CHECK(ivo["stage"] == "won");   // a HubSpot customer
    CHECK(ivo["company_size"] == 1200);
    CHECK(Find(mark, "ola@initech.io")["source"] == "website");
    CHECK(AllLeads(mark, "q=nan%40globex.io").empty());
}

TEST_CASE("a Salesforce export imports with its column names and US dates") {
    DemoServer demo;
    ApiClient maya = demo.As("maya");
    std::size_t before = AllLeads(maya).size();
    std::string csv =
        "Lead ID,First Name,Last Name,Email,Company,Title,Lead Source,Lead Status,Phone,Mobile,No. of Employees,"
        "Created Date,Country\n"
        "00Q1,Sal,Force,sal@umbrella.com,Umbrella,VP Sales,Trade Show,Open,,+44 20 7946 0018,300,1/15/2026 10:30 AM,GB\n"
        "00Q2,Pat,Lane,pat@umbrella.com,Umbrella,,Web,Working,+1 555 0102,,,12/31/2025,US\n"
        "00Q3,Bad,Date,bad.date@umbrella.com,Umbrella,,Partner Referral,Open,,,,13/45/2026,US\n"
        "00Q4,Dup,Row,sal@umbrella.com,Umbrella,,Web,Open,,,,,US\n";
    Reply imported = Import(maya, csv);
    REQUIRE(imported.status == 200);
    nlohmann::json report = imported.Json();
    CHECK(report["rows"] == 4);
    CHECK(report["imported"] == 2);
    CHECK(report["rejected"] == 2);
    CHECK(report["ignored_columns"] == nlohmann::json::array());   // Lead ID is the crm_id, Lead Status the stage
    nlohmann::json errors = ErrorsWithoutMessages(report);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0] == RowError(3, 4, "Created Date"));
    CHECK(errors[1]["row"] == 4);   // the same address twice in one file
    CHECK(errors[1]["line"] == 5);
    CHECK(AllLeads(maya).size() == before + 2);

    nlohmann::json sal = Find(maya, "sal@umbrella.com");
    CHECK(sal["name"] == "Sal Force");
    CHECK(sal["source"] == "event");
    CHECK(sal["phone"] == "+44 20 7946 0018");   // the mobile, as there is no phone
    CHECK(sal["company_size"] == 300);
    CHECK(sal["created_at"] == "2026-01-15T10:30:00Z");
    nlohmann::json pat = Find(maya, "pat@umbrella.com");
    CHECK(pat["source"] == "website");
    CHECK(pat["phone"] == "+1 555 0102");
    CHECK(pat["created_at"] == "2025-12-31T00:00:00Z");
}

TEST_CASE("a strict import with one bad row imports nothing and answers 422 with the report") {
    DemoServer demo;
    ApiClient mark = demo.As("mark");
    std::size_t before = AllLeads(mark).size();
    std::string good = "Email,Name,Company Size\r\nstrict1@example.com,One,10\r\nstrict2@example.com,Two,20\r\nstrict3@example.com,Three,30\r\n";
    // The bad row comes last, after the good ones would have been written.
    Reply refused = Import(mark, good + "strict4@example.com,Four,many\r\n", "?strict=true");
    CHECK(refused.status == 422);
    CHECK(refused.Header("Content-Type") == "application/json");
    nlohmann::json body = refused.Json();
    CHECK(body.size() == 2);
    CHECK(body["error"]["code"] == "invalid");
    CHECK(body["error"]["field"] == "file");
    CHECK(body["error"]["message"].get<std::string>() != "");
    CHECK(body["report"]["rows"] == 4);
    CHECK(body["report"]["imported"] == 0);
    CHECK(body["report"]["rejected"] == 1);
    CHECK(body["report"]["strict"] == true);
    CHECK(ErrorsWithoutMessages(body["report"]) == nlohmann::json::array({RowError(4, 5, "Company Size")}));
    CHECK(AllLeads(mark).size() == before);
    CHECK(AllLeads(mark, "q=strict").empty());

    // Without the bad row the same strict import goes through; ?strict alone means true.
    Reply accepted = Import(mark, good, "?strict");
    REQUIRE(accepted.status == 200);
    CHECK(accepted.Json()["imported"] == 3);
    CHECK(accepted.Json()["strict"] == true);
    CHECK(AllLeads(mark).size() == before + 3);
    // Importing it again: every row is a duplicate now, and strict refuses the whole file.
    Reply again = Import(mark, good + "strict5@example.com,Five,50\r\n", "?strict=1");
    CHECK(again.status == 422);
    CHECK(again.Json()["report"]["imported"] == 0);
    CHECK(AllLeads(mark).size() == before + 3);
    // Every malformed row is reported, not only the first.
    Reply two_bad = Import(mark, "Email,Company Size\r\nx1@example.com,1\r\nbad-one,2\r\nx2@example.com,lots\r\n", "?strict=true");
    CHECK(two_bad.status == 422);
    CHECK(ErrorsWithoutMessages(two_bad.Json()["report"]) ==
          nlohmann::json::array({RowError(2, 3, "Email"), RowError(3, 4, "Company Size")}));
    CHECK(AllLeads(mark).size() == before + 3);
    CHECK(ErrorOf(Import(mark, good, "?strict=sometimes")) == ApiError{400, "bad_request", "strict"});
}

TEST_CASE("an import that is not CSV, has no email column or comes from the wrong role changes nothing") {
    DemoServer demo;
    ApiClient mark = demo.As("mark");
    std::size_t before = AllLeads(mark).size();
    std::string csv = "Email\r\nwrong-type@example.com\r\n";
    CHECK(ErrorOf(mark.Send("POST", "/api/leads/import", csv, "application/json")) == ApiError{415, "unsupported_media_type"});
    // (text/plain and application/vnd.ms-excel are CSV too: test_import_crm.cpp.)
    CHECK(ErrorOf(mark.Send("POST", "/api/leads/import", csv, "multipart/form-data; boundary=x")) ==
          ApiError{415, "unsupported_media_type"});
    CHECK(ErrorOf(Import(mark, "")) == ApiError{422, "invalid", "header"});
    CHECK(ErrorOf(Import(mark, "Name,Company\r\nNo Email,Acme\r\n")) == ApiError{422, "invalid", "header"});
    CHECK(ErrorOf(Import(mark, "Email,Name\r\n\"unterminated@example.com,Name\r\n")) == ApiError{422, "invalid", "line 2"});
    CHECK(ErrorOf(Import(demo.As("rita"), csv)) == ApiError{403, "forbidden"});
    CHECK(ErrorOf(Import(demo.Anonymous(), csv)) == ApiError{401, "unauthorized"});
    CHECK(AllLeads(mark).size() == before);
    // text/csv with a charset, and a header with nothing under it, are fine.
    Reply header_only = mark.Send("POST", "/api/leads/import", "Email,Name\r\n", "text/csv; charset=utf-8");
    CHECK(header_only.status == 200);
    CHECK(header_only.Json()["rows"] == 0);
    CHECK(header_only.Json()["imported"] == 0);
    CHECK(AllLeads(mark).size() == before);
}

TEST_CASE("the CSV export has our columns and one record per lead") {
    DemoServer demo;
    ApiClient rita = demo.As("rita");
    REQUIRE(rita.Post("/api/leads", {{"email", "quote@example.com"}, {"name", "Sam \"the deal\" O'Neil"},
                                      {"company", "Comma, Inc."}, {"title", "Line one\nline two"}}).status == 201);
    Reply exported = rita.Get("/api/leads/export.csv");
    REQUIRE(exported.status == 200);
    CHECK(exported.Header("Content-Type") == "text/csv; charset=utf-8");
    CHECK(exported.Header("Content-Disposition") == "attachment; filename=\"leads.csv\"");
    std::vector<std::vector<std::string>> records = ParseCsv(exported.body);
    REQUIRE(records.size() >= 1);
    CHECK(records[0] == kExportHeader);
    std::vector<nlohmann::json> leads = AllLeads(rita);
    REQUIRE(records.size() == leads.size() + 1);
    CHECK(leads.size() == 301);
    // Oldest first, each record the lead the API shows.
    for (std::size_t i = 1; i < records.size(); ++i) {
        const nlohmann::json& lead = leads[leads.size() - i];
        const std::vector<std::string>& record = records[i];
        INFO("record ", i);
        REQUIRE(record.size() == kExportHeader.size());
        CHECK(record[0] == std::to_string(lead["id"].get<std::int64_t>()));
        CHECK(record[1] == lead["email"]);
        CHECK(record[2] == lead["name"]);
        CHECK(record[3] == lead["company"]);
        CHECK(record[9] == lead["source"]);
        CHECK(record[12] == lead["created_at"]);
        CHECK(record[23] == lead["stage"]);
        CHECK(record[26] == lead["score"]["level"]);
    }
    CHECK(records.back()[2] == "Sam \"the deal\" O'Neil");
    CHECK(records.back()[3] == "Comma, Inc.");
    CHECK(records.back()[4] == "Line one\nline two");
}

TEST_CASE("exporting and re-importing into a fresh server gives the same leads") {
    DemoServer source;
    ApiClient mark = source.As("mark");
    // Text that CSV, spreadsheets and SQL each treat specially.
    const nlohmann::json tricky[] = {
        {{"email", "formula@example.com"}, {"name", "=HYPERLINK(\"http://evil.test\")"}, {"company", "@SUM(A1)"}, {"title", "-5"}},
        {{"email", "guarded@example.com"}, {"name", "'=already guarded"}, {"company", "+cmd"}, {"country", "Zürich 東京"}},
        {{"email", "bobby@example.com"}, {"name", "'; DROP TABLE leads; --"}, {"company", "Quote \"Co\", Ltd"},
         {"title", "two\nlines"}, {"created_at", "2026-01-02T03:04:05Z"}, {"last_activity_at", "2026-02-03T04:05:06Z"}},
        {{"email", "facts@example.com"}, {"authority", "influencer"}, {"need", "no"}, {"budget_usd", 0}, {"timeline_months", 0},
         {"company_size", 0}, {"demo_requested", true}, {"page_views", 3}, {"downloads", 2}, {"webinars_attended", 1},
         {"email_clicks", 7}, {"source", "referral"}, {"owner_id", 6}, {"campaign_id", 3}},
    };
    // An admin: only admins (and imports) set created_at, and giving a lead an owner is an assignment.
    for (const nlohmann::json& lead : tricky) REQUIRE(source.As("admin").Post("/api/leads", lead).status == 201);
    std::vector<nlohmann::json> original = AllLeads(mark);
    REQUIRE(original.size() == 304);
    Reply exported = mark.Get("/api/leads/export.csv");
    REQUIRE(exported.status == 200);

    // The same users and campaigns (the demo's), but no leads.
    DemoServer target(0);
    ApiClient importer = target.As("mark");
    REQUIRE(AllLeads(importer).empty());
    Reply imported = Import(importer, exported.body);
    REQUIRE(imported.status == 200);
    CHECK(imported.Json()["rows"] == 304);
    CHECK(imported.Json()["imported"] == 304);
    CHECK(imported.Json()["rejected"] == 0);
    CHECK(imported.Json()["ignored_columns"] == nlohmann::json::array({"id", "score", "level"}));

    std::map<std::string, nlohmann::json> copies;
    for (const nlohmann::json& lead : AllLeads(importer)) copies[lead["email"]] = Portable(lead);
    REQUIRE(copies.size() == original.size());
    for (const nlohmann::json& lead : original) {
        INFO(lead["email"].get<std::string>());
        auto copy = copies.find(lead["email"]);
        REQUIRE(copy != copies.end());
        CHECK(copy->second == Portable(lead));
    }
}

TEST_CASE("the stage-history CSV has one record per history row of every lead") {
    DemoServer demo(20);
    ApiClient sam = demo.As("sam");
    REQUIRE(sam.Post("/api/leads", {{"email", "history,\"quoted\"@example.com"}}).status == 422);
    Reply created = sam.Post("/api/leads", {{"email", "history@example.com"}});
    REQUIRE(created.status == 201);
    std::int64_t id = created.Json()["id"];
    REQUIRE(demo.As("admin").Post("/api/leads/" + std::to_string(id) + "/transitions",
                                  {{"to", "disqualified"}, {"reason", "student, \"just looking\""}, {"note", "line\nbreak"}})
                .status == 200);

    std::vector<nlohmann::json> rows;
    for (const nlohmann::json& lead : AllLeads(sam)) {
        nlohmann::json history = sam.Get("/api/leads/" + std::to_string(lead["id"].get<std::int64_t>()) + "/history").Json();
        for (const nlohmann::json& row : history["items"]) rows.push_back(row);
    }
    std::sort(rows.begin(), rows.end(), [](const nlohmann::json& a, const nlohmann::json& b) { return a["id"] < b["id"]; });
    CHECK(rows.size() > 21);

    Reply csv = sam.Get("/api/stage-history.csv");
    REQUIRE(csv.status == 200);
    CHECK(csv.Header("Content-Type") == "text/csv; charset=utf-8");
    CHECK(csv.Header("Content-Disposition") == "attachment; filename=\"stage-history.csv\"");
    std::vector<std::vector<std::string>> records = ParseCsv(csv.body);
    REQUIRE(records.size() == rows.size() + 1);
    CHECK(records[0] == std::vector<std::string>{"id", "lead_id", "from", "to", "at", "by", "reason", "note"});
    auto text = [](const nlohmann::json& value) {
        return value.is_null() ? std::string() : value.is_string() ? value.get<std::string>() : value.dump();
    };
    for (std::size_t i = 0; i < rows.size(); ++i) {
        INFO("row ", i);
        const nlohmann::json& row = rows[i];
        CHECK(records[i + 1] == std::vector<std::string>{text(row["id"]), text(row["lead_id"]), text(row["from"]), text(row["to"]),
                                                         text(row["at"]), text(row["by"]), text(row["reason"]), text(row["note"])});
    }
    CHECK(records.back()[6] == "student, \"just looking\"");
    CHECK(records.back()[7] == "line\nbreak");
}
