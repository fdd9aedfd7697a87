// Keeps the state's route and the URL hash in step: the hash is the source of truth, so links,
// reloads and the back button all work.
#pragma once

namespace tandem {

struct AppState;
struct Route;

// Reads the hash into the state at start-up and whenever the user changed it.
void SyncRouteFromUrl(AppState& state, bool force);
// Navigates by setting the hash (a new history entry); the state follows on the hashchange.
void NavigateTo(AppState& state, const Route& route);

}  // namespace tandem
