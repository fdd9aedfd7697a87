// Reading requests and writing responses the same way in every handler: JSON bodies, path ids,
// typed query parameters, ETags. Bad input throws ApiError (or DecodeError) with the field named.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "http/api_error.h"
#include "tandem/enums.h"
#include "tandem/time.h"

namespace httplib {
struct Request;
struct Response;
}

namespace tandem::http {

// The body as JSON: 415 unless it is sent as application/json, 400 if malformed.
nlohmann::json JsonBody(const httplib::Request& req);

// A numeric path parameter; 404 ("no such <what>") if it is not a positive integer.
std::int64_t PathId(const httplib::Request& req, std::string_view what, const char* name = "id");

std::optional<std::string> QueryText(const httplib::Request& req, const char* name);
std::optional<std::int64_t> QueryInt(const httplib::Request& req, const char* name, std::int64_t min, std::int64_t max);
std::optional<double> QueryNumber(const httplib::Request& req, const char* name);
std::optional<bool> QueryBool(const httplib::Request& req, const char* name);
std::optional<Timestamp> QueryTime(const httplib::Request& req, const char* name);
std::optional<Date> QueryDate(const httplib::Request& req, const char* name);
// Page size: `limit`, default 50, at most 500.
int QueryLimit(const httplib::Request& req);

template <class E>
std::optional<E> QueryEnum(const httplib::Request& req, const char* name) {
    std::optional<std::string> text = QueryText(req, name);
    if (!text) return std::nullopt;
    std::optional<E> value = ParseEnum<E>(*text);
    if (!value) throw ApiError(400, "bad_request", "unknown value '" + *text + "' (expected one of: " + EnumChoices<E>() + ")", name);
    return value;
}

// Entity tags: "<kind>-<id>-r<revision>", strong.
std::string EntityTag(std::string_view kind, std::int64_t id, std::int64_t revision);
void SetEntityTag(httplib::Response& res, std::string_view kind, std::int64_t id, std::int64_t revision);
// The revision an If-Match header expects: nullopt without the header (or with "*"), -1 for a tag
// that is not this entity's (so it never matches and the write gets 412).
std::optional<std::int64_t> IfMatchRevision(const httplib::Request& req, std::string_view kind, std::int64_t id);

// 404 with the standard message.
[[noreturn]] void NotFound(std::string_view what, std::int64_t id);

}  // namespace tandem::http
