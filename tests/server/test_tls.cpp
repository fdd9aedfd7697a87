// Tandem serving HTTPS itself: the certificate a test CA signed (made with openssl), HSTS, Secure
// session cookies, the plain-HTTP redirect, clear errors for unusable certificates, and the
// command line speaking https with verified certificates and careful redirects.
#include <doctest/doctest.h>
#include <regex>

#include "real_parts.h"
#include "server_process.h"

using namespace tandem::test;

namespace {

std::unique_ptr<httplib::SSLClient> Trusting(int port, const TestCertificates& certificates) {
    auto client = std::make_unique<httplib::SSLClient>("127.0.0.1", port);
    client->set_ca_cert_path(certificates.ca.string());
    client->enable_server_certificate_verification(true);
    return client;
}

std::vector<std::string> TlsArgs(const TestCertificates& certificates) {
    return {"--tls-cert", certificates.cert.string(), "--tls-key", certificates.key.string()};
}

}  // namespace

TEST_CASE("with a certificate and key, tandem speaks HTTPS only, with HSTS and Secure session cookies") {
    TempDir dir;
    TestCertificates certificates(dir.Path());
    std::vector<std::string> args = TlsArgs(certificates);
    args.insert(args.end(), {"--demo", "--leads", "0"});
    ServerProcess server(dir.Path(), args);
    CHECK(server.Log().find("listening on https://127.0.0.1:" + std::to_string(server.Port())) != std::string::npos);

    auto client = Trusting(server.Port(), certificates);
    httplib::Result health = client->Get("/api/health");
    REQUIRE(health);
    CHECK(health->status == 200);
    CHECK(health->get_header_value("Strict-Transport-Security") == "max-age=31536000");
    httplib::Result login = client->Post("/api/auth/login", R"({"email":"maya@tandem.test","password":"tandem-demo-2026"})",
                                         "application/json");
    REQUIRE(login);
    CHECK(login->status == 200);
    std::string cookie = login->get_header_value("Set-Cookie");
    CHECK(std::regex_match(cookie, std::regex(R"(tandem_session=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict; Secure)")));
    httplib::Headers session = {{"Cookie", cookie.substr(0, cookie.find(';'))}};
    httplib::Result me = client->Get("/api/auth/me", session);
    REQUIRE(me);
    CHECK(me->status == 200);

    // A client that does not trust the CA refuses the server; plain HTTP gets no answer at all.
    httplib::SSLClient untrusting("127.0.0.1", server.Port());
    untrusting.enable_server_certificate_verification(true);
    untrusting.set_ca_cert_path((dir.Path() / "missing.pem").string());
    httplib::Result refused = untrusting.Get("/api/health");
    CHECK_FALSE(refused);
    CHECK(ApiClient(server.Port()).Get("/api/health").status == 0);
}

TEST_CASE("--redirect-http answers plain HTTP with a 308 to the same path over HTTPS") {
    TempDir dir;
    TestCertificates certificates(dir.Path());
    int plain = FreePort();
    std::vector<std::string> args = TlsArgs(certificates);
    args.insert(args.end(), {"--redirect-http", std::to_string(plain)});
    ServerProcess server(dir.Path(), args);
    httplib::Client http("127.0.0.1", plain);
    httplib::Result moved = http.Post("/api/auth/login?x=1", "{}", "application/json");
    REQUIRE(moved);
    CHECK(moved->status == 308);
    CHECK(moved->get_header_value("Location") == "https://127.0.0.1:" + std::to_string(server.Port()) + "/api/auth/login?x=1");
    httplib::Result named = http.Get("/#/leads", {{"Host", "tandem.example.com:" + std::to_string(plain)}});
    REQUIRE(named);
    CHECK(named->get_header_value("Location") == "https://tandem.example.com:" + std::to_string(server.Port()) + "/");
}

