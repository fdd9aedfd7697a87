// A shell of the test's own for the command line's child processes: a fresh HOME and
// XDG_CONFIG_HOME, no token or server in the environment, UTC. Nothing a test runs reads or writes
// the real user's ~/.config/tandem.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "server_process.h"

namespace tandem::test {

// The environment the child processes inherit, as in a new shell on a rep's laptop; the test's own
// is restored afterwards.
class RepShell {
public:
    RepShell() {
        for (const char* name : {"HOME", "XDG_CONFIG_HOME", "TZ", "TANDEM_TOKEN", "TANDEM_SERVER", "TANDEM_CA_FILE"}) {
            const char* value = std::getenv(name);
            m_saved.emplace_back(name, value ? std::optional<std::string>(value) : std::nullopt);
            ::unsetenv(name);
        }
        ::setenv("HOME", m_home.Path().c_str(), 1);
        ::setenv("XDG_CONFIG_HOME", (m_home / "config").c_str(), 1);
        ::setenv("TZ", "UTC", 1);   // so that the expected times can be read off the API's
    }
    ~RepShell() {
        for (const auto& [name, value] : m_saved) {
            if (value) ::setenv(name.c_str(), value->c_str(), 1);
            else ::unsetenv(name.c_str());
        }
    }
    const std::filesystem::path& Home() const { return m_home.Path(); }
    std::filesystem::path Credentials() const { return m_home / "config/tandem/credentials"; }

private:
    TempDir m_home;
    std::vector<std::pair<std::string, std::optional<std::string>>> m_saved;
};

}  // namespace tandem::test
