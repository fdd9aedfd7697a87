// Who is on the other end of a request: the client's address, whether it reached us over HTTPS,
// and the host it asked for. They come from the connection itself, or, only when the connection
// is from a proxy we were told to trust (--trust-proxy), from that proxy's Forwarded (RFC 7239) or
// X-Forwarded-For/-Proto/-Host headers. Any other peer's forwarding headers are ignored, so nobody
// can pick the address a sign-in limit counts, or make a cookie lose its Secure flag.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tandem::http {

// A list of address ranges ("10.0.0.0/8,127.0.0.1,::1,fd00::/8"). IPv4 addresses also match in
// their IPv4-mapped IPv6 form (::ffff:10.1.2.3), as a dual-stack socket reports them.
class AddressSet {
public:
    // Throws std::invalid_argument naming the entry that is not an address or CIDR range.
    static AddressSet Parse(std::string_view list);
    bool Contains(std::string_view address) const;
    bool Empty() const { return m_ranges.empty(); }

private:
    struct Range {
        std::array<std::uint8_t, 16> bytes{};
        int prefix = 128;
    };
    std::vector<Range> m_ranges;
};

// An address in the 16-byte IPv6 form (IPv4 mapped), or nullopt if `text` is not one.
std::optional<std::array<std::uint8_t, 16>> ParseAddress(std::string_view text);

// What the connection and its headers say; header values as received, empty when absent.
struct ForwardingInput {
    std::string peer;               // the socket's remote address
    bool tls = false;               // the connection itself is TLS
    std::string host;               // Host
    std::string forwarded;          // Forwarded (every occurrence, joined with ",")
    std::string x_forwarded_for;
    std::string x_forwarded_proto;
    std::string x_forwarded_host;
};

struct ClientInfo {
    std::string address;            // the client's IP address as text
    bool https = false;
    std::string host;               // "tandem.example.com" or "tandem.example.com:8443"; empty if unusable
};

// The client behind a request. From a trusted peer, the forwarding chain is read from the right:
// each hop that is itself a trusted proxy is skipped, and the first one that is not is the client
// (so a client cannot prepend a fake address); the scheme and host are those the nearest trusted
// proxy reports. Forwarded wins over X-Forwarded-* when both are present. A host that is not a
// plain host[:port] is dropped.
ClientInfo ResolveClient(const ForwardingInput& input, const AddressSet& trusted);

// The bucket an address is counted in for sign-in limits: an IPv4 address itself; for IPv6 its
// /64, the smallest block one subscriber gets (so rotating through a /64 buys no extra guesses).
std::string AddressBucket(std::string_view address);

// A plain host[:port] ("example.com", "10.0.0.1:8080", "[::1]:8080"), safe to put in a URL.
bool IsPlainHost(std::string_view host);

}  // namespace tandem::http
