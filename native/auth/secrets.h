// Passwords (Argon2id via libsodium) and random secrets for sessions and API tokens, which are
// stored only as hashes so a copy of the database does not let anyone in.
#pragma once

#include <string>
#include <string_view>

namespace tandem::auth {

// Call once before any other function here (initialises libsodium).
void InitSecrets();

// An Argon2id hash string with its own salt and parameters (~20 ms, 19 MiB, as OWASP advises).
std::string HashPassword(std::string_view password);
// Constant-time check of a password against a hash from HashPassword.
bool VerifyPassword(const std::string& hash, std::string_view password);

// Standard base64 (RFC 4648 section 4, padded): MIME parts, SMTP AUTH, HTTP Basic, webhook signatures.
std::string Base64(std::string_view bytes);
// `bytes` random bytes as URL-safe base64 without padding.
std::string RandomSecret(std::size_t bytes = 32);
// A password people can type: 4 groups of 5 lower-case letters and digits.
std::string RandomPassword();
// BLAKE2b-256 of a session id or token, hex encoded, for lookups.
std::string HashSecret(std::string_view secret);

}  // namespace tandem::auth
