// Text entry through a real DOM field. A canvas receives no input-method, paste or emoji-panel
// text, and the browser's keypress carries no composed or dead-key characters; a focused textarea
// receives all of them as `input` events. While an ImGui text field is active, that textarea sits
// at its caret (so an input method's candidates appear there) and forwards what it receives; the
// keys that edit (arrows, Backspace, Enter, shortcuts) still reach ImGui as keys through GLFW.
#include "platform/text_input.h"

#include "platform/platform.h"

#include <cmath>
#include <emscripten.h>
#include <imgui.h>
#include <string>

namespace tandem::platform {

namespace {

// Must run before glfwInit: GLFW listens for keypress on the window in the capture phase too, and
// listeners on one target run in the order they were added. Text typed into the field arrives as
// `input`; its keypress reaching GLFW as well would type every character twice.
EM_JS(void, JsInstallTextField, (), {
    var field = document.createElement("textarea");
    field.id = "tandem-text";
    field.setAttribute("autocomplete", "off");
    field.setAttribute("autocorrect", "off");
    field.setAttribute("autocapitalize", "off");
    field.setAttribute("spellcheck", "false");
    field.setAttribute("aria-label", "Text");
    field.setAttribute("rows", "1");
    // Invisible but real: non-zero size, focusable, in the accessibility tree. 16 px keeps phones
    // from zooming in on focus. Clicks pass through to the canvas, which places the caret.
    field.style.cssText = "position:fixed;left:0;top:0;width:16px;height:16px;margin:0;padding:0;border:0;" +
                          "opacity:0;resize:none;overflow:hidden;font-size:16px;pointer-events:none;z-index:1;";
    field.tabIndex = -1;
    document.body.appendChild(field);
    var composing = false;
    var forward = function() {
        if (composing || field.value === "") return;
        var text = allocateUTF8(field.value);
        field.value = "";
        Module._tandem_text_input(text);
        _free(text);
    };
    field.addEventListener("compositionstart", function() { composing = true; });
    field.addEventListener("compositionend", function() { composing = false; forward(); });
    field.addEventListener("input", function(event) { if (!event.isComposing) forward(); });
    var pasteKey = false;
    var editKey = false;   // a key GLFW gives ImGui is down: Backspace, Delete, Enter
    field.addEventListener("keydown", function(event) {
        editKey = event.key === "Backspace" || event.key === "Delete" || event.key === "Enter";
        // ImGui handles these as keys: Enter submits or breaks the line, Ctrl+Z/Y undo in ImGui's
        // own history. The field must not also insert a newline or replay its own history.
        if (event.isComposing) return;
        var shortcut = event.ctrlKey || event.metaKey;
        pasteKey = (shortcut && (event.key === "v" || event.key === "V")) || (event.shiftKey && event.key === "Insert");
        if (event.key === "Enter" || (shortcut && /^[zy]$/i.test(event.key))) {
            event.preventDefault();
        }
    });
    // ImGui ignores characters while Ctrl is down, as it is during Ctrl+V: text pasted by a key
    // waits as ImGui's clipboard for ImGui's own paste (which replaces the selection as usual);
    // text pasted from a menu arrives as characters.
    field.addEventListener("paste", function(event) {
        event.preventDefault();
        var text = allocateUTF8(event.clipboardData.getData("text/plain"));
        if (pasteKey) Module._tandem_paste_by_key(text); else Module._tandem_text_input(text);
        _free(text);
    });
    // A phone's keyboard sends no Backspace or Enter key (its keydown is "Unidentified"), only the
    // edit it wants; the field is empty, so it would edit nothing. ImGui gets it as the key instead.
    var edits = {deleteContentBackward: 1, deleteContentForward: 2, insertLineBreak: 3, insertParagraph: 3};
    field.addEventListener("beforeinput", function(event) {
        var key = edits[event.inputType];
        if (!key) return;
        event.preventDefault();
        if (!editKey) Module._tandem_edit_key(key);
    });
    field.addEventListener("keyup", function() { editKey = false; });
    window.addEventListener("keypress", function(event) {
        if (event.target === field) event.stopImmediatePropagation();
    }, true);
    // GLFW lets go of every held key on any blur its window listener sees, and in the capture phase
    // that includes focus moving between the canvas and this field: Ctrl pressed just before a
    // click's field took focus would be let go, and the Ctrl+A or Ctrl+V after it typed a letter.
    // Only the window losing focus lets keys go.
    window.addEventListener("blur", function(event) {
        if (event.target !== window) event.stopImmediatePropagation();
    }, true);
    Module.tandemTextField = field;
});

EM_JS(void, JsPlaceTextField, (int active, double x, double y, double height, const char* label), {
    var field = Module.tandemTextField;
    if (!active) {
        if (document.activeElement === field) Module.canvas.focus({preventScroll: true});
        return;
    }
    field.style.left = x + "px";
    field.style.top = y + "px";
    field.style.height = Math.max(16, height) + "px";
    var name = UTF8ToString(label);
    if (name && field.getAttribute("aria-label") !== name) field.setAttribute("aria-label", name);
    if (document.activeElement !== field) field.focus({preventScroll: true});
});

EM_JS(int, JsIsMac, (), { return /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent) ? 1 : 0; });

ImGuiPlatformImeData g_ime;   // where the active field's caret is, from ImGui's last frame
std::string g_label;

void SetImeData(ImGuiViewport*, ImGuiPlatformImeData* data) { g_ime = *data; }

// A browser hands a page the clipboard only in a paste event: what the last one brought.
std::string g_pasted;

const char* PastedText(void*) { return g_pasted.c_str(); }

void WriteClipboard(void*, const char* text) { CopyToClipboard(text); }

}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void tandem_text_input(const char* text) { ImGui::GetIO().AddInputCharactersUTF8(text); }

// 1 Backspace, 2 Delete, 3 Enter: pressed and let go (ImGui's queue gives each its own frame).
extern "C" EMSCRIPTEN_KEEPALIVE void tandem_edit_key(int which) {
    ImGuiKey key = which == 1 ? ImGuiKey_Backspace : which == 2 ? ImGuiKey_Delete : ImGuiKey_Enter;
    ImGui::GetIO().AddKeyEvent(key, true);
    ImGui::GetIO().AddKeyEvent(key, false);
}

extern "C" EMSCRIPTEN_KEEPALIVE void tandem_paste_by_key(const char* text) { g_pasted = text; }

void InstallTextInput() { JsInstallTextField(); }

void ConnectTextInput() {
    ImGuiIO& io = ImGui::GetIO();
    io.SetPlatformImeDataFn = SetImeData;
    io.GetClipboardTextFn = PastedText;
    io.SetClipboardTextFn = WriteClipboard;
    // Cmd for shortcuts, Option+arrows by word: what Mac users' fingers do in every other field.
    io.ConfigMacOSXBehaviors = JsIsMac() != 0;
}

void SetTextFieldLabel(std::string_view label) { g_label = label; }

void PlaceTextField(float pixel_ratio) {
    bool active = g_ime.WantVisible && ImGui::GetIO().WantTextInput;
    JsPlaceTextField(active ? 1 : 0, std::floor(g_ime.InputPos.x / pixel_ratio), std::floor(g_ime.InputPos.y / pixel_ratio),
                     g_ime.InputLineHeight / pixel_ratio, g_label.c_str());
}

}  // namespace tandem::platform
