// Leads and their stage history: rows <-> Lead/StageChange, the filtered list with
// cursor pagination, and full scans for exports and re-evaluation.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/bulk_rows.h"
#include "tandem/lead.h"

namespace tandem::store {

class Database;

struct LeadFilter {
    std::optional<Stage> stage;
    std::optional<Source> source;
    std::optional<std::int64_t> owner_id;
    bool unassigned = false;                 // owner_id IS NULL
    std::optional<std::int64_t> campaign_id;
    bool no_campaign = false;                // campaign_id IS NULL
    std::optional<double> score_min;         // inclusive
    std::optional<double> score_max;         // inclusive
    std::optional<Timestamp> created_from;   // inclusive
    std::optional<Timestamp> created_to;     // exclusive
    std::string text;                        // substring of email, name or company
    std::optional<std::int64_t> before_id;   // the cursor: ids below this one
    int limit = 50;
};

struct LeadPage {
    std::vector<Lead> items;                 // newest first (descending id)
    std::optional<std::int64_t> next_cursor; // pass as before_id for the next page
};

// Inserts and returns the new id (lead.id is ignored). Throws StoreError (IsUniqueViolation for
// a taken email).
std::int64_t InsertLead(Database& db, const Lead& lead);
// Writes every column of an existing lead.
void UpdateLead(Database& db, const Lead& lead);
std::optional<Lead> FindLead(Database& db, std::int64_t id);
std::optional<std::int64_t> FindLeadIdByEmail(Database& db, const std::string& email);
// The lead imported from this CRM record; never one for an empty crm_id.
std::optional<std::int64_t> FindLeadIdByCrmRecord(Database& db, const std::string& crm_source,
                                                  const std::string& crm_id);
LeadPage ListLeads(Database& db, const LeadFilter& filter);
std::int64_t CountLeads(Database& db);
// How many leads match the filter (its cursor and limit ignored).
std::int64_t CountLeads(Database& db, const LeadFilter& filter);
void ForEachLead(Database& db, const std::function<void(const Lead&)>& visit);

std::int64_t InsertStageChange(Database& db, const StageChange& change);
std::vector<StageChange> LeadHistory(Database& db, std::int64_t lead_id);
void ForEachStageChange(Database& db, const std::function<void(const StageChange&)>& visit);

// Rows for a bulk load (store/lead_load.h): a lead with the id given (not its own member's), a
// stage change without its own.
BulkRows LeadRows();
void AppendLead(BulkRows& rows, std::int64_t id, const Lead& lead);
BulkRows StageChangeRows();
void AppendStageChange(BulkRows& rows, const StageChange& change);

}  // namespace tandem::store
