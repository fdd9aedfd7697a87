// What activating a proposed version would do now, for the leader who signs second: each lead's
// level under the active rules and under the proposal (on today's facts), the stage moves that
// follow as activation makes them (AutoStage), and the inboxes the leads handed to sales land in,
// each with a fresh SLA clock.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "tandem/evaluate.h"
#include "tandem/kpi.h"

namespace tandem {

struct ActivationInbox {
    std::int64_t owner_id = 0;         // 0: unassigned
    std::int64_t leads = 0;

    bool operator==(const ActivationInbox&) const = default;
};

struct ActivationPreview {
    std::int64_t version = 0;
    std::int64_t leads = 0;
    // levels[before][after]: leads by level under the active rules and under the proposal.
    std::array<std::array<std::int64_t, 3>, 3> levels{};
    std::int64_t to_new = 0;           // taken back to new: no longer qualified
    std::int64_t to_mql = 0;
    std::int64_t to_sales_ready = 0;   // handed to sales at once
    std::vector<ActivationInbox> inboxes;   // of the leads handed to sales, by owner, most first
};

ActivationPreview PreviewActivation(const CompiledRules& active, const CompiledRules& proposed,
                                    std::span<const FunnelLead> leads, std::span<const LeadFacts> facts, Timestamp now);

nlohmann::json ToJson(const ActivationPreview& preview);
ActivationPreview ActivationPreviewFromJson(const nlohmann::json& in);

}  // namespace tandem
