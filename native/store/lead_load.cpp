// Leads in bulk: ids in memory, rows to the engine's bulk load; keys looked up a batch at a time.
#include "store/lead_load.h"

#include <nlohmann/json.hpp>

#include "store/database.h"
#include "store/handoff_repo.h"
#include "store/lead_repo.h"

namespace tandem::store {

LeadLoad::LeadLoad(Database& db)
    : m_db(db), m_leads(LeadRows()), m_changes(StageChangeRows()), m_assignments(AssignmentRows()) {}

std::int64_t LeadLoad::Add(const Lead& lead) {
    if (m_last_id < 0) {
        Statement& s = m_db.Cached("SELECT coalesce(max(id), 0) FROM leads");
        s.Step();
        m_last_id = s.Int(0);
        s.Run();
    }
    AppendLead(m_leads, ++m_last_id, lead);
    return m_last_id;
}

void LeadLoad::Add(const StageChange& change) { AppendStageChange(m_changes, change); }

void LeadLoad::Add(const Assignment& assignment) { AppendAssignment(m_assignments, assignment); }

void LeadLoad::Flush() {
    if (m_leads.Size() > 0) {
        m_db.BulkInsert("leads", m_leads);
        m_db.AdvanceIds("leads");   // an identity sequence knows nothing of ids given explicitly
    }
    m_db.BulkInsert("stage_history", m_changes);
    m_db.BulkInsert("lead_assignments", m_assignments);
    m_leads.Clear();
    m_changes.Clear();
    m_assignments.Clear();
}

LeadKeys FindLeadKeys(Database& db, const std::vector<std::string>& emails,
                      const std::vector<std::pair<std::string, std::string>>& crm_records) {
    LeadKeys keys;
    if (!emails.empty()) {
        Statement& s = db.Cached(db.dialect().leads_with_emails);
        s.Bind(1, nlohmann::json(emails).dump());
        while (s.Step()) keys.emails.emplace(s.Text(0), s.Int(1));
    }
    if (!crm_records.empty()) {
        nlohmann::json pairs = nlohmann::json::array();
        for (const auto& [source, id] : crm_records) pairs.push_back({source, id});
        Statement& s = db.Cached(db.dialect().leads_with_crm_records);
        s.Bind(1, pairs.dump());
        while (s.Step()) keys.crm_records.emplace(LeadKeys::CrmKey(s.Text(0), s.Text(1)), s.Int(2));
    }
    return keys;
}

}  // namespace tandem::store
