// The relying party of "Single sign-on with OpenID Connect": the authorization code flow with
// PKCE (S256), the provider found by discovery, and the ID token checked as OpenID Connect Core
// 3.1.3.7 asks (signature against the provider's JWKS, issuer, audience, expiry, nonce).
#pragma once

#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "tandem/time.h"

namespace tandem::auth {

struct OidcSettings {
    std::string issuer;          // exactly as the provider states it, e.g. "https://login.example.com/realms/x"
    std::string client_id;
    std::string client_secret;
    std::string ca_file;         // PEM bundle to trust for the provider; empty: the system store
};

// `code` says what went wrong for the log and the sign-in page: "bad_config", "unreachable",
// "untrusted_certificate", "bad_response", "wrong_issuer", "token_refused", "bad_token",
// "bad_signature", "wrong_audience", "expired", "not_yet_valid", "wrong_nonce". The message says
// what to check, in words an administrator can act on.
struct OidcError : std::runtime_error {
    OidcError(std::string code, const std::string& message);
    std::string code;
};

struct IdentityClaims {
    std::string subject;                   // sub: the account at the provider, stable
    std::string email;                     // empty if the provider sent none
    std::optional<bool> email_verified;    // nullopt if the provider did not say
    std::string name;
    nlohmann::json claims;                 // every claim of the ID token, e.g. for a role claim
};

// The S256 code challenge of a PKCE code verifier (RFC 7636): base64url(SHA-256(verifier)).
std::string PkceChallenge(std::string_view verifier);

// Safe to share between request threads. Discovery document and JWKS are fetched on first use and
// kept; no lock is held during network I/O.
class OidcClient {
public:
    // Throws OidcError("bad_config") for an issuer that is not an https URL (http only on loopback,
    // for tests) or an empty client id; never touches the network, so the server starts while
    // the provider is down.
    explicit OidcClient(OidcSettings settings);

    // Where to send the browser: response_type=code, scope "openid email profile", state, nonce,
    // the S256 code_challenge and redirect_uri. Throws OidcError ("unreachable", ...) if the
    // discovery document cannot be had.
    std::string AuthorizationUrl(const std::string& redirect_uri, const std::string& state, const std::string& nonce,
                                 const std::string& code_challenge);

    // Exchanges the code at the token endpoint (client_secret_basic, or client_secret_post if the
    // provider offers only that) and checks the ID token: signature against the JWKS (refetched
    // once for an unknown kid), iss equal to the issuer, aud containing client_id (azp, if present,
    // equal to it), exp after `now` and iat not after `now` (60 s leeway for clock skew either way),
    // iat not more than 5 minutes before `now`, and nonce equal to `expected_nonce`.
    IdentityClaims Redeem(const std::string& code, const std::string& redirect_uri, const std::string& code_verifier,
                          const std::string& expected_nonce, Timestamp now);

    const std::string& Issuer() const { return m_settings.issuer; }

private:
    struct Discovery {
        std::string authorization_endpoint;
        std::string token_endpoint;
        std::string jwks_uri;
        bool post_only = false;   // the provider takes client_secret_post but not client_secret_basic
    };

    Discovery GetDiscovery();
    nlohmann::json GetJwks(const std::string& jwks_uri, bool refresh);

    const OidcSettings m_settings;
    std::mutex m_mutex;                    // guards the two caches below
    std::optional<Discovery> m_discovery;
    std::optional<nlohmann::json> m_jwks;
};

}  // namespace tandem::auth
