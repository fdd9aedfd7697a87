// Watches the server through /api/health: a check every 10 s while online; after a failure,
// retries after 1, 2, 4, 8 and then every 15 s, or at once when the user asks.
#pragma once

namespace tandem {

struct AppState;
class ApiClient;

void UpdateConnection(AppState& state, ApiClient& api, bool check_now);

}  // namespace tandem
