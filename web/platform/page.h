// The page around the canvas: its title, the browser's own question before leaving a page that
// holds unsaved work, and the URL put back without a history entry. Implemented for Emscripten in
// page_web.cpp.
#pragma once

#include <string_view>

namespace tandem::platform {

// Sets document.title: what the tab, the history and bookmarks call the page.
void SetTitle(std::string_view title);
// While true, reloading or closing the tab first asks the browser's "Leave site?" question.
void WarnBeforeLeaving(bool unsaved);
// Replaces the URL's hash in place: no history entry and no hashchange (the URL shows the page
// again after leaving it was refused).
void ReplaceUrlHash(std::string_view hash);

}  // namespace tandem::platform
