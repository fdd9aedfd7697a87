// The subcommands of the tandem binary. Each takes its arguments after the subcommand name and
// returns the process exit status.
#pragma once

#include <span>

namespace tandem::cli {

int RunServe(std::span<char* const> args);

}  // namespace tandem::cli
