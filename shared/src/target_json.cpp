// JSON for monthly targets and the response-time SLA setting.
#include "tandem/codec.h"
#include "tandem/target.h"

namespace tandem {

namespace {

constexpr int kMaxResponseHours = 720;   // thirty days

void ReadAmount(ObjectReader& reader, std::string_view key, std::optional<std::int64_t>& out) {
    reader.Optional(key, out);
    if (out && *out < 0) throw DecodeError(reader.PathOf(key), "must be at least 0");
}

// "YYYY-MM" with a real month; the first of the month must be a date ParseDate accepts.
bool IsMonth(const std::string& text) {
    return text.size() == 7 && ParseDate(text + "-01").has_value();
}

}  // namespace

nlohmann::json ToJson(const MonthlyTarget& target) {
    nlohmann::json out = {
        {"month", target.month},
        {"leads", OrNull(target.leads)},
        {"mqls", OrNull(target.mqls)},
        {"sqls", OrNull(target.sqls)},
        {"revenue", OrNull(target.revenue)},
        {"acceptance_rate", OrNull(target.acceptance_rate)},
    };
    return out;
}

MonthlyTarget MonthlyTargetFromJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    MonthlyTarget target;
    reader.Required("month", target.month);
    if (!IsMonth(target.month)) throw DecodeError("month", "not a month (YYYY-MM): '" + target.month + "'");
    ReadAmount(reader, "leads", target.leads);
    ReadAmount(reader, "mqls", target.mqls);
    ReadAmount(reader, "sqls", target.sqls);
    ReadAmount(reader, "revenue", target.revenue);
    reader.Optional("acceptance_rate", target.acceptance_rate);
    if (target.acceptance_rate && (*target.acceptance_rate < 0 || *target.acceptance_rate > 1))
        throw DecodeError("acceptance_rate", "must be between 0 and 1");
    reader.Finish();
    return target;
}

nlohmann::json ToJson(const SlaSettings& settings) {
    nlohmann::json out = {{"first_response_hours", settings.first_response_hours}};
    return out;
}

SlaSettings SlaSettingsFromJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    SlaSettings settings;
    reader.Required("first_response_hours", settings.first_response_hours);
    if (settings.first_response_hours < 1) throw DecodeError("first_response_hours", "must be at least 1");
    if (settings.first_response_hours > kMaxResponseHours)
        throw DecodeError("first_response_hours", "must be at most " + std::to_string(kMaxResponseHours));
    reader.Finish();
    return settings;
}

}  // namespace tandem
