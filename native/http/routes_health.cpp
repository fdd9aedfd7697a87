// GET /api/health: version and database status, for the dashboard's connection indicator.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/api_error.h"
#include "http/routes.h"
#include "store/database.h"
#include "tandem/health.h"

namespace tandem::http {

void RegisterHealthRoutes(httplib::Server& server, ServerContext& context) {
    server.Get("/api/health", [&context](const httplib::Request&, httplib::Response& res) {
        Health health;
        health.version = TANDEM_VERSION;
        health.uptime_seconds = std::chrono::duration_cast<std::chrono::seconds>(
                                    std::chrono::steady_clock::now() - context.started)
                                    .count();
        try {
            std::lock_guard lock(context.db_mutex);
            health.database.schema_version = context.db.SchemaVersion();
            health.database.journal_mode = context.db.JournalMode();
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
