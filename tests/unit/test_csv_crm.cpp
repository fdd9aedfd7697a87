// CSV from CRMs: other delimiters, Pipedrive's, Salesforce's and Zoho's column names, values stored
// other than as written (reported), lookups of owners and campaigns, and a header of a million
// columns.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tandem/codec.h"
#include "tandem/csv.h"

using tandem::Coercion;
using tandem::CsvReader;
using tandem::Lead;
using tandem::LeadColumns;
using tandem::LeadImportRules;

namespace {

std::vector<std::vector<std::string>> ReadAll(std::string_view text, char delimiter) {
    std::vector<std::vector<std::string>> records;
    CsvReader reader([&](std::vector<std::string>& fields, std::size_t) { records.push_back(fields); }, delimiter);
    reader.Feed(text);
    reader.Finish();
    return records;
}

struct Imported {
    Lead lead;
    std::vector<Coercion> coerced;
};

Imported ImportWith(std::string_view text, const LeadImportRules& rules, char delimiter = ',') {
    std::vector<std::vector<std::string>> records = ReadAll(text, delimiter);
    REQUIRE(records.size() == 2);
    LeadColumns columns(records[0]);
    Imported result;
    result.lead = columns.ToLead(records[1], 1000, rules, &result.coerced);
    return result;
}

}  // namespace

TEST_CASE("CSV reader splits on a semicolon or a tab when told, and quotes still protect them") {
    CHECK(ReadAll("a;\"b;c\";d\r\n", ';') == std::vector<std::vector<std::string>>{{"a", "b;c", "d"}});
    CHECK(ReadAll("a\t\"b\tc\"\t\n", '\t') == std::vector<std::vector<std::string>>{{"a", "b\tc", ""}});
    CHECK(ReadAll("a,b;c\n", ';') == std::vector<std::vector<std::string>>{{"a,b", "c"}});
}

TEST_CASE("a header of a million columns is read and mapped") {
    std::string header = "Email";
    for (int column = 0; column < 1'000'000; ++column) header += ",c" + std::to_string(column);
    header += "\r\n";
    std::vector<std::vector<std::string>> records = ReadAll(header + "a@x.com\r\n", ',');
    REQUIRE(records.size() == 2);
    REQUIRE(records[0].size() == 1'000'001);
    LeadColumns columns(records[0]);
    REQUIRE(columns.Ignored().size() == 1'000'000);
    CHECK(columns.Ignored().front() == "c0");
    CHECK(columns.Ignored().back() == "c999999");
    CHECK(columns.ToLead(records[1], 0).email == "a@x.com");
}

TEST_CASE("a Salesforce report's Company / Account and Lead Owner, a Zoho Designation, Pipedrive's prefixed names") {
    LeadImportRules rules;
    rules.owner_by_reference = [](std::string_view text) -> std::optional<std::int64_t> {
        if (text == "Rita Rep" || text == "rita@tandem.test") return 5;
        return std::nullopt;
    };
    Imported sf = ImportWith(
        "\"Lead Owner\",\"First Name\",\"Last Name\",\"Company / Account\",\"Email\",\"Lead Status\",\"Created Date\"\n"
        "\"Rita Rep\",\"Sal\",\"Force\",\"Umbrella Corp\",\"sal@u.example\",\"Closed - Converted\",\"25/03/2024\"\n",
        [&] {
            LeadImportRules dmy = rules;
            dmy.date_order = tandem::DateOrder::Dmy;
            return dmy;
        }());
    CHECK(sf.lead.company == "Umbrella Corp");
    CHECK(sf.lead.owner_id == 5);
    CHECK(sf.lead.stage == tandem::Stage::Opportunity);
    CHECK(sf.lead.created_at == 1711324800);   // 2024-03-25
    CHECK(sf.coerced.empty());

    Imported zoho = ImportWith(
        "Record Id;First Name;Last Name;Company;Email;Designation;No. of Employees;Lead Status;Lead Owner;Created Time\n"
        "zcrm_1;Greta;Keller;Z\xC3\xBCrich AG;greta@z.example;CFO;501-1000;Junk Lead;rita@tandem.test;2024-03-05 09:30:00\n",
        rules, ';');
    CHECK(zoho.lead.title == "CFO");
    CHECK(zoho.lead.company == "Z\xC3\xBCrich AG");
    CHECK(zoho.lead.company_size == 501);
    CHECK(zoho.lead.stage == tandem::Stage::Disqualified);
    CHECK(zoho.lead.owner_id == 5);
    CHECK(zoho.coerced == std::vector<Coercion>{{"No. of Employees", "501-1000", "501", "a range: stored its lower bound"}});

    Imported pipedrive = ImportWith(
        "Lead - Title\tLead - Owner\tLead - Labels\tLead - Source\tPerson - Name\tPerson - Email - Work\t"
        "Person - Phone - Work\tOrganization - Name\n"
        "Deal\tNobody Here\tHot\tWeb forms\tAda Byron\tada@a.example\t+44 20 1234 5678\tAnalytical Engines\n",
        rules, '\t');
    CHECK(pipedrive.lead.name == "Ada Byron");
    CHECK(pipedrive.lead.email == "ada@a.example");
    CHECK(pipedrive.lead.phone == "+44 20 1234 5678");
    CHECK(pipedrive.lead.company == "Analytical Engines");
    CHECK(pipedrive.lead.stage == tandem::Stage::SalesReady);
    CHECK(pipedrive.lead.source == tandem::Source::Website);
    CHECK(pipedrive.lead.owner_id == std::nullopt);
    CHECK(pipedrive.coerced == std::vector<Coercion>{{"Lead - Owner", "Nobody Here", "",
                                                     "no user with this email or name: left unassigned"}});
}

