// One frame: apply responses and URL changes, draw, publish the UI mirror, carry out intents.
#include "app/app.h"

#include <cmath>
#include <string>

#include "app/connection.h"
#include "app/router.h"
#include "platform/platform.h"
#include "ui/icons.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/top_bar.h"
#include "views/views.h"

namespace tandem {

namespace {

ImGuiKey DigitKey(int digit) { return static_cast<ImGuiKey>(ImGuiKey_1 + digit - 1); }

std::string OfflineMessage(const Connection& connection, double now) {
    int seconds = static_cast<int>(std::ceil(connection.next_check_at - now));
    std::string text = ICON_WARNING "  Cannot reach the Tandem server (" + connection.error + "). ";
    text += connection.request_in_flight ? "Retrying now…" : "Retrying in " + std::to_string(std::max(seconds, 1)) + " s.";
    return text;
}

}  // namespace

App::App() {
    m_state.theme = platform::LoadSetting("theme") == "dark" ? ui::ThemeMode::Dark : ui::ThemeMode::Light;
    SyncRouteFromUrl(m_state, true);
}

App::~App() = default;

ViewBase& App::ViewFor(View view) {
    std::unique_ptr<ViewBase>& slot = m_views[static_cast<int>(view)];
    if (!slot) slot = view == View::NotFound ? MakeNotFoundView() : MakeEmptyView(view);
    return *slot;
}

void App::Frame() {
    m_state.now = platform::NowSeconds();
    SyncRouteFromUrl(m_state, false);
    m_api.ApplyFinished(m_state);

    float scale = platform::UpdateCanvasSize();
    if (scale != m_applied_scale || m_state.theme != m_applied_theme) {
        if (ui::ApplyTheme(m_state.theme, scale)) platform::ReloadFontTexture();
        m_applied_scale = scale;
        m_applied_theme = m_state.theme;
    }
    platform::BeginFrame();
    ui::BeginMirrorFrame();

    Intents intents;
    float top = DrawTopBar(m_state, intents);
    DrawContent(top, intents);
    HandleShortcuts(intents);

    ui::MirrorValue("route", FormatRoute(m_state.route));
    ui::MirrorValue("theme", m_state.theme == ui::ThemeMode::Dark ? "dark" : "light");
    const ImVec4& background = ui::Colors().background;
    platform::EndFrame(background.x, background.y, background.z);
    platform::PublishUi(ui::EndMirrorFrame(), ++m_frame);
    if (m_frame == 2) platform::HideLoadingScreen();   // ImGui draws its first complete frame second

    Carry(intents);
    UpdateConnection(m_state, m_api, intents.check_connection_now);
}

void App::DrawContent(float top, Intents& intents) {
    ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(viewport->Pos.x, viewport->Pos.y + top));
    ImGui::SetNextWindowSize(ImVec2(viewport->Size.x, viewport->Size.y - top));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ui::Px(28), ui::Px(22)));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
    ImGui::Begin("##content", nullptr,
                 ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImGui::PopStyleVar(2);
    if (m_state.connection.status == ConnectionStatus::Offline) {
        if (ui::Banner("offline-banner", ui::BannerKind::Error, OfflineMessage(m_state.connection, m_state.now).c_str(),
                       "Retry now"))
            intents.check_connection_now = true;
        ImGui::Dummy(ImVec2(0, ui::Px(6)));
    }
    ViewFor(m_state.route.view).Draw(m_state, intents);
    ImGui::End();
}

void App::HandleShortcuts(Intents& intents) {
    // Digits switch views, unless the user is typing into a field.
    if (ImGui::GetIO().WantTextInput || ImGui::GetIO().KeyCtrl || ImGui::GetIO().KeyAlt) return;
    int digit = 1;
    for (View view : kNavigableViews) {
        if (ImGui::IsKeyPressed(DigitKey(digit), false)) intents.Navigate(view);
        ++digit;
    }
}

void App::Carry(const Intents& intents) {
    if (intents.navigate && FormatRoute(*intents.navigate) != FormatRoute(m_state.route))
        NavigateTo(m_state, *intents.navigate);
    if (intents.theme) {
        m_state.theme = *intents.theme;
        platform::SaveSetting("theme", m_state.theme == ui::ThemeMode::Dark ? "dark" : "light");
    }
}

}  // namespace tandem
