// The demo's six users and the two versions of the lead definition they signed, and the facts of
// those versions the lead generator has to honour (target industries, the sales-ready bar).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "demo/demo_story.h"
#include "tandem/definition.h"
#include "tandem/user.h"

namespace tandem::demo {

// The industries both versions' fit criteria target.
inline constexpr std::string_view kTargetIndustries[] = {"software", "fintech", "healthcare", "manufacturing", "retail",
                                                         "logistics"};

// The sales-ready bar of each version: what a hand-over needs. v2 is the tightening sales asked for.
struct SalesReadyBar {
    std::int64_t budget_usd;
    std::int64_t timeline_months;
    bool phone;
};
inline constexpr SalesReadyBar kBarV1 = {5000, 12, false};
inline constexpr SalesReadyBar kBarV2 = {10000, 6, true};
inline const SalesReadyBar& BarOf(int version) { return version >= 2 ? kBarV2 : kBarV1; }

std::vector<User> DemoUsers(const Clock& clock);
// The active version's rules.
DefinitionRules RulesV2();
// v1 (retired) and v2 (active), with their proposals and sign-offs.
std::vector<LeadDefinition> DemoDefinitions(const Clock& clock);

}  // namespace tandem::demo
