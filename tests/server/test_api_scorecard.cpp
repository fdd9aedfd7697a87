// GET /api/scorecard over HTTP: the KPIs of a funnel the test builds itself and counts by hand,
// grouped and weekly, "as if" another definition, targets, SLA breaches and query errors.
#include <chrono>
#include <ctime>
#include <map>
#include <thread>
#include <doctest/doctest.h>

#include "server_process.h"

using namespace tandem::test;

namespace {

std::time_t ParseTime(const std::string& iso) {
    std::tm tm{};
    strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return timegm(&tm);
}

std::string Format(std::time_t t, const char* format) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, format, &tm);
    return text;
}

// The Monday of the ISO week that contains t, at midnight.
std::time_t WeekStart(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    tm.tm_mday -= (tm.tm_wday + 6) % 7;
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    return timegm(&tm);
}

std::time_t FirstOfMonth(std::time_t t, int months_ahead = 0) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    tm.tm_mon += months_ahead;
    tm.tm_mday = 1;
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    return timegm(&tm);
}

// Facts that make a lead sales-ready under the demo's v2 (and v1); see test_api_leads.cpp.
nlohmann::json SalesReady(const std::string& email, const std::string& source) {
    return {{"email", email}, {"source", source}, {"title", "CTO"}, {"industry", "software"}, {"company_size", 200},
            {"country", "US"}, {"phone", "+1 555 0100"}, {"authority", "decision_maker"}, {"need", "yes"},
            {"budget_usd", 20000}, {"timeline_months", 3}, {"demo_requested", true}};
}

struct Funnel {
    std::vector<std::int64_t> ids;   // L1..L7
};

// Seven leads created now, then moved by sales:
//   L1 webinar, campaign 5, sales-ready -> accepted -> opportunity -> won (12000)
//   L2 webinar, campaign 5, sales-ready -> accepted -> lost
//   L3 paid_search, campaign 5, sales-ready -> rejected (no_budget)
//   L4 paid_search, sales-ready, not answered yet
//   L5 webinar, an MQL (need unknown)
//   L6 paid_search, nothing known: new
//   L7 paid_search, an MQL under v2 (budget 6000, 10 months, no phone) that v1 would call sales-ready
Funnel Build(DemoServer& demo) {
    ApiClient mark = demo.As("mark");
    // Round robin spreads the leads over both reps; the sales leader acts on all of them.
    ApiClient sam = demo.As("sam");
    nlohmann::json inputs[] = {
        SalesReady("l1@example.com", "webinar"), SalesReady("l2@example.com", "webinar"),
        SalesReady("l3@example.com", "paid_search"), SalesReady("l4@example.com", "paid_search"),
        SalesReady("l5@example.com", "webinar"), {{"email", "l6@example.com"}, {"source", "paid_search"}},
        SalesReady("l7@example.com", "paid_search"),
    };
    for (int i = 0; i < 3; ++i) inputs[i]["campaign_id"] = 5;
    inputs[4].erase("need");
    inputs[6]["budget_usd"] = 6000;
    inputs[6]["timeline_months"] = 10;
    inputs[6].erase("phone");
    Funnel funnel;
    for (const nlohmann::json& input : inputs) {
        Reply created = mark.Post("/api/leads", input);
        REQUIRE(created.status == 201);
        funnel.ids.push_back(created.Json()["id"]);
    }
    const char* stages[] = {"sales_ready", "sales_ready", "sales_ready", "sales_ready", "mql", "new", "mql"};
    for (int i = 0; i < 7; ++i) REQUIRE(sam.Get("/api/leads/" + std::to_string(funnel.ids[static_cast<std::size_t>(i)])).Json()["stage"] == stages[i]);
    auto move = [&](int lead, const nlohmann::json& body) {
        REQUIRE(sam.Post("/api/leads/" + std::to_string(funnel.ids[static_cast<std::size_t>(lead - 1)]) + "/transitions", body).status == 200);
    };
    move(1, {{"to", "sql"}});
    move(2, {{"to", "sql"}});
    move(3, {{"to", "recycled"}, {"reason", "no_budget"}});
    move(1, {{"to", "opportunity"}});
    move(1, {{"to", "won"}, {"deal_value", 12000}});
    move(2, {{"to", "lost"}});
    return funnel;
}

