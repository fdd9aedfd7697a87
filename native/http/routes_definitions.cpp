// Lead definitions: the active version and the history of versions.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/context.h"
#include "http/request.h"
#include "http/routes.h"
#include "store/domain_repo.h"
#include "store/store.h"

namespace tandem::http {

void RegisterDefinitionRoutes(Api& api, ServerContext& context) {
    api.Route("GET", "/api/definitions", Action::Read,
              {.summary = "Every version of the lead definition, newest first", .response_schema = "[Definition]"},
              [&context](const httplib::Request&, httplib::Response& res, const Caller&) {
                  nlohmann::json items = nlohmann::json::array();
                  context.store.Read([&](store::Database& db) {
                      for (const LeadDefinition& definition : store::ListDefinitions(db)) items.push_back(ToJson(definition));
                  });
                  SendJson(res, {{"items", items}, {"next_cursor", nullptr}});
              });

    api.Route("GET", "/api/definitions/active", Action::Read,
              {.summary = "The definition in force", .response_schema = "Definition"},
              [&context](const httplib::Request&, httplib::Response& res, const Caller&) {
                  auto active = context.store.Read(
                      [&](store::Database& db) { return store::FindDefinitionByStatus(db, DefinitionStatus::Active); });
                  if (!active) throw ApiError(404, "not_found", "no definition is active yet");
                  SendJson(res, ToJson(*active));
              });

    api.Route("GET", "/api/definitions/{version}", Action::Read,
              {.summary = "One version of the definition", .response_schema = "Definition"},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  std::int64_t version = PathId(req, "definition version", "version");
                  auto definition = context.store.Read([&](store::Database& db) { return store::FindDefinition(db, version); });
                  if (!definition) NotFound("definition version", version);
                  SendJson(res, ToJson(*definition));
              });
}

}  // namespace tandem::http
