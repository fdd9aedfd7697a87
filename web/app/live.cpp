// Event stream handling.
#include "app/live.h"

#include "app/session.h"
#include "app/state.h"
#include "platform/platform.h"
#include "ui/world_fonts.h"

namespace tandem {

void LiveUpdates::Follow(AppState& state) {
    bool want = state.session.status == Session::Status::SignedIn;
    if (want == m_open) return;
    m_open = want;
    if (want) {
        // Callbacks only enqueue; the frame applies them.
        platform::OpenEventStream(
            "/api/events",
            [this](std::string_view type, std::string_view data) {
                ui::NoteText(data);
                m_events.emplace_back(type, data);
            },
            [this](bool open) { m_states.push_back(open); });
    } else {
        platform::CloseEventStream();
        state.live = false;
    }
}

void LiveUpdates::Apply(AppState& state) {
    for (bool open : m_states) state.live = open;
    m_states.clear();
    for (const auto& [type, data] : m_events) {
        if (type == "session-ended") {
            SessionEnded(state, "You were signed out: your session ended (signed out, password changed, or expired).");
            break;
        }
        if (type == "reset" || type == "hello") {
            // Missed events (or a reconnect after downtime): whatever is shown may be old.
            state.scorecard.stale = true;
            state.users.stale = true;
        } else if (type == "scorecard" || type == "leads" || type == "campaign" || type == "definition") {
            state.scorecard.stale = true;
        }
        OnDefinitionEvent(state, type, data);
        OnCampaignsEvent(state, type, data);
        OnLeadsEvent(state, type, data);
        OnFeedbackEvent(state, type, data);
    }
    m_events.clear();
}

}  // namespace tandem
