// `tandem completion bash`: a bash completion script for every command, its actions and flags,
// kept from drifting: the commands are the ones `tandem --help` lists (main's usage text), the
// flags are read at completion time from `tandem COMMAND --help`, which prints the very table the
// command parses them with, and the values of --reason, --kind and --role come from the core's
// enums. Only the actions (lead's show, accept, reject, ...) are listed here.
#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

#include "cli/args.h"
#include "cli/commands.h"
#include "tandem/enums.h"

namespace tandem::cli {

namespace {

// The words the first argument of these commands may be.
constexpr std::pair<std::string_view, std::string_view> kActions[] = {
    {"export", "leads history"}, {"user", "add passwd"},   {"token", "create"},
    {"lead", "show accept reject"}, {"feedback", "add list"}, {"completion", "bash"},
};

// The commands of the usage text: the lines under "commands:" up to the first blank one.
std::string CommandNames(std::string_view usage) {
    std::string names;
    std::size_t start = usage.find("\ncommands:\n");
    if (start == std::string_view::npos) return names;
    std::string_view rest = usage.substr(start + std::string_view("\ncommands:\n").size());
    while (rest.starts_with("  ")) {
        std::string_view line = rest.substr(0, rest.find('\n'));
        std::size_t first = line.find_first_not_of(' ');
        names += (names.empty() ? "" : " ") + std::string(line.substr(first, line.find(' ', first) - first));
        rest.remove_prefix(std::min(rest.size(), line.size() + 1));
    }
    return names;
}

template <class E>
std::string Codes() {
    std::string out;
    for (const auto& [value, name] : EnumValues<E>()) out += (out.empty() ? "" : " ") + std::string(name);
    return out;
}

constexpr OptionSpec kOptions[] = {
    {"help", "", "show this help"},
};

constexpr const char* kHelp =
    "usage: tandem completion bash\n"
    "\n"
    "Prints a bash completion script for tandem's commands, actions and flags. Load it from ~/.bashrc:\n"
    "  source <(tandem completion bash)\n"
    "or save it as ~/.local/share/bash-completion/completions/tandem.\n\n";

constexpr const char* kScript = R"(# bash completion for tandem, printed by `tandem completion bash` (tandem @VERSION@).
# Load it with:  source <(tandem completion bash)
# A command's flags come from its --help, which prints the table the command parses them with.
_tandem() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    COMPREPLY=()
    if ((COMP_CWORD == 1)); then
        COMPREPLY=($(compgen -W '@COMMANDS@ --help --version' -- "$cur"))
        return
    fi
    local command=${COMP_WORDS[1]} actions=
    case $command in
@ACTIONS@    esac
    case "$command $prev" in
@VALUES@    esac
    local line flags=() takes= option='^  (--[a-z0-9-]+)( ([A-Z][A-Z_]*))?  '
    while IFS= read -r line; do
        [[ $line =~ $option ]] || continue
        flags+=("${BASH_REMATCH[1]}")
        [[ ${BASH_REMATCH[1]} == "$prev" ]] && takes=${BASH_REMATCH[3]}
    done < <("$1" "$command" --help 2>/dev/null)
    # A flag that takes a value: nothing to offer here, so bash completes file names.
    [[ -n $takes ]] && return
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "${flags[*]}" -- "$cur"))
    elif ((COMP_CWORD == 2)) && [[ -n $actions ]]; then
        COMPREPLY=($(compgen -W "$actions" -- "$cur"))
    fi
}
complete -o default -F _tandem tandem
)";

void Replace(std::string& text, std::string_view marker, const std::string& with) {
    text.replace(text.find(marker), marker.size(), with);
}

std::string BashScript(std::string_view usage) {
    std::string actions;
    for (const auto& [command, words] : kActions)
        actions += "        " + std::string(command) + ") actions='" + std::string(words) + "' ;;\n";
    struct FlagValues {
        const char* command_and_flag;
        std::string codes;
    };
    const FlagValues values[] = {
        {"lead --reason", Codes<RejectReason>()},
        {"feedback --reason", Codes<RejectReason>()},
        {"feedback --kind", Codes<FeedbackKind>()},
        {"user --role", Codes<Role>()},
    };
    std::string cases;
    for (const FlagValues& value : values) {
        cases += "        '" + std::string(value.command_and_flag) + "') COMPREPLY=($(compgen -W '" + value.codes +
                 "' -- \"$cur\")); return ;;\n";
    }
    std::string script = kScript;
    Replace(script, "@VERSION@", TANDEM_VERSION);
    Replace(script, "@COMMANDS@", CommandNames(usage));
    Replace(script, "@ACTIONS@", actions);
    Replace(script, "@VALUES@", cases);
    return script;
}

}  // namespace

int RunCompletion(std::span<char* const> argv, std::string_view usage) {
    Args args(kOptions, argv);
    if (args.Has("help") || args.Positionals().empty()) {
        std::printf("%s%s", kHelp, FormatOptions(kOptions).c_str());
        return args.Has("help") ? 0 : 2;
    }
    if (args.Positionals() != std::vector<std::string>{"bash"})
        throw UsageError("completion takes the shell 'bash' (zsh can load it after `autoload bashcompinit; bashcompinit`)");
    std::fputs(BashScript(usage).c_str(), stdout);
    return 0;
}

}  // namespace tandem::cli
