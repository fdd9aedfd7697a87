// Test certificates from the openssl command line and nginx started from Debian's package.
#include "real_parts.h"
#include "server_process.h"

#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <netinet/in.h>
#include <sstream>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace tandem::test {

namespace {

void Run(const std::string& command) {
    if (std::system((command + " >/dev/null 2>&1").c_str()) != 0) throw std::runtime_error("failed: " + command);
}

std::string Quote(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

void Replace(std::string& text, const std::string& from, const std::string& to) {
    std::size_t at = text.find(from);
    if (at == std::string::npos) throw std::runtime_error("docs/operations.md's nginx example no longer has: " + from);
    text.replace(at, from.size(), to);
}

// The fenced nginx block between the example markers of docs/operations.md.
std::string DocumentedNginx() {
    std::string doc = ReadFile(std::filesystem::path(TANDEM_SOURCE_DIR) / "docs" / "operations.md");
    std::size_t start = doc.find("```nginx\n");
    if (start == std::string::npos) throw std::runtime_error("docs/operations.md has no ```nginx block");
    start += 9;
    return doc.substr(start, doc.find("```", start) - start);
}

bool Accepts(int port) {
    int sock = ConnectLoopback(port);
    if (sock >= 0) close(sock);
    return sock >= 0;
}

}  // namespace

NodeScript::NodeScript(const std::string& script, const std::vector<std::string>& args) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    std::string path = std::string(TANDEM_SOURCE_DIR) + "/tests/support/" + script;
    std::vector<std::string> words = {"node", path};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);
    m_pid = fork();
    if (m_pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        execvp("node", argv.data());
        _exit(127);
    }
    close(out[1]);
    char c;
    while (read(out[0], &c, 1) == 1 && c != '\n') m_line += c;
    close(out[0]);
    if (m_line.empty()) throw std::runtime_error("node " + script + " did not start");
}

NodeScript::~NodeScript() {
    kill(m_pid, SIGTERM);
    waitpid(m_pid, nullptr, 0);
}

bool WaitUntil(const std::function<bool()>& done, std::chrono::seconds guard) {
    auto until = std::chrono::steady_clock::now() + guard;
    while (std::chrono::steady_clock::now() < until) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return done();
}

TestCertificates::TestCertificates(const std::filesystem::path& dir)
    : ca(dir / "ca.pem"), cert(dir / "server.pem"), key(dir / "server.key") {
    std::filesystem::path ca_key = dir / "ca.key", request = dir / "server.csr", names = dir / "names.ext";
    std::ofstream(names) << "subjectAltName=DNS:localhost,IP:127.0.0.1\n";
    Run("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=Tandem Test CA' -keyout " + Quote(ca_key) +
        " -out " + Quote(ca));
    Run("openssl req -newkey rsa:2048 -nodes -subj '/CN=localhost' -keyout " + Quote(key) + " -out " + Quote(request));
    Run("openssl x509 -req -days 2 -in " + Quote(request) + " -CA " + Quote(ca) + " -CAkey " + Quote(ca_key) +
        " -CAcreateserial -extfile " + Quote(names) + " -out " + Quote(cert));
}

int FreePort() {
    int sock = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (bind(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        getsockname(sock, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        close(sock);
        throw std::runtime_error("no free port");
    }
    close(sock);
    return ntohs(address.sin_port);
}

std::string NginxConfig(const std::filesystem::path& dir, int port, int upstream_port, const TestCertificates* certificates,
                        const std::string& source_address) {
    std::string site = DocumentedNginx();
    // Only the HTTPS server block (the second server block redirects port 80).
    site = site.substr(0, site.rfind("server {"));
    std::string listen = "127.0.0.1:" + std::to_string(port);
    Replace(site, "    listen 443 ssl http2;\n", "    listen " + listen + (certificates ? " ssl;\n" : ";\n"));
    Replace(site, "    listen [::]:443 ssl http2;\n", "");
    Replace(site, "/etc/letsencrypt/live/tandem.example.com/fullchain.pem",
            certificates ? certificates->cert.string() : std::string());
    Replace(site, "/etc/letsencrypt/live/tandem.example.com/privkey.pem", certificates ? certificates->key.string() : std::string());
    if (!certificates) {
        Replace(site, "    ssl_certificate     ;\n", "");
        Replace(site, "    ssl_certificate_key ;\n", "");
    }
    Replace(site, "server 127.0.0.1:8080;", "server 127.0.0.1:" + std::to_string(upstream_port) + ";");
    Replace(site, "        proxy_pass http://tandem;\n", "        proxy_pass http://tandem;\n        proxy_bind " + source_address + ";\n");

    std::string d = dir.string();
    std::string config = getuid() == 0 ? "user root;\n" : "";
    config += "worker_processes 1;\npid " + d + "/nginx.pid;\nerror_log " + d + "/error.log info;\nevents {}\nhttp {\n";
    config += "    access_log " + d + "/access.log;\n";
    for (const char* temp : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"})
        config += "    " + std::string(temp) + "_temp_path " + d + "/" + temp + ";\n";
    return config + site + "}\n";
}

NginxProxy::NginxProxy(const std::filesystem::path& dir, int upstream_port, const TestCertificates* certificates,
                       const std::string& source_address)
    : m_dir(dir), m_port(FreePort()) {
    std::filesystem::create_directories(dir);
    std::filesystem::path config = dir / "nginx.conf";
    std::ofstream(config) << NginxConfig(dir, m_port, upstream_port, certificates, source_address);
    m_pid = fork();
    if (m_pid == 0) {
        std::string prefix = dir.string() + "/", conf = config.string(), log = (dir / "error.log").string();
        execl("/usr/sbin/nginx", "nginx", "-p", prefix.c_str(), "-c", conf.c_str(), "-e", log.c_str(), "-g", "daemon off;",
              static_cast<char*>(nullptr));
        _exit(127);
    }
    // Up when it accepts; an nginx that exits has failed (the error log says why).
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!Accepts(m_port)) {
        int status = 0;
        if (waitpid(m_pid, &status, WNOHANG) == m_pid || std::chrono::steady_clock::now() > deadline) {
            m_pid = -1;
            throw std::runtime_error("nginx did not start:\n" + ErrorLog());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

NginxProxy::~NginxProxy() {
    if (m_pid <= 0) return;
    kill(m_pid, SIGTERM);   // stops at once, workers included (open event streams would hold a graceful stop)
    int status = 0;
    waitpid(m_pid, &status, 0);
}

std::string NginxProxy::ErrorLog() const { return ReadFile(m_dir / "error.log"); }

}  // namespace tandem::test
