// One lead (#/leads/42): who it is, its score explained criterion by criterion, its stage history
// and ownership as one timeline, its campaign, the feedback about it, and the moves the viewer's
// role allows.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

#include "app/leads.h"
#include "tandem/format.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/leads_parts.h"

namespace tandem::leads_ui {

namespace {

std::string When(Timestamp at) {
    std::string text = FormatTimestamp(at);   // 2026-11-23T14:02:05Z
    if (text.size() >= 16) return text.substr(0, 10) + " " + text.substr(11, 5);
    return text;
}

// Scores as the view prints them: to 0.1 without a trailing ".0"; decayed fractions of a point to 0.01.
std::string Number(double value) {
    char text[32];
    if (std::abs(value) < 1 && value != std::round(value)) {
        std::snprintf(text, sizeof text, "%.2f", value);
        return text;
    }
    std::snprintf(text, sizeof text, "%.1f", value);
    std::string out = text;
    if (out.size() > 2 && out.compare(out.size() - 2, 2, ".0") == 0) out.resize(out.size() - 2);
    return out == "-0" ? "0" : out;
}

// A line as a screen reader should say it: the " · " between parts a pause, an arrow "to".
std::string Spoken(std::string text) {
    for (auto [from, to] : {std::pair<std::string_view, std::string_view>{" · ", ", "}, {"  →  ", " to "}}) {
        for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
            text.replace(at, from.size(), to);
    }
    return text;
}

std::string RuleText(const Criterion& criterion) {
    std::string field = criterion.field;
    const CriterionValue& value = criterion.value;
    std::vector<std::string> parts;
    for (double number : value.numbers) parts.push_back(Number(number));
    for (const std::string& text : value.texts) parts.push_back(text);
    if (value.flag) parts.push_back(*value.flag ? "yes" : "no");
    std::string joined;
    for (std::size_t i = 0; i < parts.size(); ++i) joined += (i ? ", " : "") + parts[i];
    switch (criterion.op) {
    case Op::Eq: return field + " = " + joined;
    case Op::Neq: return field + " ≠ " + joined;
    case Op::In: return field + " in " + joined;
    case Op::NotIn: return field + " not in " + joined;
    case Op::Gte: return field + " ≥ " + joined;
    case Op::Lte: return field + " ≤ " + joined;
    case Op::Between:
        return parts.size() == 2 ? field + " between " + parts[0] + " and " + parts[1] : field + " between " + joined;
    case Op::Exists: return field + " is known";
    }
    return field;
}

std::string Known(const std::optional<std::int64_t>& value, const char* prefix = "") {
    return value ? prefix + FormatCount(*value) : std::string("unknown");
}

// One list of criteria with the lead's result for each, in the rules' order.
void DrawCriteria(const char* id, const char* title, const std::vector<Criterion>& criteria,
                  const std::vector<CriterionResult>& results, bool points) {
    const ui::Palette& colors = ui::Colors();
    ImGui::PushFont(ui::Font(ui::FontRole::Strong));
    ImGui::TextUnformatted(title);
    ImGui::PopFont();
    if (criteria.empty()) {
        ui::MutedText("No criteria.");
        return;
    }
    ImGuiTableFlags flags = ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerH;
    if (!ImGui::BeginTable(id, points ? 3 : 2, flags)) return;
    ImGui::TableSetupColumn("##mark", ImGuiTableColumnFlags_WidthFixed, ui::Px(20));
    ImGui::TableSetupColumn("##criterion", ImGuiTableColumnFlags_WidthStretch);
    if (points) ImGui::TableSetupColumn("##points", ImGuiTableColumnFlags_WidthFixed, ui::Px(44));
    for (std::size_t i = 0; i < criteria.size(); ++i) {
        const Criterion& criterion = criteria[i];
        const CriterionResult* result = i < results.size() ? &results[i] : nullptr;
        bool matched = result && result->matched;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextColored(matched ? colors.good : ImVec4(colors.text_muted.x, colors.text_muted.y, colors.text_muted.z, 0.6f),
                           "%s", matched ? ICON_CHECK : ICON_CLOSE);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(criterion.label.c_str());
        ImGui::SameLine(0, ui::Px(8));
        std::string whole = RuleText(criterion);
        std::string rule = ui::FitText(whole, ImGui::GetContentRegionAvail().x);
        ui::MutedText(rule.c_str());
        if (rule != whole && ImGui::IsItemHovered(ImGuiHoveredFlags_DelayNormal)) ImGui::SetTooltip("%s", whole.c_str());
        std::string mirrored = criterion.label + "|" + (matched ? "matched" : "not matched");
        std::string said = criterion.label + ", " + whole + ", " + (matched ? "matched" : "not matched");
        if (points) {
            ImGui::TableNextColumn();
            std::string awarded = result ? (result->points > 0 ? "+" : "") + Number(result->points) : "—";
            float width = ImGui::CalcTextSize(awarded.c_str()).x;
            ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - width);
            if (matched) ImGui::TextUnformatted(awarded.c_str());
            else ui::MutedText(awarded.c_str());
            mirrored += "|" + awarded;
            if (result) said += ", " + awarded + (awarded == "1" || awarded == "+1" ? " point" : " points");
        }
        ui::Mirror(std::string("criterion-") + criterion.id, mirrored, {.name = said});
    }
    ImGui::EndTable();
}

void DrawScore(const Remote<LeadExplanation>& remote, const Lead& lead) {
    const ui::Palette& colors = ui::Colors();
    ui::BeginCard("detail-score", "Score, explained");
    if (!remote.value) {
        if (remote.Failed()) ImGui::TextColored(colors.bad, "%s", remote.error.c_str());
        else ui::Spinner(ui::Px(8));
        ui::EndCard();
        return;
    }
    const LeadExplanation& explanation = *remote.value;
    const Evaluation& evaluation = explanation.evaluation;
    const DefinitionRules& rules = explanation.rules;
    ImGui::PushFont(ui::Font(ui::FontRole::Display));
    ImGui::TextUnformatted(Number(evaluation.total).c_str());
    ImGui::PopFont();
    ImGui::SameLine(0, ui::Px(12));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(0);
    std::string parts = "Fit " + Number(evaluation.fit) + (rules.fit_cap ? " (cap " + std::to_string(*rules.fit_cap) + ")" : "") +
                        " + engagement " + Number(evaluation.engagement) +
                        (rules.engagement_cap ? " (cap " + std::to_string(*rules.engagement_cap) + ")" : "");
    ImGui::TextUnformatted(parts.c_str());
    std::string level = evaluation.level == Level::SalesReady ? "Sales-ready"
                        : evaluation.level == Level::Mql      ? "MQL"
                                                              : "Below the MQL threshold";
    std::string line = level + " · MQL at " + std::to_string(rules.mql_threshold) + " · definition v" +
                       std::to_string(explanation.definition_version);
    if (explanation.decay_factor < 0.999)
        line += " · engagement × " + Number(explanation.decay_factor) + " (decay since the last activity)";
    ui::MutedText(line.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    std::string said = "Score " + Number(evaluation.total) + ", " + parts + ", " + Spoken(line);
    ui::Mirror("detail-score-total",
               Number(evaluation.total) + "|" + Number(evaluation.fit) + "|" + Number(evaluation.engagement) + "|" +
                   std::string(ToString(evaluation.level)),
               {.name = said});
    ImGui::Dummy(ImVec2(0, ui::Px(4)));
    DrawCriteria("fit-criteria", "Fit: who they are", rules.fit, evaluation.fit_results, true);
    ImGui::Dummy(ImVec2(0, ui::Px(4)));
    DrawCriteria("engagement-criteria", "Engagement: what they did", rules.engagement, evaluation.engagement_results, true);
    ImGui::Dummy(ImVec2(0, ui::Px(4)));
    DrawCriteria("ready-criteria", "Sales-ready checks (all required)", rules.sales_ready, evaluation.sales_ready_results,
                 false);
    ImGui::Dummy(ImVec2(0, ui::Px(6)));
    ImGui::PushFont(ui::Font(ui::FontRole::Strong));
    ImGui::TextUnformatted("Facts");
    ImGui::PopFont();
    std::string facts = "Budget " + Known(lead.budget_usd, "$") + " · authority " + std::string(ToString(lead.authority)) +
                        " · need " + std::string(ToString(lead.need)) + " · timeline " +
                        (lead.timeline_months ? std::to_string(*lead.timeline_months) + " months" : std::string("unknown"));
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(facts.c_str());
    std::string engagement = std::to_string(lead.page_views) + " page views · " + std::to_string(lead.downloads) +
                             " downloads · " + std::to_string(lead.webinars_attended) + " webinars · " +
                             std::to_string(lead.email_clicks) + " email clicks" +
                             (lead.demo_requested ? " · asked for a demo" : "");
    ui::MutedText(engagement.c_str());
    ImGui::PopTextWrapPos();
    ui::EndCard();
}

struct TimelineEntry {
    Timestamp at = 0;
    std::int64_t order = 0;
    std::string title;
    std::string detail;
    ImU32 colour = 0;
    std::string mirror_id;
};

void DrawTimeline(const AppState& state, const LeadDetail& detail) {
    const ui::Palette& colors = ui::Colors();
    ui::BeginCard("detail-timeline", "Stage history");
    if (!detail.history.value) {
        if (detail.history.Failed()) ImGui::TextColored(colors.bad, "%s", detail.history.error.c_str());
        else ui::Spinner(ui::Px(8));
        ui::EndCard();
        return;
    }
    std::vector<TimelineEntry> entries;
    for (const StageChange& change : *detail.history.value) {
        TimelineEntry entry;
        entry.at = change.at;
        entry.order = change.id * 2;
        entry.title = change.from ? StageLabel(*change.from) + "  →  " + StageLabel(change.to) : "Created as " + StageLabel(change.to);
        entry.detail = When(change.at) + " · " + (change.by_user_id ? UserName(state, *change.by_user_id) : "Tandem");
        if (!change.reason.empty()) {
            std::optional<RejectReason> reason = ParseEnum<RejectReason>(change.reason);
            entry.detail += " · " + (reason ? ReasonLabel(*reason) : change.reason);
        }
        if (!change.note.empty()) entry.detail += " — " + change.note;
        entry.colour = StageColour(change.to);
        entry.mirror_id = "history-" + std::to_string(change.id);
        entries.push_back(std::move(entry));
    }
    if (detail.assignments.value) {
        for (const Assignment& assignment : *detail.assignments.value) {
            TimelineEntry entry;
            entry.at = assignment.at;
            entry.order = assignment.id * 2 + 1;
            std::string to = assignment.to_owner_id ? UserName(state, *assignment.to_owner_id) : "the unassigned pool";
            entry.title = (assignment.kind == AssignmentKind::Claim        ? "Claimed by " + to
                           : assignment.kind == AssignmentKind::RoundRobin ? "Routed to " + to
                                                                           : "Assigned to " + to);
            entry.detail = When(assignment.at) + " · " +
                           (assignment.by_user_id ? UserName(state, *assignment.by_user_id) : std::string("round robin"));
            if (assignment.from_owner_id) entry.detail += " · was " + UserName(state, *assignment.from_owner_id);
            if (!assignment.note.empty()) entry.detail += " — " + assignment.note;
            entry.colour = ui::U32(colors.text_muted);
            entry.mirror_id = "assignment-" + std::to_string(assignment.id);
            entries.push_back(std::move(entry));
        }
    }
    std::stable_sort(entries.begin(), entries.end(), [](const TimelineEntry& a, const TimelineEntry& b) { return a.at < b.at; });
    ImDrawList* draw = ImGui::GetWindowDrawList();
    float x = ImGui::GetCursorScreenPos().x + ui::Px(6);
    float radius = ui::Px(5);
    float previous_y = 0;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const TimelineEntry& entry = entries[i];
        ImVec2 pos = ImGui::GetCursorScreenPos();
        float centre_y = pos.y + ImGui::GetTextLineHeight() * 0.5f;
        // The thread between one event and the next, short of both dots.
        if (i > 0)
            draw->AddLine(ImVec2(x, previous_y + radius + ui::Px(3)), ImVec2(x, centre_y - radius - ui::Px(3)),
                          ui::U32(colors.border), ui::Px(2));
        previous_y = centre_y;
        draw->AddCircleFilled(ImVec2(x, centre_y), radius, entry.colour);
        ImGui::SetCursorScreenPos(ImVec2(pos.x + ui::Px(22), pos.y));
        ImGui::BeginGroup();
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(entry.title.c_str());
        ui::MutedText(entry.detail.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndGroup();
        std::string said = Spoken(entry.title) + ", " + Spoken(entry.detail);
        ui::Mirror(entry.mirror_id, entry.title + "|" + entry.detail, {.name = said});
        ImGui::Dummy(ImVec2(0, ui::Px(2)));
    }
    ui::EndCard();
}

void DrawFeedback(const AppState& state, const LeadDetail& detail) {
    const ui::Palette& colors = ui::Colors();
    ui::BeginCard("detail-feedback", "Feedback about this lead");
    if (!detail.feedback.value) {
        if (detail.feedback.Failed()) ImGui::TextColored(colors.bad, "%s", detail.feedback.error.c_str());
        else ui::Spinner(ui::Px(8));
        ui::EndCard();
        return;
    }
    const std::vector<Feedback>& items = *detail.feedback.value;
    ImGui::PushTextWrapPos(0);
    if (items.empty()) ui::MutedText("Nothing logged yet. Rejections and what prospects say appear here.");
    ImGui::PopTextWrapPos();
    for (const Feedback& feedback : items) {
        std::string kind(ToString(feedback.kind));
        std::replace(kind.begin(), kind.end(), '_', ' ');
        kind[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(kind[0])));
        ui::Flow flow(("feedback-line-" + std::to_string(feedback.id)).c_str(), ui::Px(8));
        flow.Next();
        ImGui::PushFont(ui::Font(ui::FontRole::Strong));
        ImGui::TextColored(feedback.kind == FeedbackKind::Rejection ? colors.bad : colors.accent, "%s", kind.c_str());
        ImGui::PopFont();
        flow.Next();
        std::string by = UserName(state, feedback.author_id) + " · " + When(feedback.at);
        ui::MutedText(by.c_str());
        flow.End();
        std::string text = feedback.text;
        if (feedback.reason) text = ReasonLabel(*feedback.reason) + (text.empty() ? "" : " — " + text);
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopTextWrapPos();
        std::string said = kind + ", " + Spoken(by) + (text.empty() ? "" : ", " + text);
        ui::Mirror("detail-feedback-" + std::to_string(feedback.id), std::string(ToString(feedback.kind)) + "|" + text,
                   {.name = said});
        ImGui::Dummy(ImVec2(0, ui::Px(4)));
    }
    ui::EndCard();
}

}  // namespace

