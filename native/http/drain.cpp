#include "http/drain.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <httplib.h>
#include <netinet/in.h>
#include <optional>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <vector>

namespace tandem::http {

namespace {

// httplib's SocketStream reads the socket 4 KiB at a time.
constexpr std::size_t kHttplibReadBuffer = 4096;

// The address and port of one end of a socket, in the form httplib reports them.
std::optional<std::pair<std::string, int>> End(int fd, bool peer) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    int result = peer ? getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length)
                      : getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    if (result != 0) return std::nullopt;
    char text[INET6_ADDRSTRLEN] = {};
    if (address.ss_family == AF_INET) {
        const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
        inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
        return std::pair<std::string, int>(text, ntohs(v4.sin_port));
    }
    if (address.ss_family == AF_INET6) {
        const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
        inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
        return std::pair<std::string, int>(text, ntohs(v6.sin6_port));
    }
    return std::nullopt;
}

std::optional<int> SocketOf(const httplib::Request& req) {
    DIR* fds = opendir("/proc/self/fd");
    if (!fds) return std::nullopt;
    std::optional<int> found;
    while (dirent* entry = readdir(fds)) {
        int fd = std::atoi(entry->d_name);
        struct stat info{};
        if (fd <= 2 || fstat(fd, &info) != 0 || !S_ISSOCK(info.st_mode)) continue;
        auto local = End(fd, false);
        if (!local || local->second != req.local_port || local->first != req.local_addr) continue;
        auto remote = End(fd, true);
        if (remote && remote->second == req.remote_port && remote->first == req.remote_addr) {
            found = fd;
            break;
        }
    }
    closedir(fds);
    return found;
}

}  // namespace

void DrainBody(const httplib::Request& req, std::size_t bytes, std::chrono::milliseconds quiet,
               std::chrono::milliseconds deadline) {
    std::optional<int> fd = SocketOf(req);
    if (!fd) return;
    auto until = std::chrono::steady_clock::now() + deadline;
    std::vector<char> buffer(64 * 1024);
    // httplib may already hold the body's first bytes in its read buffer: wait only for the rest.
    std::size_t expected = bytes > kHttplibReadBuffer ? bytes - kHttplibReadBuffer : 0;
    std::size_t drained = 0;
    while (drained < expected && std::chrono::steady_clock::now() < until) {
        pollfd poll_fd{*fd, POLLIN, 0};
        if (poll(&poll_fd, 1, static_cast<int>(quiet.count())) <= 0) return;
        ssize_t n = recv(*fd, buffer.data(), buffer.size(), MSG_DONTWAIT);
        if (n <= 0) return;
        drained += static_cast<std::size_t>(n);
    }
    // Whatever of the last few kilobytes has arrived, without waiting.
    while (drained < bytes && recv(*fd, buffer.data(), buffer.size(), MSG_DONTWAIT) > 0) {}
}

}  // namespace tandem::http
