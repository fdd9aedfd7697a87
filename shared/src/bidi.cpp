// A lean UAX #9 for paragraphs without explicit embeddings (rules W1–W7, N1–N2, I1–I2, L2, L4).
#include "tandem/bidi.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace tandem {

namespace {

enum class Kind : std::uint8_t { L, R, AL, EN, AN, ES, ET, CS, NSM, WS, ON };

// The bidi class of a code point; approximate beyond the scripts people write here (letters
// default to L, which only matters next to right-to-left text).
Kind KindOf(char32_t c) {
    if (c < 0x80) {
        if (c >= '0' && c <= '9') return Kind::EN;
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return Kind::L;
        if (c == ' ' || c == '\t' || c == '\r') return Kind::WS;
        if (c == '+' || c == '-') return Kind::ES;
        if (c == '#' || c == '$' || c == '%') return Kind::ET;
        if (c == ',' || c == '.' || c == '/' || c == ':') return Kind::CS;
        return Kind::ON;
    }
    if (c < 0x100) {
        if (c == 0xA0) return Kind::CS;
        if ((c >= 0xA2 && c <= 0xA5) || c == 0xB0 || c == 0xB1) return Kind::ET;
        if (c == 0xB2 || c == 0xB3 || c == 0xB9) return Kind::EN;
        return c == 0xAA || c == 0xB5 || c == 0xBA || (c >= 0xC0 && c != 0xD7 && c != 0xF7) ? Kind::L : Kind::ON;
    }
    if (c >= 0x300 && c <= 0x36F) return Kind::NSM;
    if (c >= 0x590 && c <= 0x5FF) {  // Hebrew: its points and cantillation are combining marks
        bool mark = (c >= 0x591 && c <= 0x5BD) || c == 0x5BF || c == 0x5C1 || c == 0x5C2 || c == 0x5C4 ||
                    c == 0x5C5 || c == 0x5C7;
        return mark ? Kind::NSM : Kind::R;
    }
    if (c >= 0x600 && c <= 0x6FF) {  // Arabic
        if (c <= 0x605 || (c >= 0x660 && c <= 0x669) || c == 0x66B || c == 0x66C) return Kind::AN;
        if (c >= 0x6F0 && c <= 0x6F9) return Kind::EN;
        if (c == 0x60C) return Kind::CS;
        if (c == 0x66A) return Kind::ET;
        if ((c >= 0x610 && c <= 0x61A) || (c >= 0x64B && c <= 0x65F) || c == 0x670 || (c >= 0x6D6 && c <= 0x6DC) ||
            (c >= 0x6DF && c <= 0x6E4) || c == 0x6E7 || c == 0x6E8 || (c >= 0x6EA && c <= 0x6ED))
            return Kind::NSM;
        return Kind::AL;
    }
    // Syriac, Arabic Supplement, Thaana: Arabic letters; N'Ko, Samaritan, Mandaic: right to left.
    if (c >= 0x700 && c <= 0x8FF) return c < 0x7C0 || c >= 0x860 ? Kind::AL : Kind::R;
    if (c >= 0x2000 && c <= 0x200A) return Kind::WS;
    if (c >= 0x200B && c <= 0x200D) return Kind::NSM;  // zero-width joiners stay with what they join
    if (c == 0x200E) return Kind::L;                   // LEFT-TO-RIGHT MARK
    if (c == 0x200F) return Kind::R;                   // RIGHT-TO-LEFT MARK
    if ((c >= 0x2030 && c <= 0x2034) || (c >= 0x20A0 && c <= 0x20CF)) return Kind::ET;
    if (c >= 0x2010 && c <= 0x2BFF) return Kind::ON;  // punctuation, arrows, maths, shapes
    if (c == 0x3000) return Kind::WS;
    if ((c >= 0x3001 && c <= 0x3004) || (c >= 0x3008 && c <= 0x3020)) return Kind::ON;
    if (c == 0xFB1E || (c >= 0xFE00 && c <= 0xFE0F)) return Kind::NSM;  // a Hebrew point, variation selectors
    if (c >= 0xFB1D && c <= 0xFB4F) return Kind::R;
    if ((c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFE)) return Kind::AL;
    if ((c >= 0x10800 && c <= 0x10FFF) || (c >= 0x1E800 && c <= 0x1EFFF)) return Kind::R;
    if ((c >= 0x1F000 && c <= 0x1FAFF) || c == 0xFFFD) return Kind::ON;  // emoji, the replacement character
    return Kind::L;
}

// The character at `at`, which moves past it; a malformed sequence is U+FFFD.
char32_t Next(std::string_view text, std::size_t& at) {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    unsigned char lead = byte(at++);
    if (lead < 0x80) return lead;
    if (lead < 0xC0) return 0xFFFD;
    int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
    char32_t c = lead & (0x3F >> extra);
    for (; extra > 0 && at < text.size() && (byte(at) & 0xC0) == 0x80; --extra) c = (c << 6) | (byte(at++) & 0x3F);
    return extra == 0 ? c : 0xFFFD;
}

bool IsStrongRtl(Kind kind) { return kind == Kind::R || kind == Kind::AL; }

// A character with the combining marks that follow it: they move together.
struct Unit {
    std::uint32_t begin, end;  // its bytes in the line
    Kind kind;
    std::uint8_t level = 0;
};

}  // namespace

