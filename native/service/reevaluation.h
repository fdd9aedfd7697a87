// Engagement decays with time, so a lead's stored level goes stale: an MQL of last month may no
// longer score as one today. The server re-evaluates every lead against the active definition at
// start and then every hour (PRODUCT.md: a stored level never differs from a fresh evaluation for
// longer), and moves those whose level changed, with "decay" as the history's reason.
//
// The leads are read in pages without the write lock; only the few that moved are written, a
// small batch per transaction, so other writers never wait long.
#pragma once

#include <cstdint>
#include <vector>

#include "tandem/lead.h"

namespace tandem::store {
class Store;
}

namespace tandem::service {

struct ActiveDefinition;

struct Reevaluation {
    std::int64_t checked = 0;             // leads evaluated
    std::vector<Lead> rescored;           // leads whose level changed, as written
    std::int64_t moved = 0;               // of those, leads the new level moved to another stage
    double longest_write_ms = 0;          // the longest a write batch held the write lock
};

// Evaluates every lead at `now`; writes (score, stage, history) those whose level differs from the
// stored one, re-checked inside the write in case they changed meanwhile.
Reevaluation Reevaluate(store::Store& store, const ActiveDefinition& definition, Timestamp now);

}  // namespace tandem::service
