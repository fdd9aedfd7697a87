// The lead facts the definition editor's impact preview needs, shipped to the browser as one
// compact columnar JSON document (texts dictionary-encoded), so the preview runs in WASM on every
// keystroke without asking the server.
#pragma once

#include <span>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "tandem/lead.h"

namespace tandem {

// Only what criteria can test survives: id, source, industry, country, title, company, whether a
// phone is known (as "1"), company_size, budget_usd, authority, need, timeline_months, the
// engagement counters, demo_requested, last_activity_at and created_at.
nlohmann::json FactsTableToJson(std::span<const Lead> leads);
std::vector<Lead> FactsTableFromJson(const nlohmann::json& in);

}  // namespace tandem
