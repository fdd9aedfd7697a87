// The feedback form and feed, and marketing's views of it (reasons, objections, content requests, wins).
// The feature's data and intents live here; the view draws from FeedbackState and fills FeedbackIntents,
// and the app calls SyncFeedback every frame, CarryFeedback after drawing, and OnFeedbackEvent for each
// pushed event.
#pragma once

#include <string_view>

namespace tandem {

struct AppState;
class ApiClient;

struct FeedbackState {
};

struct FeedbackIntents {
};

void SyncFeedback(AppState& state, ApiClient& api);
void CarryFeedback(AppState& state, ApiClient& api, const FeedbackIntents& intents);
void OnFeedbackEvent(AppState& state, std::string_view type, std::string_view data);

}  // namespace tandem
