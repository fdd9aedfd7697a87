// Reading and binding the column types every repository shares: enums stored as their names,
// nullable integers, ids of inserted rows and JSON lists of strings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/bulk_rows.h"
#include "store/database.h"
#include "tandem/enums.h"

namespace tandem::store {

// An enum column; a name this build does not know means the file was written by something else.
template <class E>
E EnumColumn(const Statement& row, int column) {
    std::optional<E> value = ParseEnum<E>(row.Text(column));
    if (!value) throw StoreError("unexpected value '" + row.Text(column) + "' in the database");
    return *value;
}

inline std::optional<std::int64_t> OptionalInt(const Statement& row, int column) {
    return row.IsNull(column) ? std::nullopt : std::optional<std::int64_t>(row.Int(column));
}

template <class T>
void BindOptional(Statement& statement, int index, const std::optional<T>& value) {
    if (value) statement.Bind(index, static_cast<std::int64_t>(*value));
    else statement.BindNull(index);
}

inline BulkValue Cell(const std::optional<std::int64_t>& value) {
    return value ? BulkValue(*value) : BulkValue();
}

// A row's cell bound as a statement's parameter: one list of a row's cells serves its insert and
// its bulk load.
inline void BindCell(Statement& statement, int index, const BulkValue& value) {
    if (const auto* number = std::get_if<std::int64_t>(&value)) statement.Bind(index, *number);
    else if (const auto* real = std::get_if<double>(&value)) statement.Bind(index, *real);
    else if (const auto* text = std::get_if<std::string>(&value)) statement.Bind(index, std::string_view(*text));
    else statement.BindNull(index);
}

inline void BindCells(Statement& statement, const std::vector<BulkValue>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) BindCell(statement, static_cast<int>(i + 1), cells[i]);
}

// The id an `INSERT ... RETURNING id` gave; RETURNING, unlike each engine's last-insert-id call,
// reads the same on every engine. Steps to the end so the statement holds nothing open.
inline std::int64_t InsertedId(Statement& insert) {
    if (!insert.Step()) throw StoreError("the insert returned no id");
    std::int64_t id = insert.Int(0);
    insert.Run();
    return id;
}

// The strings of a JSON list (tags, segment values); anything else reads as empty.
inline std::vector<std::string> StringList(const nlohmann::json& list) {
    std::vector<std::string> out;
    if (list.is_array())
        for (const nlohmann::json& item : list)
            if (item.is_string()) out.push_back(item.get<std::string>());
    return out;
}

}  // namespace tandem::store
