// The strict decoding primitives every entity codec builds on: types, ranges, paths, messages.
#include <doctest/doctest.h>

#include <limits>
#include <string>

#include "tandem/codec.h"

using nlohmann::json;
using tandem::DecodeError;
using tandem::ObjectReader;
using tandem::ReadValue;

namespace {

// What a decoder says about bad input ("field: problem"), or "accepted".
template <class F>
std::string ErrorOf(F&& decode) {
    try {
        decode();
    } catch (const DecodeError& e) {
        return e.what();
    }
    return "accepted";
}

template <class T>
std::string ErrorReading(const json& in, const std::string& path = "x") {
    return ErrorOf([&] {
        T value{};
        ReadValue(in, path, value);
    });
}

}  // namespace

TEST_CASE("a decode error keeps field and problem apart and joins them in what()") {
    DecodeError error("fit[2].op", "unknown value 'gt'");
    CHECK(error.Field() == "fit[2].op");
    CHECK(error.Problem() == "unknown value 'gt'");
    CHECK(std::string(error.what()) == "fit[2].op: unknown value 'gt'");
    // The whole document has no field name to put in front.
    CHECK(std::string(DecodeError("", "malformed JSON").what()) == "malformed JSON");
}

TEST_CASE("text is read as written and every other JSON type is named in the refusal") {
    std::string out;
    ReadValue(json("  Acme "), "x", out);
    CHECK(out == "  Acme ");
    CHECK(ErrorReading<std::string>(json(3)) == "x: expected text, got a number");
    CHECK(ErrorReading<std::string>(json(2.5)) == "x: expected text, got a number");
    CHECK(ErrorReading<std::string>(json(nullptr)) == "x: expected text, got null");
    CHECK(ErrorReading<std::string>(json(true)) == "x: expected text, got a boolean");
    CHECK(ErrorReading<std::string>(json::array()) == "x: expected text, got a list");
    CHECK(ErrorReading<std::string>(json::object()) == "x: expected text, got an object");
}

TEST_CASE("text longer than the limit is refused, text at the limit is kept") {
    CHECK(ErrorReading<std::string>(json(std::string(tandem::kMaxTextBytes, 'a'))) == "accepted");
    CHECK(ErrorReading<std::string>(json(std::string(tandem::kMaxTextBytes + 1, 'a'))) ==
          "x: too long (at most 10000 bytes)");
}

TEST_CASE("whole numbers are read up to the largest integer JavaScript keeps exact") {
    std::int64_t out = 0;
    ReadValue(json(42), "x", out);
    CHECK(out == 42);
    ReadValue(json(-42), "x", out);
    CHECK(out == -42);
    ReadValue(tandem::ParseJson("9007199254740991"), "x", out);
    CHECK(out == 9007199254740991);
    ReadValue(tandem::ParseJson("-9007199254740991"), "x", out);
    CHECK(out == -9007199254740991);
    CHECK(ErrorReading<std::int64_t>(tandem::ParseJson("9007199254740992")) == "x: out of range");
    CHECK(ErrorReading<std::int64_t>(tandem::ParseJson("9007199254740993")) == "x: out of range");
    CHECK(ErrorReading<std::int64_t>(tandem::ParseJson("-9007199254740992")) == "x: out of range");
}

TEST_CASE("integers beyond 64 bits and huge floats are out of range, not wrapped") {
    CHECK(ErrorReading<std::int64_t>(tandem::ParseJson("9223372036854775807")) == "x: out of range");
    CHECK(ErrorReading<std::int64_t>(tandem::ParseJson("9223372036854775808")) == "x: out of range");
    CHECK(ErrorReading<std::int64_t>(tandem::ParseJson("-9223372036854775808")) == "x: out of range");
    CHECK(ErrorReading<std::int64_t>(tandem::ParseJson("18446744073709551615")) == "x: out of range");
    CHECK(ErrorReading<std::int64_t>(tandem::ParseJson("18446744073709551616")) == "x: out of range");
    CHECK(ErrorReading<std::int64_t>(tandem::ParseJson("1e300")) == "x: out of range");
    CHECK(ErrorReading<std::int64_t>(tandem::ParseJson("-1e300")) == "x: out of range");
    CHECK(ErrorReading<std::int64_t>(json(std::numeric_limits<double>::infinity())) == "x: out of range");
    CHECK(ErrorReading<std::int64_t>(json(std::numeric_limits<double>::quiet_NaN())) == "x: out of range");
}

