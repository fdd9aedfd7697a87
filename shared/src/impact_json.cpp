// JSON for the impact of a draft definition: counts in total and by source, and sample leads.
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "tandem/impact.h"

namespace tandem {

nlohmann::json ToJson(const ImpactCounts& counts) {
    nlohmann::json out = {
        {"leads", counts.leads},
        {"active_mql", counts.active_mql},
        {"draft_mql", counts.draft_mql},
        {"active_sales_ready", counts.active_sales_ready},
        {"draft_sales_ready", counts.draft_sales_ready},
        {"gained_mql", counts.gained_mql},
        {"lost_mql", counts.lost_mql},
        {"gained_sales_ready", counts.gained_sales_ready},
        {"lost_sales_ready", counts.lost_sales_ready},
    };
    return out;
}

// `lead_ids` is parallel to the facts the impact was computed from; a sample outside it is a
// caller's mistake, not data to paper over.
nlohmann::json ToJson(const Impact& impact, std::span<const std::int64_t> lead_ids) {
    nlohmann::json by_source = nlohmann::json::array();
    for (const auto& [source, counts] : impact.by_source)
        by_source.push_back({{"source", std::string(ToString(source))}, {"counts", ToJson(counts)}});
    nlohmann::json samples = nlohmann::json::array();
    for (const ImpactSample& sample : impact.samples) {
        if (sample.lead_index >= lead_ids.size())
            throw std::out_of_range("impact sample " + std::to_string(sample.lead_index) + " has no lead id (" +
                                    std::to_string(lead_ids.size()) + " ids)");
        samples.push_back({{"lead_id", lead_ids[sample.lead_index]},
                           {"before", std::string(ToString(sample.before))},
                           {"after", std::string(ToString(sample.after))}});
    }
    nlohmann::json out = {
        {"total", ToJson(impact.total)},
        {"by_source", std::move(by_source)},
        {"samples", std::move(samples)},
    };
    return out;
}

}  // namespace tandem
