// Glyphs beyond the embedded Latin (Greek, Cyrillic, Hebrew, Arabic, CJK, emoji...), loaded when a
// text needs them. The build cuts the fonts into per-page files (web/world_fonts.py) and embeds
// their manifest; a character first seen in a response, an event or typed text fetches its file,
// and the next frame merges exactly the characters seen so far into the atlas.
#pragma once

#include <cstddef>
#include <string_view>

namespace tandem::ui {

// Notes the characters of UTF-8 text the embedded fonts lack, fetching the files that have them.
void NoteText(std::string_view utf8);
// Notes what ImGui has queued as typed text (before the frame takes it).
void NoteQueuedInput();
// Asks again for files whose load failed (offline, a proxy's error), each after its back-off.
void RetryWorldFonts(double now);
// True when characters have arrived that the atlas has not merged yet: the atlas needs rebuilding.
bool WorldFontsChanged();
// While the atlas is built: merges every loaded file's noted characters into the font just added.
void MergeWorldFonts(float size);
// Noted characters the body font still draws as its fallback: not loaded yet, or in no file.
std::size_t MissingGlyphs();

}  // namespace tandem::ui
