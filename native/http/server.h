// The HTTP server: the REST API under /api and the web client at /. Error mapping, request
// logging and limits are set here once; each resource registers its routes from its own file.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

#include "http/context.h"
#include "mail/smtp.h"
#include "service/sso.h"

namespace tandem::store {
class Store;
}

namespace tandem::http {

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 8080;                                  // 0 picks a free port
    std::filesystem::path web_root;                   // the built web client
    int threads = 16;                                 // kept however idle; more start as connections need them
    Timestamp thread_idle_seconds = 60;               // a thread beyond `threads` idle this long ends
    std::string metrics_listen;                       // "ADDRESS:PORT": /metrics there, without a token
    std::size_t max_body_bytes = 1 << 20;             // JSON bodies
    std::size_t max_upload_bytes = std::size_t(2) << 30;   // streamed uploads (CSV imports)
    std::string tls_cert;                             // PEM chain and key: serve HTTPS (with HSTS)
    std::string tls_key;
    int redirect_http_port = 0;                       // with TLS: also answer plain HTTP here with a redirect
    Timestamp session_idle_seconds = 8 * 3600;
    Timestamp rescore_every_seconds = 3600;           // the decay pass (http/decay_sweep.h); 0: at start only
    std::int64_t webhook_retry_base_ms = 5000;        // the first webhook retry's delay; the schedule scales with it
    std::optional<mail::SmtpSettings> smtp;           // --smtp-url: send email
    std::int64_t mail_retry_base_ms = 60000;          // the first email retry's delay; the schedule scales with it
    SiteSettings site;
    std::optional<service::SsoSettings> sso;
};

class Server {
public:
    Server(ServerOptions options, store::Store& store);
    ~Server();

    // Binds the listening socket (and the redirect port) and returns the port; throws
    // std::runtime_error on failure.
    int Bind();
    bool Tls() const;
    // Serves until Stop() is called from another thread.
    void Run();
    void Stop();

private:
    void BindRedirect();
    void BindMetrics();

    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace tandem::http