TEST_CASE("an unusable certificate stops the server with a message that says which file and why") {
    TempDir dir;
    TestCertificates certificates(dir.Path());
    std::filesystem::create_directories(dir.Path() / "other");
    TestCertificates other(dir.Path() / "other");   // a second key pair
    std::string db = (dir.Path() / "tandem.db").string();
    CommandResult missing = RunTandem({"serve", "--port", "0", "--db", db, "--tls-cert", (dir.Path() / "none.pem").string(),
                                       "--tls-key", certificates.key.string()});
    CHECK(missing.exit_code == 1);
    CHECK(missing.output.find("cannot read the TLS file " + (dir.Path() / "none.pem").string()) != std::string::npos);
    CommandResult mismatched = RunTandem({"serve", "--port", "0", "--db", db, "--tls-cert", certificates.cert.string(),
                                          "--tls-key", other.key.string()});
    CHECK(mismatched.exit_code == 1);
    CHECK(mismatched.output.find("cannot use the TLS certificate " + certificates.cert.string() + " with the key " +
                                 other.key.string()) != std::string::npos);
    CommandResult half = RunTandem({"serve", "--port", "0", "--db", db, "--tls-cert", certificates.cert.string()});
    CHECK(half.exit_code == 2);
    CHECK(half.output.starts_with("tandem: --tls-cert and --tls-key go together\n"));
    CommandResult redirect_alone = RunTandem({"serve", "--port", "0", "--db", db, "--redirect-http", "8081"});
    CHECK(redirect_alone.exit_code == 2);
}

TEST_CASE("the command line speaks https: it verifies the certificate, takes --ca-file, and follows the redirect") {
    TempDir dir;
    TestCertificates certificates(dir.Path());
    int plain = FreePort();
    std::vector<std::string> args = TlsArgs(certificates);
    args.insert(args.end(), {"--redirect-http", std::to_string(plain), "--demo", "--leads", "0"});
    ServerProcess server(dir.Path(), args);
    auto client = Trusting(server.Port(), certificates);
    httplib::Result login = client->Post("/api/auth/login", R"({"email":"rita@tandem.test","password":"tandem-demo-2026"})",
                                         "application/json");
    REQUIRE(login);
    std::string cookie = login->get_header_value("Set-Cookie");
    httplib::Headers session = {{"Cookie", cookie.substr(0, cookie.find(';'))}};
    httplib::Result token = client->Post("/api/tokens", session, R"({"name":"laptop"})", "application/json");
    REQUIRE(token);
    REQUIRE(token->status == 201);
    std::string secret = nlohmann::json::parse(token->body)["secret"];
    std::string https = "https://127.0.0.1:" + std::to_string(server.Port());
    auto add = [&](const std::string& url, std::vector<std::string> more) {
        std::vector<std::string> command = {"feedback", "add", "--server", url, "--token", secret, "--kind", "general",
                                            "--text", "heard over TLS"};
        command.insert(command.end(), more.begin(), more.end());
        return RunTandem(command);
    };

    CommandResult untrusted = add(https, {});
    CHECK(untrusted.exit_code == 1);
    CHECK(untrusted.output == "tandem: the certificate of " + https + " is not trusted (give its CA with --ca-file)\n");
    CommandResult trusted = add(https, {"--ca-file", certificates.ca.string()});
    CHECK(trusted.exit_code == 0);
    INFO(trusted.output);
    // The README's http URL of the same server: redirected to https, the token goes along (same host).
    ::setenv("TANDEM_CA_FILE", certificates.ca.string().c_str(), 1);
    CommandResult redirected = add("http://127.0.0.1:" + std::to_string(plain), {});
    ::unsetenv("TANDEM_CA_FILE");
    CHECK(redirected.exit_code == 0);
    INFO(redirected.output);
    httplib::Result listed = client->Get("/api/feedback?kind=general&limit=10", session);
    REQUIRE(listed);
    std::size_t heard = 0;
    nlohmann::json page = nlohmann::json::parse(listed->body);   // named: a loop over a temporary's member dangles
    for (const nlohmann::json& item : page["items"]) heard += item["text"] == "heard over TLS";
    CHECK(heard == 2);
}
