// The campaign calendar (month grid, timeline, list, details, the campaign form, the feed URL).
// The feature's data and intents live here; the view draws from CampaignsState and fills CampaignsIntents,
// and the app calls SyncCampaigns every frame, CarryCampaigns after drawing, and OnCampaignsEvent for each
// pushed event.
#pragma once

#include <string_view>

namespace tandem {

struct AppState;
class ApiClient;

struct CampaignsState {
};

struct CampaignsIntents {
};

void SyncCampaigns(AppState& state, ApiClient& api);
void CarryCampaigns(AppState& state, ApiClient& api, const CampaignsIntents& intents);
void OnCampaignsEvent(AppState& state, std::string_view type, std::string_view data);

}  // namespace tandem
