// A marketing campaign on the coordination calendar, with the segment it targets.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>
#include "tandem/enums.h"
#include "tandem/time.h"

namespace tandem {

// Who a campaign targets. An empty list means "all"; absent size bounds mean "any size".
struct Segment {
    std::vector<std::string> industries;
    std::optional<std::int64_t> company_size_min;
    std::optional<std::int64_t> company_size_max;
    std::vector<std::string> titles;      // titles or personas
    std::vector<std::string> regions;

    bool operator==(const Segment&) const = default;
};

struct Campaign {
    std::int64_t id = 0;
    std::string name;
    CampaignType type = CampaignType::Other;
    CampaignStatus status = CampaignStatus::Planned;
    Date start = 0;                        // inclusive
    Date end = 0;                          // inclusive
    std::optional<std::int64_t> owner_id;
    Segment segment;
    std::string offer;
    std::optional<std::int64_t> goal_leads;
    std::string description;
    std::string sales_notes;
    Timestamp created_at = 0;
    Timestamp updated_at = 0;
    std::int64_t revision = 1;
};

// JSON (src/campaign_json.cpp). Dates are "YYYY-MM-DD".
nlohmann::json ToJson(const Campaign& campaign);
// Writable fields (create, or existing merged with a PATCH); end >= start; name required and
// non-empty; size bounds >= 0 and min <= max; goal_leads >= 0. Refuses read-only and unknown members.
Campaign CampaignFromJson(const nlohmann::json& in);
std::span<const std::string_view> CampaignReadOnlyFields();   // id, created_at, updated_at, revision
// What the server sends (ToJson's output), for the dashboard: the writable members under
// CampaignFromJson's rules, then the read-only ones; unknown members are refused.
Campaign CampaignFromServerJson(const nlohmann::json& in);

}  // namespace tandem
