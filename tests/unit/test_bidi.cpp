// Right-to-left text in drawing order (tandem/bidi.h); expected strings worked out by hand from UAX #9.
#include <doctest/doctest.h>

#include "tandem/bidi.h"

using tandem::VisualLine;
using tandem::VisualOrder;

TEST_CASE("text without right-to-left letters is drawn as stored") {
    CHECK_FALSE(tandem::HoldsRtl("Zoë Ñandú – café 日本語 Ελληνικά Привет 🎉 (1,000 $)"));
    CHECK(VisualOrder("Zoë Ñandú – café 日本語 (1,000 $)") == "Zoë Ñandú – café 日本語 (1,000 $)");
    CHECK(VisualOrder("") == "");
}

TEST_CASE("a Hebrew or Arabic word is drawn reversed, letter by letter") {
    CHECK(tandem::HoldsRtl("abc עברית"));
    CHECK(tandem::HoldsRtl("مرحبا"));
    CHECK(VisualOrder("עברית") == "תירבע");
    CHECK(VisualOrder("مرحبا") == "ابحرم");
}

TEST_CASE("the first strong letter sets a paragraph's direction; digits and marks are not letters") {
    CHECK(tandem::IsRtlParagraph("123 שלום abc"));
    CHECK_FALSE(tandem::IsRtlParagraph("abc שלום"));
    CHECK_FALSE(tandem::IsRtlParagraph("123 - !"));
}

TEST_CASE("in left-to-right text only the right-to-left run turns, and digits after it join it") {
    CHECK(VisualOrder("Zoë Ñandú – café Привет עברית 🎉") == "Zoë Ñandú – café Привет תירבע 🎉");
    CHECK(VisualOrder("Zoë עברית 123") == "Zoë 123 תירבע");
    CHECK(VisualOrder("a (שלום) b") == "a (םולש) b");
}

TEST_CASE("in right-to-left text Latin words and numbers keep their own order") {
    CHECK(VisualOrder("שלום world") == "world םולש");
    CHECK(VisualOrder("שלום big world!") == "!big world םולש");
    CHECK(VisualOrder("סך 1,000") == "1,000 ךס");
    CHECK(VisualOrder("מחיר $50 או 20%") == "20% וא $50 ריחמ");
}

TEST_CASE("Arabic numbers, whether Arabic-Indic or European digits, keep their order") {
    CHECK(VisualOrder("عدد ١٢٣") == "١٢٣ ددع");
    CHECK(VisualOrder("عدد 123") == "123 ددع");
}

TEST_CASE("brackets in right-to-left text are mirrored and combining marks stay after their letter") {
    CHECK(VisualOrder("(שלום)") == "(םולש)");
    CHECK(VisualOrder("שלום (abc)") == "(abc) םולש");
    CHECK(VisualOrder("שָׁלוֹם") == "םוֹלשָׁ");
}

TEST_CASE("each line is its own paragraph; a wrapped line keeps its paragraph's direction") {
    CHECK(VisualOrder("שלום world\nhello עולם") == "world םולש\nhello םלוע");
    CHECK(VisualLine("world", true) == "world");
    CHECK(VisualLine("big world", true) == "big world");
    CHECK(VisualLine("1 שלום", true) == "םולש 1");
    CHECK(VisualLine("1 שלום", false) == "1 םולש");
}

TEST_CASE("malformed UTF-8 keeps every byte") {
    CHECK(VisualOrder("\xD7\xA9\xFF\xD7") == "\xD7\xFF\xD7\xA9");
}
