// The digest of customers newly won: how many, for how much, how fast, what brought them in, and
// each one with the rep's win story (or a link to add it).
#pragma once

#include "app/state.h"
#include "views/feedback_form.h"

namespace tandem::feedback_ui {

void DrawWins(const AppState& state, const FeedbackQuery& query, FeedbackForm& form, Intents& intents);

}  // namespace tandem::feedback_ui
