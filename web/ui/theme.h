// Tandem's look: a light and a dark palette, the fonts (Inter with Font Awesome icons merged in),
// all scaled to the device pixel ratio so text is rasterised at the screen's resolution.
#pragma once

#include <imgui.h>

namespace tandem::ui {

enum class ThemeMode { Light, Dark };

struct Palette {
    ImVec4 background;      // behind everything
    ImVec4 surface;         // cards and panels
    ImVec4 surface_alt;     // hovered rows, inputs
    ImVec4 border;
    ImVec4 text;
    ImVec4 text_muted;
    ImVec4 accent;          // links, active navigation, primary buttons
    ImVec4 accent_soft;     // accent-tinted backgrounds
    ImVec4 marketing;       // the two sides of the house, used in the logo and in charts
    ImVec4 sales;
    ImVec4 good;
    ImVec4 warn;
    ImVec4 bad;
    ImVec4 bad_soft;
};

enum class FontRole { Body, Small, Strong, Heading, Display, Count };

// Applies the palette and sizes for `mode` at `scale` (the device pixel ratio) and rebuilds the
// font atlas if the scale changed or glyphs for other scripts arrived. Returns true if the atlas was rebuilt (its texture must be
// reloaded).
bool ApplyTheme(ThemeMode mode, float scale);

const Palette& Colors();
// The characters the embedded text font has, as ImGui glyph ranges.
const ImWchar* EmbeddedTextRanges();
ImFont* Font(FontRole role);
// Converts CSS pixels to the device pixels ImGui draws in.
float Px(float css_pixels);
// The top bar's height, in device pixels: dialogs keep below it.
float TopBarHeight();
ImU32 U32(const ImVec4& color, float alpha = 1.0f);

}  // namespace tandem::ui
