// People and what their role lets them do.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>
#include "tandem/enums.h"
#include "tandem/time.h"

namespace tandem {

struct User {
    std::int64_t id = 0;
    std::string email;          // unique, lower-case
    std::string name;
    Role role = Role::SalesRep;
    bool active = true;
    Timestamp created_at = 0;
};

struct ApiToken {
    std::int64_t id = 0;
    std::int64_t user_id = 0;
    std::string name;           // what it is for, e.g. "laptop CLI"
    Timestamp created_at = 0;
    std::optional<Timestamp> last_used_at;
    std::optional<Timestamp> revoked_at;
};

// Everything a request can ask to do, checked against the caller's role on every route.
enum class Action {
    Read,                   // scorecard, calendar, leads, feedback, definitions: everyone
    WriteLeads,             // create and edit leads: everyone who works them
    ImportLeads,            // bulk import
    ClaimLeads,             // take an unassigned sales-ready lead: the sales team
    AssignLeads,            // give a lead to a rep, or back to the pool: sales leaders
    ErasePersonalData,      // erase a person's data on request, or export it: admins, the marketing leader
    EditDefinitionDraft,
    ProposeDefinition,
    ApproveDefinition,
    WriteCampaigns,
    WriteFeedback,
    UpdateContentRequests,
    WriteTargets,
    ManageUsers,
    ManageAllTokens,        // everyone manages their own
    Backup,
    ReadMetrics,            // the Prometheus scrape on the main port, with an admin's API token
    ManageWebhooks,         // outgoing webhooks: their URLs and secrets reach other systems
};

// Admins may do everything but sign off a definition, which takes the two leaders, and claim
// leads, which only the sales team owns.
bool Can(Role role, Action action);

// Ownership, on top of the role: a sales rep acts on a lead (accept, reject, edit its facts, log a
// contact) only if it is theirs or unassigned (acting on an unassigned one claims it where the
// move says so); leaders of either side, marketers and admins act on every lead.
bool MayActOnLead(const User& user, std::optional<std::int64_t> owner_id);

// JSON (src/user_json.cpp). Password hashes never appear in JSON.
nlohmann::json ToJson(const User& user);
nlohmann::json ToJson(const ApiToken& token);

struct NewUser {
    std::string email;
    std::string name;
    Role role = Role::SalesRep;
    std::string password;   // at least 12 characters; empty: none yet (single sign-on, or a reset link)
};
NewUser NewUserFromJson(const nlohmann::json& in);

// Writable fields of a user for a PATCH merged onto ToJson(existing): name, role, active.
// Refuses id, email, created_at and unknown members, so the caller strips those three from
// ToJson(existing) before merging (there is no UserReadOnlyFields()). name, role and active are
// all required; the other fields of the result are left at their defaults.
User UserFromJson(const nlohmann::json& in);
std::span<const std::string_view> UserReadOnlyFields();   // id, email, created_at
// What the server sends (ToJson's output), for the dashboard: the writable members under
// UserFromJson's rules, then the read-only ones (the email as NewUserFromJson takes it); unknown
// members are refused.
User UserFromServerJson(const nlohmann::json& in);

struct LoginRequest {
    std::string email;
    std::string password;
};
LoginRequest LoginFromJson(const nlohmann::json& in);

// POST /api/auth/password: the signed-in user's own change.
struct PasswordChange {
    std::string current_password;
    std::string new_password;        // 12 to 200 characters here; the server also refuses common ones
};
PasswordChange PasswordChangeFromJson(const nlohmann::json& in);

// POST /api/auth/password-reset: a one-time link's token and the password to set.
struct PasswordResetRequest {
    std::string token;
    std::string password;
};
PasswordResetRequest PasswordResetFromJson(const nlohmann::json& in);

// GET /api/auth/config: how people sign in here, for the sign-in page.
struct AuthConfig {
    bool password_login = true;
    std::optional<std::string> sso_name;      // "Sign in with <sso_name>" when single sign-on is set up
};
nlohmann::json ToJson(const AuthConfig& config);
AuthConfig AuthConfigFromJson(const nlohmann::json& in);

// GET /api/auth/session: who is signed in, if anyone. The dashboard's probe at start: it answers 200
// either way, because browsers report every 4xx in the console (scripts use GET /api/auth/me, which
// answers 401 without credentials).
struct SessionState {
    std::optional<User> user;                  // nobody when empty
};
nlohmann::json ToJson(const SessionState& session);
// What the server sends, the user under UserFromServerJson's rules.
SessionState SessionStateFromServerJson(const nlohmann::json& in);

struct NewToken {
    std::string name;
};
NewToken NewTokenFromJson(const nlohmann::json& in);
// A token as the server sends it (ToJson's output), its name as NewTokenFromJson takes it;
// unknown members are refused.
ApiToken TokenFromServerJson(const nlohmann::json& in);

}  // namespace tandem
