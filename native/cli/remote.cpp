// HTTP(S) to a Tandem server from the command line.
#include "cli/remote.h"

#include <cstdlib>
#include <httplib.h>

#include "cli/args.h"
#include "tandem/codec.h"

namespace tandem::cli {

namespace {

constexpr int kMaxRedirects = 5;

std::string FromEnvironment(const char* name) {
    const char* value = std::getenv(name);
    return value ? std::string(value) : std::string();
}

int ParsePort(std::string_view text, const std::string& url, const char* what) {
    int value = 0;
    for (char c : text) {
        if (c < '0' || c > '9' || value > 65535) throw UsageError(std::string(what) + ": bad port in '" + url + "'");
        value = value * 10 + (c - '0');
    }
    if (value < 1 || value > 65535) throw UsageError(std::string(what) + ": bad port in '" + url + "'");
    return value;
}

}  // namespace

RemoteOptions RemoteOptionsFrom(const Args& args) {
    RemoteOptions options;
    options.server = args.Get("server").value_or(FromEnvironment("TANDEM_SERVER"));
    options.token = Trim(args.Get("token").value_or(FromEnvironment("TANDEM_TOKEN")));
    options.ca_file = args.Get("ca-file").value_or(FromEnvironment("TANDEM_CA_FILE"));
    if (options.server.empty()) throw UsageError("--server is required (or set TANDEM_SERVER)");
    if (options.token.empty()) throw UsageError("--token is required (or set TANDEM_TOKEN)");
    return options;
}

Remote::Endpoint Remote::Parse(const std::string& url, const char* what) {
    Endpoint endpoint;
    std::string_view rest = url;
    if (rest.starts_with("https://")) {
        endpoint.https = true;
        endpoint.port = 443;
        rest.remove_prefix(8);
    } else if (rest.starts_with("http://")) {
        rest.remove_prefix(7);
    } else {
        throw UsageError(std::string(what) + ": expected an http:// or https:// URL, got '" + url + "'");
    }
    std::size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    if (slash != std::string_view::npos) {
        endpoint.prefix = std::string(rest.substr(slash));
        while (!endpoint.prefix.empty() && endpoint.prefix.back() == '/') endpoint.prefix.pop_back();
    }
    std::string_view port;
    if (authority.starts_with('[')) {   // [::1]:8080
        std::size_t close = authority.find(']');
        if (close == std::string_view::npos) throw UsageError(std::string(what) + ": unbalanced [ in '" + url + "'");
        endpoint.host = std::string(authority.substr(1, close - 1));
        std::string_view after = authority.substr(close + 1);
        if (!after.empty() && !after.starts_with(':')) throw UsageError(std::string(what) + ": cannot read '" + url + "'");
        if (!after.empty()) port = after.substr(1);
    } else {
        std::size_t colon = authority.rfind(':');
        endpoint.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) port = authority.substr(colon + 1);
    }
    if (endpoint.host.empty()) throw UsageError(std::string(what) + ": no host in '" + url + "'");
    if (!port.empty()) endpoint.port = ParsePort(port, url, what);
    return endpoint;
}

Remote::Remote(RemoteOptions options)
    : m_options(std::move(options)), m_endpoint(Parse(m_options.server, "--server")), m_display(m_options.server) {}

Answer Remote::Exchange(const Endpoint& endpoint, const std::string& method, const std::string& target,
                        const std::string& body, const std::string& content_type, bool with_token, std::string& location) {
    std::unique_ptr<httplib::ClientImpl> client;
    if (endpoint.https) {
        auto tls = std::make_unique<httplib::SSLClient>(endpoint.host, endpoint.port);
        tls->enable_server_certificate_verification(true);
        if (!m_options.ca_file.empty()) tls->set_ca_cert_path(m_options.ca_file);
        client = std::move(tls);
    } else {
        client = std::make_unique<httplib::ClientImpl>(endpoint.host, endpoint.port);
    }
    client->set_connection_timeout(5);
    client->set_read_timeout(30);
    client->set_write_timeout(30);
    httplib::Request request;
    request.method = method;
    request.path = target;
    request.headers = {{"Accept", "application/json"}};
    if (with_token) request.headers.emplace("Authorization", "Bearer " + m_options.token);
    if (!content_type.empty()) request.headers.emplace("Content-Type", content_type);
    request.body = body;
    httplib::Response response;
    httplib::Error error = httplib::Error::Success;
    if (!client->send(request, response, error)) {
        std::string where = std::string(endpoint.https ? "https://" : "http://") + endpoint.host + ":" +
                            std::to_string(endpoint.port);
        if (error == httplib::Error::SSLServerVerification)
            throw RemoteError("the certificate of " + where + " is not trusted (give its CA with --ca-file)");
        if (error == httplib::Error::SSLServerHostnameVerification)
            throw RemoteError("the certificate of " + where + " is for another host name");
        throw RemoteError("cannot reach the server at " + where + " (" + httplib::to_string(error) + ")");
    }
    location = response.get_header_value("Location");
    return {response.status, std::move(response.body)};
}

Answer Remote::Send(const std::string& method, const std::string& path, const std::string& body,
                    const std::string& content_type) {
    Endpoint endpoint = m_endpoint;
    std::string target = endpoint.prefix + path;
    bool with_token = true;
    for (int hop = 0;; ++hop) {
        std::string location;
        Answer answer = Exchange(endpoint, method, target, body, content_type, with_token, location);
        bool redirect = answer.status == 301 || answer.status == 302 || answer.status == 303 || answer.status == 307 ||
                        answer.status == 308;
        if (!redirect || location.empty()) return answer;
        if (hop == kMaxRedirects) throw RemoteError("the server at " + m_display + " redirects in a loop");
        if (method != "GET" && answer.status != 307 && answer.status != 308)
            throw RemoteError("the server at " + m_display + " moved this request to " + location + "; use that --server");
        if (location.starts_with("/")) {
            target = location;
            continue;
        }
        Endpoint next = Parse(location, "the server's redirect");
        if (endpoint.https && !next.https)
            throw RemoteError("the server at " + m_display + " redirects from https to plain http (" + location + "); refused");
        // The token goes only where it was meant to: the same host, at most upgraded to https.
        with_token = with_token && next.host == endpoint.host;
        target = next.prefix.empty() ? "/" : next.prefix;
        endpoint = next;
    }
}

}  // namespace tandem::cli
