// Questions on the terminal: a line, or a secret without echo. When standard input is not a
// terminal (a script, a test) each answer is the next line of it, and nothing is asked.
#pragma once

#include <string>

namespace tandem::cli {

// std::runtime_error("no <what> given") at the end of the input.
std::string ReadLine(const std::string& prompt, const std::string& what);
std::string ReadSecret(const std::string& prompt, const std::string& what);

}  // namespace tandem::cli
