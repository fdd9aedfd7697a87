// What a draft definition would change: every lead scored under the active and the draft rules,
// counted in total and by source, with the first leads that gain or lose a level as samples.
#include "tandem/impact.h"

#include <algorithm>
#include <array>

namespace tandem {

namespace {

// Leads scored per ScoreAll call: two buffers of this many scores (about 320 KB) are reused for
// the whole span, so memory stays flat however many leads there are.
constexpr std::size_t kChunk = 4096;

constexpr std::size_t kSources = EnumValues<Source>().size();

// Branch-free: the outcome of each comparison is added as 0 or 1.
void Count(ImpactCounts& counts, Level before, Level after) {
    const bool was_mql = before != Level::None, is_mql = after != Level::None;
    const bool was_ready = before == Level::SalesReady, is_ready = after == Level::SalesReady;
    counts.leads += 1;
    counts.active_mql += was_mql;
    counts.draft_mql += is_mql;
    counts.active_sales_ready += was_ready;
    counts.draft_sales_ready += is_ready;
    counts.gained_mql += !was_mql & is_mql;
    counts.lost_mql += was_mql & !is_mql;
    counts.gained_sales_ready += !was_ready & is_ready;
    counts.lost_sales_ready += was_ready & !is_ready;
}

}  // namespace

Impact ComputeImpact(const CompiledRules& active, const CompiledRules& draft, std::span<const LeadFacts> facts,
                     Timestamp now, std::size_t samples_each) {
    std::vector<LeadScore> buffer(2 * std::min(kChunk, facts.size()));
    std::span<LeadScore> before_scores(buffer.data(), buffer.size() / 2);
    std::span<LeadScore> after_scores(buffer.data() + buffer.size() / 2, buffer.size() / 2);

    std::array<ImpactCounts, kSources> by_source{};
    std::vector<ImpactSample> gains, losses;
    Impact impact;

    for (std::size_t begin = 0; begin < facts.size(); begin += kChunk) {
        std::span<const LeadFacts> chunk = facts.subspan(begin, std::min(kChunk, facts.size() - begin));
        active.ScoreAll(chunk, now, before_scores);
        draft.ScoreAll(chunk, now, after_scores);
        for (std::size_t i = 0; i < chunk.size(); ++i) {
            const Level before = before_scores[i].level, after = after_scores[i].level;
            // LeadFacts stores a source as its value + 1; anything else counts in the total only.
            const std::size_t source = static_cast<std::size_t>(chunk[i].source) - 1;
            Count(impact.total, before, after);
            if (source < kSources) Count(by_source[source], before, after);
            if (before == after) continue;
            std::vector<ImpactSample>& samples = after > before ? gains : losses;
            if (samples.size() < samples_each) samples.push_back({begin + i, before, after});
        }
    }

    for (std::size_t source = 0; source < kSources; ++source)
        if (by_source[source].leads > 0) impact.by_source.emplace_back(static_cast<Source>(source), by_source[source]);
    impact.samples = std::move(gains);
    impact.samples.insert(impact.samples.end(), losses.begin(), losses.end());
    return impact;
}

}  // namespace tandem
