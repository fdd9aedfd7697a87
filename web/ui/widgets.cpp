// Shared widgets, drawn in the theme's colours and sizes.
#include "ui/widgets.h"

#include <string>

#include "ui/theme.h"
#include "ui/ui_mirror.h"

namespace tandem::ui {

void PageHeader(const char* title, const char* subtitle) {
    ImGui::PushFont(Font(FontRole::Heading));
    ImGui::TextUnformatted(title);
    ImGui::PopFont();
    Mirror("page-title", title);
    MutedText(subtitle);
    ImGui::Dummy(ImVec2(0, Px(8)));
}

bool NavTab(std::string_view id, const char* icon, const char* label, bool active, float height) {
    const Palette& colors = Colors();
    std::string text = std::string(icon) + "  " + label;
    ImVec2 text_size = ImGui::CalcTextSize(text.c_str());
    ImVec2 size(text_size.x + Px(24), height);
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::PushID(id.data(), id.data() + id.size());
    bool clicked = ImGui::InvisibleButton("tab", size);
    bool hovered = ImGui::IsItemHovered();
    ImGui::PopID();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    if (hovered && !active) {
        draw->AddRectFilled(ImVec2(pos.x, pos.y + Px(8)), ImVec2(pos.x + size.x, pos.y + size.y - Px(8)),
                            U32(colors.surface_alt), Px(6));
    }
    ImVec4 text_color = active ? colors.accent : hovered ? colors.text : colors.text_muted;
    draw->AddText(ImVec2(pos.x + Px(12), pos.y + (size.y - text_size.y) * 0.5f), U32(text_color), text.c_str());
    if (active) {
        draw->AddRectFilled(ImVec2(pos.x + Px(8), pos.y + size.y - Px(3)), ImVec2(pos.x + size.x - Px(8), pos.y + size.y),
                            U32(colors.accent), Px(2));
    }
    Mirror(id, label);
    return clicked;
}

void EmptyState(std::string_view id, const char* icon, const char* title, const char* text) {
    const Palette& colors = Colors();
    float width = std::min(ImGui::GetContentRegionAvail().x, Px(560));
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (ImGui::GetContentRegionAvail().x - width) * 0.5f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(Px(28), Px(24)));
    ImGui::PushID(id.data(), id.data() + id.size());
    ImGui::BeginChild("empty", ImVec2(width, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
    ImGui::PushFont(Font(FontRole::Display));
    ImGui::PushStyleColor(ImGuiCol_Text, colors.accent);
    ImGui::TextUnformatted(icon);
    ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::PushFont(Font(FontRole::Strong));
    ImGui::TextUnformatted(title);
    ImGui::PopFont();
    ImGui::PushTextWrapPos(0.0f);
    MutedText(text);
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
    ImGui::PopID();
    ImGui::PopStyleVar();
    Mirror(id, title);
}

bool Banner(std::string_view id, BannerKind kind, const char* text, const char* button) {
    const Palette& colors = Colors();
    ImVec4 background = kind == BannerKind::Error ? colors.bad_soft : colors.accent_soft;
    ImVec4 foreground = kind == BannerKind::Error ? colors.bad : colors.accent;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, background);
    ImGui::PushStyleColor(ImGuiCol_Border, foreground);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(Px(14), Px(8)));
    ImGui::PushID(id.data(), id.data() + id.size());
    ImGui::BeginChild("banner", ImVec2(0, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
    ImGui::AlignTextToFramePadding();
    ImGui::PushStyleColor(ImGuiCol_Text, foreground);
    ImGui::TextUnformatted(text);
    ImGui::PopStyleColor();
    Mirror(id, text);
    bool clicked = false;
    if (button) {
        ImGui::SameLine();
        clicked = ImGui::Button(button);
        Mirror(std::string(id) + "-button", button);
    }
    ImGui::EndChild();
    ImGui::PopID();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor(2);
    return clicked;
}

void MutedText(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, Colors().text_muted);
    ImGui::TextUnformatted(text);
    ImGui::PopStyleColor();
}

}  // namespace tandem::ui
