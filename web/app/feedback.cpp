// Feedback: loading and changing its data.
#include "app/feedback.h"

#include "app/state.h"

namespace tandem {

void SyncFeedback(AppState&, ApiClient&) {}

void CarryFeedback(AppState&, ApiClient&, const FeedbackIntents&) {}

void OnFeedbackEvent(AppState&, std::string_view, std::string_view) {}

}  // namespace tandem
