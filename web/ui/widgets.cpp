// Shared widgets, drawn in the theme's colours and sizes.
#include "ui/widgets.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include <imgui_internal.h>

#include "platform/platform.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"

namespace tandem::ui {

void PageHeader(const char* title, const char* subtitle) {
    ImGui::PushFont(Font(FontRole::Heading));
    ImGui::TextUnformatted(title);
    ImGui::PopFont();
    Mirror("page-title", title, {.role = Role::Heading, .level = 1});
    ImGui::PushTextWrapPos(0.0f);
    MutedText(subtitle);
    ImGui::PopTextWrapPos();
    ImGui::Dummy(ImVec2(0, Px(8)));
}

float NavTabWidth(const char* icon, const char* label) {
    return ImGui::CalcTextSize((std::string(icon) + "  " + label).c_str()).x + Px(24);
}

bool NavTab(std::string_view id, const char* icon, const char* label, bool active, float height) {
    const Palette& colors = Colors();
    std::string text = std::string(icon) + "  " + label;
    ImVec2 text_size = ImGui::CalcTextSize(text.c_str());
    ImVec2 size(NavTabWidth(icon, label), height);
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
    Mirror(id, label, {.role = Role::Link, .current = active});
    return clicked;
}

void EmptyState(std::string_view id, const char* icon, const char* title, const char* text) {
    const Palette& colors = Colors();
    float width = std::min(ImGui::GetContentRegionAvail().x, Px(560));
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (ImGui::GetContentRegionAvail().x - width) * 0.5f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(Px(28), Px(24)));
    ImGui::PushID(id.data(), id.data() + id.size());
    BeginPanel("empty", ImVec2(width, 0), ImGuiChildFlags_AutoResizeY);
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
    Mirror(id, title, {.role = Role::Status});
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
    Mirror(id, text, {.role = kind == BannerKind::Error ? Role::Alert : Role::Status});
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

std::string FitText(const std::string& text, float width) {
    if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
    static constexpr const char* kEllipsis = "\xe2\x80\xa6";   // …
    // The longest prefix that fits with the ellipsis, cut at a character boundary (UTF-8).
    std::size_t low = 0, high = text.size();
    while (low < high) {
        std::size_t mid = (low + high + 1) / 2;
        if (ImGui::CalcTextSize((text.substr(0, mid) + kEllipsis).c_str()).x <= width) low = mid;
        else high = mid - 1;
    }
    while (low > 0 && (static_cast<unsigned char>(text[low]) & 0xC0) == 0x80) --low;
    while (low > 0 && text[low - 1] == ' ') --low;
    return text.substr(0, low) + kEllipsis;
}

void OverflowTooltip(const char* text) {
    if (ImGui::IsItemActive() || !ImGui::IsItemHovered(ImGuiHoveredFlags_DelayNormal | ImGuiHoveredFlags_AllowWhenDisabled))
        return;
    float inner = ImGui::GetItemRectSize().x - ImGui::GetStyle().FramePadding.x * 2;
    if (ImGui::CalcTextSize(text).x > inner) ImGui::SetTooltip("%s", text);
}

void MutedText(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, Colors().text_muted);
    ImGui::TextUnformatted(text);
    ImGui::PopStyleColor();
}

void MutedFieldLabel(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, Colors().text_muted);
    FieldLabel(text);
    ImGui::PopStyleColor();
}

void BeginPanel(const char* id, ImVec2 size, ImGuiChildFlags flags, ImGuiWindowFlags window_flags) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, Colors().surface);
    ImGui::BeginChild(id, size, flags | ImGuiChildFlags_Border, window_flags);
    ImGui::PopStyleColor();   // the background is drawn by now; nested children stay transparent
}

bool BeginPageTable(const char* id, int columns, ImGuiTableFlags flags, ImVec2 size, float min_width) {
    float width = size.x > 0 ? size.x : ImGui::GetContentRegionAvail().x;
    float inner_width = 0;
    if (width < min_width) {
        flags |= ImGuiTableFlags_ScrollX;
        inner_width = min_width;
    }
    ImGui::PushStyleColor(ImGuiCol_ChildBg, Colors().surface);
    bool open = ImGui::BeginTable(id, columns, flags, size, inner_width);
    ImGui::PopStyleColor();
    return open;
}

void BeginCard(const char* id, const char* title, ImVec2 size) {
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(Px(16), Px(14)));
    BeginPanel(id, size, size.y == 0 ? ImGuiChildFlags_AutoResizeY : 0,
               ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    if (title && *title) {
        ImGui::PushFont(Font(FontRole::Strong));
        ImGui::TextUnformatted(title);
        ImGui::PopFont();
        Mirror(std::string("card/") + id, title, {.role = Role::Heading, .level = 2});
        ImGui::Dummy(ImVec2(0, Px(2)));
    }
}

void EndCard() {
    ImGui::EndChild();
    ImGui::PopStyleVar();
}