nlohmann::json ReasonCounts(std::int64_t no_budget) {
    return {{"bad_fit", 0}, {"duplicate", 0}, {"no_authority", 0}, {"no_budget", no_budget}, {"no_need", 0},
            {"no_timeline", 0}, {"other", 0}, {"unreachable", 0}};
}

}  // namespace

TEST_CASE("the scorecard counts the funnel as built: stages entered, decisions, conversions, wins") {
    DemoServer demo(0);
    Build(demo);
    Reply reply = demo.As("maya").Get("/api/scorecard");
    REQUIRE(reply.status == 200);
    nlohmann::json body = reply.Json();
    std::time_t now = ParseTime(body["now"]);
    CHECK(std::abs(now - std::time(nullptr)) <= 5);
    // Without from/to: this calendar month.
    CHECK(body["from"] == Format(FirstOfMonth(now), "%Y-%m-%d"));
    CHECK(body["to"] == Format(FirstOfMonth(now, 1), "%Y-%m-%d"));
    CHECK(body["sla_hours"] == 24);
    CHECK(body["as_if"].is_null());
    CHECK(body["definition"] == demo.As("maya").Get("/api/definitions/active").Json());

    nlohmann::json total = body["scorecard"]["total"];
    CHECK(total["leads"] == 7);
    CHECK(total["mqls"] == 6);
    CHECK(total["sales_ready"] == 4);
    CHECK(total["sqls"] == 2);
    CHECK(total["opportunities"] == 1);
    CHECK(total["accepted"] == 2);
    CHECK(total["rejected"] == 1);
    CHECK(total["acceptance_rate"].get<double>() == doctest::Approx(2.0 / 3));
    CHECK(total["lead_to_mql"].get<double>() == doctest::Approx(6.0 / 7));
    CHECK(total["mql_to_sales_ready"].get<double>() == doctest::Approx(4.0 / 6));
    CHECK(total["sales_ready_to_sql"] == 0.5);
    CHECK(total["sql_to_opportunity"] == 0.5);
    CHECK(total["opportunity_to_won"] == 1.0);
    CHECK(total["response_answered"] == 3);
    CHECK(total["response_hours_median"].get<double>() < 0.01);   // answered within seconds
    CHECK(total["sla_due"] == 3);
    CHECK(total["sla_met"] == 3);
    CHECK(total["sla_met_rate"] == 1.0);
    CHECK(total["recycled"] == 1);
    CHECK(total["recycled_by_reason"] == ReasonCounts(1));
    CHECK(total["won"] == 1);
    CHECK(total["lost"] == 1);
    CHECK(total["revenue"] == 12000);
    CHECK(total["win_rate"] == 0.5);
    CHECK(total["avg_deal"] == 12000.0);
    CHECK(total["open_opportunities"] == 0);
    CHECK(body["scorecard"]["groups"] == nlohmann::json::array());
    CHECK(body["scorecard"]["weeks"] == nlohmann::json::array());
    CHECK(body["scorecard"]["breaches"] == nlohmann::json::array());
    // Nothing happened the month before.
    CHECK(body["previous"]["total"]["leads"] == 0);
    CHECK(body["previous"]["total"]["acceptance_rate"].is_null());

    // Grouped by source: the bigger group first.
    nlohmann::json by_source = demo.As("rita").Get("/api/scorecard?group=source").Json()["scorecard"]["groups"];
    REQUIRE(by_source.size() == 2);
    CHECK(by_source[0]["key"] == "paid_search");
    nlohmann::json paid = by_source[0]["kpis"];
    CHECK(paid["leads"] == 4);
    CHECK(paid["mqls"] == 3);
    CHECK(paid["sales_ready"] == 2);
    CHECK(paid["sqls"] == 0);
    CHECK(paid["rejected"] == 1);
    CHECK(paid["acceptance_rate"] == 0.0);
    CHECK(paid["recycled_by_reason"] == ReasonCounts(1));
    CHECK(by_source[1]["key"] == "webinar");
    nlohmann::json webinar = by_source[1]["kpis"];
    CHECK(webinar["leads"] == 3);
    CHECK(webinar["mqls"] == 3);
    CHECK(webinar["sales_ready"] == 2);
    CHECK(webinar["accepted"] == 2);
    CHECK(webinar["acceptance_rate"] == 1.0);
    CHECK(webinar["won"] == 1);
    CHECK(webinar["revenue"] == 12000);

    // Grouped by campaign: "0" is no campaign.
    nlohmann::json by_campaign = demo.As("rita").Get("/api/scorecard?group=campaign").Json()["scorecard"]["groups"];
    REQUIRE(by_campaign.size() == 2);
    CHECK(by_campaign[0]["key"] == "0");
    CHECK(by_campaign[0]["kpis"]["leads"] == 4);
    CHECK(by_campaign[1]["key"] == "5");
    CHECK(by_campaign[1]["kpis"]["leads"] == 3);
    CHECK(by_campaign[1]["kpis"]["sqls"] == 2);

    // Weekly: a trend of 13 whole weeks up to this one, which holds all the leads.
    nlohmann::json weeks = demo.As("rita").Get("/api/scorecard?weekly=true").Json()["scorecard"]["weeks"];
    REQUIRE(weeks.size() == 13);
    CHECK(weeks[12]["week_start"].get<std::string>() == Format(WeekStart(now), "%Y-%m-%d"));
    CHECK(weeks[12]["kpis"]["leads"] == 7);
    std::int64_t weekly_leads = 0;
    for (std::size_t i = 0; i < weeks.size(); ++i) {
        std::time_t start = ParseTime(weeks[i]["week_start"].get<std::string>() + "T00:00:00Z");
        CHECK(Format(start, "%u") == "1");   // a Monday
        if (i > 0) CHECK(start - ParseTime(weeks[i - 1]["week_start"].get<std::string>() + "T00:00:00Z") == 7 * 86400);
        weekly_leads += weeks[i]["kpis"]["leads"].get<std::int64_t>();
        if (weeks[i]["kpis"]["leads"] != 0) CHECK(weeks[i]["kpis"]["leads"] == 7);
        CHECK(weeks[i]["definitions"] == nlohmann::json::array());
    }
    CHECK(weekly_leads == 7);

    CHECK(body["versions"] == nlohmann::json{1, 2});   // the shared draft is not a version yet
}

