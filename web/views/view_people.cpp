// People ("#/people"): everyone with an account, their role and whether they may sign in. An admin
// also adds people, switches accounts off and on, and makes the one-time link with which someone
// sets a password (a newcomer, or someone who forgot theirs), to pass on to them.
#include <algorithm>
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

    // The link is shown once, here: the admin copies it and passes it on, unless the server emailed it.
    void DrawLink(const AppState& state, Intents& intents, const PeopleState::Link& link) {
        std::string who = UserName(state, link.user_id);
        ui::BeginCard("people-link-card", ("A sign-in link for " + who).c_str(), ImVec2(0, 0));
        ImGui::PushTextWrapPos(0);
        std::string until = FormatTimestamp(link.expires_at).substr(0, 16).replace(10, 1, " ");
        std::string said = link.emailed
                               ? "Emailed to " + who + ". It sets a new password once, until " + until +
                                     " UTC; a newer link replaces it. It is here too, should the email not arrive."
                               : "Send this link to " + who + ". It sets a new password once, until " + until +
                                     " UTC; a newer link replaces it. Whoever has it can set the password: send it only to them.";
        ui::MutedText(said.c_str());
        ui::Mirror("people-link-said", said);
        ImGui::PopTextWrapPos();
        std::snprintf(m_url, sizeof m_url, "%s", link.url.c_str());
        ImGui::SetNextItemWidth(std::max(ui::Px(200), ImGui::GetContentRegionAvail().x - ui::Px(190)));
        ImGui::InputText("##link", m_url, sizeof m_url, ImGuiInputTextFlags_ReadOnly | ImGuiInputTextFlags_AutoSelectAll);
        std::string field_name = "Sign-in link for " + who;
        ui::Mirror("people-link-url", link.url, {.name = field_name});
        ImGui::BeginGroup();   // beside the link, or under it where the window is narrow
        ui::HeaderActionsAt(ui::Px(180));
        if (ui::PrimaryButton(ICON_COPY "  Copy")) intents.copy = link.url;
        ui::Mirror("people-link-copy", "Copy");
        ImGui::SameLine();
        if (ImGui::Button("Done")) intents.people.dismiss_link = true;
        ui::Mirror("people-link-done", "Done");
        ImGui::EndGroup();
        ImGui::EndChild();
        ImGui::Dummy(ImVec2(0, ui::Px(6)));
    }

    void DrawAddForm(const AppState& state, Intents& intents) {
        FormGuard::Keys keys = m_guard.Begin("people-add-form");
        // Each field under its label; they wrap onto more lines where the window is narrow. Every
        // label is aligned as a field's text is, so labels beside each other stay level.
        float field = std::min(ui::Px(220), ImGui::GetContentRegionAvail().x);
        ui::Flow flow("add-form", ui::Px(12));
        flow.Next();
        ImGui::BeginGroup();
        ImGui::AlignTextToFramePadding();
        ui::FieldLabel("Name");
        ImGui::SetNextItemWidth(field);
        ImGui::InputText("##name", m_name, sizeof m_name);
        ui::Mirror("people-add-name", m_name);
        ImGui::EndGroup();
        flow.Next();
        ImGui::BeginGroup();
        ImGui::AlignTextToFramePadding();
        ui::FieldLabel("Email");
        ImGui::SetNextItemWidth(field);
        ImGui::InputText("##email", m_email, sizeof m_email);
        ui::Mirror("people-add-email", m_email);
        ImGui::EndGroup();
        flow.Next();
        ImGui::BeginGroup();
        ImGui::AlignTextToFramePadding();
        ui::FieldLabel("Role");
        ImGui::SetNextItemWidth(std::min(ui::Px(170), field));
        if (ImGui::BeginCombo("##role", RoleLabel(m_role).c_str())) {
            for (const auto& [role, name] : EnumValues<Role>()) {
                if (ImGui::Selectable(RoleLabel(role).c_str(), m_role == role)) m_role = role;
                ui::Mirror("people-add-role/" + std::string(name), RoleLabel(role));
            }
            ImGui::EndCombo();
        }
        ui::Mirror("people-add-role", RoleLabel(m_role), {.role = ui::Role::Combobox});
        ImGui::EndGroup();
        flow.Next();
        ImGui::BeginGroup();
        ImGui::Dummy(ImVec2(0, ImGui::GetFrameHeight()));   // level with the fields, under their labels
        bool busy = state.people.action.in_flight;
        bool ready = !busy && m_name[0] != '\0' && m_email[0] != '\0';
        ImGui::BeginDisabled(!ready);
        bool submit = ui::PrimaryButton(busy ? "Adding…" : "Add and make a link") || (keys.submit && ready);
        ImGui::EndDisabled();
        ui::Mirror("people-add-submit", "Add and make a link");
        ImGui::SameLine();
        bool close = ImGui::Button("Cancel") || keys.cancel;
        ui::Mirror("people-add-cancel", "Cancel");
        ImGui::EndGroup();
        flow.End();
        ImGui::PushTextWrapPos(0);
        ui::MutedText("They set their own password with the link (or sign in with single sign-on, where it is set up).");
        ImGui::PopTextWrapPos();
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
        // Narrower than the columns need, a person's name, email, role and status stack in one
        // cell; narrower still (a phone), the admin's buttons go under them too.
        float width = ImGui::GetContentRegionAvail().x;
        bool stacked = width < ui::Px(admin ? 900 : 600);
        bool actions_column = admin && (!stacked || width >= ui::Px(560));
        int columns = stacked ? (actions_column ? 2 : 1) : (admin ? 5 : 4);
        if (!ui::BeginPageTable("people", columns, flags, ImVec2(0, ImGui::GetContentRegionAvail().y), 0)) return;
        ImGui::TableSetupScrollFreeze(0, 1);
        if (stacked) {
            ImGui::TableSetupColumn("Person", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        } else {
            ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 1.0f);
            ImGui::TableSetupColumn("Email", ImGuiTableColumnFlags_WidthStretch, 1.2f);
            ImGui::TableSetupColumn("Role", ImGuiTableColumnFlags_WidthFixed, ui::Px(150));
            ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, ui::Px(110));
        }
        if (actions_column) ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ui::Px(220));
        ImGui::TableHeadersRow();
        bool busy = state.people.action.in_flight;
        for (const User& user : *state.users.value) {
            std::string id = std::to_string(user.id);
            const char* status = user.active ? "Active" : "Deactivated";
            ImVec4 status_colour = user.active ? ui::Colors().good : ui::Colors().text_muted;
            ImGui::PushID(static_cast<int>(user.id));
            ImGui::TableNextRow(ImGuiTableRowFlags_None, ui::Px(34));
            ImGui::TableNextColumn();
            if (stacked) ImGui::Dummy(ImVec2(0, ui::Px(2)));
            else ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(user.name.c_str());
            std::string said = user.name + ", " + user.email + ", " + RoleLabel(user.role) + ", " + status;
            ui::Mirror("people-row-" + id,
                       user.name + "|" + user.email + "|" + std::string(ToString(user.role)) + "|" +
                           (user.active ? "active" : "deactivated"),
                       {.name = said});
            if (stacked) {
                ImGui::PushTextWrapPos(0);
                ui::MutedText(user.email.c_str());
                ImGui::PopTextWrapPos();
                ImGui::TextUnformatted(RoleLabel(user.role).c_str());
                ImGui::SameLine(0, ui::Px(6));
                ImGui::TextColored(status_colour, "· %s", status);
            } else {
                ImGui::TableNextColumn();
                ImGui::AlignTextToFramePadding();
                ImGui::TextUnformatted(user.email.c_str());
                ImGui::TableNextColumn();
                ImGui::AlignTextToFramePadding();
                ImGui::TextUnformatted(RoleLabel(user.role).c_str());
                ImGui::TableNextColumn();
                ImGui::AlignTextToFramePadding();
                ImGui::TextColored(status_colour, "%s", status);
            }
            if (admin) {
                if (actions_column) ImGui::TableNextColumn();
                if (stacked && actions_column) ImGui::Dummy(ImVec2(0, ui::Px(2)));
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
            if (stacked) ImGui::Dummy(ImVec2(0, ui::Px(2)));
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
