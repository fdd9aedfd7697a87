// The campaign calendar over HTTP: results and clashes with every campaign, writes by role with
// If-Match, changes on the event stream, and the iCalendar feed: its token's whole life and every
// field of its events, read back with a small RFC 5545 reader written here, not the server's.
#include <doctest/doctest.h>

#include <ctime>
#include <iomanip>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "server_process.h"

using namespace tandem::test;

namespace {

std::string Id(const nlohmann::json& entity) { return std::to_string(entity["id"].get<std::int64_t>()); }

// Dates far from the demo's plan (which runs around today), so only the test's campaigns meet.
nlohmann::json Campaign(const std::string& name, const std::string& start, const std::string& end,
                        nlohmann::json segment = nlohmann::json::object()) {
    return {{"name", name}, {"type", "webinar"}, {"start", start}, {"end", end}, {"segment", std::move(segment)}};
}

// Facts that make a lead sales-ready under the demo's active definition.
nlohmann::json SalesReady(const std::string& email, std::int64_t campaign_id) {
    return {{"email", email}, {"campaign_id", campaign_id}, {"title", "CTO"}, {"industry", "software"},
            {"company_size", 200}, {"country", "US"}, {"phone", "+1 555 0100"}, {"authority", "decision_maker"},
            {"need", "yes"}, {"budget_usd", 20000}, {"timeline_months", 3}, {"demo_requested", true}};
}

// --- A small iCalendar reader: unfold, split properties, unescape TEXT (RFC 5545 3.1, 3.3.11).

struct Property {
    std::string name;
    std::string params;   // ";VALUE=DATE" as written
    std::string value;    // as written (escaped)
};

struct Ics {
    std::vector<std::string> physical;             // lines as sent, without CRLF
    std::vector<Property> calendar;                // VCALENDAR's own properties
    std::vector<std::vector<Property>> events;     // each VEVENT's properties
    bool crlf_only = true;                         // no bare LF anywhere
};

Ics ReadIcs(const std::string& text) {
    Ics ics;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find("\r\n", start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        if (line.find('\n') != std::string::npos) ics.crlf_only = false;
        ics.physical.push_back(line);
        start = end + 2;
    }
    std::vector<std::string> logical;
    for (const std::string& line : ics.physical) {
        if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !logical.empty()) logical.back() += line.substr(1);
        else logical.push_back(line);
    }
    std::vector<Property>* current = &ics.calendar;
    for (const std::string& line : logical) {
        std::size_t colon = line.find(':');
        REQUIRE(colon != std::string::npos);
        std::string head = line.substr(0, colon);
        Property property;
        std::size_t semicolon = head.find(';');
        property.name = head.substr(0, semicolon);
        property.params = semicolon == std::string::npos ? "" : head.substr(semicolon);
        property.value = line.substr(colon + 1);
        if (property.name == "BEGIN" && property.value == "VEVENT") {
            ics.events.emplace_back();
            current = &ics.events.back();
        } else if (property.name == "END" && property.value == "VEVENT") {
            current = &ics.calendar;
        } else {
            current->push_back(property);
        }
    }
    return ics;
}

std::string Unescape(const std::string& value) {
    std::string out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] != '\\' || i + 1 == value.size()) {
            out += value[i];
            continue;
        }
        char next = value[++i];
        out += next == 'n' || next == 'N' ? '\n' : next;
    }
    return out;
}

const Property* Find(const std::vector<Property>& properties, const std::string& name) {
    for (const Property& property : properties)
        if (property.name == name) return &property;
    return nullptr;
}

std::string Value(const std::vector<Property>& properties, const std::string& name) {
    const Property* property = Find(properties, name);
    return property ? property->value : "<missing " + name + ">";
}

// The campaign's event: its UID is campaign-<id>@<the installation's 32 hex digits>.tandem.
const std::vector<Property>* EventOf(const Ics& ics, const std::string& campaign_id) {
    const std::regex uid("campaign-" + campaign_id + "@[0-9a-f]{32}\\.tandem");
    for (const std::vector<Property>& event : ics.events)
        if (std::regex_match(Value(event, "UID"), uid)) return &event;
    return nullptr;
}

