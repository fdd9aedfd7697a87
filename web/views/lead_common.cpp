// What the Leads view's parts share: labels, stage colours, the SLA countdown, role checks and the
// reject dialog.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui_internal.h>

#include "tandem/format.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/leads_parts.h"

namespace tandem::leads_ui {

namespace {

constexpr RejectReason kReasons[] = {RejectReason::NoBudget, RejectReason::NoAuthority, RejectReason::NoNeed,
                                     RejectReason::NoTimeline, RejectReason::BadFit,     RejectReason::Duplicate,
                                     RejectReason::Unreachable, RejectReason::Other};

}  // namespace

std::string StageLabel(Stage stage) {
    switch (stage) {
    case Stage::New: return "New";
    case Stage::Mql: return "MQL";
    case Stage::SalesReady: return "Sales-ready";
    case Stage::Sql: return "SQL";
    case Stage::Opportunity: return "Opportunity";
    case Stage::Won: return "Won";
    case Stage::Lost: return "Lost";
    case Stage::Recycled: return "Recycled";
    case Stage::Disqualified: return "Disqualified";
    }
    return "";
}

ImU32 StageColour(Stage stage) {
    const ui::Palette& colors = ui::Colors();
    switch (stage) {
    case Stage::New: return ui::U32(colors.text_muted);
    case Stage::Mql: return ui::U32(colors.marketing);
    case Stage::SalesReady: return ui::U32(colors.warn);
    case Stage::Sql: return ui::U32(colors.sales);
    case Stage::Opportunity: return ui::U32(colors.accent);
    case Stage::Won: return ui::U32(colors.good);
    case Stage::Lost: return ui::U32(colors.bad);
    case Stage::Recycled: return ui::U32(colors.marketing, 0.7f);
    case Stage::Disqualified: return ui::U32(colors.text_muted, 0.7f);
    }
    return ui::U32(colors.text_muted);
}

void StageBadge(Stage stage) {
    std::string label = StageLabel(stage);
    ImVec2 text = ImGui::CalcTextSize(label.c_str());
    ImVec2 pad(ui::Px(7), ui::Px(2));
    ImVec2 pos = ImGui::GetCursorScreenPos();
    float line = ImGui::GetTextLineHeight();
    ImU32 colour = StageColour(stage);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec4 tint = ImGui::ColorConvertU32ToFloat4(colour);
    draw->AddRectFilled(pos, ImVec2(pos.x + text.x + pad.x * 2, pos.y + line + pad.y * 2), ui::U32(tint, 0.16f),
                        ui::Px(9));
    draw->AddText(ImVec2(pos.x + pad.x, pos.y + pad.y), colour, label.c_str());
    ImGui::Dummy(ImVec2(text.x + pad.x * 2, line + pad.y * 2));
}

std::string Countdown(double seconds_left) {
    bool overdue = seconds_left < 0;
    long long total = static_cast<long long>(std::floor(std::abs(seconds_left)));
    char text[48];
    if (total >= 48 * 3600) {
        std::snprintf(text, sizeof text, "%lld d %02lld h", total / 86400, (total % 86400) / 3600);
    } else {
        std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld", total / 3600, (total % 3600) / 60, total % 60);
    }
    return overdue ? std::string("overdue ") + text : std::string(text) + " left";
}

ImVec4 CountdownColour(double seconds_left, int sla_hours) {
    const ui::Palette& colors = ui::Colors();
    if (seconds_left < 0) return colors.bad;
    if (seconds_left < std::max(1, sla_hours) * 3600.0 * 0.25) return colors.warn;
    return colors.text;
}

std::int64_t MyId(const AppState& state) { return state.session.me ? state.session.me->id : 0; }

bool MayMove(const AppState& state, Stage from, Stage to) {
    if (!state.session.me) return false;
    TransitionRequest request;
    request.to = to;
    request.reason = "other";
    request.deal_value = 1;
    TransitionVerdict verdict = CheckTransition(from, state.session.me->role, request);
    return verdict.problem == TransitionProblem::None || verdict.problem == TransitionProblem::Invalid;
}

bool MayClaim(const AppState& state) { return state.session.me && Can(state.session.me->role, Action::ClaimLeads); }

bool MayAssign(const AppState& state) { return state.session.me && Can(state.session.me->role, Action::AssignLeads); }

// [SECTION] The reject dialog

void RejectDialog::Open(std::int64_t lead_id, std::int64_t revision, const std::string& name) {
    m_open_requested = true;
    m_lead_id = lead_id;
    m_revision = revision;
    m_name = name;
    m_reason = -1;
    m_note[0] = '\0';
    m_sent_serial = 0;
    m_confirm_refused = false;
}

void RejectDialog::Draw(const AppState& state, Intents& intents, int& serial) {
    const ui::Palette& colors = ui::Colors();
    if (m_open_requested) {
        ImGui::OpenPopup("Send the lead back to marketing");
        m_open_requested = false;
        m_open = true;
    }
    if (!m_open) return;
    const LeadAction& action = state.leads.action;
    bool sending = m_sent_serial != 0 && action.serial == m_sent_serial && action.status == LeadAction::Status::Sending;
    bool done = m_sent_serial != 0 && action.serial == m_sent_serial && action.status == LeadAction::Status::Done;
    if (!ui::BeginDialog("Send the lead back to marketing", ui::Px(520))) {
        m_open = false;
        return;
    }
    if (done) {   // the inbox and the detail refresh themselves
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        m_open = false;
        return;
    }
    FormGuard::Keys keys = m_guard.Begin("reject-form");
    ImGui::PushFont(ui::Font(ui::FontRole::Heading));
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted("Send the lead back to marketing");
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    ui::Mirror("reject-dialog", "Send the lead back to marketing", {.role = ui::Role::Heading, .level = 2});
    ui::BeginDialogBody();
    ImGui::PushTextWrapPos(0);
    std::string intro = "Rejecting " + m_name + " (lead " + std::to_string(m_lead_id) +
                        ") recycles it to marketing for nurture. The reason is shared with marketing as feedback.";
    ui::MutedText(intro.c_str());
    ImGui::PopTextWrapPos();
    ImGui::Dummy(ImVec2(0, ui::Px(4)));
    ImGui::PushFont(ui::Font(ui::FontRole::Strong));
    ImGui::TextUnformatted("Reason (required)");
    ImGui::PopFont();
    if (ImGui::BeginTable("reasons", 2, ImGuiTableFlags_SizingStretchSame)) {
        for (int i = 0; i < static_cast<int>(std::size(kReasons)); ++i) {
            ImGui::TableNextColumn();
            std::string label = ReasonLabel(kReasons[i]) + "##reason";
            if (ImGui::RadioButton(label.c_str(), m_reason == i)) {
                m_reason = i;
                m_confirm_refused = false;
            }
            ui::Mirror("reject-reason-" + std::string(ToString(kReasons[i])), ReasonLabel(kReasons[i]),
                       {.role = ui::Role::Radio, .checked = m_reason == i});
        }
        ImGui::EndTable();
    }
    ImGui::Dummy(ImVec2(0, ui::Px(4)));
    ImGui::PushFont(ui::Font(ui::FontRole::Strong));
    ui::FieldLabel("What did you hear? (optional)");
    ImGui::PopFont();
    ImGui::InputTextMultiline("##note", m_note, sizeof m_note, ImVec2(ImGui::GetContentRegionAvail().x, ui::Px(72)));
    ui::Mirror("reject-note", m_note);

    bool has_reason = m_reason >= 0;
    if (!has_reason) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(m_confirm_refused ? colors.bad : colors.text_muted, "%s",
                           "Choose a reason: marketing learns from every rejection.");
        ImGui::PopTextWrapPos();
        ui::Mirror("reject-hint", "Choose a reason: marketing learns from every rejection.",
                   {.role = m_confirm_refused ? ui::Role::Alert : ui::Role::Auto});
    }
    if (action.serial == m_sent_serial && m_sent_serial != 0 && action.status == LeadAction::Status::Failed) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(colors.bad, "%s", (ICON_WARNING "  " + action.error).c_str());
        ImGui::PopTextWrapPos();
        ui::Mirror("reject-error", action.error, {.role = ui::Role::Alert});
    }
    ui::EndDialogBody();
    ImGui::Dummy(ImVec2(0, ui::Px(6)));
    ImGui::BeginDisabled(!has_reason || sending);
    ImGui::PushStyleColor(ImGuiCol_Button, colors.bad);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(colors.bad.x, colors.bad.y, colors.bad.z, 0.85f));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    bool confirm = ImGui::Button(sending ? "Sending…" : "Reject lead");
    ImGui::PopStyleColor(3);
    ImGui::EndDisabled();
    ui::Mirror("reject-confirm", has_reason ? "Reject lead|enabled" : "Reject lead|disabled",
               {.name = sending ? "Sending…" : "Reject lead"});
    // A click on the disabled button says why nothing happens.
    if (!has_reason && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled) && ImGui::IsMouseClicked(0))
        m_confirm_refused = true;
    ImGui::SameLine();
    bool close = ImGui::Button("Cancel") || keys.cancel;
    ui::Mirror("reject-cancel", "Cancel");
    if (m_guard.End(state, intents, close, m_reason >= 0 || m_note[0] != '\0', "Discard this rejection?")) {
        m_open = false;
        ImGui::CloseCurrentPopup();
    }
    if ((confirm || (keys.submit && !sending)) && has_reason) {
        LeadMove move;
        move.lead_id = m_lead_id;
        move.revision = m_revision;
        move.request.to = Stage::Recycled;
        move.request.reason = std::string(ToString(kReasons[m_reason]));
        move.request.note = m_note;
        intents.leads.move = move;
        intents.leads.action_serial = ++serial;
        m_sent_serial = serial;
    }
    ImGui::EndPopup();
}

void ClaimListKeys() {
    ImGuiID owner = ImGui::GetID("leads-list-keys");
    for (ImGuiKey key : {ImGuiKey_UpArrow, ImGuiKey_DownArrow, ImGuiKey_PageUp, ImGuiKey_PageDown, ImGuiKey_Home, ImGuiKey_End})
        ImGui::SetKeyOwner(key, owner);
}

void ActionStatus(const AppState& state, std::int64_t lead_id) {
    const LeadAction& action = state.leads.action;
    if (action.lead_id != lead_id) return;
    if (action.status == LeadAction::Status::Sending) {
        ui::Spinner(ui::Px(7));
        ImGui::SameLine();
        ui::MutedText("Saving…");
    } else if (action.status == LeadAction::Status::Failed) {
        ImGui::TextColored(ui::Colors().bad, "%s", (ICON_WARNING "  " + action.error).c_str());
        ui::Mirror("action-error", action.error, {.role = ui::Role::Alert});
    }
}

}  // namespace tandem::leads_ui
