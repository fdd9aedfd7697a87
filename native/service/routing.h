// Who gets a lead when it is handed to sales: round robin among the active sales reps, the rep
// with the fewest open sales_ready leads first (ties to the lowest user id), so the rotation is
// deterministic, needs no stored pointer, and evens out after absences and reassignments. Every
// path that can put a lead into sales_ready (creation, import, edits, re-qualification, marketing
// handing a lead over, a definition taking effect) routes it through one LeadRouter.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "tandem/handoff.h"
#include "tandem/lead.h"

namespace tandem::store {
class Database;
}

namespace tandem::service {

class LeadRouter {
public:
    // Reads the reps and their loads on first use, then keeps the loads current for the leads it
    // sees, so one router serves a whole import inside its transaction.
    explicit LeadRouter(store::Database& db) : m_db(db) {}

    // If `lead` is sales_ready and has no owner, assigns the next rep (sets lead.owner_id) and
    // returns the assignment to record once the lead has its id; nothing if no rep is active or
    // the lead needs no routing. A sales_ready lead that has an owner counts towards their load.
    std::optional<Assignment> Route(Lead& lead, Timestamp now);
    // Takes back a routing whose lead was not stored after all (an import's bad row).
    void Unroute(const Assignment& assignment);

private:
    void Load();

    store::Database& m_db;
    bool m_loaded = false;
    std::vector<std::int64_t> m_reps;
    std::vector<std::int64_t> m_open;          // indexed like m_reps
};

// Writes the assignment for `lead_id` (the id of a just-inserted lead, or of the lead it is about).
Assignment RecordAssignment(store::Database& db, std::int64_t lead_id, Assignment assignment);

}  // namespace tandem::service
