// Importing leads into PostgreSQL: a CRM export and a file with taken, repeated and invalid rows
// give the same report and the same leads as on SQLite (a refused row must not abort the rest of
// its batch, as a failed statement would on PostgreSQL), and the API's next lead follows them.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "real_parts.h"
#include "server_process.h"

using namespace tandem::test;

namespace {

constexpr int kDemoLeads = 40;

std::string Fixture(const std::string& name) {
    std::ifstream file(std::string(TANDEM_SOURCE_DIR) + "/tests/fixtures/crm/" + name, std::ios::binary);
    REQUIRE(file);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// The members that follow the clock (each server imports at its own second) taken out.
nlohmann::json Timeless(nlohmann::json value) {
    if (value.is_object()) {
        for (auto it = value.begin(); it != value.end();) {
            if (it.key().ends_with("_at") || it.key() == "longest_batch_ms") it = value.erase(it);
            else {
                *it = Timeless(*it);
                ++it;
            }
        }
    } else if (value.is_array()) {
        for (nlohmann::json& item : value) item = Timeless(item);
    }
    return value;
}

// Engagement decays with the time since a lead's last activity, so of the score only what the
// clock leaves alone: the fit and the level.
std::vector<nlohmann::json> TimelessLeads(DemoServer& demo) {
    std::vector<nlohmann::json> leads;
    for (nlohmann::json lead : AllLeads(demo.As("admin"))) {
        lead["score"] = {{"fit", lead["score"]["fit"]}, {"level", lead["score"]["level"]}};
        leads.push_back(Timeless(lead));
    }
    return leads;
}

nlohmann::json Refused(int row, const std::string& field, const std::string& message) {
    return {{"row", row}, {"line", row + 1}, {"field", field}, {"message", message}};
}

std::string Taken(const std::string& email) {
    return "a lead with this email exists: " + email + " (import with mode upsert to update it)";
}

}  // namespace

TEST_CASE("import into PostgreSQL: taken, repeated and invalid rows are refused alone, as on SQLite") {
    PostgresCluster cluster;
    DemoServer pg(kDemoLeads, {"--db", cluster.CreateDatabase("imported")});
    DemoServer reference(kDemoLeads);   // the run's engine: SQLite under `server`
    const std::string taken = AllLeads(reference.As("admin")).back()["email"];
    const std::string csv = "email,name,company\r\n"
                            "ann@acme.example,Ann Lee,Acme\r\n"
                            "bob@acme.example,Bob Stone,Acme\r\n"
                            "ann@acme.example,Ann Again,Acme\r\n" +
                            taken + ",Someone Else,Elsewhere\r\n"
                            "not-an-email,Quinn Q,Q Corp\r\n"
                            "cy@acme.example,Cy Young,Acme\r\n";
    Reply on_pg = pg.As("mark").Send("POST", "/api/leads/import", csv, "text/csv");
    Reply on_reference = reference.As("mark").Send("POST", "/api/leads/import", csv, "text/csv");
    REQUIRE_MESSAGE(on_pg.status == 200, on_pg.body);
    REQUIRE_MESSAGE(on_reference.status == 200, on_reference.body);
    nlohmann::json report = on_pg.Json();
    CHECK(report["rows"] == 6);
    CHECK(report["imported"] == 3);
    CHECK(report["rejected"] == 3);
    REQUIRE(report["errors"].size() == 3);
    // The invalid row is refused as the file is read, before its batch is written.
    CHECK(report["errors"][0] == Refused(5, "email", "not an address: 'not-an-email'"));
    CHECK(report["errors"][1] == Refused(3, "email", Taken("ann@acme.example")));
    CHECK(report["errors"][2] == Refused(4, "email", Taken(taken)));
    CHECK(Timeless(report) == Timeless(on_reference.Json()));

    // A CRM's export, twice: the second time every row is refused, and nothing else changes.
    for (int time = 1; time <= 2; ++time) {
        CAPTURE(time);
        Reply crm_pg = pg.As("mark").Send("POST", "/api/leads/import", Fixture("hubspot_contacts.csv"), "text/csv");
        Reply crm_reference = reference.As("mark").Send("POST", "/api/leads/import", Fixture("hubspot_contacts.csv"), "text/csv");
        REQUIRE_MESSAGE(crm_pg.status == 200, crm_pg.body);
        CHECK(Timeless(crm_pg.Json()) == Timeless(crm_reference.Json()));
        if (time == 2) CHECK(crm_pg.Json()["imported"] == 0);
        if (time == 2) CHECK(crm_pg.Json()["rejected"] == crm_pg.Json()["rows"]);
    }
    const std::vector<nlohmann::json> leads = TimelessLeads(pg);
    CHECK(leads == TimelessLeads(reference));

    // The identity sequence is where the imported rows left it: the API's next lead follows them.
    Reply created = pg.As("maya").Post("/api/leads", {{"email", "dee@acme.example"}, {"name", "Dee Ford"}});
    REQUIRE_MESSAGE(created.status == 201, created.body);
    CHECK(created.Json()["id"] == static_cast<std::int64_t>(leads.size()) + 1);
}

TEST_CASE("tandem import into PostgreSQL: the same summary as into a SQLite file") {
    PostgresCluster cluster;
    TempDir dir;
    const std::string file = (dir / "leads.csv").string();
    std::ofstream(file, std::ios::binary) << Fixture("salesforce_data_export_Lead.csv");
    CommandResult into_pg = RunTandem({"import", "--db", cluster.CreateDatabase("cli"), file});
    CommandResult into_sqlite = RunTandem({"import", "--db", (dir / "tandem.db").string(), file});
    CAPTURE(into_pg.output);
    CHECK(into_pg.exit_code == into_sqlite.exit_code);
    auto summary = [](const std::string& output) { return output.substr(0, output.find(" rows in ")); };
    CHECK(summary(into_pg.output) == summary(into_sqlite.output));
    CHECK(into_pg.output.find("imported ") != std::string::npos);
}
