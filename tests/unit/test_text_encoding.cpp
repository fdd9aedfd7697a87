// Encodings of imported files: detection and decoding to UTF-8 (tandem/text_encoding.h).
#include <doctest/doctest.h>

#include <string>

#include "tandem/text_encoding.h"

using tandem::TextEncoding;

namespace {

std::string Decode(TextEncoding encoding, std::string_view bytes, std::size_t chunk) {
    tandem::TextDecoder decoder(encoding);
    std::string out;
    for (std::size_t at = 0; at < bytes.size(); at += chunk) decoder.Decode(bytes.substr(at, chunk), out);
    decoder.Finish(out);
    return out;
}

}  // namespace

TEST_CASE("UTF-8 validity: overlong forms, surrogates, beyond U+10FFFF and cut sequences are invalid") {
    CHECK(tandem::FirstInvalidUtf8("Z\xC3\xBCrich \xE2\x82\xAC \xF0\x9F\x98\x80") == std::nullopt);
    CHECK(tandem::FirstInvalidUtf8("Caf\xE9 Central") == 3);
    CHECK(tandem::FirstInvalidUtf8("\xC0\xAF") == 0);           // overlong "/"
    CHECK(tandem::FirstInvalidUtf8("ab\xED\xA0\x80") == 2);     // a surrogate
    CHECK(tandem::FirstInvalidUtf8("\xF4\x90\x80\x80") == 0);   // past U+10FFFF
    CHECK(tandem::FirstInvalidUtf8("ok\xE2\x82") == 2);         // cut short
    CHECK(tandem::FirstInvalidUtf8("\xFF") == 0);
}

TEST_CASE("encoding detection: BOMs decide, then UTF-8 validity, else Windows-1252") {
    CHECK(tandem::DetectTextEncoding("\xFF\xFE" "E\0", true) == TextEncoding::Utf16Le);
    CHECK(tandem::DetectTextEncoding("\xFE\xFF\0E", true) == TextEncoding::Utf16Be);
    CHECK(tandem::DetectTextEncoding("\xEF\xBB\xBF" "Email", true) == TextEncoding::Utf8);
    CHECK(tandem::DetectTextEncoding("Email,Company\r\na@b.c,Z\xC3\xBCrich\r\n", true) == TextEncoding::Utf8);
    CHECK(tandem::DetectTextEncoding("Email,Company\r\na@b.c,Soci\xE9t\xE9\r\n", true) == TextEncoding::Windows1252);
    // UTF-8 with one damaged byte stays UTF-8: its damaged row is refused, the rest is not garbled.
    CHECK(tandem::DetectTextEncoding("Z\xC3\xBCrich\r\nCaf\xE9\r\n", true) == TextEncoding::Utf8);
    // A sequence cut by the end of a sample is not held against UTF-8, but at the end of the file it is.
    CHECK(tandem::DetectTextEncoding("Email\r\nZ\xC3", false) == TextEncoding::Utf8);
    CHECK(tandem::DetectTextEncoding("Email\r\nZ\xC3", true) == TextEncoding::Windows1252);
    CHECK(tandem::DetectTextEncoding("", true) == TextEncoding::Utf8);
}

TEST_CASE("Windows-1252 decodes to UTF-8, its 0x80-0x9F block included") {
    CHECK(Decode(TextEncoding::Windows1252, "Soci\xE9t\xE9 G\xE9n\xE9rale, Z\xFCrich", 3) ==
          "Soci\xC3\xA9t\xC3\xA9 G\xC3\xA9n\xC3\xA9rale, Z\xC3\xBCrich");
    CHECK(Decode(TextEncoding::Windows1252, "\x80 \x93quoted\x94 \x81", 64) ==
          "\xE2\x82\xAC \xE2\x80\x9Cquoted\xE2\x80\x9D \xEF\xBF\xBD");
}

TEST_CASE("UTF-16 decodes in chunks of any size, drops its BOM and replaces what is not well formed") {
    const std::string le("\xFF\xFE" "Z\0\xFC\0r\0=\xD8\0\xDE\n\0", 14);   // BOM, "Zür", U+1F600, LF
    const std::string expected = "Z\xC3\xBCr\xF0\x9F\x98\x80\n";
    for (std::size_t chunk : {1, 2, 3, 5, 64}) {
        CAPTURE(chunk);
        CHECK(Decode(TextEncoding::Utf16Le, le, chunk) == expected);
    }
    const std::string be("\xFE\xFF\0Z\0\xFC", 6);
    CHECK(Decode(TextEncoding::Utf16Be, be, 1) == "Z\xC3\xBC");
    CHECK(Decode(TextEncoding::Utf16Le, std::string("A\0\0\xDC", 4), 4) == "A\xEF\xBF\xBD");   // a lone low surrogate
    CHECK(Decode(TextEncoding::Utf16Le, std::string("A\0\x3D\xD8", 4), 4) == "A\xEF\xBF\xBD");   // a high one at the end
    CHECK(Decode(TextEncoding::Utf16Le, std::string("A\0B", 3), 1) == "A\xEF\xBF\xBD");           // an odd last byte
}

TEST_CASE("encoding names parse in the spellings people use") {
    CHECK(tandem::ParseTextEncoding("UTF-8") == TextEncoding::Utf8);
    CHECK(tandem::ParseTextEncoding("windows-1252") == TextEncoding::Windows1252);
    CHECK(tandem::ParseTextEncoding("cp1252") == TextEncoding::Windows1252);
    CHECK(tandem::ParseTextEncoding("utf-16") == TextEncoding::Utf16Le);
    CHECK(tandem::ParseTextEncoding("utf-16be") == TextEncoding::Utf16Be);
    CHECK(tandem::ParseTextEncoding("latin9") == std::nullopt);
    CHECK(tandem::ToString(TextEncoding::Windows1252) == "windows-1252");
}
