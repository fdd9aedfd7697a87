// Character encodings of imported files: detection (byte-order marks, UTF-8 validity) and a
// streaming decoder to UTF-8, so CSV parsing and everything after it only ever sees UTF-8.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tandem {

enum class TextEncoding { Utf8, Utf16Le, Utf16Be, Windows1252 };

// "utf-8", "utf-16le", "utf-16be", "windows-1252" (also "utf8", "utf-16" = LE, "cp1252").
std::optional<TextEncoding> ParseTextEncoding(std::string_view name);
std::string_view ToString(TextEncoding encoding);

// The offset of the first byte that does not belong to a well-formed UTF-8 sequence (overlong
// forms, surrogates and code points past U+10FFFF included), or nullopt if all of `text` is UTF-8.
std::optional<std::size_t> FirstInvalidUtf8(std::string_view text);

// From the first bytes of a file: a UTF-16 byte-order mark decides; otherwise UTF-8 if the bytes
// are UTF-8 or also hold well-formed multi-byte sequences (UTF-8 with damage),
// else Windows-1252 (what Excel writes on Windows). `complete`: the sample is the whole file; if
// not, a sequence cut off at its end is not held against UTF-8.
TextEncoding DetectTextEncoding(std::string_view sample, bool complete);

// Turns a file in `encoding` into UTF-8, chunk by chunk (a character may straddle chunks). A
// UTF-16 BOM is dropped; a UTF-8 one is passed on (the CSV reader skips it). UTF-16 that is not
// well formed (a lone surrogate, an odd last byte) becomes U+FFFD, as do Windows-1252's five
// undefined bytes. UTF-8 is passed through unchecked: rows are checked one by one.
class TextDecoder {
public:
    explicit TextDecoder(TextEncoding encoding) : m_encoding(encoding) {}
    void Decode(std::string_view in, std::string& out);
    void Finish(std::string& out);

private:
    void AppendUtf16(std::string_view in, std::string& out);

    TextEncoding m_encoding;
    std::string m_carry;               // the bytes of a UTF-16 unit cut by the chunk
    unsigned m_high_surrogate = 0;     // waiting for its low half
    bool m_started = false;            // past the BOM check
};

void AppendUtf8(std::string& out, unsigned code_point);

}  // namespace tandem