// "2026-11-25T09:30:00Z" -> "20261125T093000Z"; "2027-01-12" -> "20270112".
std::string Compact(std::string iso) {
    std::string out;
    for (char c : iso)
        if (c != '-' && c != ':') out += c;
    return out;
}

std::string Token(const std::string& url) { return url.substr(url.find("token=") + 6); }

}  // namespace

TEST_CASE("each campaign reports what its leads did: leads, mqls, sqls, won and revenue") {
    DemoServer demo(0);
    ApiClient mark = demo.As("mark");
    ApiClient rita = demo.As("rita");
    Reply planned = mark.Post("/api/campaigns", Campaign("Results webinar", "2031-03-03", "2031-03-04"));
    REQUIRE(planned.status == 201);
    std::int64_t campaign = planned.Json()["id"];
    CHECK(planned.Json()["results"] == nlohmann::json({{"leads", 0}, {"mqls", 0}, {"sqls", 0}, {"won", 0}, {"revenue", 0}}));
    CHECK(planned.Json()["clashes"] == nlohmann::json::array());

    // A: won for 12,000. B: accepted, then lost. C: rejected (no budget). D: knows nothing yet.
    // E: another campaign's lead.
    std::vector<std::string> ids;
    for (const char* name : {"a", "b", "c"}) {
        Reply created = mark.Post("/api/leads", SalesReady(std::string(name) + "@results.test", campaign));
        REQUIRE(created.status == 201);
        REQUIRE(created.Json()["stage"] == "sales_ready");
        ids.push_back(Id(created.Json()));
    }
    Reply d = mark.Post("/api/leads", {{"email", "d@results.test"}, {"campaign_id", campaign}});
    REQUIRE(d.status == 201);
    ids.push_back(Id(d.Json()));
    REQUIRE(mark.Post("/api/leads", SalesReady("e@results.test", 5)).status == 201);
    // Round robin gives the leads to both reps; the sales leader acts on all of them.
    ApiClient sam = demo.As("sam");
    auto move = [&](int lead, const nlohmann::json& body) {
        REQUIRE(sam.Post("/api/leads/" + ids[static_cast<std::size_t>(lead)] + "/transitions", body).status == 200);
    };
    move(0, {{"to", "sql"}});
    move(0, {{"to", "opportunity"}});
    move(0, {{"to", "won"}, {"deal_value", 12000}});
    move(1, {{"to", "sql"}});
    move(1, {{"to", "lost"}});
    move(2, {{"to", "recycled"}, {"reason", "no_budget"}});

    // The same counts from the leads' own histories, as "entered ever" reads them.
    std::map<std::string, int> entered;
    for (const std::string& id : ids) {
        std::set<std::string> stages;
        nlohmann::json history = rita.Get("/api/leads/" + id + "/history").Json();
        for (const nlohmann::json& row : history["items"]) stages.insert(row["to"]);
        for (const std::string& stage : stages) ++entered[stage];
    }
    CHECK(entered["mql"] == 3);
    CHECK(entered["sql"] == 2);
    CHECK(entered["won"] == 1);
    const nlohmann::json expected = {{"leads", 4}, {"mqls", 3}, {"sqls", 2}, {"won", 1}, {"revenue", 12000}};
    Reply read = rita.Get("/api/campaigns/" + std::to_string(campaign));
    REQUIRE(read.status == 200);
    CHECK(read.Json()["results"] == expected);
    bool listed = false;
    nlohmann::json page = rita.Get("/api/campaigns?from=2031-03-01").Json();
    for (const nlohmann::json& item : page["items"]) {
        if (item["id"] != campaign) continue;
        listed = true;
        CHECK(item["results"] == expected);
    }
    CHECK(listed);
    // Demo campaign 5 has exactly the one lead E, sales-ready.
    CHECK(rita.Get("/api/campaigns/5").Json()["results"] ==
          nlohmann::json({{"leads", 1}, {"mqls", 1}, {"sqls", 0}, {"won", 0}, {"revenue", 0}}));
}

