// Command-line parsing shared by every subcommand: `--name value`, `--name=value`, switches and
// positionals, with errors that say which flag is wrong and why.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
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
};

class Args {
public:
    // Throws UsageError for an unknown option or a missing value.
    Args(std::span<const OptionSpec> specs, std::span<char* const> argv);

    bool Has(std::string_view name) const;
    std::optional<std::string> Get(std::string_view name) const;
    std::string Get(std::string_view name, std::string_view fallback) const;
    // The value as an integer in [min, max], or `fallback` if absent; throws UsageError otherwise.
    std::int64_t GetInt(std::string_view name, std::int64_t fallback, std::int64_t min, std::int64_t max) const;
    const std::vector<std::string>& Positionals() const { return m_positionals; }

private:
    std::map<std::string, std::string, std::less<>> m_values;
    std::vector<std::string> m_positionals;
};

std::string FormatOptions(std::span<const OptionSpec> specs);

}  // namespace tandem::cli
