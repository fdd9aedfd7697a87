// Single sign-on with the company's OpenID Connect provider: the authorization code flow with
// PKCE, where each attempt's state, nonce and code verifier live in the database between the
// redirect to the provider and its answer (so any server can finish what another started). A
// verified identity is matched to a user by email; with allowed domains, a newcomer gets an
// account on first sign-in, with the default role or the one a claim names.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "auth/oidc_client.h"
#include "service/accounts.h"
#include "tandem/user.h"

namespace tandem::store {
class Store;
}

namespace tandem::service {

struct SsoSettings {
    auth::OidcSettings oidc;
    std::string display_name;                 // "Sign in with <display_name>"
    std::vector<std::string> allowed_domains; // lower case; new users from these get an account
    Role default_role = Role::SalesRep;
    std::string role_claim;                   // a claim whose value is a role name; empty: none
};

// Why a sign-in did not happen: `code` is shown to the user by the sign-in page, the message
// goes to the server log.
struct SsoError : std::runtime_error {
    SsoError(std::string error_code, const std::string& message)
        : std::runtime_error(message), code(std::move(error_code)) {}
    std::string code;   // unreachable, expired, mismatch, rejected, not_allowed, inactive, no_email
};

// Parses --oidc-allowed-domains ("example.com, example.org"); throws std::invalid_argument.
std::vector<std::string> ParseDomains(const std::string& list);

class SingleSignOn {
public:
    explicit SingleSignOn(SsoSettings settings);
    ~SingleSignOn();

    const std::string& DisplayName() const { return m_settings.display_name; }
    const std::string& Issuer() const { return m_settings.oidc.issuer; }

    struct Started {
        std::string authorization_url;     // send the browser here
        std::string state;                 // and bind the attempt to the browser with this
    };
    // A new attempt that returns to `return_to` (a dashboard route such as "/leads") afterwards.
    Started Start(store::Store& store, const std::string& redirect_uri, const std::string& return_to, Timestamp now);

    struct Finished {
        NewSession session;
        std::string return_to;
        bool created = false;              // the user's account was made just now
    };
    // The provider's answer: takes the attempt (once), redeems the code, verifies the ID token and
    // opens a session for the matching user. Throws SsoError.
    Finished Finish(store::Store& store, const std::string& state, const std::string& code,
                    const std::string& redirect_uri, Timestamp now, Timestamp idle_seconds);

private:
    SsoSettings m_settings;
    std::unique_ptr<auth::OidcClient> m_client;
};

}  // namespace tandem::service
