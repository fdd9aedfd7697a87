// JWS verification and its codecs, against vectors this code did not make: RFC 7515's examples,
// RFC 4648's and RFC 7636's, and tokens signed by node:crypto (for PS256 and ES384, which the
// RFC's JSON examples do not cover).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/jwt.h"
#include "auth/oidc_client.h"

namespace {

using namespace tandem::auth;
using nlohmann::json;

// [SECTION] RFC 7515 Appendix A.2 (RS256) and A.3 (ES256), copied from the RFC

const std::string kRfcPayload =
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";

const std::string kRs256Jws =
    "eyJhbGciOiJSUzI1NiJ9." + kRfcPayload + "."
    "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CU"
    "Ar7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_d"
    "O--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0ig"
    "cN_IoypGlUPQGe77Rw";

const json kRsaKey = {
    {"kty", "RSA"},
    {"n", "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SF"
          "d2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTB"
          "EMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2"
          "PAcDTW9gb54h4FRWyuXpoQ"},
    {"e", "AQAB"},
};

const std::string kEs256Jws =
    "eyJhbGciOiJFUzI1NiJ9." + kRfcPayload + "."
    "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

const json kEcKey = {
    {"kty", "EC"},
    {"crv", "P-256"},
    {"x", "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"},
    {"y", "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},
};

// RFC 7515 Appendix A.1: the same payload under HMAC SHA-256.
const std::string kHs256Jws =
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9." + kRfcPayload + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

// RFC 7519 section 6.1: the unsecured JWT, header {"alg":"none"} and an empty signature.
const std::string kNoneJws = "eyJhbGciOiJub25lIn0." + kRfcPayload + ".";

// [SECTION] Signed with node:crypto (PSS salt = digest length; ECDSA as IEEE P1363 r || s)

const std::string kNodePayload =
    "eyJpc3MiOiJodHRwczovL2lkcC5leGFtcGxlIiwic3ViIjoiMjQ4Mjg5NzYxMDAxIiwiYXVkIjoidGFuZGVtIiwibm9uY2UiOiJuLTBTNl9Xe"
    "kEyTWoifQ";

const std::string kPs256Jws =
    "eyJhbGciOiJQUzI1NiIsImtpZCI6InBzLWtleSJ9." + kNodePayload + "."
    "n7B1NAiI7VcwRFIIWUJ1qD2ID89pnXHA_ezCCR7ydUJ8jn3XOuS9jakfIwBKsO4THCEQSNzV1-rCJ7qHNJUHji9pJqC7R1z7_NfojNpc6EvR"
    "c8H8YjyAdRq3_hmXbsL3R1LVVjTJ0KfvDWYU2Z1DzBf4kvYEqkl_bQkGXVpvuuXHqoeR95TEUS4uEwcuU9EO0NXD1lK6jADb6uLx6YwQq7zc"
    "TS4zYTP1ecFtHr1boTyhmTzW0VkHVZOT_kX-2BAD3fBMFVt9i1a25vhYziUVl2YBYtRsDK9MnMsg8pSFOgBkGDlSyltKIgYgnClENEuZEx-O"
    "Iq2cEFHH4GupMlNeUg";

const json kPsKey = {
    {"kty", "RSA"},
    {"kid", "ps-key"},
    {"n", "oSq7wkF3NzkDeZ5bkG39XV05XRufgGsZFQwnGfnmoqULu4QvSXmNBbLeQaS8RXoagquYJeEI4UqWsNEKIQQKyjxL-loHX9dKql_GgILi"
          "MWjRpI6mjg1WnEGFZzy-hJ1aNhpEp60EW8XZMH7EXeCmibB8n4tq9ZRd9vKSfXmPlNAitviKXq4EgqEyYp1J8tpVPv05xOTS_TUZ9Vl-8LKk"
          "_cWoomRyJ0_2BgC0Ho7KlZSmOdy63Wqg3f_NvGmrpFUzZrp9V2-HZcjzwFL1nu2Jw4lL5YECdv2xhfbtc6mTjbmtIdcBHDzoltuu8t9e0d1T"
          "A-0cO2uJL-9-_vogEdjiFQ"},
    {"e", "AQAB"},
};

const std::string kEs384Jws =
    "eyJhbGciOiJFUzM4NCIsImtpZCI6ImVzLWtleSJ9." + kNodePayload + "."
    "VGDnew8VlG7Jr0ii7REPdIjdgxyzl7XigIjkpjBrVHy_wz6hOHxsO_3DLWxCXBCYOYfG7vPwKqrJTqIvntzuogs7O-0qh0o1oizHDF7Y0lBE"
    "ksZnrN_ttNiAKU7i6pdn";

const json kEs384Key = {
    {"kty", "EC"},
    {"kid", "es-key"},
    {"crv", "P-384"},
    {"x", "2fxKAXcTAEuBUu0mLAbWL3JUfIeIkfunYCCyjW6g1KbyoA6bEDiW6HM1T1_Yh2_1"},
    {"y", "-05NDBrXRvR-hrMxyYyAZj5wRd8bgk_JOB534ojyozvkDhXMRMc8dKVsBwocCYhq"},
};

// [SECTION] Helpers

json KeySet(std::vector<json> keys) { return json{{"keys", std::move(keys)}}; }

json With(json key, const json& extra) {
    key.update(extra);
    return key;
}

std::vector<std::string> Parts(const std::string& compact) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t dot; (dot = compact.find('.', start)) != std::string::npos; start = dot + 1)
        parts.push_back(compact.substr(start, dot - start));
    parts.push_back(compact.substr(start));
    return parts;
}

