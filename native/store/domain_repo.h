// Definitions, campaigns, feedback, targets and settings in SQLite.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tandem/campaign.h"
#include "tandem/definition.h"
#include "tandem/feedback.h"
#include "tandem/target.h"

namespace tandem::store {

class Database;

// --- Definitions ---
void InsertDefinition(Database& db, const LeadDefinition& definition);   // with its version number
void UpdateDefinition(Database& db, const LeadDefinition& definition);    // everything but approvals
void InsertApproval(Database& db, std::int64_t version, const Approval& approval);
std::optional<LeadDefinition> FindDefinition(Database& db, std::int64_t version);
std::optional<LeadDefinition> FindDefinitionByStatus(Database& db, DefinitionStatus status);
std::vector<LeadDefinition> ListDefinitions(Database& db);                // newest first
std::int64_t MaxDefinitionVersion(Database& db);

// --- Campaigns ---
struct CampaignFilter {
    std::optional<Date> from;       // overlapping [from, to] (inclusive)
    std::optional<Date> to;
    std::optional<CampaignStatus> status;
    std::optional<CampaignType> type;
};
std::int64_t InsertCampaign(Database& db, const Campaign& campaign);
void UpdateCampaign(Database& db, const Campaign& campaign);
std::optional<Campaign> FindCampaign(Database& db, std::int64_t id);
std::vector<Campaign> ListCampaigns(Database& db, const CampaignFilter& filter);   // by start date

// --- Feedback ---
struct FeedbackFilter {
    std::optional<FeedbackKind> kind;
    std::optional<std::int64_t> lead_id;
    std::optional<std::int64_t> campaign_id;
    std::optional<std::int64_t> author_id;
    std::optional<ContentStatus> status;
    std::optional<std::string> tag;            // carries this tag (tags are stored lower-case)
    std::optional<std::int64_t> before_id;
    int limit = 50;
};
struct FeedbackPage {
    std::vector<Feedback> items;    // newest first
    std::optional<std::int64_t> next_cursor;
};
std::int64_t InsertFeedback(Database& db, const Feedback& feedback);
void UpdateFeedback(Database& db, const Feedback& feedback);
std::optional<Feedback> FindFeedback(Database& db, std::int64_t id);
FeedbackPage ListFeedback(Database& db, const FeedbackFilter& filter);

// --- Targets and settings ---
void UpsertTarget(Database& db, const MonthlyTarget& target);
std::vector<MonthlyTarget> ListTargets(Database& db);
SlaSettings LoadSla(Database& db);
// This database's random id (32 hex digits), made by its first migration to version 8.
std::string InstallationId(Database& db);
void SaveSla(Database& db, const SlaSettings& settings);

}  // namespace tandem::store
