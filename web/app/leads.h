// The rep's inbox, the leads table and a lead's detail panel with its actions.
// The feature's data and intents live here; the view draws from LeadsState and fills LeadsIntents,
// and the app calls SyncLeads every frame, CarryLeads after drawing, and OnLeadsEvent for each
// pushed event.
#pragma once

#include <string_view>

namespace tandem {

struct AppState;
class ApiClient;

struct LeadsState {
};

struct LeadsIntents {
};

void SyncLeads(AppState& state, ApiClient& api);
void CarryLeads(AppState& state, ApiClient& api, const LeadsIntents& intents);
void OnLeadsEvent(AppState& state, std::string_view type, std::string_view data);

}  // namespace tandem