// `compact` with one bit of one byte of its header (0), payload (1) or signature (2) flipped.
std::string Flipped(const std::string& compact, int part, std::size_t byte) {
    std::vector<std::string> parts = Parts(compact);
    std::string bytes = *Base64UrlDecode(parts[static_cast<std::size_t>(part)]);
    bytes[byte] = static_cast<char>(bytes[byte] ^ 0x01);
    parts[static_cast<std::size_t>(part)] = Base64UrlEncode(bytes);
    return parts[0] + "." + parts[1] + "." + parts[2];
}

// `compact`'s payload and signature under another header.
std::string WithHeader(const std::string& compact, const json& header) {
    std::vector<std::string> parts = Parts(compact);
    return Base64UrlEncode(header.dump()) + "." + parts[1] + "." + parts[2];
}

std::string Refusal(const std::string& compact, const json& jwks) {
    try {
        VerifyJws(compact, jwks);
    } catch (const JwtError& error) {
        return error.what();
    }
    return "verified";
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string Hex(const std::string& bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out += kDigits[c >> 4];
        out += kDigits[c & 15];
    }
    return out;
}

}  // namespace

TEST_CASE("the RFC 7515 RS256 example verifies and yields its header and payload") {
    VerifiedJws jws = VerifyJws(kRs256Jws, KeySet({kRsaKey}));
    CHECK(jws.header == json{{"alg", "RS256"}});
    CHECK(jws.payload == json{{"iss", "joe"}, {"exp", 1300819380}, {"http://example.com/is_root", true}});
}

TEST_CASE("the RFC 7515 ES256 example verifies") {
    VerifiedJws jws = VerifyJws(kEs256Jws, KeySet({kEcKey}));
    CHECK(jws.header == json{{"alg", "ES256"}});
    CHECK(jws.payload["iss"] == "joe");
}

TEST_CASE("PS256 and ES384 tokens signed by node:crypto verify") {
    json jwks = KeySet({kPsKey, kEs384Key});
    CHECK(VerifyJws(kPs256Jws, jwks).payload["sub"] == "248289761001");
    CHECK(VerifyJws(kEs384Jws, jwks).payload["nonce"] == "n-0S6_WzA2Mj");
}

TEST_CASE("without a kid the only key suitable for the algorithm is used") {
    json jwks = KeySet({With(kEcKey, {{"kid", "ec"}}), With(kRsaKey, {{"kid", "rsa"}})});
    CHECK(VerifyJws(kRs256Jws, jwks).payload["iss"] == "joe");
    CHECK(VerifyJws(kEs256Jws, jwks).payload["iss"] == "joe");
}

