// The client, the public origin and the session cookie, as every route sees them.
#include <httplib.h>

#include "http/api.h"
#include "http/context.h"

namespace tandem::http {

ClientInfo ClientOf(const httplib::Request& req, const ServerContext& context) {
    ForwardingInput input;
    input.peer = req.remote_addr;
    input.tls = context.site.tls;
    input.host = req.get_header_value("Host");
    if (!context.site.trusted_proxies.Empty()) {
        // A header may arrive in several lines; each adds hops to the same list.
        for (std::size_t i = 0, n = req.get_header_value_count("Forwarded"); i < n; ++i)
            input.forwarded += (i ? "," : "") + req.get_header_value("Forwarded", "", i);
        for (std::size_t i = 0, n = req.get_header_value_count("X-Forwarded-For"); i < n; ++i)
            input.x_forwarded_for += (i ? "," : "") + req.get_header_value("X-Forwarded-For", "", i);
        input.x_forwarded_proto = req.get_header_value("X-Forwarded-Proto");
        input.x_forwarded_host = req.get_header_value("X-Forwarded-Host");
    }
    return ResolveClient(input, context.site.trusted_proxies);
}

std::string PublicOrigin(const httplib::Request& req, const ServerContext& context) {
    if (!context.site.public_url.empty()) return context.site.public_url;
    ClientInfo client = ClientOf(req, context);
    std::string host = client.host;
    if (host.empty()) {
        bool ipv6 = req.local_addr.find(':') != std::string::npos;
        host = (ipv6 ? "[" + req.local_addr + "]" : req.local_addr) + ":" + std::to_string(req.local_port);
    }
    return (client.https ? "https://" : "http://") + host;
}

std::string SessionCookie(const std::string& value, bool secure) {
    std::string cookie = std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
    if (value.empty()) cookie += "; Max-Age=0";
    if (secure) cookie += "; Secure";
    return cookie;
}

}  // namespace tandem::http
