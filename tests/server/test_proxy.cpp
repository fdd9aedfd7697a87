// Behind a reverse proxy: only from a peer named by --trust-proxy do Forwarded / X-Forwarded-*
// give the client's address (logs, sign-in limits), scheme (Secure cookies, HSTS) and host
// (absolute URLs); --public-url names the address where no proxy says it; and the nginx
// configuration docs/operations.md shows works in front of Tandem, TLS and event stream included.
#include <doctest/doctest.h>
#include <regex>

#include "real_parts.h"
#include "server_process.h"

using namespace tandem::test;

namespace {

const nlohmann::json kMaya = {{"email", "maya@tandem.test"}, {"password", kDemoPassword}};

// Whether the server logged a line like `pattern` (waiting for it: logs are written after the answer).
bool Logged(ServerProcess& server, const std::string& pattern) { return server.WaitForLog(pattern); }

// Whether anything logged so far matches; call after waiting for a line that comes later.
bool LoggedYet(ServerProcess& server, const std::string& pattern) {
    return std::regex_search(server.Log(), std::regex(pattern));
}

// The calendar feed URL the server makes for whoever asks, an absolute URL.
std::string FeedUrl(const ApiClient& client) {
    Reply feed = client.Post("/api/calendar/feed", nlohmann::json::object());
    REQUIRE(feed.status == 201);
    std::string url = feed.Json()["url"];
    return url.substr(0, url.find("?"));
}

}  // namespace

TEST_CASE("from a trusted proxy, X-Forwarded-For, -Proto and -Host give the client's address, scheme and host") {
    DemoServer demo(0, {"--trust-proxy", "127.0.0.1,10.0.0.0/8"});
    ApiClient forwarded = demo.Anonymous()
                              .WithHeader("X-Forwarded-For", "198.51.100.7, 10.1.2.3")
                              .WithHeader("X-Forwarded-Proto", "https")
                              .WithHeader("X-Forwarded-Host", "tandem.example.com");
    Reply login = forwarded.Post("/api/auth/login", kMaya);
    REQUIRE(login.status == 200);
    CHECK(login.Header("Set-Cookie").ends_with("; Secure"));
    CHECK(login.Header("Strict-Transport-Security") == "max-age=31536000");
    // 10.1.2.3 is one of our proxies too: the client is the hop before it.
    CHECK(Logged(demo.Process(), R"(Z 198\.51\.100\.7 POST /api/auth/login 200 )"));
    ApiClient maya = forwarded.WithCookie(login.Header("Set-Cookie").substr(0, login.Header("Set-Cookie").find(';')));
    CHECK(FeedUrl(maya) == "https://tandem.example.com/api/calendar.ics");

    // Plain http from the proxy: no Secure, no HSTS.
    Reply plain = demo.Anonymous().WithHeader("X-Forwarded-For", "198.51.100.8").Post("/api/auth/login", kMaya);
    CHECK_FALSE(plain.Header("Set-Cookie").ends_with("; Secure"));
    CHECK(plain.Header("Strict-Transport-Security") == "");
}

TEST_CASE("Forwarded (RFC 7239) wins over X-Forwarded-*, with quoted IPv6 addresses and several hops") {
    DemoServer demo(0, {"--trust-proxy", "127.0.0.1,2001:db8:cafe::/48"});
    ApiClient client = demo.Anonymous()
                           .WithHeader("Forwarded", R"(for=192.0.2.60;proto=http, for="[2001:db8:beef::17]:4711";proto=https;host="tandem.example.com:8443", for="[2001:db8:cafe::1]")")
                           .WithHeader("X-Forwarded-For", "203.0.113.1")
                           .WithHeader("X-Forwarded-Proto", "http");
    Reply login = client.Post("/api/auth/login", kMaya);
    REQUIRE(login.status == 200);
    CHECK(login.Header("Set-Cookie").ends_with("; Secure"));
    CHECK(Logged(demo.Process(), R"(Z 2001:db8:beef::17 POST /api/auth/login 200 )"));
    ApiClient maya = client.WithCookie(login.Header("Set-Cookie").substr(0, login.Header("Set-Cookie").find(';')));
    CHECK(FeedUrl(maya) == "https://tandem.example.com:8443/api/calendar.ics");
}

