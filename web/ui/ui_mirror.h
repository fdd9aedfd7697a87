// A text mirror of the canvas: labelled widgets record their text and hit box each frame, and the
// frame's list is published to the page (window.tandemUi) when it changes. It gives assistive
// tools and the browser tests what a canvas otherwise hides: what is on screen, and where.
#pragma once

#include <string>
#include <string_view>

namespace tandem::ui {

void BeginMirrorFrame();
// Records the last ImGui item under `id` with its visible text (defaults to the id), and its id as
// the value "focus" when it shows keyboard focus.
void Mirror(std::string_view id, std::string_view text = {});
// Also records free-form state, e.g. {"route", "#/leads/42"}.
void MirrorValue(std::string_view key, std::string_view value);
// The JSON to publish, or "" if it equals the last published frame's.
std::string EndMirrorFrame();

}  // namespace tandem::ui
