// Single sign-on attempts and matching a verified identity to an account.
#include "service/sso.h"

#include <algorithm>

#include "auth/secrets.h"
#include "store/account_repo.h"
#include "store/database.h"
#include "store/store.h"
#include "tandem/codec.h"

namespace tandem::service {

namespace {

// An attempt left unfinished this long (the user closed the tab at the provider) is dropped.
constexpr Timestamp kAttemptSeconds = 600;

std::string DomainOf(const std::string& email) {
    std::size_t at = email.rfind('@');
    return at == std::string::npos ? std::string() : email.substr(at + 1);
}

// The role a claim names: a role name, or a list of values of which the first that is one.
std::optional<Role> RoleFromClaim(const nlohmann::json& claims, const std::string& name) {
    if (name.empty() || !claims.contains(name)) return std::nullopt;
    const nlohmann::json& value = claims[name];
    auto parse = [](const nlohmann::json& v) { return v.is_string() ? ParseEnum<Role>(v.get<std::string>()) : std::nullopt; };
    if (!value.is_array()) return parse(value);
    for (const nlohmann::json& item : value)
        if (std::optional<Role> role = parse(item)) return role;
    return std::nullopt;
}

std::string NameFor(const auth::IdentityClaims& identity) {
    if (!Trim(identity.name).empty()) return Trim(identity.name).substr(0, 200);
    return identity.email.substr(0, identity.email.find('@'));
}

}  // namespace

std::vector<std::string> ParseDomains(const std::string& list) {
    std::vector<std::string> domains;
    std::size_t start = 0;
    while (start <= list.size()) {
        std::size_t comma = list.find(',', start);
        std::string domain = ToLower(Trim(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
        if (!domain.empty()) {
            if (domain.find('@') != std::string::npos || domain.find('.') == std::string::npos)
                throw std::invalid_argument("'" + domain + "' is not a domain (like example.com)");
            domains.push_back(domain);
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return domains;
}

SingleSignOn::SingleSignOn(SsoSettings settings)
    : m_settings(std::move(settings)), m_client(std::make_unique<auth::OidcClient>(m_settings.oidc)) {}

SingleSignOn::~SingleSignOn() = default;

SingleSignOn::Started SingleSignOn::Start(store::Store& store, const std::string& redirect_uri, const std::string& return_to,
                                          Timestamp now) {
    Started started;
    started.state = auth::RandomSecret();
    store::SsoLogin login{auth::RandomSecret(), auth::RandomSecret(), return_to, now};
    try {
        started.authorization_url =
            m_client->AuthorizationUrl(redirect_uri, started.state, login.nonce, auth::PkceChallenge(login.verifier));
    } catch (const auth::OidcError& e) {
        throw SsoError("unreachable", "the identity provider " + m_settings.oidc.issuer + " cannot be used: " + e.what());
    }
    store.Write([&](store::Database& db) {
        store::InsertSsoLogin(db, auth::HashSecret(started.state), login, now - kAttemptSeconds);
    });
    return started;
}

SingleSignOn::Finished SingleSignOn::Finish(store::Store& store, const std::string& state, const std::string& code,
                                            const std::string& redirect_uri, Timestamp now, Timestamp idle_seconds) {
    std::optional<store::SsoLogin> login = store.Write(
        [&](store::Database& db) { return store::TakeSsoLogin(db, auth::HashSecret(state), now - kAttemptSeconds); });
    if (!login) throw SsoError("expired", "no sign-in is waiting for this state (used, expired or never started)");
    if (code.empty()) throw SsoError("rejected", "the provider sent no code");

    auth::IdentityClaims identity;
    try {
        identity = m_client->Redeem(code, redirect_uri, login->verifier, login->nonce, now);
    } catch (const auth::OidcError& e) {
        throw SsoError(e.code == "unreachable" ? "unreachable" : "rejected",
                       "the identity provider's answer was refused (" + e.code + "): " + e.what());
    }
    std::string email = ToLower(Trim(identity.email));
    if (email.empty() || !LooksLikeEmail(email))
        throw SsoError("no_email", "the ID token of " + identity.subject + " has no email claim (ask for the email scope)");
    if (identity.email_verified == false)
        throw SsoError("not_allowed", "the provider says " + email + " is not verified");
    std::optional<Role> claimed = RoleFromClaim(identity.claims, m_settings.role_claim);

    Finished finished;
    finished.return_to = login->return_to;
    finished.session = store.Write([&](store::Database& db) {
        std::optional<store::UserRecord> record = store::FindUserByEmail(db, email);
        User user;
        if (record) {
            user = record->user;
            if (!user.active) throw SsoError("inactive", email + " is deactivated in Tandem");
            // The provider is the source of truth for the role when a claim names one.
            if (claimed && *claimed != user.role) {
                user.role = *claimed;
                store::UpdateUser(db, user);
            }
        } else {
            const auto& domains = m_settings.allowed_domains;
            if (std::find(domains.begin(), domains.end(), DomainOf(email)) == domains.end())
                throw SsoError("not_allowed", email + " has no Tandem account and its domain may not create one");
            user.email = email;
            user.name = NameFor(identity);
            user.role = claimed.value_or(m_settings.default_role);
            user.created_at = now;
            user.id = store::InsertUser(db, user, "");   // no password: this user signs in with the provider
            finished.created = true;
        }
        return OpenSession(db, user, now, idle_seconds);
    });
    return finished;
}

}  // namespace tandem::service
