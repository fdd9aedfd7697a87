// An SMTP client session over a socket, TLS by OpenSSL once STARTTLS (or smtps://) asks for it.
#include "mail/smtp.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "auth/secrets.h"
#include "openssl_error.h"

namespace tandem::mail {

namespace {

constexpr int kTimeoutSeconds = 30;

int Hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string PercentDecoded(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && Hex(text[i + 1]) >= 0 && Hex(text[i + 2]) >= 0) {
            out += static_cast<char>(Hex(text[i + 1]) * 16 + Hex(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// One SMTP conversation: lines out, replies in, in clear or over TLS.
class Session {
public:
    Session(const SmtpSettings& settings, const std::function<void(int)>& on_socket)
        : m_settings(settings), m_on_socket(on_socket) {
        Connect();
        if (m_on_socket) m_on_socket(m_fd);
    }
    ~Session() {
        if (m_on_socket) m_on_socket(-1);
        if (m_ssl) SSL_free(m_ssl);
        if (m_context) SSL_CTX_free(m_context);
        if (m_fd >= 0) close(m_fd);
    }
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    bool Tls() const { return m_ssl != nullptr; }

    void StartTls() {
        m_context = SSL_CTX_new(TLS_client_method());
        if (!m_context) throw SmtpError(OpenSslError(), true);
        SSL_CTX_set_min_proto_version(m_context, TLS1_2_VERSION);
        SSL_CTX_set_default_verify_paths(m_context);
        if (!m_settings.ca_file.empty() &&
            SSL_CTX_load_verify_locations(m_context, m_settings.ca_file.c_str(), nullptr) != 1)
            throw SmtpError("cannot read the CA file " + m_settings.ca_file, false);
        SSL_CTX_set_verify(m_context, SSL_VERIFY_PEER, nullptr);
        m_ssl = SSL_new(m_context);
        SSL_set_fd(m_ssl, m_fd);
        // The certificate must name the host the URL names, as an address or a DNS name.
        unsigned char address[16];
        bool ip = inet_pton(AF_INET, m_settings.host.c_str(), address) == 1 ||
                  inet_pton(AF_INET6, m_settings.host.c_str(), address) == 1;
        if (ip) {
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(m_ssl), m_settings.host.c_str());
        } else {
            SSL_set_tlsext_host_name(m_ssl, m_settings.host.c_str());
            SSL_set1_host(m_ssl, m_settings.host.c_str());
        }
        if (SSL_connect(m_ssl) != 1) {
            long verify = SSL_get_verify_result(m_ssl);
            if (verify != X509_V_OK)
                throw SmtpError(std::string("the SMTP server's certificate is not trusted: ") +
                                    X509_verify_cert_error_string(verify),
                                false);
            throw SmtpError("TLS with the SMTP server failed: " + OpenSslError(), true);
        }
    }

    void Write(const std::string& text) {
        std::size_t sent = 0;
        while (sent < text.size()) {
            long n = m_ssl ? SSL_write(m_ssl, text.data() + sent, static_cast<int>(text.size() - sent))
                           : ::send(m_fd, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) throw SmtpError("the SMTP server went away while we wrote", true);
            sent += static_cast<std::size_t>(n);
        }
    }

    // A whole reply (every "250-" line and the last "250 "): its code and its text.
    std::pair<int, std::string> Reply() {
        std::string text;
        for (;;) {
            std::string line = Line();
            if (line.size() < 3) throw SmtpError("the SMTP server said something unreadable: " + line, true);
            text += line.substr(std::min<std::size_t>(4, line.size())) + "\n";
            if (line.size() == 3 || line[3] != '-') return {std::atoi(line.substr(0, 3).c_str()), text};
        }
    }

    // Sends `command` and checks the reply is `expected` (by its first digit when `expected` < 10).
    std::string Expect(const std::string& command, int expected, const std::string& step) {
        if (!command.empty()) Write(command + "\r\n");
        auto [code, text] = Reply();
        bool ok = expected < 10 ? code / 100 == expected : code == expected;
        if (!ok) {
            std::string said = text.empty() ? std::string() : text.substr(0, text.size() - 1);
            throw SmtpError("the SMTP server refused " + step + ": " + std::to_string(code) + " " + said,
                            code / 100 != 5);
        }
        return text;
    }

private:
    void Connect() {
        addrinfo hints{};
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* found = nullptr;
        std::string port = std::to_string(m_settings.port);
        if (int rc = getaddrinfo(m_settings.host.c_str(), port.c_str(), &hints, &found); rc != 0)
            throw SmtpError("cannot resolve " + m_settings.host + ": " + gai_strerror(rc), true);
        std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> addresses(found, freeaddrinfo);
        timeval timeout{kTimeoutSeconds, 0};
        for (addrinfo* a = found; a; a = a->ai_next) {
            int fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
            if (fd < 0) continue;
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);   // connect() too
            if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
                m_fd = fd;
                return;
            }
            close(fd);
        }
        throw SmtpError("cannot connect to " + m_settings.host + ":" + port, true);
    }

    std::string Line() {
        for (;;) {
            std::size_t end = m_buffer.find("\r\n");
            if (end != std::string::npos) {
                std::string line = m_buffer.substr(0, end);
                m_buffer.erase(0, end + 2);
                return line;
            }
            if (m_buffer.size() > 64 * 1024) throw SmtpError("the SMTP server's reply is too long", true);
            char chunk[4096];
            long n = m_ssl ? SSL_read(m_ssl, chunk, sizeof chunk) : ::recv(m_fd, chunk, sizeof chunk, 0);
            if (n <= 0) throw SmtpError("the SMTP server closed the connection or did not answer", true);
            m_buffer.append(chunk, static_cast<std::size_t>(n));
        }
    }

    const SmtpSettings& m_settings;
    const std::function<void(int)>& m_on_socket;
    int m_fd = -1;
    SSL_CTX* m_context = nullptr;
    SSL* m_ssl = nullptr;
    std::string m_buffer;
};

bool Offers(const std::string& ehlo, std::string_view extension) {
    std::size_t at = 0;
    while (at < ehlo.size()) {
        std::size_t end = ehlo.find('\n', at);
        std::string_view line(ehlo.data() + at, (end == std::string::npos ? ehlo.size() : end) - at);
        if (line.size() >= extension.size() && line.substr(0, extension.size()) == extension &&
            (line.size() == extension.size() || line[extension.size()] == ' '))
            return true;
        at = end == std::string::npos ? ehlo.size() : end + 1;
    }
    return false;
}

// The AUTH line's mechanisms, e.g. "PLAIN LOGIN".
bool OffersAuth(const std::string& ehlo, std::string_view mechanism) {
    std::size_t at = ehlo.find("AUTH ");
    if (at == std::string::npos) return false;
    std::size_t end_of_line = std::min(ehlo.find('\n', at), ehlo.size());
    std::string_view line(ehlo.data() + at + 5, end_of_line - at - 5);
    for (std::size_t start = 0; start < line.size();) {
        std::size_t end = line.find(' ', start);
        if (end == std::string_view::npos) end = line.size();
        if (line.substr(start, end - start) == mechanism) return true;
        start = end + 1;
    }
    return false;
}

// SMTP's end of data is a line holding one dot: a line of the message starting with a dot gets
// another (RFC 5321 4.5.2).
std::string DotStuffed(const std::string& message) {
    std::string out;
    out.reserve(message.size() + 64);
    bool line_start = true;
    for (char c : message) {
        if (line_start && c == '.') out += '.';
        out += c;
        line_start = c == '\n';
    }
    if (!out.ends_with("\r\n")) out += "\r\n";
    return out;
}

}  // namespace

SmtpSettings ParseSmtpUrl(std::string_view url) {
    SmtpSettings settings;
    std::string_view rest;
    if (url.starts_with("smtp://")) {
        rest = url.substr(7);
    } else if (url.starts_with("smtps://")) {
        rest = url.substr(8);
        settings.implicit_tls = true;
    } else {
        throw std::invalid_argument("--smtp-url must start with smtp:// or smtps://");
    }
    if (std::size_t slash = rest.find('/'); slash != std::string_view::npos) rest = rest.substr(0, slash);
    if (std::size_t at = rest.rfind('@'); at != std::string_view::npos) {
        std::string_view credentials = rest.substr(0, at);
        rest = rest.substr(at + 1);
        std::size_t colon = credentials.find(':');
        settings.user = PercentDecoded(credentials.substr(0, colon));
        if (colon != std::string_view::npos) settings.password = PercentDecoded(credentials.substr(colon + 1));
    }
    std::size_t colon = rest.rfind(':');
    bool bracketed = rest.starts_with('[');
    if (colon != std::string_view::npos && (!bracketed || colon > rest.find(']'))) {
        std::string port(rest.substr(colon + 1));
        char* end = nullptr;
        long value = std::strtol(port.c_str(), &end, 10);
        if (port.empty() || *end != '\0' || value < 1 || value > 65535)
            throw std::invalid_argument("--smtp-url: the port must be 1 to 65535");
        settings.port = static_cast<int>(value);
        rest = rest.substr(0, colon);
    } else {
        settings.port = settings.implicit_tls ? 465 : settings.user.empty() ? 25 : 587;
    }
    if (bracketed && rest.ends_with(']')) rest = rest.substr(1, rest.size() - 2);
    if (rest.empty()) throw std::invalid_argument("--smtp-url names no host");
    settings.host = std::string(rest);
    return settings;
}

void Send(const SmtpSettings& settings, const std::string& to, const std::string& message,
          const std::function<void(int socket)>& on_socket) {
    Session session(settings, on_socket);
    if (settings.implicit_tls) session.StartTls();
    session.Expect("", 220, "the connection");
    std::string ehlo = session.Expect("EHLO tandem", 250, "EHLO");
    if (!session.Tls() && Offers(ehlo, "STARTTLS")) {
        session.Expect("STARTTLS", 220, "STARTTLS");
        session.StartTls();
        ehlo = session.Expect("EHLO tandem", 250, "EHLO");
    }
    if (!settings.user.empty()) {
        if (!session.Tls())
            throw SmtpError("the SMTP server offers no STARTTLS: the password is never sent unencrypted", false);
        if (OffersAuth(ehlo, "PLAIN")) {
            session.Expect("AUTH PLAIN " + auth::Base64(std::string(1, '\0') + settings.user + '\0' + settings.password), 235,
                           "the user name and password");
        } else {
            session.Expect("AUTH LOGIN", 334, "AUTH LOGIN");
            session.Expect(auth::Base64(settings.user), 334, "the user name");
            session.Expect(auth::Base64(settings.password), 235, "the user name and password");
        }
    }
    session.Expect("MAIL FROM:<" + settings.from + ">", 2, "the sender " + settings.from);
    session.Expect("RCPT TO:<" + to + ">", 2, "the recipient " + to);
    session.Expect("DATA", 354, "DATA");
    session.Write(DotStuffed(message));
    session.Expect(".", 2, "the message");
    try {
        session.Expect("QUIT", 221, "QUIT");
    } catch (const SmtpError&) {
        // Delivered already; a server that hangs up without a goodbye changes nothing.
    }
}

}  // namespace tandem::mail
