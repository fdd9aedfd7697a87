// For marketing: why sales sent leads back (by source, by campaign, week by week, and in all) as
// stacked bars, and the objections and questions heard most, for the period in the URL.
#pragma once

#include "app/state.h"

namespace tandem::feedback_ui {

void DrawInsights(const AppState& state, const FeedbackQuery& query, Intents& intents);

}  // namespace tandem::feedback_ui
