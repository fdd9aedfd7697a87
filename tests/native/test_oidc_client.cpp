// The OpenID Connect relying party against a real provider: tests/support/oidc_provider.mjs (npm
// oidc-provider) started with node, its login and consent pages walked by oidc_flow.mjs as a
// browser would. Skipped, with a message, where node_modules has no oidc-provider.
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <map>
#include <mutex>
#include <poll.h>
#include <regex>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include <httplib.h>

#include "auth/oidc_client.h"

namespace {

using namespace tandem;
using namespace tandem::auth;

// The repository, found from this file: the test binary may run from anywhere.
const std::filesystem::path kRoot = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
const std::filesystem::path kSupport = kRoot / "tests" / "support";

const std::string kClientId = "tandem-test";
const std::string kClientSecret = "a client secret of the test provider";
const std::string kRedirectUri = "http://127.0.0.1:9/api/auth/oidc/callback";   // never requested
const std::string kVerifier = "a-pkce-code-verifier-of-at-least-43-characters-0123456789";

bool ProviderAvailable() {
    return std::filesystem::exists(kRoot / "node_modules" / "oidc-provider" / "package.json");
}

// Runs node with `args`; stdout and stderr arrive on the returned descriptor.
pid_t SpawnNode(const std::vector<std::string>& args, int* output) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        dup2(fds[1], STDERR_FILENO);
        std::vector<char*> argv;
        std::string node = "node";
        argv.push_back(node.data());
        for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
        argv.push_back(nullptr);
        execvp("node", argv.data());
        _exit(127);
    }
    close(fds[1]);
    *output = fds[0];
    return pid;
}

// One provider for the whole file; stopped with SIGTERM when the tests end.
class TestProvider {
public:
    TestProvider() {
        m_pid = SpawnNode({(kSupport / "oidc_provider.mjs").string(), "--port", "0", "--client-id", kClientId,
                           "--client-secret", kClientSecret, "--redirect-uri", kRedirectUri},
                          &m_output);
        // Waits for the listening line; the deadline only keeps a broken setup from hanging the run.
        static const std::regex kListening(R"(oidc provider listening on (http://127\.0\.0\.1:[0-9]+))");
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        std::string seen;
        std::smatch match;
        while (std::chrono::steady_clock::now() < deadline && !std::regex_search(seen, match, kListening)) {
            pollfd poll_fd{m_output, POLLIN, 0};
            if (poll(&poll_fd, 1, 100) <= 0) continue;
            char buffer[4096];
            ssize_t n = read(m_output, buffer, sizeof buffer);
            if (n <= 0) break;
            seen.append(buffer, static_cast<std::size_t>(n));
        }
        if (!std::regex_search(seen, match, kListening)) {
            Stop();
            throw std::runtime_error("the test OpenID provider did not start:\n" + seen);
        }
        m_issuer = match[1];
        // Keep draining its output so that it never blocks on a full pipe.
        m_reader = std::thread([fd = m_output] {
            char buffer[4096];
            while (read(fd, buffer, sizeof buffer) > 0) {
            }
        });
    }
    ~TestProvider() { Stop(); }

    const std::string& Issuer() const { return m_issuer; }

    void Tamper(bool on) {
        httplib::Client client(m_issuer);
        httplib::Result result = client.Post("/__control/tamper", on ? "on" : "off", "text/plain");
        if (!result || result->status != 200) throw std::runtime_error("cannot switch the provider's tamper mode");
    }

    // A new key signs from now on; the old ones stay in the JWKS.
    void Rotate() {
        httplib::Client client(m_issuer);
        httplib::Result result = client.Post("/__control/rotate", "", "text/plain");
        if (!result || result->status != 200) throw std::runtime_error("cannot rotate the provider's keys");
    }

private:
    void Stop() {
        if (m_pid > 0) {
            kill(m_pid, SIGTERM);
            waitpid(m_pid, nullptr, 0);
            m_pid = -1;
        }
        if (m_reader.joinable()) m_reader.join();
        if (m_output >= 0) close(m_output);
        m_output = -1;
    }

    pid_t m_pid = -1;
    int m_output = -1;
    std::thread m_reader;
    std::string m_issuer;
};

TestProvider& Provider() {
    static TestProvider provider;
    return provider;
}

// While alive, the provider alters the ID tokens it issues.
class Tampering {
public:
    Tampering() { Provider().Tamper(true); }
    ~Tampering() { Provider().Tamper(false); }
};

