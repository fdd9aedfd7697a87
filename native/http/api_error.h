// The API's error shape, {"error":{"code","message","field"}}, and its mapping to HTTP status.
// Handlers throw ApiError; the server turns it into the response in one place.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace httplib {
struct Response;
}

namespace tandem::http {

struct ApiError : std::runtime_error {
    ApiError(int http_status, std::string error_code, std::string message, std::string field_name = {})
        : std::runtime_error(std::move(message)),
          status(http_status),
          code(std::move(error_code)),
          field(std::move(field_name)) {}
    int status;
    std::string code;
    std::string field;
};

// The error code used for an HTTP status when no more specific one applies ("not_found" for 404).
std::string_view DefaultErrorCode(int status);

void SendError(httplib::Response& res, int status, std::string_view code, std::string_view message,
               std::string_view field = {});
void SendJson(httplib::Response& res, const nlohmann::json& body, int status = 200);

}  // namespace tandem::http
