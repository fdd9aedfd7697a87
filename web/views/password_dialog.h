// "Change password", opened from the user menu: the current password and the new one twice.
#pragma once

#include "app/state.h"
#include "views/form_guard.h"

namespace tandem {

class PasswordDialog {
public:
    void Open() { m_open_requested = true; }
    void Draw(const AppState& state, Intents& intents);

private:
    void Clear();

    bool m_open_requested = false;
    FormGuard m_guard;
    char m_current[256] = {};
    char m_new[256] = {};
    char m_again[256] = {};
};

}  // namespace tandem
