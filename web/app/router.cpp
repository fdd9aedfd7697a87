// URL hash routing, and holding back a navigation that would lose a form's unsaved changes.
#include "app/router.h"

#include "app/state.h"
#include "platform/page.h"
#include "platform/platform.h"

namespace tandem {

namespace {

// A form belongs to its view's page, which keeps it through changes of filters, month or tab:
// only another view takes it off the screen.
bool Leaves(const AppState& state, const Route& to) { return state.unsaved && to.view != state.route.view; }

void Hold(AppState& state, const Route& to, bool from_url) {
    state.leaving = Leaving{to, from_url};
    platform::RequestFrame();   // the form asks in the next frame
}

}  // namespace

void SyncRouteFromUrl(AppState& state, bool force) {
    if (!platform::TakeHashChanged() && !force) return;
    Route to = ParseRoute(platform::UrlHash());
    if (!force && Leaves(state, to)) return Hold(state, to, true);
    state.route = to;
}

void NavigateTo(AppState& state, const Route& route) {
    platform::SetUrlHash(FormatRoute(route));
    // Apply at once rather than a frame later; the hashchange that follows finds it current.
    state.route = route;
}

void RequestNavigation(AppState& state, const Route& route) {
    if (FormatRoute(route) == FormatRoute(state.route)) return;
    if (Leaves(state, route)) return Hold(state, route, false);
    NavigateTo(state, route);
}

void AnswerLeaving(AppState& state, bool go) {
    if (!state.leaving) return;
    Leaving leaving = *state.leaving;
    state.leaving.reset();
    if (!go) {
        // The address bar already shows where the user went; put the form's page back in place.
        if (leaving.from_url) platform::ReplaceUrlHash(FormatRoute(state.route));
        return;
    }
    if (leaving.from_url) state.route = leaving.to;
    else NavigateTo(state, leaving.to);
}

}  // namespace tandem
