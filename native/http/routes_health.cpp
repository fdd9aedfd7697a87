// GET /api/health: version and database status, for the dashboard's connection indicator.
#include <chrono>
#include <httplib.h>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>

#include "http/api.h"
#include "http/api_error.h"
#include "http/context.h"
#include "http/routes.h"
#include "store/store.h"
#include "tandem/health.h"

namespace tandem::http {

namespace {

// Monitors and load balancers poll this route hard: the database is asked at most once a second
// (its read transaction was most of the request's work), so a broken database shows within a
// second; and the answer, which then changes at most once a second too, is written once per change.
constexpr std::chrono::seconds kDatabaseCheckEvery{1};

class HealthCheck {
public:
    explicit HealthCheck(ServerContext& context) : m_context(context) {}

    void Answer(httplib::Response& res) {
        auto now = std::chrono::steady_clock::now();
        std::int64_t uptime = std::chrono::duration_cast<std::chrono::seconds>(now - m_context.started).count();
        std::lock_guard lock(m_mutex);
        bool recheck = !m_checked || now - *m_checked >= kDatabaseCheckEvery;
        if (recheck) {
            m_health.database = Database();
            m_health.status = m_health.database.status;
            // Servers sharing a database reconnect by themselves: while it is unreachable (or the
            // event stream's listener is), this server is degraded, not broken.
            store::EventBus* shared = m_context.store.SharedEvents();
            if (shared && (m_health.database.status != "ok" || !shared->Connected())) m_health.status = "degraded";
            m_checked = now;
        }
        if (recheck || uptime != m_health.uptime_seconds || m_body.empty()) {
            m_health.uptime_seconds = uptime;
            SendJson(res, m_health, m_health.status == "ok" ? 200 : 503);
            m_body = res.body;
        } else {
            res.status = m_health.status == "ok" ? 200 : 503;
            res.set_content(m_body, "application/json");
        }
    }

private:
    DatabaseHealth Database() {
        DatabaseHealth status;
        try {
            m_context.store.Read([&](store::Database& db) {
                status.schema_version = db.SchemaVersion();
                status.journal_mode = db.JournalMode();
            });
            status.status = "ok";
        } catch (const store::StoreError&) {
            status.status = "error";
        }
        return status;
    }

    ServerContext& m_context;
    std::mutex m_mutex;
    std::optional<std::chrono::steady_clock::time_point> m_checked;
    Health m_health{.version = TANDEM_VERSION};
    std::string m_body;   // m_health as sent
};

}  // namespace

void RegisterHealthRoutes(Api& api, ServerContext& context) {
    auto check = std::make_shared<HealthCheck>(context);
    api.Public("GET", "/api/health",
               {.summary = "Server version and database status (the database is checked at most once a second)",
                .response_schema = "Health"},
               [check](const httplib::Request&, httplib::Response& res) {
                   res.set_header("Cache-Control", "no-store");
                   check->Answer(res);
               });
}

}  // namespace tandem::http
