// The feedback form's lead field: a lead picked by name, email or company as it is typed. Once the
// typing pauses the app asks the server for the leads holding the text (FeedbackIntents::
// suggest_leads); they show under the field as options, picked with a click or with Up/Down and
// Enter; the chosen lead then shows as its name and email, with × to clear it. The options float
// over the form below the field, as a drop-down does, while the field has the keyboard or the
// pointer is on them, so the form neither grows nor jumps while someone types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <imgui.h>
#include <imgui_internal.h>
#include <nlohmann/json.hpp>

#include "app/state.h"

namespace tandem::feedback_ui {

class LeadPicker {
public:
    // Starts over with `lead` chosen, or with nothing.
    void Reset(std::optional<std::int64_t> lead);
    // The field, `width` wide, right after its ui::FieldLabel.
    void Draw(const AppState& state, Intents& intents, float width);
    // The options, after the form's last widget in the same window, so that they float above them.
    void DrawOptions(const AppState& state);
    // Keys a form takes for itself that are the picker's while it offers options to type through:
    // Enter picks (or searches at once), Escape closes the list. A form asks before acting on them.
    bool OwnsEnter() const;
    bool TakeEscape();

    std::optional<std::int64_t> Chosen() const { return m_chosen; }
    // What was typed and not picked, trimmed.
    std::string Typed() const;
    // Everything the picker holds, for a form to tell unsaved work.
    nlohmann::json Values() const;

private:
    static int OnHistoryKey(ImGuiInputTextCallbackData* data);
    void DrawChosen(const AppState& state, float width);
    void DrawSearch(const AppState& state, Intents& intents, float width);
    void Pick(const LeadChoice& lead);

    std::optional<std::int64_t> m_chosen;
    std::string m_label;                // the chosen lead's "name · email"; "" while unknown
    char m_text[256] = "";
    double m_edited_at = 0;             // typed, not yet asked about (AppState::now); 0: nothing waiting
    std::string m_asked;                // the text last asked about
    int m_highlight = 0;                // the option Up/Down points at
    int m_options = 0;                  // options drawn last frame
    bool m_typing = false;              // the text field had the keyboard last frame
    bool m_list = false;                // the options show this frame
    ImVec2 m_list_at;                   // their top left corner, under the field
    float m_list_width = 0;
    ImRect m_list_box;                  // where they were drawn last frame; none when not drawn
    bool m_dismissed = false;           // Escape closed the list; typing opens it again
    bool m_focus = false;               // put the keyboard in the text field next frame
};

}  // namespace tandem::feedback_ui
