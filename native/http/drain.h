// A body refused from its headers (413) is still on its way: closing the connection with it
// unread makes the kernel answer with a reset, which can destroy the 413 before the client reads
// it. So the refusal first reads and discards what the client sends, within bounds.
#pragma once

#include <chrono>
#include <cstddef>

namespace httplib {
struct Request;
}

namespace tandem::http {

// Discards up to `bytes` of the request's body from its plain-TCP connection, stopping early
// when the client pauses for `quiet` or `deadline` has passed. httplib hands handlers no socket,
// so the connection is found by its two addresses.
void DrainBody(const httplib::Request& req, std::size_t bytes, std::chrono::milliseconds quiet,
               std::chrono::milliseconds deadline);

}  // namespace tandem::http
