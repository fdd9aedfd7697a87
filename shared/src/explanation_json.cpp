// A lead's score explained criterion by criterion, and its JSON.
#include <cmath>

#include "tandem/codec.h"
#include "tandem/explanation.h"

namespace tandem {

namespace {

// Whole scores print as 35, not 35.0 (as in lead_json.cpp).
nlohmann::json Number(double value) {
    if (value == std::floor(value) && std::abs(value) <= static_cast<double>(kMaxSafeInteger))
        return static_cast<std::int64_t>(value);
    return value;
}

nlohmann::json ResultsJson(const std::vector<CriterionResult>& results) {
    nlohmann::json out = nlohmann::json::array();
    for (const CriterionResult& result : results)
        out.push_back({{"id", result.id}, {"matched", result.matched}, {"points", Number(result.points)}});
    return out;
}

// One result per criterion of `criteria`, with the same id in the same place.
std::vector<CriterionResult> ReadResults(const nlohmann::json& in, const std::string& path,
                                         const std::vector<Criterion>& criteria) {
    if (!in.is_array()) throw DecodeError(path, "expected a list");
    if (in.size() != criteria.size())
        throw DecodeError(path, "expected " + std::to_string(criteria.size()) + " results, one per criterion");
    std::vector<CriterionResult> out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        std::string item_path = path + "[" + std::to_string(i) + "]";
        ObjectReader reader(in[i], item_path);
        CriterionResult result;
        reader.Required("id", result.id);
        reader.Required("matched", result.matched);
        reader.Required("points", result.points);
        reader.Finish();
        if (result.id != criteria[i].id)
            throw DecodeError(item_path + ".id", "expected '" + criteria[i].id + "', the criterion in this place");
        out.push_back(std::move(result));
    }
    return out;
}

}  // namespace

LeadExplanation ExplainLead(std::int64_t definition_version, const DefinitionRules& rules, const Lead& lead, Timestamp now) {
    LeadExplanation explanation;
    explanation.lead_id = lead.id;
    explanation.definition_version = definition_version;
    explanation.evaluated_at = now;
    explanation.decay_factor = DecayFactor(rules.decay, lead, now);
    explanation.rules = rules;
    explanation.evaluation = Evaluate(rules, lead, now);
    return explanation;
}

nlohmann::json ToJson(const LeadExplanation& explanation) {
    const Evaluation& evaluation = explanation.evaluation;
    return {{"lead_id", explanation.lead_id},
            {"definition_version", explanation.definition_version},
            {"evaluated_at", FormatTimestamp(explanation.evaluated_at)},
            {"decay_factor", Number(explanation.decay_factor)},
            {"rules", ToJson(explanation.rules)},
            {"fit", Number(evaluation.fit)},
            {"engagement", Number(evaluation.engagement)},
            {"total", Number(evaluation.total)},
            {"level", std::string(ToString(evaluation.level))},
            {"results",
             {{"fit", ResultsJson(evaluation.fit_results)},
              {"engagement", ResultsJson(evaluation.engagement_results)},
              {"sales_ready", ResultsJson(evaluation.sales_ready_results)}}}};
}

LeadExplanation ExplanationFromServerJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    LeadExplanation explanation;
    reader.Required("lead_id", explanation.lead_id);
    reader.Required("definition_version", explanation.definition_version);
    const nlohmann::json* evaluated_at = reader.Member("evaluated_at");
    if (!evaluated_at) throw DecodeError("evaluated_at", "required");
    explanation.evaluated_at = ReadTimestamp(*evaluated_at, "evaluated_at");
    reader.Required("decay_factor", explanation.decay_factor);
    if (!(explanation.decay_factor >= 0 && explanation.decay_factor <= 1))
        throw DecodeError("decay_factor", "must be 0 to 1");
    const nlohmann::json* rules = reader.Member("rules");
    if (!rules) throw DecodeError("rules", "required");
    explanation.rules = RulesFromJson(*rules, "rules");
    Evaluation& evaluation = explanation.evaluation;
    reader.Required("fit", evaluation.fit);
    reader.Required("engagement", evaluation.engagement);
    reader.Required("total", evaluation.total);
    reader.Required("level", evaluation.level);
    const nlohmann::json* results = reader.Member("results");
    if (!results) throw DecodeError("results", "required");
    ObjectReader lists(*results, "results");
    auto list = [&](const char* key, const std::vector<Criterion>& criteria) {
        const nlohmann::json* member = lists.Member(key);
        if (!member) throw DecodeError(lists.PathOf(key), "required");
        return ReadResults(*member, lists.PathOf(key), criteria);
    };
    evaluation.fit_results = list("fit", explanation.rules.fit);
    evaluation.engagement_results = list("engagement", explanation.rules.engagement);
    evaluation.sales_ready_results = list("sales_ready", explanation.rules.sales_ready);
    lists.Finish();
    reader.Finish();
    return explanation;
}

}  // namespace tandem
