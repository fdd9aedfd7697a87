// The password change dialog.
#include "views/password_dialog.h"

#include <cstring>
#include <string>

#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"

namespace tandem {

namespace {

void PasswordField(const char* label, const char* id, char* buffer, std::size_t size) {
    ui::FieldLabel(label);
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText(id, buffer, size, ImGuiInputTextFlags_Password);
    ui::Mirror(std::string("password-") + (id + 2), label);
}

}  // namespace

void PasswordDialog::Clear() {
    std::memset(m_current, 0, sizeof m_current);
    std::memset(m_new, 0, sizeof m_new);
    std::memset(m_again, 0, sizeof m_again);
}

void PasswordDialog::Draw(const AppState& state, Intents& intents) {
    const char* popup = "Change password##dialog";
    if (m_open_requested) {
        Clear();
        ImGui::OpenPopup(popup);
        m_open_requested = false;
    }
    if (!ui::BeginDialog(popup, ui::Px(440), 0.35f)) return;
    FormGuard::Keys keys = m_guard.Begin("password-form");
    const FormProgress& progress = state.session.password_change;
    ImGui::PushFont(ui::Font(ui::FontRole::Heading));
    ImGui::TextUnformatted("Change password");
    ImGui::PopFont();
    ui::Mirror("password-title", "Change password", {.role = ui::Role::Heading, .level = 2});
    bool close = false;
    if (progress.done) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted("Your password is changed. Your other sessions (other browsers, other machines) are signed out.");
        ImGui::PopTextWrapPos();
        ui::Mirror("password-done", "Your password is changed.", {.role = ui::Role::Status});
        ImGui::Dummy(ImVec2(0, ui::Px(4)));
        close = ui::PrimaryButton("Done") || keys.cancel;
        ui::Mirror("password-close", "Done");
    } else {
        ui::BeginDialogBody();
        PasswordField("Current password", "##current", m_current, sizeof m_current);
        PasswordField("New password (at least 12 characters)", "##new", m_new, sizeof m_new);
        PasswordField("The new one again", "##again", m_again, sizeof m_again);
        bool differ = m_again[0] != '\0' && std::strcmp(m_new, m_again) != 0;
        std::string error = differ ? "The two new passwords differ." : progress.error;
        if (!error.empty()) ui::ErrorText("password-error", error, true);
        ui::EndDialogBody();
        ImGui::Dummy(ImVec2(0, ui::Px(4)));
        bool ready = !progress.in_flight && m_current[0] != '\0' && m_new[0] != '\0' && m_again[0] != '\0' && !differ;
        ImGui::BeginDisabled(!ready);
        bool submit = ui::PrimaryButton(progress.in_flight ? "Saving…" : "Change password") || keys.submit;
        ImGui::EndDisabled();
        ui::Mirror("password-submit", "Change password");
        ImGui::SameLine();
        close = ImGui::Button("Cancel") || keys.cancel;
        ui::Mirror("password-cancel", "Cancel");
        if (submit && ready) intents.change_password = PasswordChange{m_current, m_new};
    }
    bool unsaved = !progress.done && (m_current[0] != '\0' || m_new[0] != '\0' || m_again[0] != '\0');
    if (m_guard.End(state, intents, close, unsaved, "Discard the password change?")) {
        Clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace tandem
