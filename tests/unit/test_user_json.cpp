// User, token, sign-up, login, token-request and session-state JSON: exact output and every input rule.
#include <doctest/doctest.h>

#include <string>

#include "tandem/codec.h"
#include "tandem/user.h"

using nlohmann::json;
using tandem::DecodeError;
using tandem::ToJson;
using tandem::User;

namespace {

template <class F>
std::string ErrorOf(F&& decode) {
    try {
        decode();
    } catch (const DecodeError& e) {
        return e.what();
    }
    return "accepted";
}

constexpr tandem::Timestamp kNov25At0930 = 1795599000;   // 2026-11-25T09:30:00Z

User Ada() {
    User user;
    user.id = 2;
    user.email = "ada@example.com";
    user.name = "Ada Lovelace";
    user.role = tandem::Role::MarketingLeader;
    user.active = true;
    user.created_at = kNov25At0930;
    return user;
}

json NewUserJson() {
    return json{{"email", "bob@example.com"}, {"name", "Bob"}, {"role", "sales_rep"}, {"password", "correct horse battery"}};
}

std::string NewUserError(const std::string& key, json value) {
    json in = NewUserJson();
    in[key] = std::move(value);
    return ErrorOf([&] { tandem::NewUserFromJson(in); });
}

std::string NewUserErrorWithout(const std::string& key) {
    json in = NewUserJson();
    in.erase(key);
    return ErrorOf([&] { tandem::NewUserFromJson(in); });
}

// What the server merges a PATCH onto: the user without the members nobody may change.
json Editable(const User& user) {
    json out = ToJson(user);
    for (const char* key : {"id", "email", "created_at"}) out.erase(key);
    return out;
}

std::string UserError(json in) {
    return ErrorOf([&] { tandem::UserFromJson(in); });
}

}  // namespace

TEST_CASE("a user is written without anything secret") {
    CHECK(ToJson(Ada()).dump() ==
          R"({"active":true,"created_at":"2026-11-25T09:30:00Z","email":"ada@example.com","id":2,)"
          R"("name":"Ada Lovelace","role":"marketing_leader"})");
}

TEST_CASE("a token is written with null for never used and not revoked") {
    tandem::ApiToken token;
    token.id = 9;
    token.user_id = 2;
    token.name = "laptop CLI";
    token.created_at = kNov25At0930;
    CHECK(ToJson(token).dump() ==
          R"({"created_at":"2026-11-25T09:30:00Z","id":9,"last_used_at":null,"name":"laptop CLI",)"
          R"("revoked_at":null,"user_id":2})");
    token.last_used_at = kNov25At0930 + 60;
    token.revoked_at = kNov25At0930 + 120;
    json out = ToJson(token);
    CHECK(out["last_used_at"] == "2026-11-25T09:31:00Z");
    CHECK(out["revoked_at"] == "2026-11-25T09:32:00Z");
}

TEST_CASE("a new user reads email, name, role and password") {
    tandem::NewUser user = tandem::NewUserFromJson(NewUserJson());
    CHECK(user.email == "bob@example.com");
    CHECK(user.name == "Bob");
    CHECK(user.role == tandem::Role::SalesRep);
    CHECK(user.password == "correct horse battery");
}

TEST_CASE("a new user's email is trimmed, lower-cased and must be an address") {
    CHECK(tandem::NewUserFromJson([] {
              json in = NewUserJson();
              in["email"] = " Bob@Example.COM ";
              return in;
          }())
              .email == "bob@example.com");
    CHECK(NewUserError("email", "bob") == "email: not an address");
    CHECK(NewUserError("email", "") == "email: not an address");
    CHECK(NewUserError("email", nullptr) == "email: expected text, got null");
    CHECK(NewUserErrorWithout("email") == "email: required");
}

TEST_CASE("a new user's name is required, trimmed and not empty") {
    CHECK(NewUserErrorWithout("name") == "name: required");
    CHECK(NewUserError("name", "") == "name: must not be empty");
    CHECK(NewUserError("name", "   ") == "name: must not be empty");
    CHECK(NewUserError("name", nullptr) == "name: expected text, got null");
    CHECK(NewUserError("name", std::string(201, 'n')) == "name: too long (at most 200 bytes)");
    CHECK(NewUserError("name", 5) == "name: expected text, got a number");
}

TEST_CASE("a new user's role defaults to sales rep and must be a known role") {
    json in = NewUserJson();
    in.erase("role");
    CHECK(tandem::NewUserFromJson(in).role == tandem::Role::SalesRep);
    in["role"] = "admin";
    CHECK(tandem::NewUserFromJson(in).role == tandem::Role::Admin);
    CHECK(NewUserError("role", "owner") ==
          "role: unknown value 'owner' (expected one of: admin, marketing_leader, sales_leader, marketer, sales_rep)");
}

TEST_CASE("passwords are 12 to 200 long and kept exactly as typed") {
    CHECK(NewUserError("password", std::string(12, 'p')) == "accepted");
    CHECK(NewUserError("password", std::string(11, 'p')) == "password: too short (at least 12 characters)");
    CHECK(NewUserError("password", "") == "password: too short (at least 12 characters)");
    CHECK(NewUserError("password", std::string(200, 'p')) == "accepted");
    CHECK(NewUserError("password", std::string(201, 'p')) == "password: too long (at most 200 bytes)");
    // No password at all is an account that signs in with single sign-on or a reset link.
    CHECK(NewUserErrorWithout("password") == "accepted");
    CHECK(NewUserError("password", 123456789012) == "password: expected text, got a number");
    json in = NewUserJson();
    in["password"] = "  spaces count  ";
    CHECK(tandem::NewUserFromJson(in).password == "  spaces count  ");
}