TEST_CASE("clashes come with every campaign: same days and a shared audience, never a cancelled one") {
    DemoServer demo(0);
    ApiClient mark = demo.As("mark");
    ApiClient rita = demo.As("rita");
    Reply a = mark.Post("/api/campaigns", Campaign("Retail webinar", "2031-05-10", "2031-05-12",
                                                   {{"industries", {"Retail", "software"}}, {"regions", {"US"}},
                                                    {"company_size_min", 100}}));
    Reply b = mark.Post("/api/campaigns", Campaign("Retail roundtable", "2031-05-12", "2031-05-20",
                                                   {{"industries", {"retail"}}, {"titles", {"CEO", "COO"}},
                                                    {"company_size_max", 5000}}));
    Reply c = mark.Post("/api/campaigns", Campaign("Fintech day", "2031-05-11", "2031-05-11", {{"industries", {"fintech"}}}));
    Reply d = mark.Post("/api/campaigns", Campaign("Launch for everyone", "2031-05-13", "2031-05-13"));
    REQUIRE(a.status == 201);
    REQUIRE(b.status == 201);
    REQUIRE(c.status == 201);
    REQUIRE(d.status == 201);
    std::int64_t a_id = a.Json()["id"], b_id = b.Json()["id"], c_id = c.Json()["id"], d_id = d.Json()["id"];
    // B's answer already knows A: the plan is checked as a whole on every write.
    CHECK(b.Json()["clashes"] ==
          nlohmann::json::array({{{"campaign_id", a_id}, {"campaign_name", "Retail webinar"}, {"from", "2031-05-12"},
                                  {"to", "2031-05-12"},
                                  {"reason", "Both run May 12, 2031 and target industries retail; titles CEO, COO; "
                                             "regions US; 100–5,000 employees"}}}));
    nlohmann::json a_read = rita.Get("/api/campaigns/" + std::to_string(a_id)).Json();
    CHECK(a_read["clashes"] ==
          nlohmann::json::array({{{"campaign_id", b_id}, {"campaign_name", "Retail roundtable"}, {"from", "2031-05-12"},
                                  {"to", "2031-05-12"},
                                  {"reason", "Both run May 12, 2031 and target industries Retail; titles CEO, COO; "
                                             "regions US; 100–5,000 employees"}}}));
    // C shares days with A but not its industries; D shares B's days with an open audience.
    CHECK(rita.Get("/api/campaigns/" + std::to_string(c_id)).Json()["clashes"] == nlohmann::json::array());
    nlohmann::json d_read = rita.Get("/api/campaigns/" + std::to_string(d_id)).Json();
    REQUIRE(d_read["clashes"].size() == 1);
    CHECK(d_read["clashes"][0]["campaign_id"] == b_id);
    CHECK(d_read["clashes"][0]["reason"] == "Both run May 13, 2031 and target industries retail; titles CEO, COO; up to 5,000 employees");

    // Cancelling B ends both of its clashes, for everyone reading the plan.
    Reply cancelled = mark.Patch("/api/campaigns/" + std::to_string(b_id), {{"status", "cancelled"}},
                                 {{"If-Match", b.Header("ETag")}});
    REQUIRE(cancelled.status == 200);
    CHECK(cancelled.Json()["clashes"] == nlohmann::json::array());
    nlohmann::json may = rita.Get("/api/campaigns?from=2031-05-01&to=2031-05-31").Json();
    REQUIRE(may["items"].size() == 4);
    for (const nlohmann::json& item : may["items"]) {
        INFO(item["name"].get<std::string>());
        CHECK(item["clashes"] == nlohmann::json::array());
    }
    // Moving C to fintech-and-retail on A's days brings a clash back, reason from each side.
    Reply moved = mark.Patch("/api/campaigns/" + std::to_string(c_id), {{"segment", {{"industries", {"fintech", "RETAIL"}}}}});
    REQUIRE(moved.status == 200);
    CHECK(moved.Json()["clashes"][0]["reason"] == "Both run May 11, 2031 and target industries RETAIL; regions US; 100+ employees");
}