// Signs in at the provider as `login` through oidc_flow.mjs; returns where the provider sends the
// browser back to (kRedirectUri with code and state).
std::string SignInAtProvider(const std::string& authorization_url, const std::string& login) {
    std::string script = "import { signInAtProvider } from '" + (kSupport / "oidc_flow.mjs").string() + "';\n"
                         "process.stdout.write(await signInAtProvider(process.argv[1], process.argv[2]));\n";
    int output = -1;
    pid_t pid = SpawnNode({"--input-type=module", "-e", script, authorization_url, login}, &output);
    std::string text;
    char buffer[4096];
    ssize_t n;
    while ((n = read(output, buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<std::size_t>(n));
    close(output);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error("signing in at the provider failed:\n" + text);
    return text;
}

std::map<std::string, std::string> QueryOf(const std::string& url) {
    std::map<std::string, std::string> query;
    std::size_t start = url.find('?');
    if (start == std::string::npos) return query;
    httplib::Params params;
    httplib::detail::parse_query_text(url.substr(start + 1), params);
    for (const auto& [name, value] : params) query[name] = value;
    return query;
}

struct SignedIn {
    std::string code;
    std::string state;
};

// The authorization URL of `client` walked as `login`, with this file's verifier's challenge.
SignedIn SignIn(OidcClient& client, const std::string& login, const std::string& nonce) {
    std::string url = client.AuthorizationUrl(kRedirectUri, "state-" + nonce, nonce, PkceChallenge(kVerifier));
    std::string back = SignInAtProvider(url, login);
    REQUIRE(back.rfind(kRedirectUri + "?", 0) == 0);
    std::map<std::string, std::string> query = QueryOf(back);
    return {query["code"], query["state"]};
}

OidcClient Client(const std::string& secret = kClientSecret) {
    return OidcClient({Provider().Issuer(), kClientId, secret, ""});
}

Timestamp Now() { return static_cast<Timestamp>(std::time(nullptr)); }

// The code of the OidcError `redeem` throws, "none" if it throws none.
template <class F>
std::string ErrorCode(F&& redeem, std::string* message = nullptr) {
    try {
        redeem();
    } catch (const OidcError& error) {
        if (message) *message = error.what();
        return error.code;
    }
    return "none";
}

#define SKIP_WITHOUT_PROVIDER()                                                                  \
    if (!ProviderAvailable()) {                                                                  \
        MESSAGE("skipped: no oidc-provider in " << (kRoot / "node_modules").string());           \
        return;                                                                                  \
    }

}  // namespace

TEST_CASE("the authorization URL asks the discovered endpoint for a code with PKCE S256, state and nonce") {
    SKIP_WITHOUT_PROVIDER();
    OidcClient client = Client();
    std::string url = client.AuthorizationUrl(kRedirectUri, "st&te", "n0nce", PkceChallenge(kVerifier));
    REQUIRE(url.rfind(Provider().Issuer() + "/auth?", 0) == 0);
    CHECK(QueryOf(url) == std::map<std::string, std::string>{
                              {"response_type", "code"},
                              {"client_id", kClientId},
                              {"redirect_uri", kRedirectUri},
                              {"scope", "openid email profile"},
                              {"state", "st&te"},
                              {"nonce", "n0nce"},
                              {"code_challenge", PkceChallenge(kVerifier)},
                              {"code_challenge_method", "S256"},
                          });
    CHECK(client.Issuer() == Provider().Issuer());
}

TEST_CASE("a sign-in at the provider redeems to the provider's verified claims") {
    SKIP_WITHOUT_PROVIDER();
    OidcClient client = Client();
    SignedIn signed_in = SignIn(client, "mark.new@tandem.test#marketer", "nonce-1");
    CHECK(signed_in.state == "state-nonce-1");
    IdentityClaims identity = client.Redeem(signed_in.code, kRedirectUri, kVerifier, "nonce-1", Now());
    CHECK(identity.subject == "mark.new@tandem.test#marketer");
    CHECK(identity.email == "mark.new@tandem.test");
    CHECK(identity.email_verified == std::optional<bool>(true));
    CHECK(identity.name == "Mark New");
    CHECK(identity.claims["tandem_role"] == "marketer");
    CHECK(identity.claims["iss"] == Provider().Issuer());
    CHECK(identity.claims["aud"] == kClientId);

    SignedIn unverified = SignIn(client, "unverified.eve", "nonce-2");
    IdentityClaims eve = client.Redeem(unverified.code, kRedirectUri, kVerifier, "nonce-2", Now());
    CHECK(eve.email == "unverified.eve@tandem.test");
    CHECK(eve.email_verified == std::optional<bool>(false));
    CHECK_FALSE(eve.claims.contains("tandem_role"));
}

TEST_CASE("an ID token altered after signing is refused for its signature") {
    SKIP_WITHOUT_PROVIDER();
    OidcClient client = Client();
    SignedIn signed_in = SignIn(client, "rita", "nonce-3");
    std::string message;
    {
        Tampering tampering;
        CHECK(ErrorCode([&] { client.Redeem(signed_in.code, kRedirectUri, kVerifier, "nonce-3", Now()); }, &message) ==
              "bad_signature");
    }
    CHECK(message.find("bad signature") != std::string::npos);
}

TEST_CASE("a nonce other than the sign-in's is refused") {
    SKIP_WITHOUT_PROVIDER();
    OidcClient client = Client();
    SignedIn signed_in = SignIn(client, "rita", "nonce-4");
    CHECK(ErrorCode([&] { client.Redeem(signed_in.code, kRedirectUri, kVerifier, "another nonce", Now()); }) ==
          "wrong_nonce");
}

TEST_CASE("an ID token checked long after it was issued is expired") {
    SKIP_WITHOUT_PROVIDER();
    OidcClient client = Client();
    SignedIn signed_in = SignIn(client, "rita", "nonce-5");
    CHECK(ErrorCode([&] { client.Redeem(signed_in.code, kRedirectUri, kVerifier, "nonce-5", Now() + 86400); }) ==
          "expired");
}

TEST_CASE("the provider refuses a wrong code verifier, a wrong secret and a used code") {
    SKIP_WITHOUT_PROVIDER();
    OidcClient client = Client();
    SignedIn first = SignIn(client, "rita", "nonce-6");
    CHECK(ErrorCode([&] { client.Redeem(first.code, kRedirectUri, kVerifier + "x", "nonce-6", Now()); }) ==
          "token_refused");

    SignedIn second = SignIn(client, "rita", "nonce-7");
    OidcClient impostor = Client("not the secret");
    std::string message;
    CHECK(ErrorCode([&] { impostor.Redeem(second.code, kRedirectUri, kVerifier, "nonce-7", Now()); }, &message) ==
          "token_refused");
    CHECK(message.find("invalid_client") != std::string::npos);

    SignedIn third = SignIn(client, "rita", "nonce-8");
    client.Redeem(third.code, kRedirectUri, kVerifier, "nonce-8", Now());
    CHECK(ErrorCode([&] { client.Redeem(third.code, kRedirectUri, kVerifier, "nonce-8", Now()); }) == "token_refused");
}

TEST_CASE("a token signed with a key the provider rotated to verifies after one more JWKS fetch") {
    SKIP_WITHOUT_PROVIDER();
    OidcClient client = Client();
    SignedIn before = SignIn(client, "rita", "nonce-9");
    CHECK(client.Redeem(before.code, kRedirectUri, kVerifier, "nonce-9", Now()).subject == "rita");   // keys cached
    Provider().Rotate();
    SignedIn after = SignIn(client, "raj", "nonce-10");
    CHECK(client.Redeem(after.code, kRedirectUri, kVerifier, "nonce-10", Now()).subject == "raj");
}

TEST_CASE("an issuer that differs from the provider's own by a trailing slash is refused") {
    SKIP_WITHOUT_PROVIDER();
    OidcClient client({Provider().Issuer() + "/", kClientId, kClientSecret, ""});
    std::string message;
    CHECK(ErrorCode([&] { client.AuthorizationUrl(kRedirectUri, "s", "n", "c"); }, &message) == "wrong_issuer");
    CHECK(message.find(Provider().Issuer()) != std::string::npos);
}

TEST_CASE("request threads share one client") {
    SKIP_WITHOUT_PROVIDER();
    OidcClient client = Client();
    std::vector<std::string> urls(4);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < urls.size(); ++i)
        threads.emplace_back([&, i] { urls[i] = client.AuthorizationUrl(kRedirectUri, "s", "n", "c"); });
    for (std::thread& thread : threads) thread.join();
    for (const std::string& url : urls) CHECK(url == urls[0]);
}

