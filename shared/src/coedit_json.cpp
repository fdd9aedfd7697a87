// JSON for co-editing the definition draft: ops, the batches editors send, the batches the server
// accepts and broadcasts, and the draft document itself. Decoding is strict and names the field.
#include <algorithm>
#include <iterator>

#include "tandem/codec.h"
#include "tandem/coedit.h"

namespace tandem {

namespace {

constexpr std::pair<DraftOp::Kind, std::string_view> kKinds[] = {
    {DraftOp::Kind::SetProperty, "set_property"},       {DraftOp::Kind::SetCriterion, "set_criterion"},
    {DraftOp::Kind::AddCriterion, "add_criterion"},     {DraftOp::Kind::RemoveCriterion, "remove_criterion"},
    {DraftOp::Kind::MoveCriterion, "move_criterion"},
};

constexpr std::pair<CriteriaList, std::string_view> kLists[] = {
    {CriteriaList::Fit, "fit"}, {CriteriaList::Engagement, "engagement"}, {CriteriaList::SalesReady, "sales_ready"}};

constexpr std::string_view kProperties[] = {"summary", "review_by", "mql_threshold", "fit_cap", "engagement_cap", "decay"};

// Same limit as ApplyOp's (coedit.cpp): a document the server sends passed it.
constexpr std::size_t kMaxSummaryBytes = 2000;
// An editor's replica sends at most 500 ops a batch; the rest is headroom.
constexpr std::size_t kMaxOpsPerBatch = 1000;
constexpr std::size_t kMaxClientIdChars = 100;
constexpr std::size_t kMaxCriterionIdChars = 64;

template <class T, std::size_t N>
std::string NameOf(const std::pair<T, std::string_view> (&names)[N], T value) {
    for (const auto& entry : names)
        if (entry.first == value) return std::string(entry.second);
    return std::string(names[0].second);
}

template <class T, std::size_t N>
std::string Choices(const std::pair<T, std::string_view> (&names)[N]) {
    std::string out;
    for (const auto& entry : names) {
        if (!out.empty()) out += ", ";
        out += entry.second;
    }
    return out;
}

template <class T, std::size_t N>
T ReadName(ObjectReader& reader, std::string_view key, const std::pair<T, std::string_view> (&names)[N]) {
    std::string name;
    reader.Required(key, name);
    for (const auto& entry : names)
        if (entry.second == name) return entry.first;
    throw DecodeError(reader.PathOf(key), "unknown value '" + name + "' (expected one of: " + Choices(names) + ")");
}

void ReadAtLeast(ObjectReader& reader, std::string_view key, std::int64_t min, std::int64_t& out) {
    reader.Required(key, out);
    if (out < min) throw DecodeError(reader.PathOf(key), "must be at least " + std::to_string(min));
}

std::string ReadId(ObjectReader& reader, std::string_view key, std::size_t max_chars) {
    std::string id;
    reader.Required(key, id);
    if (id.empty()) throw DecodeError(reader.PathOf(key), "must not be empty");
    if (id.size() > max_chars)
        throw DecodeError(reader.PathOf(key), "too long (at most " + std::to_string(max_chars) + " characters)");
    return id;
}

const nlohmann::json& RequiredMember(ObjectReader& reader, std::string_view key) {
    const nlohmann::json* member = reader.Member(key);
    if (!member) throw DecodeError(reader.PathOf(key), "required");
    return *member;
}

const nlohmann::json& RequiredObject(ObjectReader& reader, std::string_view key) {
    const nlohmann::json& member = RequiredMember(reader, key);
    if (!member.is_object()) throw DecodeError(reader.PathOf(key), "expected an object");
    return member;
}

std::vector<DraftOp> ReadOps(ObjectReader& reader, bool allow_empty) {
    const nlohmann::json& ops = RequiredMember(reader, "ops");
    const std::string path = reader.PathOf("ops");
    if (!ops.is_array()) throw DecodeError(path, "expected a list");
    if (!allow_empty && ops.empty()) throw DecodeError(path, "expected at least one op");
    if (ops.size() > kMaxOpsPerBatch)
        throw DecodeError(path, "too many ops (at most " + std::to_string(kMaxOpsPerBatch) + ")");
    std::vector<DraftOp> out;
    out.reserve(ops.size());
    for (std::size_t i = 0; i < ops.size(); ++i) out.push_back(DraftOpFromJson(ops[i], path + "[" + std::to_string(i) + "]"));
    return out;
}

nlohmann::json OpsToJson(const std::vector<DraftOp>& ops) {
    nlohmann::json out = nlohmann::json::array();
    for (const DraftOp& op : ops) out.push_back(ToJson(op));
    return out;
}

}  // namespace

// Each kind carries only its own members; any other member is refused as unknown.
nlohmann::json ToJson(const DraftOp& op) {
    nlohmann::json out = {{"kind", NameOf(kKinds, op.kind)}};
    switch (op.kind) {
    case DraftOp::Kind::SetProperty:
        out["property"] = op.property;
        out["value"] = op.value;
        break;
    case DraftOp::Kind::SetCriterion:
        out["criterion_id"] = op.criterion_id;
        out["value"] = op.value;
        break;
    case DraftOp::Kind::AddCriterion:
        out["list"] = NameOf(kLists, op.list);
        out["index"] = op.index;
        out["value"] = op.value;
        break;
    case DraftOp::Kind::RemoveCriterion: out["criterion_id"] = op.criterion_id; break;
    case DraftOp::Kind::MoveCriterion:
        out["criterion_id"] = op.criterion_id;
        out["list"] = NameOf(kLists, op.list);
        out["index"] = op.index;
        break;
    }
    return out;
}

// The shape of each op is checked here; whether it applies (a valid value, a criterion that still
// exists) is ApplyOp's answer, given per op when the batch is applied.
DraftOp DraftOpFromJson(const nlohmann::json& in, const std::string& path) {
    ObjectReader reader(in, path);
    DraftOp op;
    op.kind = ReadName(reader, "kind", kKinds);
    auto read_index = [&] {
        reader.Required("index", op.index);
        if (op.index < 0) throw DecodeError(reader.PathOf("index"), "must be at least 0");
    };
    switch (op.kind) {
    case DraftOp::Kind::SetProperty: {
        reader.Required("property", op.property);
        if (std::find(std::begin(kProperties), std::end(kProperties), op.property) == std::end(kProperties)) {
            std::string choices;
            for (std::string_view name : kProperties) choices += (choices.empty() ? "" : ", ") + std::string(name);
            throw DecodeError(reader.PathOf("property"),
                              "unknown value '" + op.property + "' (expected one of: " + choices + ")");
        }
        op.value = RequiredMember(reader, "value");   // null is a value: it clears review_by and caps
        break;
    }
    case DraftOp::Kind::SetCriterion:
        op.criterion_id = ReadId(reader, "criterion_id", kMaxCriterionIdChars);
        op.value = RequiredObject(reader, "value");
        break;
    case DraftOp::Kind::AddCriterion:
        op.list = ReadName(reader, "list", kLists);
        read_index();
        op.value = RequiredObject(reader, "value");
        break;
    case DraftOp::Kind::RemoveCriterion: op.criterion_id = ReadId(reader, "criterion_id", kMaxCriterionIdChars); break;
    case DraftOp::Kind::MoveCriterion:
        op.criterion_id = ReadId(reader, "criterion_id", kMaxCriterionIdChars);
        op.list = ReadName(reader, "list", kLists);
        read_index();
        break;
    }
    reader.Finish();
    return op;
}

nlohmann::json ToJson(const OpBatch& batch) {
    nlohmann::json out = {
        {"client_id", batch.client_id},
        {"client_seq", batch.client_seq},
        {"base_revision", batch.base_revision},
        {"ops", OpsToJson(batch.ops)},
    };
    return out;
}

OpBatch OpBatchFromJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    OpBatch batch;
    batch.client_id = ReadId(reader, "client_id", kMaxClientIdChars);
    ReadAtLeast(reader, "client_seq", 1, batch.client_seq);
    ReadAtLeast(reader, "base_revision", 0, batch.base_revision);
    batch.ops = ReadOps(reader, false);
    reader.Finish();
    return batch;
}

