// The event stream while signed in: pushed changes mark the data they affect as stale, so open
// views refresh without a reload; a reset (events were missed) marks everything stale.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace tandem {

struct AppState;

class LiveUpdates {
public:
    // Opens or closes the stream to match the session; call once per frame.
    void Follow(AppState& state);
    // Applies the events that arrived since the last frame.
    void Apply(AppState& state);

private:
    bool m_open = false;
    std::vector<std::pair<std::string, std::string>> m_events;
    std::vector<bool> m_states;
};

}  // namespace tandem
