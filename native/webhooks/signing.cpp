// Secrets and signatures for outgoing webhooks.
#include "webhooks/signing.h"

#include <sodium.h>
#include <stdexcept>
#include <vector>

#include "auth/secrets.h"

namespace tandem::webhooks {

namespace {

constexpr const char* kSecretPrefix = "whsec_";
constexpr std::size_t kSecretBytes = 24;
constexpr std::size_t kMessageIdBytes = 16;

std::string Base64(const unsigned char* bytes, std::size_t size) {
    return auth::Base64(std::string_view(reinterpret_cast<const char*>(bytes), size));
}

}  // namespace

std::string NewSecret() {
    unsigned char key[kSecretBytes];
    randombytes_buf(key, sizeof key);
    return kSecretPrefix + Base64(key, sizeof key);
}

std::string NewMessageId() {
    unsigned char id[kMessageIdBytes];
    randombytes_buf(id, sizeof id);
    char hex[kMessageIdBytes * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, id, sizeof id);
    return std::string("msg_") + hex;
}

std::string Signature(const std::string& secret, const std::string& msg_id, long long timestamp, const std::string& body) {
    std::string encoded = secret.starts_with(kSecretPrefix) ? secret.substr(6) : secret;
    std::vector<unsigned char> key(encoded.size());
    std::size_t key_size = 0;
    if (sodium_base642bin(key.data(), key.size(), encoded.data(), encoded.size(), nullptr, &key_size, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0 || key_size == 0)
        throw std::invalid_argument("the webhook secret is not base64");
    std::string signed_content = msg_id + "." + std::to_string(timestamp) + "." + body;
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, key.data(), key_size);
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(signed_content.data()), signed_content.size());
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_final(&state, mac);
    return "v1," + Base64(mac, sizeof mac);
}

}  // namespace tandem::webhooks
