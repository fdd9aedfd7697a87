// GET /api/openapi.json: the API described from the route table that serves it.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/api_error.h"
#include "http/context.h"
#include "http/routes.h"

namespace tandem::http {

void RegisterOpenApiRoute(Api& api, ServerContext&) {
    api.Public("GET", "/api/openapi.json", {.summary = "This document (OpenAPI 3)"},
               [&api](const httplib::Request&, httplib::Response& res) { SendJson(res, api.OpenApi()); });
}

}  // namespace tandem::http
