// The levels both sides of "as if" count.
#include "tandem/as_if.h"

#include <algorithm>
#include <cassert>

namespace tandem {

std::vector<Level> LevelsAtCreation(std::span<const RulesInForce> versions, std::span<const FunnelLead> leads,
                                    std::span<const LeadFacts> facts, Timestamp created_from, Timestamp now) {
    assert(!versions.empty() && leads.size() == facts.size());
    // The last version activated at or before `created`, or the first one.
    auto in_force = [&](Timestamp created) {
        auto after = std::upper_bound(versions.begin() + 1, versions.end(), created,
                                      [](Timestamp at, const RulesInForce& version) { return at < version.since; });
        return std::prev(after)->rules;
    };
    std::vector<Level> levels(leads.size(), Level::None);
    std::vector<LeadScore> scores;
    // Leads come in creation order, mostly: runs under one version are scored a block at a time.
    for (std::size_t begin = 0; begin < leads.size();) {
        if (leads[begin].created_at < created_from) {
            ++begin;
            continue;
        }
        const CompiledRules* rules = in_force(leads[begin].created_at);
        std::size_t end = begin + 1;
        while (end < leads.size() && leads[end].created_at >= created_from && in_force(leads[end].created_at) == rules) ++end;
        scores.resize(end - begin);
        rules->ScoreAll(facts.subspan(begin, end - begin), now, scores);
        for (std::size_t i = begin; i < end; ++i) levels[i] = scores[i - begin].level;
        begin = end;
    }
    return levels;
}

}  // namespace tandem
