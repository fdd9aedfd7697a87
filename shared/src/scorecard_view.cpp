// JSON of the scorecard response, and its CSV export.
#include "tandem/scorecard_view.h"

#include <nlohmann/json.hpp>

#include "tandem/codec.h"
#include "tandem/csv.h"

namespace tandem {

nlohmann::json ToJson(const ScorecardView& view) {
    nlohmann::json launching = nlohmann::json::array();
    for (const Campaign& campaign : view.launching) launching.push_back(ToJson(campaign));
    nlohmann::json as_if = nullptr;
    if (view.as_if)
        as_if = {{"version", view.as_if->version}, {"actual", ToJson(view.as_if->actual)}, {"as_if", ToJson(view.as_if->as_if)}};
    return {{"from", FormatDate(view.from)},
            {"to", FormatDate(view.to)},
            {"now", FormatTimestamp(view.now)},
            {"sla_hours", view.sla_hours},
            {"as_if", as_if},
            {"scorecard", ToJson(view.scorecard)},
            {"previous", ToJson(view.previous)},
            {"definition", view.definition ? ToJson(*view.definition) : nlohmann::json(nullptr)},
            {"launching", launching},
            {"versions", view.versions}};
}

ScorecardView ScorecardViewFromJson(const nlohmann::json& in) {
    ScorecardView view;
    ObjectReader reader(in, "");
    reader.RequiredDate("from", view.from);
    reader.RequiredDate("to", view.to);
    if (const nlohmann::json* now = reader.Member("now")) view.now = ReadTimestamp(*now, "now");
    reader.Required("sla_hours", view.sla_hours);
    if (const nlohmann::json* as_if = reader.Member("as_if"); as_if && !as_if->is_null()) {
        ObjectReader comparison(*as_if, "as_if");
        AsIfComparison& out = view.as_if.emplace();
        comparison.Required("version", out.version);
        if (const nlohmann::json* actual = comparison.Member("actual")) out.actual = ScorecardFromJson(*actual);
        if (const nlohmann::json* scorecard = comparison.Member("as_if")) out.as_if = ScorecardFromJson(*scorecard);
        comparison.Finish();
    }
    if (const nlohmann::json* scorecard = reader.Member("scorecard")) view.scorecard = ScorecardFromJson(*scorecard);
    if (const nlohmann::json* previous = reader.Member("previous")) view.previous = ScorecardFromJson(*previous);
    if (const nlohmann::json* definition = reader.Member("definition"); definition && !definition->is_null())
        view.definition = DefinitionFromServerJson(*definition);
    if (const nlohmann::json* launching = reader.Member("launching")) {
        if (!launching->is_array()) throw DecodeError("launching", "expected a list");
        for (const nlohmann::json& campaign : *launching) view.launching.push_back(CampaignFromServerJson(campaign));
    }
    reader.Optional("versions", view.versions);
    reader.Finish();
    return view;
}

std::string ScorecardCsv(const ScorecardView& view) {
    // Columns follow the JSON of a Kpis object, so the export names figures as the API does.
    nlohmann::json scorecard = ToJson(view.scorecard);
    auto flatten = [](const nlohmann::json& kpis) {
        std::vector<std::pair<std::string, std::string>> cells;
        for (auto it = kpis.begin(); it != kpis.end(); ++it) {
            if (it->is_object()) {
                for (auto inner = it->begin(); inner != it->end(); ++inner)
                    cells.emplace_back(it.key() + "_" + inner.key(), inner->dump());
            } else {
                cells.emplace_back(it.key(), it->is_null() ? "" : it->dump());
            }
        }
        return cells;
    };
    std::string out;
    std::vector<std::pair<std::string, std::string>> total = flatten(scorecard["total"]);
    std::vector<std::string> header = {"period_from", "period_to", "group"};
    for (const auto& [name, value] : total) header.push_back(name);
    AppendCsvRow(out, header);
    auto row = [&](const std::string& group, const nlohmann::json& kpis) {
        std::vector<std::string> fields = {FormatDate(view.from), FormatDate(view.to), group};
        for (const auto& [name, value] : flatten(kpis)) fields.push_back(value);
        AppendCsvRow(out, fields);
    };
    row("total", scorecard["total"]);
    for (const nlohmann::json& group : scorecard["groups"]) row(group["name"].get<std::string>(), group["kpis"]);
    return out;
}

}  // namespace tandem
