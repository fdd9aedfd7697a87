// `tandem user add`, `tandem user passwd` and `tandem token create`: accounts from the server's
// shell, e.g. to let a rep log feedback from the command line of another machine, or to set a
// password when nobody can sign in as an admin.
#include <cstdio>
#include <unistd.h>

#include "auth/secrets.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/terminal.h"
#include "http/api_error.h"
#include "http/context.h"
#include "service/accounts.h"
#include "store/account_repo.h"
#include "store/store.h"
#include "tandem/codec.h"

namespace tandem::cli {

namespace {

constexpr OptionSpec kUserOptions[] = {
    {"db", "FILE", "database file (default data/tandem.db)", "TANDEM_DB"},
    {"email", "EMAIL", "add: the user's email (required)"},
    {"name", "NAME", "add: the user's name (required)"},
    {"role", "ROLE", "add: admin, marketing_leader, sales_leader, marketer or sales_rep (required)"},
    {"password", "PASSWORD", "add: at least 12 characters (default: a random one, printed)"},
    {"user", "EMAIL", "passwd: whose password to set (required)"},
    {"help", "", "show this help"},
};

constexpr const char* kUserUsage =
    "usage: tandem user add --email EMAIL --name NAME --role ROLE [--password PASSWORD]\n"
    "       tandem user passwd --user EMAIL\n"
    "\n"
    "passwd asks for the new password twice on the terminal (or reads one line from standard input\n"
    "when it is not a terminal) and signs the user out everywhere.\n\n";

constexpr OptionSpec kTokenOptions[] = {
    {"db", "FILE", "database file (default data/tandem.db)", "TANDEM_DB"},
    {"user", "EMAIL", "whose token (required)"},
    {"name", "NAME", "what the token is for (required)"},
    {"help", "", "show this help"},
};

std::string Required(const Args& args, const char* name) {
    std::optional<std::string> value = args.Get(name);
    if (!value || value->empty()) throw UsageError("--" + std::string(name) + " is required");
    return *value;
}

int SetPassword(const Args& args) {
    std::string email = ToLower(Trim(Required(args, "user")));
    auth::InitSecrets();
    store::Store store(args.Get("db", "data/tandem.db"));
    std::optional<store::UserRecord> user = store.Read([&](store::Database& db) { return store::FindUserByEmail(db, email); });
    if (!user) throw std::runtime_error("no user " + email);
    std::string password = ReadSecret("new password for " + email + ": ", "password");
    if (isatty(STDIN_FILENO) && ReadSecret("again: ", "password") != password)
        throw std::runtime_error("the two passwords differ");
    try {
        service::SetPassword(store, user->user.id, password);
    } catch (const http::ApiError& e) {
        throw std::runtime_error(e.what());
    }
    std::printf("password set for %s; their sessions have ended\n", email.c_str());
    return 0;
}

}  // namespace

int RunUser(std::span<char* const> argv) {
    Args args(kUserOptions, argv);
    if (args.Has("help") || args.Positionals().empty()) {
        std::printf("%s%s", kUserUsage, FormatOptions(kUserOptions).c_str());
        return args.Has("help") ? 0 : 2;
    }
    if (args.Positionals() == std::vector<std::string>{"passwd"}) return SetPassword(args);
    if (args.Positionals() != std::vector<std::string>{"add"}) throw UsageError("user takes the action 'add' or 'passwd'");
    auth::InitSecrets();
    std::optional<std::string> password = args.Get("password");
    std::string chosen = password.value_or(auth::RandomPassword());
    // The same validation as the API's POST /api/users.
    NewUser input = NewUserFromJson({{"email", Required(args, "email")},
                                     {"name", Required(args, "name")},
                                     {"role", Required(args, "role")},
                                     {"password", chosen}});
    store::Store store(args.Get("db", "data/tandem.db"));
    User user = service::CreateUser(store, input, http::Now());
    std::printf("created user %lld: %s (%s)\n", static_cast<long long>(user.id), user.email.c_str(),
                std::string(ToString(user.role)).c_str());
    if (!password) std::printf("password: %s\n", chosen.c_str());
    return 0;
}

int RunToken(std::span<char* const> argv) {
    Args args(kTokenOptions, argv);
    if (args.Has("help") || args.Positionals().empty()) {
        std::printf("usage: tandem token create [options]\n\n%s", FormatOptions(kTokenOptions).c_str());
        return args.Has("help") ? 0 : 2;
    }
    if (args.Positionals() != std::vector<std::string>{"create"}) throw UsageError("token takes the action 'create'");
    std::string email = ToLower(Trim(Required(args, "user")));
    // The same validation as POST /api/tokens.
    std::string name = NewTokenFromJson({{"name", Required(args, "name")}}).name;
    auth::InitSecrets();
    store::Store store(args.Get("db", "data/tandem.db"));
    service::CreatedToken created = store.Write([&](store::Database& db) {
        std::optional<store::UserRecord> user = store::FindUserByEmail(db, email);
        if (!user) throw std::runtime_error("no user " + email);
        return service::CreateToken(db, user->user.id, name, http::Now());
    });
    std::printf("%s\n", created.secret.c_str());
    std::fprintf(stderr, "token %lld for %s; keep it secret, it is not shown again\n",
                 static_cast<long long>(created.token.id), email.c_str());
    return 0;
}

}  // namespace tandem::cli
