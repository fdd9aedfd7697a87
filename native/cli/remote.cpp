// HTTP(S) to a Tandem server from the command line.
#include "cli/remote.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <httplib.h>

#include "cli/args.h"
#include "cli/credentials.h"
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

std::string ReadTokenFile(const std::string& path) {
    std::ifstream file(path);
    std::string line;
    if (!file || !std::getline(file, line)) throw UsageError("--token-file: cannot read '" + path + "'");
    std::string token = Trim(line);
    if (token.empty()) throw UsageError("--token-file: '" + path + "' has no token on its first line");
    return token;
}

std::string TokenFrom(const Args& args) {
    std::optional<std::string> flag = args.Get("token");
    std::optional<std::string> file = args.Get("token-file");
    if (flag && file) throw UsageError("give --token-file or --token, not both");
    if (flag) return Trim(*flag);
    if (file) return ReadTokenFile(*file);
    return Trim(FromEnvironment("TANDEM_TOKEN"));
}

}  // namespace

int RunRemoteCommand(const std::function<int()>& body) {
    try {
        return body();
    } catch (const RemoteError& e) {
        std::fprintf(stderr, "tandem: %s\n", e.what());
        return e.exit_status;
    }
}

RemoteOptions RemoteOptionsFrom(const Args& args) {
    RemoteOptions options;
    options.server = args.Get("server", "");
    options.ca_file = args.Get("ca-file", "");
    options.token = TokenFrom(args);
    if (options.server.empty() || options.token.empty()) {
        std::optional<Credentials> saved = LoadCredentials();
        // The saved token was made for the saved server and goes nowhere else.
        if (saved && (options.server.empty() || SameServer(options.server, saved->server))) {
            if (options.server.empty()) options.server = saved->server;
            if (options.token.empty()) options.token = saved->token;
            if (options.ca_file.empty()) options.ca_file = saved->ca_file;
        }
    }
    if (options.token.empty()) {
        std::string to = options.server.empty() ? "" : " to " + options.server;
        throw RemoteError("not signed in" + to + ": run `tandem login --server " +
                              (options.server.empty() ? "URL" : options.server) +
                              "`, or give --token-file FILE or $TANDEM_TOKEN",
                          kExitNotSignedIn);
    }
    if (options.server.empty()) throw UsageError("--server is required (or set TANDEM_SERVER)");
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
                        const std::string& body, const std::string& content_type, std::FILE* file,
                        bool with_credentials, std::string& location) {
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
    // An upload is answered once the server has done with it: an import of millions of rows.
    client->set_read_timeout(file ? 3600 : 30);
    client->set_write_timeout(30);
    httplib::Request request;
    request.method = method;
    request.path = target;
    request.headers = {{"Accept", "application/json"}};
    if (with_credentials && !m_options.token.empty()) request.headers.emplace("Authorization", "Bearer " + m_options.token);
    if (with_credentials && !m_session.empty()) request.headers.emplace("Cookie", m_session);
    if (!content_type.empty()) request.headers.emplace("Content-Type", content_type);
    request.body = body;
    if (file) {
        if (std::fseek(file, 0, SEEK_END) != 0) throw RemoteError("cannot send the file: it cannot be read twice");
        request.content_length_ = static_cast<std::size_t>(std::ftell(file));
        request.content_provider_ = [file](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
            char chunk[1 << 16];
            if (std::fseek(file, static_cast<long>(offset), SEEK_SET) != 0) return false;
            std::size_t n = std::fread(chunk, 1, std::min(length, sizeof chunk), file);
            return n > 0 && sink.write(chunk, n);
        };
    }
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
    // The server's session cookie (see http/request.h), the one credential a sign-in sets.
    std::string cookie = response.get_header_value("Set-Cookie");
    if (with_credentials && cookie.starts_with("tandem_session=")) m_session = cookie.substr(0, cookie.find(';'));
    return {response.status, std::move(response.body)};
}

