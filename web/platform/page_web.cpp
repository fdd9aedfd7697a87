// The page's title, the before-unload question and in-place hash changes, for the browser.
#include "platform/page.h"

#include <string>
#include <emscripten.h>

namespace tandem::platform {

namespace {

EM_JS(void, JsSetTitle, (const char* title), { document.title = UTF8ToString(title); });

// The browser shows its own wording; the handler only has to cancel the event (and set
// returnValue, which Chromium still reads).
EM_JS(void, JsWarnBeforeLeaving, (bool unsaved), {
    if (!Module.tandemBeforeUnload) {
        Module.tandemBeforeUnload = function(event) {
            event.preventDefault();
            event.returnValue = "";
        };
    }
    if (unsaved) window.addEventListener('beforeunload', Module.tandemBeforeUnload);
    else window.removeEventListener('beforeunload', Module.tandemBeforeUnload);
});

EM_JS(void, JsReplaceUrlHash, (const char* hash), {
    history.replaceState(history.state, "", UTF8ToString(hash));
});

}  // namespace

void SetTitle(std::string_view title) {
    static std::string shown;
    if (title == shown) return;
    shown = title;
    JsSetTitle(shown.c_str());
}

void WarnBeforeLeaving(bool unsaved) {
    static bool warning = false;
    if (unsaved == warning) return;
    warning = unsaved;
    JsWarnBeforeLeaving(unsaved);
}

void ReplaceUrlHash(std::string_view hash) { JsReplaceUrlHash(std::string(hash).c_str()); }

}  // namespace tandem::platform
