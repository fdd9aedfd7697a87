// Keeps the state's route and the URL hash in step: the hash is the source of truth, so links,
// reloads and the back button all work. Leaving a view while one of its forms holds unsaved
// changes waits in state.leaving until the form has asked whether to discard them.
#pragma once

namespace tandem {

struct AppState;
struct Route;

// Reads the hash into the state at start-up and whenever the user changed it.
void SyncRouteFromUrl(AppState& state, bool force);
// Navigates by setting the hash (a new history entry); the state follows on the hashchange.
void NavigateTo(AppState& state, const Route& route);
// A navigation someone asked for (a tab, a digit, a link in a view).
void RequestNavigation(AppState& state, const Route& route);
// The form's answer to state.leaving: go, or stay (the URL shows the form's view again).
void AnswerLeaving(AppState& state, bool go);

}  // namespace tandem
