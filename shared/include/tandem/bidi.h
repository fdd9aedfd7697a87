// Right-to-left text in visual order: a lean Unicode bidi (UAX #9) for plain paragraphs, so Hebrew
// and Arabic are drawn right to left while every string stays in logical (typed) order.
#pragma once

#include <string>
#include <string_view>

namespace tandem {

// True if UTF-8 `text` holds a right-to-left letter: the check that lets all other text skip bidi.
bool HoldsRtl(std::string_view text);

// The direction of a paragraph: that of its first strong letter, left to right if it has none.
bool IsRtlParagraph(std::string_view paragraph);

// One line of a paragraph in drawing order (left to right). Right-to-left runs are reversed by
// character (combining marks stay after their letter), digits and Latin inside them keep their
// order, and brackets in them are mirrored. No explicit embeddings (U+202A…U+2069); no shaping.
std::string VisualLine(std::string_view line, bool rtl_paragraph);

// Every line of `text` in drawing order, each line ('\n' ends one) its own paragraph.
std::string VisualOrder(std::string_view text);

}  // namespace tandem
