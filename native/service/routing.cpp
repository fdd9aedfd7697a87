// Round-robin routing of sales-ready leads.
#include "service/routing.h"

#include "store/handoff_repo.h"

namespace tandem::service {

void LeadRouter::Load() {
    m_loaded = true;
    m_reps = store::ActiveSalesReps(m_db);
    std::map<std::int64_t, std::int64_t> open = store::OpenSalesReadyByOwner(m_db);
    m_open.clear();
    for (std::int64_t rep : m_reps) m_open.push_back(open.count(rep) ? open[rep] : 0);
}

std::optional<Assignment> LeadRouter::Route(Lead& lead, Timestamp now) {
    if (lead.stage != Stage::SalesReady) return std::nullopt;
    if (lead.owner_id) {
        // Loads read later come from the database, where this lead will be by then.
        if (m_loaded)
            for (std::size_t i = 0; i < m_reps.size(); ++i)
                if (m_reps[i] == *lead.owner_id) ++m_open[i];
        return std::nullopt;
    }
    if (!m_loaded) Load();
    std::optional<std::size_t> pick = PickRoundRobin(m_reps, m_open);
    if (!pick) return std::nullopt;
    Assignment assignment;
    assignment.to_owner_id = m_reps[*pick];
    assignment.at = now;
    assignment.kind = AssignmentKind::RoundRobin;
    assignment.note = "fewest open sales-ready leads (" + std::to_string(m_open[*pick]) + ")";
    ++m_open[*pick];
    lead.owner_id = assignment.to_owner_id;
    return assignment;
}

void LeadRouter::Unroute(const Assignment& assignment) {
    for (std::size_t i = 0; i < m_reps.size(); ++i)
        if (assignment.to_owner_id == m_reps[i] && m_open[i] > 0) --m_open[i];
}

Assignment RecordAssignment(store::Database& db, std::int64_t lead_id, Assignment assignment) {
    assignment.lead_id = lead_id;
    assignment.id = store::InsertAssignment(db, assignment);
    return assignment;
}

}  // namespace tandem::service
