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
    case View::Webhooks:
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

float ConnectionWidth(ConnectionStatus status, bool compact) {
    return ui::Px(16) + (compact ? 0 : ImGui::CalcTextSize(ConnectionLabel(status)).x);
}

// "Sam Sales" -> "SS": the user menu's button where the bar is narrow.
std::string Initials(const std::string& name) {
    std::string out;
    int taken = 0;
    for (std::size_t i = 0; i < name.size() && taken < 2;) {
        while (i < name.size() && name[i] == ' ') ++i;
        if (i == name.size()) break;
        std::size_t end = i + 1;
        // The whole UTF-8 sequence of the first letter: it may be "Ž" or "日".
        while (end < name.size() && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80) ++end;
        out.append(name, i, end - i);
        ++taken;
        while (end < name.size() && name[end] != ' ') ++end;
        i = end;
    }
    return out;
}

// A coloured dot and a word (only the dot where the bar is narrow), centred on the bar's midline;
// hovering shows the status and the server version.
void DrawConnection(const Connection& connection, float bar_height, bool compact) {
    const ui::Palette& colors = ui::Colors();
    ImVec4 color = connection.status == ConnectionStatus::Online    ? colors.good
                   : connection.status == ConnectionStatus::Offline ? colors.bad
                                                                    : colors.warn;
    const char* label = ConnectionLabel(connection.status);
    float radius = ui::Px(4);
    ImVec2 text_size = compact ? ImVec2(0, 0) : ImGui::CalcTextSize(label);
    ImVec2 pos = ImGui::GetCursorScreenPos();
    float mid = ImGui::GetWindowPos().y + bar_height * 0.5f;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddCircleFilled(ImVec2(pos.x + radius, mid), radius, ui::U32(color));
    if (!compact) draw->AddText(ImVec2(pos.x + radius * 2 + ui::Px(8), mid - text_size.y * 0.5f), ui::U32(colors.text_muted), label);
    ImGui::Dummy(ImVec2(radius * 2 + ui::Px(8) + text_size.x, ImGui::GetFrameHeight()));
    ui::Mirror("connection", label, {.role = ui::Role::Status});
    if (ImGui::IsItemHovered()) {
        if (connection.health)
            ImGui::SetTooltip("%s · Tandem %s, database schema v%lld", label, connection.health->version.c_str(),
                              static_cast<long long>(connection.health->database.schema_version));
        else
            ImGui::SetTooltip("%s", label);
    }
}

// The views as a menu, opened by a button that names the current one.
void DrawNavMenu(const AppState& state, Intents& intents, float bar_height) {
    ImGui::SetCursorPosY((bar_height - ImGui::GetFrameHeight()) * 0.5f);
    std::string current = std::string(ICON_BARS "  ") + std::string(ViewTitle(state.route.view)) + "##nav-menu";
    if (ImGui::Button(current.c_str())) ImGui::OpenPopup("nav-menu-popup");
    ui::Mirror("nav-menu", "Menu");
    if (!ui::BeginMenuPopup("nav-menu-popup", ImVec2(ImGui::GetItemRectMin().x + ui::Px(220), ImGui::GetWindowPos().y + bar_height),
                            ui::Px(220), ui::Px(300), ui::Px(480)))
        return;
    for (View view : kNavigableViews) {
        std::string label = std::string(NavIcon(view)) + "  " + std::string(ViewTitle(view));
        if (ImGui::Selectable(label.c_str(), state.route.view == view, 0, ImVec2(0, ImGui::GetFrameHeight()))) intents.Navigate(view);
        ui::Mirror("nav-" + std::string(ViewSlug(view)), std::string(ViewTitle(view)),
                   {.role = ui::Role::Link, .current = state.route.view == view});
    }
    ImGui::EndPopup();
}

}  // namespace

