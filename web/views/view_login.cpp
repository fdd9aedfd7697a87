// The sign-in page, shown instead of any view while nobody is signed in: email and password, and
// "Sign in with <provider>" when single sign-on is set up (only that, with password sign-in off).
#include <optional>
#include <string>
#include <utility>

#include "platform/login_form.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/views.h"

namespace tandem {

namespace {

// What the server's sso_error codes mean to the person who just tried (the server log has details).
std::string SsoErrorText(const std::string& code) {
    if (code == "unreachable") return "The sign-in service cannot be reached right now; try again, or ask your admin.";
    if (code == "expired") return "That sign-in took too long or was already used; please try again.";
    if (code == "mismatch") return "That sign-in was started in another browser or tab; please try again here.";
    if (code == "not_allowed") return "Your company account has no access to Tandem yet; ask an admin to add you.";
    if (code == "inactive") return "Your Tandem account is deactivated; ask an admin.";
    if (code == "no_email") return "The sign-in service did not share your email address; ask your admin.";
    return "Single sign-on did not work; ask your admin to check the server log.";
}

class LoginView final : public ViewBase {
public:
    void Draw(const AppState& state, Intents& intents) override {
        float width = std::min(ImGui::GetContentRegionAvail().x, ui::Px(380));
        ImGui::SetCursorPos(ImVec2((ImGui::GetWindowWidth() - width) * 0.5f, ui::Px(72)));
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ui::Px(28), ui::Px(24)));
        ui::BeginPanel("login", ImVec2(width, 0), ImGuiChildFlags_AutoResizeY);
        ImGui::PushFont(ui::Font(ui::FontRole::Heading));
        ImGui::TextUnformatted("Sign in");
        ImGui::PopFont();
        ui::Mirror("login-title", "Sign in", {.role = ui::Role::Heading, .level = 1});
        ui::MutedText("One set of facts for sales and marketing.");
        ImGui::Dummy(ImVec2(0, ui::Px(8)));

        const std::optional<AuthConfig>& config = state.session.auth;
        auto sso_error = state.route.query.find("sso_error");
        if (state.route.view == View::Login && sso_error != state.route.query.end())
            ui::ErrorText("login-sso-error", SsoErrorText(sso_error->second), true);
        // Until the setup is known, the password form is what most servers have.
        bool passwords = !config || config->password_login;
        if (passwords) DrawPasswordForm(state, intents);
        if (config && config->sso_name) {
            if (passwords) {
                ImGui::Dummy(ImVec2(0, ui::Px(6)));
                ui::MutedText("or");
                ImGui::Dummy(ImVec2(0, ui::Px(2)));
            }
            std::string label = "Sign in with " + *config->sso_name;
            bool clicked = passwords ? ImGui::Button(label.c_str(), ImVec2(-1, 0)) : ui::PrimaryButton(label.c_str(), ImVec2(-1, 0));
            if (clicked) intents.start_sso = true;
            ui::Mirror("login-sso", label);
        }
        ImGui::EndChild();
        ImGui::PopStyleVar();
    }

private:
    // The inputs are the page's own (platform/login_form.h); the canvas draws their labels, the
    // error and the button around the space it keeps for them.
    void DrawPasswordForm(const AppState& state, Intents& intents) {
        ImGui::TextUnformatted("Email");
        platform::Box email = ReserveInput();
        ui::Mirror("login-email", "Email");
        ImGui::TextUnformatted("Password");
        platform::Box password = ReserveInput();
        ui::Mirror("login-password", "Password");
        platform::PlaceLoginForm(email, password, state.theme == ui::ThemeMode::Dark);
        ImGui::Dummy(ImVec2(0, ui::Px(4)));

        if (!state.session.login_error.empty()) ui::ErrorText("login-error", state.session.login_error, true);
        bool busy = state.session.login_in_flight;
        ImGui::BeginDisabled(busy || !platform::LoginFormFilled());
        if (ui::PrimaryButton(busy ? "Signing in…" : "Sign in", ImVec2(-1, 0))) platform::SubmitLoginForm();
        ImGui::EndDisabled();
        ui::Mirror("login-submit", "Sign in");

        std::optional<platform::Credentials> submitted = platform::TakeLoginSubmit();
        if (submitted && !busy && !submitted->email.empty() && !submitted->password.empty())
            intents.login = LoginRequest{std::move(submitted->email), std::move(submitted->password)};
    }

    static platform::Box ReserveInput() {
        ImVec2 pos = ImGui::GetCursorScreenPos();
        ImVec2 size(ImGui::GetContentRegionAvail().x, ImGui::GetFrameHeight() + ui::Px(4));
        ImGui::Dummy(size);
        return {pos.x, pos.y, size.x, size.y};
    }
};

}  // namespace

std::unique_ptr<ViewBase> MakeLoginView() { return std::make_unique<LoginView>(); }

}  // namespace tandem
