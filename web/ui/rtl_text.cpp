// Right-to-left runs drawn in visual order (tandem/bidi.h) where all text is drawn: ImDrawList::AddText.
// The link wraps both its overloads (--wrap in web/CMakeLists.txt), so labels, tables, wrapped text,
// charts and fields not being edited show Hebrew and Arabic right to left, while every string, and
// what the mirror reads, stays in logical order. Widths do not change: a line's glyphs are the same.
// The field being edited is drawn as stored: ImGui places its cursor and selection by logical offset.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

#include "tandem/bidi.h"

// A member function's Itanium name, `this` first: ImDrawList::AddText(font, size, pos, col, begin,
// end, wrap_width, clip) and AddText(pos, col, begin, end).
extern "C" {
void __real__ZN10ImDrawList7AddTextEPK6ImFontfRK6ImVec2jPKcS7_fPK6ImVec4(ImDrawList* list, const ImFont* font,
    float size, const ImVec2& pos, ImU32 col, const char* begin, const char* end, float wrap, const ImVec4* clip);
void __wrap__ZN10ImDrawList7AddTextEPK6ImFontfRK6ImVec2jPKcS7_fPK6ImVec4(ImDrawList* list, const ImFont* font,
    float size, const ImVec2& pos, ImU32 col, const char* begin, const char* end, float wrap, const ImVec4* clip);
void __wrap__ZN10ImDrawList7AddTextERK6ImVec2jPKcS4_(ImDrawList* list, const ImVec2& pos, ImU32 col,
                                                     const char* begin, const char* end);
}

namespace {

void AddLine(ImDrawList* list, const ImFont* font, float size, const ImVec2& pos, ImU32 col, std::string_view line,
             const ImVec4* clip) {
    __real__ZN10ImDrawList7AddTextEPK6ImFontfRK6ImVec2jPKcS7_fPK6ImVec4(list, font, size, pos, col, line.data(),
                                                                        line.data() + line.size(), 0.0f, clip);
}

bool BeingEdited(const char* text) {
    const ImGuiContext& g = *GImGui;
    const ImGuiInputTextState& state = g.InputTextState;
    return g.ActiveId != 0 && state.ID == g.ActiveId && text >= state.TextA.Data &&
           text < state.TextA.Data + state.TextA.Size;
}

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// Breaks where ImGui would, then draws each line in visual order with its paragraph's direction.
void AddWrapped(ImDrawList* list, const ImFont* font, float size, ImVec2 pos, ImU32 col, std::string_view text,
                float wrap, const ImVec4* clip) {
    if (font == nullptr) font = list->_Data->Font;
    if (size == 0.0f) size = list->_Data->FontSize;
    for (std::size_t begin = 0;;) {
        std::size_t end = std::min(text.find('\n', begin), text.size());
        std::string_view paragraph = text.substr(begin, end - begin);
        const bool rtl = tandem::IsRtlParagraph(paragraph);
        const char* at = paragraph.data();
        const char* stop = at + paragraph.size();
        do {
            const char* eol = font->CalcWordWrapPositionA(size / font->FontSize, at, stop, wrap);
            while (eol < stop && (*eol & 0xC0) == 0x80) ++eol;  // it may stop inside a character
            std::string_view line(at, static_cast<std::size_t>(eol - at));
            while (!line.empty() && IsBlank(line.back())) line.remove_suffix(1);  // the break swallows them
            AddLine(list, font, size, pos, col, tandem::VisualLine(line, rtl), clip);
            pos.y += size;
            for (at = eol; at < stop && IsBlank(*at);) ++at;
        } while (at < stop);
        if (end == text.size()) return;
        begin = end + 1;
    }
}

}  // namespace

void __wrap__ZN10ImDrawList7AddTextEPK6ImFontfRK6ImVec2jPKcS7_fPK6ImVec4(ImDrawList* list, const ImFont* font,
    float size, const ImVec2& pos, ImU32 col, const char* begin, const char* end, float wrap, const ImVec4* clip) {
    std::string_view text(begin, end != nullptr ? static_cast<std::size_t>(end - begin) : std::strlen(begin));
    if (!tandem::HoldsRtl(text) || BeingEdited(begin))
        __real__ZN10ImDrawList7AddTextEPK6ImFontfRK6ImVec2jPKcS7_fPK6ImVec4(list, font, size, pos, col, begin, end,
                                                                            wrap, clip);
    else if (wrap > 0.0f)
        AddWrapped(list, font, size, pos, col, text, wrap, clip);
    else
        AddLine(list, font, size, pos, col, tandem::VisualOrder(text), clip);
}

void __wrap__ZN10ImDrawList7AddTextERK6ImVec2jPKcS4_(ImDrawList* list, const ImVec2& pos, ImU32 col,
                                                     const char* begin, const char* end) {
    __wrap__ZN10ImDrawList7AddTextEPK6ImFontfRK6ImVec2jPKcS7_fPK6ImVec4(list, nullptr, 0.0f, pos, col, begin, end,
                                                                        0.0f, nullptr);
}
