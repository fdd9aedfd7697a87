// JSON for users, API tokens, sign-up, login and token requests. Password hashes never appear.
#include "tandem/codec.h"
#include "tandem/user.h"

namespace tandem {

namespace {

constexpr std::size_t kMaxNameBytes = 200;
constexpr std::size_t kMinPasswordChars = 12;
constexpr std::size_t kMaxPasswordBytes = 200;
constexpr std::size_t kMaxTokenNameBytes = 100;

constexpr std::string_view kUserReadOnly[] = {"id", "email", "created_at"};

std::string TooLong(std::size_t max_bytes) { return "too long (at most " + std::to_string(max_bytes) + " bytes)"; }

// As for leads: one address, whatever the case or stray spaces it was typed with.
std::string ReadEmail(ObjectReader& reader) {
    std::string email;
    reader.Required("email", email);
    email = ToLower(Trim(email));
    if (!LooksLikeEmail(email)) throw DecodeError(reader.PathOf("email"), "not an address");
    return email;
}

std::string ReadName(ObjectReader& reader, std::string_view key, std::size_t max_bytes) {
    std::string name;
    reader.Required(key, name);
    name = Trim(name);
    if (name.empty()) throw DecodeError(reader.PathOf(key), "must not be empty");
    if (name.size() > max_bytes) throw DecodeError(reader.PathOf(key), TooLong(max_bytes));
    return name;
}

// Characters, not bytes: a passphrase in any script gets the same minimum.
std::size_t CountCharacters(std::string_view text) {
    std::size_t count = 0;
    for (char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
    return count;
}

// A new password as typed (never trimmed: that would change the secret), within the length rules.
std::string ReadNewPassword(ObjectReader& reader, std::string_view key) {
    std::string password;
    reader.Required(key, password);
    if (CountCharacters(password) < kMinPasswordChars)
        throw DecodeError(reader.PathOf(key), "too short (at least " + std::to_string(kMinPasswordChars) + " characters)");
    if (password.size() > kMaxPasswordBytes) throw DecodeError(reader.PathOf(key), TooLong(kMaxPasswordBytes));
    return password;
}

// The members a client may write; the caller reads any others and finishes the reader.
void ReadWritable(ObjectReader& reader, User& user) {
    // All required: this reads a whole user (a PATCH merged onto it), so an absent member is a
    // mistake, not a wish to reset it to a default.
    user.name = ReadName(reader, "name", kMaxNameBytes);
    reader.Required("role", user.role);
    reader.Required("active", user.active);
}

}  // namespace

nlohmann::json ToJson(const User& user) {
    nlohmann::json out = {
        {"id", user.id},
        {"email", user.email},
        {"name", user.name},
        {"role", std::string(ToString(user.role))},
        {"active", user.active},
        {"created_at", FormatTimestamp(user.created_at)},
    };
    return out;
}

nlohmann::json ToJson(const ApiToken& token) {
    nlohmann::json out = {
        {"id", token.id},
        {"user_id", token.user_id},
        {"name", token.name},
        {"created_at", FormatTimestamp(token.created_at)},
        {"last_used_at", TimestampOrNull(token.last_used_at)},
        {"revoked_at", TimestampOrNull(token.revoked_at)},
    };
    return out;
}

NewUser NewUserFromJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    NewUser user;
    user.email = ReadEmail(reader);
    user.name = ReadName(reader, "name", kMaxNameBytes);
    reader.Optional("role", user.role);
    if (reader.Member("password")) user.password = ReadNewPassword(reader, "password");
    reader.Finish();
    return user;
}

User UserFromJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    reader.RefuseReadOnly(kUserReadOnly);
    User user;
    ReadWritable(reader, user);
    reader.Finish();
    return user;
}

User UserFromServerJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    User user;
    ReadWritable(reader, user);
    reader.Required("id", user.id);
    user.email = ReadEmail(reader);
    reader.OptionalTimestamp("created_at", user.created_at);
    reader.Finish();
    return user;
}

LoginRequest LoginFromJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    LoginRequest login;
    reader.Required("email", login.email);
    login.email = ToLower(Trim(login.email));
    reader.Required("password", login.password);
    reader.Finish();
    return login;
}

PasswordChange PasswordChangeFromJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    PasswordChange change;
    reader.Required("current_password", change.current_password);
    if (change.current_password.size() > kMaxPasswordBytes)
        throw DecodeError(reader.PathOf("current_password"), TooLong(kMaxPasswordBytes));
    change.new_password = ReadNewPassword(reader, "new_password");
    reader.Finish();
    return change;
}

PasswordResetRequest PasswordResetFromJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    PasswordResetRequest request;
    reader.Required("token", request.token);
    if (request.token.empty() || request.token.size() > 100) throw DecodeError(reader.PathOf("token"), "not a reset token");
    request.password = ReadNewPassword(reader, "password");
    reader.Finish();
    return request;
}

nlohmann::json ToJson(const AuthConfig& config) {
    nlohmann::json out = {{"password_login", config.password_login}, {"sso_name", nullptr}};
    if (config.sso_name) out["sso_name"] = *config.sso_name;
    return out;
}

AuthConfig AuthConfigFromJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    AuthConfig config;
    reader.Required("password_login", config.password_login);
    reader.Optional("sso_name", config.sso_name);
    reader.Finish();
    return config;
}

nlohmann::json ToJson(const SessionState& session) {
    return {{"user", session.user ? ToJson(*session.user) : nlohmann::json(nullptr)}};
}

SessionState SessionStateFromServerJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    const nlohmann::json* user = reader.Member("user");
    if (!user) throw DecodeError(reader.PathOf("user"), "required");
    reader.Finish();
    SessionState session;
    if (!user->is_null()) session.user = UserFromServerJson(*user);
    return session;
}

NewToken NewTokenFromJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    NewToken token;
    token.name = ReadName(reader, "name", kMaxTokenNameBytes);
    reader.Finish();
    return token;
}

ApiToken TokenFromServerJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    ApiToken token;
    reader.Required("id", token.id);
    reader.Required("user_id", token.user_id);
    token.name = ReadName(reader, "name", kMaxTokenNameBytes);   // as NewTokenFromJson takes it
    reader.OptionalTimestamp("created_at", token.created_at);
    reader.OptionalTimestamp("last_used_at", token.last_used_at);
    reader.OptionalTimestamp("revoked_at", token.revoked_at);
    reader.Finish();
    return token;
}

std::span<const std::string_view> UserReadOnlyFields() { return kUserReadOnly; }

}  // namespace tandem
