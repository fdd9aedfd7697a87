// What the browser tab calls the page: the view shown, e.g. "Scorecard · Tandem", a lead's name on
// its page, "Sign in · Tandem" for anyone signed out.
#pragma once

#include <string>

namespace tandem {

struct AppState;

std::string PageTitle(const AppState& state);

}  // namespace tandem
