// Builds the per-frame widget list as JSON (coordinates in CSS pixels), with each widget's role
// and state for the accessible DOM layer. The text is written straight into buffers reused from
// frame to frame: recording a widget allocates nothing once they have grown.
#include "ui/ui_mirror.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "platform/platform.h"
#include "platform/text_input.h"
#include "tandem/json_writer.h"

namespace tandem::ui {

namespace {

constexpr std::string_view kFrameStart = R"({"items":[)";

std::string g_frame{kFrameStart};     // this frame's JSON: the items so far, then the values
std::string g_last;                   // the last published frame's
bool g_first_item = true;
std::vector<std::pair<std::string, std::string>> g_values;   // key, value; the first g_value_count in use
std::size_t g_value_count = 0;
std::string g_label;                  // FieldLabel's text, waiting for its field
const ImGuiWindow* g_label_window = nullptr;   // where it was drawn: an open drop-down's options do not take it
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

// The landmark a widget sits in: the top bar's navigation, a dialog, a menu, or the page. A popup
// opened from a dialog (a date picker, a drop-down) is part of the dialog: outside it, a screen
// reader could not reach it past aria-modal.
const char* Region() {
    const ImGuiWindow* root = ImGui::GetCurrentWindow()->RootWindow;
    if (root->Flags & ImGuiWindowFlags_Modal) return "dialog";
    if (root->Flags & ImGuiWindowFlags_Popup) return ImGui::GetTopMostAndVisiblePopupModal() ? "dialog" : "menu";
    if (std::string_view(root->Name) == "##topbar") return "nav";
    return "main";
}

bool IsOver() {
    ImGuiWindowFlags flags = ImGui::GetCurrentWindow()->RootWindow->Flags;
    return (flags & ImGuiWindowFlags_Popup) && !(flags & ImGuiWindowFlags_Modal);
}

void NoteItemInfo(ImGuiID id, ImGuiItemStatusFlags flags) {
    g_info_id = id;
    g_info_flags = flags;
}

bool IsField(Role role) { return role == Role::Textbox || role == Role::Combobox || role == Role::Checkbox; }

// A value of the frame; a key set twice keeps the last value.
void SetValue(std::string_view key, std::string_view value) {
    for (std::size_t i = 0; i < g_value_count; ++i) {
        if (g_values[i].first == key) {
            g_values[i].second = value;
            return;
        }
    }
    if (g_value_count == g_values.size()) g_values.emplace_back();
    g_values[g_value_count].first = key;
    g_values[g_value_count].second = value;
    ++g_value_count;
}

// Adds the time from its construction to its end to the frame's mirror cost.
struct Timed {
    double started = platform::NowSeconds();
    ~Timed() { g_milliseconds += (platform::NowSeconds() - started) * 1000.0; }
};

}  // namespace

void BeginMirrorFrame() {
    g_milliseconds = 0;
    g_frame.assign(kFrameStart);
    g_first_item = true;
    g_value_count = 0;
    g_label.clear();
    platform::SetTextFieldLabel({});
}

void FieldLabel(const char* text) {
    ImGui::TextUnformatted(text);
    g_label = text;
    g_label_window = ImGui::GetCurrentWindow();
}

void Mirror(std::string_view id, std::string_view text, const Aria& aria) {
    Timed timed;
    const ImGuiLastItemData& item = ImGui::GetCurrentContext()->LastItemData;
    Role role = aria.role == Role::Auto ? InferRole(item) : aria.role;
    std::string_view name = aria.name;
    bool labelled_here = ImGui::GetCurrentWindow() == g_label_window;
    if (IsField(role) && name.empty() && labelled_here) name = g_label;
    if (ImGui::IsItemActive()) platform::SetTextFieldLabel(!name.empty() ? name : text.empty() ? id : text);
    // Where the keyboard is while its focus ring shows (after Tab or arrows), for tools that move it.
    if (ImGui::GetIO().NavVisible && ImGui::IsItemFocused()) SetValue("focus", id);
    // The text field taking keys now, so tools type only once a click has given it the keyboard.
    if (ImGui::IsItemActive() && ImGui::GetInputTextState(item.ID)) SetValue("editing", id);
    float ratio = platform::PixelRatio();
    ImRect box = item.Rect;
    box.ClipWithFull(ImGui::GetCurrentWindow()->ClipRect);
    // In a table's cell: the accessible layer nests it in the table's row and cell.
    const ImGuiTable* table = ImGui::GetCurrentContext()->CurrentTable;
    bool in_table = table && table->InnerWindow == ImGui::GetCurrentWindow() && table->CurrentRow >= 0;

    if (!g_first_item) g_frame += ',';
    g_first_item = false;
    // Keys in alphabetical order, as the nlohmann::json objects this replaced wrote them.
    JsonWriter entry(g_frame);
    entry.BeginObject();
    if (role == Role::Checkbox) entry.Key("checked").Bool(item.ID == g_info_id && (g_info_flags & ImGuiItemStatusFlags_Checked) != 0);
    if (role == Role::Radio) entry.Key("checked").Bool(aria.checked);
    if (in_table) entry.Key("col").Int(table->CurrentColumn);
    if (aria.current) entry.Key("current").Bool(true);
    if (item.ID != 0 && (item.InFlags & ImGuiItemFlags_Disabled)) entry.Key("disabled").Bool(true);
    if (role == Role::Combobox) {
        bool open = aria.expanded >= 0 ? aria.expanded == 1
                                       : ImGui::IsPopupOpen(ImHashStr("##ComboPopup", 0, item.ID), ImGuiPopupFlags_AnyPopupLevel);
        entry.Key("expanded").Bool(open);
    }
    entry.Key("h").Number(std::round((box.Max.y - box.Min.y) / ratio));
    entry.Key("id").String(id);
    if (role == Role::Heading) entry.Key("level").Int(aria.level > 0 ? aria.level : 2);
    if (!name.empty()) entry.Key("name").String(name);
    // In a popup: drawn over the window that opened it, whose widgets come later in the frame.
    if (IsOver()) entry.Key("over").Bool(true);
    if (aria.pressed >= 0) entry.Key("pressed").Bool(aria.pressed == 1);
    entry.Key("region").String(Region());
    entry.Key("role").String(kRoleNames[static_cast<int>(role)]);
    if (in_table) entry.Key("row").Int(table->CurrentRow);
    if (in_table) entry.Key("table").Int(table->ID);
    entry.Key("text").String(text.empty() ? id : text);
    entry.Key("w").Number(std::round((box.Max.x - box.Min.x) / ratio));
    entry.Key("x").Number(std::round(box.Min.x / ratio));
    entry.Key("y").Number(std::round(box.Min.y / ratio));
    entry.EndObject();
    // A label names the widget right after it in its window, or nothing (`name` may be it until here).
    if (labelled_here) g_label.clear();
}

void MirrorValue(std::string_view key, std::string_view value) { SetValue(key, value); }

std::string EndMirrorFrame() {
    Timed timed;
    // Values sorted by key, as the nlohmann::json object this replaced wrote them.
    std::sort(g_values.begin(), g_values.begin() + static_cast<std::ptrdiff_t>(g_value_count),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    g_frame += R"(],"values":)";
    JsonWriter values(g_frame);
    values.BeginObject();
    for (std::size_t i = 0; i < g_value_count; ++i) values.Key(g_values[i].first).String(g_values[i].second);
    values.EndObject();
    g_frame += '}';
    if (g_frame == g_last) return {};
    g_last.swap(g_frame);   // the old buffer is the next frame's, its capacity kept
    return g_last;
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
