// GET /api/scorecard's response: the scorecard for a period and for the period before it, the
// definition in force (for "agreed on ..., review due ...") and the campaigns launching soon.
#pragma once

#include <optional>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "tandem/campaign.h"
#include "tandem/definition.h"
#include "tandem/kpi.h"

namespace tandem {

// The scorecard under one definition version for every lead, next to the same method under the
// versions really in force (see as_if.h). Same period and grouping as the view; no weeks.
struct AsIfComparison {
    std::int64_t version = 0;
    Scorecard actual;
    Scorecard as_if;
};

struct ScorecardView {
    Date from = 0;                          // the period [from, to)
    Date to = 0;
    Timestamp now = 0;
    int sla_hours = 24;
    std::optional<AsIfComparison> as_if;    // when asked for
    Scorecard scorecard;
    Scorecard previous;                     // the period before, cut to the part of this one that
                                            // has elapsed; totals only
    std::optional<LeadDefinition> definition;
    std::vector<Campaign> launching;        // starting within 14 days, by start date
    std::vector<std::int64_t> versions;     // every definition version, oldest first (the "as if" choices)
};

nlohmann::json ToJson(const ScorecardView& view);
ScorecardView ScorecardViewFromJson(const nlohmann::json& in);

// One row per group (or one "total" row) with every KPI, for the scorecard's CSV export.
std::string ScorecardCsv(const ScorecardView& view);

}  // namespace tandem
