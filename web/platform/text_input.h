// The browser's text field behind ImGui's (text_input_web.cpp): typing, input methods, paste and
// the emoji panel reach ImGui through it; ImGui's copy and cut reach the system clipboard.
#pragma once

#include <string_view>

namespace tandem::platform {

// Creates the field. Before glfwInit: see text_input_web.cpp.
void InstallTextInput();
// Points ImGui's clipboard and input-method hooks at the browser. After the ImGui backends init.
void ConnectTextInput();
// The accessible name of the field being edited this frame (its visible label).
void SetTextFieldLabel(std::string_view label);
// After a frame: moves the field to the active ImGui field's caret and focuses it, or gives focus
// back to the canvas when no field is being edited.
void PlaceTextField(float pixel_ratio);

}  // namespace tandem::platform
