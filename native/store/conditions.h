// A WHERE clause built from the filters that are set, with their values bound in order: the SQL
// never contains input, and no `? IS NULL` leaves an engine a parameter whose type it cannot infer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "store/database.h"

namespace tandem::store {

class Conditions {
public:
    using Value = std::variant<std::int64_t, double, std::string>;

    // Adds a condition without parameters, e.g. "owner_id IS NULL".
    void Add(std::string_view condition) {
        m_sql += m_sql.empty() ? " WHERE " : " AND ";
        m_sql += condition;
    }

    // Adds a condition whose every `?` takes the value.
    void Add(std::string_view condition, const Value& value) {
        Add(condition);
        for (char c : condition)
            if (c == '?') m_values.push_back(value);
    }

    // " WHERE a AND b", or "" when no filter is set.
    const std::string& Sql() const { return m_sql; }

    // Binds the values from parameter `first` on; returns the index after the last.
    int Bind(Statement& statement, int first = 1) const {
        for (const Value& value : m_values) {
            std::visit([&](const auto& v) { statement.Bind(first, v); }, value);
            ++first;
        }
        return first;
    }

private:
    std::string m_sql;
    std::vector<Value> m_values;
};

}  // namespace tandem::store
