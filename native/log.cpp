// Writes whole lines with one write(2) so lines from concurrent requests never interleave.
#include "log.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <unistd.h>

namespace tandem {

void LogLine(std::string_view line) {
    auto now = std::chrono::system_clock::now();
    std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ ", &utc);
    std::string out = stamp;
    out += line;
    out += '\n';
    [[maybe_unused]] ssize_t written = write(STDERR_FILENO, out.data(), out.size());
}

}  // namespace tandem
