// Command-line parsing.
#include "cli/args.h"

#include <charconv>
#include <cstdlib>

namespace tandem::cli {

Args::Args(std::span<const OptionSpec> specs, std::span<char* const> argv) {
    for (std::size_t i = 0; i < argv.size(); ++i) {
        std::string_view arg = argv[i];
        if (!arg.starts_with("--") || arg == "--") {
            m_positionals.emplace_back(arg);
            continue;
        }
        arg.remove_prefix(2);
        std::optional<std::string> inline_value;
        if (std::size_t eq = arg.find('='); eq != std::string_view::npos) {
            inline_value = std::string(arg.substr(eq + 1));
            arg = arg.substr(0, eq);
        }
        const OptionSpec* spec = nullptr;
        for (const OptionSpec& candidate : specs)
            if (candidate.name == arg) spec = &candidate;
        if (!spec) throw UsageError("unknown option --" + std::string(arg));
        m_given.emplace(arg);
        if (spec->value.empty()) {
            if (inline_value) throw UsageError("--" + std::string(arg) + " takes no value");
            m_values[std::string(arg)] = "";
        } else if (inline_value) {
            m_values[std::string(arg)] = *inline_value;
        } else if (i + 1 < argv.size()) {
            m_values[std::string(arg)] = argv[++i];
        } else {
            throw UsageError("--" + std::string(arg) + " needs a value (" + std::string(spec->value) + ")");
        }
    }
    for (const OptionSpec& spec : specs) {
        if (spec.env.empty() || Has(spec.name)) continue;
        const char* value = std::getenv(std::string(spec.env).c_str());
        if (!value) continue;
        if (!spec.value.empty()) {
            m_values[std::string(spec.name)] = value;
            continue;
        }
        // A switch: systemd files say yes and no in many ways; anything else is a mistake to report.
        std::string_view text = value;
        if (text == "1" || text == "true" || text == "yes" || text == "on") m_values[std::string(spec.name)] = "";
        else if (!(text.empty() || text == "0" || text == "false" || text == "no" || text == "off"))
            throw UsageError(std::string(spec.env) + ": expected yes or no, got '" + std::string(text) + "'");
    }
}

bool Args::Has(std::string_view name) const { return m_values.find(name) != m_values.end(); }

std::optional<std::string> Args::Get(std::string_view name) const {
    auto it = m_values.find(name);
    if (it == m_values.end()) return std::nullopt;
    return it->second;
}

std::string Args::Get(std::string_view name, std::string_view fallback) const {
    return Get(name).value_or(std::string(fallback));
}

std::int64_t Args::GetInt(std::string_view name, std::int64_t fallback, std::int64_t min, std::int64_t max) const {
    std::optional<std::string> text = Get(name);
    if (!text) return fallback;
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (text->empty() || error != std::errc() || end != text->data() + text->size() || value < min || value > max) {
        throw UsageError("--" + std::string(name) + ": expected a whole number from " + std::to_string(min) +
                         " to " + std::to_string(max) + ", got '" + *text + "'");
    }
    return value;
}

std::string FormatOptions(std::span<const OptionSpec> specs) {
    std::string out;
    for (const OptionSpec& spec : specs) {
        std::string left = "  --" + std::string(spec.name);
        if (!spec.value.empty()) left += " " + std::string(spec.value);
        if (left.size() < 34) left.resize(34, ' ');
        else left += "  ";
        out += left + std::string(spec.help);
        if (!spec.env.empty()) out += " [$" + std::string(spec.env) + "]";
        out += "\n";
    }
    return out;
}

}  // namespace tandem::cli