TEST_CASE("a flipped bit in the payload or the signature fails verification") {
    json jwks = KeySet({kRsaKey, kEcKey});
    // Payload byte 10 is the "e" of "joe": the payload stays valid JSON, {"iss":"jod",...}.
    for (const std::string& original : {kRs256Jws, kEs256Jws}) {
        CAPTURE(original);
        CHECK(Contains(Refusal(Flipped(original, 1, 10), jwks), "bad signature"));
        CHECK(Contains(Refusal(Flipped(original, 2, 0), jwks), "bad signature"));
        CHECK(Contains(Refusal(Flipped(original, 2, 31), jwks), "bad signature"));
    }
    CHECK(Contains(Refusal(Flipped(kPs256Jws, 1, 3), KeySet({kPsKey})), "bad signature"));
    CHECK(Contains(Refusal(Flipped(kEs384Jws, 2, 50), KeySet({kEs384Key})), "bad signature"));
    // The RS256 signature under ES256 with the same key set: no P-256 signature is 256 bytes.
    CHECK(Contains(Refusal(WithHeader(kRs256Jws, {{"alg", "ES256"}}), jwks), "64 bytes"));
}

TEST_CASE("an unsigned token (alg none) is refused whatever the key set") {
    CHECK(Base64UrlDecode("eyJhbGciOiJub25lIn0") == std::optional<std::string>(R"({"alg":"none"})"));
    CHECK(Contains(Refusal(kNoneJws, KeySet({kRsaKey})), "not signed"));
    CHECK(Contains(Refusal(WithHeader(kRs256Jws, {{"alg", "none"}}), KeySet({kRsaKey})), "not signed"));
}

