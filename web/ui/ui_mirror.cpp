// Builds the per-frame widget list as JSON (coordinates in CSS pixels), with each widget's role
// and state for the accessible DOM layer.
#include "ui/ui_mirror.h"

#include <imgui.h>
#include <imgui_internal.h>
#include <nlohmann/json.hpp>

#include "platform/platform.h"
#include "platform/text_input.h"

namespace tandem::ui {

namespace {

nlohmann::json g_items;
nlohmann::json g_values;
std::string g_last;
std::string g_label;                  // FieldLabel's text, waiting for its field
double g_milliseconds = 0;            // spent recording this frame
ImGuiID g_info_id = 0;                // the last widget ImGui described, and how
ImGuiItemStatusFlags g_info_flags = 0;

constexpr const char* kRoleNames[] = {"", "text", "heading", "button", "link", "checkbox", "radio", "textbox",
                                      "combobox", "alert", "status"};

Role InferRole(const ImGuiLastItemData& item) {
    if (item.ID == 0) return Role::Text;
    if (item.ID != g_info_id) return Role::Button;
    if (g_info_flags & ImGuiItemStatusFlags_Inputable) return Role::Textbox;
    if (g_info_flags & ImGuiItemStatusFlags_Checkable) return Role::Checkbox;
    return Role::Button;
}

// The landmark a widget sits in: the top bar's navigation, a dialog, a menu, or the page.
const char* Region() {
    const ImGuiWindow* root = ImGui::GetCurrentWindow()->RootWindow;
    if (root->Flags & ImGuiWindowFlags_Modal) return "dialog";
    if (root->Flags & ImGuiWindowFlags_Popup) return "menu";
    if (std::string_view(root->Name) == "##topbar") return "nav";
    return "main";
}

void NoteItemInfo(ImGuiID id, ImGuiItemStatusFlags flags) {
    g_info_id = id;
    g_info_flags = flags;
}

bool IsField(Role role) { return role == Role::Textbox || role == Role::Combobox || role == Role::Checkbox; }

// Adds the time from its construction to its end to the frame's mirror cost.
struct Timed {
    double started = platform::NowSeconds();
    ~Timed() { g_milliseconds += (platform::NowSeconds() - started) * 1000.0; }
};

}  // namespace

void BeginMirrorFrame() {
    g_milliseconds = 0;
    g_items = nlohmann::json::array();
    g_values = nlohmann::json::object();
    g_label.clear();
    platform::SetTextFieldLabel({});
}

void FieldLabel(const char* text) {
    ImGui::TextUnformatted(text);
    g_label = text;
}

void Mirror(std::string_view id, std::string_view text, const Aria& aria) {
    Timed timed;
    const ImGuiLastItemData& item = ImGui::GetCurrentContext()->LastItemData;
    Role role = aria.role == Role::Auto ? InferRole(item) : aria.role;
    std::string name(aria.name);
    if (IsField(role) && name.empty()) name = g_label;
    g_label.clear();   // a label names the widget right after it, or nothing
    if (ImGui::IsItemActive()) platform::SetTextFieldLabel(!name.empty() ? name : text.empty() ? id : text);
    // Where the keyboard is while its focus ring shows (after Tab or arrows), for tools that move it.
    if (ImGui::GetIO().NavVisible && ImGui::IsItemFocused()) g_values["focus"] = id;
    float ratio = platform::PixelRatio();
    ImRect box = item.Rect;
    box.ClipWithFull(ImGui::GetCurrentWindow()->ClipRect);
    ImVec2 min = box.Min;
    ImVec2 max = box.Max;
    nlohmann::json entry = {
        {"id", id},
        {"text", text.empty() ? id : text},
        {"x", std::round(min.x / ratio)},
        {"y", std::round(min.y / ratio)},
        {"w", std::round((max.x - min.x) / ratio)},
        {"h", std::round((max.y - min.y) / ratio)},
        {"role", kRoleNames[static_cast<int>(role)]},
        {"region", Region()},
    };
    // In a table's cell: the accessible layer nests it in the table's row and cell.
    const ImGuiTable* table = ImGui::GetCurrentContext()->CurrentTable;
    if (table && table->InnerWindow == ImGui::GetCurrentWindow() && table->CurrentRow >= 0) {
        entry["table"] = table->ID;
        entry["row"] = table->CurrentRow;
        entry["col"] = table->CurrentColumn;
    }
    if (!name.empty()) entry["name"] = name;
    if (role == Role::Heading) entry["level"] = aria.level > 0 ? aria.level : 2;
    if (role == Role::Checkbox) entry["checked"] = item.ID == g_info_id && (g_info_flags & ImGuiItemStatusFlags_Checked) != 0;
    if (role == Role::Radio) entry["checked"] = aria.checked;
    if (aria.pressed >= 0) entry["pressed"] = aria.pressed == 1;
    if (aria.current) entry["current"] = true;
    if (item.ID != 0 && (item.InFlags & ImGuiItemFlags_Disabled)) entry["disabled"] = true;
    g_items.push_back(std::move(entry));
}

void MirrorValue(std::string_view key, std::string_view value) { g_values[std::string(key)] = value; }

std::string EndMirrorFrame() {
    Timed timed;
    nlohmann::json frame = {{"items", g_items}, {"values", g_values}};
    std::string json = frame.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (json == g_last) return {};
    g_last = json;
    return json;
}

double MirrorMilliseconds() { return g_milliseconds; }

void EnableMirrorHooks() { ImGui::GetCurrentContext()->TestEngineHookItems = true; }

}  // namespace tandem::ui

// ImGui's test-engine hooks (IMGUI_ENABLE_TEST_ENGINE): only ItemInfo is used, for a widget's kind.
void ImGuiTestEngineHook_ItemAdd(ImGuiContext*, ImGuiID, const ImRect&, const ImGuiLastItemData*) {}
void ImGuiTestEngineHook_ItemInfo(ImGuiContext*, ImGuiID id, const char*, ImGuiItemStatusFlags flags) {
    tandem::ui::NoteItemInfo(id, flags);
}
void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}
const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
