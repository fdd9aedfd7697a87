// Reading answers from the terminal, or from standard input when it is not one.
#include "cli/terminal.h"

#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <termios.h>
#include <unistd.h>

namespace tandem::cli {

namespace {

std::string Ask(const std::string& prompt, const std::string& what, bool echo) {
    bool terminal = isatty(STDIN_FILENO);
    if (terminal) std::fputs(prompt.c_str(), stderr);
    termios saved{};
    bool quiet = terminal && !echo && tcgetattr(STDIN_FILENO, &saved) == 0;
    if (quiet) {
        termios silent = saved;
        silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &silent);
    }
    std::string line;
    bool read = static_cast<bool>(std::getline(std::cin, line));
    if (quiet) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::fputs("\n", stderr);   // the Enter the terminal did not echo
    }
    if (!read) throw std::runtime_error("no " + what + " given");
    return line;
}

}  // namespace

std::string ReadLine(const std::string& prompt, const std::string& what) { return Ask(prompt, what, true); }

std::string ReadSecret(const std::string& prompt, const std::string& what) { return Ask(prompt, what, false); }

}  // namespace tandem::cli