TEST_CASE("HMAC tokens are refused, even with a symmetric key in the set") {
    json octet_key = {{"kty", "oct"},
                      {"k", "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}};
    CHECK(Contains(Refusal(kHs256Jws, KeySet({octet_key})), "shared secret (HS256)"));
    // The classic confusion: an HS256 "signature" keyed with the RSA public key.
    CHECK(Contains(Refusal(WithHeader(kRs256Jws, {{"alg", "HS256"}}), KeySet({kRsaKey})), "shared secret"));
    CHECK(Contains(Refusal(WithHeader(kRs256Jws, {{"alg", "HS512"}}), KeySet({kRsaKey})), "shared secret"));
    CHECK(Contains(Refusal(WithHeader(kRs256Jws, {{"alg", "EdDSA"}}), KeySet({kRsaKey})), "not supported"));
}

TEST_CASE("a kid the key set does not have is refused as unknown") {
    json jwks = KeySet({With(kRsaKey, {{"kid", "2011-04-29"}})});
    std::string token = WithHeader(kRs256Jws, {{"alg", "RS256"}, {"kid", "2026-01-01"}});
    CHECK(Contains(Refusal(token, jwks), "unknown kid"));
    CHECK(Contains(Refusal(token, jwks), "\"2026-01-01\""));
    CHECK(HasKey(jwks, "2011-04-29"));
    CHECK_FALSE(HasKey(jwks, "2026-01-01"));
    CHECK_FALSE(HasKey(json::object(), "2011-04-29"));
}

TEST_CASE("a key of the wrong type, curve, use or alg is refused for the token's algorithm") {
    json rsa = With(kRsaKey, {{"kid", "k"}});
    json ec = With(kEcKey, {{"kid", "k"}});
    CHECK(Contains(Refusal(WithHeader(kEs256Jws, {{"alg", "ES256"}, {"kid", "k"}}), KeySet({rsa})), "needs an EC key"));
    CHECK(Contains(Refusal(WithHeader(kRs256Jws, {{"alg", "RS256"}, {"kid", "k"}}), KeySet({ec})), "needs an RSA key"));
    CHECK(Contains(Refusal(kEs256Jws, KeySet({kEs384Key})), "no key for ES256"));
    CHECK(Contains(Refusal(kEs384Jws, KeySet({With(kEs384Key, {{"crv", "P-256"}})})), "needs P-384"));
    CHECK(Contains(Refusal(kRs256Jws, KeySet({With(kRsaKey, {{"use", "enc"}})})), "no key for RS256"));
    CHECK(Contains(Refusal(WithHeader(kRs256Jws, {{"alg", "RS256"}, {"kid", "k"}}), KeySet({With(rsa, {{"use", "enc"}})})),
                   "not for signatures"));
    CHECK(Contains(Refusal(WithHeader(kRs256Jws, {{"alg", "RS256"}, {"kid", "k"}}),
                           KeySet({With(rsa, {{"key_ops", {"encrypt"}}})})),
                   "not for verifying"));
    CHECK(Contains(Refusal(WithHeader(kRs256Jws, {{"alg", "RS256"}, {"kid", "k"}}), KeySet({With(rsa, {{"alg", "RS512"}})})),
                   "is for \"RS512\""));
    CHECK(VerifyJws(kRs256Jws, KeySet({With(kRsaKey, {{"use", "sig"}, {"key_ops", {"verify"}}, {"alg", "RS256"}})}))
              .payload["iss"] == "joe");
}

TEST_CASE("two keys for the algorithm and no kid in the token is refused as ambiguous") {
    json jwks = KeySet({With(kRsaKey, {{"kid", "a"}}), With(kPsKey, {{"kid", "b"}})});
    CHECK(Contains(Refusal(kRs256Jws, jwks), "names no kid"));
}

TEST_CASE("malformed tokens and key sets are refused with what is wrong") {
    json jwks = KeySet({kRsaKey});
    CHECK(Contains(Refusal("", jwks), "not a compact JWS"));
    CHECK(Contains(Refusal("abc.def", jwks), "not a compact JWS"));
    CHECK(Contains(Refusal("a.b.c.d.e", jwks), "JWE"));
    CHECK(Contains(Refusal("!!!." + kRfcPayload + ".AA", jwks), "header is not base64url"));
    CHECK(Contains(Refusal(Base64UrlEncode("not json") + "." + kRfcPayload + ".AA", jwks), "header is not JSON"));
    CHECK(Contains(Refusal(WithHeader(kRs256Jws, {{"typ", "JWT"}}), jwks), "no algorithm"));
    CHECK(Contains(Refusal(WithHeader(kRs256Jws, {{"alg", "RS256"}, {"crit", {"exp"}}}), jwks), "crit"));
    CHECK(Contains(Refusal(kRs256Jws, json::array()), "not a key set"));
    CHECK(Contains(Refusal(kRs256Jws, KeySet({With(kRsaKey, {{"n", "AQAB"}})})), "fewer than the 2048"));
    CHECK(Contains(Refusal(kRs256Jws, KeySet({With(kRsaKey, {{"e", "AQ"}})})), "exponent"));
    // (0, 1) is not on P-256.
    json off_curve = With(kEcKey, {{"x", Base64UrlEncode(std::string(32, '\0'))},
                                   {"y", Base64UrlEncode(std::string(31, '\0') + "\x01")}});
    CHECK(Contains(Refusal(kEs256Jws, KeySet({off_curve})), "not a point on P-256"));
}

TEST_CASE("base64url encodes the RFC 4648 and RFC 7515 examples and decodes them back") {
    const std::vector<std::pair<std::string, std::string>> vectors = {
        {"", ""}, {"f", "Zg"}, {"fo", "Zm8"}, {"foo", "Zm9v"}, {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"},
        {"foobar", "Zm9vYmFy"},
        {std::string("\x03\xec\xff\xe0\xc1", 5), "A-z_4ME"},   // RFC 7515 Appendix C
        {std::string("\xfb\xff", 2), "-_8"},
    };
    for (const auto& [bytes, text] : vectors) {
        CAPTURE(text);
        CHECK(Base64UrlEncode(bytes) == text);
        CHECK(Base64UrlDecode(text) == std::optional<std::string>(bytes));
    }
    std::string all;
    for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
    CHECK(Base64UrlDecode(Base64UrlEncode(all)) == std::optional<std::string>(all));
}

TEST_CASE("base64url decoding refuses padding, other alphabets, impossible lengths and stray bits") {
    CHECK_FALSE(Base64UrlDecode("Zg==").has_value());
    CHECK_FALSE(Base64UrlDecode("+/8").has_value());
    CHECK_FALSE(Base64UrlDecode("Zm9vY").has_value());
    CHECK_FALSE(Base64UrlDecode("Zh").has_value());    // 'h' leaves a 1 in the 4 unused bits
    CHECK_FALSE(Base64UrlDecode("Zm 9v").has_value());
}

TEST_CASE("SHA-256 and the PKCE challenge match FIPS 180-2 and RFC 7636 Appendix B") {
    CHECK(Hex(Sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(PkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}
