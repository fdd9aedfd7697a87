// Every scorecard figure opens the list of exactly the leads it counts: GET /api/leads with the
// figure's own filter (entered=STAGE&entered_from&entered_to, sla=missed|breached, and the group's
// source or campaign) answers a total equal to the figure, for the totals, every group and every
// week of the trend.
#include <chrono>
#include <cstdio>
#include <doctest/doctest.h>
#include <map>
#include <set>

#include "server_process.h"

using namespace tandem::test;

namespace {

// The figures with a list, and the filter that lists them.
struct Figure {
    const char* kpi;
    const char* entered;
};
constexpr Figure kFigures[] = {
    {"leads", "new"},          {"mqls", "mql"},   {"sales_ready", "sales_ready"}, {"sqls", "sql"},
    {"opportunities", "opportunity"}, {"won", "won"}, {"lost", "lost"},          {"recycled", "recycled"},
};

// "2026-11-30" plus `days` days.
std::string DaysLater(const std::string& date, int days) {
    int y = 0;
    unsigned m = 0, d = 0;
    std::sscanf(date.c_str(), "%d-%u-%u", &y, &m, &d);
    std::chrono::sys_days day = std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
    std::chrono::year_month_day later{day + std::chrono::days{days}};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(later.year()), static_cast<unsigned>(later.month()),
                  static_cast<unsigned>(later.day()));
    return text;
}

// "paid_search" -> "Paid search", as the groups by source are named.
std::string Humanised(std::string key) {
    for (char& c : key)
        if (c == '_') c = ' ';
    key[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(key[0])));
    return key;
}

std::int64_t Total(const ApiClient& client, const std::string& query) {
    Reply reply = client.Get("/api/leads?count=true&limit=1&" + query);
    INFO(query, ": ", reply.body);
    REQUIRE(reply.status == 200);
    return reply.Json()["total"].get<std::int64_t>();
}

// Checks each figure of `kpis` against its list for [from, to) and `group` ("source=webinar").
void CheckFigures(const ApiClient& client, const nlohmann::json& kpis, const std::string& from, const std::string& to,
                  const std::string& group, int& checked) {
    std::string period = "&entered_from=" + from + "&entered_to=" + to + (group.empty() ? "" : "&" + group);
    for (const Figure& figure : kFigures) {
        INFO(figure.kpi, " ", period);
        CHECK(Total(client, std::string("entered=") + figure.entered + period) == kpis[figure.kpi].get<std::int64_t>());
        ++checked;
    }
    INFO("sla=missed ", period);
    CHECK(Total(client, "sla=missed" + period) == kpis["sla_due"].get<std::int64_t>() - kpis["sla_met"].get<std::int64_t>());
    ++checked;
}

}  // namespace

