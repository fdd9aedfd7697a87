// The form rules (see form_guard.h) over ImGui's focus scopes, popups and key ownership.
#include "views/form_guard.h"

#include <imgui_internal.h>

#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"

namespace tandem {

namespace {

constexpr const char* kQuestionPopup = "Discard changes?##form-guard";

bool InPopup() { return (ImGui::GetCurrentWindow()->Flags & ImGuiWindowFlags_Popup) != 0; }

// Taken, the key is invisible to whatever else asks this frame (ImGui's own Escape in a field,
// which reverts what was typed; the calendar's Escape, which closes its side panel).
void Consume(ImGuiKey key, ImGuiID owner) { ImGui::SetKeyOwner(key, owner, ImGuiInputFlags_LockThisFrame); }

}  // namespace

FormGuard::Keys FormGuard::Begin(const char* id) {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    // A form not drawn in the previous frame was closed or hidden: nothing carries over.
    if (m_frame != g.FrameCount - 1) m_asking = m_above = m_focused = false;
    m_frame = g.FrameCount;
    m_scope = ImGui::GetID(id);
    ImGui::PushFocusScope(m_scope);

    // A popup above the form (a drop-down, the question) gets its keys, including the Escape that
    // ImGui used at the start of this frame to close it.
    bool above = m_above || ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId);
    bool ours = !above && (InPopup() || m_focused);
    Keys keys;
    if (!ours) return keys;
    if (ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
        keys.cancel = true;
        Consume(ImGuiKey_Escape, m_scope);
    }
    if (ImGui::IsKeyPressed(ImGuiKey_Enter, false) || ImGui::IsKeyPressed(ImGuiKey_KeypadEnter, false)) {
        // A multi-line field keeps Enter for new lines; a focused button or drop-down acts on it itself.
        ImGuiInputTextState* field = g.ActiveId != 0 ? ImGui::GetInputTextState(g.ActiveId) : nullptr;
        bool one_line = field && !(field->Flags & ImGuiInputTextFlags_Multiline) && g.NavFocusScopeId == m_scope;
        keys.submit = one_line || ImGui::GetIO().KeyCtrl;
    }
    return keys;
}

bool FormGuard::End(const AppState& state, Intents& intents, bool close, bool unsaved, const char* question) {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    ImGui::PopFocusScope();
    bool closing = false;
    if (!m_asking && unsaved && (close || state.leaving)) {
        ImGui::OpenPopup(kQuestionPopup);
        m_asking = true;
    } else if (close && !unsaved) {
        closing = true;
    }
    if (m_asking) {
        Answer answer = DrawQuestion(question);
        if (answer != Answer::None) {
            m_asking = false;
            closing = answer == Answer::Discard;
            if (state.leaving) intents.leave = closing;
        }
    }
    m_above = ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId);
    m_focused = g.NavId != 0 && g.NavFocusScopeId == m_scope;
    if (unsaved && !closing) intents.unsaved = true;
    if (m_focused) intents.keyboard_in_form = true;
    return closing;
}

FormGuard::Answer FormGuard::DrawQuestion(const char* question) {
    if (!ui::BeginDialog(kQuestionPopup, ui::Px(440), 0.4f)) return Answer::Keep;   // closed some other way
    const ui::Palette& colors = ui::Colors();
    ui::BeginDialogBody();
    ImGui::PushFont(ui::Font(ui::FontRole::Strong));
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(question);
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    ui::Mirror("discard-question", question, {.role = ui::Role::Heading, .level = 2});
    ui::MutedText("What you entered has not been saved.");
    ui::EndDialogBody();
    ImGui::Dummy(ImVec2(0, ui::Px(6)));
    ImGui::PushStyleColor(ImGuiCol_Button, colors.bad);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(colors.bad.x, colors.bad.y, colors.bad.z, 0.85f));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    bool discard = ImGui::Button("Discard");
    ImGui::PopStyleColor(3);
    ui::Mirror("discard-yes", "Discard");
    ImGui::SameLine();
    // The safe answer has the keyboard first: Enter right after Escape keeps the work.
    bool keep = ImGui::Button("Keep editing");
    ImGui::SetItemDefaultFocus();
    ui::Mirror("discard-no", "Keep editing");
    if (!discard && ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
        keep = true;
        Consume(ImGuiKey_Escape, ImGui::GetID(kQuestionPopup));
    }
    if (discard || keep) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return discard ? Answer::Discard : keep ? Answer::Keep : Answer::None;
}

}  // namespace tandem
