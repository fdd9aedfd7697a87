// What every form does with the keyboard and with unsaved work, as people expect of a web form
// (Notion, Linear, HubSpot): Enter in a one-line field (or Ctrl+Enter anywhere) submits; Escape or
// Cancel closes an unchanged form at once and asks first ("Discard …?" Discard / Keep editing)
// when it holds changes; leaving its view (a tab, a digit, the back button) asks the same. The
// form reports its unsaved changes to the app, which then holds navigations back (app/router.h)
// and has the browser ask before a reload, and its keyboard focus, which keeps view shortcuts out.
#pragma once

#include <imgui.h>

#include "app/state.h"

namespace tandem {

class FormGuard {
public:
    struct Keys {
        bool submit = false;   // Enter in a one-line field of the form, or Ctrl+Enter
        bool cancel = false;   // Escape meant for the form, not for a drop-down or question above it
    };
    // Where the form's fields begin: inside its dialog's popup, or before an inline form. `id`
    // names the form among its window's widgets.
    Keys Begin(const char* id);
    // Where they end, in the same window. `close`: the user asked to close (Cancel, or Keys::cancel).
    // `question` is asked before `unsaved` changes are discarded, for that and for a navigation
    // waiting in state.leaving. True when the form closes now: it was unchanged, or the user chose
    // Discard.
    bool End(const AppState& state, Intents& intents, bool close, bool unsaved, const char* question);

private:
    enum class Answer { None, Discard, Keep };
    Answer DrawQuestion(const char* question);

    ImGuiID m_scope = 0;
    int m_frame = -1;               // the frame the form was last drawn in
    bool m_asking = false;
    bool m_above = false;           // a drop-down or the question was open above the form last frame
    bool m_focused = false;         // keyboard focus was in the form last frame
};

}  // namespace tandem
