// JSON for lead definitions: criteria checked against the field they test, the rules, versions.
#include <algorithm>
#include <cmath>

#include "tandem/codec.h"
#include "tandem/definition.h"

namespace tandem {

namespace {

constexpr std::size_t kMaxIdChars = 64;
constexpr std::size_t kMaxLabelBytes = 200;
// Lead text facts hold at most 200 bytes, so a longer value could never match.
constexpr std::size_t kMaxValueBytes = 200;
constexpr int kMaxPoints = 1000;
constexpr int kMaxThreshold = 10000;
constexpr int kMaxDecayDays = 3650;

template <class E>
std::string Name(E value) {
    return std::string(ToString(value));
}

// Criterion values are doubles but mostly whole; write 10000, not 10000.0, as people typed it.
nlohmann::json Number(double value) {
    if (value == std::floor(value) && std::abs(value) <= static_cast<double>(kMaxSafeInteger))
        return static_cast<std::int64_t>(value);
    return value;
}

void CheckRange(std::int64_t value, std::int64_t min, std::int64_t max, const std::string& path) {
    if (value < min) throw DecodeError(path, "must be at least " + std::to_string(min));
    if (value > max) throw DecodeError(path, "must be at most " + std::to_string(max));
}

std::string Join(std::span<const std::string_view> names) {
    std::string out;
    for (std::string_view name : names) {
        if (!out.empty()) out += ", ";
        out += name;
    }
    return out;
}

std::string FieldNames() {
    std::string out;
    for (const FieldInfo& field : CriterionFields()) {
        if (!out.empty()) out += ", ";
        out += field.name;
    }
    return out;
}

// What a value of the wrong type is told: "budget_usd is a number".
std::string Expectation(const FieldInfo& field) {
    std::string name(field.name);
    switch (field.kind) {
    case FieldKind::Number: return name + " is a number";
    case FieldKind::Text: return name + " is text";
    case FieldKind::Choice: return name + " is one of: " + Join(field.choices);
    case FieldKind::Flag: return name + " is true or false";
    }
    return name;
}

// The kind ToJson writes values as; a criterion on a field nobody knows keeps what it holds.
FieldKind KindOf(const Criterion& criterion) {
    if (const FieldInfo* field = FindField(criterion.field)) return field->kind;
    if (criterion.value.flag) return FieldKind::Flag;
    return criterion.value.numbers.empty() ? FieldKind::Text : FieldKind::Number;
}

nlohmann::json ValueToJson(const Criterion& criterion) {
    const CriterionValue& value = criterion.value;
    FieldKind kind = KindOf(criterion);
    auto list = [&] {
        nlohmann::json out = nlohmann::json::array();
        if (kind == FieldKind::Number) {
            for (double number : value.numbers) out.push_back(Number(number));
        } else {
            for (const std::string& text : value.texts) out.push_back(text);
        }
        return out;
    };
    switch (criterion.op) {
    case Op::Exists: return nullptr;
    case Op::Between:
    case Op::In:
    case Op::NotIn: return list();
    case Op::Eq:
    case Op::Neq:
    case Op::Gte:
    case Op::Lte: break;
    }
    switch (kind) {
    case FieldKind::Number: return value.numbers.empty() ? nlohmann::json(nullptr) : Number(value.numbers.front());
    case FieldKind::Text:
    case FieldKind::Choice: return value.texts.empty() ? nlohmann::json(nullptr) : nlohmann::json(value.texts.front());
    case FieldKind::Flag: return value.flag ? nlohmann::json(*value.flag) : nlohmann::json(nullptr);
    }
    return nullptr;
}

// One value of the field's type, appended to `out`.
void ReadScalar(const nlohmann::json& in, const std::string& path, const FieldInfo& field, CriterionValue& out) {
    switch (field.kind) {
    case FieldKind::Number: {
        if (!in.is_number()) throw DecodeError(path, Expectation(field));
        double number = 0;
        ReadValue(in, path, number);
        out.numbers.push_back(number);
        return;
    }
    case FieldKind::Text:
    case FieldKind::Choice: {
        if (!in.is_string()) throw DecodeError(path, Expectation(field));
        // Lead text facts are stored trimmed; choices are names and must be written exactly.
        std::string text = field.kind == FieldKind::Text ? Trim(in.get_ref<const std::string&>())
                                                         : in.get<std::string>();
        if (text.empty()) throw DecodeError(path, "must not be empty");
        if (text.size() > kMaxValueBytes)
            throw DecodeError(path, "too long (at most " + std::to_string(kMaxValueBytes) + " bytes)");
        if (field.kind == FieldKind::Choice &&
            std::find(field.choices.begin(), field.choices.end(), text) == field.choices.end()) {
            throw DecodeError(path, "unknown value '" + text + "' for " + std::string(field.name) +
                                        " (expected one of: " + Join(field.choices) + ")");
        }
        out.texts.push_back(std::move(text));
        return;
    }
    case FieldKind::Flag:
        if (!in.is_boolean()) throw DecodeError(path, Expectation(field));
        out.flag = in.get<bool>();
        return;
    }
}

CriterionValue ReadCriterionValue(const nlohmann::json* in, const std::string& path, const FieldInfo& field, Op op) {
    CriterionValue value;
    if (op == Op::Exists) {
        if (in && !in->is_null()) throw DecodeError(path, "exists takes no value");
        return value;
    }
    if (!in) throw DecodeError(path, "required");
    switch (op) {
    case Op::Between:
        if (!in->is_array() || in->size() != 2) throw DecodeError(path, "expected [low, high]");
        ReadScalar((*in)[0], path + "[0]", field, value);
        ReadScalar((*in)[1], path + "[1]", field, value);
        if (value.numbers[0] > value.numbers[1]) throw DecodeError(path, "low is above high");
        break;
    case Op::In:
    case Op::NotIn:
        if (!in->is_array()) throw DecodeError(path, "expected a list");
        if (in->empty()) throw DecodeError(path, "expected at least one value");
        for (std::size_t i = 0; i < in->size(); ++i)
            ReadScalar((*in)[i], path + "[" + std::to_string(i) + "]", field, value);
        break;
    default: ReadScalar(*in, path, field, value); break;
    }
    return value;
}

void CheckOp(Op op, const FieldInfo& field, const std::string& path) {
    bool ordered = op == Op::Gte || op == Op::Lte || op == Op::Between;
    if (ordered && field.kind != FieldKind::Number) {
        const char* kind = field.kind == FieldKind::Flag     ? "true or false"
                           : field.kind == FieldKind::Choice ? "a choice"
                                                             : "text";
        throw DecodeError(path, Name(op) + " needs a number field; " + std::string(field.name) + " is " + kind);
    }
    if (field.kind == FieldKind::Flag && op != Op::Eq && op != Op::Exists)
        throw DecodeError(path, std::string(field.name) + " takes only eq or exists");
    // Whether a lead can be called matters for qualification; what the number is does not, and
    // the fast scorer keeps only whether one is known.
    if (field.name == "phone" && op != Op::Exists) throw DecodeError(path, "phone takes only exists");
}

void CheckId(const std::string& id, const std::string& path) {
    if (id.empty()) throw DecodeError(path, "must not be empty");
    if (id.size() > kMaxIdChars) throw DecodeError(path, "too long (at most " + std::to_string(kMaxIdChars) + " characters)");
    for (char c : id) {
        bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!allowed) throw DecodeError(path, "only a-z, 0-9, _ and - are allowed");
    }
}

Criterion ReadCriterion(const nlohmann::json& in, const std::string& path) {
    ObjectReader reader(in, path);
    Criterion criterion;
    reader.Required("id", criterion.id);
    CheckId(criterion.id, reader.PathOf("id"));
    if (const nlohmann::json* label = reader.Member("label"); label && !label->is_null()) {
        ReadValue(*label, reader.PathOf("label"), criterion.label);
        criterion.label = Trim(criterion.label);
        if (criterion.label.size() > kMaxLabelBytes)
            throw DecodeError(reader.PathOf("label"), "too long (at most " + std::to_string(kMaxLabelBytes) + " bytes)");
    }
    reader.Required("field", criterion.field);
    const FieldInfo* field = FindField(criterion.field);
    if (!field) {
        throw DecodeError(reader.PathOf("field"),
                          "unknown value '" + criterion.field + "' (expected one of: " + FieldNames() + ")");
    }
    reader.Required("op", criterion.op);
    CheckOp(criterion.op, *field, reader.PathOf("op"));
    criterion.value = ReadCriterionValue(reader.Member("value"), reader.PathOf("value"), *field, criterion.op);
    reader.Optional("points", criterion.points);
    CheckRange(criterion.points, -kMaxPoints, kMaxPoints, reader.PathOf("points"));
    reader.Finish();
    return criterion;
}

// Ids are unique across all three lists: feedback and explanations name a criterion by id alone.
void ReadCriteria(ObjectReader& reader, std::string_view key, std::vector<std::string>& ids,
                  std::vector<Criterion>& out) {
    const nlohmann::json* list = reader.Member(key);
    if (!list) return;
    std::string path = reader.PathOf(key);
    if (!list->is_array()) throw DecodeError(path, "expected a list");
    for (std::size_t i = 0; i < list->size(); ++i) {
        std::string item_path = path + "[" + std::to_string(i) + "]";
        Criterion criterion = ReadCriterion((*list)[i], item_path);
        if (std::find(ids.begin(), ids.end(), criterion.id) != ids.end())
            throw DecodeError(item_path + ".id", "duplicate id '" + criterion.id + "'");
        ids.push_back(criterion.id);
        out.push_back(std::move(criterion));
    }
}

void ReadCap(ObjectReader& reader, std::string_view key, std::optional<int>& out) {
    reader.Optional(key, out);
    if (out) CheckRange(*out, 0, 1'000'000'000, reader.PathOf(key));
}

Decay ReadDecay(const nlohmann::json& in, const std::string& path) {
    ObjectReader reader(in, path);
    Decay decay;
    reader.Required("kind", decay.kind);
    reader.Optional("days", decay.days);
    // Days mean nothing without decay, but are kept so switching decay back on restores them.
    CheckRange(decay.days, decay.kind == DecayKind::None ? 0 : 1, kMaxDecayDays, reader.PathOf("days"));
    reader.Finish();
    return decay;
}

nlohmann::json CriteriaToJson(const std::vector<Criterion>& criteria) {
    nlohmann::json out = nlohmann::json::array();
    for (const Criterion& criterion : criteria) out.push_back(ToJson(criterion));
    return out;
}

}  // namespace

nlohmann::json ToJson(const Criterion& criterion) {
    nlohmann::json out = {
        {"id", criterion.id},
        {"label", criterion.label},
        {"field", criterion.field},
        {"op", Name(criterion.op)},
        {"value", ValueToJson(criterion)},
        {"points", criterion.points},
    };
    return out;
}

nlohmann::json ToJson(const DefinitionRules& rules) {
    nlohmann::json out = {
        {"fit", CriteriaToJson(rules.fit)},
        {"engagement", CriteriaToJson(rules.engagement)},
        {"sales_ready", CriteriaToJson(rules.sales_ready)},
        {"mql_threshold", rules.mql_threshold},
        {"fit_cap", OrNull(rules.fit_cap)},
        {"engagement_cap", OrNull(rules.engagement_cap)},
        {"decay", {{"kind", Name(rules.decay.kind)}, {"days", rules.decay.days}}},
    };
    return out;
}

nlohmann::json ToJson(const LeadDefinition& definition) {
    nlohmann::json approvals = nlohmann::json::array();
    for (const Approval& approval : definition.approvals) {
        approvals.push_back(
            {{"user_id", approval.user_id}, {"role", Name(approval.role)}, {"at", FormatTimestamp(approval.at)}});
    }
    nlohmann::json out = {
        {"version", definition.version},
        {"status", Name(definition.status)},
        {"summary", definition.summary},
        {"rules", ToJson(definition.rules)},
        {"review_by", definition.review_by ? nlohmann::json(FormatDate(*definition.review_by)) : nlohmann::json(nullptr)},
        {"created_at", FormatTimestamp(definition.created_at)},
        {"created_by", OrNull(definition.created_by)},
        {"proposed_at", TimestampOrNull(definition.proposed_at)},
        {"activated_at", TimestampOrNull(definition.activated_at)},
        {"retired_at", TimestampOrNull(definition.retired_at)},
        {"approvals", std::move(approvals)},
    };
    return out;
}

DefinitionRules RulesFromJson(const nlohmann::json& in, const std::string& path) {
    ObjectReader reader(in, path);
    DefinitionRules rules;
    std::vector<std::string> ids;
    ReadCriteria(reader, "fit", ids, rules.fit);
    ReadCriteria(reader, "engagement", ids, rules.engagement);
    ReadCriteria(reader, "sales_ready", ids, rules.sales_ready);
    reader.Optional("mql_threshold", rules.mql_threshold);
    CheckRange(rules.mql_threshold, 0, kMaxThreshold, reader.PathOf("mql_threshold"));
    ReadCap(reader, "fit_cap", rules.fit_cap);
    ReadCap(reader, "engagement_cap", rules.engagement_cap);
    if (const nlohmann::json* decay = reader.Member("decay")) rules.decay = ReadDecay(*decay, reader.PathOf("decay"));
    reader.Finish();
    return rules;
}

// Outside the anonymous namespace: ObjectReader::Required, a template of codec.h, finds readers of
// our own types only by argument-dependent lookup, which looks in tandem but not in a namespace
// nested in it.
static void ReadValue(const nlohmann::json& in, const std::string& path, DefinitionRules& out) {
    out = RulesFromJson(in, path);
}

static void ReadValue(const nlohmann::json& in, const std::string& path, Approval& out) {
    ObjectReader reader(in, path);
    reader.Required("user_id", out.user_id);
    reader.Required("role", out.role);
    reader.OptionalTimestamp("at", out.at);
    reader.Finish();
}

LeadDefinition DefinitionFromServerJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    LeadDefinition definition;
    reader.Required("version", definition.version);
    reader.Required("status", definition.status);
    reader.Required("summary", definition.summary);
    reader.Required("rules", definition.rules);
    reader.OptionalDate("review_by", definition.review_by);
    reader.OptionalTimestamp("created_at", definition.created_at);
    reader.Required("created_by", definition.created_by);
    reader.OptionalTimestamp("proposed_at", definition.proposed_at);
    reader.OptionalTimestamp("activated_at", definition.activated_at);
    reader.OptionalTimestamp("retired_at", definition.retired_at);
    reader.Required("approvals", definition.approvals);
    reader.Finish();
    return definition;
}

}  // namespace tandem
