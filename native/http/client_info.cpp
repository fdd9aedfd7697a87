// Trusted-proxy address ranges and reading the client behind a chain of proxies.
#include "http/client_info.h"

#include <algorithm>
#include <arpa/inet.h>
#include <charconv>
#include <cstring>
#include <stdexcept>

namespace tandem::http {

namespace {

std::string_view TrimSpaces(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    while (true) {
        std::size_t at = text.find(separator);
        parts.push_back(TrimSpaces(text.substr(0, at)));
        if (at == std::string_view::npos) return parts;
        text.remove_prefix(at + 1);
    }
}

std::string Lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// One hop of a forwarding chain: the address a proxy saw, and what that connection was.
struct Hop {
    std::string address;    // as reported: an IP address, or "unknown" / an obfuscated name
    std::string proto;      // "" when not reported
    std::string host;
};

// "[2001:db8::1]:4711" -> "2001:db8::1"; "192.0.2.1:80" -> "192.0.2.1"; others unchanged.
std::string StripPort(std::string_view node) {
    if (node.starts_with('[')) {
        std::size_t close = node.find(']');
        return std::string(close == std::string_view::npos ? node : node.substr(1, close - 1));
    }
    if (std::count(node.begin(), node.end(), ':') == 1) return std::string(node.substr(0, node.find(':')));
    return std::string(node);
}

std::string Unquote(std::string_view value) {
    if (value.size() < 2 || value.front() != '"' || value.back() != '"') return std::string(value);
    std::string out;
    for (std::size_t i = 1; i + 1 < value.size(); ++i) {
        if (value[i] == '\\' && i + 2 < value.size()) ++i;
        out += value[i];
    }
    return out;
}

// Forwarded: for=192.0.2.60;proto=http;by=203.0.113.43, for="[2001:db8:cafe::17]:4711"
std::vector<Hop> ParseForwarded(std::string_view header) {
    std::vector<Hop> hops;
    for (std::string_view element : Split(header, ',')) {
        if (element.empty()) continue;
        Hop hop;
        for (std::string_view pair : Split(element, ';')) {
            std::size_t eq = pair.find('=');
            if (eq == std::string_view::npos) continue;
            std::string name = Lower(TrimSpaces(pair.substr(0, eq)));
            std::string value = Unquote(TrimSpaces(pair.substr(eq + 1)));
            if (name == "for") hop.address = StripPort(value);
            else if (name == "proto") hop.proto = Lower(value);
            else if (name == "host") hop.host = value;
        }
        hops.push_back(std::move(hop));
    }
    return hops;
}

// X-Forwarded-For lists every hop; -Proto and -Host usually hold one value, set by the nearest
// proxy about its own client, so a single value belongs to the last hop.
std::vector<Hop> ParseXForwarded(const ForwardingInput& input) {
    std::vector<Hop> hops;
    for (std::string_view address : Split(input.x_forwarded_for, ','))
        if (!address.empty()) hops.push_back({StripPort(address), "", ""});
    auto assign = [&hops](std::string_view header, std::string Hop::*member, bool lower) {
        if (header.empty() || hops.empty()) return;
        std::vector<std::string_view> values = Split(header, ',');
        std::size_t offset = values.size() == hops.size() ? 0 : hops.size() - 1;
        std::size_t first = values.size() == hops.size() ? 0 : values.size() - 1;
        for (std::size_t i = first; i < values.size(); ++i)
            hops[offset + i - first].*member = lower ? Lower(values[i]) : std::string(values[i]);
    };
    assign(input.x_forwarded_proto, &Hop::proto, true);
    assign(input.x_forwarded_host, &Hop::host, false);
    return hops;
}

}  // namespace

std::optional<std::array<std::uint8_t, 16>> ParseAddress(std::string_view text) {
    std::array<std::uint8_t, 16> bytes{};
    std::string copy(text);
    in_addr v4{};
    if (inet_pton(AF_INET, copy.c_str(), &v4) == 1) {
        bytes[10] = bytes[11] = 0xff;   // ::ffff:a.b.c.d
        std::memcpy(bytes.data() + 12, &v4, 4);
        return bytes;
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, copy.c_str(), &v6) == 1) {
        std::memcpy(bytes.data(), &v6, 16);
        return bytes;
    }
    return std::nullopt;
}

