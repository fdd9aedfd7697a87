// What a new password must be: at least 12 characters, not one of the 10,000 most common
// passwords (compared without regard to case, also with digits and symbols tacked on, as in
// "qwerty123456"), and not the account's own email address or its name part. Length, not
// composition rules, as NIST SP 800-63B advises.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tandem::auth {

inline constexpr std::size_t kMinPasswordCharacters = 12;

// Why `password` may not be used by the account `email`, as a sentence; nullopt if it may.
std::optional<std::string> PasswordProblem(std::string_view password, std::string_view email);

// Whether `password` is on the common-password list, or is one of its words followed by digits
// and symbols only.
bool IsCommonPassword(std::string_view password);

}  // namespace tandem::auth
