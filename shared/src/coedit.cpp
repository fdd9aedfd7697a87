// Live co-editing of the definition draft: the one ApplyOp() the server and every editor share,
// the server's batch application, and an editor's replica (confirmed document + own pending edits).
//
// [SECTION] ApplyOp: properties, criteria (validated by RulesFromJson, the one set of rules)
// [SECTION] ApplyBatch
// [SECTION] DraftReplica
#include "tandem/coedit.h"

#include <algorithm>
#include <array>

#include "tandem/codec.h"

namespace tandem {

//-------------------------------------------------------------------------------------------------
// [SECTION] ApplyOp
//-------------------------------------------------------------------------------------------------

namespace {

// What people write about a change fits on a screen; coedit_json.cpp decodes with the same limit.
constexpr std::size_t kMaxSummaryBytes = 2000;

constexpr std::array<std::string_view, 5> kCriterionMembers = {"label", "field", "op", "value", "points"};

std::string ListName(CriteriaList list) {
    switch (list) {
    case CriteriaList::Fit: return "fit";
    case CriteriaList::Engagement: return "engagement";
    case CriteriaList::SalesReady: return "sales_ready";
    }
    return "fit";
}

std::vector<Criterion>& ListOf(DefinitionRules& rules, CriteriaList list) {
    switch (list) {
    case CriteriaList::Fit: return rules.fit;
    case CriteriaList::Engagement: return rules.engagement;
    case CriteriaList::SalesReady: return rules.sales_ready;
    }
    return rules.fit;
}

struct Found {
    CriteriaList list = CriteriaList::Fit;
    std::size_t index = 0;
};

std::optional<Found> FindCriterion(DefinitionRules& rules, const std::string& id) {
    for (CriteriaList list : {CriteriaList::Fit, CriteriaList::Engagement, CriteriaList::SalesReady}) {
        const std::vector<Criterion>& criteria = ListOf(rules, list);
        for (std::size_t i = 0; i < criteria.size(); ++i)
            if (criteria[i].id == id) return Found{list, i};
    }
    return std::nullopt;
}

std::string Removed(const std::string& id) { return "criterion '" + id + "' was removed"; }

std::size_t Clamp(int index, std::size_t size) {
    if (index <= 0) return 0;
    return std::min(static_cast<std::size_t>(index), size);
}

// A criterion as it would stand at `index` of `list`, checked by RulesFromJson: it alone decides
// what a valid criterion is. It is given a list of one, so its errors are renamed to the place the
// criterion takes ("fit[0].value" -> "fit[2].value"). Throws DecodeError.
Criterion CheckedCriterion(const nlohmann::json& candidate, CriteriaList list, std::size_t index) {
    const std::string name = ListName(list);
    nlohmann::json rules = nlohmann::json::object();
    rules[name] = nlohmann::json::array({candidate});
    try {
        DefinitionRules checked = RulesFromJson(rules);
        return std::move(ListOf(checked, list).front());
    } catch (const DecodeError& e) {
        const std::string alone = name + "[0]";
        std::string field = e.Field();
        if (field.compare(0, alone.size(), alone) == 0)
            field = name + "[" + std::to_string(index) + "]" + field.substr(alone.size());
        throw DecodeError(field, e.Problem());
    }
}

void SetProperty(DraftDocument& doc, const std::string& property, const nlohmann::json& value) {
    if (property == "summary") {
        std::string summary;
        ReadValue(value, property, summary);
        if (summary.size() > kMaxSummaryBytes)
            throw DecodeError(property, "too long (at most " + std::to_string(kMaxSummaryBytes) + " bytes)");
        doc.summary = std::move(summary);
        return;
    }
    if (property == "review_by") {
        doc.review_by = value.is_null() ? std::nullopt : std::optional<Date>(ReadDate(value, property));
        return;
    }
    // The rules' own members are checked by RulesFromJson, given only the member that changes.
    if (property == "mql_threshold" || property == "fit_cap" || property == "engagement_cap" || property == "decay") {
        nlohmann::json member = nlohmann::json::object();
        member[property] = value;
        DefinitionRules checked = RulesFromJson(member);
        if (property == "mql_threshold") doc.rules.mql_threshold = checked.mql_threshold;
        else if (property == "fit_cap") doc.rules.fit_cap = checked.fit_cap;
        else if (property == "engagement_cap") doc.rules.engagement_cap = checked.engagement_cap;
        else doc.rules.decay = checked.decay;
        return;
    }
    throw DecodeError("", "unknown property '" + property +
                              "' (expected one of: summary, review_by, mql_threshold, fit_cap, engagement_cap, decay)");
}

OpOutcome SetCriterion(DraftDocument& doc, const std::string& id, const nlohmann::json& changes) {
    std::optional<Found> found = FindCriterion(doc.rules, id);
    if (!found) return Removed(id);
    Criterion& criterion = ListOf(doc.rules, found->list)[found->index];
    const std::string path = ListName(found->list) + "[" + std::to_string(found->index) + "]";
    if (!changes.is_object()) throw DecodeError(path, "expected an object of changes");
    if (changes.empty())
        throw DecodeError(path, "expected at least one of: label, field, op, value, points");
    nlohmann::json candidate = ToJson(criterion);
    for (const auto& [key, value] : changes.items()) {
        if (key == "id") throw DecodeError(path + ".id", "cannot be changed");
        if (std::find(kCriterionMembers.begin(), kCriterionMembers.end(), key) == kCriterionMembers.end())
            throw DecodeError(path + "." + key, "unknown field");
        candidate[key] = value;
    }
    criterion = CheckedCriterion(candidate, found->list, found->index);
    return {};
}

OpOutcome AddCriterion(DraftDocument& doc, CriteriaList list, int index, const nlohmann::json& value) {
    std::vector<Criterion>& criteria = ListOf(doc.rules, list);
    std::size_t at = Clamp(index, criteria.size());
    // Ids are unique across the three lists; say so plainly rather than as a duplicate at some index.
    if (value.is_object()) {
        auto id = value.find("id");
        if (id != value.end() && id->is_string() && FindCriterion(doc.rules, id->get<std::string>()))
            return "criterion '" + id->get<std::string>() + "' already exists";
    }
    Criterion criterion = CheckedCriterion(value, list, at);
    criteria.insert(criteria.begin() + static_cast<std::ptrdiff_t>(at), std::move(criterion));
    return {};
}

OpOutcome MoveCriterion(DraftDocument& doc, const std::string& id, CriteriaList list, int index) {
    std::optional<Found> found = FindCriterion(doc.rules, id);
    if (!found) return Removed(id);
    std::vector<Criterion>& from = ListOf(doc.rules, found->list);
    Criterion criterion = std::move(from[found->index]);
    from.erase(from.begin() + static_cast<std::ptrdiff_t>(found->index));
    // Sales-ready checks carry no points; a moved criterion keeps its points otherwise.
    if (list == CriteriaList::SalesReady) criterion.points = 0;
    std::vector<Criterion>& to = ListOf(doc.rules, list);
    to.insert(to.begin() + static_cast<std::ptrdiff_t>(Clamp(index, to.size())), std::move(criterion));
    return {};
}

}  // namespace

// Every refusal is a DecodeError thrown before `doc` is touched, or an outcome returned before it:
// each branch computes the new value first and assigns it last.
OpOutcome ApplyOp(DraftDocument& doc, const DraftOp& op) {
    try {
        switch (op.kind) {
        case DraftOp::Kind::SetProperty: SetProperty(doc, op.property, op.value); return {};
        case DraftOp::Kind::SetCriterion: return SetCriterion(doc, op.criterion_id, op.value);
        case DraftOp::Kind::AddCriterion: return AddCriterion(doc, op.list, op.index, op.value);
        case DraftOp::Kind::RemoveCriterion: {
            std::optional<Found> found = FindCriterion(doc.rules, op.criterion_id);
            if (!found) return Removed(op.criterion_id);
            std::vector<Criterion>& criteria = ListOf(doc.rules, found->list);
            criteria.erase(criteria.begin() + static_cast<std::ptrdiff_t>(found->index));
            return {};
        }
        case DraftOp::Kind::MoveCriterion: return MoveCriterion(doc, op.criterion_id, op.list, op.index);
        }
    } catch (const DecodeError& e) {
        return e.what();
    }
    return "unknown operation";
}

//-------------------------------------------------------------------------------------------------
// [SECTION] ApplyBatch
//-------------------------------------------------------------------------------------------------

AcceptedBatch ApplyBatch(DraftDocument& doc, const OpBatch& batch, std::int64_t revision, std::int64_t author_id) {
    AcceptedBatch accepted;
    accepted.revision = revision;
    accepted.client_id = batch.client_id;
    accepted.client_seq = batch.client_seq;
    accepted.author_id = author_id;
    for (std::size_t i = 0; i < batch.ops.size(); ++i) {
        OpOutcome outcome = ApplyOp(doc, batch.ops[i]);
        if (outcome.empty()) accepted.ops.push_back(batch.ops[i]);
        else accepted.dropped.emplace_back(i, std::move(outcome));
    }
    return accepted;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] DraftReplica
//
// Invariant: m_view is m_confirmed with the ops of every pending batch applied in order (those
// that fail on the current confirmed document skipped; the server will drop them and say why).
//
// Batching: edits join the last pending batch while it is unsent, so a slow answer gathers the
// keystrokes made meanwhile into one batch, and a later value of a property replaces an earlier
// one still waiting in that batch (properties do not affect whether other ops apply, so this
// changes nothing the server would compute). A batch once sent is never changed, even after its
// send failed: the server may have applied it and would take the resend as a duplicate.
//-------------------------------------------------------------------------------------------------

namespace {

// Keeps a batch well under what OpBatchFromJson accepts, however long an answer takes.
constexpr std::size_t kMaxOpsPerBatch = 500;

}  // namespace

DraftReplica::DraftReplica(std::string client_id) : m_client_id(std::move(client_id)) {}

void DraftReplica::Reset(DraftDocument document, std::int64_t revision) {
    m_confirmed = std::move(document);
    m_revision = revision;
    // Pending edits stay: those not yet sent are sent later. The batch in flight stays in flight;
    // its answer (Receive) or failure (SendFailed) still comes, and an answer for a revision this
    // document already holds confirms it.
    Rebuild();
}

std::vector<OpOutcome> DraftReplica::Edit(const std::vector<DraftOp>& ops) {
    std::vector<OpOutcome> outcomes;
    outcomes.reserve(ops.size());
    for (const DraftOp& op : ops) {
        OpOutcome outcome = ApplyOp(m_view, op);
        if (outcome.empty()) {
            bool back_unsent = !m_pending.empty() && m_pending.back().client_seq > m_last_sent_seq;
            if (!back_unsent || m_pending.back().ops.size() >= kMaxOpsPerBatch) {
                OpBatch batch;
                batch.client_id = m_client_id;
                batch.client_seq = m_next_seq++;
                batch.base_revision = m_revision;
                m_pending.push_back(std::move(batch));
            }
            std::vector<DraftOp>& queued = m_pending.back().ops;
            if (op.kind == DraftOp::Kind::SetProperty) {
                std::erase_if(queued, [&](const DraftOp& earlier) {
                    return earlier.kind == DraftOp::Kind::SetProperty && earlier.property == op.property;
                });
            }
            queued.push_back(op);
        }
        outcomes.push_back(std::move(outcome));
    }
    return outcomes;
}

std::optional<OpBatch> DraftReplica::TakeBatchToSend() {
    if (m_in_flight || m_pending.empty()) return std::nullopt;
    m_pending.front().base_revision = m_revision;
    m_in_flight = true;
    m_last_sent_seq = std::max(m_last_sent_seq, m_pending.front().client_seq);
    return m_pending.front();
}

bool DraftReplica::Receive(const AcceptedBatch& batch) {
    bool ours = batch.client_id == m_client_id && !m_pending.empty() &&
                m_pending.front().client_seq == batch.client_seq;
    if (batch.revision <= m_revision) {
        // Already in the confirmed document (a duplicate, or an answer that arrives after a
        // reload); if it is our oldest batch, that batch is confirmed.
        if (ours) {
            for (const auto& dropped : batch.dropped) m_dropped.push_back(dropped.second);
            m_pending.pop_front();
            m_in_flight = false;
            Rebuild();
        }
        return true;
    }
    if (batch.revision != m_revision + 1) return false;
    // The server applied these ops to the document we hold at m_revision, so each must apply here;
    // if one does not, the copies differ and only a reload helps. The copy keeps this one intact.
    DraftDocument next = m_confirmed;
    for (const DraftOp& op : batch.ops)
        if (!ApplyOp(next, op).empty()) return false;
    m_confirmed = std::move(next);
    m_revision = batch.revision;
    if (ours) {
        for (const auto& dropped : batch.dropped) m_dropped.push_back(dropped.second);
        m_pending.pop_front();
        m_in_flight = false;
    }
    Rebuild();
    return true;
}

void DraftReplica::SendFailed() { m_in_flight = false; }

std::vector<std::string> DraftReplica::TakeDropped() {
    std::vector<std::string> out;
    out.swap(m_dropped);
    return out;
}

void DraftReplica::Rebuild() {
    m_view = m_confirmed;
    for (const OpBatch& batch : m_pending)
        for (const DraftOp& op : batch.ops) ApplyOp(m_view, op);
}

}  // namespace tandem
