// The inbox: sales-ready leads waiting for sales, most urgent first, each with its SLA countdown;
// Accept, Reject (with a reason) and Claim. Leaders pick any rep's inbox and see everyone's load.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui_internal.h>

#include "app/leads.h"
#include "tandem/format.h"
#include "ui/icons.h"
#include "ui/keys.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/leads_parts.h"

namespace tandem::leads_ui {

namespace {

Route InboxRoute(const Route& from, const std::string& rep) {
    Route route;
    route.view = View::Leads;
    route.query["view"] = "inbox";
    if (!rep.empty()) route.query["rep"] = rep;
    (void)from;
    return route;
}

// A pill that selects a rep's inbox; returns true when clicked.
bool RepPill(const std::string& id, const std::string& text, bool active, bool alarm) {
    const ui::Palette& colors = ui::Colors();
    ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, ui::Px(12));
    ImGui::PushStyleColor(ImGuiCol_Button, active ? colors.accent_soft : colors.surface);
    ImGui::PushStyleColor(ImGuiCol_Text, active ? colors.accent : (alarm ? colors.bad : colors.text));
    bool clicked = ImGui::Button((text + "##" + id).c_str());
    ImGui::PopStyleColor(2);
    ImGui::PopStyleVar();
    ui::Mirror(id, text, {.pressed = active ? 1 : 0});
    return clicked;
}

void DrawRepPicker(const AppState& state, const Inbox& inbox, const std::string& rep, Intents& intents) {
    bool any_alarm = false;
    std::int64_t all_open = 0;
    for (const OwnerLoad& load : inbox.owners) {
        all_open += load.open;
        any_alarm = any_alarm || load.breached > 0;
    }
    ui::Flow flow("rep-picker", ui::Px(6));
    flow.Next();
    ui::MutedText("Inboxes");
    flow.Next();
    std::string all = "Everyone · " + FormatCount(all_open + inbox.unassigned);
    if (RepPill("inbox-rep-all", all, rep == "all" || rep.empty(), any_alarm)) intents.navigate = InboxRoute(state.route, "all");
    flow.Next();
    std::string pool = "Unassigned · " + FormatCount(inbox.unassigned);
    if (RepPill("inbox-rep-none", pool, rep == "none", false)) intents.navigate = InboxRoute(state.route, "none");
    for (const OwnerLoad& load : inbox.owners) {
        std::string text = UserName(state, load.owner_id) + " · " + FormatCount(load.open);
        if (load.breached > 0) text += " (" + FormatCount(load.breached) + " late)";
        std::string key = std::to_string(load.owner_id);
        flow.Next();
        if (RepPill("inbox-rep-" + key, text, rep == key, load.breached > 0)) intents.navigate = InboxRoute(state.route, key);
    }
    flow.End();
}

}  // namespace