TEST_CASE("the password minimum counts characters, not bytes") {
    std::string eleven_accented;
    for (int i = 0; i < 11; ++i) eleven_accented += "\xc3\xa9";   // é: two bytes, one character
    CHECK(NewUserError("password", eleven_accented) == "password: too short (at least 12 characters)");
    CHECK(NewUserError("password", eleven_accented + "\xc3\xa9") == "accepted");
}

TEST_CASE("unknown new-user members are refused") {
    CHECK(NewUserError("active", true) == "active: unknown field");
    CHECK(NewUserError("password_hash", "x") == "password_hash: unknown field");
    CHECK(ErrorOf([] { tandem::NewUserFromJson(json::array()); }) == "expected an object, got a list");
}

TEST_CASE("a user edit reads name, role and active") {
    User user = tandem::UserFromJson(json{{"name", " Ada King "}, {"role", "sales_leader"}, {"active", false}});
    CHECK(user.name == "Ada King");
    CHECK(user.role == tandem::Role::SalesLeader);
    CHECK_FALSE(user.active);
    // The rest is the caller's to copy from the stored user.
    CHECK(user.id == 0);
    CHECK(user.email == "");
    CHECK(user.created_at == 0);
}

TEST_CASE("a user written and read back keeps its editable fields") {
    User original = Ada();
    original.active = false;
    User decoded = tandem::UserFromJson(Editable(original));
    decoded.id = original.id;
    decoded.email = original.email;
    decoded.created_at = original.created_at;
    CHECK(ToJson(decoded) == ToJson(original));
}

TEST_CASE("a user edit refuses id, email and created_at") {
    json in = Editable(Ada());
    in["id"] = 2;
    CHECK(UserError(in) == "id: read-only");
    in = Editable(Ada());
    in["email"] = "new@example.com";
    CHECK(UserError(in) == "email: read-only");
    in = Editable(Ada());
    in["created_at"] = "2026-11-25T09:30:00Z";
    CHECK(UserError(in) == "created_at: read-only");
    CHECK(UserError(ToJson(Ada())) == "id: read-only");
}

TEST_CASE("a user edit needs all of name, role and active, with the right types") {
    json in = Editable(Ada());
    in.erase("active");
    CHECK(UserError(in) == "active: required");
    in = Editable(Ada());
    in.erase("role");
    CHECK(UserError(in) == "role: required");
    in = Editable(Ada());
    in["name"] = " ";
    CHECK(UserError(in) == "name: must not be empty");
    in = Editable(Ada());
    in["active"] = "yes";
    CHECK(UserError(in) == "active: expected true or false, got text");
    in = Editable(Ada());
    in["active"] = nullptr;
    CHECK(UserError(in) == "active: expected true or false, got null");
    in = Editable(Ada());
    in["password"] = "new password here";
    CHECK(UserError(in) == "password: unknown field");
}

TEST_CASE("a login reads a trimmed, lower-cased email and the password as typed") {
    tandem::LoginRequest login = tandem::LoginFromJson(json{{"email", " Ada@Example.com "}, {"password", " secret "}});
    CHECK(login.email == "ada@example.com");
    CHECK(login.password == " secret ");
}

TEST_CASE("a login needs both email and password and nothing else") {
    auto error = [](json in) { return ErrorOf([&] { tandem::LoginFromJson(in); }); };
    CHECK(error(json{{"password", "x"}}) == "email: required");
    CHECK(error(json{{"email", "ada@example.com"}}) == "password: required");
    CHECK(error(json{{"email", nullptr}, {"password", "x"}}) == "email: expected text, got null");
    CHECK(error(json{{"email", "ada@example.com"}, {"password", 1234}}) == "password: expected text, got a number");
    CHECK(error(json{{"email", "ada@example.com"}, {"password", "x"}, {"remember", true}}) == "remember: unknown field");
    CHECK(error(json("ada@example.com")) == "expected an object, got text");
}

TEST_CASE("a token request needs a trimmed name of at most 100 bytes") {
    auto error = [](json in) { return ErrorOf([&] { tandem::NewTokenFromJson(in); }); };
    CHECK(tandem::NewTokenFromJson(json{{"name", " laptop CLI "}}).name == "laptop CLI");
    CHECK(error(json::object()) == "name: required");
    CHECK(error(json{{"name", ""}}) == "name: must not be empty");
    CHECK(error(json{{"name", "\t"}}) == "name: must not be empty");
    CHECK(error(json{{"name", nullptr}}) == "name: expected text, got null");
    CHECK(error(json{{"name", std::string(100, 'n')}}) == "accepted");
    CHECK(error(json{{"name", std::string(101, 'n')}}) == "name: too long (at most 100 bytes)");
    CHECK(error(json{{"name", "ci"}, {"expires_at", "2027-01-01"}}) == "expires_at: unknown field");
}

TEST_CASE("a session state is the signed-in user or null, and reads back the same") {
    CHECK(ToJson(tandem::SessionState{}) == json{{"user", nullptr}});
    CHECK(ToJson(tandem::SessionState{Ada()}) == json{{"user", ToJson(Ada())}});
    CHECK_FALSE(tandem::SessionStateFromServerJson(json{{"user", nullptr}}).user.has_value());
    std::optional<User> read = tandem::SessionStateFromServerJson(ToJson(tandem::SessionState{Ada()})).user;
    REQUIRE(read.has_value());
    CHECK(ToJson(*read) == ToJson(Ada()));
    auto error = [](json in) { return ErrorOf([&] { tandem::SessionStateFromServerJson(in); }); };
    CHECK(error(json::object()) == "user: required");
    CHECK(error(json{{"user", nullptr}, {"expires_at", 0}}) == "expires_at: unknown field");
}
