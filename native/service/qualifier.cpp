// Scoring and automatic stage moves under the active definition.
#include "service/qualifier.h"

#include "store/domain_repo.h"
#include "store/lead_repo.h"
#include "tandem/evaluate.h"
#include "tandem/stage_machine.h"

namespace tandem::service {

std::shared_ptr<const ActiveDefinition> Qualifier::Current() const {
    std::lock_guard lock(m_mutex);
    return m_current;
}

void Qualifier::Set(std::shared_ptr<const ActiveDefinition> definition) {
    std::lock_guard lock(m_mutex);
    m_current = std::move(definition);
}

void Qualifier::Load(store::Database& db) {
    auto definition = std::make_shared<ActiveDefinition>();
    if (std::optional<LeadDefinition> active = store::FindDefinitionByStatus(db, DefinitionStatus::Active)) {
        definition->version = active->version;
        definition->rules = active->rules;
    }
    Set(std::move(definition));
}

void Rescore(Lead& lead, const ActiveDefinition& definition, Timestamp now) {
    if (definition.version == 0) return;
    Evaluation evaluation = Evaluate(definition.rules, lead, now);
    lead.score.fit = evaluation.fit;
    lead.score.engagement = evaluation.engagement;
    lead.score.total = evaluation.total;
    lead.score.level = evaluation.level;
    lead.score.definition_version = definition.version;
    lead.score.scored_at = now;
}

std::vector<StageChange> ApplyLevel(Lead& lead, Timestamp now, const std::string& reason) {
    std::vector<StageChange> changes;
    if (lead.score.definition_version == 0) return changes;
    std::optional<Stage> target = AutoStage(lead.stage, lead.score.level);
    if (!target) return changes;
    auto move = [&](Stage to) {
        StageChange change;
        change.from = lead.stage;
        change.to = to;
        change.at = now;
        change.reason = reason;
        changes.push_back(change);
        lead.stage = to;
    };
    bool skips_mql = *target == Stage::SalesReady && (lead.stage == Stage::New || lead.stage == Stage::Recycled);
    if (skips_mql) move(Stage::Mql);
    move(*target);
    return changes;
}

bool Requalify(store::Database& db, Lead& lead, const ActiveDefinition& definition, Timestamp now,
               const std::string& reason) {
    Rescore(lead, definition, now);
    std::vector<StageChange> changes = ApplyLevel(lead, now, reason);
    lead.revision += 1;
    lead.updated_at = now;
    store::UpdateLead(db, lead);
    for (StageChange& change : changes) {
        change.lead_id = lead.id;
        store::InsertStageChange(db, change);
    }
    return !changes.empty();
}

}  // namespace tandem::service
