// The email preferences dialog.
#include "views/email_dialog.h"

#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"

namespace tandem {

namespace {

bool Toggle(const char* id, const char* label, bool& on) {
    bool changed = ImGui::Checkbox(label, &on);
    ui::Mirror(id, label);
    return changed;
}

}  // namespace

void EmailPreferencesDialog::Draw(const AppState& state, Intents& intents) {
    const char* popup = "Email preferences##dialog";
    if (m_open_requested) {
        ImGui::OpenPopup(popup);
        m_open_requested = false;
    }
    if (!ui::BeginDialog(popup, ui::Px(440), 0.35f)) return;
    FormGuard::Keys keys = m_guard.Begin("email-prefs");
    ImGui::PushFont(ui::Font(ui::FontRole::Heading));
    ImGui::TextUnformatted("Email preferences");
    ImGui::PopFont();
    ui::Mirror("email-prefs-title", "Email preferences", {.role = ui::Role::Heading, .level = 2});
    ui::BeginDialogBody();
    const Remote<EmailPreferences>& remote = state.session.email_preferences;
    const FormProgress& save = state.session.email_preferences_save;
    std::string status = "Loading…";
    if (remote.Failed()) status = "Not loaded: " + remote.error;
    if (remote.value) {
        if (!save.in_flight) m_shown = *remote.value;
        bool changed = Toggle("email-pref-content_requests", "A content request I asked for is done", m_shown.content_requests);
        // Only sales leaders are sent breaches.
        if (state.session.me->role == Role::SalesLeader)
            changed |= Toggle("email-pref-sla_breaches", "A lead waits past the first-response SLA", m_shown.sla_breaches);
        changed |= Toggle("email-pref-wins_digest", "The weekly wins digest, Monday mornings", m_shown.wins_digest);
        if (changed) intents.save_email_preferences = m_shown;
        status = save.in_flight ? "Saving…" : !save.error.empty() ? "Not saved: " + save.error
                                           : save.done ? "Saved." : "Each change is saved at once.";
    }
    ui::MutedText(status.c_str());
    ui::Mirror("email-prefs-status", status, {.role = ui::Role::Status});
    ui::EndDialogBody();
    ImGui::Dummy(ImVec2(0, ui::Px(4)));
    bool close = ui::PrimaryButton("Done") || keys.cancel;
    ui::Mirror("email-prefs-close", "Done");
    if (m_guard.End(state, intents, close, false, "")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace tandem
