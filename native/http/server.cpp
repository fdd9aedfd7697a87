// HTTP server setup: limits, error mapping, logging, static files and route registration.
#include "http/server.h"

#include <chrono>
#include <mutex>
#include <filesystem>
#include <thread>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/api_error.h"
#include "http/context.h"
#include "http/decay_sweep.h"
#include "http/foreign_writes.h"
#include "http/drain.h"
#include "http/elastic_pool.h"
#include "http/request_trace.h"
#include "http/routes.h"
#include "http/static_files.h"
#include "log.h"
#include "openssl_error.h"
#include "service/sso.h"
#include "store/store.h"
#include "tandem/codec.h"
#include "mail/mailer.h"
#include "webhooks/dispatcher.h"

namespace tandem::http {

namespace {

bool IsApiPath(const std::string& path) { return path == "/api" || path.starts_with("/api/"); }

// Without trusted proxies the client is the peer and came over our own scheme: nothing to parse.
bool ViaHttps(const httplib::Request& req, const ServerContext& context) {
    return context.site.trusted_proxies.Empty() ? context.site.tls : ClientOf(req, context).https;
}

// The request's headers are in: its clock and id start, and the id goes back to the client.
void StartTrace(const httplib::Request& req, httplib::Response& res) {
    RequestTrace& trace = CurrentRequest();
    trace.start = std::chrono::steady_clock::now();
    trace.headers_read = true;
    AssignRequestId(req, trace.id);
    res.set_header("X-Request-Id", trace.id);
}

void RefuseBody(httplib::Response& res, std::size_t limit) {
    res.set_header("Connection", "close");   // whatever is left of the body must not become the next request
    SendError(res, 413, "payload_too_large", "the body is larger than " + std::to_string(limit) + " bytes");
}

// Each open dashboard holds one connection (its event stream); this bounds memory, not design.
constexpr std::size_t kMaxThreads = 4096;

// A refused body is drained (http/drain.h) up to this much and this long; beyond, the client
// was not going to read our answer anyway.
constexpr std::size_t kDrainBytes = 64u << 20;
constexpr std::chrono::milliseconds kDrainQuiet{2000};
constexpr std::chrono::milliseconds kDrainDeadline{5000};

// A year: browsers that once reached us over HTTPS refuse plain HTTP for that long.
constexpr const char* kHsts = "max-age=31536000";

// Plain HTTP, or HTTPS with the certificate chain and key from PEM files.
std::unique_ptr<httplib::Server> MakeHttpServer(const ServerOptions& options) {
    if (options.tls_cert.empty()) return std::make_unique<httplib::Server>();
    for (const std::string& file : {options.tls_cert, options.tls_key}) {
        std::error_code error;
        if (!std::filesystem::is_regular_file(file, error))
            throw std::runtime_error("cannot read the TLS file " + file + " (no such file)");
    }
    auto server = std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(), options.tls_key.c_str());
    if (!server->is_valid()) {
        throw std::runtime_error("cannot use the TLS certificate " + options.tls_cert + " with the key " +
                                 options.tls_key + ": " + OpenSslError());
    }
    return server;
}

}  // namespace

ServerContext::ServerContext(store::Store& the_store)
    : store(the_store),
      events(static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count())) {}

ServerContext::~ServerContext() = default;

Timestamp Now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

struct Server::Impl {
    Impl(ServerOptions opts, store::Store& the_store)
        : options(std::move(opts)), context(the_store), files(options.web_root), server(MakeHttpServer(options)),
          api(*server, context), decay(context, options.rescore_every_seconds), foreign(context),
          dispatcher(context, {.retry_base_ms = options.webhook_retry_base_ms}),
          mailer(context, options.smtp, options.mail_retry_base_ms) {
        context.api = &api;
        context.dispatcher = &dispatcher;
        context.mailer = &mailer;
        context.site = options.site;
        context.site.tls = !options.tls_cert.empty();
        context.session_idle_seconds = options.session_idle_seconds;
        if (options.sso) context.sso = std::make_unique<service::SingleSignOn>(*options.sso);
    }

    ServerOptions options;
    ServerContext context;
    StaticFiles files;
    std::unique_ptr<httplib::Server> server;
    Api api;
    DecaySweep decay;
    ForeignWrites foreign;
    webhooks::Dispatcher dispatcher;
    mail::Mailer mailer;
    int port = 0;
    std::unique_ptr<httplib::Server> redirect;   // --redirect-http
    std::thread redirect_thread;
    std::unique_ptr<httplib::Server> metrics;    // --metrics-listen
    std::thread metrics_thread;
    std::mutex run_mutex;          // orders Run() and Stop(), which come from different threads
    bool run_entered = false;
    bool stopped_early = false;
};

