// GET /metrics: the Prometheus exposition, on the main port with an admin's API token, or on its
// own address (--metrics-listen) for a scraper inside the private network.
#include <algorithm>
#include <filesystem>
#include <httplib.h>

#include "http/api.h"
#include "http/context.h"
#include "http/routes.h"
#include "store/domain_repo.h"
#include "store/store.h"
#include "tandem/handoff.h"

namespace tandem::http {

namespace {

std::uint64_t FileBytes(const std::string& path) {
    std::error_code error;
    std::uintmax_t size = std::filesystem::file_size(path, error);
    return error ? 0 : static_cast<std::uint64_t>(size);
}

// The engine's own figure where it has one (PostgreSQL's files are the server's, not ours to
// read); else the database file and its write-ahead log.
std::uint64_t DatabaseBytes(store::Database& db) {
    const char* sql = db.dialect().database_size_bytes;
    if (!*sql) return FileBytes(db.Path()) + FileBytes(db.Path() + "-wal");
    store::Statement& size = db.Cached(sql);
    const std::int64_t bytes = size.Step() ? size.Int(0) : 0;
    size.Reset();
    return static_cast<std::uint64_t>(std::max<std::int64_t>(bytes, 0));
}

}  // namespace

std::string MetricsText(ServerContext& context) {
    MetricsGauges gauges;
    gauges.write_lock_wait = &context.store.WriteLockWait();
    InboxQuery query{.now = Now(), .scope = InboxScope::All};
    query.sla_hours = context.store.Read([&](store::Database& db) {
        gauges.database_bytes = DatabaseBytes(db);
        return store::LoadSla(db).first_response_hours;
    });
    context.funnel.Read(context.store, [&](const service::FunnelSnapshot& snapshot) {
        gauges.sla_breaches_open = CollectInbox(snapshot.funnel, query).breached;
    });
    gauges.funnel_full_loads = context.funnel.FullLoads();   // after the read above brought it up to date
    auto up = std::chrono::steady_clock::now() - context.started;
    gauges.start_time_seconds =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch() - up).count();
    return context.metrics.Render(gauges);
}

void RegisterMetricsRoute(Api& api, ServerContext& context) {
    api.Route("GET", "/metrics", Action::ReadMetrics,
              {.summary = "Prometheus metrics: requests, latency, event streams, threads, sign-in failures, imports, "
                          "the database and open SLA breaches (an admin's API token; or --metrics-listen)",
               .content_type = "text/plain; version=0.0.4"},
              [&context](const httplib::Request&, httplib::Response& res, const Caller&) {
                  res.set_header("Cache-Control", "no-store");
                  res.set_content(MetricsText(context), "text/plain; version=0.0.4; charset=utf-8");
              });
}

}  // namespace tandem::http
