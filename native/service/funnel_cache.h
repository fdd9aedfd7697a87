// The funnel in memory: every lead's KPI-relevant fields and stage events (FunnelData) plus the
// facts criteria test (LeadFacts), loaded once from SQLite and refreshed for the leads that
// changed. The scorecard and the server-side definition preview read it instead of scanning
// millions of history rows per request.
//
// Writers only mark leads dirty (cheap, after their commit); the next reader folds the changes
// in under an exclusive lock, then computes under a shared lock, so a scorecard never blocks
// requests that do not need the funnel.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <unordered_set>
#include <vector>

#include "tandem/evaluate.h"
#include "tandem/kpi.h"

namespace tandem::store {
class Store;
class Database;
}

namespace tandem::service {

struct FunnelSnapshot {
    FunnelData funnel;
    std::vector<LeadFacts> facts;          // same order as funnel.leads
    StringPool pool;
};

class FunnelCache {
public:
    void MarkDirty(std::int64_t lead_id);
    void MarkAllDirty();

    // How many times the cache has read every lead (at the start, after a rule change, after
    // another process's write); each takes seconds at a million leads. For /metrics.
    std::uint64_t FullLoads() const { return m_full_loads.load(std::memory_order_relaxed); }

    // Runs `read` on an up-to-date snapshot, under a shared lock.
    void Read(store::Store& store, const std::function<void(const FunnelSnapshot&)>& read);

private:
    void Refresh(store::Store& store);

    std::shared_mutex m_lock;               // guards m_snapshot
    FunnelSnapshot m_snapshot;

    std::mutex m_dirty_mutex;
    std::unordered_set<std::int64_t> m_dirty;
    bool m_all_dirty = true;
    std::atomic<std::uint64_t> m_full_loads{0};
};

}  // namespace tandem::service
