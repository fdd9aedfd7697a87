// Users, sign-in and API tokens.
#pragma once

#include <optional>
#include <string>

#include "tandem/user.h"

namespace tandem::store {
class Database;
class Store;
}

namespace tandem::service {

// Creates a user with a hashed password; ApiError 409 if the email is taken. Hashing (~20 ms)
// happens before the write lock is taken.
User CreateUser(store::Store& store, const NewUser& input, Timestamp now);

struct NewSession {
    User user;
    std::string cookie_value;     // sent to the browser once; only its hash is stored
};
// Checks the password (constant time, also when the account does not exist) and opens a session.
// The check runs outside any database lock.
std::optional<NewSession> SignIn(store::Store& store, const LoginRequest& login, Timestamp now,
                                 Timestamp idle_seconds);

struct CreatedToken {
    ApiToken token;
    std::string secret;           // "tdm_..."; shown once
};
CreatedToken CreateToken(store::Database& db, std::int64_t user_id, const std::string& name, Timestamp now);

}  // namespace tandem::service