TEST_CASE("as if another version: both sides by one method, equal where that version was in force") {
    DemoServer demo(0);
    Funnel funnel = Build(demo);
    ApiClient sam = demo.As("sam"), maya = demo.As("maya");
    // The seven leads were created under v2. Both sides count, of the leads created in the month,
    // those whose level today reaches mql (L1-L5, L7) and sales_ready (L1-L4); v1's looser checks
    // make L7 sales-ready as well. The real scorecard (stage entries) is unchanged beside them.
    nlohmann::json as_v1 = sam.Get("/api/scorecard?as_if=1").Json();
    CHECK(as_v1["as_if"]["version"] == 1);
    const nlohmann::json& actual = as_v1["as_if"]["actual"]["total"];
    const nlohmann::json& as_if = as_v1["as_if"]["as_if"]["total"];
    CHECK(actual["mqls"] == 6);
    CHECK(actual["sales_ready"] == 4);
    CHECK(as_if["mqls"] == 6);
    CHECK(as_if["sales_ready"] == 5);
    for (const char* same : {"leads", "sqls", "won", "revenue", "acceptance_rate", "lead_to_mql"}) {
        INFO(same);
        CHECK(as_if[same] == actual[same]);
        CHECK(as_if[same] == as_v1["scorecard"]["total"][same]);
    }
    CHECK(as_v1["scorecard"]["total"]["mqls"] == 6);
    CHECK(as_v1["scorecard"]["total"]["sales_ready"] == 4);

    // v2 was in force over the whole month: "as if v2" is what applied, figure for figure, by group too.
    nlohmann::json as_v2 = sam.Get("/api/scorecard?as_if=2&group=source").Json()["as_if"];
    CHECK(as_v2["as_if"] == as_v2["actual"]);
    CHECK(as_v2["as_if"]["groups"].size() == 2);
    CHECK(as_v2["as_if"]["weeks"] == nlohmann::json::array());

    // v3 drops the budget, timeline and phone checks, so a lead like L7 is sales-ready under it.
    // Signed now, it applies to L8, created after it; L1-L7 keep v2 on the actual side.
    nlohmann::json ops = {{{"kind", "remove_criterion"}, {"criterion_id", "budget"}},
                          {{"kind", "remove_criterion"}, {"criterion_id", "timeline"}},
                          {{"kind", "remove_criterion"}, {"criterion_id", "phone"}}};
    // Times are whole seconds: v3 is signed in a later second than L7 was created in.
    for (std::time_t created = std::time(nullptr); std::time(nullptr) == created;)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    REQUIRE(maya.Get("/api/definitions/draft").Json()["revision"] == 0);   // opens the shared draft
    Reply edited = maya.Post("/api/definitions/draft/ops", {{"client_id", "maya"}, {"client_seq", 1}, {"base_revision", 0}, {"ops", ops}});
    INFO(edited.body);
    REQUIRE(edited.status == 200);
    REQUIRE(maya.Post("/api/definitions/draft/propose", nlohmann::json::object()).status == 200);
    REQUIRE(maya.Post("/api/definitions/3/approve", nlohmann::json::object()).status == 200);
    // What Sam sees before signing second: L7 (an MQL) and L3 (rejected, qualified again) go to
    // sales at once, into their owners' inboxes; no level goes down.
    CHECK(ErrorOf(sam.Get("/api/definitions/2/activation-preview")) == ApiError{409, "conflict"});
    CHECK(ErrorOf(sam.Get("/api/definitions/9/activation-preview")) == ApiError{404, "not_found"});
    nlohmann::json preview = sam.Get("/api/definitions/3/activation-preview").Json();
    CHECK(preview["version"] == 3);
    CHECK(preview["leads"] == 7);
    CHECK(preview["levels"] == nlohmann::json{{"none", {{"none", 1}, {"mql", 0}, {"sales_ready", 0}}},
                                              {"mql", {{"none", 0}, {"mql", 1}, {"sales_ready", 1}}},
                                              {"sales_ready", {{"none", 0}, {"mql", 0}, {"sales_ready", 4}}}});
    CHECK(preview["to_new"] == 0);
    CHECK(preview["to_mql"] == 0);
    CHECK(preview["to_sales_ready"] == 2);
    std::map<std::int64_t, std::int64_t> expected_inboxes;
    for (std::size_t lead : {2u, 6u}) {
        nlohmann::json owner = sam.Get("/api/leads/" + std::to_string(funnel.ids[lead])).Json()["owner_id"];
        ++expected_inboxes[owner.is_null() ? 0 : owner.get<std::int64_t>()];
    }
    std::map<std::int64_t, std::int64_t> inboxes;
    for (const nlohmann::json& inbox : preview["inboxes"])
        inboxes[inbox["owner_id"].is_null() ? 0 : inbox["owner_id"].get<std::int64_t>()] = inbox["leads"];
    CHECK(inboxes == expected_inboxes);

    Reply activated = sam.Post("/api/definitions/3/approve", nlohmann::json::object());
    CHECK(activated.Json()["leads_moved"] == 2);   // as previewed
    for (std::size_t lead : {2u, 6u}) CHECK(sam.Get("/api/leads/" + std::to_string(funnel.ids[lead])).Json()["stage"] == "sales_ready");
    REQUIRE(activated.Json()["activated"] == true);
    // The activation moved L7 (an MQL) to sales-ready at once: the scorecard says so, and the
    // trend's week of it too.
    nlohmann::json effect = {{"version", 3}, {"activated_at", activated.Json()["definition"]["activated_at"]},
                             {"mqls", 0}, {"sales_ready", 1}};
    nlohmann::json after = sam.Get("/api/scorecard?weekly=true").Json()["scorecard"];
    CHECK(after["definitions"] == nlohmann::json::array({effect}));
    CHECK(after["weeks"].back()["definitions"] == nlohmann::json::array({effect}));
    CHECK(after["total"]["sales_ready"] == 5);   // L1-L4 handed over by hand, L7 by v3
    nlohmann::json l8 = SalesReady("l8@example.com", "paid_search");
    l8["budget_usd"] = 6000;
    l8["timeline_months"] = 10;
    l8.erase("phone");
    REQUIRE(demo.As("mark").Post("/api/leads", l8).status == 201);

    nlohmann::json by_v2 = sam.Get("/api/scorecard?as_if=2").Json()["as_if"];
    nlohmann::json by_v3 = sam.Get("/api/scorecard?as_if=3").Json()["as_if"];
    // Actual: L1-L4 and L8 sales-ready, L5 and L7 MQLs: whichever version is asked about.
    CHECK(by_v2["actual"]["total"]["mqls"] == 7);
    CHECK(by_v2["actual"]["total"]["sales_ready"] == 5);
    CHECK(by_v3["actual"]["total"]["mqls"] == 7);
    CHECK(by_v3["actual"]["total"]["sales_ready"] == 5);
    // As if v2 all along: L8 only an MQL. As if v3 all along: L7 sales-ready too.
    CHECK(by_v2["as_if"]["total"]["mqls"] == 7);
    CHECK(by_v2["as_if"]["total"]["sales_ready"] == 4);
    CHECK(by_v3["as_if"]["total"]["mqls"] == 7);
    CHECK(by_v3["as_if"]["total"]["sales_ready"] == 6);
    CHECK(sam.Get("/api/scorecard").Json()["as_if"].is_null());
}

