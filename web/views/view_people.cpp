// People ("#/people"): everyone with an account, their role and whether they may sign in. An admin
// also adds people, switches accounts off and on, and makes the one-time link with which someone
// sets a password (a newcomer, or someone who forgot theirs), to pass on to them.
#include <cstdio>
#include <string>

#include "tandem/time.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/form_guard.h"
#include "views/views.h"

namespace tandem {

namespace {

class PeopleView final : public ViewBase {
public:
    void Draw(const AppState& state, Intents& intents) override {
        bool admin = state.session.me && state.session.me->role == Role::Admin;
        ui::PageHeader("People", admin ? "Accounts, roles, and the links with which people set a password."
                                       : "Everyone with an account, and their role.");
        if (admin) DrawAdminBar(state, intents);
        if (!state.users.value) {
            if (state.users.Failed()) ui::ErrorText("people-load-error", state.users.error, true);
            else ui::Spinner(ui::Px(10));
            return;
        }
        DrawTable(state, intents, admin);
    }

private:
    void DrawAdminBar(const AppState& state, Intents& intents) {
        const PeopleState& people = state.people;
        if (people.link) DrawLink(state, intents, *people.link);
        if (!people.action.error.empty()) ui::ErrorText("people-error", people.action.error, true);
        if (!m_adding) {
            if (ui::PrimaryButton(ICON_PLUS "  Add person")) m_adding = true;
            ui::Mirror("people-add", "Add person");
        } else {
            DrawAddForm(state, intents);
        }
        ImGui::Dummy(ImVec2(0, ui::Px(6)));
    }

    // The link is shown once, here: the admin copies it and passes it on (it is not sent by mail).
    void DrawLink(const AppState& state, Intents& intents, const PeopleState::Link& link) {
        std::string who = UserName(state, link.user_id);
        ui::BeginCard("people-link-card", ("A sign-in link for " + who).c_str(), ImVec2(0, 0));
        ImGui::PushTextWrapPos(0);
        ui::MutedText(("Send this link to " + who + ". It sets a new password once, until " +
                       FormatTimestamp(link.expires_at).substr(0, 16).replace(10, 1, " ") +
                       " UTC; a newer link replaces it. Whoever has it can set the password: send it only to them.")
                          .c_str());
        ImGui::PopTextWrapPos();
        std::snprintf(m_url, sizeof m_url, "%s", link.url.c_str());
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - ui::Px(190));
        ImGui::InputText("##link", m_url, sizeof m_url, ImGuiInputTextFlags_ReadOnly | ImGuiInputTextFlags_AutoSelectAll);
        std::string field_name = "Sign-in link for " + who;
        ui::Mirror("people-link-url", link.url, {.name = field_name});
        ImGui::SameLine();
        if (ui::PrimaryButton(ICON_COPY "  Copy")) intents.copy = link.url;
        ui::Mirror("people-link-copy", "Copy");
        ImGui::SameLine();
        if (ImGui::Button("Done")) intents.people.dismiss_link = true;
        ui::Mirror("people-link-done", "Done");
        ImGui::EndChild();
        ImGui::Dummy(ImVec2(0, ui::Px(6)));
    }

