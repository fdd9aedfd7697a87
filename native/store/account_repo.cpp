// User, session and token rows.
#include "store/account_repo.h"

#include "store/database.h"
#include "store/row.h"

namespace tandem::store {

namespace {

constexpr const char* kUserColumns = "id, email, name, role, active, created_at";

User ReadUser(const Statement& row, int first = 0) {
    User user;
    user.id = row.Int(first);
    user.email = row.Text(first + 1);
    user.name = row.Text(first + 2);
    user.role = ParseEnum<Role>(row.Text(first + 3)).value_or(Role::SalesRep);
    user.active = row.Int(first + 4) != 0;
    user.created_at = row.Int(first + 5);
    return user;
}

ApiToken ReadToken(const Statement& row) {
    ApiToken token;
    token.id = row.Int(0);
    token.user_id = row.Int(1);
    token.name = row.Text(2);
    token.created_at = row.Int(3);
    if (!row.IsNull(4)) token.last_used_at = row.Int(4);
    if (!row.IsNull(5)) token.revoked_at = row.Int(5);
    return token;
}

}  // namespace

std::int64_t InsertUser(Database& db, const User& user, const std::string& password_hash) {
    Statement& s = db.Cached(
        "INSERT INTO users (email, name, role, password_hash, active, created_at) VALUES (?, ?, ?, ?, ?, ?) "
        "RETURNING id");
    s.Bind(1, user.email).Bind(2, user.name).Bind(3, ToString(user.role));
    if (password_hash.empty()) s.BindNull(4);
    else s.Bind(4, password_hash);
    s.Bind(5, static_cast<std::int64_t>(user.active ? 1 : 0)).Bind(6, user.created_at);
    return InsertedId(s);
}

void UpdateUser(Database& db, const User& user) {
    Statement& s = db.Cached("UPDATE users SET name = ?, role = ?, active = ? WHERE id = ?");
    s.Bind(1, user.name).Bind(2, ToString(user.role)).Bind(3, static_cast<std::int64_t>(user.active ? 1 : 0));
    s.Bind(4, user.id).Run();
}

void SetPasswordHash(Database& db, std::int64_t user_id, const std::string& password_hash) {
    Statement& s = db.Cached("UPDATE users SET password_hash = ? WHERE id = ?");
    s.Bind(1, password_hash).Bind(2, user_id).Run();
}

std::optional<UserRecord> FindUserByEmail(Database& db, const std::string& email) {
    Statement& s = db.Cached("SELECT id, email, name, role, active, created_at, password_hash FROM users WHERE email = ?");
    s.Bind(1, email);
    if (!s.Step()) return std::nullopt;
    return UserRecord{ReadUser(s), s.IsNull(6) ? std::string() : s.Text(6)};
}

std::optional<User> FindUser(Database& db, std::int64_t id) {
    Statement& s = db.Cached("SELECT id, email, name, role, active, created_at FROM users WHERE id = ?");
    s.Bind(1, id);
    if (!s.Step()) return std::nullopt;
    return ReadUser(s);
}

std::vector<User> ListUsers(Database& db) {
    Statement s = db.Prepare(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY id");
    std::vector<User> users;
    while (s.Step()) users.push_back(ReadUser(s));
    return users;
}

std::int64_t CountUsers(Database& db) {
    Statement& s = db.Cached("SELECT count(*) FROM users");
    s.Step();
    return s.Int(0);
}

void InsertSession(Database& db, const std::string& id_hash, std::int64_t user_id, Timestamp now) {
    Statement& s = db.Cached("INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)");
    s.Bind(1, id_hash).Bind(2, user_id).Bind(3, now).Bind(4, now).Run();
}

std::optional<CredentialUse> FindSession(Database& db, const std::string& id_hash, Timestamp seen_since) {
    Statement& s = db.Cached(
        "SELECT u.id, u.email, u.name, u.role, u.active, u.created_at, s.last_seen_at FROM sessions s "
        "JOIN users u ON u.id = s.user_id WHERE s.id_hash = ? AND s.last_seen_at >= ? AND u.active = 1");
    s.Bind(1, id_hash).Bind(2, seen_since);
    if (!s.Step()) return std::nullopt;
    return CredentialUse{ReadUser(s), s.Int(6), 0};
}

void TouchSession(Database& db, const std::string& id_hash, Timestamp now) {
    db.Cached("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?").Bind(1, now).Bind(2, id_hash).Run();
}

void DeleteSession(Database& db, const std::string& id_hash) {
    db.Cached("DELETE FROM sessions WHERE id_hash = ?").Bind(1, id_hash).Run();
}

void DeleteUserSessions(Database& db, std::int64_t user_id) {
    db.Cached("DELETE FROM sessions WHERE user_id = ?").Bind(1, user_id).Run();
}

void DeleteOtherSessions(Database& db, std::int64_t user_id, const std::string& keep) {
    db.Cached("DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?").Bind(1, user_id).Bind(2, keep).Run();
}

void DeleteIdleSessions(Database& db, Timestamp before) {
    db.Cached("DELETE FROM sessions WHERE last_seen_at < ?").Bind(1, before).Run();
}

std::int64_t InsertToken(Database& db, const ApiToken& token, const std::string& secret_hash) {
    Statement& s = db.Cached(
        "INSERT INTO api_tokens (user_id, name, secret_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id");
    s.Bind(1, token.user_id).Bind(2, token.name).Bind(3, secret_hash).Bind(4, token.created_at);
    return InsertedId(s);
}

// A live token of an active user, found by one column of api_tokens, its one parameter.
#define TANDEM_TOKEN_USE_SQL(column)                                                                   \
    "SELECT u.id, u.email, u.name, u.role, u.active, u.created_at, coalesce(t.last_used_at, 0), t.id " \
    "FROM api_tokens t JOIN users u ON u.id = t.user_id "                                               \
    "WHERE t." column " = ? AND t.revoked_at IS NULL AND u.active = 1"

namespace {

std::optional<CredentialUse> ReadTokenUse(Statement& s) {
    if (!s.Step()) return std::nullopt;
    return CredentialUse{ReadUser(s), s.Int(6), s.Int(7)};
}

}  // namespace

std::optional<CredentialUse> FindTokenUse(Database& db, const std::string& secret_hash) {
    Statement& s = db.Cached(TANDEM_TOKEN_USE_SQL("secret_hash"));
    s.Bind(1, secret_hash);
    return ReadTokenUse(s);
}

std::optional<CredentialUse> FindTokenUseById(Database& db, std::int64_t token_id) {
    Statement& s = db.Cached(TANDEM_TOKEN_USE_SQL("id"));
    s.Bind(1, token_id);
    return ReadTokenUse(s);
}

#undef TANDEM_TOKEN_USE_SQL

void TouchToken(Database& db, std::int64_t token_id, Timestamp now) {
    db.Cached("UPDATE api_tokens SET last_used_at = ? WHERE id = ?").Bind(1, now).Bind(2, token_id).Run();
}

std::vector<ApiToken> ListTokens(Database& db, std::optional<std::int64_t> user_id) {
    Statement s = db.Prepare(
        user_id ? "SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = ? ORDER BY id"
                : "SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens ORDER BY id");
    if (user_id) s.Bind(1, *user_id);
    std::vector<ApiToken> tokens;
    while (s.Step()) tokens.push_back(ReadToken(s));
    return tokens;
}

std::optional<ApiToken> FindToken(Database& db, std::int64_t id) {
    Statement& s = db.Cached("SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens WHERE id = ?");
    s.Bind(1, id);
    if (!s.Step()) return std::nullopt;
    return ReadToken(s);
}

void RevokeToken(Database& db, std::int64_t id, Timestamp now) {
    db.Cached("UPDATE api_tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?").Bind(1, now).Bind(2, id).Run();
}

void ReplacePasswordReset(Database& db, const std::string& token_hash, std::int64_t user_id,
                          std::optional<std::int64_t> created_by, Timestamp now, Timestamp expires_at) {
    db.Cached("DELETE FROM password_resets WHERE user_id = ? OR expires_at < ?").Bind(1, user_id).Bind(2, now).Run();
    Statement& s = db.Cached(
        "INSERT INTO password_resets (token_hash, user_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)");
    s.Bind(1, token_hash).Bind(2, user_id);
    if (created_by) s.Bind(3, *created_by);
    else s.BindNull(3);
    s.Bind(4, now).Bind(5, expires_at).Run();
}

std::optional<std::int64_t> FindPasswordReset(Database& db, const std::string& token_hash, Timestamp now) {
    Statement& s = db.Cached("SELECT user_id FROM password_resets WHERE token_hash = ? AND expires_at > ?");
    s.Bind(1, token_hash).Bind(2, now);
    if (!s.Step()) return std::nullopt;
    return s.Int(0);
}

bool DeletePasswordReset(Database& db, const std::string& token_hash) {
    db.Cached("DELETE FROM password_resets WHERE token_hash = ?").Bind(1, token_hash).Run();
    return db.Changes() > 0;
}

void InsertSsoLogin(Database& db, const std::string& state_hash, const SsoLogin& login, Timestamp stale_before) {
    db.Cached("DELETE FROM sso_logins WHERE created_at < ?").Bind(1, stale_before).Run();
    Statement& s = db.Cached(
        "INSERT INTO sso_logins (state_hash, nonce, verifier, return_to, created_at) VALUES (?, ?, ?, ?, ?)");
    s.Bind(1, state_hash).Bind(2, login.nonce).Bind(3, login.verifier).Bind(4, login.return_to).Bind(5, login.created_at);
    s.Run();
}

std::optional<SsoLogin> TakeSsoLogin(Database& db, const std::string& state_hash, Timestamp stale_before) {
    Statement& s = db.Cached("SELECT nonce, verifier, return_to, created_at FROM sso_logins WHERE state_hash = ?");
    s.Bind(1, state_hash);
    std::optional<SsoLogin> login;
    if (s.Step() && s.Int(3) >= stale_before) login = SsoLogin{s.Text(0), s.Text(1), s.Text(2), s.Int(3)};
    s.Release();
    db.Cached("DELETE FROM sso_logins WHERE state_hash = ? OR created_at < ?").Bind(1, state_hash).Bind(2, stale_before).Run();
    return login;
}

}  // namespace tandem::store
