// The feedback form's lead picker (see lead_picker.h).
#include "views/lead_picker.h"

#include <algorithm>
#include <vector>

#include "platform/platform.h"
#include "tandem/codec.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"

namespace tandem::feedback_ui {

namespace {

// What is typed is asked about once the typing pauses this long: a request a word, not a key.
constexpr double kTypingPause = 0.25;

// "Ana Ruiz · ana@acme.test": how the field shows the chosen lead.
std::string ChosenLabel(const std::string& name, const std::string& email) {
    if (name.empty() || email.empty()) return name + email;
    return name + " · " + email;
}

// An option as it is shown, "Ana Ruiz" then, muted, " · ana@acme.test · Acme", and said, the two
// together. The lead found by its number says so: nothing else in it need hold what was typed.
struct OptionText {
    std::string head;
    std::string rest;
};

OptionText OptionOf(const LeadChoice& lead, bool numbered) {
    OptionText text;
    if (numbered) text.head = "#" + std::to_string(lead.id) + " · ";
    text.head += lead.name.empty() ? lead.email : lead.name;
    if (!lead.name.empty() && !lead.email.empty()) text.rest = " · " + lead.email;
    if (!lead.company.empty()) text.rest += " · " + lead.company;
    return text;
}

// The options for `typed` once the server has answered for exactly that text; nullopt meanwhile.
std::optional<std::vector<LeadChoice>> Answer(const LeadSuggestions& suggestions, const std::string& typed,
                                              const std::string& asked, bool waiting) {
    if (waiting || typed != asked || !suggestions.ReadyFor(typed)) return std::nullopt;
    return suggestions.Choices();
}

// The chosen lead's label from what the state holds about it anyway, or "".
std::string KnownLabel(const AppState& state, std::int64_t id) {
    const LeadDetail& detail = state.leads.detail;
    if (detail.id == id && detail.lead.value && detail.lead.value->id == id)
        return ChosenLabel(detail.lead.value->name, detail.lead.value->email);
    for (const LeadChoice& lead : state.feedback.lead_suggestions.Choices())
        if (lead.id == id) return ChosenLabel(lead.name, lead.email);
    for (const auto& [page, rows] : state.leads.table.pages)
        for (const LeadRow& row : rows)
            if (row.id == id) return ChosenLabel(row.name, row.email);
    if (state.feedback.wins.value)
        for (const Win& win : state.feedback.wins.value->wins)
            if (win.lead_id == id) return win.name;
    return {};
}

}  // namespace

void LeadPicker::Reset(std::optional<std::int64_t> lead) {
    *this = LeadPicker();
    m_chosen = lead;
}

std::string LeadPicker::Typed() const { return Trim(m_text); }

nlohmann::json LeadPicker::Values() const { return {{"lead", OrNull(m_chosen)}, {"typed", Typed()}}; }

bool LeadPicker::OwnsEnter() const { return m_typing && !m_chosen && !Typed().empty() && !ImGui::GetIO().KeyCtrl; }

bool LeadPicker::TakeEscape() {
    if (!m_typing || m_chosen || Typed().empty() || m_dismissed) return false;
    m_dismissed = true;
    return true;
}

void LeadPicker::Draw(const AppState& state, Intents& intents, float width) {
    if (m_chosen) DrawChosen(state, width);
    else DrawSearch(state, intents, width);
}

void LeadPicker::DrawChosen(const AppState& state, float width) {
    m_typing = m_list = false;
    if (m_label.empty()) m_label = KnownLabel(state, *m_chosen);
    std::string shown = m_label.empty() ? "Lead #" + std::to_string(*m_chosen) : m_label;
    float side = ImGui::GetFrameHeight();
    float spacing = ImGui::GetStyle().ItemInnerSpacing.x;
    float field = std::max(width - side - spacing, ui::Px(60));
    std::string visible = ui::FitText(shown, field - 2 * ImGui::GetStyle().FramePadding.x);
    ImGui::SetNextItemWidth(field);
    // Read-only: another lead is picked by clearing this one (×, Backspace or Delete) first.
    ImGui::InputText("##lead-chosen", visible.data(), visible.size() + 1, ImGuiInputTextFlags_ReadOnly);
    ui::Mirror("form-lead", shown, {.role = ui::Role::Combobox, .expanded = 0});
    bool erase = ImGui::IsItemActive() &&
                 (ImGui::IsKeyPressed(ImGuiKey_Backspace, false) || ImGui::IsKeyPressed(ImGuiKey_Delete, false));
    ui::OverflowTooltip(shown.c_str());
    ImGui::SameLine(0, spacing);
    bool clear = ImGui::Button(ICON_CLOSE "##lead-clear", ImVec2(side, side));
    ui::Mirror("form-lead-clear", "Clear the lead", {.role = ui::Role::Button});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Clear the lead");
    if (clear || erase) {
        Reset(std::nullopt);
        m_focus = true;
    }
}

void LeadPicker::DrawSearch(const AppState& state, Intents& intents, float width) {
    // Enter in the field, seen before the field takes it (and lets go of the keyboard).
    bool enter = OwnsEnter() && (ImGui::IsKeyPressed(ImGuiKey_Enter, false) || ImGui::IsKeyPressed(ImGuiKey_KeypadEnter, false));
    if (m_focus) {
        ImGui::SetKeyboardFocusHere();
        m_focus = false;
    }
    ImGui::SetNextItemWidth(width);
    // Up and Down come to OnHistoryKey rather than moving ImGui's focus.
    bool edited = ImGui::InputTextWithHint("##lead", ICON_SEARCH "  Name, email or company", m_text, sizeof m_text,
                                           ImGuiInputTextFlags_CallbackHistory, OnHistoryKey, this);
    // Its list is decided below, after the field: last frame's answer says whether it shows.
    ui::Mirror("form-lead", m_text, {.role = ui::Role::Combobox, .expanded = m_list ? 1 : 0});
    ImRect field(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    m_typing = ImGui::IsItemActive();
    if (edited) {
        m_edited_at = state.now;
        m_highlight = 0;
        m_dismissed = false;
    }

    std::string typed = Typed();
    std::optional<std::vector<LeadChoice>> choices =
        Answer(state.feedback.lead_suggestions, typed, m_asked, m_edited_at > 0);
    m_options = choices ? static_cast<int>(choices->size()) : 0;
    m_highlight = std::clamp(m_highlight, 0, std::max(0, m_options - 1));
    if (enter && m_options > 0) {
        Pick((*choices)[static_cast<std::size_t>(m_highlight)]);
        return;
    }
    // Asked once the typing pauses, or at once on Enter (which ImGui ends the editing with: the
    // field takes the keyboard back); meanwhile frames keep coming so the pause is noticed without
    // further input.
    bool paused = m_edited_at > 0 && state.now - m_edited_at >= kTypingPause;
    if (m_edited_at > 0 && !paused && !enter) platform::RequestFrame();
    if (paused || enter) {
        m_edited_at = 0;
        m_dismissed = false;
        m_focus = m_focus || enter;
        if (typed != m_asked || enter) {   // Enter asks again after a failed search
            intents.feedback.suggest_leads = typed;
            m_asked = typed;
        }
    }
    // A press on an option takes the keyboard from the field first (in the same frame, when the
    // pointer moved there with it): the pointer on the list keeps it open until the click lands.
    bool pointed = m_list_box.Contains(ImGui::GetIO().MousePos);
    m_list = !typed.empty() && !m_dismissed && (m_typing || pointed || m_focus);
    m_list_at = ImVec2(field.Min.x, field.Max.y + ImGui::GetStyle().ItemInnerSpacing.y);
    m_list_width = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x - field.Min.x;
}

void LeadPicker::DrawOptions(const AppState& state) {
    m_list_box = ImRect();
    if (!m_list) return;
    const LeadSuggestions& suggestions = state.feedback.lead_suggestions;
    std::optional<std::vector<LeadChoice>> choices = Answer(suggestions, Typed(), m_asked, m_edited_at > 0);
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    ImVec2 cursor = window->DC.CursorPos;
    ImVec2 extent = window->DC.CursorMaxPos;
    ImGui::SetCursorScreenPos(m_list_at);
    // Sized from the start (an auto-sizing child would show its first frame cut short): a line for
    // each option, or one saying why there are none.
    const ImGuiStyle& style = ImGui::GetStyle();
    int lines = choices && !choices->empty() ? static_cast<int>(choices->size()) : 1;
    float height = lines * ImGui::GetTextLineHeightWithSpacing() - style.ItemSpacing.y + 2 * style.WindowPadding.y;
    ui::BeginPanel("##lead-options", ImVec2(m_list_width, height), 0, ImGuiWindowFlags_NoScrollbar);
    if (!choices) {
        ui::Spinner(ui::Px(7));
        ImGui::SameLine();
        ui::MutedText("Searching…");
    } else if (!suggestions.error.empty()) {
        std::string error = "Could not search the leads: " + suggestions.error;
        ImGui::TextColored(ui::Colors().bad, "%s", ui::FitText(error, ImGui::GetContentRegionAvail().x).c_str());
        ui::Mirror("form-lead-search-error", error, {.role = ui::Role::Alert});
    } else if (choices->empty()) {
        ui::MutedText("No lead matches");
        ui::Mirror("form-lead-none", "No lead matches", {.role = ui::Role::Status});
    }
    const ui::Palette& colors = ui::Colors();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    float avail = ImGui::GetContentRegionAvail().x;
    for (std::size_t i = 0; choices && i < choices->size(); ++i) {
        const LeadChoice& lead = (*choices)[i];
        std::string id = std::to_string(lead.id);
        OptionText text = OptionOf(lead, suggestions.numbered && suggestions.numbered->id == lead.id);
        ImVec2 at = ImGui::GetCursorScreenPos();
        if (ImGui::Selectable(("##lead-" + id).c_str(), static_cast<int>(i) == m_highlight, 0, ImVec2(avail, 0))) Pick(lead);
        ui::Mirror("form-lead-option-" + id, text.head + text.rest, {.role = ui::Role::Button});
        std::string head = ui::FitText(text.head, avail);
        float used = ImGui::CalcTextSize(head.c_str()).x;
        draw->AddText(at, ui::U32(colors.text), head.c_str());
        if (used < avail)
            draw->AddText(ImVec2(at.x + used, at.y), ui::U32(colors.text_muted), ui::FitText(text.rest, avail - used).c_str());
    }
    ImGui::EndChild();
    m_list_box = ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    // It floats over the form: the form keeps its size, and what follows its place.
    window->DC.CursorPos = cursor;
    window->DC.CursorMaxPos = extent;
}

int LeadPicker::OnHistoryKey(ImGuiInputTextCallbackData* data) {
    auto* picker = static_cast<LeadPicker*>(data->UserData);
    if (data->EventFlag != ImGuiInputTextFlags_CallbackHistory) return 0;
    picker->m_dismissed = false;
    int step = data->EventKey == ImGuiKey_UpArrow ? -1 : 1;
    picker->m_highlight = std::clamp(picker->m_highlight + step, 0, std::max(0, picker->m_options - 1));
    return 0;
}

void LeadPicker::Pick(const LeadChoice& lead) {
    Reset(lead.id);
    m_label = ChosenLabel(lead.name, lead.email);
}

}  // namespace tandem::feedback_ui
