// tandem: the server and the command line in one binary.
#include <cstdio>
#include <span>
#include <string_view>

#include "cli/args.h"
#include "cli/commands.h"
#include "store/database.h"

namespace {

constexpr const char* kUsage =
    "Tandem " TANDEM_VERSION ": one hub for sales and marketing.\n"
    "\n"
    "usage: tandem <command> [options]\n"
    "\n"
    "commands:\n"
    "  serve      run the server and the dashboard\n"
    "  import     import leads from a CSV file (ours, HubSpot or Salesforce)\n"
    "  export     write leads or the stage history as CSV\n"
    "  demo       fill a new database with the demo company\n"
    "  backup     copy the database safely while the server runs\n"
    "  restore    put a backup in the database's place (with the server stopped)\n"
    "  migrate-db copy a database into a new one, e.g. a file to PostgreSQL, and verify it\n"
    "  user       add a user, or set a password (passwd)\n"
    "  token      create an API token for a user\n"
    "  login      sign in to a server from this machine; the commands below then need no flags\n"
    "  logout     revoke this machine's token and forget it\n"
    "  inbox      the leads waiting for your answer, most urgent first\n"
    "  lead       show, accept or reject a lead\n"
    "  feedback   log feedback on a server from any machine (http or https), or list it\n"
    "  completion print a bash completion script\n"
    "  version    print the version\n"
    "\n"
    "`tandem <command> --help` describes a command's options.\n";

}  // namespace

int main(int argc, char** argv) {
    std::span<char* const> args(argv, static_cast<std::size_t>(argc));
    if (args.size() < 2 || std::string_view(args[1]) == "--help" || std::string_view(args[1]) == "help") {
        std::fputs(kUsage, args.size() < 2 ? stderr : stdout);
        return args.size() < 2 ? 2 : 0;
    }
    std::string_view command = args[1];
    std::span<char* const> rest = args.subspan(2);
    try {
        if (command == "serve") return tandem::cli::RunServe(rest);
        if (command == "import") return tandem::cli::RunImport(rest);
        if (command == "export") return tandem::cli::RunExport(rest);
        if (command == "demo") return tandem::cli::RunDemo(rest);
        if (command == "backup") return tandem::cli::RunBackup(rest);
        if (command == "restore") return tandem::cli::RunRestore(rest);
        if (command == "migrate-db") return tandem::cli::RunMigrateDb(rest);
        if (command == "user") return tandem::cli::RunUser(rest);
        if (command == "token") return tandem::cli::RunToken(rest);
        if (command == "feedback") return tandem::cli::RunFeedback(rest);
        if (command == "login") return tandem::cli::RunLogin(rest);
        if (command == "logout") return tandem::cli::RunLogout(rest);
        if (command == "inbox") return tandem::cli::RunInbox(rest);
        if (command == "lead") return tandem::cli::RunLead(rest);
        if (command == "completion") return tandem::cli::RunCompletion(rest, kUsage);
        if (command == "version" || command == "--version") {
            std::puts("tandem " TANDEM_VERSION);
            return 0;
        }
        throw tandem::cli::UsageError("unknown command '" + std::string(command) + "'");
    } catch (const tandem::cli::UsageError& e) {
        std::fprintf(stderr, "tandem: %s\n(see `tandem --help`)\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "tandem: %s\n", e.what());
        return 1;
    }
}
