// What the feedback view's parts share (view_feedback.cpp, feedback_form, feedback_feed,
// feedback_insights_tab, feedback_requests, feedback_wins): names and colours of kinds and reasons,
// short dates, and the small widgets they all draw.
#pragma once

#include <string>
#include <string_view>

#include "app/feedback.h"
#include "app/state.h"
#include "tandem/format.h"
#include <imgui.h>

namespace tandem::feedback_ui {

inline constexpr FeedbackKind kKinds[] = {FeedbackKind::Rejection, FeedbackKind::Objection, FeedbackKind::Question,
                                          FeedbackKind::ContentRequest, FeedbackKind::WinStory, FeedbackKind::General};
inline constexpr const char* kKindLabels[] = {"Rejection", "Objection", "Question", "Content request", "Win story", "General"};

const char* KindLabel(FeedbackKind kind);
ImU32 KindColor(FeedbackKind kind);
// Eight reasons, eight hues that stay apart in both themes.
ImU32 ReasonColor(RejectReason reason);
// "Nov 23".
std::string DayLabel(Date date);
// "just now", "12 min ago", "5 h ago", "3 d ago", then the date.
std::string Ago(const AppState& state, Timestamp at);
bool CanMoveRequests(const AppState& state);

// A small rounded label in a colour, mirrored as `id`; returns true when clicked (if clickable).
bool Chip(const std::string& id, const std::string& text, ImU32 color, bool clickable = false);
// A centred spinner with a word, while the first answer is on its way.
void Loading(const char* id, const char* text);

Route FeedRoute(FeedFilter filter);
Route LeadRoute(std::int64_t id);

}  // namespace tandem::feedback_ui
