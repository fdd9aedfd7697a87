// Rows for a bulk load (Connection::BulkInsert): typed cells, row after row, and the one text form
// of a cell both engines' loads and the migration's checksums share.
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace tandem::store {

using BulkValue = std::variant<std::monostate, std::int64_t, double, std::string>;   // monostate: NULL

struct BulkRows {
    std::vector<std::string> columns;
    std::vector<BulkValue> cells;   // row-major, columns.size() a row

    std::size_t Size() const { return columns.empty() ? 0 : cells.size() / columns.size(); }
    void Clear() { cells.clear(); }
};

// A cell as PostgreSQL's COPY text format reads it: \N for NULL, integers in decimal, reals in the
// shortest form that reads back the same, text with backslash, tab, newline and CR escaped.
inline void AppendCopyText(std::string& out, const BulkValue& value) {
    if (std::holds_alternative<std::monostate>(value)) {
        out += "\\N";
    } else if (const auto* number = std::get_if<std::int64_t>(&value)) {
        char text[24];
        out.append(text, std::to_chars(text, text + sizeof text, *number).ptr);
    } else if (const auto* real = std::get_if<double>(&value)) {
        char text[32];
        out.append(text, std::to_chars(text, text + sizeof text, *real).ptr);
    } else {
        for (char c : std::get<std::string>(value)) {
            switch (c) {
                case '\\': out += "\\\\"; break;
                case '\t': out += "\\t"; break;
                case '\n': out += "\\n"; break;
                case '\r': out += "\\r"; break;
                default: out += c;
            }
        }
    }
}

}  // namespace tandem::store
