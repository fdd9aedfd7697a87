// The real outside systems a deployment puts around Tandem, started by the tests themselves in a
// temporary folder: certificates made with the openssl command line, and Debian's nginx as the
// reverse proxy on a loopback port.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace tandem::test {

// A private CA and a server certificate it signed, for localhost and 127.0.0.1.
struct TestCertificates {
    explicit TestCertificates(const std::filesystem::path& dir);
    std::filesystem::path ca;          // PEM, to trust
    std::filesystem::path cert;        // PEM chain of the server
    std::filesystem::path key;
};

// `node tests/support/SCRIPT ARGS...` (a real part from npm: a webhook receiver, a mail server),
// stopped with SIGTERM at the end. Waits for the first line it prints: the line says where it listens.
class NodeScript {
public:
    NodeScript(const std::string& script, const std::vector<std::string>& args = {});
    ~NodeScript();
    NodeScript(const NodeScript&) = delete;
    NodeScript& operator=(const NodeScript&) = delete;

    const std::string& FirstLine() const { return m_line; }

private:
    pid_t m_pid = -1;
    std::string m_line;
};

// Polls `done` until it holds; false after the guard (generous: tests wait for what arrives, not
// for how fast).
bool WaitUntil(const std::function<bool()>& done, std::chrono::seconds guard = std::chrono::seconds(90));

// A port nothing listens on right now (bound and released), for a server that must be told its
// port before it starts.
int FreePort();

// nginx in front of a Tandem server, configured the way docs/operations.md tells admins: TLS
// terminated with `certificates` (or plain HTTP without), the usual proxy_set_header lines, no
// buffering for the event stream. It connects to Tandem from `source_address` (so a test can
// trust that address alone, and the test client, on 127.0.0.1, is an ordinary client).
class NginxProxy {
public:
    NginxProxy(const std::filesystem::path& dir, int upstream_port, const TestCertificates* certificates,
               const std::string& source_address = "127.0.0.2");
    ~NginxProxy();

    int Port() const { return m_port; }
    std::string ErrorLog() const;

private:
    std::filesystem::path m_dir;
    pid_t m_pid = -1;
    int m_port = 0;
};

// The configuration docs/operations.md shows, with the test's ports and paths filled in.
std::string NginxConfig(const std::filesystem::path& dir, int port, int upstream_port,
                        const TestCertificates* certificates, const std::string& source_address);

}  // namespace tandem::test
