// Hash-route parsing and formatting for the dashboard.
#include "tandem/route.h"

#include <charconv>

namespace tandem {

namespace {

struct ViewName {
    View view;
    std::string_view slug;
    std::string_view title;
};

constexpr ViewName kViewNames[] = {
    {View::Scorecard, "scorecard", "Scorecard"},
    {View::Definition, "definition", "Lead definition"},
    {View::Campaigns, "campaigns", "Campaigns"},
    {View::Leads, "leads", "Leads"},
    {View::Feedback, "feedback", "Feedback"},
    {View::People, "people", "People"},
    {View::Webhooks, "webhooks", "Webhooks"},
    {View::Login, "login", "Sign in"},
    {View::ResetPassword, "reset-password", "Set a new password"},
    {View::NotFound, "not-found", "Not found"},
};

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::int64_t> ParseId(std::string_view text) {
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
    return value;
}

}  // namespace

std::string_view ViewSlug(View view) {
    for (const ViewName& name : kViewNames)
        if (name.view == view) return name.slug;
    return "not-found";
}

std::string_view ViewTitle(View view) {
    for (const ViewName& name : kViewNames)
        if (name.view == view) return name.title;
    return "Not found";
}

std::string PercentEncode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                          c == '-' || c == '_' || c == '.' || c == '~';
        if (unreserved) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

std::string PercentDecode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
            out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
            i += 2;
        } else if (text[i] == '+') {
            out += ' ';
        } else {
            out += text[i];
        }
    }
    return out;
}

Route ParseRoute(std::string_view hash) {
    if (hash.starts_with('#')) hash.remove_prefix(1);
    Route route;
    std::string_view path = hash;
    if (std::size_t q = hash.find('?'); q != std::string_view::npos) {
        path = hash.substr(0, q);
        std::string_view query = hash.substr(q + 1);
        while (!query.empty()) {
            std::size_t amp = query.find('&');
            std::string_view pair = query.substr(0, amp);
            query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
            if (pair.empty()) continue;
            std::size_t eq = pair.find('=');
            std::string key = PercentDecode(pair.substr(0, eq));
            std::string value = eq == std::string_view::npos ? std::string() : PercentDecode(pair.substr(eq + 1));
            if (!key.empty()) route.query[key] = value;
        }
    }
    while (path.starts_with('/')) path.remove_prefix(1);
    while (path.ends_with('/')) path.remove_suffix(1);
    route.path = "/" + std::string(path);
    if (path.empty()) return route;

    std::string_view first = path.substr(0, path.find('/'));
    std::string_view rest = first.size() < path.size() ? path.substr(first.size() + 1) : std::string_view();
    route.view = View::NotFound;
    for (const ViewName& name : kViewNames) {
        if (name.view != View::NotFound && name.slug == first) route.view = name.view;
    }
    if (route.view == View::NotFound) return route;
    if (!rest.empty()) {
        route.id = ParseId(rest);
        if (!route.id) route.view = View::NotFound;
    }
    return route;
}

std::string FormatRoute(const Route& route) {
    if (route.view == View::NotFound) return "#" + route.path;
    std::string out = "#/";
    out += ViewSlug(route.view);
    if (route.id) out += "/" + std::to_string(*route.id);
    char separator = '?';
    for (const auto& [key, value] : route.query) {
        out += separator;
        out += PercentEncode(key);
        out += '=';
        out += PercentEncode(value);
        separator = '&';
    }
    return out;
}

}  // namespace tandem