    void DrawAddForm(const AppState& state, Intents& intents) {
        FormGuard::Keys keys = m_guard.Begin("people-add-form");
        float field = ui::Px(220);
        ImGui::TextUnformatted("Name");
        ImGui::SameLine(field + ui::Px(12));
        ImGui::TextUnformatted("Email");
        ImGui::SameLine(2 * (field + ui::Px(12)));
        ImGui::TextUnformatted("Role");
        ImGui::SetNextItemWidth(field);
        ImGui::InputText("##name", m_name, sizeof m_name);
        ui::Mirror("people-add-name", m_name, {.name = "Name"});
        ImGui::SameLine();
        ImGui::SetNextItemWidth(field);
        ImGui::InputText("##email", m_email, sizeof m_email);
        ui::Mirror("people-add-email", m_email, {.name = "Email"});
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ui::Px(170));
        if (ImGui::BeginCombo("##role", RoleLabel(m_role).c_str())) {
            for (const auto& [role, name] : EnumValues<Role>()) {
                if (ImGui::Selectable(RoleLabel(role).c_str(), m_role == role)) m_role = role;
                ui::Mirror("people-add-role/" + std::string(name), RoleLabel(role));
            }
            ImGui::EndCombo();
        }
        ui::Mirror("people-add-role", RoleLabel(m_role), {.role = ui::Role::Combobox, .name = "Role"});
        ImGui::SameLine();
        bool busy = state.people.action.in_flight;
        bool ready = !busy && m_name[0] != '\0' && m_email[0] != '\0';
        ImGui::BeginDisabled(!ready);
        bool submit = ui::PrimaryButton(busy ? "Adding…" : "Add and make a link") || (keys.submit && ready);
        ImGui::EndDisabled();
        ui::Mirror("people-add-submit", "Add and make a link");
        ImGui::SameLine();
        bool close = ImGui::Button("Cancel") || keys.cancel;
        ui::Mirror("people-add-cancel", "Cancel");
        ui::MutedText("They set their own password with the link (or sign in with single sign-on, where it is set up).");
        bool unsaved = !submit && (m_name[0] != '\0' || m_email[0] != '\0' || m_role != Role::SalesRep);
        if (submit) intents.people.add = NewUser{m_email, m_name, m_role, ""};
        if (m_guard.End(state, intents, close, unsaved, "Discard the person you were adding?") || submit) {
            m_adding = false;
            m_name[0] = m_email[0] = '\0';
            m_role = Role::SalesRep;
        }
    }

    void DrawTable(const AppState& state, Intents& intents, bool admin) {
        ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_PadOuterX;
        if (!ui::BeginPageTable("people", admin ? 5 : 4, flags, ImVec2(0, ImGui::GetContentRegionAvail().y),
                                ui::Px(admin ? 900 : 600))) return;
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("Email", ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableSetupColumn("Role", ImGuiTableColumnFlags_WidthFixed, ui::Px(150));
        ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, ui::Px(110));
        if (admin) ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ui::Px(300));
        ImGui::TableHeadersRow();
        bool busy = state.people.action.in_flight;
        for (const User& user : *state.users.value) {
            std::string id = std::to_string(user.id);
            ImGui::PushID(static_cast<int>(user.id));
            ImGui::TableNextRow(ImGuiTableRowFlags_None, ui::Px(34));
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(user.name.c_str());
            std::string said = user.name + ", " + user.email + ", " + RoleLabel(user.role) + ", " +
                               (user.active ? "Active" : "Deactivated");
            ui::Mirror("people-row-" + id,
                       user.name + "|" + user.email + "|" + std::string(ToString(user.role)) + "|" +
                           (user.active ? "active" : "deactivated"),
                       {.name = said});
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(user.email.c_str());
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(RoleLabel(user.role).c_str());
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            ImGui::TextColored(user.active ? ui::Colors().good : ui::Colors().text_muted, "%s",
                               user.active ? "Active" : "Deactivated");
            if (admin) {
                ImGui::TableNextColumn();
                bool self = state.session.me && state.session.me->id == user.id;
                ImGui::BeginDisabled(busy || !user.active);
                if (ImGui::SmallButton("Password link")) intents.people.make_link = user.id;
                ImGui::EndDisabled();
                ui::Mirror("people-link-" + id, "Password link");
                ImGui::SameLine();
                ImGui::BeginDisabled(busy || self);
                if (ImGui::SmallButton(user.active ? "Deactivate" : "Activate"))
                    intents.people.set_active = std::make_pair(user.id, !user.active);
                ImGui::EndDisabled();
                ui::Mirror("people-active-" + id, user.active ? "Deactivate" : "Activate");
                if (user.active && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
                    ImGui::SetTooltip(self ? "You cannot switch off your own account" : "Signs them out everywhere at once");
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }

    bool m_adding = false;
    FormGuard m_guard;
    char m_name[200] = {};
    char m_email[256] = {};
    Role m_role = Role::SalesRep;
    char m_url[512] = {};
};

}  // namespace

std::unique_ptr<ViewBase> MakePeopleView() { return std::make_unique<PeopleView>(); }

}  // namespace tandem
