// The bar across the top: product name, navigation, connection indicator, theme switch.
#pragma once

#include "app/state.h"

namespace tandem {

// Draws the bar at the top of the window; returns its height in device pixels.
float DrawTopBar(const AppState& state, Intents& intents);

}  // namespace tandem
