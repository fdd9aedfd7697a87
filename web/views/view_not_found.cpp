// Shown for a URL that names no view, with a way back.
#include <string>

#include "ui/icons.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/views.h"

namespace tandem {

namespace {

class NotFoundView final : public ViewBase {
public:
    void Draw(const AppState& state, Intents& intents) override {
        ui::PageHeader("Page not found", ("Nothing lives at #" + state.route.path + ".").c_str());
        ui::EmptyState("not-found", ICON_COMPASS, "This link leads nowhere",
                       "The address may be mistyped, or the page may have moved. Every view is in the bar above.");
        ImGui::Dummy(ImVec2(0, ImGui::GetStyle().ItemSpacing.y));
        float width = ImGui::CalcTextSize("Open the scorecard").x + ImGui::GetStyle().FramePadding.x * 2;
        ImGui::SetCursorPosX((ImGui::GetWindowWidth() - width) * 0.5f);
        if (ImGui::Button("Open the scorecard")) intents.Navigate(View::Scorecard);
        ui::Mirror("open-scorecard", "Open the scorecard", {.role = ui::Role::Link});
    }
};

}  // namespace

std::unique_ptr<ViewBase> MakeNotFoundView() { return std::make_unique<NotFoundView>(); }

}  // namespace tandem
