#include "http/request_trace.h"

#include <atomic>
#include <charconv>
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
void AssignNewId(std::string& id) {
    static const std::string prefix = [] {
        std::uint64_t random = std::random_device{}() | (std::uint64_t(std::random_device{}()) << 32);
        char text[24];
        std::snprintf(text, sizeof text, "%016llx-", static_cast<unsigned long long>(random));
        return std::string(text);
    }();
    static std::atomic<std::uint64_t> counter{0};
    char number[24];
    char* end = std::to_chars(number, number + sizeof number, counter.fetch_add(1, std::memory_order_relaxed)).ptr;
    id.assign(prefix);
    id.append(number, end);
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

void AssignRequestId(const httplib::Request& req, std::string& id) {
    auto given = req.headers.find("X-Request-Id");
    if (given != req.headers.end() && SaneId(given->second)) id = given->second;
    else AssignNewId(id);
}

}  // namespace tandem::http
