// The command line as a client of a Tandem server: the server's URL (http or https, any path it is
// mounted under), an API token, certificates verified against the system's store or --ca-file,
// and redirects followed the way a careful client does (the token never follows to another host,
// and never from https down to http).
#pragma once

#include <stdexcept>
#include <string>

namespace tandem::cli {

class Args;

// What a remote command needs: the server, the token and whom to trust.
struct RemoteOptions {
    std::string server;      // "https://tandem.example.com" (--server, $TANDEM_SERVER)
    std::string token;       // "tdm_..." (--token, $TANDEM_TOKEN)
    std::string ca_file;     // a PEM bundle to trust instead of the system's (--ca-file, $TANDEM_CA_FILE)
};
// From the flags (with their environment variables); UsageError if server or token is missing.
RemoteOptions RemoteOptionsFrom(const Args& args);

// The server could not be reached, or not safely; the message is one plain line.
struct RemoteError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Answer {
    int status = 0;
    std::string body;
};

class Remote {
public:
    // UsageError for a URL that is not http(s)://host[:port][/path].
    explicit Remote(RemoteOptions options);

    // `path` under the server's URL ("/api/feedback"). Follows up to 5 redirects: 307 and 308
    // keep the method and body; 301, 302 and 303 are followed for GET only.
    Answer Send(const std::string& method, const std::string& path, const std::string& body = {},
                const std::string& content_type = {});
    // The server's URL as given, for messages.
    const std::string& Display() const { return m_display; }

private:
    struct Endpoint {
        bool https = false;
        std::string host;
        int port = 80;
        std::string prefix;       // "" or "/tandem"
    };
    static Endpoint Parse(const std::string& url, const char* what);
    Answer Exchange(const Endpoint& endpoint, const std::string& method, const std::string& target,
                    const std::string& body, const std::string& content_type, bool with_token, std::string& location);

    RemoteOptions m_options;
    Endpoint m_endpoint;
    std::string m_display;
};

}  // namespace tandem::cli
