// The Tandem dashboard, compiled to WebAssembly.
#include "app/app.h"
#include "platform/platform.h"

namespace {

tandem::App* g_app = nullptr;

void Frame() { g_app->Frame(); }

}  // namespace

int main() {
    if (!tandem::platform::Init()) {
        tandem::platform::ShowFatalError(
            "Tandem needs WebGL 2, which this browser has turned off or does not support.");
        return 1;
    }
    g_app = new tandem::App();   // lives as long as the page
    tandem::platform::RunLoop(Frame);
}
