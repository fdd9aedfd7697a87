// What `tandem import` tells the dashboards of servers sharing its database through their event
// stream (PostgreSQL): the events the server's own import route publishes, so that browsers on
// every server learn of the new leads. Servers on a SQLite file notice another process's commits
// by themselves (http/foreign_writes.h polls data_version), so there it has nothing to do.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>

namespace tandem::store {
class EventBus;
}
namespace tandem::service {
struct ImportReport;
}

namespace tandem::cli {

class ImportEvents {
public:
    explicit ImportEvents(store::EventBus* bus) : m_bus(bus) {}
    // What committed batches hold reaches the dashboards even if a later part of the import fails.
    ~ImportEvents();
    ImportEvents(const ImportEvents&) = delete;
    ImportEvents& operator=(const ImportEvents&) = delete;

    // After each committed batch (service::ImportOptions::committed).
    void Committed(const service::ImportReport& report);

private:
    // Publishes "leads" with the leads imported and updated since the last announcement, and "scorecard".
    void Announce();

    store::EventBus* m_bus;
    std::size_t m_imported = 0;   // the import's totals so far
    std::size_t m_updated = 0;
    std::size_t m_announced_imported = 0;
    std::size_t m_announced_updated = 0;
    std::optional<std::chrono::steady_clock::time_point> m_announced_at;
};

}  // namespace tandem::cli
