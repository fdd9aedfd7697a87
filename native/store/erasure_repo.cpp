// Erasing the free text about a lead.
#include "store/erasure_repo.h"

#include "store/database.h"

namespace tandem::store {

ErasedText EraseLeadText(Database& db, std::int64_t lead_id, std::string_view feedback_text, Timestamp now) {
    ErasedText erased;
    Statement& history = db.Cached("UPDATE stage_history SET note = '' WHERE lead_id = ?1 AND note <> ''");
    history.Bind(1, lead_id).Run();
    erased.history_notes = db.Changes();
    Statement& assignments = db.Cached("UPDATE lead_assignments SET note = '' WHERE lead_id = ?1 AND note <> ''");
    assignments.Bind(1, lead_id).Run();
    erased.assignment_notes = db.Changes();
    Statement& feedback = db.Cached(
        "UPDATE feedback SET text = ?2, updated_at = ?3, revision = revision + 1 "
        "WHERE lead_id = ?1 AND text <> '' AND text <> ?2 RETURNING id");
    feedback.Bind(1, lead_id).Bind(2, feedback_text).Bind(3, now);
    while (feedback.Step()) erased.feedback_ids.push_back(feedback.Int(0));
    return erased;
}

}  // namespace tandem::store
