// What the server learns about the request a worker thread is answering as it passes through
// pre-routing, the route table and authentication, for its log line and its metrics. httplib
// answers each connection on one thread, one request at a time, so the record is thread-local.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace httplib {
struct Request;
struct Response;
}

namespace tandem::http {

struct RequestTrace {
    // When the request began: set by pre-routing; for requests refused while their headers were
    // read (400, 414, 431), when the thread began waiting for them.
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    bool headers_read = false;             // pre-routing ran
    std::string id;
    std::string_view route;                // the matched route's template; empty if none
    std::optional<std::int64_t> user_id;   // once authenticated
};

RequestTrace& CurrentRequest();
// The next request on this thread starts from a clean record, its clock at `now`.
void ResetRequest(std::chrono::steady_clock::time_point now);

// The request's id into `id` (its buffer kept from request to request): the client's X-Request-Id
// if it is a sane token (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one; echoed in the
// response's X-Request-Id.
void AssignRequestId(const httplib::Request& req, std::string& id);

}  // namespace tandem::http
