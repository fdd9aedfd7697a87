// The active lead definition as the server applies it: scores a lead and says where the
// definition puts it. Holds an immutable snapshot that activation swaps atomically, so requests
// in flight keep a consistent definition.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "tandem/definition.h"
#include "tandem/lead.h"

namespace tandem::store {
class Database;
}

namespace tandem::service {

struct ActiveDefinition {
    std::int64_t version = 0;      // 0: no definition is active yet
    DefinitionRules rules;
};

class Qualifier {
public:
    std::shared_ptr<const ActiveDefinition> Current() const;
    void Set(std::shared_ptr<const ActiveDefinition> definition);
    // Reads the active definition from the database.
    void Load(store::Database& db);

private:
    mutable std::mutex m_mutex;
    std::shared_ptr<const ActiveDefinition> m_current = std::make_shared<ActiveDefinition>();
};

// Scores `lead` under `definition` at `now` (score fields only).
void Rescore(Lead& lead, const ActiveDefinition& definition, Timestamp now);

// Moves `lead` to the stage its level calls for, if the definition moves leads from its stage,
// walking through mql on the way to sales_ready so the funnel counts every step. Returns the
// history rows to record (lead_id and id unset), by the system, with `reason`.
std::vector<StageChange> ApplyLevel(Lead& lead, Timestamp now, const std::string& reason);

// Rescore and ApplyLevel, then stores the lead (a new revision) and its history rows. Returns
// whether the stage moved.
bool Requalify(store::Database& db, Lead& lead, const ActiveDefinition& definition, Timestamp now,
               const std::string& reason);

}  // namespace tandem::service
