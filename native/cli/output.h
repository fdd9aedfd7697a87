// What the remote commands print: plain aligned columns and local times for people, and with
// --json the server's JSON, indented, its keys in a stable (sorted) order, for scripts.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tandem/time.h"

namespace tandem::cli {

// Columns two spaces apart, each as wide as its widest cell; the last is not padded.
class Columns {
public:
    // Without a header, rows are printed as they are (a list of "key  value" lines).
    explicit Columns(std::vector<std::string> header = {});
    void Add(std::vector<std::string> row);
    std::string Text() const;

private:
    std::vector<std::vector<std::string>> m_rows;
};

// "2026-11-25 14:30" in the machine's time zone ($TZ).
std::string LocalTime(Timestamp t);
// Text on one line: line breaks and tabs become spaces.
std::string OneLine(std::string text);
// `json` on standard output, indented by two.
void PrintJson(const nlohmann::json& json);

}  // namespace tandem::cli