TEST_CASE("marketers and leaders write campaigns with If-Match, everyone reads, and every change is pushed") {
    DemoServer demo(0);
    ApiClient mark = demo.As("mark");
    ApiClient rita = demo.As("rita");
    std::string path;
    std::string first_tag;
    bool acted = false;
    Reply stream = rita.Stream("/api/events", [&](const std::string& received) {
        if (!acted && received.find("event: hello") != std::string::npos) {
            acted = true;
            Reply planned = mark.Post("/api/campaigns", Campaign("Pushed webinar", "2031-06-01", "2031-06-02"));
            REQUIRE(planned.status == 201);
            path = planned.Header("Location");
            first_tag = planned.Header("ETag");
            CHECK(first_tag == "\"campaign-" + Id(planned.Json()) + "-r1\"");
            Reply renamed = demo.As("sam").Patch(path, {{"name", "Pushed webinar, renamed"}}, {{"If-Match", first_tag}});
            REQUIRE(renamed.status == 200);
            CHECK(renamed.Header("ETag") == "\"campaign-" + Id(planned.Json()) + "-r2\"");
            // A stale tag changes nothing and announces nothing.
            CHECK(ErrorOf(demo.As("maya").Patch(path, {{"status", "live"}}, {{"If-Match", first_tag}})) ==
                  ApiError{412, "precondition_failed", "If-Match"});
            CHECK(ErrorOf(rita.Post("/api/campaigns", Campaign("Rep's idea", "2031-06-01", "2031-06-01"))) ==
                  ApiError{403, "forbidden"});
            CHECK(ErrorOf(rita.Patch(path, {{"status", "live"}})) == ApiError{403, "forbidden"});
            Reply live = demo.As("maya").Patch(path, {{"status", "live"}}, {{"If-Match", "*"}});
            REQUIRE(live.status == 200);
        }
        std::size_t campaign_events = 0;
        for (std::size_t at = received.find("event: campaign\n"); at != std::string::npos;
             at = received.find("event: campaign\n", at + 1))
            ++campaign_events;
        // Whole frames only: the third event's data line has arrived.
        return !(campaign_events >= 3 && received.ends_with("\n\n"));
    });
    REQUIRE(stream.status == 200);
    std::string id = path.substr(path.rfind('/') + 1);
    std::regex campaign_event("event: campaign\ndata: (\\{[^\n]*\\})");
    std::vector<nlohmann::json> events;
    for (auto it = std::sregex_iterator(stream.body.begin(), stream.body.end(), campaign_event); it != std::sregex_iterator(); ++it)
        events.push_back(nlohmann::json::parse((*it)[1].str()));
    REQUIRE(events.size() == 3);
    CHECK(events[0] == nlohmann::json({{"id", std::stoll(id)}, {"change", "created"}}));
    CHECK(events[1] == nlohmann::json({{"id", std::stoll(id)}, {"change", "updated"}}));
    CHECK(events[2] == nlohmann::json({{"id", std::stoll(id)}, {"change", "updated"}}));
    Reply read = rita.Get(path);
    CHECK(read.Json()["name"] == "Pushed webinar, renamed");
    CHECK(read.Json()["status"] == "live");
    CHECK(read.Json()["revision"] == 3);
    CHECK(read.Header("ETag") == "\"campaign-" + id + "-r3\"");
}

