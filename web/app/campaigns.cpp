// Campaigns: loading and changing its data.
#include "app/campaigns.h"

#include "app/state.h"

namespace tandem {

void SyncCampaigns(AppState&, ApiClient&) {}

void CarryCampaigns(AppState&, ApiClient&, const CampaignsIntents&) {}

void OnCampaignsEvent(AppState&, std::string_view, std::string_view) {}

}  // namespace tandem
