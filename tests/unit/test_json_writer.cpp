// The JSON writer the UI mirror uses every frame: strings escaped and invalid UTF-8 replaced
// exactly as nlohmann::json's dump did, numbers, and the commas between values.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <string_view>

#include "tandem/json_writer.h"

using tandem::AppendJsonNumber;
using tandem::AppendJsonString;
using tandem::JsonWriter;

namespace {

std::string Quoted(std::string_view text) {
    std::string out;
    AppendJsonString(out, text);
    return out;
}

std::string Number(double value) {
    std::string out;
    AppendJsonNumber(out, value);
    return out;
}

std::string NlohmannDump(std::string_view text) {
    return nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

TEST_CASE("quotes, backslashes and control characters are escaped; slash, DEL and UTF-8 are kept") {
    CHECK(Quoted("") == R"("")");
    CHECK(Quoted("Lead 42") == R"("Lead 42")");
    CHECK(Quoted("say \"hi\"") == R"("say \"hi\"")");
    CHECK(Quoted("C:\\leads") == R"("C:\\leads")");
    CHECK(Quoted("a/b") == R"("a/b")");
    CHECK(Quoted("\b\f\n\r\t") == R"("\b\f\n\r\t")");
    CHECK(Quoted(std::string_view("\x00\x01\x1f", 3)) == R"("\u0000\u0001\u001f")");
    CHECK(Quoted("\x7f") == "\"\x7f\"");
    CHECK(Quoted("Café — €5 😀") == "\"Café — €5 😀\"");
}

TEST_CASE("each invalid UTF-8 sequence becomes U+FFFD, as nlohmann's replace handler makes it") {
    const std::string r = "\xEF\xBF\xBD";
    CHECK(Quoted("a\xFF" "b") == "\"a" + r + "b\"");                 // a byte that starts nothing
    CHECK(Quoted("\x80\x80") == "\"" + r + r + "\"");                // stray continuation bytes, one each
    CHECK(Quoted("\xC3" "c") == "\"" + r + "c\"");                   // cut short: the next byte is read again
    CHECK(Quoted("\xE2\x82") == "\"" + r + "\"");                    // cut short by the end: one
    CHECK(Quoted("\xC0\xAF") == "\"" + r + r + "\"");                // overlong
    CHECK(Quoted("\xE0\x80\x80") == "\"" + r + r + r + "\"");        // overlong
    CHECK(Quoted("\xED\xA0\x80") == "\"" + r + r + r + "\"");        // a surrogate
    CHECK(Quoted("\xF4\x90\x80\x80") == "\"" + r + r + r + r + "\"");   // past U+10FFFF
    CHECK(Quoted("\xF0\x9F\x98" "\"") == "\"" + r + "\\\"\"");        // the byte after is escaped as usual
}

TEST_CASE("any bytes are written as nlohmann::json dumps them with the replace handler") {
    std::mt19937 random(20261207);
    // Bytes weighted towards the interesting ones: escapes, UTF-8 leads and continuations.
    const unsigned char alphabet[] = {'a', ' ', '"', '\\', '/', 0x00, 0x01, 0x1F, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0,
                                      0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
    std::uniform_int_distribution<std::size_t> pick(0, sizeof alphabet - 1);
    std::uniform_int_distribution<int> length(0, 12);
    for (int round = 0; round < 20000; ++round) {
        std::string text;
        for (int i = length(random); i > 0; --i) text += static_cast<char>(alphabet[pick(random)]);
        REQUIRE(Quoted(text) == NlohmannDump(text));
    }
}

TEST_CASE("whole numbers are written as integers, others in the shortest form that reads back the same") {
    CHECK(Number(0) == "0");
    CHECK(Number(-0.0) == "-0");
    CHECK(Number(237) == "237");
    CHECK(Number(-14) == "-14");
    CHECK(Number(1.5) == "1.5");
    CHECK(Number(0.1) == "0.1");
    CHECK(Number(1e20) == "1e+20");
    CHECK(Number(std::nan("")) == "null");
    CHECK(Number(std::numeric_limits<double>::infinity()) == "null");
    std::string out;
    tandem::AppendJsonInt(out, 3988527794);
    CHECK(out == "3988527794");
}

TEST_CASE("the writer puts commas between values and after nested objects and arrays") {
    std::string out = "stale";
    out.clear();
    JsonWriter json(out);
    json.BeginObject();
    json.Key("items").BeginArray();
    json.BeginObject();
    json.Key("id").String("a");
    json.Key("x").Number(12);
    json.EndObject();
    json.BeginObject();
    json.EndObject();
    json.Int(-3);
    json.EndArray();
    json.Key("values").BeginObject();
    json.Key("on").Bool(true);
    json.Key("off").Bool(false);
    json.EndObject();
    json.EndObject();
    CHECK(out == R"({"items":[{"id":"a","x":12},{},-3],"values":{"on":true,"off":false}})");
    CHECK(nlohmann::json::parse(out)["items"][0]["x"] == 12);
}
