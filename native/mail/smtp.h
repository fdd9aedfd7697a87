// Sending one email over SMTP (RFC 5321): STARTTLS whenever the server offers it, implicit TLS for
// smtps://, AUTH PLAIN or LOGIN with the URL's credentials, which never travel unencrypted.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tandem::mail {

struct SmtpSettings {
    std::string host;
    int port = 25;
    bool implicit_tls = false;   // smtps://
    std::string user;
    std::string password;
    std::string from;            // the envelope sender and From: address
    std::string ca_file;         // a CA to trust besides the system's (a private relay's)
};

// "smtp://user:pass@host:port" (port 25, or 587 with credentials) or "smtps://..." (port 465);
// user and password percent-decoded. Throws std::invalid_argument naming what is wrong.
SmtpSettings ParseSmtpUrl(std::string_view url);

// A refusal or a failure to talk: `transient` when trying later may work (4xx replies, the network),
// not when the server refused for good (5xx) or its certificate is not trusted.
struct SmtpError : std::runtime_error {
    SmtpError(const std::string& message, bool is_transient) : std::runtime_error(message), transient(is_transient) {}
    bool transient;
};

// Delivers `message` (a whole RFC 5322 message, CRLF line ends) to `to`. Throws SmtpError.
// `on_socket` (if any) is told the connection's socket once it is open and -1 before it closes,
// so that a server stopping can shut it down rather than wait out a relay that does not answer.
void Send(const SmtpSettings& settings, const std::string& to, const std::string& message,
          const std::function<void(int socket)>& on_socket = {});

}  // namespace tandem::mail