TEST_CASE("the scorecard pro-rates this month's targets, lists campaigns launching soon and rejects bad queries") {
    DemoServer demo(0);
    Build(demo);
    ApiClient sam = demo.As("sam");
    std::time_t first = FirstOfMonth(std::time(nullptr));
    std::string month = Format(first, "%Y-%m");
    REQUIRE(sam.Put("/api/targets/" + month, {{"leads", 10}, {"mqls", 1000}, {"sqls", 0}, {"acceptance_rate", 0.5}}).status == 200);
    nlohmann::json body = sam.Get("/api/scorecard").Json();
    std::time_t now = ParseTime(body["now"]);
    double elapsed = static_cast<double>(now - first) / static_cast<double>(FirstOfMonth(first, 1) - first);
    nlohmann::json targets = body["scorecard"]["targets"];
    CHECK(targets["leads"]["target"].get<double>() == doctest::Approx(10 * elapsed).epsilon(1e-4));
    CHECK(targets["leads"]["attainment"].get<double>() == doctest::Approx(7 / (10 * elapsed)).epsilon(1e-4));
    CHECK(targets["leads"]["colour"] == (7 >= 10 * elapsed ? "green" : 7 >= 8 * elapsed ? "amber" : "red"));
    CHECK(targets["mqls"]["colour"] == (6 >= 1000 * elapsed ? "green" : 6 >= 800 * elapsed ? "amber" : "red"));
    CHECK(targets["acceptance_rate"]["target"] == 0.5);
    CHECK(targets["acceptance_rate"]["attainment"].get<double>() == doctest::Approx((2.0 / 3) / 0.5));
    CHECK(targets["acceptance_rate"]["colour"] == "green");
    CHECK(targets["revenue"]["target"].is_null());
    CHECK(targets["revenue"]["colour"] == "none");

    // Launching: not cancelled, starting from today to 14 days ahead, by start date.
    std::string today = Format(now, "%Y-%m-%d");
    std::string horizon = Format(now + 14 * 86400, "%Y-%m-%d");
    std::vector<std::int64_t> expected;
    nlohmann::json campaigns = sam.Get("/api/campaigns").Json();
    for (const nlohmann::json& campaign : campaigns["items"]) {
        std::string start = campaign["start"];
        if (start >= today && start <= horizon && campaign["status"] != "cancelled") expected.push_back(campaign["id"]);
    }
    std::vector<std::int64_t> launching;
    for (const nlohmann::json& campaign : body["launching"]) launching.push_back(campaign["id"]);
    CHECK(launching == expected);

    // An explicit period: the same leads when it covers them, none when it does not.
    std::string from = Format(now - 86400, "%Y-%m-%d"), to = Format(now + 2 * 86400, "%Y-%m-%d");
    nlohmann::json around = sam.Get("/api/scorecard?from=" + from + "&to=" + to).Json();
    CHECK(around["from"] == from);
    CHECK(around["to"] == to);
    CHECK(around["scorecard"]["total"]["leads"] == 7);
    CHECK(sam.Get("/api/scorecard?from=2020-01-01&to=2020-02-01").Json()["scorecard"]["total"]["leads"] == 0);

    const std::pair<const char*, const char*> bad[] = {
        {"from=2026-02-01&to=2026-02-01", "to"}, {"from=2026-02-02&to=2026-02-01", "to"},
        {"from=2000-01-01&to=2011-01-01", "to"}, {"from=yesterday", "from"}, {"to=2026-02-30", "to"},
        {"group=owner", "group"}, {"weekly=sometimes", "weekly"}, {"as_if=0", "as_if"}, {"as_if=v1", "as_if"},
        {"period=month", "period"},
    };
    for (const auto& [query, field] : bad) {
        INFO(std::string(query));
        CHECK(ErrorOf(sam.Get(std::string("/api/scorecard?") + query)) == ApiError{400, "bad_request", field});
    }
    CHECK(ErrorOf(sam.Get("/api/scorecard?as_if=99")) == ApiError{404, "not_found"});
}

