// The rows marketing's feedback insights and the wins digest are computed from: rejections with
// their lead's source and campaign, objections and questions, campaign names, customers won.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "tandem/feedback_insights.h"

namespace tandem::store {

class Database;

// Rejection feedback logged in [from, to), with the source and campaign of the lead it is about.
std::vector<RejectionRow> RejectionRows(Database& db, Timestamp from, Timestamp to);
// Leads sales sent back to marketing (sales_ready or sql to recycled) since `since`, by reason.
std::map<RejectReason, std::int64_t> SentBackByReason(Database& db, Timestamp since);
// Feedback of one kind logged in [from, to).
std::vector<RemarkRow> RemarkRows(Database& db, FeedbackKind kind, Timestamp from, Timestamp to);
std::map<std::int64_t, std::string> CampaignNames(Database& db);
// Leads whose first entry into won lies in [from, to), each with its latest win story.
std::vector<Win> WonLeads(Database& db, Timestamp from, Timestamp to);

}  // namespace tandem::store
