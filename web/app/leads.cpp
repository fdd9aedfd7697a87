// Leads: loading and changing its data.
#include "app/leads.h"

#include "app/state.h"

namespace tandem {

void SyncLeads(AppState&, ApiClient&) {}

void CarryLeads(AppState&, ApiClient&, const LeadsIntents&) {}

void OnLeadsEvent(AppState&, std::string_view, std::string_view) {}

}  // namespace tandem