TEST_CASE("a handed-over lead nobody answers within the SLA is listed as a breach until sales responds") {
    DemoServer demo(0);
    ApiClient mark = demo.As("mark");
    std::int64_t rita = demo.IdOf("rita");
    // Handed over three days ago (an import keeps the stage and the creation time it is given).
    std::time_t handed_over = std::time(nullptr) - 3 * 86400;
    std::string at = Format(handed_over, "%Y-%m-%dT%H:%M:%SZ");
    std::string csv =
        "Email,Stage,Created At,Owner ID,Title,Industry,Company Size,Country,Phone,Authority,Need,Budget USD,Timeline Months,"
        "Demo Requested\r\n"
        "waiting@example.com,sales_ready," + at + "," + std::to_string(rita) +
        ",CTO,software,200,US,+1 555 0100,decision_maker,yes,20000,3,true\r\n";
    Reply imported = mark.Send("POST", "/api/leads/import", csv, "text/csv");
    REQUIRE(imported.status == 200);
    REQUIRE(imported.Json()["imported"] == 1);
    std::int64_t id = AllLeads(mark)[0]["id"];
    REQUIRE(AllLeads(mark)[0]["stage"] == "sales_ready");

    nlohmann::json breaches = mark.Get("/api/scorecard").Json()["scorecard"]["breaches"];
    REQUIRE(breaches.size() == 1);
    CHECK(breaches[0]["lead_id"] == id);
    CHECK(breaches[0]["owner_id"] == rita);
    CHECK(breaches[0]["entered_at"] == at);
    CHECK(breaches[0]["hours_waiting"].get<double>() >= 72.0);
    CHECK(breaches[0]["hours_waiting"].get<double>() < 72.1);

    // A longer SLA, and it is no breach; back to 24 hours, and it is one again.
    REQUIRE(demo.As("sam").Put("/api/settings/sla", {{"first_response_hours", 73}}).status == 200);
    nlohmann::json relaxed = mark.Get("/api/scorecard").Json();
    CHECK(relaxed["sla_hours"] == 73);
    CHECK(relaxed["scorecard"]["breaches"] == nlohmann::json::array());
    REQUIRE(demo.As("sam").Put("/api/settings/sla", {{"first_response_hours", 24}}).status == 200);
    CHECK(mark.Get("/api/scorecard").Json()["scorecard"]["breaches"].size() == 1);

    // A note from the rep answers the clock.
    REQUIRE(demo.As("rita").Post("/api/feedback", {{"kind", "question"}, {"text", "Left a voicemail"}, {"lead_id", id}}).status == 201);
    CHECK(mark.Get("/api/scorecard").Json()["scorecard"]["breaches"] == nlohmann::json::array());
}