Server::Server(ServerOptions options, store::Store& store) : m_impl(std::make_unique<Impl>(std::move(options), store)) {
    httplib::Server& server = *m_impl->server;
    Impl& impl = *m_impl;
    int threads = impl.options.threads;
    std::chrono::milliseconds idle = std::chrono::seconds(impl.options.thread_idle_seconds);
    server.new_task_queue = [threads, idle, &impl] {
        return new ElasticPool(threads, kMaxThreads, idle, impl.context.metrics.worker_threads);
    };
    server.set_tcp_nodelay(true);
    // httplib's default adds SO_REUSEPORT, which would let a second tandem share the port and
    // split the traffic; a taken port must be an error.
    // A connection is accepted once its first bytes are in (TCP_DEFER_ACCEPT, as nginx's
    // "deferred"): a worker thread then never waits for a request still on its way, so the pool
    // sees a burst of connections as work being done, not as a stall to add threads for.
    server.set_socket_options([](int sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        int seconds = 5;
        setsockopt(sock, IPPROTO_TCP, TCP_DEFER_ACCEPT, &seconds, sizeof seconds);
    });
    // httplib has one body limit for all routes: set it for uploads, and hold every other route
    // to the JSON limit before its body is read.
    server.set_payload_max_length(impl.options.max_upload_bytes);
    server.set_keep_alive_max_count(1000);
    store.Read([&impl](store::Database& db) { impl.context.qualifier.Load(db); });

    // With "Expect: 100-continue" the client waits for our word before sending the body: refuse
    // an oversized one now rather than invite it and then close on it.
    server.set_expect_100_continue_handler([&impl](const httplib::Request& req, httplib::Response& res) {
        if (impl.api.IsStreamed(req.path) || req.get_header_value_u64("Content-Length") <= impl.options.max_body_bytes)
            return 100;
        StartTrace(req, res);
        RefuseBody(res, impl.options.max_body_bytes);
        return 413;
    });

    server.set_pre_routing_handler([&impl](const httplib::Request& req, httplib::Response& res) {
        StartTrace(req, res);
        res.set_header("X-Content-Type-Options", "nosniff");
        if (ViaHttps(req, impl.context)) res.set_header("Strict-Transport-Security", kHsts);
        if (impl.api.IsStreamed(req.path)) return httplib::Server::HandlerResponse::Unhandled;
        std::uint64_t length = req.get_header_value_u64("Content-Length");
        bool chunked = req.get_header_value("Transfer-Encoding").find("chunked") != std::string::npos;
        if (length > impl.options.max_body_bytes || chunked) {
            // Over TLS the bytes on the socket are records httplib must decrypt; leave them.
            if (!chunked && !impl.context.site.tls) DrainBody(req, std::min<std::uint64_t>(length, kDrainBytes), kDrainQuiet, kDrainDeadline);
            RefuseBody(res, impl.options.max_body_bytes);
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });

    server.set_logger([&impl](const httplib::Request& req, const httplib::Response& res) {
        auto now = std::chrono::steady_clock::now();
        RequestTrace& trace = CurrentRequest();
        // Refused before pre-routing (a bad request line, 414, 431): no id was made yet.
        if (trace.id.empty()) AssignRequestId(req, trace.id);
        std::string_view route = trace.route.empty() ? std::string_view("(none)") : trace.route;
        std::string_view method = req.method.empty() ? std::string_view("(invalid)") : std::string_view(req.method);
        impl.context.metrics.Request(method, route, res.status, now - trace.start);
        std::optional<ClientInfo> proxied;
        if (!impl.context.site.trusted_proxies.Empty()) proxied = ClientOf(req, impl.context);
        LogRequest({.request_id = trace.id,
                    .client = proxied ? std::string_view(proxied->address) : std::string_view(req.remote_addr),
                    .user_id = trace.user_id,
                    .method = method,
                    .route = trace.route,
                    .path = req.path,
                    .status = res.status,
                    .duration_ms = std::chrono::duration<double, std::milli>(now - trace.start).count(),
                    .bytes = res.body.empty() ? res.content_length_ : res.body.size()});
        ResetRequest(now);
    });

    server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr error) {
        try {
            std::rethrow_exception(error);
        } catch (const ApiError& e) {
            SendError(res, e.status, e.code, e.what(), e.field);
        } catch (const DecodeError& e) {
            // Malformed JSON names no field: a bad request; a well-formed body with a bad value is 422.
            if (e.Field().empty() && e.Problem().starts_with("malformed JSON"))
                SendError(res, 400, "bad_request", e.Problem());
            else
                SendError(res, 422, "invalid", e.Problem(), e.Field());
        } catch (const store::StoreError& e) {
            if (e.IsUniqueViolation()) {
                SendError(res, 409, "conflict", "that already exists");
            } else {
                LogError(req.method + " " + req.path + ": " + e.what(), CurrentRequest().id);
                SendError(res, 503, "unavailable", "the database could not complete the request; try again");
            }
        } catch (const std::exception& e) {
            LogError(req.method + " " + req.path + ": " + e.what(), CurrentRequest().id);
            SendError(res, 500, "internal", "internal error; the server log has the details");
        }
    });

    // Any error without a body of its own: JSON under /api, plain text elsewhere.
    server.set_error_handler([&impl](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty() || res.status == 304) return httplib::Server::HandlerResponse::Unhandled;
        // httplib answers 400 when it cannot read the header section: more than 100 fields, or
        // one over 8 KiB (or one it cannot parse). The request line was read, pre-routing never ran.
        if (res.status == 400 && !CurrentRequest().headers_read && !req.path.empty()) {
            res.status = 431;
            res.set_header("Connection", "close");   // the rest of the headers are still unread
            SendError(res, 431, "headers_too_large",
                      "the request's header fields are too large (at most 100 fields of 8 KiB each) or malformed");
            return httplib::Server::HandlerResponse::Handled;
        }
        // A route of the API's table (/api/..., /metrics) asked with another method.
        std::string allowed = res.status == 404 ? impl.api.AllowedMethods(req.path) : std::string();
        if (!allowed.empty()) {
            res.status = 405;
            res.set_header("Allow", allowed);
            SendError(res, 405, "method_not_allowed", req.method + " is not allowed here (allowed: " + allowed + ")");
        } else if (IsApiPath(req.path) || req.path.empty()) {
            // No path: the request line was too long (414) or unreadable; the API's shape is the safer guess.
            std::string message = res.status == 404 ? "no such API route: " + req.method + " " + req.path
                                                     : httplib::status_message(res.status);
            SendError(res, res.status, DefaultErrorCode(res.status), message);
        } else {
            res.set_content(std::to_string(res.status) + " " + httplib::status_message(res.status) + "\n",
                            "text/plain; charset=utf-8");
        }
        return httplib::Server::HandlerResponse::Handled;
    });

    // httplib tries a method's routes in the order they were registered (a regular expression each
    // for most): the hot ones, health checks and leads, first.
    RegisterHealthRoutes(impl.api, impl.context);
    RegisterLeadRoutes(impl.api, impl.context);
    RegisterAuthRoutes(impl.api, impl.context);
    RegisterSsoRoutes(impl.api, impl.context);
    RegisterDefinitionRoutes(impl.api, impl.context);
    RegisterCampaignRoutes(impl.api, impl.context);
    RegisterCalendarRoutes(impl.api, impl.context);
    RegisterFeedbackRoutes(impl.api, impl.context);
    RegisterNotificationRoutes(impl.api, impl.context);
    RegisterTargetRoutes(impl.api, impl.context);
    RegisterUserRoutes(impl.api, impl.context);
    RegisterOpenApiRoute(impl.api, impl.context);
    RegisterEventRoutes(impl.api, impl.context);
    RegisterScorecardRoutes(impl.api, impl.context);
    RegisterMetricsRoute(impl.api, impl.context);
    RegisterWebhookRoutes(impl.api, impl.context);

    // The web client: everything that is not an API route.
    server.Get(R"(/.*)", [&impl](const httplib::Request& req, httplib::Response& res) {
        CurrentRequest().route = "(web)";
        if (IsApiPath(req.path) || !impl.files.Serve(req, res)) res.status = 404;
    });
}

