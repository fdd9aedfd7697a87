// The top bar's bell: the count of unread notifications, and a list of the latest that opens
// what each is about (and marks it read).
#pragma once

#include "app/state.h"

namespace tandem {

// The width the bell takes on the bar.
float NotificationBellWidth();
// Draws the bell at the cursor, centred on a bar `bar_height` high.
void DrawNotificationBell(const AppState& state, Intents& intents, float bar_height);

}  // namespace tandem
