// Key ownership tests over ImGui's state.
#include "ui/keys.h"

#include <imgui.h>

namespace tandem::ui {

bool PageKeysFree() {
    return !ImGui::GetIO().WantTextInput && !ImGui::IsAnyItemActive() &&
           !ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel);
}

bool WidgetHasKeyboardFocus() { return ImGui::GetIO().NavVisible; }

}  // namespace tandem::ui