TEST_CASE("a calendar feed token lives from creation through replacement to revocation") {
    DemoServer demo(0);
    ApiClient rita = demo.As("rita");
    ApiClient anonymous = demo.Anonymous();
    std::string origin = "http://127.0.0.1:" + std::to_string(demo.Port());

    nlohmann::json none = {{"active", false}, {"created_at", nullptr}, {"last_used_at", nullptr}, {"url", nullptr}, {"webcal_url", nullptr}};
    CHECK(rita.Get("/api/calendar/feed").Json() == none);
    CHECK(ErrorOf(anonymous.Get("/api/calendar/feed")) == ApiError{401, "unauthorized"});
    CHECK(ErrorOf(anonymous.Post("/api/calendar/feed", nlohmann::json::object())) == ApiError{401, "unauthorized"});
    CHECK(ErrorOf(anonymous.Delete("/api/calendar/feed")) == ApiError{401, "unauthorized"});

    Reply created = rita.Post("/api/calendar/feed", nlohmann::json::object());
    REQUIRE(created.status == 201);
    CHECK(created.Header("Cache-Control") == "no-store");
    nlohmann::json feed = created.Json();
    CHECK(feed["active"] == true);
    CHECK(feed["last_used_at"].is_null());
    std::string url = feed["url"];
    CHECK(url.starts_with(origin + "/api/calendar.ics?token=cal_"));
    CHECK(feed["webcal_url"] == "webcal://" + url.substr(7));
    std::string token = Token(url);
    CHECK(token.size() == 4 + 43);   // "cal_" and 32 random bytes in URL-safe base64
    CHECK(std::regex_match(token, std::regex("cal_[A-Za-z0-9_-]{43}")));
    // Shown once: afterwards the status says there is a feed, not what it is.
    nlohmann::json status = rita.Get("/api/calendar/feed").Json();
    CHECK(status["active"] == true);
    CHECK(status["created_at"] == feed["created_at"]);
    CHECK(status["url"].is_null());
    CHECK(status["webcal_url"].is_null());

    // The feed needs no session, and remembers that a calendar app came.
    Reply fetched = anonymous.Get("/api/calendar.ics?token=" + token);
    REQUIRE(fetched.status == 200);
    CHECK(fetched.Header("Content-Type") == "text/calendar; charset=utf-8");
    CHECK(fetched.body.starts_with("BEGIN:VCALENDAR\r\n"));
    CHECK_FALSE(rita.Get("/api/calendar/feed").Json()["last_used_at"].is_null());

    // Only a hash is stored: the token is nowhere in the database files.
    std::string stored = DatabaseContents(demo.DbTarget());
    CHECK(stored.find(token) == std::string::npos);
    CHECK(stored.find(token.substr(4)) == std::string::npos);

    // Maya's feed is her own: Rita replacing or revoking hers does not touch it.
    std::string maya_token = Token(demo.As("maya").Post("/api/calendar/feed", nlohmann::json::object()).Json()["url"]);
    Reply replaced = rita.Post("/api/calendar/feed", nlohmann::json::object());
    REQUIRE(replaced.status == 201);
    std::string new_token = Token(replaced.Json()["url"]);
    CHECK(new_token != token);
    CHECK(ErrorOf(anonymous.Get("/api/calendar.ics?token=" + token)) == ApiError{404, "not_found", "token"});
    CHECK(anonymous.Get("/api/calendar.ics?token=" + new_token).status == 200);

    Reply revoked = rita.Delete("/api/calendar/feed");
    CHECK(revoked.status == 204);
    CHECK(revoked.body.empty());
    CHECK(ErrorOf(anonymous.Get("/api/calendar.ics?token=" + new_token)) == ApiError{404, "not_found", "token"});
    CHECK(rita.Get("/api/calendar/feed").Json() == none);
    CHECK(rita.Delete("/api/calendar/feed").status == 204);   // nothing left to revoke: still done
    CHECK(anonymous.Get("/api/calendar.ics?token=" + maya_token).status == 200);

    // No token and no session: 401; an empty or made-up token: 404; a session instead of a token: fine.
    CHECK(ErrorOf(anonymous.Get("/api/calendar.ics")) == ApiError{401, "unauthorized", "token"});
    CHECK(ErrorOf(anonymous.Get("/api/calendar.ics?token=")) == ApiError{404, "not_found", "token"});
    CHECK(ErrorOf(anonymous.Get("/api/calendar.ics?token=cal_made-up")) == ApiError{404, "not_found", "token"});
    CHECK(ErrorOf(anonymous.Get("/api/calendar.ics?token=" + maya_token + "&from=2031-01-01")) ==
          ApiError{400, "bad_request", "from"});
    CHECK(rita.Get("/api/calendar.ics").status == 200);

    // A deactivated account's feed stops with its sessions.
    REQUIRE(demo.As("admin").Patch("/api/users/" + std::to_string(demo.IdOf("maya")), {{"active", false}}).status == 200);
    CHECK(ErrorOf(anonymous.Get("/api/calendar.ics?token=" + maya_token)) == ApiError{404, "not_found", "token"});
}

