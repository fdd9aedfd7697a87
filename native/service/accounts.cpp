// Account operations.
#include "service/accounts.h"

#include "auth/secrets.h"
#include "http/api_error.h"
#include "store/account_repo.h"
#include "store/database.h"
#include "store/store.h"

namespace tandem::service {

User CreateUser(store::Store& store, const NewUser& input, Timestamp now) {
    std::string hash = auth::HashPassword(input.password);
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
    NewSession session{record->user, auth::RandomSecret()};
    store.Write([&](store::Database& db) {
        store::DeleteIdleSessions(db, now - idle_seconds);
        store::InsertSession(db, auth::HashSecret(session.cookie_value), record->user.id, now);
    });
    return session;
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