Server::~Server() = default;

int Server::Bind() {
    httplib::Server& server = *m_impl->server;
    const ServerOptions& options = m_impl->options;
    int port = options.port == 0 ? server.bind_to_any_port(options.host) : server.bind_to_port(options.host, options.port)
                                       ? options.port
                                       : -1;
    if (port <= 0) {
        throw std::runtime_error("cannot listen on " + options.host + ":" + std::to_string(options.port) +
                                 " (address in use or not available)");
    }
    if (!m_impl->files.Available()) {
        LogLine("warning: no web client in " + options.web_root.string() + " (run `make build`); serving the API only");
    }
    m_impl->port = port;
    if (options.redirect_http_port > 0) BindRedirect();
    if (!options.metrics_listen.empty()) BindMetrics();
    return port;
}

bool Server::Tls() const { return !m_impl->options.tls_cert.empty(); }

// Plain HTTP on --redirect-http: every request is sent on to the same path over HTTPS, with 308
// so that a POST stays a POST. The target is --public-url, or the host the client asked for with
// our HTTPS port.
void Server::BindRedirect() {
    Impl& impl = *m_impl;
    impl.redirect = std::make_unique<httplib::Server>();
    impl.redirect->set_pre_routing_handler([&impl](const httplib::Request& req, httplib::Response& res) {
        std::string origin = impl.context.site.public_url;
        if (origin.empty()) {
            std::string host = req.get_header_value("Host");
            if (!IsPlainHost(host)) host = impl.options.host;
            if (std::size_t colon = host.rfind(':'); colon != std::string::npos && host.find(']', colon) == std::string::npos)
                host.resize(colon);
            origin = "https://" + host + (impl.port == 443 ? "" : ":" + std::to_string(impl.port));
        }
        res.status = 308;
        res.set_header("Location", origin + req.target);
        return httplib::Server::HandlerResponse::Handled;
    });
    if (!impl.redirect->bind_to_port(impl.options.host, impl.options.redirect_http_port)) {
        throw std::runtime_error("cannot listen on " + impl.options.host + ":" +
                                 std::to_string(impl.options.redirect_http_port) + " for --redirect-http");
    }
}

