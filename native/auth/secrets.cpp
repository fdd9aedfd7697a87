// libsodium-backed hashing and randomness.
#include "auth/secrets.h"

#include <sodium.h>
#include <stdexcept>

namespace tandem::auth {

namespace {

// OWASP's minimum for Argon2id: 19 MiB memory, 2 iterations.
constexpr unsigned long long kOpsLimit = 2;
constexpr std::size_t kMemLimit = 19u * 1024 * 1024;

}  // namespace

void InitSecrets() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

std::string HashPassword(std::string_view password) {
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password.data(), password.size(), kOpsLimit, kMemLimit) != 0)
        throw std::runtime_error("out of memory while hashing a password");
    return hash;
}

bool VerifyPassword(const std::string& hash, std::string_view password) {
    if (hash.empty()) return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string Base64(std::string_view bytes) {
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);   // the terminating NUL
    return out;
}

std::string RandomSecret(std::size_t bytes) {
    std::string raw(bytes, '\0');
    randombytes_buf(raw.data(), raw.size());
    std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(std::char_traits<char>::length(out.c_str()));
    return out;
}

std::string RandomPassword() {
    static constexpr char kAlphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";   // no l, o, 0, 1
    std::string out;
    for (int group = 0; group < 4; ++group) {
        if (group > 0) out += '-';
        for (int i = 0; i < 5; ++i) out += kAlphabet[randombytes_uniform(sizeof kAlphabet - 1)];
    }
    return out;
}

std::string HashSecret(std::string_view secret) {
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
                       nullptr, 0);
    char hex[sizeof digest * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

}  // namespace tandem::auth
