// CSV in and out (RFC 4180): a streaming reader that takes the file in chunks of any size, a
// writer that quotes where needed, and the lead columns, including the names HubSpot and
// Salesforce use in their exports ("Email", "First Name", "Lead Source", ...).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tandem/lead.h"

namespace tandem {

class CsvReader {
public:
    // Called per record with its fields and its 1-based line number where it started.
    using RowHandler = std::function<void(std::vector<std::string>& fields, std::size_t line)>;

    explicit CsvReader(RowHandler handler) : m_handler(std::move(handler)) {}
    // Feeds the next chunk; quoted fields may span chunks and lines. A UTF-8 BOM is skipped.
    void Feed(std::string_view chunk);
    // Ends the input; throws DecodeError("line N", "unterminated quoted field") if one is open.
    void Finish();

private:
    RowHandler m_handler;
    std::vector<std::string> m_fields;
    std::string m_field;
    std::size_t m_line = 1;
    std::size_t m_record_line = 1;
    bool m_in_quotes = false;
    bool m_quote_pending = false;    // saw '"' inside quotes: an escaped quote or the closing one
    bool m_after_cr = false;
    bool m_started = false;
    bool m_record_open = false;
};

// Appends one record (with CRLF line ending) to `out`.
void AppendCsvRow(std::string& out, std::span<const std::string> fields);

// Which CSV column feeds which lead field. Built from the header row.
class LeadColumns {
public:
    // Recognises our own names and the HubSpot and Salesforce ones (case and spacing ignored);
    // "First Name" + "Last Name" make the name. Throws DecodeError("header", ...) if there is no
    // email column.
    explicit LeadColumns(std::span<const std::string> header);

    // Columns that feed nothing, to report once.
    const std::vector<std::string>& Ignored() const { return m_ignored; }

    // Builds a lead from a record; throws DecodeError(<column name>, problem) for a bad value.
    // Created_at defaults to `now`; the stage comes from a stage column if there is one.
    Lead ToLead(std::span<const std::string> fields, Timestamp now) const;

private:
    std::vector<int> m_field_of_column;     // index into the lead field table, -1 = ignored
    std::vector<std::string> m_header;
    std::vector<std::string> m_ignored;
};

// Our export format: the header and one record per lead, in the column order of the header.
std::vector<std::string> LeadCsvHeader();
std::vector<std::string> LeadCsvRecord(const Lead& lead);

}  // namespace tandem
