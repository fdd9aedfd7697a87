// The password rules, with the common-password list built into the binary.
#include "auth/password_policy.h"

#include <algorithm>
#include <string>
#include <unordered_set>

namespace tandem::auth {

namespace {

// npm `common-password` (Mark Burnett's 10,000 most common passwords), one per line; see
// native/CMakeLists.txt.
constexpr std::string_view kCommonPasswords =
#include "common_passwords.inc"
    ;

std::string Lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

const std::unordered_set<std::string_view>& CommonPasswords() {
    static const std::unordered_set<std::string_view> set = [] {
        static const std::string lowered = Lower(kCommonPasswords);
        std::unordered_set<std::string_view> words;
        std::string_view rest = lowered;
        while (!rest.empty()) {
            std::size_t end = rest.find('\n');
            std::string_view word = rest.substr(0, end);
            if (!word.empty()) words.insert(word);
            if (end == std::string_view::npos) break;
            rest.remove_prefix(end + 1);
        }
        return words;
    }();
    return set;
}

// Code points, so "pässwörd" is 8 characters, not 10 bytes.
std::size_t CountCharacters(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

bool IsCommonPassword(std::string_view password) {
    std::string lowered = Lower(password);
    if (CommonPasswords().count(lowered)) return true;
    // "qwerty123456", "Summer2026!!": a common word with digits and symbols tacked on is no stronger.
    std::size_t end = lowered.find_last_not_of("0123456789!@#$%^&*()-_=+.,;:?~ ");
    return end != std::string::npos && end + 1 < lowered.size() && CommonPasswords().count(lowered.substr(0, end + 1));
}

std::optional<std::string> PasswordProblem(std::string_view password, std::string_view email) {
    if (CountCharacters(password) < kMinPasswordCharacters)
        return "too short: use at least " + std::to_string(kMinPasswordCharacters) + " characters";
    if (IsCommonPassword(password)) return "one of the most common passwords; choose one that is yours alone";
    std::string lowered = Lower(password);
    std::string address = Lower(email);
    std::string name = address.substr(0, address.find('@'));
    if (lowered == address || lowered == name) return "your email address is not a password";
    return std::nullopt;
}

}  // namespace tandem::auth
