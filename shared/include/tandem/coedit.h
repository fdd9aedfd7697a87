// Live co-editing of the shared definition draft, server-authoritative: a client sends a batch of
// ops with the revision it last saw; the server applies batches in arrival order (last writer wins
// per property; an op on a removed criterion is dropped and its author told), numbers each batch
// with the next revision and broadcasts it. Clients apply their own edits at once and reconcile
// with the server's order (DraftReplica). One ApplyOp() serves the server and every client.
//
// The draft is always a valid DefinitionRules: an op that would make the rules invalid (e.g. a
// text value on a number field, a duplicate id) is refused like a dropped op, so the UI changes a
// criterion's field, operator and value together in one op.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tandem/definition.h"

namespace tandem {

// What the leaders edit together: the rules plus the words around them.
struct DraftDocument {
    std::string summary;
    DefinitionRules rules;
    std::optional<Date> review_by;

    bool operator==(const DraftDocument&) const = default;
};

enum class CriteriaList { Fit, Engagement, SalesReady };

struct DraftOp {
    enum class Kind {
        SetProperty,      // `property` of the document: "summary", "review_by" (date or null),
                          // "mql_threshold", "fit_cap", "engagement_cap" (int or null),
                          // "decay" ({"kind","days"}); `value` is its new JSON value
        SetCriterion,     // `value` is an object with any of label, field, op, value, points,
                          // applied together to criterion `criterion_id`
        AddCriterion,     // `value` is a whole criterion (new id) inserted at `index` of `list`
        RemoveCriterion,  // `criterion_id`
        MoveCriterion,    // `criterion_id` to `index` of `list` (it may change lists)
    };
    Kind kind = Kind::SetProperty;
    std::string property;
    std::string criterion_id;
    CriteriaList list = CriteriaList::Fit;
    int index = 0;                    // clamped to the list's size
    nlohmann::json value;

    bool operator==(const DraftOp&) const = default;
};

// Why an op was not applied: "" if it was.
using OpOutcome = std::string;

// Applies one op; on refusal leaves `doc` unchanged and says why ("criterion 'budget' was removed",
// "fit[2].value: budget_usd is a number", ...).
OpOutcome ApplyOp(DraftDocument& doc, const DraftOp& op);

// A batch as a client sends it.
struct OpBatch {
    std::string client_id;            // one per open editor
    std::int64_t client_seq = 0;      // increasing per client
    std::int64_t base_revision = 0;   // the last server revision the client had applied
    std::vector<DraftOp> ops;
};

// A batch as the server accepted it, numbered and broadcast to every editor.
struct AcceptedBatch {
    std::int64_t revision = 0;
    std::string client_id;
    std::int64_t client_seq = 0;
    std::int64_t author_id = 0;
    std::vector<DraftOp> ops;         // only the ops that were applied, in order
    std::vector<std::pair<std::size_t, std::string>> dropped;   // index in the sent batch, reason
};

// The server side: applies a batch to the document in order; returns what was accepted.
AcceptedBatch ApplyBatch(DraftDocument& doc, const OpBatch& batch, std::int64_t revision, std::int64_t author_id);

// One editor's copy: the last confirmed server document and revision, plus its own batches not yet
// confirmed, re-applied on top (local edits show at once; the server's order decides).
class DraftReplica {
public:
    explicit DraftReplica(std::string client_id = "client");

    // Starts over from the server's document (at load, or after missed revisions).
    void Reset(DraftDocument document, std::int64_t revision);
    // Applies ops locally now and queues them as the next batch to send. Returns the outcomes
    // (ops refused locally are not queued).
    std::vector<OpOutcome> Edit(const std::vector<DraftOp>& ops);
    // The oldest unsent batch, marked as in flight; nullopt if one is in flight or none is waiting.
    std::optional<OpBatch> TakeBatchToSend();
    // A batch the server accepted (from the stream or the POST's answer; duplicates are ignored).
    // Returns false if it does not follow the confirmed revision: the caller must reload (Reset).
    bool Receive(const AcceptedBatch& batch);
    // The in-flight batch failed to reach the server: it will be sent again.
    void SendFailed();

    const DraftDocument& View() const { return m_view; }           // what the editor shows
    const DraftDocument& Confirmed() const { return m_confirmed; }
    std::int64_t Revision() const { return m_revision; }
    std::size_t PendingBatches() const { return m_pending.size(); }
    bool InFlight() const { return m_in_flight; }
    const std::string& ClientId() const { return m_client_id; }
    // Reasons the server gave for dropping our ops since the last call.
    std::vector<std::string> TakeDropped();

private:
    void Rebuild();

    std::string m_client_id;
    std::int64_t m_next_seq = 1;
    std::int64_t m_last_sent_seq = 0;   // batches up to this one have been sent at least once
    DraftDocument m_confirmed;
    std::int64_t m_revision = 0;
    std::deque<OpBatch> m_pending;    // front is in flight when m_in_flight
    bool m_in_flight = false;
    DraftDocument m_view;
    std::vector<std::string> m_dropped;
};

// JSON (src/coedit_json.cpp), for the POST body, its answer and the stream's "definition" events.
nlohmann::json ToJson(const DraftOp& op);
DraftOp DraftOpFromJson(const nlohmann::json& in, const std::string& path);
nlohmann::json ToJson(const OpBatch& batch);
OpBatch OpBatchFromJson(const nlohmann::json& in);
nlohmann::json ToJson(const AcceptedBatch& batch);
AcceptedBatch AcceptedBatchFromJson(const nlohmann::json& in);
nlohmann::json ToJson(const DraftDocument& document);
DraftDocument DraftDocumentFromJson(const nlohmann::json& in);

// Readable differences between two versions, one line each, e.g.
// "Fit: 'Budget of $10k or more' now budget_usd gte 25000 (was gte 10000)",
// "Added engagement criterion 'Webinar' (webinars_attended gte 1, +10 points)",
// "MQL threshold 50 → 60", "Decay: half-life 45 days → window 90 days".
std::vector<std::string> DiffRules(const DefinitionRules& before, const DefinitionRules& after);

}  // namespace tandem
