// `tandem login` and `tandem logout`: sign in once with email and password, and keep an API token
// made for this machine (never the password) in the credentials file, so that the other commands
// need no --server and no token; logging out revokes that token and removes the file.
#include <cstdio>
#include <filesystem>
#include <functional>
#include <unistd.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/credentials.h"
#include "cli/remote.h"
#include "cli/terminal.h"
#include "tandem/user.h"

namespace tandem::cli {

namespace {

constexpr OptionSpec kLoginOptions[] = {
    {"server", "URL", "the Tandem server, e.g. https://tandem.example.com (default: the last one signed in to)",
     "TANDEM_SERVER"},
    {"ca-file", "FILE", "trust this PEM CA bundle for the server's certificate (default: the system's)",
     "TANDEM_CA_FILE"},
    {"email", "EMAIL", "your email (default: asked)"},
    {"help", "", "show this help"},
};

constexpr const char* kLoginHelp =
    "usage: tandem login --server URL [--ca-file FILE] [--email EMAIL]\n"
    "\n"
    "Signs in with your email and password (asked on the terminal without echo, or read line by line\n"
    "from standard input when it is not a terminal), makes an API token for this machine and keeps it\n"
    "with the server's URL in $XDG_CONFIG_HOME/tandem/credentials (~/.config/tandem/credentials),\n"
    "readable by you only. The other commands then need no --server and no token. Signing in again\n"
    "replaces the token; `tandem logout` revokes it. On a server with single sign-on only, make a token\n"
    "in the dashboard and give it to the commands with --token-file instead.\n\n";

constexpr OptionSpec kLogoutOptions[] = {
    {"help", "", "show this help"},
};

constexpr const char* kLogoutHelp =
    "usage: tandem logout\n"
    "\n"
    "Revokes the token `tandem login` made for this machine and removes the credentials file.\n\n";

// What the token is called in the dashboard's list, so that its owner knows which machine it is.
std::string TokenName() {
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') return "tandem login";
    return NewTokenFromJson({{"name", "tandem login on " + std::string(host)}}).name;
}

// Revokes a token with itself; a token already revoked or gone is fine.
void Revoke(const Credentials& credentials) {
    Remote remote({credentials.server, credentials.token, credentials.ca_file});
    try {
        remote.Call("DELETE", "/api/tokens/" + std::to_string(credentials.token_id));
    } catch (const RemoteError& e) {
        if (e.exit_status != kExitNotSignedIn && e.exit_status != kExitNotFound) throw;
    }
}

// Calls that tidy up after the work is done or failed: if one fails, what it would have ended
// expires or is listed in the dashboard, and the command's outcome does not change.
void Tidy(const std::function<void()>& call) {
    try {
        call();
    } catch (const RemoteError&) {
    }
}

int Login(const Args& args) {
    std::optional<Credentials> previous;
    try {
        previous = LoadCredentials();
    } catch (const RemoteError&) {
        // A damaged file is simply replaced.
    }
    RemoteOptions options;
    options.server = args.Get("server").value_or(previous ? previous->server : "");
    if (options.server.empty()) throw UsageError("--server is required (or set TANDEM_SERVER)");
    bool same_server = previous && SameServer(previous->server, options.server);
    options.ca_file = args.Get("ca-file").value_or(same_server ? previous->ca_file : "");
    // Kept for later commands run from any folder.
    if (!options.ca_file.empty()) options.ca_file = std::filesystem::absolute(options.ca_file).string();
    Remote remote(options);
    // Before the server makes a token that could not be kept.
    std::filesystem::path file = PrepareCredentialsFolder();

    std::string email = args.Get("email").value_or("");
    if (email.empty()) email = ReadLine("email: ", "email");
    std::string password = ReadSecret("password: ", "password");
    User user = remote.Decoded(remote.Call("POST", "/api/auth/login", {{"email", email}, {"password", password}}),
                               UserFromServerJson, "a user");
    nlohmann::json created = remote.Call("POST", "/api/tokens", {{"name", TokenName()}});
    if (!created.is_object() || !created.contains("secret") || !created["secret"].is_string())
        throw RemoteError("the server at " + remote.Display() + " made a token but sent no secret");
    ApiToken token = remote.Decoded(created.value("token", nlohmann::json()), TokenFromServerJson, "a token");
    // The session was only for making the token.
    auto end_session = [&] { remote.Call("POST", "/api/auth/logout"); };

    Credentials credentials{options.server, created["secret"], token.id, user.email, options.ca_file};
    try {
        SaveCredentials(credentials);
    } catch (const std::exception&) {
        Tidy([&] { remote.Call("DELETE", "/api/tokens/" + std::to_string(token.id)); });
        Tidy(end_session);
        throw;
    }
    Tidy(end_session);
    // The token this one replaces would otherwise stay valid with nobody knowing its secret.
    if (same_server && previous->token_id != 0) Tidy([&] { Revoke(*previous); });
    std::printf("signed in to %s as %s (%s); the token for this machine is in %s\n", options.server.c_str(),
                user.name.c_str(), user.email.c_str(), file.c_str());
    return 0;
}

int Logout() {
    std::optional<Credentials> saved;
    try {
        saved = LoadCredentials();
    } catch (const RemoteError& e) {
        RemoveCredentials();
        std::printf("removed the credentials file, which could not be read (%s)\n", e.what());
        return 0;
    }
    if (!saved) {
        std::printf("not signed in on this machine\n");
        return 0;
    }
    std::optional<RemoteError> failure;
    try {
        if (saved->token_id != 0) Revoke(*saved);
    } catch (const RemoteError& e) {
        failure = e;
    }
    // Signing out of this machine does not depend on the network.
    RemoveCredentials();
    if (failure) {
        throw RemoteError("signed out on this machine, but the token could not be revoked (" +
                              std::string(failure->what()) + "); revoke it in the dashboard",
                          failure->exit_status);
    }
    std::printf("signed out of %s%s\n", saved->server.c_str(), saved->token_id != 0 ? "; the token is revoked" : "");
    return 0;
}

}  // namespace

int RunLogin(std::span<char* const> argv) {
    Args args(kLoginOptions, argv);
    if (args.Has("help")) {
        std::printf("%s%s\n%s", kLoginHelp, FormatOptions(kLoginOptions).c_str(), kExitStatusHelp);
        return 0;
    }
    if (!args.Positionals().empty()) throw UsageError("login takes no arguments, got '" + args.Positionals()[0] + "'");
    return RunRemoteCommand([&] { return Login(args); });
}

int RunLogout(std::span<char* const> argv) {
    Args args(kLogoutOptions, argv);
    if (args.Has("help")) {
        std::printf("%s%s\n%s", kLogoutHelp, FormatOptions(kLogoutOptions).c_str(), kExitStatusHelp);
        return 0;
    }
    if (!args.Positionals().empty()) throw UsageError("logout takes no arguments, got '" + args.Positionals()[0] + "'");
    return RunRemoteCommand(Logout);
}

}  // namespace tandem::cli
