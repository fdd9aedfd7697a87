// The subcommands of the tandem binary. Each takes its arguments after the subcommand name and
// returns the process exit status; a wrong command line throws UsageError.
#pragma once

#include <span>
#include <string_view>

namespace tandem::cli {

int RunServe(std::span<char* const> args);
int RunImport(std::span<char* const> args);
int RunExport(std::span<char* const> args);
int RunDemo(std::span<char* const> args);
int RunBackup(std::span<char* const> args);
int RunRestore(std::span<char* const> args);
int RunMigrateDb(std::span<char* const> args);
int RunUser(std::span<char* const> args);
int RunToken(std::span<char* const> args);
int RunFeedback(std::span<char* const> args);
int RunLogin(std::span<char* const> args);
int RunLogout(std::span<char* const> args);
int RunInbox(std::span<char* const> args);
int RunLead(std::span<char* const> args);
// `usage` is main's --help text: the script completes the commands it lists.
int RunCompletion(std::span<char* const> args, std::string_view usage);

}  // namespace tandem::cli
