// The command line as a client of a Tandem server: where the server and the token come from
// (flags, environment, the credentials `tandem login` saved), certificates verified against the
// system's store or --ca-file, redirects followed the way a careful client does (credentials never
// follow to another host, and never from https down to http), and the one mapping from the
// server's answers to a plain line and an exit status.
#pragma once

#include <array>
#include <cstddef>
#include <cstdio>
#include <functional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "tandem/codec.h"

namespace tandem::cli {

// [SECTION] Exit statuses

// What a command that talks to a server exits with. Remote::Call is the one place that maps HTTP
// statuses onto them; a wrong command line exits with 2 (main's UsageError).
inline constexpr int kExitFailed = 1;        // the server could not be reached, or failed
inline constexpr int kExitNotSignedIn = 3;   // no token anywhere, or the server refused it (401)
inline constexpr int kExitForbidden = 4;     // 403
inline constexpr int kExitNotFound = 5;      // 404
inline constexpr int kExitRefused = 6;       // 400, 409, 412, 422: conflicting or invalid
// The same for each remote command's --help.
inline constexpr const char* kExitStatusHelp =
    "exit status: 0 done; 1 server or network error; 2 wrong command line; 3 not signed in, or the token\n"
    "was refused; 4 forbidden; 5 not found; 6 refused as conflicting or invalid.\n";

// A remote command that could not be done: one plain line and its exit status.
struct RemoteError : std::runtime_error {
    explicit RemoteError(const std::string& message, int status = kExitFailed)
        : std::runtime_error(message), exit_status(status) {}
    int exit_status;
};

// Runs a remote command's body: a RemoteError becomes "tandem: <line>" on stderr and its status.
int RunRemoteCommand(const std::function<int()>& body);

// [SECTION] Where the server and the token come from

// The flags every remote command takes, first in its table (WithRemoteOptions).
inline constexpr OptionSpec kRemoteOptions[] = {
    {"server", "URL", "the Tandem server, e.g. https://tandem.example.com (default: where you signed in)",
     "TANDEM_SERVER"},
    {"token-file", "FILE", "read your API token from this file (default: $TANDEM_TOKEN, then `tandem login`'s)"},
    {"ca-file", "FILE", "trust this PEM CA bundle for the server's certificate (default: the system's)",
     "TANDEM_CA_FILE"},
    {"token", "TOKEN", "the token itself; other users of the machine see it in `ps`: use --token-file"},
};

template <std::size_t N>
constexpr std::array<OptionSpec, std::size(kRemoteOptions) + N> WithRemoteOptions(const OptionSpec (&own)[N]) {
    std::array<OptionSpec, std::size(kRemoteOptions) + N> all{};
    std::size_t i = 0;
    for (const OptionSpec& spec : kRemoteOptions) all[i++] = spec;
    for (const OptionSpec& spec : own) all[i++] = spec;
    return all;
}

// What a remote command needs: the server, the token and whom to trust.
struct RemoteOptions {
    std::string server;      // "https://tandem.example.com"
    std::string token;       // "tdm_..."; empty while `tandem login` signs in with a password
    std::string ca_file;     // a PEM bundle to trust instead of the system's
};

// The server from --server, $TANDEM_SERVER, then the credentials file; the token from --token,
// --token-file, $TANDEM_TOKEN, then the credentials file, whose token is only ever sent to the
// server it was made for. RemoteError (exit 3) without a token; UsageError without a server.
RemoteOptions RemoteOptionsFrom(const Args& args);

// [SECTION] Requests

struct Answer {
    int status = 0;
    std::string body;
};

class Remote {
public:
    // UsageError for a URL that is not http(s)://host[:port][/path].
    explicit Remote(RemoteOptions options);

    // The flag a field of the request's JSON comes from, for the server's errors ("note" ->
    // "--text"); empty when the server's message says enough on its own.
    using FlagOfField = std::string (*)(const std::string& field);
    // Sends (a JSON body when given) and returns the answer's JSON (null for 204). Anything but
    // 2xx becomes a RemoteError with its line and exit status, decided here for every command.
    nlohmann::json Call(const std::string& method, const std::string& path, FlagOfField flag_of = nullptr);
    nlohmann::json Call(const std::string& method, const std::string& path, const nlohmann::json& body,
                        FlagOfField flag_of = nullptr);
    // Every page of a list the API pages with `limit` and `cursor` ("/api/feedback?lead=7"): the
    // first page's answer holding all the items, and no next_cursor.
    nlohmann::json List(const std::string& path);
    // POSTs `file` (from its start, streamed: it may be larger than memory) and returns the
    // answer whatever its status, for uploads whose refusals carry a report; the server may take
    // long to answer (it answers when the import is done).
    Answer Upload(const std::string& path, std::FILE* file, const std::string& content_type);
    // The answer's JSON, or a RemoteError as Call makes it.
    nlohmann::json Interpret(const Answer& answer, FlagOfField flag_of = nullptr) const;

    // The server's JSON read with the core's codec (LeadFromServerJson, ...), as the dashboard
    // reads it; a shape this build cannot read is a RemoteError naming `what` ("a lead").
    template <class Decode>
    auto Decoded(const nlohmann::json& json, Decode decode, const std::string& what) const -> decltype(decode(json)) {
        try {
            return decode(json);
        } catch (const DecodeError& e) {
            throw RemoteError("the server at " + m_display + " sent " + what + " this tandem cannot read (" +
                              e.what() + "); is it another version?");
        }
    }

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
    // `path` under the server's URL ("/api/feedback"). Follows up to 5 redirects: 307 and 308
    // keep the method and body; 301, 302 and 303 are followed for GET only.
    Answer Send(const std::string& method, const std::string& path, const std::string& body = {},
                const std::string& content_type = {}, std::FILE* file = nullptr);
    Answer Exchange(const Endpoint& endpoint, const std::string& method, const std::string& target,
                    const std::string& body, const std::string& content_type, std::FILE* file,
                    bool with_credentials, std::string& location);

    RemoteOptions m_options;
    Endpoint m_endpoint;
    std::string m_display;
    // The session cookie the server set when `tandem login` signed in, sent back like a browser
    // would until the token is made.
    std::string m_session;
};

}  // namespace tandem::cli
