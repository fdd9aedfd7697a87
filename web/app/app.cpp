// One frame: apply responses, stream events and URL changes; draw if something can have changed
// (publishing the UI mirror); carry out intents; keep the data in sync.
#include "app/app.h"

#include <cmath>
#include <imgui_internal.h>
#include <nlohmann/json.hpp>
#include <string>

#include "app/connection.h"
#include "app/page_title.h"
#include "app/router.h"
#include "app/scorecard_sync.h"
#include "app/session.h"
#include "platform/page.h"
#include "platform/platform.h"
#include "ui/icons.h"
#include "ui/keys.h"
#include "ui/layout_probe.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "ui/world_fonts.h"
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
    ui::EnableMirrorHooks();
    m_state.theme = platform::LoadSetting("theme") == "dark" ? ui::ThemeMode::Dark : ui::ThemeMode::Light;
    SyncRouteFromUrl(m_state, true);
}

App::~App() = default;

ViewBase& App::ViewFor(View view) {
    std::unique_ptr<ViewBase>& slot = m_views[static_cast<int>(view)];
    if (!slot) {
        switch (view) {
        case View::Scorecard: slot = MakeScorecardView(); break;
        case View::Definition: slot = MakeDefinitionView(); break;
        case View::Campaigns: slot = MakeCampaignsView(); break;
        case View::Leads: slot = MakeLeadsView(); break;
        case View::Feedback: slot = MakeFeedbackView(); break;
        case View::People: slot = MakePeopleView(); break;
        case View::Webhooks: slot = MakeWebhooksView(); break;
        case View::Login: slot = MakeLoginView(); break;
        case View::ResetPassword: slot = MakeResetPasswordView(); break;
        case View::NotFound: slot = MakeNotFoundView(); break;
        }
    }
    return *slot;
}

// Someone else signed in on this tab (after a sign-out or an expired session): nothing the last
// person typed stays in a view. The same person signing in again keeps their unsent form.
void App::ForgetPreviousUser() {
    if (m_state.session.status != Session::Status::SignedIn || !m_state.session.me) return;
    std::int64_t id = m_state.session.me->id;
    if (m_views_for && *m_views_for != id) {
        for (std::unique_ptr<ViewBase>& view : m_views) view.reset();
        ClearUserData(m_state);
    }
    m_views_for = id;
}

void App::Frame() {
    m_state.now = platform::NowSeconds();
    m_state.wall_now = platform::WallSeconds();
    SyncRouteFromUrl(m_state, false);
    m_api.ApplyFinished(m_state);
    m_live.Apply(m_state);
    ForgetPreviousUser();
    ui::RetryWorldFonts(m_state.now);

    float scale = platform::UpdateCanvasSize();
    Intents intents;
    platform::Activity activity = platform::TakeActivity();
    // ImGui takes one key or character a frame: fast typing leaves some queued after the input has
    // stopped, and they must still reach their field.
    if (ImGui::GetCurrentContext()->InputEventsQueue.Size > 0) activity.input = true;
    if (m_pacer.ShouldDraw(m_state.now, m_state.wall_now, activity)) Draw(scale, intents);
    Carry(intents);
    UpdateConnection(m_state, m_api, intents.check_connection_now);
    Sync();
}

