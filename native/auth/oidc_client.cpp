// OpenID Connect relying party over cpp-httplib: discovery, the authorization URL, the code
// exchange and the ID token checks.
//
// [SECTION] URLs
// [SECTION] HTTP to the provider
// [SECTION] ID token claims
// [SECTION] OidcClient
#include "auth/oidc_client.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include <httplib.h>

#include "auth/jwt.h"
#include "tandem/route.h"

namespace tandem::auth {

namespace {

constexpr int kTimeoutSeconds = 10;
constexpr std::size_t kMaxResponseBytes = 1024 * 1024;   // discovery documents and JWKS are a few KB
constexpr Timestamp kClockSkew = 60;
constexpr Timestamp kMaxTokenAge = 5 * 60;

// ---------------------------------------------------------------------------------------------
// [SECTION] URLs
// ---------------------------------------------------------------------------------------------

struct Url {
    std::string scheme;   // "http" or "https"
    std::string host;     // without brackets for IPv6
    int port = 0;
    std::string target;   // path and query, at least "/"
    bool has_query = false;

    std::string Origin() const {
        std::string bracketed = host.find(':') != std::string::npos ? "[" + host + "]" : host;
        return scheme + "://" + bracketed + ":" + std::to_string(port);
    }
};

std::optional<Url> ParseUrl(std::string_view text) {
    Url url;
    std::size_t colon = text.find("://");
    if (colon == std::string_view::npos) return std::nullopt;
    url.scheme = std::string(text.substr(0, colon));
    if (url.scheme != "http" && url.scheme != "https") return std::nullopt;
    std::string_view rest = text.substr(colon + 3);
    if (rest.find('#') != std::string_view::npos) return std::nullopt;
    std::size_t end = std::min(rest.find('/'), rest.find('?'));
    std::string_view authority = rest.substr(0, end);
    std::string_view target = end == std::string_view::npos ? std::string_view() : rest.substr(end);
    if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;

    std::string_view port;
    if (authority.front() == '[') {
        std::size_t close = authority.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        url.host = std::string(authority.substr(1, close - 1));
        std::string_view after = authority.substr(close + 1);
        if (!after.empty() && after.front() != ':') return std::nullopt;
        if (!after.empty()) port = after.substr(1);
        if (url.host.empty()) return std::nullopt;
    } else {
        std::size_t port_colon = authority.find(':');
        url.host = std::string(authority.substr(0, port_colon));
        if (port_colon != std::string_view::npos) port = authority.substr(port_colon + 1);
        if (url.host.empty() || url.host.find_first_of(" \t\r\n\\") != std::string::npos) return std::nullopt;
    }
    if (port.empty()) {
        url.port = url.scheme == "https" ? 443 : 80;
    } else {
        if (port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return std::nullopt;
        url.port = std::stoi(std::string(port));
        if (url.port < 1 || url.port > 65535) return std::nullopt;
    }
    if (target.find_first_of(" \t\r\n") != std::string_view::npos) return std::nullopt;
    url.target = target.empty() || target.front() == '?' ? "/" + std::string(target) : std::string(target);
    url.has_query = url.target.find('?') != std::string::npos;
    return url;
}

bool IsLoopback(const std::string& host) {
    if (host == "localhost" || host == "::1") return true;
    // 127.0.0.0/8 as a literal only: "127.example.com" is a name anyone can point anywhere.
    return host.rfind("127.", 0) == 0 &&
           std::all_of(host.begin(), host.end(), [](char c) { return c == '.' || (c >= '0' && c <= '9'); });
}

// Plain http only where nobody can listen in: the tests' provider on this machine.
bool SecureEnough(const Url& url) { return url.scheme == "https" || IsLoopback(url.host); }

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string out;
    for (const auto& [name, value] : fields) {
        if (!out.empty()) out += '&';
        out += PercentEncode(name) + "=" + PercentEncode(value);
    }
    return out;
}

std::string Base64(std::string_view bytes) {
    std::string out = Base64UrlEncode(bytes);
    std::replace(out.begin(), out.end(), '-', '+');
    std::replace(out.begin(), out.end(), '_', '/');
    out.append((4 - out.size() % 4) % 4, '=');
    return out;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] HTTP to the provider
// ---------------------------------------------------------------------------------------------

struct Reply {
    int status = 0;
    std::string body;
    std::string location;
};

// One request, no redirects followed (a redirect could lead the server's requests anywhere), at
// most kMaxResponseBytes of body. `what` names the document for error messages.
Reply Exchange(const OidcSettings& settings, const std::string& address, const std::string& method,
               const std::string& body, httplib::Headers headers, const std::string& what) {
    std::optional<Url> url = ParseUrl(address);
    if (!url) throw OidcError("bad_response", what + " has an unusable URL: " + address);
    httplib::Client client(url->Origin());
    client.set_connection_timeout(kTimeoutSeconds);
    client.set_read_timeout(kTimeoutSeconds);
    client.set_write_timeout(kTimeoutSeconds);
    client.set_follow_location(false);
    client.set_keep_alive(false);
    client.enable_server_certificate_verification(true);
    client.enable_server_hostname_verification(true);
    if (!settings.ca_file.empty()) client.set_ca_cert_path(settings.ca_file);

    Reply reply;
    bool too_large = false;
    httplib::Request request;
    request.method = method;
    request.path = url->target;
    headers.emplace("Accept", "application/json");
    headers.emplace("User-Agent", "tandem");
    request.headers = std::move(headers);
    if (!body.empty()) {
        request.body = body;
        request.set_header("Content-Type", "application/x-www-form-urlencoded");
    }
    request.content_receiver = [&](const char* data, std::size_t size, std::uint64_t, std::uint64_t) {
        if (reply.body.size() + size > kMaxResponseBytes) {
            too_large = true;
            return false;
        }
        reply.body.append(data, size);
        return true;
    };
    httplib::Response response;
    httplib::Error error = httplib::Error::Success;
    bool sent = client.send(request, response, error);
    if (too_large) throw OidcError("bad_response", what + " at " + address + " is larger than 1 MB");
    if (!sent) {
        switch (error) {
        case httplib::Error::SSLServerVerification:
        case httplib::Error::SSLServerHostnameVerification:
            throw OidcError("untrusted_certificate",
                            "the TLS certificate of " + url->host + " is not trusted for that name (" +
                                httplib::to_string(error) +
                                "); if the provider uses a private CA, set the OpenID Connect CA file to its bundle");
        case httplib::Error::SSLLoadingCerts:
            throw OidcError("bad_config", "cannot load the CA file \"" + settings.ca_file + "\"");
        default:
            throw OidcError("unreachable", what + " at " + address + " could not be fetched: " + httplib::to_string(error));
        }
    }
    reply.status = response.status;
    reply.location = response.get_header_value("Location");
    return reply;
}

// The body of a 200 reply as a JSON object; anything else is the provider's (or its address's) fault.
nlohmann::json JsonObject(const Reply& reply, const std::string& address, const std::string& what) {
    if (reply.status >= 300 && reply.status < 400)
        throw OidcError("bad_response", what + " at " + address + " redirects to " + reply.location +
                                            "; configure the address it redirects to");
    if (reply.status != 200)
        throw OidcError("bad_response", what + " at " + address + " answered HTTP " + std::to_string(reply.status));
    nlohmann::json json = nlohmann::json::parse(reply.body, nullptr, false);
    if (json.is_discarded() || !json.is_object())
        throw OidcError("bad_response", what + " at " + address + " is not a JSON object");
    return json;
}

nlohmann::json GetJson(const OidcSettings& settings, const std::string& address, const std::string& what) {
    return JsonObject(Exchange(settings, address, "GET", {}, {}, what), address, what);
}

std::string Endpoint(const nlohmann::json& discovery, const char* name, const std::string& address) {
    auto member = discovery.find(name);
    if (member == discovery.end() || !member->is_string())
        throw OidcError("bad_response", "the discovery document at " + address + " has no " + name);
    std::string endpoint = member->get<std::string>();
    std::optional<Url> url = ParseUrl(endpoint);
    if (!url) throw OidcError("bad_response", std::string("the provider's ") + name + " \"" + endpoint + "\" is not a URL");
    if (!SecureEnough(*url))
        throw OidcError("bad_response", std::string("the provider's ") + name + " \"" + endpoint + "\" is not https");
    return endpoint;
}

bool Lists(const nlohmann::json& document, const char* member, const char* value) {
    auto list = document.find(member);
    return list != document.end() && list->is_array() && std::find(list->begin(), list->end(), value) != list->end();
}

// ---------------------------------------------------------------------------------------------
// [SECTION] ID token claims
// ---------------------------------------------------------------------------------------------

// A NumericDate claim (seconds, possibly fractional), or nullopt if absent or not a number.
std::optional<Timestamp> NumericDate(const nlohmann::json& claims, const char* name) {
    auto member = claims.find(name);
    if (member == claims.end() || !member->is_number()) return std::nullopt;
    double value = member->get<double>();
    if (!std::isfinite(value) || std::fabs(value) > 1e15) return std::nullopt;
    return static_cast<Timestamp>(std::floor(value));
}

std::string StringClaim(const nlohmann::json& claims, const char* name) {
    auto member = claims.find(name);
    return member != claims.end() && member->is_string() ? member->get<std::string>() : std::string();
}

std::string Quoted(const std::string& text) { return "\"" + text + "\""; }

void CheckClaims(const nlohmann::json& claims, const OidcSettings& settings, const std::string& expected_nonce,
                 Timestamp now) {
    std::string issuer = StringClaim(claims, "iss");
    if (issuer != settings.issuer)
        throw OidcError("wrong_issuer", "the ID token was issued by " + Quoted(issuer) + ", not by the configured " +
                                            Quoted(settings.issuer));

    auto audience = claims.find("aud");
    bool ours = false;
    if (audience != claims.end() && audience->is_string()) ours = *audience == settings.client_id;
    if (audience != claims.end() && audience->is_array())
        ours = std::find(audience->begin(), audience->end(), settings.client_id) != audience->end();
    if (!ours)
        throw OidcError("wrong_audience", "the ID token is for " +
                                              (audience == claims.end() ? std::string("no audience") : audience->dump()) +
                                              ", not for the client id " + Quoted(settings.client_id));
    auto authorized_party = claims.find("azp");
    if (authorized_party != claims.end() && *authorized_party != settings.client_id)
        throw OidcError("wrong_audience", "the ID token was issued to the party " + authorized_party->dump() +
                                              ", not to the client id " + Quoted(settings.client_id));

    std::optional<Timestamp> expires = NumericDate(claims, "exp");
    std::optional<Timestamp> issued = NumericDate(claims, "iat");
    if (!expires || !issued) throw OidcError("bad_token", "the ID token lacks exp or iat");
    if (*expires + kClockSkew <= now)
        throw OidcError("expired", "the ID token expired at " + FormatTimestamp(*expires) + ", it is now " +
                                       FormatTimestamp(now) + "; check this server's clock");
    if (*issued > now + kClockSkew)
        throw OidcError("not_yet_valid", "the ID token was issued at " + FormatTimestamp(*issued) + ", after now (" +
                                             FormatTimestamp(now) + "); check the clocks of this server and the provider");
    if (*issued + kMaxTokenAge + kClockSkew < now)
        throw OidcError("expired", "the ID token was issued at " + FormatTimestamp(*issued) +
                                       ", more than 5 minutes before now (" + FormatTimestamp(now) +
                                       "); check this server's clock");
    std::optional<Timestamp> not_before = NumericDate(claims, "nbf");
    if (not_before && *not_before > now + kClockSkew)
        throw OidcError("not_yet_valid", "the ID token is not valid before " + FormatTimestamp(*not_before) +
                                             "; check the clocks of this server and the provider");

    auto nonce = claims.find("nonce");
    if (expected_nonce.empty() || nonce == claims.end() || *nonce != expected_nonce)
        throw OidcError("wrong_nonce", "the ID token's nonce does not match this sign-in's (a replayed or "
                                       "mixed-up response, or a sign-in started in another browser)");

    if (StringClaim(claims, "sub").empty()) throw OidcError("bad_token", "the ID token has no subject (sub)");
}

IdentityClaims IdentityOf(nlohmann::json claims) {
    IdentityClaims identity;
    identity.subject = StringClaim(claims, "sub");
    identity.email = StringClaim(claims, "email");
    identity.name = StringClaim(claims, "name");
    auto verified = claims.find("email_verified");
    // Some providers send the boolean as a string.
    if (verified != claims.end() && verified->is_boolean()) identity.email_verified = verified->get<bool>();
    if (verified != claims.end() && (*verified == "true" || *verified == "false"))
        identity.email_verified = *verified == "true";
    identity.claims = std::move(claims);
    return identity;
}

// The kid the token's header names, if it is readable at all; VerifyJws says what is wrong if not.
std::string KidOfToken(const std::string& token) {
    std::optional<std::string> header = Base64UrlDecode(std::string_view(token).substr(0, token.find('.')));
    if (!header) return {};
    nlohmann::json json = nlohmann::json::parse(*header, nullptr, false);
    return json.is_object() ? StringClaim(json, "kid") : std::string();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] OidcClient
// ---------------------------------------------------------------------------------------------

OidcError::OidcError(std::string error_code, const std::string& message)
    : std::runtime_error(message), code(std::move(error_code)) {}

std::string PkceChallenge(std::string_view verifier) { return Base64UrlEncode(Sha256(verifier)); }

OidcClient::OidcClient(OidcSettings settings) : m_settings(std::move(settings)) {
    std::optional<Url> issuer = ParseUrl(m_settings.issuer);
    if (!issuer || issuer->has_query)
        throw OidcError("bad_config", "the OpenID Connect issuer " + Quoted(m_settings.issuer) +
                                          " is not a URL like https://login.example.com");
    if (!SecureEnough(*issuer))
        throw OidcError("bad_config", "the OpenID Connect issuer " + Quoted(m_settings.issuer) +
                                          " must be https (plain http is accepted on loopback only)");
    if (m_settings.client_id.empty()) throw OidcError("bad_config", "the OpenID Connect client id is empty");
}

OidcClient::Discovery OidcClient::GetDiscovery() {
    {
        std::lock_guard lock(m_mutex);
        if (m_discovery) return *m_discovery;
    }
    // OpenID Connect Discovery 1.0 section 4: a terminating "/" is removed before appending.
    std::string base = m_settings.issuer;
    if (!base.empty() && base.back() == '/') base.pop_back();
    std::string address = base + "/.well-known/openid-configuration";
    nlohmann::json document = GetJson(m_settings, address, "the provider's discovery document");

    std::string stated = StringClaim(document, "issuer");
    if (stated != m_settings.issuer)
        throw OidcError("wrong_issuer", "the provider at " + address + " calls itself " + Quoted(stated) +
                                            ", not " + Quoted(m_settings.issuer) +
                                            "; set the issuer to exactly that (a trailing slash matters)");
    Discovery discovery;
    discovery.authorization_endpoint = Endpoint(document, "authorization_endpoint", address);
    discovery.token_endpoint = Endpoint(document, "token_endpoint", address);
    discovery.jwks_uri = Endpoint(document, "jwks_uri", address);
    if (document.contains("code_challenge_methods_supported") && !Lists(document, "code_challenge_methods_supported", "S256"))
        throw OidcError("bad_response", "the provider does not support PKCE with S256 (code_challenge_methods_supported)");
    // OpenID Connect Discovery: when absent, the default is client_secret_basic.
    if (document.contains("token_endpoint_auth_methods_supported") &&
        !Lists(document, "token_endpoint_auth_methods_supported", "client_secret_basic")) {
        if (!Lists(document, "token_endpoint_auth_methods_supported", "client_secret_post"))
            throw OidcError("bad_config", "the provider authenticates clients with none of client_secret_basic and "
                                          "client_secret_post (it offers " +
                                              document["token_endpoint_auth_methods_supported"].dump() + ")");
        discovery.post_only = true;
    }

    std::lock_guard lock(m_mutex);
    if (!m_discovery) m_discovery = discovery;
    return *m_discovery;
}

nlohmann::json OidcClient::GetJwks(const std::string& jwks_uri, bool refresh) {
    {
        std::lock_guard lock(m_mutex);
        if (m_jwks && !refresh) return *m_jwks;
    }
    nlohmann::json jwks = GetJson(m_settings, jwks_uri, "the provider's JWKS");
    if (!jwks.contains("keys") || !jwks["keys"].is_array())
        throw OidcError("bad_response", "the provider's JWKS at " + jwks_uri + " has no \"keys\" array");
    std::lock_guard lock(m_mutex);
    m_jwks = jwks;
    return jwks;
}

std::string OidcClient::AuthorizationUrl(const std::string& redirect_uri, const std::string& state,
                                         const std::string& nonce, const std::string& code_challenge) {
    Discovery discovery = GetDiscovery();
    std::string query = FormEncode({
        {"response_type", "code"},
        {"client_id", m_settings.client_id},
        {"redirect_uri", redirect_uri},
        {"scope", "openid email profile"},
        {"state", state},
        {"nonce", nonce},
        {"code_challenge", code_challenge},
        {"code_challenge_method", "S256"},
    });
    bool has_query = discovery.authorization_endpoint.find('?') != std::string::npos;
    return discovery.authorization_endpoint + (has_query ? "&" : "?") + query;
}

IdentityClaims OidcClient::Redeem(const std::string& code, const std::string& redirect_uri,
                                  const std::string& code_verifier, const std::string& expected_nonce, Timestamp now) {
    Discovery discovery = GetDiscovery();

    std::vector<std::pair<std::string, std::string>> fields = {
        {"grant_type", "authorization_code"},
        {"code", code},
        {"redirect_uri", redirect_uri},
        {"code_verifier", code_verifier},
    };
    httplib::Headers headers;
    if (discovery.post_only) {
        fields.emplace_back("client_id", m_settings.client_id);
        fields.emplace_back("client_secret", m_settings.client_secret);
    } else {
        // RFC 6749 section 2.3.1: id and secret are form-encoded before they are joined.
        headers.emplace("Authorization", "Basic " + Base64(PercentEncode(m_settings.client_id) + ":" +
                                                           PercentEncode(m_settings.client_secret)));
    }
    const std::string what = "the provider's token endpoint";
    Reply reply = Exchange(m_settings, discovery.token_endpoint, "POST", FormEncode(fields), std::move(headers), what);
    if (reply.status != 200 && !(reply.status >= 300 && reply.status < 400)) {
        nlohmann::json error = nlohmann::json::parse(reply.body, nullptr, false);
        std::string reason = error.is_object() ? StringClaim(error, "error") : std::string();
        std::string description = error.is_object() ? StringClaim(error, "error_description") : std::string();
        std::string message = "the provider refused the sign-in code (HTTP " + std::to_string(reply.status);
        if (!reason.empty()) message += ", " + reason;
        if (!description.empty()) message += ": " + description;
        message += ")";
        if (reason == "invalid_client") message += "; check the client id and secret";
        throw OidcError("token_refused", message);
    }
    nlohmann::json tokens = JsonObject(reply, discovery.token_endpoint, what);
    std::string id_token = StringClaim(tokens, "id_token");
    if (id_token.empty())
        throw OidcError("bad_response", "the token endpoint returned no ID token; is the openid scope allowed for the client?");

    nlohmann::json jwks = GetJwks(discovery.jwks_uri, false);
    std::string kid = KidOfToken(id_token);
    if (!kid.empty() && !HasKey(jwks, kid)) jwks = GetJwks(discovery.jwks_uri, true);   // the provider rotated keys
    VerifiedJws verified;
    try {
        verified = VerifyJws(id_token, jwks);
    } catch (const JwtError& error) {
        throw OidcError("bad_signature", std::string("the ID token was refused: ") + error.what());
    }
    if (!verified.payload.is_object()) throw OidcError("bad_token", "the ID token's payload is not a JSON object");
    CheckClaims(verified.payload, m_settings, expected_nonce, now);
    return IdentityOf(std::move(verified.payload));
}

}  // namespace tandem::auth
