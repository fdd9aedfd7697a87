// Server log: one line per event on stderr, prefixed with the UTC time.
#pragma once

#include <string_view>

namespace tandem {

void LogLine(std::string_view line);

}  // namespace tandem
