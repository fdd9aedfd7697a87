// Request parsing and response helpers.
#include "http/request.h"

#include <charconv>
#include <cmath>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "tandem/codec.h"

namespace tandem::http {

nlohmann::json JsonBody(const httplib::Request& req) {
    std::string type = req.get_header_value("Content-Type");
    if (type.substr(0, type.find(';')) != "application/json")
        throw ApiError(415, "unsupported_media_type", "send the body as application/json");
    return ParseJson(req.body);
}

std::int64_t PathId(const httplib::Request& req, std::string_view what, const char* name) {
    auto it = req.path_params.find(name);
    std::string_view text = it == req.path_params.end() ? std::string_view() : std::string_view(it->second);
    std::int64_t id = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || id <= 0)
        throw ApiError(404, "not_found", "no " + std::string(what) + " '" + std::string(text) + "'");
    return id;
}

std::optional<std::string> QueryText(const httplib::Request& req, const char* name) {
    if (!req.has_param(name)) return std::nullopt;
    return req.get_param_value(name);
}

std::optional<std::int64_t> QueryInt(const httplib::Request& req, const char* name, std::int64_t min, std::int64_t max) {
    std::optional<std::string> text = QueryText(req, name);
    if (!text) return std::nullopt;
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (text->empty() || error != std::errc() || end != text->data() + text->size() || value < min || value > max)
        throw ApiError(400, "bad_request",
                       "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
                           ", got '" + *text + "'",
                       name);
    return value;
}

std::optional<double> QueryNumber(const httplib::Request& req, const char* name) {
    std::optional<std::string> text = QueryText(req, name);
    if (!text) return std::nullopt;
    try {
        std::size_t used = 0;
        double value = std::stod(*text, &used);
        if (used == text->size() && std::isfinite(value)) return value;
    } catch (const std::exception&) {
    }
    throw ApiError(400, "bad_request", "expected a number, got '" + *text + "'", name);
}

std::optional<bool> QueryBool(const httplib::Request& req, const char* name) {
    std::optional<std::string> text = QueryText(req, name);
    if (!text) return std::nullopt;
    if (*text == "true" || *text == "1" || text->empty()) return true;
    if (*text == "false" || *text == "0") return false;
    throw ApiError(400, "bad_request", "expected true or false, got '" + *text + "'", name);
}

std::optional<Timestamp> QueryTime(const httplib::Request& req, const char* name) {
    std::optional<std::string> text = QueryText(req, name);
    if (!text) return std::nullopt;
    std::optional<Timestamp> value = ParseTimestamp(*text);
    if (!value) throw ApiError(400, "bad_request", "expected an ISO 8601 date or time, got '" + *text + "'", name);
    return value;
}

std::optional<Date> QueryDate(const httplib::Request& req, const char* name) {
    std::optional<std::string> text = QueryText(req, name);
    if (!text) return std::nullopt;
    std::optional<Date> value = ParseDate(*text);
    if (!value) throw ApiError(400, "bad_request", "expected a date (YYYY-MM-DD), got '" + *text + "'", name);
    return value;
}

int QueryLimit(const httplib::Request& req) {
    return static_cast<int>(QueryInt(req, "limit", 1, 500).value_or(50));
}

std::string EntityTag(std::string_view kind, std::int64_t id, std::int64_t revision) {
    return "\"" + std::string(kind) + "-" + std::to_string(id) + "-r" + std::to_string(revision) + "\"";
}

void SetEntityTag(httplib::Response& res, std::string_view kind, std::int64_t id, std::int64_t revision) {
    res.set_header("ETag", EntityTag(kind, id, revision));
}

std::optional<std::int64_t> IfMatchRevision(const httplib::Request& req, std::string_view kind, std::int64_t id) {
    if (!req.has_header("If-Match")) return std::nullopt;
    std::string header = req.get_header_value("If-Match");
    if (header == "*") return std::nullopt;
    std::string prefix = "\"" + std::string(kind) + "-" + std::to_string(id) + "-r";
    if (!header.starts_with(prefix) || !header.ends_with("\"")) return -1;
    std::string_view digits(header.data() + prefix.size(), header.size() - prefix.size() - 1);
    std::int64_t revision = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), revision);
    if (digits.empty() || error != std::errc() || end != digits.data() + digits.size()) return -1;
    return revision;
}

void NotFound(std::string_view what, std::int64_t id) {
    throw ApiError(404, "not_found", "no " + std::string(what) + " " + std::to_string(id));
}

}  // namespace tandem::http
