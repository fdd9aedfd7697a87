// Aligned columns, local times and JSON for the terminal.
#include "cli/output.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace tandem::cli {

namespace {

// Characters as the terminal shows them: UTF-8 continuation bytes take no column.
std::size_t Width(const std::string& text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

Columns::Columns(std::vector<std::string> header) {
    if (!header.empty()) m_rows.push_back(std::move(header));
}

void Columns::Add(std::vector<std::string> row) { m_rows.push_back(std::move(row)); }

std::string Columns::Text() const {
    std::vector<std::size_t> widths;
    for (const auto& row : m_rows) {
        if (widths.size() < row.size()) widths.resize(row.size(), 0);
        for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], Width(row[i]));
    }
    std::string out;
    for (const auto& row : m_rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size()) line += std::string(widths[i] - Width(row[i]) + 2, ' ');
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
    }
    return out;
}

std::string LocalTime(Timestamp t) {
    std::time_t time = static_cast<std::time_t>(t);
    std::tm local{};
    localtime_r(&time, &local);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &local);
    return text;
}

std::string OneLine(std::string text) {
    std::replace_if(text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
    return text;
}

void PrintJson(const nlohmann::json& json) {
    // Messages may hold invalid UTF-8 from an old import; replace it rather than fail to print.
    std::string text = json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    std::printf("%s\n", text.c_str());
}

}  // namespace tandem::cli