nlohmann::json ToJson(const AcceptedBatch& batch) {
    nlohmann::json dropped = nlohmann::json::array();
    for (const auto& [index, reason] : batch.dropped) dropped.push_back({{"index", index}, {"reason", reason}});
    nlohmann::json out = {
        {"revision", batch.revision},
        {"client_id", batch.client_id},
        {"client_seq", batch.client_seq},
        {"author_id", batch.author_id},
        {"ops", OpsToJson(batch.ops)},
        {"dropped", std::move(dropped)},
    };
    return out;
}

AcceptedBatch AcceptedBatchFromJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    AcceptedBatch batch;
    ReadAtLeast(reader, "revision", 1, batch.revision);
    batch.client_id = ReadId(reader, "client_id", kMaxClientIdChars);
    ReadAtLeast(reader, "client_seq", 1, batch.client_seq);
    ReadAtLeast(reader, "author_id", 0, batch.author_id);
    // Every op of a batch may have been dropped: the batch is still numbered, to answer its author.
    batch.ops = ReadOps(reader, true);
    const nlohmann::json& dropped = RequiredMember(reader, "dropped");
    const std::string path = reader.PathOf("dropped");
    if (!dropped.is_array()) throw DecodeError(path, "expected a list");
    for (std::size_t i = 0; i < dropped.size(); ++i) {
        ObjectReader item(dropped[i], path + "[" + std::to_string(i) + "]");
        std::int64_t index = 0;
        ReadAtLeast(item, "index", 0, index);
        std::string reason;
        item.Required("reason", reason);
        item.Finish();
        batch.dropped.emplace_back(static_cast<std::size_t>(index), std::move(reason));
    }
    reader.Finish();
    return batch;
}

nlohmann::json ToJson(const DraftDocument& document) {
    nlohmann::json out = {
        {"summary", document.summary},
        {"rules", ToJson(document.rules)},
        {"review_by", document.review_by ? nlohmann::json(FormatDate(*document.review_by)) : nlohmann::json(nullptr)},
    };
    return out;
}

DraftDocument DraftDocumentFromJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    DraftDocument document;
    reader.Required("summary", document.summary);
    if (document.summary.size() > kMaxSummaryBytes)
        throw DecodeError("summary", "too long (at most " + std::to_string(kMaxSummaryBytes) + " bytes)");
    document.rules = RulesFromJson(RequiredMember(reader, "rules"), "rules");
    if (!reader.Member("review_by")) throw DecodeError("review_by", "required");
    reader.OptionalDate("review_by", document.review_by);
    reader.Finish();
    return document;
}

}  // namespace tandem