int Segmented(const char* id, std::span<const char* const> labels, int selected) {
    const Palette& colors = Colors();
    int clicked = -1;
    ImGui::PushID(id);
    ImGui::BeginGroup();
    // Rows that wrap keep a small gap between them; the buttons of a row touch.
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, Px(4)));
    // It wraps only where a whole line (of the window, or of the table cell) is too narrow for it,
    // never because of where on a line it starts: a header that places it by its width measures it
    // unwrapped.
    const ImGuiStyle& style = ImGui::GetStyle();
    auto width_of = [&](std::size_t i) { return ImGui::CalcTextSize(labels[i], nullptr, true).x + style.FramePadding.x * 2; };
    float total = 0;
    for (std::size_t i = 0; i < labels.size(); ++i) total += width_of(i);
    const ImRect& line = ImGui::GetCurrentWindow()->WorkRect;
    bool wrap = total > line.GetWidth() + 0.5f;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        bool active = static_cast<int>(i) == selected;
        if (i > 0 && (!wrap || ImGui::GetItemRectMax().x + width_of(i) <= line.Max.x + 0.5f)) ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Button, active ? colors.accent_soft : colors.surface);
        ImGui::PushStyleColor(ImGuiCol_Text, active ? colors.accent : colors.text);
        if (ImGui::Button(labels[i])) clicked = static_cast<int>(i);
        ImGui::PopStyleColor(2);
        Mirror(std::string(id) + "/" + labels[i], labels[i], {.pressed = active ? 1 : 0});
    }
    ImGui::PopStyleVar();
    ImGui::EndGroup();
    ImGui::PopID();
    return clicked;
}

Flow::Flow(const char* id, float spacing)
    : m_id(ImGui::GetID(id)), m_spacing(spacing >= 0 ? spacing : ImGui::GetStyle().ItemSpacing.x) {}

ImGuiID Flow::Key(int piece) const { return ImHashData(&piece, sizeof piece, m_id); }

void Flow::Record() {
    float width = ImGui::GetItemRectSize().x;
    ImGui::GetStateStorage()->SetFloat(Key(m_count - 1), width);
    m_width += (m_count > 1 ? m_spacing : 0.0f) + width;
}

void Flow::Next() {
    if (m_count > 0) {
        Record();
        float next = ImGui::GetStateStorage()->GetFloat(Key(m_count), 0.0f);
        if (ImGui::GetItemRectMax().x + m_spacing + next <= ImGui::GetContentRegionMaxAbs().x + 0.5f) ImGui::SameLine(0, m_spacing);
    }
    ++m_count;
}

void Flow::End() {
    if (m_count > 0) Record();
    m_count = 0;
}

void HeaderActionsAt(float width) {
    float right = ImGui::GetContentRegionMaxAbs().x;
    if (ImGui::GetItemRectMax().x + Px(16) + width > right) return;   // under the title
    ImGui::SameLine();
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (right - width) - ImGui::GetCursorScreenPos().x);
}

void Spinner(float radius) {
    platform::RequestFrame();   // it turns while it is on screen
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(radius * 2, radius * 2));
    float start = static_cast<float>(ImGui::GetTime()) * 6.0f;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->PathArcTo(ImVec2(pos.x + radius, pos.y + radius), radius * 0.8f, start, start + 4.2f, 24);
    draw->PathStroke(U32(Colors().accent), ImDrawFlags_None, std::max(1.5f, radius * 0.22f));
}

bool Link(const char* id, const char* whole, float max_width) {
    const Palette& colors = Colors();
    std::string fitted = max_width > 0 ? FitText(whole, max_width) : std::string();
    bool cut = max_width > 0 && fitted != whole;
    const char* text = cut ? fitted.c_str() : whole;
    ImGui::PushID(id);
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImVec2 size = ImGui::CalcTextSize(text);
    bool clicked = ImGui::InvisibleButton("link", size);
    bool hovered = ImGui::IsItemHovered();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddText(pos, U32(colors.accent), text);
    if (hovered) {
        draw->AddLine(ImVec2(pos.x, pos.y + size.y), ImVec2(pos.x + size.x, pos.y + size.y), U32(colors.accent), 1.0f);
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    }
    ImGui::PopID();
    if (cut && ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort)) ImGui::SetTooltip("%s", whole);
    Mirror(id, text, {.role = Role::Link, .name = cut ? std::string_view(whole) : std::string_view()});
    return clicked;
}

void Dot(ImU32 color) {
    float radius = Px(4);
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(radius * 2, ImGui::GetTextLineHeight()));
    ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(pos.x + radius, pos.y + ImGui::GetTextLineHeight() * 0.5f), radius,
                                                color);
}