TEST_CASE("the iCalendar feed: all-day events with every field escaped, folded and versioned") {
    DemoServer demo(0);
    ApiClient mark = demo.As("mark");
    std::string long_notes = "Call within 24h; mention the ROI calculator, then the checklist.\n"
                             "Second line: ask about Zürich, São Paulo and Kraków offices \\ compare with last year's numbers.";
    nlohmann::json input = {
        {"name", "Retail, Spring; Webinar \\ Q2"},
        {"type", "product_launch"},
        {"start", "2031-12-30"},
        {"end", "2032-01-02"},
        {"owner_id", demo.IdOf("mark")},
        {"offer", "Free trial, 30 days"},
        {"goal_leads", 1500},
        {"description", "Line one\nLine two"},
        {"sales_notes", long_notes},
        {"segment", {{"industries", {"retail"}}, {"regions", {"US", "GB"}}, {"company_size_min", 200}}},
    };
    Reply planned = mark.Post("/api/campaigns", input);
    REQUIRE(planned.status == 201);
    std::string id = Id(planned.Json());
    Reply other = mark.Post("/api/campaigns", Campaign("Quiet week", "2031-08-03", "2031-08-03"));
    REQUIRE(other.status == 201);

    std::string token = Token(demo.As("rita").Post("/api/calendar/feed", nlohmann::json::object()).Json()["url"]);
    ApiClient calendar_app = demo.Anonymous();
    Reply fetched = calendar_app.Get("/api/calendar.ics?token=" + token);
    REQUIRE(fetched.status == 200);
    Ics ics = ReadIcs(fetched.body);
    CHECK(ics.crlf_only);
    CHECK(fetched.body.ends_with("END:VCALENDAR\r\n"));
    for (const std::string& line : ics.physical) {
        INFO(line);
        CHECK(line.size() <= 75);
        // Folding never splits a UTF-8 character: no continuation byte starts a line's content.
        if (line.size() > 1 && line[0] == ' ') CHECK((static_cast<unsigned char>(line[1]) & 0xC0) != 0x80);
    }
    CHECK(ics.physical.size() > ics.events.size() * 16);   // the long description was folded
    CHECK(Value(ics.calendar, "VERSION") == "2.0");
    CHECK(Value(ics.calendar, "X-WR-CALNAME") == "Tandem campaigns");
    CHECK(Value(ics.calendar, "METHOD") == "PUBLISH");
    CHECK(ics.events.size() == 32);   // the demo's 30 and the test's 2

    const std::vector<Property>* event = EventOf(ics, id);
    REQUIRE(event);
    nlohmann::json campaign = planned.Json();
    std::string origin = "http://127.0.0.1:" + std::to_string(demo.Port());
    CHECK(Value(*event, "SUMMARY") == "Retail\\, Spring\\; Webinar \\\\ Q2");
    CHECK(Unescape(Value(*event, "SUMMARY")) == "Retail, Spring; Webinar \\ Q2");
    CHECK(Find(*event, "DTSTART")->params == ";VALUE=DATE");
    CHECK(Value(*event, "DTSTART") == "20311230");
    CHECK(Find(*event, "DTEND")->params == ";VALUE=DATE");
    CHECK(Value(*event, "DTEND") == "20320103");   // the day after the last
    CHECK(Value(*event, "SEQUENCE") == "0");
    CHECK(Value(*event, "DTSTAMP") == Compact(campaign["updated_at"]));
    CHECK(Value(*event, "LAST-MODIFIED") == Compact(campaign["updated_at"]));
    CHECK(Value(*event, "CREATED") == Compact(campaign["created_at"]));
    CHECK(Value(*event, "STATUS") == "TENTATIVE");
    CHECK(Value(*event, "CATEGORIES") == "Product launch");
    CHECK(Value(*event, "TRANSP") == "TRANSPARENT");
    CHECK(Value(*event, "URL") == origin + "/#/campaigns/" + id);
    CHECK(Unescape(Value(*event, "DESCRIPTION")) ==
          "Offer: Free trial, 30 days\nAudience: industries retail; regions US, GB; 200+ employees\nNotes for sales: " +
              long_notes + "\nOwner: Mark Marketer\nGoal: 1,500 leads\nStatus: Planned\n\nLine one\nLine two\n\nOpen in Tandem: " +
              origin + "/#/campaigns/" + id);
    // Escaped as TEXT: no raw comma, semicolon or line break survives in the value.
    std::string description = Value(*event, "DESCRIPTION");
    CHECK(std::regex_search(description, std::regex(R"((^|[^\\])(\\\\)*[,;])")) == false);
    CHECK(description.find("Zürich, São Paulo") == std::string::npos);
    CHECK(description.find("Zürich\\, São Paulo and Kraków offices \\\\ compare") != std::string::npos);

    // Unchanged plan: same bytes and tag, and a revalidation is answered 304 without a body.
    std::string tag = fetched.Header("ETag");
    CHECK(std::regex_match(tag, std::regex("\"ics-[0-9a-f]{16}\"")));
    Reply again = calendar_app.Get("/api/calendar.ics?token=" + token);
    CHECK(again.body == fetched.body);
    Reply revalidated = calendar_app.Get("/api/calendar.ics?token=" + token, {{"If-None-Match", tag}});
    CHECK(revalidated.status == 304);
    CHECK(revalidated.body.empty());

    // A change bumps SEQUENCE (revision - 1) and the tag; a cancelled campaign says so.
    REQUIRE(mark.Patch("/api/campaigns/" + id, {{"end", "2032-01-05"}}).status == 200);
    Reply cancelled = mark.Patch("/api/campaigns/" + id, {{"status", "cancelled"}});
    REQUIRE(cancelled.status == 200);
    Reply changed = calendar_app.Get("/api/calendar.ics?token=" + token, {{"If-None-Match", tag}});
    REQUIRE(changed.status == 200);
    CHECK(changed.Header("ETag") != tag);
    Ics after = ReadIcs(changed.body);
    event = EventOf(after, id);
    REQUIRE(event);
    CHECK(Value(*event, "SEQUENCE") == "2");
    CHECK(Value(*event, "DTEND") == "20320106");
    CHECK(Value(*event, "STATUS") == "CANCELLED");
    CHECK(Value(*event, "SUMMARY") == "Cancelled: Retail\\, Spring\\; Webinar \\\\ Q2");
    CHECK(Value(*event, "DTSTAMP") == Compact(cancelled.Json()["updated_at"]));
    // The other event is as it was; live and done campaigns are confirmed.
    const std::vector<Property>* quiet = EventOf(after, Id(other.Json()));
    REQUIRE(quiet);
    CHECK(Value(*quiet, "STATUS") == "TENTATIVE");
    CHECK(Unescape(Value(*quiet, "DESCRIPTION")) == "Audience: everyone\nStatus: Planned\n\nOpen in Tandem: " + origin +
                                                        "/#/campaigns/" + Id(other.Json()));
    REQUIRE(mark.Patch("/api/campaigns/" + Id(other.Json()), {{"status", "done"}}).status == 200);
    Ics done = ReadIcs(calendar_app.Get("/api/calendar.ics?token=" + token).body);
    CHECK(Value(*EventOf(done, Id(other.Json())), "STATUS") == "CONFIRMED");
    // Links follow the address the calendar app used; a proxy's word about https counts only from a
    // proxy the server trusts (test_proxy.cpp), not from anyone who sends the header.
    Ics proxied = ReadIcs(calendar_app.Get("/api/calendar.ics?token=" + token,
                                           {{"Host", "tandem.example.com"}, {"X-Forwarded-Proto", "https"}}).body);
    CHECK(Value(*EventOf(proxied, id), "URL") == "http://tandem.example.com/#/campaigns/" + id);
}