void LeadDetailView::DrawActions(const AppState& state, const Lead& lead, Intents& intents, RejectDialog& reject, int& serial) {
    const ui::Palette& colors = ui::Colors();
    bool busy = state.leads.action.lead_id == lead.id && state.leads.action.status == LeadAction::Status::Sending;
    ImGui::BeginDisabled(busy);
    // The buttons wrap onto more lines where the window is narrow.
    bool any = false;
    ui::Flow flow("actions");
    auto gap = [&any, &flow]() {
        flow.Next();
        any = true;
    };
    auto move = [&](Stage to) {
        LeadMove next;
        next.lead_id = lead.id;
        next.revision = lead.revision;
        next.request.to = to;
        intents.leads.move = next;
        intents.leads.action_serial = ++serial;
    };
    if (lead.stage == Stage::SalesReady && !lead.owner_id && MayClaim(state)) {
        gap();
        if (ImGui::Button("Claim")) {
            intents.leads.claim = lead.id;
            intents.leads.action_serial = ++serial;
        }
        ui::Mirror("detail-claim", "Claim");
    }
    if (lead.stage == Stage::SalesReady && MayMove(state, lead.stage, Stage::Sql)) {
        gap();
        ImGui::PushStyleColor(ImGuiCol_Button, colors.good);
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
        if (ImGui::Button(ICON_CHECK "  Accept as SQL")) move(Stage::Sql);
        ImGui::PopStyleColor(2);
        ui::Mirror("detail-accept", "Accept as SQL");
    }
    if (MayMove(state, lead.stage, Stage::Recycled)) {
        gap();
        bool sales_side = lead.stage == Stage::SalesReady || lead.stage == Stage::Sql;
        if (ImGui::Button(sales_side ? ICON_UNDO "  Reject" : ICON_UNDO "  Recycle to marketing"))
            reject.Open(lead.id, lead.revision, lead.name.empty() ? lead.email : lead.name);
        ui::Mirror("detail-reject", "Reject");
    }
    static constexpr Stage kOther[] = {Stage::SalesReady, Stage::Opportunity, Stage::Lost, Stage::Disqualified};
    for (Stage to : kOther) {
        if (to == Stage::SalesReady && lead.stage == Stage::SalesReady) continue;
        if (!MayMove(state, lead.stage, to)) continue;
        gap();
        std::string label = to == Stage::SalesReady ? "Hand to sales" : "Move to " + StageLabel(to);
        if (ImGui::Button(label.c_str())) move(to);
        ui::Mirror("detail-move-" + std::string(ToString(to)), label);
    }
    if (MayMove(state, lead.stage, Stage::Won)) {
        gap();
        ImGui::BeginGroup();
        ImGui::SetNextItemWidth(ui::Px(110));
        ImGui::InputTextWithHint("##deal", "Deal value $", m_deal, sizeof m_deal, ImGuiInputTextFlags_CharsDecimal);
        ui::Mirror("detail-deal", m_deal, {.name = "Deal value"});
        ImGui::SameLine();
        char* end = nullptr;
        long long value = std::strtoll(m_deal, &end, 10);
        bool valid = m_deal[0] != '\0' && end && *end == '\0' && value > 0;
        ImGui::BeginDisabled(!valid);
        if (ImGui::Button("Mark won")) {
            LeadMove next;
            next.lead_id = lead.id;
            next.revision = lead.revision;
            next.request.to = Stage::Won;
            next.request.deal_value = value;
            intents.leads.move = next;
            intents.leads.action_serial = ++serial;
        }
        ImGui::EndDisabled();
        ui::Mirror("detail-won", "Mark won");
        ImGui::EndGroup();
    }
    if (state.session.me && Can(state.session.me->role, Action::ErasePersonalData) && !lead.erased_at) {
        gap();
        ImGui::PushStyleColor(ImGuiCol_Text, colors.bad);
        if (ImGui::Button(ICON_TRASH "  Erase personal data…")) m_erase_requested = true;
        ImGui::PopStyleColor();
        ui::Mirror("detail-erase", "Erase personal data…", {.name = "Erase personal data"});
    }
    if (MayAssign(state) && state.users.value) {
        gap();
        std::string preview = "Assign to…";
        ImGui::SetNextItemWidth(ui::Px(170));
        if (ImGui::BeginCombo("##assign", preview.c_str())) {
            if (lead.owner_id && ImGui::Selectable("Back to the unassigned pool")) {
                intents.leads.assign = LeadAssign{lead.id, lead.revision, std::nullopt};
                intents.leads.action_serial = ++serial;
            }
            for (const User& user : *state.users.value) {
                if (user.role != Role::SalesRep && user.role != Role::SalesLeader) continue;
                if (lead.owner_id == user.id) continue;
                if (ImGui::Selectable((user.name + "##" + std::to_string(user.id)).c_str())) {
                    intents.leads.assign = LeadAssign{lead.id, lead.revision, user.id};
                    intents.leads.action_serial = ++serial;
                }
            }
            ImGui::EndCombo();
        }
        ui::Mirror("detail-assign", preview, {.role = ui::Role::Combobox, .name = "Assign to"});
    }
    ImGui::EndDisabled();
    if (!any) {
        flow.Next();
        ui::MutedText("Your role has no moves for a lead in this stage.");
    }
    const LeadAction& action = state.leads.action;
    if (action.lead_id == lead.id && (action.status == LeadAction::Status::Sending || action.status == LeadAction::Status::Failed)) {
        flow.Next();
        ImGui::BeginGroup();
        ActionStatus(state, lead.id);
        ImGui::EndGroup();
    }
    flow.End();
}

