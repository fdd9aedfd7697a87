// GET /api/health: version and database status, for the dashboard's connection indicator.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/api_error.h"
#include "http/context.h"
#include "http/routes.h"
#include "store/store.h"
#include "tandem/health.h"

namespace tandem::http {

void RegisterHealthRoutes(Api& api, ServerContext& context) {
    api.Public("GET", "/api/health", {.summary = "Server version and database status", .response_schema = "Health"},
               [&context](const httplib::Request&, httplib::Response& res) {
                   Health health;
                   health.version = TANDEM_VERSION;
                   health.uptime_seconds = std::chrono::duration_cast<std::chrono::seconds>(
                                               std::chrono::steady_clock::now() - context.started)
                                               .count();
                   try {
                       context.store.Read([&](store::Database& db) {
                           health.database.schema_version = db.SchemaVersion();
                           health.database.journal_mode = db.JournalMode();
                       });
                       health.database.status = "ok";
                   } catch (const store::StoreError&) {
                       health.database.status = "error";
                   }
                   health.status = health.database.status;
                   res.set_header("Cache-Control", "no-store");
                   SendJson(res, health, health.status == "ok" ? 200 : 503);
               });
}

}  // namespace tandem::http