AddressSet AddressSet::Parse(std::string_view list) {
    AddressSet set;
    for (std::string_view entry : Split(list, ',')) {
        if (entry.empty()) continue;
        std::string_view address = entry.substr(0, entry.find('/'));
        std::optional<std::array<std::uint8_t, 16>> bytes = ParseAddress(address);
        if (!bytes) throw std::invalid_argument("'" + std::string(entry) + "' is not an IP address or CIDR range");
        bool v4 = address.find(':') == std::string_view::npos;
        Range range{*bytes, 128};
        if (std::size_t slash = entry.find('/'); slash != std::string_view::npos) {
            std::string_view digits = entry.substr(slash + 1);
            int prefix = -1;
            auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
            int max = v4 ? 32 : 128;
            if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() || prefix < 0 || prefix > max)
                throw std::invalid_argument("'" + std::string(entry) + "' has a bad prefix length (0 to " +
                                            std::to_string(max) + ")");
            range.prefix = v4 ? prefix + 96 : prefix;
        }
        set.m_ranges.push_back(range);
    }
    return set;
}

bool AddressSet::Contains(std::string_view address) const {
    std::optional<std::array<std::uint8_t, 16>> bytes = ParseAddress(address);
    if (!bytes) return false;
    for (const Range& range : m_ranges) {
        int whole = range.prefix / 8;
        int rest = range.prefix % 8;
        if (std::memcmp(bytes->data(), range.bytes.data(), static_cast<std::size_t>(whole)) != 0) continue;
        if (rest == 0) return true;
        auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
        if (((*bytes)[static_cast<std::size_t>(whole)] & mask) == (range.bytes[static_cast<std::size_t>(whole)] & mask))
            return true;
    }
    return false;
}

std::string AddressBucket(std::string_view address) {
    std::optional<std::array<std::uint8_t, 16>> bytes = ParseAddress(address);
    if (!bytes) return std::string(address);
    static const std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(bytes->data(), kMapped, 12) == 0) {
        char text[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, bytes->data() + 12, text, sizeof text);
        return text;
    }
    std::fill(bytes->begin() + 8, bytes->end(), 0);
    char text[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, bytes->data(), text, sizeof text);
    return std::string(text) + "/64";
}

bool IsPlainHost(std::string_view host) {
    if (host.empty() || host.size() > 255) return false;
    for (char c : host) {
        bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
        if (!ok) return false;
    }
    return true;
}

ClientInfo ResolveClient(const ForwardingInput& input, const AddressSet& trusted) {
    ClientInfo direct{input.peer, input.tls, IsPlainHost(input.host) ? input.host : std::string()};
    if (trusted.Empty() || !trusted.Contains(input.peer)) return direct;
    std::vector<Hop> hops = !input.forwarded.empty() ? ParseForwarded(input.forwarded) : ParseXForwarded(input);
    if (hops.empty()) return direct;

    // From the right, past every hop that is one of our proxies; the first other one is the client.
    std::size_t client = 0;
    std::string reporter = input.peer;   // the trusted proxy that reported hops[client]
    for (std::size_t i = hops.size(); i-- > 0;) {
        client = i;
        if (!ParseAddress(hops[i].address) || !trusted.Contains(hops[i].address)) break;
        if (i > 0) reporter = hops[i].address;
    }
    ClientInfo info = direct;
    // "unknown" or an obfuscated name: the proxy that reported it is the closest address known.
    info.address = ParseAddress(hops[client].address) ? hops[client].address : reporter;
    for (std::size_t i = client; i < hops.size(); ++i) {
        if (hops[i].proto == "https" || hops[i].proto == "http") {
            info.https = hops[i].proto == "https";
            break;
        }
    }
    for (std::size_t i = client; i < hops.size(); ++i) {
        if (!hops[i].host.empty()) {
            info.host = IsPlainHost(hops[i].host) ? hops[i].host : std::string();
            break;
        }
    }
    return info;
}

}  // namespace tandem::http