Answer Remote::Send(const std::string& method, const std::string& path, const std::string& body,
                    const std::string& content_type, std::FILE* file) {
    Endpoint endpoint = m_endpoint;
    std::string target = endpoint.prefix + path;
    bool with_credentials = true;
    for (int hop = 0;; ++hop) {
        std::string location;
        Answer answer = Exchange(endpoint, method, target, body, content_type, file, with_credentials, location);
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
        // Credentials go only where they were meant to: the same host, at most upgraded to https.
        with_credentials = with_credentials && next.host == endpoint.host;
        target = next.prefix.empty() ? "/" : next.prefix;
        endpoint = next;
    }
}

nlohmann::json Remote::Call(const std::string& method, const std::string& path, FlagOfField flag_of) {
    return Interpret(Send(method, path), flag_of);
}

nlohmann::json Remote::Call(const std::string& method, const std::string& path, const nlohmann::json& body,
                            FlagOfField flag_of) {
    return Interpret(Send(method, path, body.dump(), "application/json"), flag_of);
}

Answer Remote::Upload(const std::string& path, std::FILE* file, const std::string& content_type) {
    return Send("POST", path, {}, content_type, file);
}

nlohmann::json Remote::List(const std::string& path) {
    std::string first = path + (path.find('?') == std::string::npos ? "?" : "&") + "limit=500";
    auto fetch = [&](const std::string& target) {
        nlohmann::json page = Call("GET", target);
        if (!page.is_object() || !page.contains("items") || !page["items"].is_array() || !page.contains("next_cursor"))
            throw RemoteError("the server at " + m_display + " sent a list that is not Tandem's; check --server");
        return page;
    };
    nlohmann::json list = fetch(first);
    nlohmann::json cursor = list["next_cursor"];
    while (cursor.is_number_integer()) {
        nlohmann::json page = fetch(first + "&cursor=" + std::to_string(cursor.get<std::int64_t>()));
        for (nlohmann::json& item : page["items"]) list["items"].push_back(std::move(item));
        cursor = page["next_cursor"];
    }
    list["next_cursor"] = nullptr;
    return list;
}

nlohmann::json Remote::Interpret(const Answer& answer, FlagOfField flag_of) const {
    nlohmann::json json;
    if (!answer.body.empty()) json = nlohmann::json::parse(answer.body, nullptr, false);
    std::string not_tandem = "the server at " + m_display + " does not answer like Tandem (HTTP " +
                             std::to_string(answer.status) + "); check --server";
    if (answer.status >= 200 && answer.status < 300) {
        if (json.is_discarded()) throw RemoteError(not_tandem);
        return json;
    }
    // Tandem's errors are {"error":{"code","message"[,"field"]}}; anything else is another server.
    if (!json.is_object() || !json.contains("error") || !json["error"].is_object() ||
        !json["error"].contains("message") || !json["error"]["message"].is_string()) {
        throw RemoteError(not_tandem);
    }
    const nlohmann::json& error = json["error"];
    std::string message = error["message"];
    std::string field = error.contains("field") && error["field"].is_string() ? error["field"].get<std::string>() : "";
    switch (answer.status) {
    case 401:
        // Signing in, the server's words ("wrong email or password"); otherwise the token is the problem.
        throw RemoteError(m_options.token.empty() ? message : "the token was refused (wrong or revoked)", kExitNotSignedIn);
    case 403: throw RemoteError("the server refused: " + message, kExitForbidden);
    case 404: throw RemoteError(message, kExitNotFound);
    case 400:
    case 409:
    case 412:
    case 422: {
        std::string flag = field.empty() || !flag_of ? std::string() : flag_of(field);
        throw RemoteError(flag.empty() ? message : flag + ": " + message, kExitRefused);
    }
    default: throw RemoteError("the server answered " + std::to_string(answer.status) + ": " + message);
    }
}

}  // namespace tandem::cli