void App::Draw(float scale, Intents& intents) {
    ui::NoteQueuedInput();
    if (scale != m_applied_scale || m_state.theme != m_applied_theme || ui::WorldFontsChanged()) {
        if (ui::ApplyTheme(m_state.theme, scale)) platform::ReloadFontTexture();
        m_applied_scale = scale;
        m_applied_theme = m_state.theme;
    }
    platform::BeginFrame();
    ui::BeginMirrorFrame();

    float top = DrawTopBar(m_state, intents);
    DrawContent(top, intents);
    HandleShortcuts(intents);
    m_state.unsaved = intents.unsaved;
    platform::WarnBeforeLeaving(intents.unsaved);
    platform::SetTitle(PageTitle(m_state));

    ui::MirrorValue("route", FormatRoute(m_state.route));
    ui::MirrorValue("theme", m_state.theme == ui::ThemeMode::Dark ? "dark" : "light");
    const ImVec4& background = ui::Colors().background;
    ui::MirrorValue("session", m_state.session.status == Session::Status::SignedIn    ? "signed-in"
                               : m_state.session.status == Session::Status::SignedOut ? "signed-out"
                                                                                      : "checking");
    ui::MirrorValue("live", m_state.live ? "yes" : "no");
    // Characters drawn as the fallback box until their script's font arrives: 0 once it has.
    ui::MirrorValue("glyphs-missing", std::to_string(ui::MissingGlyphs()));
    // ImGui hands a frame one key or character at a time: what is still queued, for tools that type
    // and must wait until every keystroke has reached its field.
    ui::MirrorValue("input-pending", std::to_string(ImGui::GetCurrentContext()->InputEventsQueue.Size));
    // Windows whose content does not fit and cannot scroll to it, and how far the page and the
    // dialog scroll, for the layout tests.
    ui::MirrorLayoutProbe();
    platform::EndFrame(background.x, background.y, background.z);
    // The drawing buffer still holds this frame: the only moment a snapshot can read it.
    if (intents.snapshot_png && m_state.scorecard.value)
        platform::DownloadCanvasPng("tandem-scorecard-" + FormatDate(m_state.scorecard.value->from) + ".png");
    std::string mirror = ui::EndMirrorFrame();
    platform::PublishUi(mirror, ++m_frame, ui::MirrorMilliseconds());
    if (m_frame == 2) platform::HideLoadingScreen();   // ImGui draws its first complete frame second
}

void App::Sync() {
    bool online = m_state.connection.status == ConnectionStatus::Online;
    if (m_state.session.status == Session::Status::Checking && online) CheckSession(m_state, m_api);
    m_live.Follow(m_state);
    if (m_state.session.status == Session::Status::SignedOut && online) LoadAuthConfig(m_state, m_api);
    if (m_state.session.status != Session::Status::SignedIn) return;
    // Signed in (with a password, or back from the identity provider): the sign-in page is done.
    if (m_state.route.view == View::Login) NavigateTo(m_state, Route{});
    if (m_state.users.Wants("/api/users")) {
        m_state.users.Begin("/api/users", m_state.now);
        m_api.Get("/api/users", [](AppState& s, const ApiResult& result) {
            if (!result.Ok()) return s.users.Fail(result.ErrorMessage());
            try {
                std::vector<User> users;
                // Named: a range-for over a member of a temporary would read a destroyed object.
                nlohmann::json page = nlohmann::json::parse(result.body);
                for (const nlohmann::json& user : page.at("items")) users.push_back(UserFromServerJson(user));
                s.users.Succeed(std::move(users));
            } catch (const std::exception& e) {
                s.users.Fail(e.what());
            }
        });
    }
    SyncScorecard(m_state, m_api);
    SyncDefinition(m_state, m_api);
    SyncCampaigns(m_state, m_api);
    SyncLeads(m_state, m_api);
    SyncFeedback(m_state, m_api);
    SyncWebhooks(m_state, m_api);
}

