// Builds the per-frame widget list as JSON (coordinates in CSS pixels).
#include "ui/ui_mirror.h"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "platform/platform.h"
#include "platform/text_input.h"

namespace tandem::ui {

namespace {

nlohmann::json g_items;
nlohmann::json g_values;
std::string g_last;

}  // namespace

void BeginMirrorFrame() {
    g_items = nlohmann::json::array();
    g_values = nlohmann::json::object();
    platform::SetTextFieldLabel({});
}

void Mirror(std::string_view id, std::string_view text) {
    if (ImGui::IsItemActive()) platform::SetTextFieldLabel(text.empty() ? id : text);
    // Where the keyboard is while its focus ring shows (after Tab or arrows), for tools that move it.
    if (ImGui::GetIO().NavVisible && ImGui::IsItemFocused()) g_values["focus"] = id;
    float ratio = platform::PixelRatio();
    ImVec2 min = ImGui::GetItemRectMin();
    ImVec2 max = ImGui::GetItemRectMax();
    g_items.push_back({
        {"id", id},
        {"text", text.empty() ? id : text},
        {"x", std::round(min.x / ratio)},
        {"y", std::round(min.y / ratio)},
        {"w", std::round((max.x - min.x) / ratio)},
        {"h", std::round((max.y - min.y) / ratio)},
    });
}

void MirrorValue(std::string_view key, std::string_view value) { g_values[std::string(key)] = value; }

std::string EndMirrorFrame() {
    nlohmann::json frame = {{"items", g_items}, {"values", g_values}};
    std::string json = frame.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (json == g_last) return {};
    g_last = json;
    return json;
}

}  // namespace tandem::ui