TEST_CASE("a provider that is down makes the sign-in unreachable, not the client's construction") {
    // Port 1 on loopback: nothing listens there.
    OidcClient client({"http://127.0.0.1:1", kClientId, kClientSecret, ""});
    CHECK(client.Issuer() == "http://127.0.0.1:1");
    CHECK(ErrorCode([&] { client.AuthorizationUrl(kRedirectUri, "s", "n", "c"); }) == "unreachable");
}

TEST_CASE("an issuer that is not https, except on loopback, is a configuration error") {
    auto construct = [](const std::string& issuer) {
        return [issuer] { OidcClient client({issuer, kClientId, kClientSecret, ""}); };
    };
    CHECK(ErrorCode(construct("http://login.example.com")) == "bad_config");
    CHECK(ErrorCode(construct("http://127.example.com")) == "bad_config");
    CHECK(ErrorCode(construct("login.example.com")) == "bad_config");
    CHECK(ErrorCode(construct("https://login.example.com?tenant=1")) == "bad_config");
    CHECK(ErrorCode(construct("https://user@login.example.com")) == "bad_config");
    CHECK(ErrorCode(construct("https://login.example.com/realms/tandem")) == "none");
    CHECK(ErrorCode(construct("http://localhost:8080")) == "none");
    CHECK(ErrorCode([] { OidcClient client({"https://login.example.com", "", "", ""}); }) == "bad_config");
}
