// Command-line parsing shared by every subcommand: `--name value`, `--name=value`, switches and
// positionals, with errors that say which flag is wrong and why. An option may also be set by an
// environment variable (TANDEM_PORT for --port), so a systemd EnvironmentFile configures the
// server as is; the command line wins over the environment.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tandem::cli {

// A wrong command line; main() prints it and exits with status 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct OptionSpec {
    std::string_view name;      // without the leading "--"
    std::string_view value;     // placeholder such as "PORT"; empty for a switch
    std::string_view help;
    std::string_view env = {};  // the environment variable that sets it, e.g. "TANDEM_PORT"; empty: none
};

class Args {
public:
    // Throws UsageError for an unknown option, a missing value, or a switch's environment
    // variable that is not a yes or a no.
    Args(std::span<const OptionSpec> specs, std::span<char* const> argv);

    bool Has(std::string_view name) const;
    // On the command line itself, not from the environment.
    bool Given(std::string_view name) const { return m_given.find(name) != m_given.end(); }
    std::optional<std::string> Get(std::string_view name) const;
    std::string Get(std::string_view name, std::string_view fallback) const;
    // The value as an integer in [min, max], or `fallback` if absent; throws UsageError otherwise.
    std::int64_t GetInt(std::string_view name, std::int64_t fallback, std::int64_t min, std::int64_t max) const;
    const std::vector<std::string>& Positionals() const { return m_positionals; }

private:
    std::map<std::string, std::string, std::less<>> m_values;
    std::set<std::string, std::less<>> m_given;
    std::vector<std::string> m_positionals;
};

// The options' help, one per line, each with its environment variable.
std::string FormatOptions(std::span<const OptionSpec> specs);

}  // namespace tandem::cli
