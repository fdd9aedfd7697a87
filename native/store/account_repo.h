// Users, sessions and API tokens in SQLite. Secrets are stored only as hashes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tandem/user.h"

namespace tandem::store {

class Database;

struct UserRecord {
    User user;
    std::string password_hash;    // empty: cannot log in
};

std::int64_t InsertUser(Database& db, const User& user, const std::string& password_hash);
void UpdateUser(Database& db, const User& user);
void SetPasswordHash(Database& db, std::int64_t user_id, const std::string& password_hash);
std::optional<UserRecord> FindUserByEmail(Database& db, const std::string& email);
std::optional<User> FindUser(Database& db, std::int64_t id);
std::vector<User> ListUsers(Database& db);
std::int64_t CountUsers(Database& db);

// A credential's owner and when the credential was last used.
struct CredentialUse {
    User user;
    Timestamp last_used_at = 0;
    std::int64_t token_id = 0;      // tokens only
};

void InsertSession(Database& db, const std::string& id_hash, std::int64_t user_id, Timestamp now);
// The session's active user if the session was seen at or after `seen_since`.
std::optional<CredentialUse> FindSession(Database& db, const std::string& id_hash, Timestamp seen_since);
void TouchSession(Database& db, const std::string& id_hash, Timestamp now);
void DeleteSession(Database& db, const std::string& id_hash);
void DeleteUserSessions(Database& db, std::int64_t user_id);
// Every session of the user but `keep` (a hash), e.g. after a password change made in `keep`.
void DeleteOtherSessions(Database& db, std::int64_t user_id, const std::string& keep);
void DeleteIdleSessions(Database& db, Timestamp before);

std::int64_t InsertToken(Database& db, const ApiToken& token, const std::string& secret_hash);
// The token's active owner if the token exists and is not revoked.
std::optional<CredentialUse> FindTokenUse(Database& db, const std::string& secret_hash);
std::optional<CredentialUse> FindTokenUseById(Database& db, std::int64_t token_id);
void TouchToken(Database& db, std::int64_t token_id, Timestamp now);
std::vector<ApiToken> ListTokens(Database& db, std::optional<std::int64_t> user_id);
std::optional<ApiToken> FindToken(Database& db, std::int64_t id);
void RevokeToken(Database& db, std::int64_t id, Timestamp now);

// A password-reset link: at most one per user (a new one replaces the old).
void ReplacePasswordReset(Database& db, const std::string& token_hash, std::int64_t user_id,
                          std::optional<std::int64_t> created_by, Timestamp now, Timestamp expires_at);
// The user a link is for, if it exists and has not expired.
std::optional<std::int64_t> FindPasswordReset(Database& db, const std::string& token_hash, Timestamp now);
// Deletes the link; false if it was already gone (used by someone else meanwhile).
bool DeletePasswordReset(Database& db, const std::string& token_hash);

// A single sign-on attempt, from the redirect to the provider until its answer.
struct SsoLogin {
    std::string nonce;
    std::string verifier;       // PKCE
    std::string return_to;      // the dashboard route to open afterwards
    Timestamp created_at = 0;
};
// Also drops attempts begun before `stale_before` that never came back (the tab was closed).
void InsertSsoLogin(Database& db, const std::string& state_hash, const SsoLogin& login, Timestamp stale_before);
// The attempt if it exists; it is deleted either way (a state is good once), as are stale ones.
std::optional<SsoLogin> TakeSsoLogin(Database& db, const std::string& state_hash, Timestamp stale_before);

}  // namespace tandem::store
