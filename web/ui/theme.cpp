// Palettes, style and fonts.
#include "ui/theme.h"

#include <cmath>

#include "ui/icons.h"
#include "ui/world_fonts.h"

namespace tandem::ui {

namespace {

constexpr ImVec4 Hex(unsigned rgb) {
    return ImVec4(((rgb >> 16) & 0xff) / 255.0f, ((rgb >> 8) & 0xff) / 255.0f, (rgb & 0xff) / 255.0f, 1.0f);
}

constexpr Palette kLight = {
    .background = Hex(0xF4F6FA),
    .surface = Hex(0xFFFFFF),
    .surface_alt = Hex(0xEEF1F7),
    .border = Hex(0xDDE2EC),
    .text = Hex(0x1B2232),
    .text_muted = Hex(0x636B7E),
    .accent = Hex(0x3454D1),
    .accent_soft = Hex(0xE4E9FB),
    .marketing = Hex(0x8B5CF6),
    .sales = Hex(0x0E9F8E),
    .good = Hex(0x168A45),
    .warn = Hex(0xC27208),
    .bad = Hex(0xD03A3A),
    .bad_soft = Hex(0xFCE8E8),
};

constexpr Palette kDark = {
    .background = Hex(0x10141C),
    .surface = Hex(0x181D28),
    .surface_alt = Hex(0x222938),
    .border = Hex(0x2D3546),
    .text = Hex(0xE6E9F0),
    .text_muted = Hex(0x9AA3B5),
    .accent = Hex(0x7B93FF),
    .accent_soft = Hex(0x242D4D),
    .marketing = Hex(0xA78BFA),
    .sales = Hex(0x2DD4BF),
    .good = Hex(0x3FBF6F),
    .warn = Hex(0xF0A63A),
    .bad = Hex(0xF26D6D),
    .bad_soft = Hex(0x3A2226),
};

constexpr float kFontSizes[] = {15.0f, 13.0f, 15.0f, 22.0f, 30.0f};  // CSS px, by FontRole

const Palette* g_palette = &kLight;
float g_scale = 0.0f;
ImFont* g_fonts[static_cast<int>(FontRole::Count)] = {};

ImVec4 Mix(const ImVec4& a, const ImVec4& b, float t) {
    return ImVec4(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t, a.w + (b.w - a.w) * t);
}

ImVec4 Alpha(ImVec4 color, float alpha) {
    color.w = alpha;
    return color;
}

// Latin with Central European letters, typographic punctuation, arrows, math and shapes: the
// embedded Inter subset (web/CMakeLists.txt's TEXT_UNICODES). Other scripts load on demand.
constexpr ImWchar kTextRanges[] = {0x0020, 0x017F, 0x2010, 0x205E, 0x20AC, 0x20AC, 0x2190, 0x21FF,
                                   0x2200, 0x22FF, 0x25A0, 0x25FF, 0};

void BuildFonts(float scale) {
    static const ImWchar kIconRanges[] = {ICON_MIN_FA, ICON_MAX_FA, 0};
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    atlas.Clear();
    for (int role = 0; role < static_cast<int>(FontRole::Count); ++role) {
        float size = std::round(kFontSizes[role] * scale);
        bool strong = role == static_cast<int>(FontRole::Strong) || role == static_cast<int>(FontRole::Heading) ||
                      role == static_cast<int>(FontRole::Display);
        ImFontConfig text;
        text.OversampleH = 2;
        text.OversampleV = 1;
        g_fonts[role] = atlas.AddFontFromFileTTF(strong ? "/fonts/Inter-SemiBold.otf" : "/fonts/Inter-Regular.otf",
                                                 size, &text, kTextRanges);
        ImFontConfig icons;
        icons.MergeMode = true;
        icons.PixelSnapH = true;
        icons.GlyphMinAdvanceX = size * 1.15f;   // icons line up in lists
        icons.GlyphOffset.y = std::round(size * 0.02f);
        atlas.AddFontFromFileTTF("/fonts/icons.ttf", size * 0.9f, &icons, kIconRanges);
        MergeWorldFonts(size);
    }
    atlas.Build();
}

void ApplyStyle(const Palette& p, float scale) {
    ImGuiStyle style;
    ImGui::StyleColorsLight(&style);
    style.WindowPadding = ImVec2(20, 16);
    style.FramePadding = ImVec2(10, 6);
    style.CellPadding = ImVec2(10, 6);
    style.ItemSpacing = ImVec2(10, 8);
    style.ItemInnerSpacing = ImVec2(6, 6);
    style.ScrollbarSize = 12;
    style.GrabMinSize = 10;
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 1;
    style.PopupBorderSize = 1;
    style.FrameBorderSize = 1;
    style.WindowRounding = 8;
    style.ChildRounding = 8;
    style.FrameRounding = 6;
    style.PopupRounding = 6;
    style.ScrollbarRounding = 6;
    style.GrabRounding = 6;
    style.TabRounding = 6;
    style.ScaleAllSizes(scale);

    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = p.text;
    c[ImGuiCol_TextDisabled] = p.text_muted;
    c[ImGuiCol_WindowBg] = p.background;
    // Children are transparent unless they are panels (ui::BeginPanel): software WebGL is bound by
    // the pixels it fills, and a scrolling table painted over its card over the window tripled them.
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_PopupBg] = p.surface;
    c[ImGuiCol_Border] = p.border;
    c[ImGuiCol_BorderShadow] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_FrameBg] = p.surface;
    c[ImGuiCol_FrameBgHovered] = p.surface_alt;
    c[ImGuiCol_FrameBgActive] = p.accent_soft;
    c[ImGuiCol_TitleBg] = p.surface;
    c[ImGuiCol_TitleBgActive] = p.surface;
    c[ImGuiCol_MenuBarBg] = p.surface;
    c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_ScrollbarGrab] = p.border;
    c[ImGuiCol_ScrollbarGrabHovered] = p.text_muted;
    c[ImGuiCol_ScrollbarGrabActive] = p.accent;
    c[ImGuiCol_CheckMark] = p.accent;
    c[ImGuiCol_SliderGrab] = p.accent;
    c[ImGuiCol_SliderGrabActive] = p.accent;
    c[ImGuiCol_Button] = p.surface;
    c[ImGuiCol_ButtonHovered] = p.surface_alt;
    c[ImGuiCol_ButtonActive] = p.accent_soft;
    c[ImGuiCol_Header] = p.accent_soft;
    c[ImGuiCol_HeaderHovered] = p.surface_alt;
    c[ImGuiCol_HeaderActive] = p.accent_soft;
    c[ImGuiCol_Separator] = p.border;
    c[ImGuiCol_Tab] = p.surface;
    c[ImGuiCol_TabHovered] = p.surface_alt;
    c[ImGuiCol_TabActive] = p.accent_soft;
    c[ImGuiCol_TableHeaderBg] = p.surface_alt;
    c[ImGuiCol_TableBorderStrong] = p.border;
    c[ImGuiCol_TableBorderLight] = Mix(p.border, p.surface, 0.4f);
    c[ImGuiCol_TableRowBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_TableRowBgAlt] = Alpha(p.surface_alt, 0.5f);
    c[ImGuiCol_TextSelectedBg] = Alpha(p.accent, 0.3f);
    c[ImGuiCol_NavHighlight] = p.accent;
    c[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.35f);
    ImGui::GetStyle() = style;
}

}  // namespace

bool ApplyTheme(ThemeMode mode, float scale) {
    g_palette = mode == ThemeMode::Dark ? &kDark : &kLight;
    bool rebuilt = false;
    if (scale != g_scale || WorldFontsChanged()) {
        BuildFonts(scale);
        g_scale = scale;
        rebuilt = true;
    }
    ApplyStyle(*g_palette, scale);
    return rebuilt;
}

const Palette& Colors() { return *g_palette; }

const ImWchar* EmbeddedTextRanges() { return kTextRanges; }

ImFont* Font(FontRole role) { return g_fonts[static_cast<int>(role)]; }

float Px(float css_pixels) { return std::round(css_pixels * g_scale); }

float TopBarHeight() { return Px(52); }

ImU32 U32(const ImVec4& color, float alpha) {
    return ImGui::ColorConvertFloat4ToU32(ImVec4(color.x, color.y, color.z, color.w * alpha));
}

}  // namespace tandem::ui
