// Account operations.
#include "service/accounts.h"

#include "auth/password_policy.h"
#include "auth/secrets.h"
#include "http/api_error.h"
#include "store/account_repo.h"
#include "store/database.h"
#include "store/store.h"

namespace tandem::service {

void CheckNewPassword(const std::string& password, const std::string& email, const char* field) {
    if (std::optional<std::string> problem = auth::PasswordProblem(password, email))
        throw http::ApiError(422, "invalid", "this password cannot be used: " + *problem, field);
}

User CreateUser(store::Store& store, const NewUser& input, Timestamp now) {
    std::string hash;
    if (!input.password.empty()) {
        CheckNewPassword(input.password, input.email, "password");
        hash = auth::HashPassword(input.password);
    }
    return store.Write([&](store::Database& db) {
        if (store::FindUserByEmail(db, input.email))
            throw http::ApiError(409, "conflict", "a user with this email exists", "email");
        User user;
        user.email = input.email;
        user.name = input.name;
        user.role = input.role;
        user.created_at = now;
        user.id = store::InsertUser(db, user, hash);
        return user;
    });
}

std::optional<NewSession> SignIn(store::Store& store, const LoginRequest& login, Timestamp now,
                                 Timestamp idle_seconds) {
    std::optional<store::UserRecord> record =
        store.Read([&](store::Database& db) { return store::FindUserByEmail(db, login.email); });
    // Hash even for unknown accounts so the response time does not reveal which emails exist.
    static const std::string kDummyHash = auth::HashPassword("not-a-real-password");
    bool ok = auth::VerifyPassword(record && !record->password_hash.empty() ? record->password_hash : kDummyHash,
                                   login.password);
    if (!ok || !record || !record->user.active) return std::nullopt;
    return store.Write([&](store::Database& db) { return OpenSession(db, record->user, now, idle_seconds); });
}

NewSession OpenSession(store::Database& db, const User& user, Timestamp now, Timestamp idle_seconds) {
    NewSession session{user, auth::RandomSecret()};
    store::DeleteIdleSessions(db, now - idle_seconds);
    store::InsertSession(db, auth::HashSecret(session.cookie_value), user.id, now);
    return session;
}

bool ChangePassword(store::Store& store, const User& user, const std::string& current, const std::string& replacement,
                    const std::string& keep_session_hash) {
    std::optional<store::UserRecord> record =
        store.Read([&](store::Database& db) { return store::FindUserByEmail(db, user.email); });
    if (!record || !auth::VerifyPassword(record->password_hash, current)) return false;
    CheckNewPassword(replacement, user.email, "new_password");
    if (replacement == current)
        throw http::ApiError(422, "invalid", "the new password is the one you have now", "new_password");
    std::string hash = auth::HashPassword(replacement);
    store.Write([&](store::Database& db) {
        store::SetPasswordHash(db, user.id, hash);
        if (keep_session_hash.empty()) store::DeleteUserSessions(db, user.id);
        else store::DeleteOtherSessions(db, user.id, keep_session_hash);
    });
    return true;
}

void SetPassword(store::Store& store, std::int64_t user_id, const std::string& replacement) {
    std::optional<User> user = store.Read([&](store::Database& db) { return store::FindUser(db, user_id); });
    if (!user) throw http::ApiError(404, "not_found", "no user " + std::to_string(user_id));
    CheckNewPassword(replacement, user->email, "password");
    std::string hash = auth::HashPassword(replacement);
    store.Write([&](store::Database& db) {
        store::SetPasswordHash(db, user_id, hash);
        store::DeleteUserSessions(db, user_id);
    });
}

ResetLink CreateResetLink(store::Database& db, std::int64_t user_id, std::optional<std::int64_t> by, Timestamp now) {
    ResetLink link{auth::RandomSecret(), now + kResetLinkSeconds};
    store::ReplacePasswordReset(db, auth::HashSecret(link.token), user_id, by, now, link.expires_at);
    return link;
}

User ResetPassword(store::Store& store, const std::string& token, const std::string& replacement, Timestamp now) {
    std::string token_hash = auth::HashSecret(token);
    auto gone = [] {
        return http::ApiError(404, "not_found", "this link is unknown, used or expired; ask an admin for a new one", "token");
    };
    std::optional<User> user = store.Read([&](store::Database& db) -> std::optional<User> {
        std::optional<std::int64_t> user_id = store::FindPasswordReset(db, token_hash, now);
        return user_id ? store::FindUser(db, *user_id) : std::nullopt;
    });
    if (!user) throw gone();
    CheckNewPassword(replacement, user->email, "password");
    std::string hash = auth::HashPassword(replacement);
    store.Write([&](store::Database& db) {
        // Used by someone else between the check and now: once only.
        if (!store::DeletePasswordReset(db, token_hash)) throw gone();
        store::SetPasswordHash(db, user->id, hash);
        store::DeleteUserSessions(db, user->id);
    });
    return *user;
}

CreatedToken CreateToken(store::Database& db, std::int64_t user_id, const std::string& name, Timestamp now) {
    CreatedToken created;
    created.secret = "tdm_" + auth::RandomSecret();
    created.token.user_id = user_id;
    created.token.name = name;
    created.token.created_at = now;
    created.token.id = store::InsertToken(db, created.token, auth::HashSecret(created.secret));
    return created;
}

}  // namespace tandem::service
