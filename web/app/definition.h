// The lead-definition editor: the shared draft, co-editing, presence, impact preview, versions.
// The feature's data and intents live here; the view draws from DefinitionState and fills DefinitionIntents,
// and the app calls SyncDefinition every frame, CarryDefinition after drawing, and OnDefinitionEvent for each
// pushed event.
#pragma once

#include <string_view>

namespace tandem {

struct AppState;
class ApiClient;

struct DefinitionState {
};

struct DefinitionIntents {
};

void SyncDefinition(AppState& state, ApiClient& api);
void CarryDefinition(AppState& state, ApiClient& api, const DefinitionIntents& intents);
void OnDefinitionEvent(AppState& state, std::string_view type, std::string_view data);

}  // namespace tandem
