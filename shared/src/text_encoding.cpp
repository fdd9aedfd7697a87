// Encoding detection and decoding to UTF-8 for imported files.
#include "tandem/text_encoding.h"

#include <array>

#include "tandem/codec.h"

namespace tandem {

namespace {

constexpr unsigned kReplacement = 0xFFFD;

// Windows-1252's 0x80..0x9F; 0 marks the five bytes it leaves undefined.
constexpr std::array<unsigned, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

// The length of the well-formed UTF-8 sequence at text[i], 0 if it is not one, or -1 if the text
// ends inside what could still become one.
int SequenceLength(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) return 1;
    int length = 0;
    unsigned char low = 0x80, high = 0xBF;   // the range of the second byte (RFC 3629 table)
    if (lead >= 0xC2 && lead <= 0xDF) length = 2;
    else if (lead == 0xE0) length = 3, low = 0xA0;
    else if (lead >= 0xE1 && lead <= 0xEC) length = 3;
    else if (lead == 0xED) length = 3, high = 0x9F;
    else if (lead >= 0xEE && lead <= 0xEF) length = 3;
    else if (lead == 0xF0) length = 4, low = 0x90;
    else if (lead >= 0xF1 && lead <= 0xF3) length = 4;
    else if (lead == 0xF4) length = 4, high = 0x8F;
    else return 0;
    for (int k = 1; k < length; ++k) {
        if (i + static_cast<std::size_t>(k) >= text.size()) return -1;
        const unsigned char c = byte(i + static_cast<std::size_t>(k));
        if (k == 1 ? (c < low || c > high) : (c < 0x80 || c > 0xBF)) return 0;
    }
    return length;
}

}  // namespace

std::optional<TextEncoding> ParseTextEncoding(std::string_view name) {
    const std::string key = ToLower(name);
    if (key == "utf-8" || key == "utf8") return TextEncoding::Utf8;
    if (key == "utf-16le" || key == "utf16le" || key == "utf-16" || key == "utf16") return TextEncoding::Utf16Le;
    if (key == "utf-16be" || key == "utf16be") return TextEncoding::Utf16Be;
    if (key == "windows-1252" || key == "cp1252" || key == "windows1252") return TextEncoding::Windows1252;
    return std::nullopt;
}

std::string_view ToString(TextEncoding encoding) {
    switch (encoding) {
    case TextEncoding::Utf8: return "utf-8";
    case TextEncoding::Utf16Le: return "utf-16le";
    case TextEncoding::Utf16Be: return "utf-16be";
    case TextEncoding::Windows1252: return "windows-1252";
    }
    return "utf-8";
}

std::optional<std::size_t> FirstInvalidUtf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        // Runs of ASCII are the common case.
        while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80) ++i;
        if (i == text.size()) break;
        const int length = SequenceLength(text, i);
        if (length <= 0) return i;
        i += static_cast<std::size_t>(length);
    }
    return std::nullopt;
}

TextEncoding DetectTextEncoding(std::string_view sample, bool complete) {
    if (sample.starts_with("\xFF\xFE")) return TextEncoding::Utf16Le;
    if (sample.starts_with("\xFE\xFF")) return TextEncoding::Utf16Be;
    // Windows-1252 text is seldom valid UTF-8 once it has an accent ("Soci\xE9t\xE9"), while UTF-8
    // text with a few damaged bytes still has well-formed multi-byte sequences: that stays UTF-8
    // (its damaged rows are refused) rather than turning every "ü" into "Ã¼".
    bool multibyte = false, damaged = false;
    std::size_t i = 0;
    while (i < sample.size()) {
        if (static_cast<unsigned char>(sample[i]) < 0x80) {
            ++i;
            continue;
        }
        const int length = SequenceLength(sample, i);
        if (length > 0) {
            multibyte = true;
            i += static_cast<std::size_t>(length);
            continue;
        }
        if (length < 0 && !complete) break;   // cut by the sample's end
        damaged = true;
        ++i;
    }
    return damaged && !multibyte ? TextEncoding::Windows1252 : TextEncoding::Utf8;
}

void AppendUtf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

void TextDecoder::Decode(std::string_view in, std::string& out) {
    switch (m_encoding) {
    case TextEncoding::Utf8:
        out.append(in);
        return;
    case TextEncoding::Windows1252:
        for (char c : in) {
            const auto byte = static_cast<unsigned char>(c);
            if (byte < 0x80) out += c;
            else if (byte < 0xA0) AppendUtf8(out, kCp1252High[byte - 0x80] ? kCp1252High[byte - 0x80] : kReplacement);
            else AppendUtf8(out, byte);
        }
        return;
    case TextEncoding::Utf16Le:
    case TextEncoding::Utf16Be:
        AppendUtf16(in, out);
        return;
    }
}

void TextDecoder::AppendUtf16(std::string_view in, std::string& out) {
    const bool little = m_encoding == TextEncoding::Utf16Le;
    std::size_t i = 0;
    auto next_unit = [&](unsigned& unit) {
        unsigned char b[2];
        std::size_t have = 0;
        for (char c : m_carry) b[have++] = static_cast<unsigned char>(c);
        while (have < 2 && i < in.size()) b[have++] = static_cast<unsigned char>(in[i++]);
        if (have < 2) {
            m_carry.assign(reinterpret_cast<const char*>(b), have);
            return false;
        }
        m_carry.clear();
        unit = little ? (b[0] | (b[1] << 8)) : ((b[0] << 8) | b[1]);
        return true;
    };
    unsigned unit = 0;
    while (next_unit(unit)) {
        if (!m_started) {
            m_started = true;
            if (unit == 0xFEFF) continue;
        }
        if (m_high_surrogate) {
            const unsigned high = m_high_surrogate;
            m_high_surrogate = 0;
            if (unit >= 0xDC00 && unit <= 0xDFFF) {
                AppendUtf8(out, 0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00));
                continue;
            }
            AppendUtf8(out, kReplacement);
        }
        if (unit >= 0xD800 && unit <= 0xDBFF) m_high_surrogate = unit;
        else if (unit >= 0xDC00 && unit <= 0xDFFF) AppendUtf8(out, kReplacement);
        else AppendUtf8(out, unit);
    }
}

void TextDecoder::Finish(std::string& out) {
    if (m_high_surrogate || !m_carry.empty()) AppendUtf8(out, kReplacement);
    m_high_surrogate = 0;
    m_carry.clear();
    m_started = false;
}

}  // namespace tandem
