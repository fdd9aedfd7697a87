// The hand-off's rows: lead assignments (the ownership history), the open sales-ready
// load of each owner for round robin, and the reason a lead was last recycled.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "store/bulk_rows.h"
#include "tandem/handoff.h"

namespace tandem::store {

class Database;

std::int64_t InsertAssignment(Database& db, const Assignment& assignment);
std::vector<Assignment> LeadAssignments(Database& db, std::int64_t lead_id);   // oldest first
// Rows for a bulk load (store/lead_load.h), without their ids.
BulkRows AssignmentRows();
void AppendAssignment(BulkRows& rows, const Assignment& assignment);

// Active users with the sales_rep role, by id: the round-robin rotation.
std::vector<std::int64_t> ActiveSalesReps(Database& db);
// owner id -> how many sales_ready leads they hold.
std::map<std::int64_t, std::int64_t> OpenSalesReadyByOwner(Database& db);

// The latest stage change of the lead into recycled, if any.
std::optional<StageChange> LastRecycle(Database& db, std::int64_t lead_id);

}  // namespace tandem::store
