// The free text about one lead, in SQLite, that its person's erasure removes: notes on its stage
// history and assignments, and the text of feedback logged about it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "tandem/time.h"

namespace tandem::store {

class Database;

struct ErasedText {
    std::int64_t history_notes = 0;             // stage-history rows whose note was cleared
    std::int64_t assignment_notes = 0;          // assignment rows whose note was cleared
    std::vector<std::int64_t> feedback_ids;     // feedback whose text was replaced
};

// Clears the notes and replaces each feedback text with `feedback_text` (feedback must keep a
// text), bumping those feedback rows' revision. Notes and texts already empty are not counted.
ErasedText EraseLeadText(Database& db, std::int64_t lead_id, std::string_view feedback_text, Timestamp now);

}  // namespace tandem::store
