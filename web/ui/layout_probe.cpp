// Reads ImGui's own bookkeeping for the layout tests: a window knows how far it could scroll (from
// last frame's content, stable once the page has settled) and whether it shows a scroll bar.
// Widgets pushed past a window's edge are clipped to nothing, so the mirror's boxes alone cannot
// tell "cut off" from "scrolled away", nor a widget half under a dialog's edge from a whole one.
#include "ui/layout_probe.h"

#include <cmath>
#include <string>
#include <string_view>

#include <imgui.h>
#include <imgui_internal.h>

#include "platform/platform.h"
#include "ui/ui_mirror.h"

namespace tandem::ui {

void MirrorLayoutProbe() {
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    float ratio = platform::PixelRatio();
    auto scroll = [ratio](const ImGuiWindow& window) {
        return std::to_string(static_cast<int>(std::round(window.Scroll.y / ratio))) + "/" +
               std::to_string(static_cast<int>(std::round(window.ScrollMax.y / ratio)));
    };
    std::string found;
    auto note = [&](char axis, const ImGuiWindow& window, float over) {
        if (!found.empty()) found += "; ";
        found += std::string(1, axis) + ":" + window.Name + " +" + std::to_string(static_cast<int>(std::ceil(over / ratio)));
    };
    for (const ImGuiWindow* window : g.Windows) {
        if (!window->Active || window->Hidden || window->IsFallbackWindow) continue;
        if (window->Flags & ImGuiWindowFlags_Tooltip) continue;   // sized to its text by ImGui, within the screen
        // A multi-line text field is a child window without padding whose content ImGui always
        // makes its frame padding wider than the field, whatever the text: not a layout's doing.
        bool text_field = (window->Flags & ImGuiWindowFlags_ChildWindow) && window->WindowPadding.x == 0 &&
                          std::abs(window->ScrollMax.x - g.Style.FramePadding.x) < 1.0f;
        // A pixel of slack: content sizes are rounded, the scroll range is not.
        if (window->ScrollMax.x > ratio && !window->ScrollbarX && !text_field) note('x', *window, window->ScrollMax.x);
        if (window->ScrollMax.y > ratio && !window->ScrollbarY) note('y', *window, window->ScrollMax.y);
        if (std::string_view(window->Name) == "##content") MirrorValue("scroll-main", scroll(*window));
    }
    MirrorValue("cut-off", found);
    if (const ImGuiWindow* dialog = ImGui::GetTopMostAndVisiblePopupModal()) {
        // Where it has a body (ui::BeginDialogBody), that scrolls: its actions stay put.
        const ImGuiWindow* scrolled = dialog;
        for (const ImGuiWindow* child : dialog->DC.ChildWindows)
            if (std::string_view(child->Name).find("/##body_") != std::string_view::npos) scrolled = child;
        MirrorValue("scroll-dialog", scroll(*scrolled));
    }
}

}  // namespace tandem::ui
