// "Email preferences", opened from the user menu: which emails Tandem sends you, each a check box
// saved as it changes (PUT /api/email-preferences), with a status that screen readers announce.
#pragma once

#include "app/state.h"
#include "views/form_guard.h"

namespace tandem {

class EmailPreferencesDialog {
public:
    void Open() { m_open_requested = true; }
    void Draw(const AppState& state, Intents& intents);

private:
    bool m_open_requested = false;
    FormGuard m_guard;
    EmailPreferences m_shown;   // the boxes as ticked, ahead of the server's answer while it saves
};

}  // namespace tandem
