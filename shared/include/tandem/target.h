// Targets, one row per calendar month; a period's target is the months it covers, pro-rated by
// days. The response-time SLA is a setting.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>
namespace tandem {

struct MonthlyTarget {
    std::string month;                      // "2026-11"
    std::optional<std::int64_t> leads;      // marketing's volume commitments
    std::optional<std::int64_t> mqls;
    std::optional<std::int64_t> sqls;
    std::optional<std::int64_t> revenue;    // whole USD
    std::optional<double> acceptance_rate;  // marketing's quality commitment, 0..1
};

struct SlaSettings {
    int first_response_hours = 24;
};

// JSON (src/target_json.cpp). Amounts >= 0; acceptance_rate within 0..1; month "YYYY-MM".
nlohmann::json ToJson(const MonthlyTarget& target);
MonthlyTarget MonthlyTargetFromJson(const nlohmann::json& in);
nlohmann::json ToJson(const SlaSettings& settings);
SlaSettings SlaSettingsFromJson(const nlohmann::json& in);   // 1..720 hours

}  // namespace tandem
