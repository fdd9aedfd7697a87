// New leads written in bulk (an import's batch, the demo's seed): ids handed out here, rows kept in
// memory and sent through the engine's bulk load (COPY on PostgreSQL) when flushed, instead of a
// statement and a round trip per row. All inside the caller's write transaction, whose lock keeps
// the ids free.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/bulk_rows.h"
#include "tandem/handoff.h"
#include "tandem/lead.h"

namespace tandem::store {

class Database;

class LeadLoad {
public:
    explicit LeadLoad(Database& db);
    // The lead's id: after the largest stored (or handed out) one, as both engines number rows.
    std::int64_t Add(const Lead& lead);
    void Add(const StageChange& change);
    void Add(const Assignment& assignment);
    std::size_t Waiting() const { return m_leads.Size(); }   // leads
    // Loads what waits: leads first, so history and assignments find theirs.
    void Flush();

private:
    Database& m_db;
    std::int64_t m_last_id = -1;   // -1: not read yet
    BulkRows m_leads;
    BulkRows m_changes;
    BulkRows m_assignments;
};

// Which leads have some emails and CRM records: one query for each kind, however many asked.
struct LeadKeys {
    std::unordered_map<std::string, std::int64_t> emails;
    std::unordered_map<std::string, std::int64_t> crm_records;   // by CrmKey

    static std::string CrmKey(const std::string& crm_source, const std::string& crm_id) {
        return crm_source + '\n' + crm_id;
    }
};
LeadKeys FindLeadKeys(Database& db, const std::vector<std::string>& emails,
                      const std::vector<std::pair<std::string, std::string>>& crm_records);

}  // namespace tandem::store
