// The board of content requests: open, in progress, done. Marketing moves a card along as it
// works on it (the requester is told when it is done); everyone else sees where theirs stands. A
// link with ?request=<id> (the notification's) scrolls to that card and outlines it.
#pragma once

#include <cstdint>
#include <optional>

#include "app/state.h"

namespace tandem::feedback_ui {

class RequestBoard {
public:
    void Draw(const AppState& state, const FeedbackQuery& query, Intents& intents);

private:
    void DrawColumn(const AppState& state, const FeedbackQuery& query, ContentStatus status, const char* title, ImVec2 size,
                    bool can_move, Intents& intents);
    void DrawCard(const AppState& state, const FeedbackQuery& query, const Feedback& request, bool can_move, Intents& intents);

    std::optional<std::int64_t> m_scrolled_to;
    bool m_scroll_pending = false;
};

}  // namespace tandem::feedback_ui