TEST_CASE("every value stored other than as written is reported with its column, original, stored value and why") {
    LeadImportRules rules;
    rules.campaign_by_name = [](std::string_view name) -> std::optional<std::int64_t> {
        return name == "Spring Webinar" ? std::optional<std::int64_t>(7) : std::nullopt;
    };
    Imported known = ImportWith("Email,Campaign,Number of Employees\na@x.com,Spring Webinar,1000+\n", rules);
    CHECK(known.lead.campaign_id == 7);
    CHECK(known.lead.company_size == 1000);
    CHECK(known.coerced == std::vector<Coercion>{{"Number of Employees", "1000+", "1000", "an open range: stored its lower bound"}});

    Imported unknown = ImportWith(
        "Email,Campaign,Original Source,Lifecycle Stage,Lead Status,Contact owner\n"
        "a@x.com,Autumn Launch,Podcast,Zombie,Open,x@y.example\n",
        rules);
    CHECK(unknown.lead.campaign_id == std::nullopt);
    CHECK(unknown.lead.source == tandem::Source::Other);
    CHECK(unknown.lead.stage == tandem::Stage::New);
    CHECK(unknown.coerced ==
          std::vector<Coercion>{
              {"Original Source", "Podcast", "other", "unknown source"},
              {"Campaign", "Autumn Launch", "", "no campaign with this name: left empty"},
              {"Contact owner", "x@y.example", "", "no user with this email or name: left unassigned"},
              {"Lifecycle Stage", "Zombie", "new", "no stage for this value: imported as new (map it with a stage map)"},
          });
    // Our own id columns stay ids.
    Imported ours = ImportWith("email,campaign_id,owner_id\na@x.com,3,4\n", rules);
    CHECK(ours.lead.campaign_id == 3);
    CHECK(ours.lead.owner_id == 4);
    CHECK(ours.coerced.empty());
}

TEST_CASE("a status is read only where the lifecycle stage is empty, and the import's stage map wins") {
    LeadImportRules rules;
    CHECK(ImportWith("Email,Lifecycle Stage,Lead Status\na@x.com,customer,Unqualified\n", rules).lead.stage ==
          tandem::Stage::Won);
    CHECK(ImportWith("Email,Lifecycle Stage,Lead Status\na@x.com,,Unqualified\n", rules).lead.stage ==
          tandem::Stage::Disqualified);
    rules.stages = tandem::StageMap::Parse("Closed - Converted=won");
    CHECK(ImportWith("Email,Status\na@x.com,Closed - Converted\n", rules).lead.stage == tandem::Stage::Won);
}

TEST_CASE("a day-first date under the default order is refused with a hint, and read under dmy") {
    LeadImportRules rules;
    try {
        ImportWith("Email,Created Date\na@x.com,25/03/2024\n", rules);
        FAIL("no error");
    } catch (const tandem::DecodeError& e) {
        CHECK(e.Field() == "Created Date");
        CHECK(e.Problem() == "not a date: '25/03/2024' (day first? import with date order dmy)");
    }
    rules.date_order = tandem::DateOrder::Dmy;
    CHECK(ImportWith("Email,Created Date\na@x.com,05/03/2024\n", rules).lead.created_at == 1709596800);   // March 5
}
