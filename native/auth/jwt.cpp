// Compact JWS verification with OpenSSL 3: keys built from JWK parameters with OSSL_PARAM_BLD and
// EVP_PKEY_fromdata, signatures checked with EVP_DigestVerify.
#include "auth/jwt.h"

#include <array>
#include <cstdint>
#include <memory>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

namespace tandem::auth {

namespace {

// [SECTION] OpenSSL ownership

struct OsslFree {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
    void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
    void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
    void operator()(BIGNUM* p) const { BN_free(p); }
    void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
    void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
    void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
};
template <class T>
using Owned = std::unique_ptr<T, OsslFree>;

const unsigned char* Bytes(std::string_view text) { return reinterpret_cast<const unsigned char*>(text.data()); }

// OpenSSL queues an error for every failed call; a refused token is not an error of this thread's
// next, unrelated OpenSSL call.
[[noreturn]] void Fail(const std::string& message) {
    ERR_clear_error();
    throw JwtError(message);
}

Owned<BIGNUM> BigNumber(std::string_view big_endian) {
    Owned<BIGNUM> number(BN_bin2bn(Bytes(big_endian), static_cast<int>(big_endian.size()), nullptr));
    if (!number) Fail("out of memory");
    return number;
}

// [SECTION] Algorithms

struct Algorithm {
    std::string_view name;
    std::string_view kty;       // "RSA" or "EC"
    const EVP_MD* (*digest)();
    bool pss = false;
    std::string_view crv = {};  // EC only: the JWK curve name,
    const char* group = nullptr;  // OpenSSL's name for it,
    std::size_t coordinate = 0;   // and the size of a coordinate (and of r and of s) in bytes
};

const std::array<Algorithm, 8> kAlgorithms = {{
    {"RS256", "RSA", EVP_sha256},
    {"RS384", "RSA", EVP_sha384},
    {"RS512", "RSA", EVP_sha512},
    {"PS256", "RSA", EVP_sha256, true},
    {"PS384", "RSA", EVP_sha384, true},
    {"PS512", "RSA", EVP_sha512, true},
    {"ES256", "EC", EVP_sha256, false, "P-256", "prime256v1", 32},
    {"ES384", "EC", EVP_sha384, false, "P-384", "secp384r1", 48},
}};

// RFC 7518 section 3.3: "A key of size 2048 bits or larger MUST be used with these algorithms."
constexpr int kMinimumRsaBits = 2048;

const Algorithm& AlgorithmOf(const nlohmann::json& header) {
    auto alg = header.find("alg");
    if (alg == header.end() || !alg->is_string()) Fail("the token's header names no algorithm (alg)");
    const std::string& name = alg->get_ref<const std::string&>();
    for (const Algorithm& algorithm : kAlgorithms)
        if (algorithm.name == name) return algorithm;
    if (name == "none") Fail("the token is not signed (alg \"none\")");
    if (name.rfind("HS", 0) == 0)
        Fail("the token is signed with a shared secret (" + name + "), which no public key can verify; "
             "configure the provider to sign ID tokens with RS256");
    Fail("the token's algorithm \"" + name + "\" is not supported (RS256/384/512, PS256/384/512, ES256/384 are)");
}

// [SECTION] Keys

std::string KidOf(const nlohmann::json& key) {
    auto kid = key.find("kid");
    return kid != key.end() && kid->is_string() ? kid->get<std::string>() : std::string();
}

std::string Describe(const nlohmann::json& key) {
    std::string kid = KidOf(key);
    return kid.empty() ? "the key without kid" : "key \"" + kid + "\"";
}

std::string StringMember(const nlohmann::json& key, const char* name) {
    auto member = key.find(name);
    return member != key.end() && member->is_string() ? member->get<std::string>() : std::string();
}

// Why `key` cannot verify a signature made with `algorithm`; empty if it can.
std::string Unsuitable(const nlohmann::json& key, const Algorithm& algorithm) {
    if (!key.is_object()) return "a JWKS entry is not an object";
    std::string kty = StringMember(key, "kty");
    if (kty != algorithm.kty)
        return Describe(key) + " is of type \"" + kty + "\" but " + std::string(algorithm.name) + " needs an " +
               std::string(algorithm.kty) + " key";
    auto use = key.find("use");
    if (use != key.end() && *use != "sig") return Describe(key) + " is not for signatures (use " + use->dump() + ")";
    auto ops = key.find("key_ops");
    if (ops != key.end()) {
        bool verify = false;
        if (ops->is_array())
            for (const nlohmann::json& op : *ops) verify = verify || op == "verify";
        if (!verify) return Describe(key) + " is not for verifying (key_ops " + ops->dump() + ")";
    }
    auto alg = key.find("alg");
    if (alg != key.end() && *alg != algorithm.name)
        return Describe(key) + " is for " + alg->dump() + ", the token uses " + std::string(algorithm.name);
    if (!algorithm.crv.empty() && StringMember(key, "crv") != algorithm.crv)
        return Describe(key) + " is on curve \"" + StringMember(key, "crv") + "\" but " + std::string(algorithm.name) +
               " needs " + std::string(algorithm.crv);
    return {};
}

const nlohmann::json& KeysOf(const nlohmann::json& jwks) {
    auto keys = jwks.is_object() ? jwks.find("keys") : jwks.end();
    if (!jwks.is_object() || keys == jwks.end() || !keys->is_array())
        Fail("the provider's JWKS is not a key set ({\"keys\": [...]})");
    return *keys;
}

const nlohmann::json& ChooseKey(const nlohmann::json& jwks, const nlohmann::json& header, const Algorithm& algorithm) {
    const nlohmann::json& keys = KeysOf(jwks);
    auto kid_member = header.find("kid");
    if (kid_member != header.end()) {
        if (!kid_member->is_string()) Fail("the token's kid is not a string");
        const std::string& kid = kid_member->get_ref<const std::string&>();
        const nlohmann::json* named = nullptr;
        for (const nlohmann::json& key : keys) {
            if (!key.is_object() || KidOf(key) != kid) continue;
            if (Unsuitable(key, algorithm).empty()) return key;
            if (!named) named = &key;
        }
        if (!named) Fail("the token's key \"" + kid + "\" is not in the provider's JWKS (unknown kid)");
        Fail(Unsuitable(*named, algorithm));
    }
    const nlohmann::json* only = nullptr;
    int suitable = 0;
    for (const nlohmann::json& key : keys) {
        if (!Unsuitable(key, algorithm).empty()) continue;
        only = &key;
        ++suitable;
    }
    if (suitable == 0) Fail("the provider's JWKS has no key for " + std::string(algorithm.name));
    if (suitable > 1)
        Fail("the token names no kid and the provider's JWKS has " + std::to_string(suitable) + " keys for " +
             std::string(algorithm.name));
    return *only;
}

std::string DecodedMember(const nlohmann::json& key, const char* name) {
    std::optional<std::string> value = Base64UrlDecode(StringMember(key, name));
    if (!value || value->empty()) Fail(Describe(key) + " has no valid \"" + name + "\"");
    return *value;
}

Owned<EVP_PKEY> FromData(const char* type, OSSL_PARAM_BLD* builder, const std::string& failure) {
    Owned<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(builder));
    Owned<EVP_PKEY_CTX> context(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY* key = nullptr;
    if (!params || !context || EVP_PKEY_fromdata_init(context.get()) != 1 ||
        EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
        Fail(failure);
    return Owned<EVP_PKEY>(key);
}

Owned<EVP_PKEY> RsaKey(const nlohmann::json& key) {
    Owned<BIGNUM> n = BigNumber(DecodedMember(key, "n"));
    Owned<BIGNUM> e = BigNumber(DecodedMember(key, "e"));
    // An even or tiny exponent makes "signatures" anyone can compute (e = 1: the message itself).
    if (!BN_is_odd(e.get()) || BN_is_one(e.get())) Fail(Describe(key) + " has an unusable RSA exponent");
    Owned<OSSL_PARAM_BLD> builder(OSSL_PARAM_BLD_new());
    if (!builder || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1)
        Fail("out of memory");
    Owned<EVP_PKEY> pkey = FromData("RSA", builder.get(), Describe(key) + " is not a valid RSA public key");
    if (EVP_PKEY_get_bits(pkey.get()) < kMinimumRsaBits)
        Fail(Describe(key) + " has " + std::to_string(EVP_PKEY_get_bits(pkey.get())) +
             " bits, fewer than the 2048 RSA signatures need");
    return pkey;
}

Owned<EVP_PKEY> EcKey(const nlohmann::json& key, const Algorithm& algorithm) {
    std::string x = DecodedMember(key, "x");
    std::string y = DecodedMember(key, "y");
    if (x.size() != algorithm.coordinate || y.size() != algorithm.coordinate)
        Fail(Describe(key) + " has coordinates of the wrong size for " + std::string(algorithm.crv));
    std::string point = "\x04" + x + y;   // SEC 1 uncompressed point
    Owned<OSSL_PARAM_BLD> builder(OSSL_PARAM_BLD_new());
    if (!builder ||
        OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, algorithm.group, 0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1)
        Fail("out of memory");
    std::string off_curve = Describe(key) + " is not a point on " + std::string(algorithm.crv);
    Owned<EVP_PKEY> pkey = FromData("EC", builder.get(), off_curve);
    // A point off the curve would open invalid-curve attacks: check it here rather than trust that
    // every OpenSSL version's import does.
    Owned<EVP_PKEY_CTX> check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
    if (!check || EVP_PKEY_public_check(check.get()) != 1) Fail(off_curve);
    return pkey;
}

// JWS carries ECDSA signatures as r || s, each padded to the coordinate size (RFC 7518 section
// 3.4); EVP verifies the DER ECDSA-Sig-Value.
std::string EcdsaDer(std::string_view raw, const Algorithm& algorithm) {
    if (raw.size() != 2 * algorithm.coordinate)
        Fail("an " + std::string(algorithm.name) + " signature has " + std::to_string(2 * algorithm.coordinate) +
             " bytes (r || s), this one " + std::to_string(raw.size()));
    Owned<ECDSA_SIG> signature(ECDSA_SIG_new());
    Owned<BIGNUM> r = BigNumber(raw.substr(0, algorithm.coordinate));
    Owned<BIGNUM> s = BigNumber(raw.substr(algorithm.coordinate));
    if (!signature || ECDSA_SIG_set0(signature.get(), r.get(), s.get()) != 1) Fail("out of memory");
    r.release();   // owned by the signature now
    s.release();
    int size = i2d_ECDSA_SIG(signature.get(), nullptr);
    if (size <= 0) Fail("out of memory");
    std::string der(static_cast<std::size_t>(size), '\0');
    unsigned char* out = reinterpret_cast<unsigned char*>(der.data());
    i2d_ECDSA_SIG(signature.get(), &out);
    return der;
}

bool SignatureVerifies(EVP_PKEY* key, const Algorithm& algorithm, std::string_view signing_input,
                       std::string_view signature) {
    Owned<EVP_MD_CTX> context(EVP_MD_CTX_new());
    EVP_PKEY_CTX* key_context = nullptr;   // owned by `context`
    if (!context || EVP_DigestVerifyInit(context.get(), &key_context, algorithm.digest(), nullptr, key) != 1)
        Fail("cannot start verifying " + std::string(algorithm.name));
    if (algorithm.pss &&
        (EVP_PKEY_CTX_set_rsa_padding(key_context, RSA_PKCS1_PSS_PADDING) != 1 ||
         EVP_PKEY_CTX_set_rsa_pss_saltlen(key_context, RSA_PSS_SALTLEN_DIGEST) != 1 ||
         EVP_PKEY_CTX_set_rsa_mgf1_md(key_context, algorithm.digest()) != 1))
        Fail("cannot set up " + std::string(algorithm.name));
    bool ok = EVP_DigestVerify(context.get(), Bytes(signature), signature.size(), Bytes(signing_input),
                               signing_input.size()) == 1;
    ERR_clear_error();
    return ok;
}

nlohmann::json DecodedJson(std::string_view part, const char* what) {
    std::optional<std::string> text = Base64UrlDecode(part);
    if (!text) Fail(std::string("the token's ") + what + " is not base64url");
    nlohmann::json json = nlohmann::json::parse(*text, nullptr, false);
    if (json.is_discarded()) Fail(std::string("the token's ") + what + " is not JSON");
    return json;
}

// [SECTION] base64url

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int SextetOf(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

}  // namespace

std::string Base64UrlEncode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        std::uint32_t group = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16 |
                              static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8 |
                              static_cast<unsigned char>(bytes[i + 2]);
        out += kAlphabet[group >> 18 & 63];
        out += kAlphabet[group >> 12 & 63];
        out += kAlphabet[group >> 6 & 63];
        out += kAlphabet[group & 63];
    }
    std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        std::uint32_t group = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
        if (rest == 2) group |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
        out += kAlphabet[group >> 18 & 63];
        out += kAlphabet[group >> 12 & 63];
        if (rest == 2) out += kAlphabet[group >> 6 & 63];
    }
    return out;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
    if (text.size() % 4 == 1) return std::nullopt;
    std::string out;
    out.reserve(text.size() * 3 / 4);
    std::uint32_t bits = 0;
    int count = 0;
    for (char c : text) {
        int sextet = SextetOf(c);
        if (sextet < 0) return std::nullopt;
        bits = bits << 6 | static_cast<std::uint32_t>(sextet);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out += static_cast<char>(bits >> count & 0xFF);
        }
    }
    if ((bits & ((1u << count) - 1)) != 0) return std::nullopt;
    return out;
}

