// Standard Webhooks (standardwebhooks.com) secrets, message ids and signatures, with libsodium.
#pragma once

#include <string>

namespace tandem::webhooks {

// "whsec_" + base64 of 24 random bytes.
std::string NewSecret();
// "msg_" + 32 hex digits, random.
std::string NewMessageId();
// The webhook-signature header: "v1," + base64 of HMAC-SHA256 over "id.timestamp.body", keyed by
// the base64-decoded part of the secret after "whsec_". Throws std::invalid_argument for a bad secret.
std::string Signature(const std::string& secret, const std::string& msg_id, long long timestamp, const std::string& body);

}  // namespace tandem::webhooks
