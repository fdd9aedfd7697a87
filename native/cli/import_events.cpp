// The events of a `tandem import` for the servers sharing its database.
#include "cli/import_events.h"

#include <cstdio>
#include <exception>
#include <nlohmann/json.hpp>

#include "service/import.h"
#include "store/engine.h"
#include "tandem/codec.h"

namespace tandem::cli {

namespace {

// A long import announces its progress as often as servers on SQLite notice another process's
// commits (each second), not after every batch: each event is a commit of its own and wakes every
// dashboard of every server, and an import of a million leads commits hundreds of batches.
constexpr std::chrono::seconds kAnnounceEvery{1};

}  // namespace

ImportEvents::~ImportEvents() {
    try {
        Announce();
    } catch (const std::exception& e) {
        // The leads are in; the dashboards see them at their next load.
        std::fprintf(stderr, "warning: the servers were not told of the import: %s\n", e.what());
    }
}

void ImportEvents::Committed(const service::ImportReport& report) {
    if (!m_bus || report.dry_run) return;
    m_imported = report.imported;
    m_updated = report.updated;
    const auto now = std::chrono::steady_clock::now();
    if (m_announced_at && now - *m_announced_at < kAnnounceEvery) return;
    Announce();
    m_announced_at = now;
}

void ImportEvents::Announce() {
    if (!m_bus || (m_imported == m_announced_imported && m_updated == m_announced_updated)) return;
    const nlohmann::json leads = {{"imported", m_imported - m_announced_imported},
                                  {"updated", m_updated - m_announced_updated}};
    m_bus->Publish("leads", DumpJson(leads), 0);
    m_bus->Publish("scorecard", DumpJson(nlohmann::json::object()), 0);
    m_announced_imported = m_imported;
    m_announced_updated = m_updated;
}

}  // namespace tandem::cli
