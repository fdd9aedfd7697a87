// Bad input everywhere it applies, driven by the OpenAPI document where it can be: malformed JSON,
// wrong content types, bodies that are not objects, numbers out of range, invalid UTF-8, oversized
// bodies, path ids that are not ids, methods a path does not serve. Afterwards the server is
// healthy and the data is what it was.
#include <doctest/doctest.h>
#include <algorithm>
#include <regex>
#include <set>

#include "server_process.h"

using namespace tandem::test;

namespace {

struct Route {
    std::string method;
    std::string path;                 // the template
    std::string request_content_type;
    bool secured = false;
    std::vector<std::string> roles;   // x-roles; empty: every signed-in user
};

std::vector<Route> DocumentedRoutes(const ApiClient& client) {
    nlohmann::json openapi = client.Get("/api/openapi.json").Json();
    std::vector<Route> routes;
    for (const auto& [path, operations] : openapi["paths"].items()) {
        for (const auto& [method, operation] : operations.items()) {
            Route route;
            route.method = method;
            for (char& c : route.method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            route.path = path;
            route.secured = operation.contains("security");
            if (operation.contains("x-roles")) route.roles = operation["x-roles"].get<std::vector<std::string>>();
            if (operation.contains("requestBody")) route.request_content_type = operation["requestBody"]["content"].items().begin().key();
            routes.push_back(route);
        }
    }
    return routes;
}

// A concrete path for a template, with ids that exist in the demo.
std::string Concrete(const std::string& path, const std::string& id = "1") {
    std::string concrete = std::regex_replace(path, std::regex(R"(\{month\})"), "2027-01");
    return std::regex_replace(concrete, std::regex(R"(\{\w+\})"), id);
}

// Whether `path` is served by its template alone: no other template of the document matches it.
bool ServedAlone(const std::vector<Route>& routes, const std::string& template_path, const std::string& path) {
    for (const Route& other : routes) {
        if (other.path == template_path) continue;
        std::regex pattern("^" + std::regex_replace(other.path, std::regex(R"(\{\w+\})"), "[^/]+") + "$");
        if (std::regex_match(path, pattern)) return false;
    }
    return true;
}

// Someone allowed to call the route, so that what is checked is the input, not the role.
ApiClient CallerFor(DemoServer& demo, const Route& route) {
    if (!route.secured) return demo.Anonymous();
    bool admin = route.roles.empty() || std::find(route.roles.begin(), route.roles.end(), "admin") != route.roles.end();
    return demo.As(admin ? "admin" : DemoServer::UserWithRole(route.roles.front()));
}

void CheckHealthyAndUnchanged(DemoServer& demo, const std::string& snapshot, std::size_t leads) {
    Reply health = demo.Anonymous().Get("/api/health");
    CHECK(health.status == 200);
    CHECK(health.Json()["status"] == "ok");
    CHECK(AllLeads(demo.As("admin")).size() == leads);
    CHECK(demo.Snapshot() == snapshot);
}

}  // namespace

TEST_CASE("every route with a body answers malformed JSON with 400, a wrong content type with 415, a non-object with 422") {
    DemoServer demo;
    std::string snapshot = demo.Snapshot();
    std::vector<Route> routes = DocumentedRoutes(demo.Anonymous());
    int with_body = 0;
    for (const Route& route : routes) {
        if (route.request_content_type.empty()) continue;
        ++with_body;
        INFO(route.method, " ", route.path);
        ApiClient caller = CallerFor(demo, route);
        std::string path = Concrete(route.path);
        if (route.request_content_type == "text/csv") {
            // text/plain (also what the client sends for no type) and application/vnd.ms-excel are CSV too.
            for (const char* type : {"application/json", "application/xml", "text/csvx"}) {
                INFO("Content-Type: ", std::string(type));
                CHECK(ErrorOf(caller.Send(route.method, path, "Email\r\nx@example.com\r\n", type)) == ApiError{415, "unsupported_media_type"});
            }
            CHECK(ErrorOf(caller.Send(route.method, path, "\xEF\xBB\xBF", "text/csv")) == ApiError{422, "invalid", "header"});
            continue;
        }
        REQUIRE(route.request_content_type == "application/json");
        const std::string malformed[] = {
            "", "{", "{\"a\":}", "{\"a\":1}}", "{'a':1}", "nul", "[1,]", "{\"a\":1,}", "{\"a\":01}", "{\"a\":NaN}",
            "{\"a\":Infinity}", "{\"a\":1e400}", "{\"a\":-1e400}", "{\"a\":\"\xff\"}", "{\"\xff\":1}", "{\"a\":\"\xc0\xaf\"}",
            "{\"a\":\"\xed\xa0\x80\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"tab\there\"}", "{\"a\":1} {\"b\":2}", "\xEF\xBB\xBF",
        };
        for (const std::string& body : malformed) {
            INFO("body: ", std::string(body));
            CHECK(ErrorOf(caller.Send(route.method, path, body, "application/json")) == ApiError{400, "bad_request"});
        }
        for (const char* type : {"text/plain", "", "text/json", "application/jsonx", "application/xml", "text/html; charset=utf-8",
                                 "application/json-patch+json"}) {
            INFO("Content-Type: ", std::string(type));
            CHECK(ErrorOf(caller.Send(route.method, path, "{}", type)) == ApiError{415, "unsupported_media_type"});
        }
        // Parameters of the media type do not matter: this is read as JSON (and found malformed).
        CHECK(ErrorOf(caller.Send(route.method, path, "{", "application/json; charset=utf-8")) == ApiError{400, "bad_request"});
        for (const char* body : {"[]", "[{}]", "\"text\"", "42", "true", "null"}) {
            INFO("body: ", std::string(body));
            CHECK(ErrorOf(caller.Send(route.method, path, body, "application/json")) == ApiError{422, "invalid"});
        }
    }
    CHECK(with_body >= 12);
    CheckHealthyAndUnchanged(demo, snapshot, 300);
}

TEST_CASE("numbers beyond what JSON doubles and JavaScript integers hold are refused, never a server error") {
    DemoServer demo;
    ApiClient mark = demo.As("mark");
    ApiClient sam = demo.As("sam");
    std::string snapshot = demo.Snapshot();
    auto lead_with = [](const std::string& member, const std::string& number) {
        return "{\"email\":\"numbers@example.com\",\"" + member + "\":" + number + "}";
    };
    struct Case {
        std::string member;
        std::string number;
        int status;
    };
    const Case cases[] = {
        {"budget_usd", "1e400", 400}, {"budget_usd", "-1e400", 400}, {"budget_usd", "9007199254740993", 422},
        {"budget_usd", "9007199254740992", 422}, {"budget_usd", "18446744073709551616", 422},
        {"budget_usd", "-9223372036854775809", 422}, {"budget_usd", "-1", 422}, {"budget_usd", "1.5", 422},
        {"budget_usd", "1e16", 422}, {"company_size", "99999999999999999999999999999", 422},
        {"timeline_months", "601", 422}, {"page_views", "1000000001", 422}, {"campaign_id", "0", 422},
        {"owner_id", "9007199254740993", 422}, {"demo_requested", "1", 422},
    };
    for (const Case& c : cases) {
        INFO(c.member, " = ", c.number);
        ApiError expected{c.status, c.status == 400 ? "bad_request" : "invalid", c.status == 400 ? "" : c.member};
        CHECK(ErrorOf(mark.Send("POST", "/api/leads", lead_with(c.member, c.number), "application/json")) == expected);
    }
    CHECK(ErrorOf(sam.Send("PUT", "/api/settings/sla", R"({"first_response_hours":1e400})", "application/json")) ==
          ApiError{400, "bad_request"});
    for (const char* hours : {"9007199254740993", "4294967297", "-1e-400", "24.000001"}) {
        INFO(std::string(hours));
        CHECK(ErrorOf(sam.Send("PUT", "/api/settings/sla", std::string(R"({"first_response_hours":)") + hours + "}", "application/json")) ==
              ApiError{422, "invalid", "first_response_hours"});
    }
    CHECK(ErrorOf(sam.Send("PUT", "/api/targets/2027-01", R"({"acceptance_rate":1e400})", "application/json")) == ApiError{400, "bad_request"});
    CHECK(ErrorOf(sam.Send("PUT", "/api/targets/2027-01", R"({"revenue":9007199254740993})", "application/json")) ==
          ApiError{422, "invalid", "revenue"});
    CHECK(ErrorOf(demo.As("rita").Send("POST", "/api/leads/1/transitions", R"({"to":"won","deal_value":9007199254740993})",
                                       "application/json")) == ApiError{422, "invalid", "deal_value"});
    CHECK(ErrorOf(mark.Get("/api/leads?score_min=1e400")) == ApiError{400, "bad_request", "score_min"});
    CHECK(ErrorOf(mark.Get("/api/leads?limit=1e2")) == ApiError{400, "bad_request", "limit"});
    CHECK(ErrorOf(mark.Get("/api/leads?cursor=99999999999999999999")) == ApiError{400, "bad_request", "cursor"});
    CheckHealthyAndUnchanged(demo, snapshot, 300);

    // The largest numbers that are allowed are kept exactly.
    Reply largest = mark.Send("POST", "/api/leads",
                              R"({"email":"largest@example.com","budget_usd":9007199254740991,"company_size":1e15,)"
                              R"("timeline_months":600,"page_views":1000000000})",
                              "application/json");
    REQUIRE(largest.status == 201);
    CHECK(largest.Json()["budget_usd"] == 9007199254740991LL);
    CHECK(largest.Json()["company_size"] == 1000000000000000LL);
    CHECK(mark.Get(largest.Header("Location")).Json()["budget_usd"] == 9007199254740991LL);
}

TEST_CASE("invalid UTF-8 is a 400 wherever it hides in a JSON body; valid text in any script is kept") {
    DemoServer demo;
    ApiClient rita = demo.As("rita");
    std::string snapshot = demo.Snapshot();
    const std::pair<const char*, std::string> bodies[] = {
        {"POST /api/leads", "{\"email\":\"utf@example.com\",\"name\":\"M\xfcller\"}"},
        {"POST /api/leads", "{\"email\":\"utf\xff@example.com\"}"},
        {"POST /api/feedback", "{\"kind\":\"general\",\"text\":\"caf\xe9\"}"},
        {"POST /api/feedback", "{\"kind\":\"general\",\"text\":\"ok\",\"tags\":[\"\xfe\"]}"},
        {"PATCH /api/leads/1", "{\"company\":\"\xe2\x82\"}"},
        {"POST /api/leads/1/transitions", "{\"to\":\"sql\",\"note\":\"\xf8\x88\x80\x80\x80\"}"},
        {"POST /api/tokens", "{\"name\":\"\xc3\"}"},
        {"POST /api/auth/login", "{\"email\":\"rita@tandem.test\",\"password\":\"tandem-demo-2026\xff\"}"},
    };
    for (const auto& [route, body] : bodies) {
        INFO(std::string(route), " ", body);
        std::string method = std::string(route).substr(0, std::string(route).find(' '));
        std::string path = std::string(route).substr(method.size() + 1);
        CHECK(ErrorOf(rita.Send(method, path, body, "application/json")) == ApiError{400, "bad_request"});
    }
    CheckHealthyAndUnchanged(demo, snapshot, 300);

    const std::string name = "Zoë Ødegård 東京 Ærø 🚀";
    Reply created = rita.Post("/api/leads", {{"email", "unicode@example.com"}, {"name", name}, {"company", "Straße & Söhne"}});
    REQUIRE(created.status == 201);
    nlohmann::json read = rita.Get(created.Header("Location")).Json();
    CHECK(read["name"] == name);
    CHECK(read["company"] == "Straße & Söhne");
    CHECK(AllLeads(rita, "q=" + UrlEncode("東京")).size() == 1);
}

TEST_CASE("a body over 1 MiB is refused with 413 before it is read, while 1 MiB itself is fine") {
    DemoServer demo;
    ApiClient admin = demo.As("admin");
    std::string session = SignIn(demo.Anonymous(), "admin@tandem.test", kDemoPassword);
    REQUIRE(session != "");
    std::string snapshot = demo.Snapshot();
    const std::size_t limit = 1 << 20;

    std::string head = "{\"email\":\"big@example.com\",\"name\":\"Big\"}";
    std::string too_big = head + std::string(limit + 1 - head.size(), ' ');
    for (const char* target : {"/api/leads", "/api/feedback", "/api/campaigns", "/api/leads/1/transitions"}) {
        INFO(std::string(target));
        std::string response = admin.Raw(std::string("POST ") + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + session +
                                         "\r\nContent-Type: application/json\r\nContent-Length: " +
                                         std::to_string(too_big.size()) + "\r\n\r\n" + too_big);
        CHECK(response.starts_with("HTTP/1.1 413 "));
        CHECK(response.find("\r\nConnection: close\r\n") != std::string::npos);
        CHECK(response.find("\r\nContent-Type: application/json\r\n") != std::string::npos);
        CHECK(response.ends_with(R"({"error":{"code":"payload_too_large","message":"the body is larger than 1048576 bytes"}})"));
    }
    // The size is judged before the caller: an anonymous one gets the same answer.
    std::string anonymous = demo.Anonymous().Raw("PATCH /api/leads/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                                 "Content-Length: " + std::to_string(too_big.size()) + "\r\n\r\n" + too_big);
    CHECK(anonymous.starts_with("HTTP/1.1 413 "));
    CheckHealthyAndUnchanged(demo, snapshot, 300);

    std::string exactly = head + std::string(limit - head.size(), ' ');
    REQUIRE(exactly.size() == limit);
    Reply accepted = admin.Send("POST", "/api/leads", exactly, "application/json");
    CHECK(accepted.status == 201);
    CHECK(accepted.Json()["email"] == "big@example.com");

    // A CSV import streams, so it may be larger than 1 MiB.
    std::string csv = "Email,Name,Company\r\n";
    const std::string company(180, 'c');
    int rows = 0;
    while (csv.size() <= limit + 100000) {
        csv += "bulk" + std::to_string(rows) + "@example.com,Bulk Lead " + std::to_string(rows) + "," + company + "\r\n";
        ++rows;
    }
    Reply bulk = demo.As("mark").Send("POST", "/api/leads/import", csv, "text/csv");
    REQUIRE(bulk.status == 200);
    CHECK(bulk.Json()["imported"] == rows);
    CHECK(ParseCsv(admin.Get("/api/leads/export.csv").body).size() == 1 + 301 + static_cast<std::size_t>(rows));
}

TEST_CASE("path ids that are not positive numbers are 404; unknown paths are 404; other methods are 405 with Allow") {
    DemoServer demo;
    ApiClient admin = demo.As("admin");
    std::string snapshot = demo.Snapshot();
    std::vector<Route> routes = DocumentedRoutes(demo.Anonymous());
    int with_id = 0;
    for (const Route& route : routes) {
        if (route.path.find('{') == std::string::npos || route.path.find("{month}") != std::string::npos) continue;
        ++with_id;
        for (const char* id : {"abc", "0", "-1", "1.5", "1e3", "0x10", "%20", "99999999999999999999", "9223372036854775808"}) {
            INFO(route.method, " ", route.path, " with ", std::string(id));
            std::string body = route.request_content_type.empty() ? "" : "{}";
            Reply reply = CallerFor(demo, route).Send(route.method, Concrete(route.path, id), body, body.empty() ? "" : "application/json");
            CHECK(ErrorOf(reply) == ApiError{404, "not_found"});
        }
    }
    CHECK(with_id >= 11);

    for (const char* path : {"/api/nope", "/api/leads/1/notes", "/api/v2/leads", "/api/leads/1/history/2", "/api/", "/api/Leads"}) {
        INFO(std::string(path));
        Reply reply = admin.Probe("GET", path);
        CHECK(ErrorOf(reply) == ApiError{404, "not_found"});
        CHECK(reply.Json()["error"]["message"] == std::string("no such API route: GET ") + path);
    }

    // Every other method on a documented path: 405, and Allow lists the path's methods.
    std::map<std::string, std::set<std::string>> methods;
    for (const Route& route : routes) methods[route.path].insert(route.method);
    int probed = 0;
    for (const auto& [path, allowed] : methods) {
        std::string concrete = Concrete(path);
        // Only paths that one template serves alone, so the expected Allow is that template's methods.
        if (!ServedAlone(routes, path, concrete)) continue;
        for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
            if (allowed.count(method)) continue;
            INFO(std::string(method), " ", concrete);
            Reply reply = admin.Probe(method, concrete, std::string(method) == "GET" || std::string(method) == "DELETE" ? "" : "{}",
                                      std::string(method) == "GET" || std::string(method) == "DELETE" ? "" : "application/json");
            CHECK(ErrorOf(reply) == ApiError{405, "method_not_allowed"});
            std::set<std::string> listed;
            std::string allow = reply.Header("Allow");
            for (std::size_t start = 0; start < allow.size();) {
                std::size_t end = allow.find(", ", start);
                listed.insert(allow.substr(start, end - start));
                start = end == std::string::npos ? allow.size() : end + 2;
            }
            CHECK(listed == allowed);
            ++probed;
        }
    }
    CHECK(probed >= 60);
    // 405 comes before authentication: there is nothing to sign in for.
    CHECK(ErrorOf(demo.Anonymous().Probe("DELETE", "/api/leads/1")) == ApiError{405, "method_not_allowed"});
    CheckHealthyAndUnchanged(demo, snapshot, 300);
}