bool HoldsRtl(std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
        if (static_cast<unsigned char>(text[at]) < 0x80) {  // the common case: skip ASCII quickly
            ++at;
            continue;
        }
        if (IsStrongRtl(KindOf(Next(text, at)))) return true;
    }
    return false;
}

bool IsRtlParagraph(std::string_view paragraph) {
    for (std::size_t at = 0; at < paragraph.size();) {
        Kind kind = KindOf(Next(paragraph, at));
        if (kind == Kind::L) return false;
        if (IsStrongRtl(kind)) return true;
    }
    return false;
}

std::string VisualLine(std::string_view line, bool rtl_paragraph) {
    const Kind base = rtl_paragraph ? Kind::R : Kind::L;
    std::vector<Unit> units;
    for (std::size_t at = 0; at < line.size();) {
        auto begin = static_cast<std::uint32_t>(at);
        Kind kind = KindOf(Next(line, at));
        if (kind == Kind::NSM && !units.empty()) {  // W1: a mark is its letter's
            units.back().end = static_cast<std::uint32_t>(at);
            continue;
        }
        units.push_back({begin, static_cast<std::uint32_t>(at), kind == Kind::NSM ? base : kind});
    }
    const std::size_t count = units.size();

    Kind strong = base;  // W2 (digits after Arabic letters are Arabic numbers), W3 (AL is R)
    for (Unit& unit : units) {
        if (unit.kind == Kind::L || IsStrongRtl(unit.kind)) strong = unit.kind;
        if (unit.kind == Kind::EN && strong == Kind::AL) unit.kind = Kind::AN;
        if (unit.kind == Kind::AL) unit.kind = Kind::R;
    }
    for (std::size_t i = 1; i + 1 < count; ++i) {  // W4: "1,000", "2-3", "١٫٥" stay numbers
        Kind before = units[i - 1].kind;
        if (before == units[i + 1].kind &&
            ((units[i].kind == Kind::ES && before == Kind::EN) ||
             (units[i].kind == Kind::CS && (before == Kind::EN || before == Kind::AN))))
            units[i].kind = before;
    }
    for (std::size_t i = 0; i < count; ++i) {  // W5: "$5", "50%" are numbers
        if (units[i].kind != Kind::ET) continue;
        std::size_t end = i;
        while (end < count && units[end].kind == Kind::ET) ++end;
        if ((i > 0 && units[i - 1].kind == Kind::EN) || (end < count && units[end].kind == Kind::EN))
            for (std::size_t j = i; j < end; ++j) units[j].kind = Kind::EN;
        i = end;
    }
    strong = base;
    for (Unit& unit : units) {
        if (unit.kind == Kind::ES || unit.kind == Kind::ET || unit.kind == Kind::CS) unit.kind = Kind::ON;  // W6
        if (unit.kind == Kind::L || unit.kind == Kind::R) strong = unit.kind;
        if (unit.kind == Kind::EN && strong == Kind::L) unit.kind = Kind::L;  // W7: digits among Latin are Latin
    }
    // N1, N2: spaces and punctuation between two runs of one direction take it, else the paragraph's;
    // numbers count as right to left here.
    auto direction = [&](std::size_t i) { return units[i].kind == Kind::L ? Kind::L : Kind::R; };
    for (std::size_t i = 0; i < count;) {
        if (units[i].kind != Kind::WS && units[i].kind != Kind::ON) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < count && (units[end].kind == Kind::WS || units[end].kind == Kind::ON)) ++end;
        Kind before = i > 0 ? direction(i - 1) : base;
        Kind resolved = before == (end < count ? direction(end) : base) ? before : base;
        for (; i < end; ++i) units[i].kind = resolved;
    }
    // I1, I2: the level of each unit; L2: from the highest, reverse every run at or above it.
    std::uint8_t highest = 0;
    for (Unit& unit : units) {
        unit.level = unit.kind == Kind::R ? 1 : unit.kind == Kind::L ? (rtl_paragraph ? 2 : 0) : 2;
        highest = std::max(highest, unit.level);
    }
    if (highest == 0) return std::string(line);
    for (std::uint8_t level = highest; level >= 1; --level)
        for (std::size_t i = 0; i < count;) {
            std::size_t end = i;
            while (end < count && units[end].level >= level) ++end;
            std::reverse(units.begin() + static_cast<std::ptrdiff_t>(i), units.begin() + static_cast<std::ptrdiff_t>(end));
            i = end + 1;
        }
    std::string out;
    out.reserve(line.size());
    static constexpr std::string_view kPairs = "()<>[]{}";
    for (const Unit& unit : units) {
        std::string_view bytes = line.substr(unit.begin, unit.end - unit.begin);
        std::size_t pair = kPairs.find(bytes[0]);
        if (unit.level % 2 == 1 && pair != std::string_view::npos) {  // L4: "(" in right-to-left text is ")"
            out += kPairs[pair ^ 1];
            bytes.remove_prefix(1);
        }
        out += bytes;
    }
    return out;
}

std::string VisualOrder(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t begin = 0;;) {
        std::size_t end = std::min(text.find('\n', begin), text.size());
        std::string_view line = text.substr(begin, end - begin);
        out += VisualLine(line, IsRtlParagraph(line));
        if (end == text.size()) return out;
        out += '\n';
        begin = end + 1;
    }
}

}  // namespace tandem
