// What a draft definition would change: how many current leads are MQL and sales-ready under the
// active version and under the draft, who gains and who loses, by source, and sample leads that
// change. Computed in the browser on a compact copy of the lead facts, or by the server for
// databases too large to ship.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "tandem/evaluate.h"

namespace tandem {

struct ImpactCounts {
    std::int64_t leads = 0;
    std::int64_t active_mql = 0;            // level mql or sales_ready
    std::int64_t draft_mql = 0;
    std::int64_t active_sales_ready = 0;
    std::int64_t draft_sales_ready = 0;
    std::int64_t gained_mql = 0;            // below mql under active, mql or above under draft
    std::int64_t lost_mql = 0;
    std::int64_t gained_sales_ready = 0;
    std::int64_t lost_sales_ready = 0;
};

struct ImpactSample {
    std::size_t lead_index = 0;             // into the facts span
    Level before = Level::None;
    Level after = Level::None;
};

struct Impact {
    ImpactCounts total;
    std::vector<std::pair<Source, ImpactCounts>> by_source;   // every source with leads, enum order
    std::vector<ImpactSample> samples;      // up to samples_each gaining and samples_each losing
};

// Scores every lead under both rule sets at `now`. Samples are the first leads (by index) whose
// level changes, gains first.
Impact ComputeImpact(const CompiledRules& active, const CompiledRules& draft, std::span<const LeadFacts> facts,
                     Timestamp now, std::size_t samples_each = 5);

// JSON (src/impact_json.cpp). Samples carry lead ids, which the caller maps from indexes.
nlohmann::json ToJson(const ImpactCounts& counts);
nlohmann::json ToJson(const Impact& impact, std::span<const std::int64_t> lead_ids);

}  // namespace tandem
