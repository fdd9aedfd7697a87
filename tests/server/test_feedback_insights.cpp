// Marketing's reading of the feedback over HTTP: GET /api/feedback/insights (rejection reasons by
// source, by campaign and week by week; the objections and questions heard most) and GET
// /api/feedback/wins (customers newly won and what brought them in). Every figure is recounted here,
// independently, from what the API lists (feedback, leads, campaigns, the stage-history CSV), before
// and after the test logs its own feedback and wins.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <doctest/doctest.h>
#include <set>

#include "server_process.h"

using namespace tandem::test;

namespace {

// [SECTION] Days and times, written here rather than taken from shared/

std::int64_t DaysFromCivil(int y, int m, int d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

std::string FormatDay(std::int64_t days) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const std::int64_t doe = days - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp + (mp < 10 ? 3 : -9);
    const std::int64_t y = yoe + era * 400 + (m <= 2);
    char text[64];
    std::snprintf(text, sizeof text, "%04lld-%02lld-%02lld", static_cast<long long>(y), static_cast<long long>(m),
                  static_cast<long long>(d));
    return text;
}

// "2026-11-25T15:55:16Z" -> seconds since the epoch.
std::int64_t Seconds(const std::string& iso) {
    REQUIRE(iso.size() >= 20);
    int y = std::stoi(iso.substr(0, 4)), mo = std::stoi(iso.substr(5, 2)), d = std::stoi(iso.substr(8, 2));
    int h = std::stoi(iso.substr(11, 2)), mi = std::stoi(iso.substr(14, 2)), s = std::stoi(iso.substr(17, 2));
    return DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

std::int64_t DayOf(std::int64_t seconds) { return seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400; }
std::int64_t Monday(std::int64_t day) { return day - ((day % 7 + 7 + 3) % 7); }   // 1970-01-01 was a Thursday
std::int64_t Today() {
    return DayOf(std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

// [SECTION] What the API lists

std::vector<nlohmann::json> AllFeedback(const ApiClient& client) {
    std::vector<nlohmann::json> items;
    std::string cursor;
    for (;;) {
        Reply page = client.Get("/api/feedback?limit=500" + cursor);
        REQUIRE(page.status == 200);
        nlohmann::json body = page.Json();
        for (const nlohmann::json& item : body["items"]) items.push_back(item);
        if (body["next_cursor"].is_null()) return items;
        cursor = "&cursor=" + std::to_string(body["next_cursor"].get<std::int64_t>());
    }
}

std::map<std::int64_t, nlohmann::json> LeadsById(const ApiClient& client) {
    std::map<std::int64_t, nlohmann::json> leads;
    for (nlohmann::json& lead : AllLeads(client)) {
        std::int64_t id = lead["id"];
        leads[id] = std::move(lead);
    }
    return leads;
}

std::string CampaignName(const ApiClient& client, std::int64_t id) {
    Reply reply = client.Get("/api/campaigns/" + std::to_string(id));
    REQUIRE(reply.status == 200);
    nlohmann::json body = reply.Json();
    const nlohmann::json& campaign = body.contains("campaign") ? body["campaign"] : body;
    return campaign["name"];
}

std::string SourceName(std::string source) {
    std::replace(source.begin(), source.end(), '_', ' ');
    source[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(source[0])));
    return source;
}

// [SECTION] The insights, recounted

struct Group {
    std::string key;
    std::string name;
    std::int64_t total = 0;
    std::map<std::string, std::int64_t> counts;
    std::vector<std::int64_t> weekly;
};

nlohmann::json GroupJson(const Group& group) {
    return {{"key", group.key}, {"name", group.name}, {"total", group.total}, {"counts", group.counts}, {"weekly", group.weekly}};
}

nlohmann::json SortedGroups(std::map<std::string, Group> groups) {
    std::vector<Group> list;
    for (auto& [key, group] : groups) list.push_back(std::move(group));
    std::sort(list.begin(), list.end(), [](const Group& a, const Group& b) {
        if (a.total != b.total) return a.total > b.total;
        if (a.name != b.name) return a.name < b.name;
        return a.key < b.key;
    });
    nlohmann::json out = nlohmann::json::array();
    for (const Group& group : list) out.push_back(GroupJson(group));
    return out;
}

// The "rejections" member of GET /api/feedback/insights?from=..&to=.. (days since the epoch, [from, to)).
nlohmann::json ExpectedRejections(const ApiClient& client, std::int64_t from, std::int64_t to) {
    std::map<std::int64_t, nlohmann::json> leads = LeadsById(client);
    std::map<std::int64_t, std::string> campaign_names;
    std::int64_t first_monday = Monday(from);
    std::size_t week_count = static_cast<std::size_t>((Monday(to - 1) - first_monday) / 7 + 1);
    std::vector<Group> weeks(week_count);
    for (std::size_t i = 0; i < week_count; ++i) weeks[i].key = FormatDay(first_monday + 7 * static_cast<std::int64_t>(i));
    std::map<std::string, Group> sources, campaigns;
    std::map<std::string, std::int64_t> counts;
    std::int64_t total = 0;
    for (const nlohmann::json& feedback : AllFeedback(client)) {
        if (feedback["kind"] != "rejection") continue;
        std::int64_t at = Seconds(feedback["at"]);
        if (at < from * 86400 || at >= to * 86400) continue;
        std::string reason = feedback["reason"];
        std::size_t week = static_cast<std::size_t>((Monday(DayOf(at)) - first_monday) / 7);
        const nlohmann::json& lead = leads.at(feedback["lead_id"].get<std::int64_t>());
        ++total;
        ++counts[reason];
        ++weeks[week].total;
        ++weeks[week].counts[reason];
        // What brought the lead in: its own source and campaign.
        std::string source = lead["source"];
        std::string campaign = lead["campaign_id"].is_null() ? "none" : std::to_string(lead["campaign_id"].get<std::int64_t>());
        for (auto [groups, key] : {std::pair{&sources, source}, std::pair{&campaigns, campaign}}) {
            Group& group = (*groups)[key];
            if (group.key.empty()) {
                group.key = key;
                group.weekly.assign(week_count, 0);
                if (groups == &sources) {
                    group.name = SourceName(key);
                } else if (key == "none") {
                    group.name = "No campaign";
                } else {
                    std::int64_t id = std::stoll(key);
                    if (!campaign_names.count(id)) campaign_names[id] = CampaignName(client, id);
                    group.name = campaign_names[id];
                }
            }
            ++group.total;
            ++group.counts[reason];
            ++group.weekly[week];
        }
    }
    nlohmann::json week_list = nlohmann::json::array();
    for (const Group& week : weeks) week_list.push_back(GroupJson(week));
    return {{"total", total}, {"counts", counts}, {"by_source", SortedGroups(sources)}, {"by_campaign", SortedGroups(campaigns)},
            {"weeks", week_list}};
}

// Lower case, single spaces, no closing punctuation.
std::string Normalised(const std::string& text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    while (!out.empty() && std::string(".!?;:, ").find(out.back()) != std::string::npos) out.pop_back();
    return out;
}

// The themes of one kind as {key, by, count, last_at}: a remark counts once under each of its tags, or
// under its wording when untagged; the most frequent first, then the most recent, tags before wordings.
nlohmann::json ExpectedThemes(const std::vector<nlohmann::json>& feedback, const std::string& kind, std::int64_t from,
                              std::int64_t to, std::int64_t& total) {
    struct Theme {
        std::string key;
        bool by_tag = true;
        std::int64_t count = 0;
        std::int64_t last_at = 0;
    };
    std::map<std::pair<bool, std::string>, Theme> themes;
    total = 0;
    for (const nlohmann::json& item : feedback) {
        if (item["kind"] != kind) continue;
        std::int64_t at = Seconds(item["at"]);
        if (at < from * 86400 || at >= to * 86400) continue;
        ++total;
        std::vector<std::pair<bool, std::string>> keys;
        for (const nlohmann::json& tag : item["tags"]) keys.push_back({true, tag.get<std::string>()});
        if (keys.empty()) keys.push_back({false, Normalised(item["text"])});
        for (const auto& key : keys) {
            Theme& theme = themes[key];
            theme.key = key.second;
            theme.by_tag = key.first;
            ++theme.count;
            theme.last_at = std::max(theme.last_at, at);
        }
    }
    std::vector<Theme> list;
    for (const auto& [key, theme] : themes) list.push_back(theme);
    std::sort(list.begin(), list.end(), [](const Theme& a, const Theme& b) {
        if (a.count != b.count) return a.count > b.count;
        if (a.last_at != b.last_at) return a.last_at > b.last_at;
        if (a.by_tag != b.by_tag) return a.by_tag;
        return a.key < b.key;
    });
    if (list.size() > 12) list.resize(12);
    nlohmann::json out = nlohmann::json::array();
    for (const Theme& theme : list)
        out.push_back({{"key", theme.key}, {"by", theme.by_tag ? "tag" : "text"}, {"count", theme.count}, {"last_at", theme.last_at}});
    return out;
}

// The server's themes reduced to what ExpectedThemes recounts.
nlohmann::json ThemeSummary(const nlohmann::json& themes) {
    nlohmann::json out = nlohmann::json::array();
    for (const nlohmann::json& theme : themes)
        out.push_back({{"key", theme["key"]}, {"by", theme["by"]}, {"count", theme["count"]}, {"last_at", Seconds(theme["last_at"])}});
    return out;
}

void CheckInsights(const ApiClient& client, std::int64_t from, std::int64_t to, nlohmann::json* served = nullptr) {
    std::string query = "?from=" + FormatDay(from) + "&to=" + FormatDay(to);
    Reply reply = client.Get("/api/feedback/insights" + query);
    REQUIRE(reply.status == 200);
    nlohmann::json insights = reply.Json();
    INFO("period " << query);
    CHECK(insights["from"] == FormatDay(from));
    CHECK(insights["to"] == FormatDay(to));
    CHECK(insights["rejections"] == ExpectedRejections(client, from, to));
    std::vector<nlohmann::json> feedback = AllFeedback(client);
    for (const char* kind : {"objection", "question"}) {
        std::int64_t total = 0;
        nlohmann::json expected = ExpectedThemes(feedback, kind, from, to, total);
        const nlohmann::json& list = insights[std::string(kind) + "s"];
        CHECK(list["total"] == total);
        CHECK(ThemeSummary(list["themes"]) == expected);
    }
    if (served) *served = std::move(insights);
}

const nlohmann::json* FindKey(const nlohmann::json& groups, const std::string& key) {
    for (const nlohmann::json& group : groups)
        if (group["key"] == key) return &group;
    return nullptr;
}

std::int64_t CountOf(const nlohmann::json* group, const std::string& reason) {
    if (!group) return 0;
    return group->at("counts").value(reason, std::int64_t{0});
}

// A lead that is sales-ready under the demo's active definition, handed over by marketing.
std::int64_t HandedOver(DemoServer& demo, const std::string& email, const std::string& source, std::optional<int> campaign) {
    nlohmann::json lead = {{"email", email}, {"name", "Pat Buyer"}, {"company", "Buyer Logistics"}, {"title", "CTO"},
                           {"industry", "software"}, {"company_size", 200}, {"country", "US"}, {"phone", "+1 555 0100"},
                           {"authority", "decision_maker"}, {"need", "yes"}, {"budget_usd", 20000}, {"timeline_months", 3},
                           {"demo_requested", true}, {"source", source}};
    if (campaign) lead["campaign_id"] = *campaign;
    lead["owner_id"] = demo.IdOf("rita");   // handed to Rita, who answers for it
    Reply created = demo.As("sam").Post("/api/leads", lead);
    REQUIRE(created.status == 201);
    REQUIRE(created.Json()["stage"] == "sales_ready");
    return created.Json()["id"];
}

}  // namespace

TEST_CASE("feedback insights recount the rejections by source, by campaign and week by week, before and after new ones") {
    DemoServer demo;
    ApiClient maya = demo.As("maya");
    std::int64_t today = Today();
    std::int64_t from = Monday(today) - 7 * 12, to = today + 1;
    nlohmann::json before;
    CheckInsights(maya, from, to, &before);
    CHECK(before["rejections"]["weeks"].size() == 13);
    REQUIRE(before["rejections"]["total"] > 0);   // the demo's quarter is not empty
    CheckInsights(maya, today - 364, today + 1);    // a year, weeks cut at both ends
    CheckInsights(maya, Monday(today) - 7 * 51, Monday(today) - 7 * 3);

    // The default period is the 13 weeks to this one, through today.
    Reply defaults = maya.Get("/api/feedback/insights");
    REQUIRE(defaults.status == 200);
    CHECK(defaults.Json()["from"] == FormatDay(from));
    CHECK(defaults.Json()["to"] == FormatDay(to));
    CHECK(defaults.Json()["rejections"] == before["rejections"]);

    // Three rejections logged as feedback and one through the lead's own reject: all count, under the
    // lead's source and campaign (not the feedback's campaign). A lead is rejected once: a second
    // rejection of the same lead is refused and counts nothing.
    ApiClient rita = demo.As("rita");
    std::int64_t webinar = HandedOver(demo, "webinar.reject@example.com", "webinar", 3);
    std::int64_t webinar2 = HandedOver(demo, "webinar2.reject@example.com", "webinar", 3);
    std::int64_t referral = HandedOver(demo, "referral.reject@example.com", "referral", std::nullopt);
    std::int64_t event = HandedOver(demo, "event.reject@example.com", "event", 3);
    REQUIRE(rita.Post("/api/feedback", {{"kind", "rejection"}, {"lead_id", webinar}, {"reason", "no_budget"}}).status == 201);
    CHECK(ErrorOf(rita.Post("/api/feedback", {{"kind", "rejection"}, {"lead_id", webinar}, {"reason", "no_budget"}})) ==
          ApiError{409, "conflict", "lead_id"});
    REQUIRE(rita.Post("/api/feedback", {{"kind", "rejection"}, {"lead_id", webinar2}, {"reason", "no_budget"}, {"campaign_id", 5}}).status == 201);
    REQUIRE(rita.Post("/api/feedback", {{"kind", "rejection"}, {"lead_id", referral}, {"reason", "bad_fit"}, {"text", "a consultancy"}}).status == 201);
    REQUIRE(rita.Post("/api/leads/" + std::to_string(event) + "/transitions", {{"to", "recycled"}, {"reason", "no_timeline"}}).status == 200);

    nlohmann::json after;
    CheckInsights(maya, from, to, &after);
    const nlohmann::json& b = before["rejections"];
    const nlohmann::json& a = after["rejections"];
    CHECK(a["total"] == b["total"].get<std::int64_t>() + 4);
    CHECK(a["counts"].value("no_budget", 0) == b["counts"].value("no_budget", 0) + 2);
    CHECK(a["counts"].value("bad_fit", 0) == b["counts"].value("bad_fit", 0) + 1);
    CHECK(a["counts"].value("no_timeline", 0) == b["counts"].value("no_timeline", 0) + 1);
    // All four fall in this week, the last of the thirteen.
    CHECK(a["weeks"].back()["key"] == FormatDay(Monday(today)));
    CHECK(a["weeks"].back()["total"] == b["weeks"].back()["total"].get<std::int64_t>() + 4);
    for (std::size_t i = 0; i + 1 < a["weeks"].size(); ++i) CHECK(a["weeks"][i] == b["weeks"][i]);
    CHECK(CountOf(FindKey(a["by_source"], "webinar"), "no_budget") == CountOf(FindKey(b["by_source"], "webinar"), "no_budget") + 2);
    CHECK(FindKey(a["by_source"], "webinar")->at("weekly").back() ==
          (FindKey(b["by_source"], "webinar") ? FindKey(b["by_source"], "webinar")->at("weekly").back().get<std::int64_t>() : 0) + 2);
    CHECK(CountOf(FindKey(a["by_source"], "referral"), "bad_fit") == CountOf(FindKey(b["by_source"], "referral"), "bad_fit") + 1);
    CHECK(CountOf(FindKey(a["by_source"], "event"), "no_timeline") == CountOf(FindKey(b["by_source"], "event"), "no_timeline") + 1);
    CHECK(CountOf(FindKey(a["by_campaign"], "3"), "no_budget") == CountOf(FindKey(b["by_campaign"], "3"), "no_budget") + 2);
    CHECK(CountOf(FindKey(a["by_campaign"], "3"), "no_timeline") == CountOf(FindKey(b["by_campaign"], "3"), "no_timeline") + 1);
    CHECK(CountOf(FindKey(a["by_campaign"], "5"), "no_budget") == CountOf(FindKey(b["by_campaign"], "5"), "no_budget"));
    CHECK(CountOf(FindKey(a["by_campaign"], "none"), "bad_fit") == CountOf(FindKey(b["by_campaign"], "none"), "bad_fit") + 1);
    CHECK(FindKey(a["by_campaign"], "3")->at("name") == CampaignName(maya, 3));
    CHECK(FindKey(a["by_campaign"], "none")->at("name") == "No campaign");
    // A period that ends before today does not see them.
    nlohmann::json earlier = maya.Get("/api/feedback/insights?from=" + FormatDay(from) + "&to=" + FormatDay(Monday(today))).Json();
    CHECK(earlier["rejections"]["total"] == b["total"].get<std::int64_t>() - b["weeks"].back()["total"].get<std::int64_t>());
}

TEST_CASE("the objections and questions heard most: by tag, or by wording when untagged, with what was said") {
    DemoServer demo;
    ApiClient sam = demo.As("sam");
    std::int64_t today = Today();
    std::int64_t from = Monday(today) - 7 * 12, to = today + 1;
    nlohmann::json before;
    CheckInsights(sam, from, to, &before);
    auto top = [](const nlohmann::json& list) { return list["themes"].empty() ? 0 : list["themes"][0]["count"].get<std::int64_t>(); };

    // One more than the most frequent theme so far: these lead the lists.
    std::int64_t objections = top(before["objections"]) + 1;
    ApiClient rita = demo.As("rita"), raj = demo.As("raj");
    std::int64_t last_objection = 0;
    for (std::int64_t i = 0; i < objections; ++i) {
        std::string text = i + 1 == objections ? "  Integration takes TOO long!! " : "Integration takes too long";
        Reply logged = (i % 2 ? raj : rita).Post("/api/feedback", {{"kind", "objection"}, {"text", text}, {"tags", {"Integration-Effort"}}});
        REQUIRE(logged.status == 201);
        last_objection = logged.Json()["id"];
    }
    std::int64_t questions = top(before["questions"]) + 1;
    const char* wordings[] = {"Do you integrate with Salesforce?", "do you integrate with  salesforce", "DO YOU INTEGRATE WITH SALESFORCE??"};
    std::vector<std::int64_t> question_ids;
    for (std::int64_t i = 0; i < questions; ++i) {
        Reply logged = rita.Post("/api/feedback", {{"kind", "question"}, {"text", wordings[i % 3]}});
        REQUIRE(logged.status == 201);
        question_ids.push_back(logged.Json()["id"]);
    }

    nlohmann::json after;
    CheckInsights(sam, from, to, &after);
    CHECK(after["objections"]["total"] == before["objections"]["total"].get<std::int64_t>() + objections);
    const nlohmann::json& objection = after["objections"]["themes"][0];
    CHECK(objection["key"] == "integration-effort");
    CHECK(objection["by"] == "tag");
    CHECK(objection["count"] == objections);
    // One wording (case, spaces and closing punctuation aside), quoted as last logged.
    REQUIRE(objection["examples"].size() == 1);
    CHECK(objection["examples"][0] == nlohmann::json({{"text", "Integration takes TOO long!!"}, {"count", objections},
                                                      {"feedback_id", last_objection}}));

    CHECK(after["questions"]["total"] == before["questions"]["total"].get<std::int64_t>() + questions);
    const nlohmann::json& question = after["questions"]["themes"][0];
    CHECK(question["key"] == "do you integrate with salesforce");
    CHECK(question["by"] == "text");
    CHECK(question["count"] == questions);
    REQUIRE(question["examples"].size() == 1);
    CHECK(question["examples"][0]["count"] == questions);
    CHECK(question["examples"][0]["feedback_id"] == question_ids.back());
    CHECK(question["examples"][0]["text"] == wordings[(questions - 1) % 3]);
    CHECK(after["questions"]["themes"].size() <= 12);

    // Sent as a tag filter, the feed lists exactly the theme's remarks.
    nlohmann::json tagged = sam.Get("/api/feedback?kind=objection&tag=integration-effort&limit=500").Json();
    CHECK(tagged["items"].size() == static_cast<std::size_t>(objections));
}

TEST_CASE("the wins digest recounts the customers won from the leads and their stage history") {
    DemoServer demo;
    ApiClient admin = demo.As("admin");
    ApiClient maya = demo.As("maya");
    std::int64_t today = Today();
    std::int64_t from = today - 364, to = today + 1;

    auto expected_wins = [&](std::int64_t period_from, std::int64_t period_to) {
        std::map<std::int64_t, nlohmann::json> leads = LeadsById(admin);
        std::vector<std::vector<std::string>> history = ParseCsv(admin.Get("/api/stage-history.csv").body);
        REQUIRE(history.size() > 1);
        REQUIRE(history[0] == std::vector<std::string>{"id", "lead_id", "from", "to", "at", "by", "reason", "note"});
        std::map<std::int64_t, std::int64_t> won_at;
        for (std::size_t i = 1; i < history.size(); ++i) {
            if (history[i][3] != "won") continue;
            std::int64_t lead = std::stoll(history[i][1]), at = Seconds(history[i][4]);
            auto [it, inserted] = won_at.emplace(lead, at);
            if (!inserted) it->second = std::min(it->second, at);
        }
        std::map<std::int64_t, nlohmann::json> stories;   // the latest win story per lead
        for (const nlohmann::json& item : AllFeedback(admin)) {
            if (item["kind"] != "win_story" || item["lead_id"].is_null()) continue;
            nlohmann::json& story = stories[item["lead_id"].get<std::int64_t>()];
            auto later = [](const nlohmann::json& x, const nlohmann::json& y) {
                return Seconds(x["at"]) != Seconds(y["at"]) ? Seconds(x["at"]) > Seconds(y["at"]) : x["id"] > y["id"];
            };
            if (story.is_null() || later(item, story)) story = item;
        }
        std::vector<nlohmann::json> wins;
        for (const auto& [lead_id, at] : won_at) {
            if (at < period_from * 86400 || at >= period_to * 86400) continue;
            const nlohmann::json& lead = leads.at(lead_id);
            nlohmann::json win = {{"lead_id", lead_id}, {"name", lead["name"]}, {"company", lead["company"]}, {"source", lead["source"]},
                                  {"campaign_id", lead["campaign_id"]}, {"owner_id", lead["owner_id"]}, {"deal_value", lead["deal_value"]},
                                  {"created_at", lead["created_at"]}, {"won_at_seconds", at},
                                  {"cycle_days", static_cast<double>(at - Seconds(lead["created_at"])) / 86400.0}};
            win["campaign_name"] = lead["campaign_id"].is_null() ? std::string() : CampaignName(admin, lead["campaign_id"]);
            if (stories.count(lead_id)) {
                const nlohmann::json& story = stories[lead_id];
                win["story"] = {{"feedback_id", story["id"]}, {"author_id", story["author_id"]}, {"at", story["at"]}, {"text", story["text"]}};
            } else {
                win["story"] = nullptr;
            }
            wins.push_back(win);
        }
        std::sort(wins.begin(), wins.end(), [](const nlohmann::json& x, const nlohmann::json& y) {
            return x["won_at_seconds"] != y["won_at_seconds"] ? x["won_at_seconds"] > y["won_at_seconds"] : x["lead_id"] > y["lead_id"];
        });
        return wins;
    };
    auto check_digest = [&](const nlohmann::json& digest, const std::vector<nlohmann::json>& wins, std::size_t limit) {
        std::int64_t revenue = 0;
        double cycle = 0;
        std::map<std::string, std::pair<std::int64_t, std::int64_t>> by_source;   // count, revenue
        for (const nlohmann::json& win : wins) {
            std::int64_t value = win["deal_value"].is_null() ? 0 : win["deal_value"].get<std::int64_t>();
            revenue += value;
            cycle += win["cycle_days"].get<double>();
            std::pair<std::int64_t, std::int64_t>& source = by_source[win["source"].get<std::string>()];
            source.first += 1;
            source.second += value;
        }
        CHECK(digest["count"] == wins.size());
        CHECK(digest["revenue"] == revenue);
        if (wins.empty()) CHECK(digest["avg_cycle_days"].is_null());
        else CHECK(digest["avg_cycle_days"].get<double>() == doctest::Approx(cycle / static_cast<double>(wins.size())));
        REQUIRE(digest["by_source"].size() == by_source.size());
        for (std::size_t i = 0; i < digest["by_source"].size(); ++i) {
            const nlohmann::json& source = digest["by_source"][i];
            INFO(source.dump());
            CHECK(by_source.at(source["source"].get<std::string>()) == std::make_pair(source["count"].get<std::int64_t>(), source["revenue"].get<std::int64_t>()));
            if (i > 0) {   // most wins first, then most revenue
                const nlohmann::json& previous = digest["by_source"][i - 1];
                CHECK(std::make_pair(previous["count"].get<std::int64_t>(), previous["revenue"].get<std::int64_t>()) >=
                      std::make_pair(source["count"].get<std::int64_t>(), source["revenue"].get<std::int64_t>()));
            }
        }
        std::size_t listed = std::min(limit, wins.size());
        CHECK(digest["truncated"] == (wins.size() > limit));
        REQUIRE(digest["wins"].size() == listed);
        for (std::size_t i = 0; i < listed; ++i) {
            nlohmann::json served = digest["wins"][i];
            nlohmann::json wanted = wins[i];
            INFO("win " << i << ": " << served.dump());
            CHECK(Seconds(served["won_at"]) == wanted["won_at_seconds"].get<std::int64_t>());
            CHECK(served["cycle_days"].get<double>() == doctest::Approx(wanted["cycle_days"].get<double>()));
            for (const char* key : {"lead_id", "name", "company", "source", "campaign_id", "campaign_name", "owner_id", "deal_value",
                                    "created_at", "story"})
                CHECK_MESSAGE(served[key] == wanted[key], key);
        }
    };

    std::vector<nlohmann::json> year = expected_wins(from, to);
    REQUIRE(year.size() > 3);   // the demo won customers this year
    Reply digest = maya.Get("/api/feedback/wins?from=" + FormatDay(from) + "&to=" + FormatDay(to) + "&limit=500");
    REQUIRE(digest.status == 200);
    CHECK(digest.Json()["from"] == FormatDay(from));
    CHECK(digest.Json()["to"] == FormatDay(to));
    check_digest(digest.Json(), year, 500);
    // Cut to the newest three; the totals still count every win.
    check_digest(maya.Get("/api/feedback/wins?from=" + FormatDay(from) + "&to=" + FormatDay(to) + "&limit=3").Json(), year, 3);
    // The default: the last 30 days, through today, at most 100 listed.
    Reply month = maya.Get("/api/feedback/wins");
    REQUIRE(month.status == 200);
    CHECK(month.Json()["from"] == FormatDay(today - 29));
    check_digest(month.Json(), expected_wins(today - 29, today + 1), 100);

    // A customer won now, with the rep's story: first in the digest, with what brought them in.
    ApiClient rita = demo.As("rita");
    std::int64_t lead = HandedOver(demo, "won.now@example.com", "referral", 4);
    std::string path = "/api/leads/" + std::to_string(lead);
    REQUIRE(rita.Post(path + "/transitions", {{"to", "sql"}}).status == 200);
    REQUIRE(rita.Post(path + "/transitions", {{"to", "opportunity"}}).status == 200);
    REQUIRE(rita.Post("/api/feedback", {{"kind", "win_story"}, {"lead_id", lead}, {"text", "Their CFO came to the webinar"}}).status == 201);
    Reply story = rita.Post("/api/feedback", {{"kind", "win_story"}, {"lead_id", lead}, {"text", "Signed after the ROI workshop"}});
    REQUIRE(story.status == 201);
    REQUIRE(rita.Post(path + "/transitions", {{"to", "won"}, {"deal_value", 23456}}).status == 200);
    nlohmann::json now = maya.Get("/api/feedback/wins").Json();
    std::vector<nlohmann::json> expected_now = expected_wins(today - 29, today + 1);
    check_digest(now, expected_now, 100);
    CHECK(now["count"] == month.Json()["count"].get<std::int64_t>() + 1);
    CHECK(now["revenue"] == month.Json()["revenue"].get<std::int64_t>() + 23456);
    REQUIRE(!now["wins"].empty());
    const nlohmann::json& first = now["wins"][0];
    CHECK(first["lead_id"] == lead);
    CHECK(first["company"] == "Buyer Logistics");
    CHECK(first["source"] == "referral");
    CHECK(first["campaign_id"] == 4);
    CHECK(first["campaign_name"] == CampaignName(maya, 4));
    CHECK(first["owner_id"] == demo.IdOf("rita"));
    CHECK(first["deal_value"] == 23456);
    CHECK(first["story"]["text"] == "Signed after the ROI workshop");
    CHECK(first["story"]["feedback_id"] == story.Json()["id"]);
    CHECK(first["story"]["author_id"] == demo.IdOf("rita"));
}

TEST_CASE("the insights and the wins refuse bad periods and limits, and strangers") {
    DemoServer demo;
    ApiClient mark = demo.As("mark");
    for (const char* path : {"/api/feedback/insights", "/api/feedback/wins"}) {
        INFO(std::string(path));
        CHECK(ErrorOf(demo.Anonymous().Get(path)) == ApiError{401, "unauthorized"});
        CHECK(ErrorOf(mark.Get(std::string(path) + "?from=2026-13-01")) == ApiError{400, "bad_request", "from"});
        CHECK(ErrorOf(mark.Get(std::string(path) + "?to=yesterday")) == ApiError{400, "bad_request", "to"});
        CHECK(ErrorOf(mark.Get(std::string(path) + "?from=2026-06-01&to=2026-06-01")) == ApiError{400, "bad_request", "to"});
        CHECK(ErrorOf(mark.Get(std::string(path) + "?from=2026-06-02&to=2026-06-01")) == ApiError{400, "bad_request", "to"});
        CHECK(ErrorOf(mark.Get(std::string(path) + "?from=2000-01-01&to=2026-06-01")) == ApiError{400, "bad_request", "to"});
        CHECK(mark.Get(std::string(path) + "?from=2026-06-01&to=2026-06-02").status == 200);
    }
    CHECK(ErrorOf(mark.Get("/api/feedback/wins?limit=0")) == ApiError{400, "bad_request", "limit"});
    CHECK(ErrorOf(mark.Get("/api/feedback/wins?limit=501")) == ApiError{400, "bad_request", "limit"});
    // One day: one week in the weekly split, and nothing logged in it before the demo's first lead.
    nlohmann::json day = mark.Get("/api/feedback/insights?from=2020-01-08&to=2020-01-09").Json();
    CHECK(day["rejections"] == nlohmann::json({{"total", 0}, {"counts", nlohmann::json::object()}, {"by_source", nlohmann::json::array()},
                                               {"by_campaign", nlohmann::json::array()},
                                               {"weeks", {{{"key", "2020-01-06"}, {"name", ""}, {"total", 0},
                                                           {"counts", nlohmann::json::object()}, {"weekly", nlohmann::json::array()}}}}}));
    CHECK(day["objections"] == nlohmann::json({{"total", 0}, {"themes", nlohmann::json::array()}}));
}
