// Writes whole lines with one write(2) so lines from concurrent requests never interleave.
#include "log.h"

#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <string>
#include <unistd.h>

namespace tandem {

namespace {

std::atomic<LogFormat> g_format{LogFormat::Text};

// UTC to the millisecond: log shippers order lines from many requests in one second by it.
void AppendStamp(std::string& stamp) {
    auto now = std::chrono::system_clock::now();
    std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    // The date and time change once a second; formatting them for every request line is waste.
    thread_local std::time_t formatted_second = -1;
    thread_local char formatted[32];
    if (seconds != formatted_second) {
        std::tm utc{};
        gmtime_r(&seconds, &utc);
        std::strftime(formatted, sizeof formatted, "%Y-%m-%dT%H:%M:%S", &utc);
        formatted_second = seconds;
    }
    stamp += formatted;
    stamp += '.';
    stamp += static_cast<char>('0' + millis / 100);
    stamp += static_cast<char>('0' + millis / 10 % 10);
    stamp += static_cast<char>('0' + millis % 10);
    stamp += 'Z';
}

std::string Stamp() {
    std::string stamp;
    AppendStamp(stamp);
    return stamp;
}

void AppendNumber(std::string& out, std::int64_t value) {
    char text[24];
    out.append(text, std::to_chars(text, text + sizeof text, value).ptr);
}

void Emit(std::string line) {
    line += '\n';
    [[maybe_unused]] ssize_t written = write(STDERR_FILENO, line.data(), line.size());
}

// Invalid UTF-8 in a path or message must not make the JSON line unwritable.
std::string Json(const nlohmann::json& object) { return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

}  // namespace

void SetLogFormat(LogFormat format) { g_format = format; }

void LogLine(std::string_view message) {
    if (g_format == LogFormat::Json) {
        Emit(Json({{"time", Stamp()}, {"level", "info"}, {"message", message}}));
    } else {
        Emit(Stamp() + " " + std::string(message));
    }
}

void LogError(std::string_view message, std::string_view request_id) {
    if (g_format == LogFormat::Json) {
        nlohmann::json line = {{"time", Stamp()}, {"level", "error"}, {"message", message}};
        if (!request_id.empty()) line["request_id"] = request_id;
        Emit(Json(line));
    } else {
        Emit(Stamp() + " error: " + std::string(message) + (request_id.empty() ? "" : " [" + std::string(request_id) + "]"));
    }
}

void LogRequest(const RequestRecord& r) {
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.1f", r.duration_ms);
    if (g_format == LogFormat::Json) {
        nlohmann::json line = {{"time", Stamp()},         {"level", "info"},        {"request_id", r.request_id},
                               {"client", r.client},      {"method", r.method},     {"path", r.path},
                               {"status", r.status},      {"duration_ms", std::stod(duration)},
                               {"bytes", r.bytes}};
        line["route"] = r.route.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.route);
        line["user_id"] = r.user_id ? nlohmann::json(*r.user_id) : nlohmann::json(nullptr);
        Emit(Json(line));
        return;
    }
    // One buffer for the line: this runs for every request.
    std::string text;
    text.reserve(128 + r.client.size() + r.path.size() + r.request_id.size());
    AppendStamp(text);
    for (std::string_view part : {std::string_view(" "), r.client, std::string_view(" "), r.method,
                                  std::string_view(" "), r.path, std::string_view(" ")})
        text += part;
    AppendNumber(text, r.status);
    text += ' ';
    text += duration;
    text += "ms ";
    AppendNumber(text, static_cast<std::int64_t>(r.bytes));
    text += 'B';
    if (r.user_id) {
        text += " user=";
        AppendNumber(text, *r.user_id);
    }
    text += " id=";
    text += r.request_id;
    Emit(std::move(text));
}

}  // namespace tandem