// /metrics alone, without a token: the address is for the scraper's network, not the public's.
void Server::BindMetrics() {
    Impl& impl = *m_impl;
    const std::string& listen = impl.options.metrics_listen;
    std::size_t colon = listen.rfind(':');
    std::string host = listen.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    int port = std::stoi(listen.substr(colon + 1));
    impl.metrics = std::make_unique<httplib::Server>();
    impl.metrics->Get("/metrics", [&impl](const httplib::Request&, httplib::Response& res) {
        res.set_header("Cache-Control", "no-store");
        res.set_content(MetricsText(impl.context), "text/plain; version=0.0.4; charset=utf-8");
    });
    bool bound = port == 0 ? (port = impl.metrics->bind_to_any_port(host)) > 0 : impl.metrics->bind_to_port(host, port);
    if (!bound)
        throw std::runtime_error("cannot listen on " + listen + " for --metrics-listen (address in use or not available)");
    LogLine("metrics on http://" + listen.substr(0, colon) + ":" + std::to_string(port) + "/metrics");
}

void Server::Run() {
    {
        std::lock_guard lock(m_impl->run_mutex);
        if (m_impl->stopped_early) return;
        m_impl->run_entered = true;
    }
    // Load the funnel while the first requests are served, so the first scorecard is quick.
    std::thread warm([this] {
        try {
            m_impl->context.funnel.Read(m_impl->context.store, [](const service::FunnelSnapshot&) {});
        } catch (const std::exception& e) {
            LogLine(std::string("warning: loading the funnel failed: ") + e.what());
        }
    });
    if (m_impl->redirect) m_impl->redirect_thread = std::thread([this] { m_impl->redirect->listen_after_bind(); });
    if (m_impl->metrics) m_impl->metrics_thread = std::thread([this] { m_impl->metrics->listen_after_bind(); });
    m_impl->decay.Start();
    m_impl->foreign.Start();
    m_impl->dispatcher.Start();
    m_impl->mailer.Start();
    m_impl->server->listen_after_bind();
    m_impl->mailer.Stop();
    m_impl->dispatcher.Stop();
    m_impl->foreign.Stop();
    m_impl->decay.Stop();
    warm.join();
    if (m_impl->redirect_thread.joinable()) m_impl->redirect_thread.join();
    if (m_impl->metrics_thread.joinable()) m_impl->metrics_thread.join();
}

void Server::Stop() {
    m_impl->context.events.Close();   // ends the open event streams, which would otherwise never finish
    // A signal can come before Run() has started listening, and httplib's stop() does nothing to
    // a server that is not running yet: once Run() has begun, wait for it to listen; before, keep
    // it from starting.
    {
        std::lock_guard lock(m_impl->run_mutex);
        m_impl->stopped_early = !m_impl->run_entered;
    }
    if (m_impl->stopped_early) return;
    for (httplib::Server* server : {m_impl->server.get(), m_impl->redirect.get(), m_impl->metrics.get()}) {
        if (!server) continue;
        server->wait_until_ready();
        server->stop();
    }
}

}  // namespace tandem::http