TEST_CASE("a whole number written with a fraction part is accepted, a real fraction is not") {
    std::int64_t out = 0;
    ReadValue(tandem::ParseJson("10.0"), "x", out);
    CHECK(out == 10);
    ReadValue(tandem::ParseJson("1e3"), "x", out);
    CHECK(out == 1000);
    ReadValue(tandem::ParseJson("-0.0"), "x", out);
    CHECK(out == 0);
    CHECK(ErrorReading<std::int64_t>(tandem::ParseJson("10.5")) == "x: expected a whole number");
    CHECK(ErrorReading<std::int64_t>(tandem::ParseJson("0.0001")) == "x: expected a whole number");
    CHECK(ErrorReading<std::int64_t>(json("10")) == "x: expected a whole number, got text");
    CHECK(ErrorReading<std::int64_t>(json(nullptr)) == "x: expected a whole number, got null");
    CHECK(ErrorReading<std::int64_t>(json(true)) == "x: expected a whole number, got a boolean");
}

TEST_CASE("an int holds at most a billion either way") {
    int out = 0;
    ReadValue(json(1'000'000'000), "x", out);
    CHECK(out == 1'000'000'000);
    ReadValue(json(-1'000'000'000), "x", out);
    CHECK(out == -1'000'000'000);
    CHECK(ErrorReading<int>(json(1'000'000'001)) == "x: out of range");
    CHECK(ErrorReading<int>(json(-1'000'000'001)) == "x: out of range");
    CHECK(ErrorReading<int>(json(4'294'967'297LL)) == "x: out of range");
    CHECK(ErrorReading<int>(json(2.5)) == "x: expected a whole number");
}

TEST_CASE("a double takes any number up to 1e15 in size and nothing else") {
    double out = 0;
    ReadValue(json(0.25), "x", out);
    CHECK(out == 0.25);
    ReadValue(json(3), "x", out);
    CHECK(out == 3.0);
    ReadValue(json(-1e15), "x", out);
    CHECK(out == -1e15);
    CHECK(ErrorReading<double>(json(1.0000001e15)) == "x: out of range");
    CHECK(ErrorReading<double>(tandem::ParseJson("1e300")) == "x: out of range");
    CHECK(ErrorReading<double>(tandem::ParseJson("9223372036854775808")) == "x: out of range");
    CHECK(ErrorReading<double>(json("1.5")) == "x: expected a number, got text");
    CHECK(ErrorReading<double>(json(nullptr)) == "x: expected a number, got null");
}

TEST_CASE("a boolean is only true or false, not 1 or \"true\"") {
    bool out = false;
    ReadValue(json(true), "x", out);
    CHECK(out);
    CHECK(ErrorReading<bool>(json(1)) == "x: expected true or false, got a number");
    CHECK(ErrorReading<bool>(json("true")) == "x: expected true or false, got text");
    CHECK(ErrorReading<bool>(json(nullptr)) == "x: expected true or false, got null");
}

TEST_CASE("an enum is read by its exact snake_case name and a miss lists the choices") {
    tandem::Need out = tandem::Need::Unknown;
    ReadValue(json("yes"), "need", out);
    CHECK(out == tandem::Need::Yes);
    CHECK(ErrorReading<tandem::Need>(json("Yes"), "need") ==
          "need: unknown value 'Yes' (expected one of: unknown, yes, no)");
    CHECK(ErrorReading<tandem::Need>(json(1), "need") == "need: expected one of: unknown, yes, no");
    CHECK(ErrorReading<tandem::Op>(json("gt"), "fit[2].op") ==
          "fit[2].op: unknown value 'gt' (expected one of: eq, neq, in, not_in, gte, lte, between, exists)");
}

TEST_CASE("an optional value is emptied by null and set by a value") {
    std::optional<std::int64_t> out = 5;
    ReadValue(json(nullptr), "x", out);
    CHECK_FALSE(out.has_value());
    ReadValue(json(7), "x", out);
    CHECK(out == 7);
    CHECK(ErrorReading<std::optional<std::int64_t>>(json("7")) == "x: expected a whole number, got text");
}

TEST_CASE("a list is read item by item and a bad item is named by its index") {
    std::vector<std::string> out = {"old"};
    ReadValue(json::array({"a", "b"}), "tags", out);
    CHECK(out == std::vector<std::string>{"a", "b"});
    ReadValue(json::array(), "tags", out);
    CHECK(out.empty());
    CHECK(ErrorReading<std::vector<std::string>>(json::array({"a", 2}), "tags") ==
          "tags[1]: expected text, got a number");
    CHECK(ErrorReading<std::vector<std::string>>(json("a"), "tags") == "tags: expected a list");
    CHECK(ErrorReading<std::vector<std::string>>(json::object(), "tags") == "tags: expected a list");
}

TEST_CASE("timestamps and dates are read from ISO 8601 text only") {
    CHECK(tandem::ReadTimestamp(json("2026-11-25T09:30:00Z"), "at") == 1795599000);
    CHECK(tandem::ReadTimestamp(json("2026-11-25T11:30:00+02:00"), "at") == 1795599000);
    CHECK(tandem::ReadDate(json("2026-11-25"), "start") == 20782);
    CHECK(ErrorOf([] { tandem::ReadTimestamp(json(1795599000), "at"); }) ==
          "at: expected an ISO 8601 time such as 2026-11-25T09:30:00Z");
    CHECK(ErrorOf([] { tandem::ReadTimestamp(json("2026-02-30T09:30:00Z"), "at"); }) ==
          "at: not an ISO 8601 time: '2026-02-30T09:30:00Z'");
    CHECK(ErrorOf([] { tandem::ReadDate(json(nullptr), "start"); }) == "start: expected a date such as 2026-11-25");
    CHECK(ErrorOf([] { tandem::ReadDate(json("2026-02-30"), "start"); }) ==
          "start: not a date (YYYY-MM-DD): '2026-02-30'");
    CHECK(ErrorOf([] { tandem::ReadDate(json("2026-11-25T00:00:00Z"), "start"); }) ==
          "start: not a date (YYYY-MM-DD): '2026-11-25T00:00:00Z'");
}

TEST_CASE("an object reader refuses anything but an object, naming its path") {
    const json list = json::array();
    const json null_value = nullptr;
    const json text = "x";
    CHECK(ErrorOf([&] { ObjectReader reader(list, ""); }) == "expected an object, got a list");
    CHECK(ErrorOf([&] { ObjectReader reader(null_value, "rules"); }) == "rules: expected an object, got null");
    CHECK(ErrorOf([&] { ObjectReader reader(text, "fit[0]"); }) == "fit[0]: expected an object, got text");
}

TEST_CASE("member paths join the reader's path with a dot, or stand alone at the top") {
    json in = json::object();
    CHECK(ObjectReader(in, "").PathOf("email") == "email");
    CHECK(ObjectReader(in, "rules").PathOf("fit") == "rules.fit");
    CHECK(ObjectReader(in, "rules.fit[2]").PathOf("op") == "rules.fit[2].op");
}

TEST_CASE("required members must be present, optional ones keep their value when absent") {
    json in = {{"name", "Ada"}};
    ObjectReader reader(in, "user");
    std::string name;
    reader.Required("name", name);
    CHECK(name == "Ada");
    int points = 7;
    reader.Optional("points", points);
    CHECK(points == 7);
    std::string email;
    CHECK(ErrorOf([&] { reader.Required("email", email); }) == "user.email: required");
    reader.Finish();
}

TEST_CASE("a required member that is null is a type error, not a missing member") {
    json in = {{"name", nullptr}};
    ObjectReader reader(in, "");
    std::string name;
    CHECK(ErrorOf([&] { reader.Required("name", name); }) == "name: expected text, got null");
}

TEST_CASE("finish names the first member nobody read") {
    json in = {{"name", "Ada"}, {"colour", "red"}};
    ObjectReader reader(in, "segment");
    std::string name;
    reader.Required("name", name);
    CHECK(ErrorOf([&] { reader.Finish(); }) == "segment.colour: unknown field");
    // Asking for a member counts as reading it, whether or not it was there.
    ObjectReader all(in, "");
    all.Member("name");
    all.Member("colour");
    all.Member("absent");
    CHECK(ErrorOf([&] { all.Finish(); }) == "accepted");
}

TEST_CASE("read-only members are refused by name when present") {
    constexpr std::string_view kKeys[] = {"id", "revision"};
    json with_id = {{"id", 3}, {"name", "Ada"}};
    CHECK(ErrorOf([&] { ObjectReader(with_id, "").RefuseReadOnly(kKeys); }) == "id: read-only");
    json with_revision = {{"revision", nullptr}};
    CHECK(ErrorOf([&] { ObjectReader(with_revision, "campaign").RefuseReadOnly(kKeys); }) ==
          "campaign.revision: read-only");
    json without = {{"name", "Ada"}};
    CHECK(ErrorOf([&] { ObjectReader(without, "").RefuseReadOnly(kKeys); }) == "accepted");
}

TEST_CASE("optional timestamps and dates: absent keeps, null clears where the type allows it") {
    json in = {{"a", nullptr}, {"b", "2026-11-25T09:30:00Z"}, {"c", nullptr}, {"d", "2026-11-25"}};
    ObjectReader reader(in, "");
    std::optional<tandem::Timestamp> a = 1;
    reader.OptionalTimestamp("a", a);
    CHECK_FALSE(a.has_value());
    tandem::Timestamp b = 0;
    reader.OptionalTimestamp("b", b);
    CHECK(b == 1795599000);
    tandem::Timestamp kept = 5;
    reader.OptionalTimestamp("absent", kept);
    CHECK(kept == 5);
    std::optional<tandem::Date> c = 1;
    reader.OptionalDate("c", c);
    CHECK_FALSE(c.has_value());
    std::optional<tandem::Date> d;
    reader.OptionalDate("d", d);
    CHECK(d == 20782);
    tandem::Date start = 0;
    reader.RequiredDate("d", start);
    CHECK(start == 20782);
    // A plain timestamp has no "unknown": null is refused.
    tandem::Timestamp plain = 0;
    CHECK(ErrorOf([&] { reader.OptionalTimestamp("a", plain); }) ==
          "a: expected an ISO 8601 time such as 2026-11-25T09:30:00Z");
    tandem::Date end = 0;
    CHECK(ErrorOf([&] { reader.RequiredDate("end", end); }) == "end: required");
    CHECK(ErrorOf([&] { reader.RequiredDate("c", end); }) == "c: expected a date such as 2026-11-25");
}

TEST_CASE("malformed JSON is a decode error for the whole document") {
    json parsed = tandem::ParseJson(R"({"a": [1, 2.5, "x", null, true]})");
    CHECK(parsed.dump() == R"({"a":[1,2.5,"x",null,true]})");
    for (std::string_view text : {"", "{", "{\"a\":}", "[1,]", "{} x", "{'a': 1}", "NaN", "// c\n{}"}) {
        CAPTURE(text);
        try {
            tandem::ParseJson(text);
            FAIL("accepted");
        } catch (const DecodeError& e) {
            CHECK(e.Field() == "");
            CHECK(e.Problem().rfind("malformed JSON: ", 0) == 0);
        }
    }
    CHECK(ErrorOf([] { tandem::ParseJson("{\"a\":}"); }) ==
          "malformed JSON: parse error at line 1, column 6: syntax error while parsing value - unexpected '}'; "
          "expected '[', '{', or a literal");
}

TEST_CASE("invalid UTF-8 in a request is malformed JSON") {
    CHECK(ErrorOf([] { tandem::ParseJson("\"\xff\""); }).rfind("malformed JSON: ", 0) == 0);
    CHECK(ErrorOf([] { tandem::ParseJson("\"\xc3\""); }).rfind("malformed JSON: ", 0) == 0);
    CHECK(tandem::ParseJson("\"\xc3\xa9\"") == json("\xc3\xa9"));
}

TEST_CASE("a number too large for a double is malformed JSON, not a crash") {
    CHECK(ErrorOf([] { tandem::ParseJson("1e400"); }) == "malformed JSON: number overflow parsing '1e400'");
    CHECK(ErrorOf([] { tandem::ParseJson("{\"budget_usd\": -1e999}"); }) ==
          "malformed JSON: number overflow parsing '-1e999'");
}

TEST_CASE("deeply nested input parses and is released without exhausting the stack") {
    std::string text(100000, '[');
    text += std::string(100000, ']');
    json parsed = tandem::ParseJson(text);
    CHECK(parsed.is_array());
    CHECK(ErrorOf([&] { ObjectReader reader(parsed, ""); }) == "expected an object, got a list");
}

TEST_CASE("dumping keeps UTF-8 as is and repairs invalid bytes instead of failing") {
    CHECK(tandem::DumpJson(json{{"name", "Zoë"}}) == "{\"name\":\"Zoë\"}");
    CHECK(tandem::DumpJson(json("a\xff" "b")) == "\"a\xef\xbf\xbd" "b\"");
    CHECK(tandem::DumpJson(json("tab\there")) == "\"tab\\there\"");
}

TEST_CASE("empty optionals are written as null") {
    CHECK(tandem::OrNull(std::optional<std::int64_t>()).is_null());
    CHECK(tandem::OrNull(std::optional<std::int64_t>(4)) == json(4));
    CHECK(tandem::TimestampOrNull(std::nullopt).is_null());
    CHECK(tandem::TimestampOrNull(1795599000) == json("2026-11-25T09:30:00Z"));
}

TEST_CASE("trim drops spaces, tabs and line breaks at both ends only") {
    CHECK(tandem::Trim("  a b \t\r\n") == "a b");
    CHECK(tandem::Trim("\n\n") == "");
    CHECK(tandem::Trim("") == "");
    CHECK(tandem::Trim("x") == "x");
}

TEST_CASE("lower-casing touches ASCII letters only") {
    CHECK(tandem::ToLower("Ada.Lovelace@Example.COM") == "ada.lovelace@example.com");
    CHECK(tandem::ToLower("ÄB-9_z") == "Äb-9_z");
}

TEST_CASE("an address has one @, something before it and a dotted domain after it") {
    CHECK(tandem::LooksLikeEmail("ada@example.com"));
    CHECK(tandem::LooksLikeEmail("a.b+tag@mail.example.co.uk"));
    CHECK(tandem::LooksLikeEmail("a@b.c"));
    CHECK_FALSE(tandem::LooksLikeEmail(""));
    CHECK_FALSE(tandem::LooksLikeEmail("ada"));
    CHECK_FALSE(tandem::LooksLikeEmail("@example.com"));
    CHECK_FALSE(tandem::LooksLikeEmail("ada@"));
    CHECK_FALSE(tandem::LooksLikeEmail("ada@example"));
    CHECK_FALSE(tandem::LooksLikeEmail("ada@.com"));
    CHECK_FALSE(tandem::LooksLikeEmail("ada@example."));
    CHECK_FALSE(tandem::LooksLikeEmail("ada@b@example.com"));
    CHECK_FALSE(tandem::LooksLikeEmail("ada lovelace@example.com"));
    CHECK_FALSE(tandem::LooksLikeEmail("ada@example.com, bob@example.com"));
    CHECK_FALSE(tandem::LooksLikeEmail("Ada <ada@example.com>"));
    CHECK_FALSE(tandem::LooksLikeEmail("ada;bob@example.com"));
}

TEST_CASE("an address with control characters is refused") {
    CHECK_FALSE(tandem::LooksLikeEmail(std::string("ada\0x@example.com", 17)));
    CHECK_FALSE(tandem::LooksLikeEmail("ada\x01@example.com"));
    CHECK_FALSE(tandem::LooksLikeEmail("ada@example.com\x7f"));
}

TEST_CASE("an address is at most 254 bytes") {
    std::string domain = "@example.com";
    CHECK(tandem::LooksLikeEmail(std::string(254 - domain.size(), 'a') + domain));
    CHECK_FALSE(tandem::LooksLikeEmail(std::string(255 - domain.size(), 'a') + domain));
}