// The confirmation before erasing, which cannot be undone: what goes, what stays.
void LeadDetailView::DrawEraseConfirm(const AppState& state, const Lead& lead, Intents& intents, int& serial) {
    const char* popup = "Erase personal data##confirm";
    if (m_erase_requested) {
        ImGui::OpenPopup(popup);
        m_erase_requested = false;
        m_erase_serial = 0;
    }
    if (!ui::BeginDialog(popup, ui::Px(500), 0.4f)) return;
    const LeadAction& action = state.leads.action;
    bool mine = m_erase_serial > 0 && action.serial == m_erase_serial && action.lead_id == lead.id;
    if ((mine && action.status == LeadAction::Status::Done) || lead.erased_at) {
        m_erase_serial = 0;
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    std::string who = lead.name.empty() ? lead.email : lead.name;
    std::string title = "Erase " + who + "’s personal data?";
    ui::BeginDialogBody();
    ImGui::PushFont(ui::Font(ui::FontRole::Strong));
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(title.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    ui::Mirror("erase-title", title, {.role = ui::Role::Heading, .level = 2});
    ImGui::PushTextWrapPos(0.0f);
    const char* what = "Their email, name and phone, the notes on this lead's history and the text of feedback "
                       "about them are removed for good. The lead stays, anonymous, with its stages and scores, "
                       "so the scorecard does not change.";
    ui::MutedText(what);
    ImGui::PopTextWrapPos();
    ui::Mirror("erase-what", what);
    bool failed = mine && action.status == LeadAction::Status::Failed;
    if (failed) {
        std::string message = "Not erased: " + action.error;
        ImGui::TextColored(ui::Colors().bad, "%s", message.c_str());
        ui::Mirror("erase-error", message, {.role = ui::Role::Alert});
    }
    ui::EndDialogBody();
    ImGui::Dummy(ImVec2(0, ui::Px(6)));
    bool sending = mine && action.status == LeadAction::Status::Sending;
    ImGui::BeginDisabled(sending);
    ImGui::PushStyleColor(ImGuiCol_Text, ui::Colors().bad);
    bool yes = ImGui::Button(ICON_TRASH "  Erase");
    ImGui::PopStyleColor();
    ImGui::EndDisabled();
    ui::Mirror("erase-yes", "Erase");
    ImGui::SameLine();
    bool no = ImGui::Button("Keep it");
    ui::Mirror("erase-no", "Keep it");
    if (yes && !sending) {
        m_erase_serial = ++serial;
        intents.leads.erase = lead.id;
        intents.leads.action_serial = m_erase_serial;
    }
    if (no || ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
        m_erase_serial = 0;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void LeadDetailView::CopyButton(const char* id, const char* what, const std::string& value, Intents& intents) {
    ImGui::PushID(id);
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_Text, ui::Colors().text_muted);
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0);
    if (ImGui::SmallButton(ICON_COPY)) {
        intents.copy = value;
        m_copied = id;
    }
    ImGui::PopStyleVar();
    ImGui::PopStyleColor(2);
    ImGui::PopID();
    std::string label = m_copied == id ? std::string("Copied") : std::string("Copy ") + what;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", label.c_str());
    ui::Mirror(id, label);
}

// The email and phone open the mail and phone apps; each value people paste into their mail, CRM
// or dialler has a copy button.
void LeadDetailView::DrawContact(const Lead& lead, Intents& intents) {
    // Each value with its copy button is one piece of a line that wraps where the window is narrow.
    ui::Flow flow("contact", ui::Px(8));
    flow.Next();
    ImGui::BeginGroup();
    if (ui::Link("detail-email", lead.email.c_str())) intents.open_url = "mailto:" + lead.email;
    ImGui::SameLine(0, ui::Px(4));
    CopyButton("detail-copy-email", "email", lead.email, intents);
    ImGui::EndGroup();
    if (!lead.phone.empty()) {
        flow.Next();
        ImGui::BeginGroup();
        std::string dial;
        for (char c : lead.phone)
            if (std::isdigit(static_cast<unsigned char>(c)) || (c == '+' && dial.empty())) dial += c;
        if (ui::Link("detail-phone", lead.phone.c_str())) intents.open_url = "tel:" + dial;
        ImGui::SameLine(0, ui::Px(4));
        CopyButton("detail-copy-phone", "phone", lead.phone, intents);
        ImGui::EndGroup();
    }
    flow.Next();
    ImGui::BeginGroup();
    ui::MutedText(("lead " + std::to_string(lead.id)).c_str());
    ImGui::SameLine(0, ui::Px(4));
    CopyButton("detail-copy-id", "lead number", std::to_string(lead.id), intents);
    ImGui::EndGroup();
    flow.Next();
    ui::MutedText(("created " + When(lead.created_at) + " · from " + SourceLabel(lead.source)).c_str());
    flow.End();
}

void LeadDetailView::Draw(const AppState& state, Intents& intents, RejectDialog& reject, int& serial) {
    const ui::Palette& colors = ui::Colors();
    const LeadDetail& detail = state.leads.detail;
    Route back = LeadsRoute(state.route, std::nullopt);
    bool from_inbox = LeadsTabFrom(state.route) == LeadsTab::Inbox;
    if (ui::Link("detail-back", from_inbox ? "← Back to the inbox" : "← Back to all leads")) intents.navigate = back;
    ImGui::Dummy(ImVec2(0, ui::Px(2)));

    const Remote<Lead>& remote = detail.lead;
    if (remote.Failed() && !remote.value) {
        ui::Banner("detail-error", ui::BannerKind::Error, (ICON_WARNING "  " + remote.error).c_str(), nullptr);
        return;
    }
    if (!remote.value || remote.value->id != detail.id) {
        ImGui::Dummy(ImVec2(0, ui::Px(30)));
        ImGui::SetCursorPosX(ImGui::GetWindowWidth() * 0.5f - ui::Px(60));
        ui::Spinner(ui::Px(10));
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ui::MutedText("Loading the lead…");
        ui::Mirror("detail-loading", "Loading", {.role = ui::Role::Status});
        return;
    }
    const Lead& lead = *remote.value;

    // Who it is.
    ImGui::PushFont(ui::Font(ui::FontRole::Heading));
    std::string name = lead.erased_at ? "Erased person" : lead.name.empty() ? lead.email : lead.name;
    ImGui::TextUnformatted(name.c_str());
    ImGui::PopFont();
    ui::Mirror("detail-name", name, {.role = ui::Role::Heading, .level = 1});
    ImGui::SameLine(0, ui::Px(12));
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + ui::Px(6));
    StageBadge(lead.stage);
    ui::Mirror("detail-stage", std::string(ToString(lead.stage)));
    if (remote.Loading()) {
        ImGui::SameLine(0, ui::Px(10));
        ui::Spinner(ui::Px(7));
    }
    std::string who = lead.company;
    if (!lead.title.empty()) who += (who.empty() ? "" : " · ") + lead.title;
    if (!lead.industry.empty()) who += " · " + lead.industry;
    if (lead.company_size) who += " · " + FormatCount(*lead.company_size) + " people";
    if (!lead.country.empty()) who += " · " + lead.country;
    {
        ui::Flow flow("who");
        flow.Next();
        ImGui::PushTextWrapPos(0);
        ui::MutedText(who.c_str());
        ImGui::PopTextWrapPos();
        if (!lead.company.empty()) {
            flow.Next();
            CopyButton("detail-copy-company", "company", lead.company, intents);
        }
        flow.End();
    }
    if (lead.erased_at) {
        std::string erased = "Personal data erased " + When(*lead.erased_at) +
                             (lead.erased_by ? " by " + UserName(state, *lead.erased_by) : std::string()) + " · lead " +
                             std::to_string(lead.id);
        ui::MutedText(erased.c_str());
        ui::Mirror("detail-erased", erased);
    } else {
        DrawContact(lead, intents);
    }
    ui::Flow flow("owner-campaign", ui::Px(16));
    flow.Next();
    ImGui::BeginGroup();
    ImGui::TextUnformatted("Owner:");
    ImGui::SameLine();
    std::string owner = lead.owner_id ? UserName(state, *lead.owner_id) : "Unassigned";
    if (lead.owner_id) ImGui::TextUnformatted(owner.c_str());
    else ImGui::TextColored(colors.warn, "%s", owner.c_str());
    ui::Mirror("detail-owner", owner);
    ImGui::EndGroup();
    flow.Next();
    ImGui::BeginGroup();
    ImGui::TextUnformatted("Campaign:");
    ImGui::SameLine();
    if (lead.campaign_id) {
        std::string campaign = detail.campaign_name.value ? *detail.campaign_name.value
                                                          : "Campaign " + std::to_string(*lead.campaign_id);
        if (ui::Link("detail-campaign", campaign.c_str())) {
            Route route;
            route.view = View::Campaigns;
            route.id = *lead.campaign_id;
            intents.navigate = route;
        }
    } else {
        ui::MutedText("none");
    }
    ImGui::EndGroup();
    flow.End();
    ImGui::Dummy(ImVec2(0, ui::Px(4)));
    DrawActions(state, lead, intents, reject, serial);
    DrawEraseConfirm(state, lead, intents, serial);
    ImGui::Dummy(ImVec2(0, ui::Px(6)));

    // Two columns: the score on the left, history and feedback on the right; one above the other
    // where the window is narrow.
    float spacing = ImGui::GetStyle().ItemSpacing.x;
    float width = ImGui::GetContentRegionAvail().x;
    bool stacked = width < ui::Px(700);
    float left = stacked ? width : std::floor(width * 0.55f);
    ImGui::BeginGroup();
    ImGui::PushItemWidth(left);
    ImGui::BeginChild("detail-left", ImVec2(left, 0), ImGuiChildFlags_AutoResizeY);
    DrawScore(detail.explanation, lead);
    ImGui::EndChild();
    ImGui::PopItemWidth();
    ImGui::EndGroup();
    if (!stacked) ImGui::SameLine(0, spacing);
    ImGui::BeginChild("detail-right", ImVec2(stacked ? width : width - left - spacing, 0), ImGuiChildFlags_AutoResizeY);
    DrawTimeline(state, detail);
    DrawFeedback(state, detail);
    ImGui::EndChild();
    ui::MirrorValue("detail-id", std::to_string(lead.id));
}

}  // namespace tandem::leads_ui