void App::DrawContent(float top, Intents& intents) {
    ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(viewport->Pos.x, viewport->Pos.y + top));
    ImGui::SetNextWindowSize(ImVec2(viewport->Size.x, viewport->Size.y - top));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ui::Px(28), ui::Px(22)));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
    // No background of its own: the frame is cleared to that colour, and software WebGL pays per pixel.
    ImGui::Begin("##content", nullptr,
                 ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground);
    ImGui::PopStyleVar(2);
    if (m_state.connection.status == ConnectionStatus::Offline) {
        if (ui::Banner("offline-banner", ui::BannerKind::Error, OfflineMessage(m_state.connection, m_state.now).c_str(),
                       "Retry now"))
            intents.check_connection_now = true;
        ImGui::Dummy(ImVec2(0, ui::Px(6)));
    }
    // A reset link works for anyone who has it; everything else needs someone signed in.
    if (m_state.route.view == View::ResetPassword) {
        ViewFor(View::ResetPassword).Draw(m_state, intents);
    } else {
        switch (m_state.session.status) {
        case Session::Status::SignedIn:
            ViewFor(m_state.route.view == View::Login ? View::Scorecard : m_state.route.view).Draw(m_state, intents);
            break;
        case Session::Status::SignedOut: ViewFor(View::Login).Draw(m_state, intents); break;
        case Session::Status::Checking:
            ui::Spinner(ui::Px(10));
            ui::Mirror("session-checking", "Checking your session");
            break;
        }
    }
    if (m_state.session.status == Session::Status::SignedIn) {
        m_password_dialog.Draw(m_state, intents);
        m_email_dialog.Draw(m_state, intents);
    }
    ImGui::End();
}

void App::HandleShortcuts(Intents& intents) {
    // Digits switch views, unless the keyboard is busy elsewhere: a field, a form, a dialog, a menu.
    if (m_state.session.status != Session::Status::SignedIn) return;
    if (!ui::PageKeysFree() || intents.keyboard_in_form) return;
    const ImGuiIO& io = ImGui::GetIO();
    if (io.KeyCtrl || io.KeyAlt || io.KeySuper) return;
    int digit = 1;
    for (View view : kNavigableViews) {
        if (ImGui::IsKeyPressed(DigitKey(digit), false)) intents.Navigate(view);
        ++digit;
    }
}

void App::Carry(const Intents& intents) {
    if (intents.copy) platform::CopyToClipboard(*intents.copy);
    if (intents.open_url) platform::GoTo(*intents.open_url);
    if (intents.login) SignIn(m_state, m_api, *intents.login);
    if (intents.start_sso) StartSingleSignOn(m_state);
    if (intents.logout) {
        SignOut(m_state, m_api);
        for (std::unique_ptr<ViewBase>& view : m_views) view.reset();   // nothing typed stays, not even the email
        m_views_for.reset();
    }
    if (intents.open_password_dialog) {
        m_state.session.password_change = {};
        m_password_dialog.Open();
    }
    if (intents.change_password) ChangePassword(m_state, m_api, *intents.change_password);
    if (intents.open_email_preferences) {
        LoadEmailPreferences(m_state, m_api);
        m_email_dialog.Open();
    }
    if (intents.save_email_preferences) SaveEmailPreferences(m_state, m_api, *intents.save_email_preferences);
    if (intents.reset_password) ResetPassword(m_state, m_api, *intents.reset_password);
    CarryPeople(m_state, m_api, intents.people);
    CarryWebhooks(m_state, m_api, intents.webhooks);
    if (intents.refresh_scorecard) m_state.scorecard.stale = true;
    CarryDefinition(m_state, m_api, intents.definition);
    CarryCampaigns(m_state, m_api, intents.campaigns);
    CarryLeads(m_state, m_api, intents.leads);
    CarryFeedback(m_state, m_api, intents.feedback);
    if (intents.export_scorecard_csv && m_state.scorecard.value) {
        const ScorecardView& view = *m_state.scorecard.value;
        platform::DownloadFile("tandem-scorecard-" + FormatDate(view.from) + ".csv", "text/csv", ScorecardCsv(view));
    }
    // A navigation held back for a form's question goes once it is answered, or at once when no form
    // holds unsaved changes any more.
    if (intents.leave) AnswerLeaving(m_state, *intents.leave);
    else if (m_state.leaving && !m_state.unsaved) AnswerLeaving(m_state, true);
    if (intents.navigate) RequestNavigation(m_state, *intents.navigate);
    if (intents.theme) {
        m_state.theme = *intents.theme;
        platform::SaveSetting("theme", m_state.theme == ui::ThemeMode::Dark ? "dark" : "light");
    }
}

}  // namespace tandem
