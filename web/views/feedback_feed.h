// The feedback feed: filters by kind, lead, campaign, author and tag (kept in the URL), and a table
// of what sales logged, newest first. Each row is mirrored for the browser tests (keep it stable):
//   feedback-<id>  "kind|reason|lead id|campaign id|author's name|text", e.g.
//                  "rejection|no_budget|42||Rita Rep|Too small for us" (empty where absent)
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "app/state.h"

namespace tandem::feedback_ui {

class FeedTab {
public:
    void Draw(const AppState& state, const FeedbackQuery& query, Intents& intents);

private:
    void DrawFilters(const AppState& state, const FeedbackQuery& query, Intents& intents);
    void DrawTable(const AppState& state, const FeedbackQuery& query, Intents& intents);

    char m_lead[24] = {};
    char m_tag[64] = {};
    std::optional<std::int64_t> m_lead_for;
    std::string m_tag_for = "\x01";   // never a tag: the first frame copies the URL's
};

}  // namespace tandem::feedback_ui
