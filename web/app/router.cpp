// URL hash routing.
#include "app/router.h"

#include "app/state.h"
#include "platform/platform.h"

namespace tandem {

void SyncRouteFromUrl(AppState& state, bool force) {
    if (!platform::TakeHashChanged() && !force) return;
    state.route = ParseRoute(platform::UrlHash());
}

void NavigateTo(AppState& state, const Route& route) {
    platform::SetUrlHash(FormatRoute(route));
    // Apply at once rather than a frame later; the hashchange that follows finds it current.
    state.route = route;
}

}  // namespace tandem