TEST_CASE("every figure of the scorecard, its groups and its weeks opens exactly the leads it counts") {
    DemoServer demo(600);
    ApiClient maya = demo.As("maya");
    // About a quarter up to the end of this month: the demo's funnel is busy there.
    std::string to = maya.Get("/api/scorecard").Json()["to"];
    std::string from = DaysLater(to, -92);
    Reply quarter = maya.Get("/api/scorecard?from=" + from + "&to=" + to + "&group=source&weekly=true");
    REQUIRE(quarter.status == 200);
    nlohmann::json card = quarter.Json()["scorecard"];
    REQUIRE(card["total"]["mqls"].get<std::int64_t>() > 0);
    REQUIRE(card["total"]["won"].get<std::int64_t>() > 0);
    int checked = 0;
    CheckFigures(maya, card["total"], from, to, "", checked);
    for (const nlohmann::json& group : card["groups"]) CHECK(group["name"] == Humanised(group["key"]));
    for (const nlohmann::json& group : card["groups"])
        CheckFigures(maya, group["kpis"], from, to, "source=" + std::string(group["key"]), checked);
    for (const nlohmann::json& week : card["weeks"]) {
        // A trend point counts its whole week.
        std::string start = week["week_start"];
        std::string end = DaysLater(start, 7);
        CheckFigures(maya, week["kpis"], start, end, "", checked);
    }
    // Each group's trend, for the two biggest sources (every group would be ~1,000 more requests).
    int group_weeks = 0;
    for (std::size_t g = 0; g < 2; ++g) {
        const nlohmann::json& group = card["groups"][g];
        REQUIRE(group["weeks"].size() == card["weeks"].size());
        for (const nlohmann::json& week : group["weeks"]) {
            std::string start = week["week_start"];
            CheckFigures(maya, week["kpis"], start, DaysLater(start, 7), "source=" + std::string(group["key"]), checked);
            ++group_weeks;
        }
    }
    nlohmann::json by_campaign = maya.Get("/api/scorecard?from=" + from + "&to=" + to + "&group=campaign").Json();
    std::map<std::string, std::string> campaign_names = {{"0", "No campaign"}};
    nlohmann::json campaigns = maya.Get("/api/campaigns?from=2000-01-01&to=2100-01-01").Json();
    for (const nlohmann::json& campaign : campaigns["items"])
        campaign_names[std::to_string(campaign["id"].get<std::int64_t>())] = campaign["name"];
    for (const nlohmann::json& group : by_campaign["scorecard"]["groups"]) {
        std::string key = group["key"];
        CHECK(group["name"] == campaign_names[key]);   // groups are shown by name, never by id
        CheckFigures(maya, group["kpis"], from, to, "campaign=" + (key == "0" ? std::string("none") : key), checked);
    }
    // Nine figures for the total, each group of both groupings, each of the 13+ weeks and two groups' weeks.
    CHECK(checked == 9 * static_cast<int>(1 + card["groups"].size() + card["weeks"].size() + group_weeks +
                                           by_campaign["scorecard"]["groups"].size()));
    CHECK(card["groups"].size() >= 5);
    CHECK(card["weeks"].size() >= 13);

    // The breaches: the same leads as the scorecard's list.
    std::set<std::int64_t> listed;
    for (const nlohmann::json& lead : AllLeads(maya, "sla=breached")) listed.insert(lead["id"].get<std::int64_t>());
    std::set<std::int64_t> breaches;
    for (const nlohmann::json& breach : card["breaches"]) breaches.insert(breach["lead_id"].get<std::int64_t>());
    CHECK(listed == breaches);
    CHECK(Total(maya, "sla=breached") == static_cast<std::int64_t>(breaches.size()));
}

TEST_CASE("a figure's list pages newest first, and its filter refuses what it cannot combine") {
    DemoServer demo(300);
    ApiClient sam = demo.As("sam");
    std::vector<nlohmann::json> all = AllLeads(sam, "entered=new&entered_from=2020-01-01&entered_to=2100-01-01");
    CHECK(all.size() == 300);
    for (std::size_t i = 1; i < all.size(); ++i) CHECK(all[i - 1]["id"].get<std::int64_t>() > all[i]["id"].get<std::int64_t>());
    Reply page = sam.Get("/api/leads?entered=new&entered_from=2020-01-01&entered_to=2100-01-01&limit=7");
    REQUIRE(page.status == 200);
    CHECK(page.Json()["items"].size() == 7);
    CHECK(page.Json()["next_cursor"] == page.Json()["items"][6]["id"]);

    const std::pair<const char*, const char*> bad[] = {
        {"entered=mql", "entered_from"},
        {"entered=mql&entered_from=2026-01-01", "entered_to"},
        {"entered=mql&entered_from=2026-02-01&entered_to=2026-01-01", "entered_to"},
        {"entered=hot&entered_from=2026-01-01&entered_to=2026-02-01", "entered"},
        {"sla=late", "sla"},
        {"sla=missed", "entered_from"},
        {"entered=mql&sla=breached", "sla"},
        {"entered=mql&entered_from=2026-01-01&entered_to=2026-02-01&q=acme", "q"},
        {"entered=mql&entered_from=2026-01-01&entered_to=2026-02-01&stage=mql", "stage"},
        {"entered_from=2026-01-01", "entered_from"},
    };
    for (const auto& [query, field] : bad) {
        INFO(query);
        CHECK(ErrorOf(sam.Get(std::string("/api/leads?") + query)) == ApiError{400, "bad_request", field});
    }
}