void LeadInbox::Draw(const AppState& state, Intents& intents, RejectDialog& reject, int& serial) {
    const ui::Palette& colors = ui::Colors();
    const Remote<Inbox>& remote = state.leads.inbox;
    std::string rep = InboxRepFrom(state.route);
    bool leader = state.session.me && (state.session.me->role == Role::SalesLeader ||
                                       state.session.me->role == Role::MarketingLeader ||
                                       state.session.me->role == Role::Admin);
    if (remote.Failed()) {
        if (ui::Banner("inbox-error", ui::BannerKind::Error, (ICON_WARNING "  The inbox could not be loaded: " + remote.error).c_str(),
                       "Retry"))
            intents.leads.refresh = true;
    }
    if (!remote.value) {
        if (!remote.Failed()) {
            ImGui::Dummy(ImVec2(0, ui::Px(30)));
            ImGui::SetCursorPosX(ImGui::GetWindowWidth() * 0.5f - ui::Px(70));
            ui::Spinner(ui::Px(10));
            ImGui::SameLine();
            ImGui::AlignTextToFramePadding();
            ui::MutedText("Loading the inbox…");
            ui::Mirror("inbox-loading", "Loading", {.role = ui::Role::Status});
        }
        return;
    }
    const Inbox& inbox = *remote.value;
    if (leader) DrawRepPicker(state, inbox, rep, intents);

    // The summary: how many wait, how many are late, how many nobody has taken.
    std::string summary = FormatCount(inbox.total) + (inbox.total == 1 ? " lead waits" : " leads wait") + " for sales";
    ImGui::Dummy(ImVec2(0, ui::Px(2)));
    ui::Flow line("summary", ui::Px(4));
    line.Next();
    ImGui::TextUnformatted(summary.c_str());
    line.Next();
    if (inbox.breached > 0) {
        ImGui::TextColored(colors.bad, "· %s past the %d h SLA", FormatCount(inbox.breached).c_str(), inbox.sla_hours);
    } else {
        ImGui::TextColored(colors.good, "· none past the %d h SLA", inbox.sla_hours);
    }
    line.Next();
    ui::MutedText(("· " + FormatCount(inbox.unassigned) + " unassigned, free to claim").c_str());
    line.End();
    std::string summary_said = summary + ", " +
                               (inbox.breached > 0 ? FormatCount(inbox.breached) : std::string("none")) + " past the " +
                               std::to_string(inbox.sla_hours) + " h SLA, " + FormatCount(inbox.unassigned) +
                               " unassigned, free to claim";
    ui::Mirror("inbox-summary", FormatCount(inbox.total) + "|" + FormatCount(inbox.breached) + "|" + FormatCount(inbox.unassigned),
               {.name = summary_said});
    ImGui::Dummy(ImVec2(0, ui::Px(4)));

    if (inbox.items.empty()) {
        ui::EmptyState("inbox-empty", ICON_CHECK, "Inbox zero",
                       "No sales-ready lead is waiting here. New hand-overs from marketing appear at once.");
        return;
    }

    // Keyboard: arrows move the selection, Enter opens the lead (unless a focused chip or button
    // has Enter for itself).
    int count = static_cast<int>(inbox.items.size());
    m_selected = std::clamp(m_selected, 0, count - 1);
    bool keys = ui::PageKeysFree();
    bool moved = false;
    if (keys) ClaimListKeys();
    if (keys && ImGui::IsKeyPressed(ImGuiKey_DownArrow)) m_selected = std::min(count - 1, m_selected + 1), moved = true;
    if (keys && ImGui::IsKeyPressed(ImGuiKey_UpArrow)) m_selected = std::max(0, m_selected - 1), moved = true;
    if (keys && !ui::WidgetHasKeyboardFocus() &&
        (ImGui::IsKeyPressed(ImGuiKey_Enter, false) || ImGui::IsKeyPressed(ImGuiKey_KeypadEnter, false)))
        intents.navigate = LeadsRoute(state.route, inbox.items[static_cast<std::size_t>(m_selected)].lead.id);

    double now = state.wall_now;
    std::int64_t me = MyId(state);
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                            ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_PadOuterX;
    float height = std::max(ui::Px(160), ImGui::GetContentRegionAvail().y - ui::Px(4));
    // Narrow (a phone), a row stacks into one cell: the lead, its countdown and what else a column
    // would say, and the buttons under them. Less narrow, source and owner go first.
    float width = ImGui::GetContentRegionAvail().x;
    bool stacked = width < ui::Px(600);
    ImGuiTableColumnFlags wide_only = width >= ui::Px(860) ? 0 : ImGuiTableColumnFlags_Disabled;
    if (ui::BeginPageTable("inbox-table", stacked ? 1 : 6, flags, ImVec2(0, height), stacked ? 0.0f : ui::Px(620))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        if (stacked) {
            ImGui::TableSetupColumn("Leads, most urgent first", ImGuiTableColumnFlags_WidthStretch);
        } else {
            ImGui::TableSetupColumn("Time to answer", ImGuiTableColumnFlags_WidthFixed, ui::Px(150));
            ImGui::TableSetupColumn("Lead", ImGuiTableColumnFlags_WidthStretch, 2.2f);
            ImGui::TableSetupColumn("Source", ImGuiTableColumnFlags_WidthStretch | wide_only, 1.0f);
            ImGui::TableSetupColumn("Score", ImGuiTableColumnFlags_WidthFixed, ui::Px(56));
            ImGui::TableSetupColumn("Owner", ImGuiTableColumnFlags_WidthStretch | wide_only, 1.0f);
            ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ui::Px(250));
        }
        ImGui::TableHeadersRow();
        ImGui::PushItemFlag(ImGuiItemFlags_NoNav, true);
        float row_height = stacked ? 0.0f : ImGui::GetFrameHeight() * 1.9f;
        for (int i = 0; i < count; ++i) {
            const InboxItem& item = inbox.items[static_cast<std::size_t>(i)];
            const Lead& lead = item.lead;
            std::string id = std::to_string(lead.id);
            ImGui::PushID(static_cast<int>(lead.id));
            ImGui::TableNextRow(ImGuiTableRowFlags_None, row_height);
            if (i == m_selected) {
                ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ui::U32(colors.accent_soft));
                if (moved) ImGui::SetScrollHereY(0.5f);
            }

            double left = static_cast<double>(item.due_at) - now;
            std::string countdown = item.answered_at ? "answered, decide" : Countdown(left);
            auto draw_countdown = [&] {
                ImGui::PushFont(ui::Font(ui::FontRole::Strong));
                ImGui::TextColored(item.answered_at ? colors.text_muted : CountdownColour(left, inbox.sla_hours), "%s",
                                   countdown.c_str());
                ImGui::PopFont();
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip("Handed to sales %s; due %s", FormatTimestamp(item.entered_at).c_str(),
                                      FormatTimestamp(item.due_at).c_str());
            };
            ImGui::TableNextColumn();
            float top = ImGui::GetCursorPosY();
            if (!stacked) {
                ImGui::SetCursorPosY(top + (row_height - ImGui::GetTextLineHeight()) * 0.5f);
                draw_countdown();
                ImGui::TableNextColumn();
                ImGui::SetCursorPosY(top + ui::Px(3));
            } else {
                ImGui::SetCursorPosY(top + ui::Px(6));
            }
            std::string name = lead.name.empty() ? lead.email : lead.name;
            if (ImGui::Selectable(name.c_str(), false)) {
                m_selected = i;
                intents.navigate = LeadsRoute(state.route, lead.id);
            }
            std::string owner = lead.owner_id ? UserName(state, *lead.owner_id) : "Unassigned";
            std::string about = lead.company.empty() ? lead.email : lead.company + (lead.title.empty() ? "" : " · " + lead.title);
            char score[32];
            std::snprintf(score, sizeof score, "%.0f", lead.score.total);
            std::string said = name + ", " + countdown + ", " + about + ", " + SourceLabel(lead.source) + ", score " + score +
                               ", " + (lead.owner_id ? "owner " + owner : std::string("unassigned"));
            ui::Mirror("inbox-lead-" + id, name + "|" + countdown + "|" + owner, {.role = ui::Role::Link, .name = said});
            ImGui::PushTextWrapPos(0);
            ui::MutedText(about.c_str());
            ImGui::PopTextWrapPos();

            if (stacked) {
                draw_countdown();
                ImGui::SameLine(0, ui::Px(8));
                std::string more = SourceLabel(lead.source) + " · score " + score + " · " + owner;
                ImGui::PushTextWrapPos(0);
                ImGui::PushStyleColor(ImGuiCol_Text, lead.owner_id ? colors.text_muted : colors.warn);
                ImGui::TextUnformatted(more.c_str());
                ImGui::PopStyleColor();
                ImGui::PopTextWrapPos();
            } else {
                ImGui::TableNextColumn();
                ImGui::SetCursorPosY(top + (row_height - ImGui::GetTextLineHeight()) * 0.5f);
                ImGui::TextUnformatted(SourceLabel(lead.source).c_str());

                ImGui::TableNextColumn();
                ImGui::SetCursorPosY(top + (row_height - ImGui::GetTextLineHeight()) * 0.5f);
                ImGui::Text("%.0f", lead.score.total);

                ImGui::TableNextColumn();
                ImGui::SetCursorPosY(top + (row_height - ImGui::GetTextLineHeight()) * 0.5f);
                if (lead.owner_id) ImGui::TextUnformatted(owner.c_str());
                else ImGui::TextColored(colors.warn, "Unassigned");

                ImGui::TableNextColumn();
                ImGui::SetCursorPosY(top + (row_height - ImGui::GetFrameHeight()) * 0.5f);
            }
            bool busy = state.leads.action.lead_id == lead.id && state.leads.action.status == LeadAction::Status::Sending;
            ImGui::BeginDisabled(busy);
            bool drew = false;
            if (!lead.owner_id && MayClaim(state)) {
                if (ImGui::Button("Claim")) {
                    intents.leads.claim = lead.id;
                    intents.leads.action_serial = ++serial;
                }
                ui::Mirror("inbox-claim-" + id, "Claim");
                drew = true;
            }
            bool mine_or_leader = !lead.owner_id || *lead.owner_id == me || leader;
            if (mine_or_leader && MayMove(state, Stage::SalesReady, Stage::Sql)) {
                if (drew) ImGui::SameLine();
                ImGui::PushStyleColor(ImGuiCol_Button, colors.good);
                ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
                if (ImGui::Button((ICON_CHECK " Accept##" + id).c_str())) {
                    LeadMove move;
                    move.lead_id = lead.id;
                    move.revision = lead.revision;
                    move.request.to = Stage::Sql;
                    intents.leads.move = move;
                    intents.leads.action_serial = ++serial;
                }
                ImGui::PopStyleColor(2);
                ui::Mirror("inbox-accept-" + id, "Accept");
                drew = true;
            }
            if (mine_or_leader && MayMove(state, Stage::SalesReady, Stage::Recycled)) {
                if (drew) ImGui::SameLine();
                if (ImGui::Button((ICON_UNDO " Reject##" + id).c_str())) reject.Open(lead.id, lead.revision, name);
                ui::Mirror("inbox-reject-" + id, "Reject");
                drew = true;
            }
            if (!drew && !stacked) ui::MutedText("—");
            ImGui::EndDisabled();
            if (state.leads.action.lead_id == lead.id && state.leads.action.status == LeadAction::Status::Failed) {
                ImGui::PushTextWrapPos(0);
                ImGui::TextColored(colors.bad, "%s", state.leads.action.error.c_str());
                ImGui::PopTextWrapPos();
                ui::Mirror("inbox-error-" + id, state.leads.action.error, {.role = ui::Role::Alert});
            }
            if (stacked) ImGui::Dummy(ImVec2(0, ui::Px(2)));
            ImGui::PopID();
        }
        ImGui::PopItemFlag();
        ImGui::EndTable();
    }
    ui::MirrorValue("inbox-count", std::to_string(count));
}

}  // namespace tandem::leads_ui
