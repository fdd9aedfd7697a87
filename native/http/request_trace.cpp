#include "http/request_trace.h"

#include <atomic>
#include <cstdio>
#include <httplib.h>
#include <random>

namespace tandem::http {

namespace {

thread_local RequestTrace t_trace;

bool SaneId(const std::string& id) {
    if (id.empty() || id.size() > 128) return false;
    for (char c : id) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                  c == ':' || c == '-';
        if (!ok) return false;
    }
    return true;
}

// A random prefix per process and a counter: unique across restarts and servers, and cheap.
std::string NewId() {
    static const std::uint64_t prefix = std::random_device{}() | (std::uint64_t(std::random_device{}()) << 32);
    static std::atomic<std::uint64_t> counter{0};
    char id[40];
    std::snprintf(id, sizeof id, "%016llx-%llu", static_cast<unsigned long long>(prefix),
                  static_cast<unsigned long long>(counter.fetch_add(1, std::memory_order_relaxed)));
    return id;
}

}  // namespace

RequestTrace& CurrentRequest() { return t_trace; }

void ResetRequest(std::chrono::steady_clock::time_point now) {
    t_trace.start = now;
    t_trace.headers_read = false;
    t_trace.id.clear();
    t_trace.route = {};
    t_trace.user_id.reset();
}

std::string RequestIdFor(const httplib::Request& req) {
    std::string given = req.get_header_value("X-Request-Id");
    return SaneId(given) ? given : NewId();
}

}  // namespace tandem::http
