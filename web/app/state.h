// Everything the views draw from, and the intents they hand back. A frame applies finished
// requests to the state, draws every view from it, then carries out the intents.
#pragma once

#include <optional>
#include <string>

#include "tandem/health.h"
#include "tandem/route.h"
#include "ui/theme.h"

namespace tandem {

enum class ConnectionStatus { Connecting, Online, Offline };

struct Connection {
    ConnectionStatus status = ConnectionStatus::Connecting;
    std::optional<Health> health;     // the last good report
    std::string error;                // why the last check failed
    int failures = 0;                 // consecutive failed checks
    double next_check_at = 0;         // platform::NowSeconds()
    bool request_in_flight = false;
};

struct AppState {
    Route route;
    ui::ThemeMode theme = ui::ThemeMode::Light;
    Connection connection;
    double now = 0;                   // seconds, monotonic, set at the start of each frame
};

// What the views ask for; carried out after the frame is drawn.
struct Intents {
    std::optional<Route> navigate;
    std::optional<ui::ThemeMode> theme;
    bool check_connection_now = false;

    void Navigate(View view) {
        Route route;
        route.view = view;
        navigate = route;
    }
};

}  // namespace tandem