float DrawTopBar(const AppState& state, Intents& intents) {
    const ui::Palette& colors = ui::Colors();
    float height = ui::TopBarHeight();
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

    // Where the tabs and the full labels do not fit (a phone, a narrow window, a large zoom), the
    // tabs collapse into a menu, the connection shows its dot and the user menu initials.
    float radius = ui::Px(8);
    float brand_width = ImGui::CalcTextSize("Tandem").x;
    float tabs_width = 0;
    for (View view : kNavigableViews) tabs_width += ui::NavTabWidth(NavIcon(view), std::string(ViewTitle(view)).c_str()) + ui::Px(2);
    float button_width = ImGui::GetFrameHeight();
    std::string user_name = state.session.me ? state.session.me->name : std::string();
    float right = ImGui::GetWindowWidth() - ui::Px(16);
    float full_right_side = button_width + ui::Px(12) + ConnectionWidth(state.connection.status, false) +
                            (user_name.empty() ? 0 : ImGui::CalcTextSize(user_name.c_str()).x + ui::Px(24)) +
                            NotificationBellWidth();
    bool compact = ui::Px(16) + radius * 3.6f + ui::Px(8) + brand_width + ui::Px(28) + tabs_width + full_right_side > right;

    // Brand.
    DrawMark(draw, ImVec2(origin.x + ui::Px(16) + radius * 1.6f, origin.y + height * 0.5f), radius);
    ImGui::SetCursorPos(ImVec2(ui::Px(16) + radius * 3.6f + ui::Px(8), (height - ImGui::GetFontSize()) * 0.5f));
    if (!compact) {
        ImGui::PushFont(ui::Font(ui::FontRole::Strong));
        ImGui::TextUnformatted("Tandem");
        ImGui::PopFont();
        ui::Mirror("brand", "Tandem");
        ImGui::SameLine(0, ui::Px(28));
    }

    // Navigation.
    if (compact) {
        DrawNavMenu(state, intents, height);
    } else {
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
    }

    // Right side: connection and theme, placed explicitly (not by SameLine) so both sit on the
    // bar's midline whatever the tabs' line height.
    float connection_width = ConnectionWidth(state.connection.status, compact);
    std::string user_label = compact ? Initials(user_name) : user_name;
    float user_width = user_label.empty() ? 0 : ImGui::CalcTextSize(user_label.c_str()).x + ui::Px(24);
    ImGui::SetCursorPos(ImVec2(right - button_width - ui::Px(12) - connection_width - user_width - NotificationBellWidth(), 0));
    DrawNotificationBell(state, intents, height);
    ImGui::SetCursorPos(ImVec2(right - button_width - ui::Px(12) - connection_width - user_width, 0));
    DrawConnection(state.connection, height, compact);
    if (!user_label.empty()) {
        ImGui::SetCursorPos(ImVec2(right - button_width - ui::Px(6) - user_width, (height - ImGui::GetFrameHeight()) * 0.5f));
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
        ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0);
        if (ImGui::Button((user_label + "##user").c_str())) ImGui::OpenPopup("user-menu");
        ImGui::PopStyleVar();
        ImGui::PopStyleColor();
        ui::Mirror("user-menu", user_name);
        if (compact && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", user_name.c_str());
        if (ui::BeginMenuPopup("user-menu", ImVec2(ImGui::GetItemRectMax().x, origin.y + height), ui::Px(200), ui::Px(320),
                               ui::Px(400))) {
            const User& me = *state.session.me;
            ImGui::TextUnformatted(me.email.c_str());
            ui::MutedText(RoleLabel(me.role).c_str());
            ImGui::Separator();
            if (ImGui::Selectable(me.role == Role::Admin ? "People and accounts" : "People")) intents.Navigate(View::People);
            ui::Mirror("people", "People");
            if (Can(me.role, Action::ManageWebhooks)) {
                if (ImGui::Selectable("Webhooks")) intents.Navigate(View::Webhooks);
                ui::Mirror("webhooks", "Webhooks");
            }
            if (ImGui::Selectable("Change password")) intents.open_password_dialog = true;
            ui::Mirror("change-password", "Change password");
            if (ImGui::Selectable("Email preferences")) intents.open_email_preferences = true;
            ui::Mirror("email-preferences", "Email preferences");
            if (ImGui::Selectable("Sign out")) intents.logout = true;
            ui::Mirror("sign-out", "Sign out");
            ImGui::EndPopup();
        }
    }
    ImGui::SetCursorPos(ImVec2(right - button_width, (height - ImGui::GetFrameHeight()) * 0.5f));
    bool dark = state.theme == ui::ThemeMode::Dark;
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0);
    if (ImGui::Button(dark ? ICON_SUN "##theme" : ICON_MOON "##theme", ImVec2(button_width, button_width)))
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
