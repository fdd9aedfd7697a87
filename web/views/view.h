// A dashboard view: draws its content from the state and hands back intents. The app owns the
// window around it; a view keeps only UI state (a filter, a selection).
#pragma once

#include "app/state.h"

namespace tandem {

class ViewBase {
public:
    virtual ~ViewBase() = default;
    virtual void Draw(const AppState& state, Intents& intents) = 0;
};

}  // namespace tandem