TEST_CASE("from a peer that is not a trusted proxy, forwarding headers are ignored") {
    DemoServer demo(0);
    ApiClient spoofing = demo.Anonymous()
                             .WithHeader("X-Forwarded-For", "198.51.100.7")
                             .WithHeader("X-Forwarded-Proto", "https")
                             .WithHeader("X-Forwarded-Host", "evil.example")
                             .WithHeader("Forwarded", "for=198.51.100.9;proto=https;host=evil.example");
    Reply login = spoofing.Post("/api/auth/login", kMaya);
    REQUIRE(login.status == 200);
    CHECK_FALSE(login.Header("Set-Cookie").ends_with("; Secure"));
    CHECK(login.Header("Strict-Transport-Security") == "");
    CHECK(Logged(demo.Process(), R"(Z 127\.0\.0\.1 POST /api/auth/login 200 )"));
    CHECK_FALSE(LoggedYet(demo.Process(), "198\\.51\\.100"));
    ApiClient maya = spoofing.WithCookie(login.Header("Set-Cookie").substr(0, login.Header("Set-Cookie").find(';')));
    CHECK(FeedUrl(maya) == "http://127.0.0.1:" + std::to_string(demo.Port()) + "/api/calendar.ics");
}

TEST_CASE("--public-url names the address of every absolute URL, whatever the request says") {
    DemoServer demo(0, {"--public-url", "https://tandem.example.com/sales/"});
    ApiClient admin = demo.As("admin").WithHeader("Host", "internal-host:8080");
    CHECK(FeedUrl(admin) == "https://tandem.example.com/sales/api/calendar.ics");
    Reply link = admin.Post("/api/users/" + std::to_string(demo.IdOf("rita")) + "/password-reset", nlohmann::json::object());
    REQUIRE(link.status == 201);
    CHECK(std::string(link.Json()["url"]).starts_with("https://tandem.example.com/sales/#/reset-password?token="));
    CommandResult bad = RunTandem({"serve", "--port", "0", "--db", (demo.Dir().Path() / "other.db").string(), "--public-url",
                                   "tandem.example.com"});
    CHECK(bad.exit_code == 2);
    CommandResult bad_proxy = RunTandem({"serve", "--port", "0", "--db", (demo.Dir().Path() / "other.db").string(),
                                         "--trust-proxy", "10.0.0.0/33"});
    CHECK(bad_proxy.exit_code == 2);
    CHECK(bad_proxy.output.starts_with("tandem: --trust-proxy: '10.0.0.0/33' has a bad prefix length (0 to 32)\n"));
}

TEST_CASE("behind nginx with the configuration docs/operations.md shows: TLS at nginx, the real client, the live stream") {
    TempDir dir;
    TestCertificates certificates(dir.Path());
    // nginx connects from 127.0.0.2, the only proxy Tandem trusts; the test client is 127.0.0.1.
    DemoServer demo(0, {"--trust-proxy", "127.0.0.2"});
    NginxProxy nginx(dir.Path() / "nginx", demo.Port(), &certificates);
    httplib::SSLClient client("127.0.0.1", nginx.Port());
    client.set_ca_cert_path(certificates.ca.string());
    client.enable_server_certificate_verification(true);

    // The client's own X-Forwarded-For is a claim nginx passes on but Tandem does not believe.
    httplib::Result login = client.Post("/api/auth/login", {{"X-Forwarded-For", "198.51.100.66"}}, kMaya.dump(),
                                        "application/json");
    REQUIRE(login);
    INFO(nginx.ErrorLog());
    REQUIRE(login->status == 200);
    std::string cookie = login->get_header_value("Set-Cookie");
    CHECK(cookie.ends_with("; Secure"));
    CHECK(login->get_header_value("Strict-Transport-Security") == "max-age=31536000");
    CHECK(Logged(demo.Process(), R"(Z 127\.0\.0\.1 POST /api/auth/login 200 )"));
    CHECK_FALSE(LoggedYet(demo.Process(), "198\\.51\\.100\\.66"));
    httplib::Headers session = {{"Cookie", cookie.substr(0, cookie.find(';'))}};
    httplib::Result feed = client.Post("/api/calendar/feed", session, "{}", "application/json");
    REQUIRE(feed);
    std::string url = nlohmann::json::parse(feed->body)["url"];
    CHECK(url.starts_with("https://127.0.0.1:" + std::to_string(nginx.Port()) + "/api/calendar.ics?token="));

    // The event stream comes through unbuffered: a change made meanwhile arrives on it.
    std::string received;
    bool created = false;
    httplib::Request stream;
    stream.method = "GET";
    stream.path = "/api/events";
    stream.headers = session;
    stream.content_receiver = [&](const char* data, std::size_t length, std::uint64_t, std::uint64_t) {
        received.append(data, length);
        if (!created && received.find("event: hello") != std::string::npos) {
            created = true;
            REQUIRE(demo.As("mark").Post("/api/leads", {{"email", "through-nginx@example.com"}}).status == 201);
        }
        return received.find("event: lead\n") == std::string::npos;
    };
    client.set_read_timeout(20);
    httplib::Response response;
    httplib::Error error = httplib::Error::Success;
    client.send(stream, response, error);
    CHECK(received.find("event: lead\n") != std::string::npos);
}
