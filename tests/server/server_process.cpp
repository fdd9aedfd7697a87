// Child-process management for the integration tests.
#include "server_process.h"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <poll.h>
#include <random>
#include <regex>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace tandem::test {

namespace {

pid_t Spawn(const std::vector<std::string>& args, int* output_fd) {
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    pid_t pid = fork();
    if (pid == 0) {
        dup2(pipe_fds[1], STDOUT_FILENO);
        dup2(pipe_fds[1], STDERR_FILENO);
        std::vector<char*> argv;
        std::string binary = TANDEM_BINARY;
        argv.push_back(binary.data());
        for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
        argv.push_back(nullptr);
        execv(binary.c_str(), argv.data());
        _exit(127);
    }
    close(pipe_fds[1]);
    *output_fd = pipe_fds[0];
    return pid;
}

int ExitCode(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

}  // namespace

TempDir::TempDir() {
    std::random_device random;
    m_path = std::filesystem::temp_directory_path() / ("tandem-test-" + std::to_string(random()));
    std::filesystem::create_directories(m_path);
}

TempDir::~TempDir() {
    std::error_code error;
    std::filesystem::remove_all(m_path, error);
}

std::string RawExchange(int port, const std::string& request) {
    int sock = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        close(sock);
        throw std::runtime_error("cannot connect to port " + std::to_string(port));
    }
    send(sock, request.data(), request.size(), MSG_NOSIGNAL);
    std::string response;
    char buffer[4096];
    pollfd poll_fd{sock, POLLIN, 0};
    while (poll(&poll_fd, 1, 5000) > 0) {
        ssize_t n = recv(sock, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        response.append(buffer, static_cast<std::size_t>(n));
    }
    close(sock);
    return response;
}

CommandResult RunTandem(const std::vector<std::string>& args) {
    int fd = -1;
    pid_t pid = Spawn(args, &fd);
    CommandResult result;
    char buffer[4096];
    ssize_t n;
    while ((n = read(fd, buffer, sizeof buffer)) > 0) result.output.append(buffer, static_cast<std::size_t>(n));
    close(fd);
    int status = 0;
    waitpid(pid, &status, 0);
    result.exit_code = ExitCode(status);
    return result;
}

ServerProcess::ServerProcess(const std::filesystem::path& dir, std::vector<std::string> extra) {
    std::vector<std::string> args = {"serve", "--port", "0", "--db", (dir / "tandem.db").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    m_pid = Spawn(args, &m_output);

    // Read until the listening line (or failure); the reader thread then keeps draining the log.
    static const std::regex kListening(R"(listening on http://[0-9.]+:([0-9]+))");
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    std::string seen;
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd poll_fd{m_output, POLLIN, 0};
        if (poll(&poll_fd, 1, 100) <= 0) continue;
        char buffer[4096];
        ssize_t n = read(m_output, buffer, sizeof buffer);
        if (n <= 0) break;
        seen.append(buffer, static_cast<std::size_t>(n));
        std::smatch match;
        if (std::regex_search(seen, match, kListening)) {
            m_port = std::stoi(match[1]);
            break;
        }
    }
    m_log = seen;
    if (m_port == 0) {
        Stop(SIGKILL);
        throw std::runtime_error("tandem serve did not start:\n" + seen);
    }
    m_reader = std::thread([this] {
        char buffer[4096];
        ssize_t n;
        while ((n = read(m_output, buffer, sizeof buffer)) > 0) {
            std::lock_guard lock(m_mutex);
            m_log.append(buffer, static_cast<std::size_t>(n));
        }
    });
}

ServerProcess::~ServerProcess() {
    if (m_pid > 0) Stop(SIGKILL);
}

std::string ServerProcess::Log() {
    std::lock_guard lock(m_mutex);
    return m_log;
}

int ServerProcess::Stop(int signal) {
    if (m_pid <= 0) return -1;
    kill(m_pid, signal);
    int status = 0;
    waitpid(m_pid, &status, 0);
    m_pid = -1;
    if (m_reader.joinable()) m_reader.join();
    if (m_output >= 0) close(m_output);
    m_output = -1;
    return ExitCode(status);
}

}  // namespace tandem::test
