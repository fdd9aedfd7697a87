// Erasing the free text about a lead.
#include "store/erasure_repo.h"

#include <algorithm>

#include "store/database.h"

namespace tandem::store {

ErasedText EraseLeadText(Database& db, std::int64_t lead_id, std::string_view feedback_text, Timestamp now) {
    ErasedText erased;
    Statement& history = db.Cached("UPDATE stage_history SET note = '' WHERE lead_id = ? AND note <> ''");
    history.Bind(1, lead_id).Run();
    erased.history_notes = db.Changes();
    Statement& assignments = db.Cached("UPDATE lead_assignments SET note = '' WHERE lead_id = ? AND note <> ''");
    assignments.Bind(1, lead_id).Run();
    erased.assignment_notes = db.Changes();
    Statement& feedback = db.Cached(
        "UPDATE feedback SET text = ?, updated_at = ?, revision = revision + 1 "
        "WHERE lead_id = ? AND text <> '' AND text <> ? RETURNING id");
    feedback.Bind(1, feedback_text).Bind(2, now).Bind(3, lead_id).Bind(4, feedback_text);
    while (feedback.Step()) erased.feedback_ids.push_back(feedback.Int(0));
    // RETURNING comes in no promised order.
    std::sort(erased.feedback_ids.begin(), erased.feedback_ids.end());
    return erased;
}

}  // namespace tandem::store
