// Server log on stderr: one line per event. Text (the default) reads well in a terminal and
// journald; JSON (--log-format json) is one object per line for log shippers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace tandem {

enum class LogFormat { Text, Json };
void SetLogFormat(LogFormat format);

// Something that happened to the server as a whole ("listening on ...").
void LogLine(std::string_view message);
// A failure, with its cause and the request it broke (if any), so one request id finds both.
void LogError(std::string_view message, std::string_view request_id = {});

// One answered HTTP request.
struct RequestRecord {
    std::string_view request_id;
    std::string_view client;            // the client's address (trusted proxies applied)
    std::optional<std::int64_t> user_id;
    std::string_view method;
    std::string_view route;             // the route's template ("/api/leads/{id}"); empty if none matched
    std::string_view path;
    int status = 0;
    double duration_ms = 0;
    std::size_t bytes = 0;              // of the response body
};
void LogRequest(const RequestRecord& record);

}  // namespace tandem
