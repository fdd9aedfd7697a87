// The feedback view's shared names, colours and small widgets (see feedback_common.h).
#include "views/feedback_common.h"

#include <algorithm>
#include <cctype>

#include "tandem/codec.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"

namespace tandem::feedback_ui {

const char* KindLabel(FeedbackKind kind) { return kKindLabels[static_cast<int>(kind)]; }

ImU32 KindColor(FeedbackKind kind) {
    const ui::Palette& colors = ui::Colors();
    switch (kind) {
    case FeedbackKind::Rejection: return ui::U32(colors.bad);
    case FeedbackKind::Objection: return ui::U32(colors.warn);
    case FeedbackKind::Question: return ui::U32(colors.accent);
    case FeedbackKind::ContentRequest: return ui::U32(colors.marketing);
    case FeedbackKind::WinStory: return ui::U32(colors.good);
    case FeedbackKind::General: break;
    }
    return ui::U32(colors.text_muted);
}

// Eight reasons, eight hues that stay apart in both themes.
ImU32 ReasonColor(RejectReason reason) {
    static constexpr ImU32 kColors[] = {
        IM_COL32(228, 87, 46, 255),    // no budget
        IM_COL32(236, 161, 26, 255),   // no authority
        IM_COL32(139, 92, 246, 255),   // no need
        IM_COL32(52, 84, 209, 255),    // no timeline
        IM_COL32(14, 159, 142, 255),   // bad fit
        IM_COL32(150, 158, 173, 255),  // duplicate
        IM_COL32(214, 69, 122, 255),   // unreachable
        IM_COL32(96, 112, 134, 255),   // other
    };
    return kColors[static_cast<int>(reason)];
}

std::string DayLabel(Date date) {
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int year, month, day;
    CivilFromDays(date, year, month, day);
    return std::string(kMonths[month - 1]) + " " + std::to_string(day);
}

// "just now", "12 min ago", "5 h ago", "3 d ago", then the date.
std::string Ago(const AppState& state, Timestamp at) {
    double seconds = state.wall_now - static_cast<double>(at);
    if (seconds < 60) return "just now";
    if (seconds < 3600) return std::to_string(static_cast<int>(seconds / 60)) + " min ago";
    if (seconds < 86400) return std::to_string(static_cast<int>(seconds / 3600)) + " h ago";
    if (seconds < 14 * 86400) return std::to_string(static_cast<int>(seconds / 86400)) + " d ago";
    return DayLabel(DateOf(at));
}

bool CanMoveRequests(const AppState& state) {
    return state.session.me && Can(state.session.me->role, Action::UpdateContentRequests);
}

// A small rounded label in a colour; returns true when clicked (if clickable).
bool Chip(const std::string& id, const std::string& text, ImU32 color, bool clickable) {
    ImVec2 pad(ui::Px(7), ui::Px(2));
    ImVec2 text_size = ImGui::CalcTextSize(text.c_str());
    ImVec2 size(text_size.x + pad.x * 2, text_size.y + pad.y * 2);
    ImVec2 pos = ImGui::GetCursorScreenPos();
    bool clicked = ImGui::InvisibleButton(id.c_str(), size);
    bool hovered = clickable && ImGui::IsItemHovered();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + size.y), (color & 0x00FFFFFF) | (hovered ? 0x40000000 : 0x22000000),
                        size.y * 0.5f);
    draw->AddText(ImVec2(pos.x + pad.x, pos.y + pad.y), color, text.c_str());
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    ui::Mirror(id, text, {.role = clickable ? ui::Role::Link : ui::Role::Text});
    return clickable && clicked;
}

void Loading(const char* id, const char* text) {
    ImGui::Dummy(ImVec2(0, ui::Px(24)));
    ImGui::SetCursorPosX(ImGui::GetWindowWidth() * 0.5f - ui::Px(80));
    ui::Spinner(ui::Px(10));
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ui::MutedText(text);
    ui::Mirror(id, "Loading", {.role = ui::Role::Status});
}

Route FeedRoute(FeedFilter filter) {
    FeedbackQuery query;
    query.filter = std::move(filter);
    return FeedbackRoute(query);
}

Route LeadRoute(std::int64_t id) {
    Route route;
    route.view = View::Leads;
    route.id = id;
    return route;
}

}  // namespace tandem::feedback_ui