VerifiedJws VerifyJws(std::string_view compact, const nlohmann::json& jwks) {
    std::size_t first = compact.find('.');
    std::size_t second = first == std::string_view::npos ? first : compact.find('.', first + 1);
    if (second == std::string_view::npos) Fail("the token is not a compact JWS (header.payload.signature)");
    if (compact.find('.', second + 1) != std::string_view::npos)
        Fail("the token has more than three parts; encrypted (JWE) tokens are not supported");

    VerifiedJws result;
    result.header = DecodedJson(compact.substr(0, first), "header");
    if (!result.header.is_object()) Fail("the token's header is not a JSON object");
    const Algorithm& algorithm = AlgorithmOf(result.header);
    // RFC 7515 section 4.1.11: extensions marked critical must be understood, and we know none.
    if (result.header.contains("crit")) Fail("the token's header has critical extensions (crit) this server does not know");
    result.payload = DecodedJson(compact.substr(first + 1, second - first - 1), "payload");
    std::optional<std::string> signature = Base64UrlDecode(compact.substr(second + 1));
    if (!signature) Fail("the token's signature is not base64url");

    const nlohmann::json& jwk = ChooseKey(jwks, result.header, algorithm);
    Owned<EVP_PKEY> key = algorithm.kty == "RSA" ? RsaKey(jwk) : EcKey(jwk, algorithm);
    std::string checked = algorithm.kty == "EC" ? EcdsaDer(*signature, algorithm) : *signature;
    if (!SignatureVerifies(key.get(), algorithm, compact.substr(0, second), checked))
        Fail("the token's signature does not verify with " + Describe(jwk) + " (bad signature)");
    return result;
}

bool HasKey(const nlohmann::json& jwks, const std::string& kid) {
    auto keys = jwks.is_object() ? jwks.find("keys") : jwks.end();
    if (!jwks.is_object() || keys == jwks.end() || !keys->is_array()) return false;
    for (const nlohmann::json& key : *keys)
        if (key.is_object() && KidOf(key) == kid) return true;
    return false;
}

std::string Sha256(std::string_view bytes) {
    std::string digest(32, '\0');
    unsigned int size = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), reinterpret_cast<unsigned char*>(digest.data()), &size, EVP_sha256(),
                   nullptr) != 1 ||
        size != digest.size())
        throw std::runtime_error("SHA-256 failed");
    return digest;
}

}  // namespace tandem::auth
