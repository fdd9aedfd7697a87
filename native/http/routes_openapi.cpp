// GET /api/openapi.json: the API described from the route table that serves it.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/api_error.h"
#include "http/context.h"
#include "http/routes.h"

namespace tandem::http {

void RegisterOpenApiRoute(Api& api, ServerContext&) {
    // The statuses of the sign-in routes, until routes_auth.cpp declares them in its RouteDocs
    // (RouteDoc::errors): wrong credentials, password sign-in switched off, the sign-in limiter
    // (429 with Retry-After), and reset links that are unknown, used or expired.
    api.DocumentErrors("POST", "/api/auth/login", {401, 403, 429});
    api.DocumentErrors("POST", "/api/auth/password", {429});
    api.DocumentErrors("POST", "/api/auth/password-reset", {404});
    api.Public("GET", "/api/openapi.json", {.summary = "This document (OpenAPI 3)"},
               [&api](const httplib::Request&, httplib::Response& res) { SendJson(res, api.OpenApi()); });
}

}  // namespace tandem::http
