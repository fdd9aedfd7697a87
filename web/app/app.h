// The dashboard application: owns the state, the API client, the live updates and the views,
// and runs one frame.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "app/api_client.h"
#include "app/frame_pacer.h"
#include "app/live.h"
#include "app/state.h"
#include "views/email_dialog.h"
#include "views/password_dialog.h"
#include "views/view.h"

namespace tandem {

class App {
public:
    App();
    ~App();
    // Runs at every display refresh; draws only when the pacer says something can have changed.
    void Frame();

private:
    void Draw(float scale, Intents& intents);
    void DrawContent(float top, Intents& intents);
    void HandleShortcuts(Intents& intents);
    void Carry(const Intents& intents);
    void Sync();
    void ForgetPreviousUser();
    ViewBase& ViewFor(View view);

    AppState m_state;
    ApiClient m_api;
    LiveUpdates m_live;
    FramePacer m_pacer;
    std::unique_ptr<ViewBase> m_views[static_cast<int>(View::NotFound) + 1];
    PasswordDialog m_password_dialog;
    EmailPreferencesDialog m_email_dialog;
    std::optional<std::int64_t> m_views_for;   // the user the views' typed text belongs to
    float m_applied_scale = 0;
    ui::ThemeMode m_applied_theme = ui::ThemeMode::Light;
    int m_frame = 0;   // frames drawn
};

}  // namespace tandem
