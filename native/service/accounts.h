// Users, sign-in, passwords and API tokens.
#pragma once

#include <optional>
#include <string>

#include "tandem/user.h"

namespace tandem::store {
class Database;
class Store;
}

namespace tandem::service {

// Creates a user with a hashed password, or with none (they sign in with single sign-on, or set
// one with a reset link); ApiError 409 if the email is taken, 422 for a password the policy
// refuses. Hashing (~20 ms) happens before the write lock is taken.
User CreateUser(store::Store& store, const NewUser& input, Timestamp now);

struct NewSession {
    User user;
    std::string cookie_value;     // sent to the browser once; only its hash is stored
};
// Checks the password (constant time, also when the account does not exist, is inactive or has
// no password) and opens a session. The check runs outside any database lock.
std::optional<NewSession> SignIn(store::Store& store, const LoginRequest& login, Timestamp now,
                                 Timestamp idle_seconds);
// Opens a session for a user whose identity was proven otherwise (single sign-on).
NewSession OpenSession(store::Database& db, const User& user, Timestamp now, Timestamp idle_seconds);

// Refuses a password the policy does not allow with ApiError 422 on `field`.
void CheckNewPassword(const std::string& password, const std::string& email, const char* field);

// A user changes their own password: the current one must be right (ApiError 403 otherwise, and
// the attempt counts as a failed sign-in); every other session of theirs ends, this one stays.
// Returns false if `current` was wrong.
bool ChangePassword(store::Store& store, const User& user, const std::string& current, const std::string& replacement,
                    const std::string& keep_session_hash);

// Sets a password without knowing the old one (an admin's reset link, `tandem user passwd`);
// every session of the user ends.
void SetPassword(store::Store& store, std::int64_t user_id, const std::string& replacement);

struct ResetLink {
    std::string token;            // goes in the link; only its hash is stored
    Timestamp expires_at = 0;
};
inline constexpr Timestamp kResetLinkSeconds = 24 * 3600;
// A one-time link for `user_id` to set a new password, replacing any earlier one.
ResetLink CreateResetLink(store::Database& db, std::int64_t user_id, std::optional<std::int64_t> by, Timestamp now);
// Uses a link: sets the password and ends every session of its user. ApiError 404 if the link is
// unknown, used or expired; 422 if the password is not allowed (the link stays usable then).
User ResetPassword(store::Store& store, const std::string& token, const std::string& replacement, Timestamp now);

struct CreatedToken {
    ApiToken token;
    std::string secret;           // "tdm_..."; shown once
};
CreatedToken CreateToken(store::Database& db, std::int64_t user_id, const std::string& name, Timestamp now);

}  // namespace tandem::service
