// Top bar with the Tandem mark, the navigation tabs and the connection status.
#include "views/top_bar.h"

#include <algorithm>
#include <string>

#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/notification_bell.h"

namespace tandem {

namespace {

const char* NavIcon(View view) {
    switch (view) {
    case View::Scorecard: return ICON_SCORECARD;
    case View::Definition: return ICON_DEFINITION;
    case View::Campaigns: return ICON_CAMPAIGNS;
    case View::Leads: return ICON_LEADS;
    case View::Feedback: return ICON_FEEDBACK;
    case View::People:
    case View::Login:
    case View::ResetPassword:
    case View::NotFound: break;
    }
    return ICON_COMPASS;
}

// Two overlapping rings, marketing and sales, riding together.
void DrawMark(ImDrawList* draw, ImVec2 center, float radius) {
    const ui::Palette& colors = ui::Colors();
    float offset = radius * 0.55f;
    draw->AddCircle(ImVec2(center.x - offset, center.y), radius, ui::U32(colors.marketing), 32, ui::Px(3));
    draw->AddCircle(ImVec2(center.x + offset, center.y), radius, ui::U32(colors.sales), 32, ui::Px(3));
}

const char* ConnectionLabel(ConnectionStatus status) {
    switch (status) {
    case ConnectionStatus::Online: return "Live";
    case ConnectionStatus::Offline: return "Offline";
    case ConnectionStatus::Connecting: break;
    }
    return "Connecting";
}

float ConnectionWidth(ConnectionStatus status) { return ui::Px(16) + ImGui::CalcTextSize(ConnectionLabel(status)).x; }

// A coloured dot and a word, centred on the bar's midline; hovering shows the server version.
void DrawConnection(const Connection& connection, float bar_height) {
    const ui::Palette& colors = ui::Colors();
    ImVec4 color = connection.status == ConnectionStatus::Online    ? colors.good
                   : connection.status == ConnectionStatus::Offline ? colors.bad
                                                                    : colors.warn;
    const char* label = ConnectionLabel(connection.status);
    float radius = ui::Px(4);
    ImVec2 text_size = ImGui::CalcTextSize(label);
    ImVec2 pos = ImGui::GetCursorScreenPos();
    float mid = ImGui::GetWindowPos().y + bar_height * 0.5f;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddCircleFilled(ImVec2(pos.x + radius, mid), radius, ui::U32(color));
    draw->AddText(ImVec2(pos.x + radius * 2 + ui::Px(8), mid - text_size.y * 0.5f), ui::U32(colors.text_muted), label);
    ImGui::Dummy(ImVec2(radius * 2 + ui::Px(8) + text_size.x, ImGui::GetFrameHeight()));
    ui::Mirror("connection", label);
    if (ImGui::IsItemHovered() && connection.health) {
        ImGui::SetTooltip("Tandem %s, database schema v%lld", connection.health->version.c_str(),
                          static_cast<long long>(connection.health->database.schema_version));
    }
}

}  // namespace

float DrawTopBar(const AppState& state, Intents& intents) {
    const ui::Palette& colors = ui::Colors();
    float height = ui::Px(52);
    ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->Pos);
    ImGui::SetNextWindowSize(ImVec2(viewport->Size.x, height));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, colors.surface);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ui::Px(16), 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
    ImGui::Begin("##topbar", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetWindowPos();
    draw->AddLine(ImVec2(origin.x, origin.y + height - 1), ImVec2(origin.x + viewport->Size.x, origin.y + height - 1),
                  ui::U32(colors.border), 1.0f);

    // Brand.
    float radius = ui::Px(8);
    DrawMark(draw, ImVec2(origin.x + ui::Px(16) + radius * 1.6f, origin.y + height * 0.5f), radius);
    ImGui::SetCursorPos(ImVec2(ui::Px(16) + radius * 3.6f + ui::Px(8), (height - ImGui::GetFontSize()) * 0.5f));
    ImGui::PushFont(ui::Font(ui::FontRole::Strong));
    ImGui::TextUnformatted("Tandem");
    ImGui::PopFont();
    ui::Mirror("brand", "Tandem");

    // Navigation.
    ImGui::SameLine(0, ui::Px(28));
    int index = 1;
    for (View view : kNavigableViews) {
        ImGui::SetCursorPosY(0);
        bool active = state.route.view == view;
        std::string id = "nav-" + std::string(ViewSlug(view));
        if (ui::NavTab(id, NavIcon(view), std::string(ViewTitle(view)).c_str(), active, height)) intents.Navigate(view);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (key %d)", std::string(ViewTitle(view)).c_str(), index);
        ImGui::SameLine(0, ui::Px(2));
        ++index;
    }

    // Right side: connection and theme, placed explicitly (not by SameLine) so both sit on the
    // bar's midline whatever the tabs' line height.
    float button_width = ImGui::GetFrameHeight();
    float connection_width = ConnectionWidth(state.connection.status);
    std::string user_label = state.session.me ? state.session.me->name : std::string();
    float user_width = user_label.empty() ? 0 : ImGui::CalcTextSize(user_label.c_str()).x + ui::Px(24);
    float right = ImGui::GetWindowWidth() - ui::Px(16);
    ImGui::SetCursorPos(ImVec2(right - button_width - ui::Px(12) - connection_width - user_width - NotificationBellWidth(), 0));
    DrawNotificationBell(state, intents, height);
    ImGui::SetCursorPos(ImVec2(right - button_width - ui::Px(12) - connection_width - user_width, 0));
    DrawConnection(state.connection, height);
    if (!user_label.empty()) {
        ImGui::SetCursorPos(ImVec2(right - button_width - ui::Px(6) - user_width, (height - ImGui::GetFrameHeight()) * 0.5f));
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
        ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0);
        if (ImGui::Button((user_label + "##user").c_str())) ImGui::OpenPopup("user-menu");
        ImGui::PopStyleVar();
        ImGui::PopStyleColor();
        ui::Mirror("user-menu", user_label);
        if (ui::BeginMenuPopup("user-menu", ImVec2(ImGui::GetItemRectMax().x, origin.y + height), ui::Px(200), ui::Px(320),
                               ui::Px(400))) {
            const User& me = *state.session.me;
            ImGui::TextUnformatted(me.email.c_str());
            ui::MutedText(RoleLabel(me.role).c_str());
            ImGui::Separator();
            if (ImGui::Selectable(me.role == Role::Admin ? "People and accounts" : "People")) intents.Navigate(View::People);
            ui::Mirror("people", "People");
            if (ImGui::Selectable("Change password")) intents.open_password_dialog = true;
            ui::Mirror("change-password", "Change password");
            if (ImGui::Selectable("Sign out")) intents.logout = true;
            ui::Mirror("sign-out", "Sign out");
            ImGui::EndPopup();
        }
    }
    ImGui::SetCursorPos(ImVec2(right - button_width, (height - ImGui::GetFrameHeight()) * 0.5f));
    bool dark = state.theme == ui::ThemeMode::Dark;
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0);
    if (ImGui::Button(dark ? ICON_SUN "##theme" : ICON_MOON "##theme"))
        intents.theme = dark ? ui::ThemeMode::Light : ui::ThemeMode::Dark;
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    ui::Mirror("theme-toggle", dark ? "Light theme" : "Dark theme");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip(dark ? "Switch to the light theme" : "Switch to the dark theme");

    ImGui::End();
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor();
    return height;
}

}  // namespace tandem
