// Verification of compact JWS (RFC 7515) against a JWK Set, for OpenID Connect ID tokens: the
// asymmetric algorithms identity providers sign with, through OpenSSL 3's EVP interface.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tandem::auth {

// What is wrong with a token or a key, in words an administrator can act on.
struct JwtError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// base64url without padding (RFC 7515 section 2).
std::string Base64UrlEncode(std::string_view bytes);
// nullopt for anything but canonical unpadded base64url: other characters, padding, an impossible
// length, or stray bits in the last character (which would let two texts decode alike).
std::optional<std::string> Base64UrlDecode(std::string_view text);

struct VerifiedJws {
    nlohmann::json header;
    nlohmann::json payload;
};

// Verifies `compact` (header.payload.signature) with the key of `jwks` ({"keys":[...]}) whose kid
// matches the header's, or with the only key suitable for the algorithm when the header names no
// kid. Accepts RS256/384/512, PS256/384/512 and ES256/384 with RSA keys of 2048 bits or more;
// refuses "none", the HMAC algorithms (a JWKS is public, so a shared-secret "signature" proves
// nothing), a "crit" header, a key whose use, key_ops or alg says it is not for this, and a
// signature that does not verify. Throws JwtError saying which.
VerifiedJws VerifyJws(std::string_view compact, const nlohmann::json& jwks);

// Whether `jwks` has a key with this kid, so a caller can refetch the set once when a provider
// has rotated to a key it has not seen yet.
bool HasKey(const nlohmann::json& jwks, const std::string& kid);

// SHA-256 of `bytes`, the raw 32 bytes (for PKCE).
std::string Sha256(std::string_view bytes);

}  // namespace tandem::auth