void ErrorText(std::string_view id, const std::string& text, bool icon) {
    ImGui::PushStyleColor(ImGuiCol_Text, Colors().bad);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(icon ? (ICON_WARNING "  " + text).c_str() : text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    Mirror(id, text, {.role = Role::Alert});
}

bool EnterPressedIn() {
    return ImGui::IsItemDeactivated() &&
           (ImGui::IsKeyPressed(ImGuiKey_Enter, false) || ImGui::IsKeyPressed(ImGuiKey_KeypadEnter, false));
}

bool PrimaryButton(const char* label, ImVec2 size) {
    const ImVec4& accent = Colors().accent;
    ImGui::PushStyleColor(ImGuiCol_Button, accent);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(accent.x * 0.9f, accent.y * 0.9f, accent.z * 0.9f, 1));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(accent.x * 0.8f, accent.y * 0.8f, accent.z * 0.8f, 1));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    ImGui::PushStyleColor(ImGuiCol_Border, accent);
    bool clicked = ImGui::Button(label, size);
    ImGui::PopStyleColor(5);
    return clicked;
}

namespace {

// Between the top bar and the window's bottom edge: where dialogs go.
std::pair<float, float> DialogRoom() {
    ImGuiViewport* viewport = ImGui::GetMainViewport();
    return {viewport->Pos.y + TopBarHeight() + Px(8), viewport->Pos.y + viewport->Size.y - Px(8)};
}

}  // namespace

bool BeginDialog(const char* popup, float width, float height_fraction) {
    ImGuiViewport* viewport = ImGui::GetMainViewport();
    float margin = Px(20);
    auto [top, bottom] = DialogRoom();
    width = std::min(width, viewport->Size.x - 2 * margin);
    // Its middle where asked, moved up or down as far as its height (the frame before's) needs to
    // stay between the top bar and the bottom; taller than that room, it fills it and scrolls.
    const ImGuiWindow* window = ImGui::FindWindowByName(popup);
    float height = window ? std::min(window->Size.y, bottom - top) : 0.0f;
    float middle = viewport->Pos.y + viewport->Size.y * height_fraction;
    middle = std::clamp(middle, top + height * 0.5f, std::max(top + height * 0.5f, bottom - height * 0.5f));
    ImGui::SetNextWindowPos(ImVec2(viewport->Pos.x + viewport->Size.x * 0.5f, middle), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(width, 0));
    ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(width, bottom - top));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(Px(22), Px(18)));
    bool open = ImGui::BeginPopupModal(popup, nullptr,
                                       ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoSavedSettings |
                                           ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove);
    ImGui::PopStyleVar();
    return open;
}

void BeginDialogBody() {
    ImGuiWindow* dialog = ImGui::GetCurrentWindow();
    auto [top, bottom] = DialogRoom();
    // The body may take the dialog's room less what else it held in the frame before (its title,
    // its action row); the first frame it has not measured that, and its dialog is not shown yet.
    float body = dialog->StateStorage.GetFloat(ImGui::GetID("##body-height"), 0.0f);
    float besides = dialog->ContentSize.y - body;
    float room = bottom - top - 2 * dialog->WindowPadding.y - besides;
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(FLT_MAX, std::max(room, Px(60))));
    // Flattened: Tab, arrows and the form's focus scope go on across its edge.
    ImGui::BeginChild("##body", ImVec2(0, 0), ImGuiChildFlags_AutoResizeY, ImGuiWindowFlags_NavFlattened);
}

void EndDialogBody() {
    ImGuiWindow* body = ImGui::GetCurrentWindow();
    ImGui::EndChild();
    ImGui::GetCurrentWindow()->StateStorage.SetFloat(ImGui::GetID("##body-height"), ImGui::GetItemRectSize().y);
    // The wheel over the dialog's margins or its action row scrolls the body, as on a web page
    // (ImGui's wheel goes to the window under the mouse, and the dialog has nothing to scroll).
    float wheel = ImGui::GetIO().MouseWheel;
    if (wheel != 0.0f && ImGui::IsWindowHovered())
        ImGui::SetScrollY(body, body->Scroll.y - wheel * std::min(5 * ImGui::GetFontSize(), body->InnerRect.GetHeight() * 0.67f));
}

bool BeginMenuPopup(const char* popup, ImVec2 anchor, float min_width, float max_width, float max_height) {
    ImGuiViewport* viewport = ImGui::GetMainViewport();
    float margin = Px(8);
    float room = viewport->Size.x - 2 * margin;
    min_width = std::min(min_width, room);
    max_width = std::min(max_width, room);
    // Anchored by its right edge, so it stays inside the window as long as the anchor is.
    float right = std::clamp(anchor.x, viewport->Pos.x + margin + min_width, viewport->Pos.x + viewport->Size.x - margin);
    ImGui::SetNextWindowPos(ImVec2(right, anchor.y), ImGuiCond_Always, ImVec2(1, 0));
    ImGui::SetNextWindowSizeConstraints(ImVec2(min_width, 0), ImVec2(max_width, std::min(max_height, viewport->Size.y - anchor.y - margin)));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(Px(14), Px(12)));
    bool open = ImGui::BeginPopup(popup);
    ImGui::PopStyleVar();
    return open;
}

}  // namespace tandem::ui
