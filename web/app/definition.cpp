// Definition: loading and changing its data.
#include "app/definition.h"

#include "app/state.h"

namespace tandem {

void SyncDefinition(AppState&, ApiClient&) {}

void CarryDefinition(AppState&, ApiClient&, const DefinitionIntents&) {}

void OnDefinitionEvent(AppState&, std::string_view, std::string_view) {}

}  // namespace tandem