TEST_CASE("the calendar feed's UIDs are this installation's, and it answers calendar apps' conditional requests") {
    DemoServer demo(0);
    DemoServer elsewhere(0);
    ApiClient calendar_app = demo.Anonymous();
    std::string token = Token(demo.As("rita").Post("/api/calendar/feed", nlohmann::json::object()).Json()["url"]);
    std::string path = "/api/calendar.ics?token=" + token;
    std::string other_path = "/api/calendar.ics?token=" +
                             Token(elsewhere.As("rita").Post("/api/calendar/feed", nlohmann::json::object()).Json()["url"]);

    // Two installations' demos plan the same campaign ids; subscribed side by side, no UID is shared.
    Reply fetched = calendar_app.Get(path);
    REQUIRE(fetched.status == 200);
    std::set<std::string> here, there;
    for (const auto& event : ReadIcs(fetched.body).events) here.insert(Value(event, "UID"));
    for (const auto& event : ReadIcs(elsewhere.Anonymous().Get(other_path).body).events) there.insert(Value(event, "UID"));
    REQUIRE(here.size() == 30);
    REQUIRE(there.size() == 30);
    for (const std::string& uid : here) {
        INFO(uid);
        CHECK(std::regex_match(uid, std::regex("campaign-[0-9]+@[0-9a-f]{32}\\.tandem")));
        CHECK_FALSE(there.contains(uid));
    }
    CHECK(calendar_app.Get(path).body == fetched.body);   // and they stay: the id is stored

    // Last-Modified is the newest campaign change, as an HTTP date; the body varies by encoding.
    std::string newest;
    nlohmann::json campaigns = demo.As("rita").Get("/api/campaigns").Json()["items"];
    REQUIRE(campaigns.size() == 30);
    for (const nlohmann::json& campaign : campaigns)
        newest = std::max(newest, campaign["updated_at"].get<std::string>());
    std::string modified = fetched.Header("Last-Modified");
    CHECK(modified.size() == 29);
    CHECK(modified.ends_with(" GMT"));
    std::tm parts{};
    std::istringstream(modified) >> std::get_time(&parts, "%a, %d %b %Y %H:%M:%S GMT");
    char iso[32];
    std::strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &parts);
    CHECK(iso == newest);
    CHECK(fetched.Header("Vary") == "Accept-Encoding");

    // If-None-Match as caches send it: weak, or in a list; a stale tag gets the whole feed.
    std::string tag = fetched.Header("ETag");
    for (const std::string& header : {tag, "W/" + tag, "\"ics-0000000000000000\", " + tag, std::string("*")}) {
        INFO(header);
        Reply answer = calendar_app.Get(path, {{"If-None-Match", header}});
        CHECK(answer.status == 304);
        CHECK(answer.body.empty());
        CHECK(answer.Header("ETag") == tag);
    }
    CHECK(calendar_app.Get(path, {{"If-None-Match", "\"ics-0000000000000000\""}}).status == 200);
    // If-Modified-Since: 304 at or after the last change, 200 before it or when unreadable; and
    // If-None-Match decides when both come (RFC 9110 13.2.2).
    CHECK(calendar_app.Get(path, {{"If-Modified-Since", modified}}).status == 304);
    CHECK(calendar_app.Get(path, {{"If-Modified-Since", "Fri, 01 Jan 2100 00:00:00 GMT"}}).status == 304);
    CHECK(calendar_app.Get(path, {{"If-Modified-Since", "Thu, 01 Jan 2015 00:00:00 GMT"}}).status == 200);
    CHECK(calendar_app.Get(path, {{"If-Modified-Since", "yesterday"}}).status == 200);
    CHECK(calendar_app.Get(path, {{"If-None-Match", "\"ics-0000000000000000\""}, {"If-Modified-Since", modified}}).status == 200);

    // A change moves both: the old date and tag get the new feed.
    std::string id = Id(campaigns[0]);
    REQUIRE(demo.As("mark").Patch("/api/campaigns/" + id, {{"name", "Renamed for the feed"}}).status == 200);
    Reply changed = calendar_app.Get(path, {{"If-Modified-Since", "Fri, 01 Jan 2100 00:00:00 GMT"}, {"If-None-Match", tag}});
    CHECK(changed.status == 200);
    CHECK(changed.Header("ETag") != tag);
}
