// JSON text written straight into a string, for output rebuilt often (the UI mirror, every frame):
// no tree of values, and no allocation once the string has grown to its size.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tandem/time.h"

namespace tandem {

// Appends `text` as a quoted JSON string, byte for byte as nlohmann::json's dump writes it (UTF-8
// kept, not \u-escaped): " and \ escaped, control characters as \b \f \n \r \t or \u00XX, and each
// invalid UTF-8 sequence replaced by U+FFFD as its error_handler_t::replace does, so the output
// always parses.
void AppendJsonString(std::string& out, std::string_view text);
// Appends a number: a whole one as an integer ("15", "-0"), any other in the shortest form that
// reads back the same; NaN and the infinities, which JSON cannot hold, as null (as nlohmann::json).
void AppendJsonNumber(std::string& out, double value);
void AppendJsonInt(std::string& out, std::int64_t value);

// Writes one JSON value of nested objects and arrays into `out`, adding the commas.
class JsonWriter {
public:
    explicit JsonWriter(std::string& out) : m_out(out) {}

    void BeginObject() { Open('{'); }
    void EndObject() { Close('}'); }
    void BeginArray() { Open('['); }
    void EndArray() { Close(']'); }
    // An object's key; the next call writes its value.
    JsonWriter& Key(std::string_view key) {
        Separate();
        AppendJsonString(m_out, key);
        m_out += ':';
        m_comma = false;   // the value follows the colon
        return *this;
    }
    void String(std::string_view value) {
        Separate();
        AppendJsonString(m_out, value);
    }
    void Number(double value) {
        Separate();
        AppendJsonNumber(m_out, value);
    }
    void Int(std::int64_t value) {
        Separate();
        AppendJsonInt(m_out, value);
    }
    void Bool(bool value) {
        Separate();
        m_out += value ? "true" : "false";
    }
    void Null() {
        Separate();
        m_out += "null";
    }
    // A time as FormatTimestamp writes it, quoted.
    void Time(Timestamp value) {
        Separate();
        m_out += '"';
        AppendTimestamp(m_out, value);
        m_out += '"';
    }

private:
    // Before a value or a key: a comma if anything came before it at this level.
    void Separate() {
        if (m_comma) m_out += ',';
        m_comma = true;
    }
    void Open(char bracket) {
        Separate();
        m_out += bracket;
        m_comma = false;
    }
    void Close(char bracket) {
        m_out += bracket;
        m_comma = true;
    }

    std::string& m_out;
    bool m_comma = false;   // something was written at this level: the next value or key needs a comma
};

}  // namespace tandem
