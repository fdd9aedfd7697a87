// Assignment rows and the queries round robin and re-qualification need.
#include "store/handoff_repo.h"

#include "store/database.h"
#include "store/row.h"

namespace tandem::store {

namespace {

void AppendAssignmentCells(std::vector<BulkValue>& cells, const Assignment& assignment) {
    cells.insert(cells.end(), {assignment.lead_id, Cell(assignment.from_owner_id), Cell(assignment.to_owner_id),
                               assignment.at, Cell(assignment.by_user_id), std::string(ToString(assignment.kind)),
                               assignment.note});
}

}  // namespace

std::int64_t InsertAssignment(Database& db, const Assignment& assignment) {
    Statement& s = db.Cached(
        "INSERT INTO lead_assignments (lead_id, from_owner_id, to_owner_id, at, by_user_id, kind, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    std::vector<BulkValue> cells;
    AppendAssignmentCells(cells, assignment);
    BindCells(s, cells);
    return InsertedId(s);
}

BulkRows AssignmentRows() {
    return {.columns = {"lead_id", "from_owner_id", "to_owner_id", "at", "by_user_id", "kind", "note"}, .cells = {}};
}

void AppendAssignment(BulkRows& rows, const Assignment& assignment) { AppendAssignmentCells(rows.cells, assignment); }

std::vector<Assignment> LeadAssignments(Database& db, std::int64_t lead_id) {
    Statement& s = db.Cached(
        "SELECT id, lead_id, from_owner_id, to_owner_id, at, by_user_id, kind, note FROM lead_assignments "
        "WHERE lead_id = ? ORDER BY at, id");
    s.Bind(1, lead_id);
    std::vector<Assignment> out;
    while (s.Step()) {
        Assignment assignment;
        assignment.id = s.Int(0);
        assignment.lead_id = s.Int(1);
        assignment.from_owner_id = OptionalInt(s, 2);
        assignment.to_owner_id = OptionalInt(s, 3);
        assignment.at = s.Int(4);
        assignment.by_user_id = OptionalInt(s, 5);
        assignment.kind = EnumColumn<AssignmentKind>(s, 6);
        assignment.note = s.Text(7);
        out.push_back(std::move(assignment));
    }
    return out;
}

std::vector<std::int64_t> ActiveSalesReps(Database& db) {
    Statement& s = db.Cached("SELECT id FROM users WHERE role = 'sales_rep' AND active = 1 ORDER BY id");
    std::vector<std::int64_t> ids;
    while (s.Step()) ids.push_back(s.Int(0));
    return ids;
}

std::map<std::int64_t, std::int64_t> OpenSalesReadyByOwner(Database& db) {
    Statement& s = db.Cached(
        "SELECT owner_id, count(*) FROM leads WHERE stage = 'sales_ready' AND owner_id IS NOT NULL GROUP BY owner_id");
    std::map<std::int64_t, std::int64_t> counts;
    while (s.Step()) counts[s.Int(0)] = s.Int(1);
    return counts;
}

std::optional<StageChange> LastRecycle(Database& db, std::int64_t lead_id) {
    Statement& s = db.Cached(
        "SELECT id, lead_id, from_stage, to_stage, at, by_user_id, reason, note FROM stage_history "
        "WHERE lead_id = ? AND to_stage = 'recycled' ORDER BY at DESC, id DESC LIMIT 1");
    s.Bind(1, lead_id);
    if (!s.Step()) return std::nullopt;
    StageChange change;
    change.id = s.Int(0);
    change.lead_id = s.Int(1);
    if (!s.IsNull(2)) change.from = EnumColumn<Stage>(s, 2);
    change.to = EnumColumn<Stage>(s, 3);
    change.at = s.Int(4);
    change.by_user_id = OptionalInt(s, 5);
    change.reason = s.Text(6);
    change.note = s.Text(7);
    s.Reset();
    return change;
}

}  // namespace tandem::store
