// JSON strings and numbers appended to a string, as nlohmann::json's dump writes them.
#include "tandem/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace tandem {

namespace {

// How many bytes at `s` (n of them, s[0] >= 0x80) form one well-formed UTF-8 sequence (Unicode
// table 3-7: no overlong forms, no surrogates, nothing past U+10FFFF), or, when they do not,
// minus the bytes to replace with one U+FFFD: the lead and the continuation bytes accepted before
// the first that does not fit (that one is read again), as nlohmann's decoder does.
int Utf8Sequence(const unsigned char* s, std::size_t n) {
    unsigned char lead = s[0];
    int length = 0;
    unsigned char low = 0x80, high = 0xBF;   // the range of the second byte; later ones are 80..BF
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        return -1;   // a continuation byte, C0, C1 or F5..FF cannot start a sequence
    }
    for (int i = 1; i < length; ++i) {
        if (static_cast<std::size_t>(i) >= n || s[i] < low || s[i] > high) return -i;
        low = 0x80;
        high = 0xBF;
    }
    return length;
}

void AppendEscape(std::string& out, unsigned char c) {
    switch (c) {
        case '"': out += "\\\""; return;
        case '\\': out += "\\\\"; return;
        case '\b': out += "\\b"; return;
        case '\f': out += "\\f"; return;
        case '\n': out += "\\n"; return;
        case '\r': out += "\\r"; return;
        case '\t': out += "\\t"; return;
        default: break;
    }
    constexpr char kHex[] = "0123456789abcdef";
    char escaped[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
    out.append(escaped, sizeof escaped);
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    std::size_t n = text.size();
    std::size_t copied = 0;   // bytes before this are in `out`; the rest up to i are copied as a run
    std::size_t i = 0;
    out += '"';
    while (i < n) {
        unsigned char c = s[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            ++i;
            continue;
        }
        int sequence = c >= 0x80 ? Utf8Sequence(s + i, n - i) : 0;
        if (sequence > 0) {
            i += static_cast<std::size_t>(sequence);
            continue;
        }
        out.append(text.data() + copied, i - copied);
        if (sequence == 0) {
            AppendEscape(out, c);
            ++i;
        } else {
            out += "\xEF\xBF\xBD";
            i += static_cast<std::size_t>(-sequence);
        }
        copied = i;
    }
    out.append(text.data() + copied, n - copied);
    out += '"';
}

void AppendJsonNumber(std::string& out, double value) {
    if (!std::isfinite(value)) {
        out += "null";
        return;
    }
    if (value == 0 && std::signbit(value)) {
        out += "-0";
        return;
    }
    if (std::trunc(value) == value && std::abs(value) < 1e15) {
        AppendJsonInt(out, static_cast<std::int64_t>(value));
        return;
    }
    // The fewest digits that read back the same (Emscripten's libc++ has no to_chars for double).
    char text[32];
    for (int digits = 15; digits <= 17; ++digits) {
        std::snprintf(text, sizeof text, "%.*g", digits, value);
        if (std::strtod(text, nullptr) == value) break;
    }
    out += text;
}

void AppendJsonInt(std::string& out, std::int64_t value) {
    char text[24];
    out.append(text, std::to_chars(text, text + sizeof text, value).ptr);
}

}  // namespace tandem
