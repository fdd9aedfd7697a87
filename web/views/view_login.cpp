// The sign-in form, shown instead of any view while nobody is signed in.
#include <cstring>
#include <string>

#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/views.h"

namespace tandem {

namespace {

class LoginView final : public ViewBase {
public:
    void Draw(const AppState& state, Intents& intents) override {
        const ui::Palette& colors = ui::Colors();
        float width = std::min(ImGui::GetContentRegionAvail().x, ui::Px(380));
        ImGui::SetCursorPos(ImVec2((ImGui::GetWindowWidth() - width) * 0.5f, ui::Px(72)));
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ui::Px(28), ui::Px(24)));
        ui::BeginPanel("login", ImVec2(width, 0), ImGuiChildFlags_AutoResizeY);
        ImGui::PushFont(ui::Font(ui::FontRole::Heading));
        ImGui::TextUnformatted("Sign in");
        ImGui::PopFont();
        ui::Mirror("login-title", "Sign in");
        ui::MutedText("One set of facts for sales and marketing.");
        ImGui::Dummy(ImVec2(0, ui::Px(8)));

        bool submit = false;
        ImGui::TextUnformatted("Email");
        ImGui::SetNextItemWidth(-1);
        if (m_focus_email) {
            ImGui::SetKeyboardFocusHere();
            m_focus_email = false;
        }
        submit |= ImGui::InputText("##email", m_email, sizeof m_email, ImGuiInputTextFlags_EnterReturnsTrue);
        ui::Mirror("login-email", "Email");
        ImGui::TextUnformatted("Password");
        ImGui::SetNextItemWidth(-1);
        submit |= ImGui::InputText("##password", m_password, sizeof m_password,
                                   ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
        ui::Mirror("login-password", "Password");
        ImGui::Dummy(ImVec2(0, ui::Px(4)));

        if (!state.session.login_error.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, colors.bad);
            ImGui::PushTextWrapPos(0);
            ImGui::TextUnformatted((ICON_WARNING "  " + state.session.login_error).c_str());
            ImGui::PopTextWrapPos();
            ImGui::PopStyleColor();
            ui::Mirror("login-error", state.session.login_error);
        }
        bool busy = state.session.login_in_flight;
        ImGui::BeginDisabled(busy || m_email[0] == '\0' || m_password[0] == '\0');
        ImGui::PushStyleColor(ImGuiCol_Button, colors.accent);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, colors.accent);
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
        submit |= ImGui::Button(busy ? "Signing in…" : "Sign in", ImVec2(-1, 0));
        ImGui::PopStyleColor(3);
        ImGui::EndDisabled();
        ui::Mirror("login-submit", "Sign in");
        ImGui::EndChild();
        ImGui::PopStyleVar();

        if (submit && !busy && m_email[0] != '\0' && m_password[0] != '\0') {
            intents.login = LoginRequest{m_email, m_password};
            // The password stays only as long as the request needs it.
            std::memset(m_password, 0, sizeof m_password);
        }
    }

private:
    char m_email[256] = {};
    char m_password[256] = {};
    bool m_focus_email = true;
};

}  // namespace

std::unique_ptr<ViewBase> MakeLoginView() { return std::make_unique<LoginView>(); }

}  // namespace tandem
