// The notification bell and its list.
#include "views/notification_bell.h"

#include <string>

#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"

namespace tandem {

namespace {

std::string Ago(const AppState& state, Timestamp at) {
    double seconds = state.wall_now - static_cast<double>(at);
    if (seconds < 60) return "just now";
    if (seconds < 3600) return std::to_string(static_cast<int>(seconds / 60)) + " min ago";
    if (seconds < 86400) return std::to_string(static_cast<int>(seconds / 3600)) + " h ago";
    return std::to_string(static_cast<int>(seconds / 86400)) + " d ago";
}

}  // namespace

float NotificationBellWidth() { return ImGui::GetFrameHeight() + ui::Px(8); }

void DrawNotificationBell(const AppState& state, Intents& intents, float bar_height) {
    if (!state.session.me) return;   // signed out: nobody's notifications
    const ui::Palette& colors = ui::Colors();
    const Remote<NotificationList>& remote = state.feedback.notifications;
    std::int64_t unread = remote.value ? remote.value->unread : 0;
    float size = ImGui::GetFrameHeight();
    ImGui::SetCursorPosY((bar_height - size) * 0.5f);
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0);
    if (ImGui::Button(ICON_BELL "##notifications", ImVec2(size, size))) ImGui::OpenPopup("notifications-popup");
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    std::string bell = unread == 0 ? "Notifications" : "Notifications, " + std::to_string(unread) + " unread";
    ui::Mirror("notifications", std::to_string(unread), {.name = bell});
    if (ImGui::IsItemHovered()) {
        std::string tip = unread == 0 ? "No unread notifications"
                          : unread == 1 ? "1 unread notification"
                                        : std::to_string(unread) + " unread notifications";
        ImGui::SetTooltip("%s", tip.c_str());
    }
    if (unread > 0) {
        // A red badge with the count on the bell's upper right.
        std::string count = unread > 99 ? "99+" : std::to_string(unread);
        ImGui::PushFont(ui::Font(ui::FontRole::Small));
        ImVec2 text = ImGui::CalcTextSize(count.c_str());
        float height = text.y + ui::Px(2);
        float width = std::max(height, text.x + ui::Px(8));
        ImVec2 min(pos.x + size - width * 0.7f, pos.y - ui::Px(1));
        ImDrawList* draw = ImGui::GetWindowDrawList();
        draw->AddRectFilled(min, ImVec2(min.x + width, min.y + height), ui::U32(colors.bad), height * 0.5f);
        draw->AddText(ImVec2(min.x + (width - text.x) * 0.5f, min.y + ui::Px(1)), IM_COL32(255, 255, 255, 255), count.c_str());
        ImGui::PopFont();
    }

    // Below the bar, its right edge under the bell's, rather than wherever the mouse was.
    if (!ui::BeginMenuPopup("notifications-popup", ImVec2(pos.x + size, ImGui::GetWindowPos().y + bar_height), ui::Px(340),
                            ui::Px(420), ui::Px(480)))
        return;
    ImGui::PushFont(ui::Font(ui::FontRole::Strong));
    ImGui::TextUnformatted("Notifications");
    ImGui::PopFont();
    ui::Mirror("notifications-title", "Notifications", {.role = ui::Role::Heading, .level = 2});
    if (unread > 0) {
        ImGui::SameLine(ImGui::GetWindowWidth() - ui::Px(110));
        if (ui::Link("notifications-read-all", "Mark all read")) intents.feedback.read_all_notifications = true;
    }
    ImGui::Separator();
    if (!remote.value || remote.value->items.empty()) {
        ImGui::PushTextWrapPos(0);
        ui::MutedText(remote.value ? "Nothing yet. You will hear here when a content request you asked for is done."
                                   : "Loading…");
        ImGui::PopTextWrapPos();
    } else {
        for (const Notification& notification : remote.value->items) {
            std::string id = "notification-" + std::to_string(notification.id);
            ImGui::PushID(id.c_str());
            bool unread_one = !notification.read_at;
            ImVec2 start = ImGui::GetCursorScreenPos();
            float wrap = ImGui::GetContentRegionAvail().x;
            ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap - ui::Px(14));
            ImGui::BeginGroup();
            if (unread_one) ImGui::PushFont(ui::Font(ui::FontRole::Strong));
            ImGui::TextUnformatted(notification.text.c_str());
            if (unread_one) ImGui::PopFont();
            ui::MutedText(Ago(state, notification.created_at).c_str());
            ImGui::EndGroup();
            ImGui::PopTextWrapPos();
            ImVec2 end = ImGui::GetItemRectMax();
            if (unread_one)
                ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(start.x + wrap - ui::Px(5), start.y + ui::Px(8)), ui::Px(4),
                                                           ui::U32(colors.accent));
            // The whole entry is the link.
            ImGui::SetCursorScreenPos(start);
            if (ImGui::InvisibleButton("open", ImVec2(wrap, end.y - start.y))) {
                if (unread_one) intents.feedback.read_notification = notification.id;
                if (!notification.link.empty()) intents.navigate = ParseRoute(notification.link);
                ImGui::CloseCurrentPopup();
            }
            if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
            ui::Mirror(id, notification.text, {.role = ui::Role::Link});
            ImGui::Separator();
            ImGui::PopID();
        }
    }
    ImGui::EndPopup();
}

}  // namespace tandem
