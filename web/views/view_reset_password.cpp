// The page a one-time reset link opens ("#/reset-password?token=..."): the new password twice,
// then a way to sign in with it. Anyone with the link may use it, signed in or not.
#include <cstring>
#include <string>

#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/views.h"

namespace tandem {

namespace {

class ResetPasswordView final : public ViewBase {
public:
    void Draw(const AppState& state, Intents& intents) override {
        const FormProgress& progress = state.session.password_reset;
        float width = std::min(ImGui::GetContentRegionAvail().x, ui::Px(420));
        ImGui::SetCursorPos(ImVec2((ImGui::GetWindowWidth() - width) * 0.5f, ui::Px(72)));
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ui::Px(28), ui::Px(24)));
        ui::BeginPanel("reset-password", ImVec2(width, 0), ImGuiChildFlags_AutoResizeY);
        ImGui::PushFont(ui::Font(ui::FontRole::Heading));
        ImGui::TextUnformatted("Set a new password");
        ImGui::PopFont();
        ui::Mirror("reset-title", "Set a new password", {.role = ui::Role::Heading, .level = 1});
        ImGui::PushTextWrapPos(0);
        if (progress.done) {
            ImGui::TextUnformatted("Your password is set. Every earlier session of yours has been signed out.");
            ui::Mirror("reset-done", "Your password is set.", {.role = ui::Role::Status});
            ImGui::PopTextWrapPos();
            ImGui::Dummy(ImVec2(0, ui::Px(6)));
            if (ui::PrimaryButton("Sign in", ImVec2(-1, 0))) intents.Navigate(View::Login);
            ui::Mirror("reset-sign-in", "Sign in", {.role = ui::Role::Link});
        } else {
            ui::MutedText("At least 12 characters. A phrase of a few words you will remember is best; common "
                          "passwords are refused.");
            ImGui::PopTextWrapPos();
            ImGui::Dummy(ImVec2(0, ui::Px(4)));
            DrawForm(state, intents);
        }
        ImGui::EndChild();
        ImGui::PopStyleVar();
    }

private:
    void DrawForm(const AppState& state, Intents& intents) {
        const FormProgress& progress = state.session.password_reset;
        bool submit = false;
        ui::FieldLabel("New password");
        ImGui::SetNextItemWidth(-1);
        ImGui::InputText("##new", m_password, sizeof m_password, ImGuiInputTextFlags_Password);
        submit |= ui::EnterPressedIn();
        ui::Mirror("reset-new", "New password");
        ui::FieldLabel("The same again");
        ImGui::SetNextItemWidth(-1);
        ImGui::InputText("##again", m_again, sizeof m_again, ImGuiInputTextFlags_Password);
        submit |= ui::EnterPressedIn();
        ui::Mirror("reset-again", "The same again");
        bool differ = m_again[0] != '\0' && std::strcmp(m_password, m_again) != 0;
        std::string error = differ ? "The two passwords differ." : progress.error;
        if (!error.empty()) ui::ErrorText("reset-error", error, true);
        ImGui::Dummy(ImVec2(0, ui::Px(4)));
        bool ready = !progress.in_flight && m_password[0] != '\0' && !differ && m_again[0] != '\0';
        ImGui::BeginDisabled(!ready);
        submit |= ui::PrimaryButton(progress.in_flight ? "Saving…" : "Set password", ImVec2(-1, 0));
        ImGui::EndDisabled();
        ui::Mirror("reset-submit", "Set password");
        auto token = state.route.query.find("token");
        if (submit && ready && token != state.route.query.end()) {
            intents.reset_password = PasswordResetRequest{token->second, m_password};
            std::memset(m_password, 0, sizeof m_password);
            std::memset(m_again, 0, sizeof m_again);
        }
    }

    char m_password[256] = {};
    char m_again[256] = {};
};

}  // namespace

std::unique_ptr<ViewBase> MakeResetPasswordView() { return std::make_unique<ResetPasswordView>(); }

}  // namespace tandem
