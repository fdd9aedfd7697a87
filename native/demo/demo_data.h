// Deterministic, realistic demo data: the six demo users, 30 campaigns, 12 months of leads whose
// stage histories follow a believable funnel with per-source differences, sales feedback with
// reasons, monthly targets, and a lead definition signed off by both leaders. Pure: it only
// produces records, streamed to a sink so a million leads never sit in memory at once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tandem/campaign.h"
#include "tandem/definition.h"
#include "tandem/feedback.h"
#include "tandem/lead.h"
#include "tandem/target.h"
#include "tandem/user.h"

namespace tandem::demo {

inline constexpr const char* kDemoPassword = "tandem-demo-2026";

struct DemoOptions {
    std::int64_t leads = 20000;
    std::uint64_t seed = 2026;
    Timestamp now = 0;          // the demo's "today"; leads span the 12 months before it
};

// Receives the records in this order: users, definitions, campaigns, then leads (each with its
// history), then feedback, then targets. Ids are 1, 2, 3, ... in delivery order per kind, as an
// empty database assigns them, and records refer to each other by those ids.
class DemoSink {
public:
    virtual ~DemoSink() = default;
    virtual void OnUser(const User& user) = 0;
    virtual void OnDefinition(const LeadDefinition& definition) = 0;   // versions ascending; last is active
    virtual void OnCampaign(const Campaign& campaign) = 0;
    virtual void OnLead(const Lead& lead, const std::vector<StageChange>& history) = 0;
    virtual void OnFeedback(const Feedback& feedback) = 0;
    virtual void OnTarget(const MonthlyTarget& target) = 0;
};

void GenerateDemo(const DemoOptions& options, DemoSink& sink);

}  // namespace tandem::demo
