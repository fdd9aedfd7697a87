// The credentials `tandem login` saves for the other commands: the server, an API token made for
// this machine, and the CA bundle to trust, in $XDG_CONFIG_HOME/tandem/credentials (by default
// ~/.config/tandem/credentials), readable by its owner only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace tandem::cli {

struct Credentials {
    std::string server;       // as given to `tandem login`
    std::string token;        // "tdm_..."
    std::int64_t token_id = 0;  // so that `tandem logout` can revoke it
    std::string user;         // the email signed in with, for messages
    std::string ca_file;      // absolute; empty: the system's trust store
};

// Nothing when neither $XDG_CONFIG_HOME nor $HOME says where it goes.
std::optional<std::filesystem::path> CredentialsPath();

// Nothing when there is no file; RemoteError (exit 3) when it cannot be read as credentials.
std::optional<Credentials> LoadCredentials();

// Creates the folder and any missing parent with mode 0700 and returns the file's path; call it
// before asking the server for a token. std::runtime_error if that cannot be done.
std::filesystem::path PrepareCredentialsFolder();

// Writes a new file with mode 0600 from its creation and renames it over the old one, so the
// token is never readable by others and a crash leaves the old file or the new one.
void SaveCredentials(const Credentials& credentials);

// Whether there was a file to remove.
bool RemoveCredentials();

// Whether two server URLs name the same server (trailing slashes aside).
bool SameServer(const std::string& a, const std::string& b);

}  // namespace tandem::cli
