// JSON Schemas of the API's bodies, for the components section of /api/openapi.json.
#pragma once

#include <nlohmann/json_fwd.hpp>

namespace tandem::http {

nlohmann::json OpenApiSchemas();

}  // namespace tandem::http
