// The compact lead facts the impact preview ships to the browser keep every fact a criterion tests.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tandem/facts_table.h"

using namespace tandem;

TEST_CASE("facts survive the columnar round trip, unknowns included") {
    std::vector<Lead> leads(2);   // built in place: copying into an array trips GCC 12's -Wmaybe-uninitialized
    Lead& known = leads[0];
    known.id = 7;
    known.source = Source::Webinar;
    known.industry = "Fintech";
    known.country = "BR";
    known.title = "CFO";
    known.company = "Acme";
    known.phone = "+55 11 5555";
    known.company_size = 250;
    known.budget_usd = 40000;
    known.authority = Authority::DecisionMaker;
    known.need = Need::Yes;
    known.timeline_months = 3;
    known.page_views = 12;
    known.downloads = 2;
    known.webinars_attended = 1;
    known.email_clicks = 4;
    known.demo_requested = true;
    known.last_activity_at = 1795000000;
    known.created_at = 1790000000;
    Lead& unknown = leads[1];
    unknown.id = 8;
    unknown.industry = "Fintech";   // shares the dictionary entry
    unknown.created_at = 1790000100;

    nlohmann::json json = FactsTableToJson(leads);
    CHECK(json["industry"]["values"] == nlohmann::json::array({"Fintech"}));
    CHECK(json["industry"]["index"] == nlohmann::json::array({0, 0}));
    CHECK(json["budget_usd"] == nlohmann::json::array({40000, nullptr}));
    std::vector<Lead> back = FactsTableFromJson(json);
    REQUIRE(back.size() == 2);
    CHECK(back[0].id == 7);
    CHECK(back[0].source == Source::Webinar);
    CHECK(back[0].title == "CFO");
    CHECK(back[0].company == "Acme");
    CHECK(back[0].phone == "1");   // only whether one is known travels
    CHECK(back[0].company_size == 250);
    CHECK(back[0].authority == Authority::DecisionMaker);
    CHECK(back[0].need == Need::Yes);
    CHECK(back[0].timeline_months == 3);
    CHECK(back[0].demo_requested);
    CHECK(back[0].last_activity_at == 1795000000);
    CHECK(back[1].phone.empty());
    CHECK_FALSE(back[1].budget_usd.has_value());
    CHECK(back[1].authority == Authority::Unknown);
    CHECK(back[1].created_at == 1790000100);
}

TEST_CASE("a column of the wrong length is refused by name") {
    Lead lead;
    lead.id = 1;
    const Lead leads[] = {lead};
    nlohmann::json json = FactsTableToJson(leads);
    json["page_views"] = nlohmann::json::array({1, 2});
    CHECK_THROWS_WITH(FactsTableFromJson(json), "page_views: expected a list of 1");
}
