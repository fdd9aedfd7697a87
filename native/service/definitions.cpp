// Draft editing, proposal, sign-off and activation.
#include "service/definitions.h"

#include <nlohmann/json.hpp>

#include "http/api_error.h"
#include "service/qualifier.h"
#include "store/database.h"
#include "store/domain_repo.h"
#include "store/lead_repo.h"
#include "store/store.h"
#include "tandem/codec.h"
#include "tandem/kpi.h"
#include "webhooks/webhook_repo.h"

namespace tandem::service {

namespace {

using http::ApiError;

std::optional<LeadDefinition> EditableDefinition(store::Database& db) {
    if (auto proposed = store::FindDefinitionByStatus(db, DefinitionStatus::Proposed)) return proposed;
    return store::FindDefinitionByStatus(db, DefinitionStatus::Draft);
}

std::int64_t LastRevision(store::Database& db) {
    store::Statement& s = db.Cached("SELECT coalesce(max(revision), 0) FROM definition_ops");
    s.Step();
    return s.Int(0);
}

// One row of definition_ops (revision, client_id, client_seq, author_id, ops, dropped) as the batch.
AcceptedBatch BatchFromRow(store::Statement& s) {
    AcceptedBatch batch;
    batch.revision = s.Int(0);
    batch.client_id = s.Text(1);
    batch.client_seq = s.Int(2);
    batch.author_id = s.Int(3);
    nlohmann::json ops = nlohmann::json::parse(s.Text(4));
    for (std::size_t i = 0; i < ops.size(); ++i) batch.ops.push_back(DraftOpFromJson(ops[i], "ops[" + std::to_string(i) + "]"));
    for (const nlohmann::json& dropped : nlohmann::json::parse(s.Text(5)))
        batch.dropped.emplace_back(dropped.at("index").get<std::size_t>(), dropped.at("reason").get<std::string>());
    return batch;
}

DraftState StateOf(store::Database& db, const LeadDefinition& definition) {
    DraftState state;
    state.version = definition.version;
    state.status = definition.status;
    state.revision = LastRevision(db);
    state.document = {definition.summary, definition.rules, definition.review_by};
    return state;
}

// Re-scores every lead under the newly active rules and moves those whose level says so; in pages,
// so a million leads never sit in memory at once.
Activation Rescore(store::Database& db, const LeadDefinition& active, Timestamp now) {
    Activation activation;
    activation.version = active.version;
    ActiveDefinition definition{active.version, active.rules};
    std::string reason = ActivationReason(active.version);
    store::LeadFilter page_filter;
    page_filter.limit = 5000;
    for (;;) {
        store::LeadPage page = store::ListLeads(db, page_filter);
        for (Lead& lead : page.items) {
            if (Requalify(db, lead, definition, now, reason)) ++activation.leads_moved;
            ++activation.leads_rescored;
        }
        if (!page.next_cursor) break;
        page_filter.before_id = page.next_cursor;
    }
    return activation;
}

}  // namespace

DraftState DefinitionDesk::Draft(store::Store& store, std::int64_t user_id, Timestamp now) {
    std::lock_guard lock(m_mutex);
    if (auto existing = store.Read([&](store::Database& db) -> std::optional<DraftState> {
            if (auto definition = EditableDefinition(db)) return StateOf(db, *definition);
            return std::nullopt;
        }))
        return *existing;
    return store.Write([&](store::Database& db) {
        if (auto definition = EditableDefinition(db)) return StateOf(db, *definition);
        LeadDefinition draft;
        if (auto active = store::FindDefinitionByStatus(db, DefinitionStatus::Active)) {
            draft.rules = active->rules;
            draft.review_by = active->review_by;
        }
        draft.version = store::MaxDefinitionVersion(db) + 1;
        draft.status = DefinitionStatus::Draft;
        draft.created_at = now;
        draft.created_by = user_id;
        store::InsertDefinition(db, draft);
        return StateOf(db, draft);
    });
}

AcceptedBatch DefinitionDesk::Submit(store::Store& store, const OpBatch& batch, const User& author, Timestamp now) {
    std::lock_guard lock(m_mutex);
    return store.Write([&](store::Database& db) {
        std::optional<LeadDefinition> definition = EditableDefinition(db);
        if (!definition) throw ApiError(409, "conflict", "there is no draft; open the editor to start one");
        if (definition->status == DefinitionStatus::Proposed)
            throw ApiError(409, "conflict", "the draft is proposed for sign-off; withdraw it to edit again");
        store::Statement& sent = db.Cached(
            "SELECT revision, client_id, client_seq, author_id, ops, dropped FROM definition_ops "
            "WHERE version = ? AND client_id = ? AND client_seq = ?");
        sent.Bind(1, definition->version).Bind(2, batch.client_id).Bind(3, batch.client_seq);
        if (sent.Step()) {
            AcceptedBatch again = BatchFromRow(sent);
            sent.Reset();
            return again;
        }
        sent.Reset();
        DraftDocument document{definition->summary, definition->rules, definition->review_by};
        AcceptedBatch accepted = ApplyBatch(document, batch, LastRevision(db) + 1, author.id);
        definition->summary = document.summary;
        definition->rules = document.rules;
        definition->review_by = document.review_by;
        store::UpdateDefinition(db, *definition);
        nlohmann::json ops = nlohmann::json::array();
        for (const DraftOp& op : accepted.ops) ops.push_back(ToJson(op));
        nlohmann::json dropped = nlohmann::json::array();
        for (const auto& [index, reason] : accepted.dropped) dropped.push_back({{"index", index}, {"reason", reason}});
        db.Cached("INSERT INTO definition_ops (revision, version, client_id, client_seq, author_id, ops, dropped, at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            .Bind(1, accepted.revision)
            .Bind(2, definition->version)
            .Bind(3, accepted.client_id)
            .Bind(4, accepted.client_seq)
            .Bind(5, author.id)
            .Bind(6, DumpJson(ops))
            .Bind(7, DumpJson(dropped))
            .Bind(8, now)
            .Run();
        return accepted;
    });
}

std::vector<AcceptedBatch> DefinitionDesk::BatchesAfter(store::Store& store, std::int64_t revision) {
    return store.Read([&](store::Database& db) {
        std::vector<AcceptedBatch> batches;
        std::optional<LeadDefinition> definition = EditableDefinition(db);
        if (!definition) return batches;
        store::Statement s = db.Prepare(
            "SELECT revision, client_id, client_seq, author_id, ops, dropped FROM definition_ops "
            "WHERE version = ? AND revision > ? ORDER BY revision");
        s.Bind(1, definition->version).Bind(2, revision);
        while (s.Step()) batches.push_back(BatchFromRow(s));
        return batches;
    });
}

LeadDefinition DefinitionDesk::Propose(store::Store& store, const User& by, Timestamp now) {
    std::lock_guard lock(m_mutex);
    return store.Write([&](store::Database& db) {
        std::optional<LeadDefinition> definition = EditableDefinition(db);
        if (!definition) throw ApiError(409, "conflict", "there is no draft to propose");
        if (definition->status == DefinitionStatus::Proposed)
            throw ApiError(409, "conflict", "version " + std::to_string(definition->version) + " is already proposed");
        if (auto active = store::FindDefinitionByStatus(db, DefinitionStatus::Active); active && active->rules == definition->rules)
            throw ApiError(422, "invalid", "the draft has the same rules as the active definition", "rules");
        definition->status = DefinitionStatus::Proposed;
        definition->proposed_at = now;
        if (!definition->created_by) definition->created_by = by.id;
        store::UpdateDefinition(db, *definition);
        return *definition;
    });
}

LeadDefinition DefinitionDesk::Withdraw(store::Store& store, std::int64_t version, const User&) {
    std::lock_guard lock(m_mutex);
    return store.Write([&](store::Database& db) {
        std::optional<LeadDefinition> definition = store::FindDefinition(db, version);
        if (!definition) throw ApiError(404, "not_found", "no definition version " + std::to_string(version));
        if (definition->status != DefinitionStatus::Proposed)
            throw ApiError(409, "conflict", "version " + std::to_string(version) + " is not proposed");
        definition->status = DefinitionStatus::Draft;
        definition->proposed_at.reset();
        store::UpdateDefinition(db, *definition);
        db.Cached("DELETE FROM definition_approvals WHERE version = ?").Bind(1, version).Run();
        definition->approvals.clear();
        return *definition;
    });
}

std::optional<Activation> DefinitionDesk::Approve(store::Store& store, Qualifier& qualifier, std::int64_t version,
                                                  const User& by, Timestamp now) {
    std::lock_guard lock(m_mutex);
    std::optional<LeadDefinition> activated;
    std::optional<Activation> activation = store.Write([&](store::Database& db) -> std::optional<Activation> {
        std::optional<LeadDefinition> definition = store::FindDefinition(db, version);
        if (!definition) throw ApiError(404, "not_found", "no definition version " + std::to_string(version));
        if (definition->status != DefinitionStatus::Proposed)
            throw ApiError(409, "conflict", "only a proposed version can be approved; version " +
                                                std::to_string(version) + " is " + std::string(ToString(definition->status)));
        for (const Approval& approval : definition->approvals)
            if (approval.user_id == by.id) throw ApiError(409, "conflict", "you have already approved this version");
        Approval approval{by.id, by.role, now};
        store::InsertApproval(db, version, approval);
        definition->approvals.push_back(approval);
        bool marketing = false, sales = false;
        for (const Approval& a : definition->approvals) {
            marketing |= a.role == Role::MarketingLeader;
            sales |= a.role == Role::SalesLeader;
        }
        // Two different people by construction: one approval per user, and one role each.
        if (!marketing || !sales) return std::nullopt;
        if (auto active = store::FindDefinitionByStatus(db, DefinitionStatus::Active)) {
            active->status = DefinitionStatus::Retired;
            active->retired_at = now;
            store::UpdateDefinition(db, *active);
        }
        definition->status = DefinitionStatus::Active;
        definition->activated_at = now;
        store::UpdateDefinition(db, *definition);
        webhooks::Enqueue(db, "definition.activated", ToJson(*definition), now);
        activated = definition;
        return Rescore(db, *definition, now);
    });
    if (activated) qualifier.Set(std::make_shared<ActiveDefinition>(ActiveDefinition{activated->version, activated->rules}));
    return activation;
}

}  // namespace tandem::service
