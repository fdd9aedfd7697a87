// CSV in and out (RFC 4180): a streaming reader that takes the file in chunks of any size, a
// writer that quotes where needed, and the lead columns, including the names HubSpot,
// Salesforce, Pipedrive and Zoho use in their exports ("Email", "Company / Account", ...).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tandem/import_rules.h"
#include "tandem/lead.h"

namespace tandem {

class CsvReader {
public:
    // Called per record with its fields and its 1-based line number where it started (the
    // physical line: CRLF, LF and a lone CR each end one, also inside quoted fields). The handler
    // may move from the fields or the vector; the reader clears and reuses them. Empty lines are
    // skipped. An exception from the handler leaves Feed at once, dropping the rest of the chunk.
    using RowHandler = std::function<void(std::vector<std::string>& fields, std::size_t line)>;

    // `delimiter` separates fields: ',' (RFC 4180), ';' (Excel in most of Europe) or '\t'.
    explicit CsvReader(RowHandler handler, char delimiter = ',');
    // Feeds the next chunk; quoted fields may span chunks and lines. A UTF-8 BOM is skipped.
    // Leniently, a quote inside an unquoted field, or text after a closing quote, is kept as is.
    void Feed(std::string_view chunk);
    // Ends the input, delivering a last record that has no newline; throws
    // DecodeError("line N", "unterminated quoted field") if one is open, N being the line its
    // quote opened on. Either way the reader is then ready for a new file.
    void Finish();

private:
    enum class State : std::uint8_t { FieldStart, Unquoted, Quoted, QuoteInQuoted };

    void Consume(std::string_view data);
    void StartField();
    void EndRecord();
    void Reset();

    RowHandler m_handler;
    char m_delimiter;
    std::array<bool, 256> m_unquoted_stops{};   // the delimiter, CR and LF
    // Reused from record to record so that fields keep their capacity: after the first rows,
    // parsing seldom allocates. Only the first m_count entries belong to the current record.
    std::vector<std::string> m_fields;
    std::size_t m_count = 0;
    std::string m_head;              // the first bytes, held until we know whether they are a BOM
    std::size_t m_line = 1;          // the physical line of the next byte
    std::size_t m_record_line = 1;
    std::size_t m_quote_line = 1;    // where the open quoted field began, for the error
    State m_state = State::FieldStart;
    bool m_record_open = false;
    bool m_after_cr = false;         // the last byte consumed was '\r': a '\n' now ends no new line
    bool m_started = false;          // past the BOM check
};

// Appends one record (with CRLF line ending) to `out`. A field is quoted iff it holds a comma, a
// quote, CR or LF, or starts or ends with a space (which spreadsheets would otherwise trim).
// Formula-injection guard: a spreadsheet runs a cell starting with = + - or @ as a formula, so a
// field starting with one of those and then a non-digit ("=HYPERLINK(...)", "@SUM(A1)") gets a
// leading "'", which spreadsheets show as text. Numbers ("-5", "+1 555 0100") are left alone. To
// keep the guard reversible, a field already starting with "'"s before such a character gets one
// more; LeadColumns::ToLead removes one again.
void AppendCsvRow(std::string& out, std::span<const std::string> fields);

// Which CSV column feeds which lead field. Built from the header row, in time linear in its
// length (a header may have a million columns).
class LeadColumns {
public:
    // Recognises our own names and HubSpot's, Salesforce's, Pipedrive's and Zoho's (case and spacing ignored);
    // "First Name" + "Last Name" make the name. Throws DecodeError("header", ...) if there is no
    // email column.
    explicit LeadColumns(std::span<const std::string> header);

    // Columns that feed nothing, to report once.
    const std::vector<std::string>& Ignored() const { return m_ignored; }

    // Where the created and last-activity dates are, to learn the file's date order from.
    std::vector<std::size_t> DateColumns() const;
    const std::string& ColumnName(std::size_t column) const;   // trimmed, as written
    std::size_t ColumnCount() const { return m_header.size(); }

    // Builds a lead from a record; throws DecodeError(<column name>, problem) for a bad value.
    // Created_at defaults to `now`; the stage comes from our stage column, else a lifecycle or
    // status column through rules.stages (an unknown value: new). Owner and campaign columns
    // hold our ids or are looked up by email/name through `rules`. A value stored other than as
    // written (an employee range, an unknown source, status, owner or campaign) is appended to
    // `coerced`. Cells are trimmed and lose the "'" the formula guard of AppendCsvRow added;
    // missing trailing cells are empty (unknown), surplus ones are an error ("row").
    Lead ToLead(std::span<const std::string> fields, Timestamp now, const LeadImportRules& rules,
                std::vector<Coercion>* coerced) const;
    // With the default rules (month-first dates, UTC, default stage map, no lookups).
    Lead ToLead(std::span<const std::string> fields, Timestamp now) const;

    // For an import that updates: `lead` with the facts this file has (ToLead's `from_file` of
    // the same `fields`) put in; the lead keeps the values of columns the file lacks, its
    // created_at where the cell is empty, and its owner and campaign unless the file names one we
    // know. Stage and CRM record are the importer's to decide.
    Lead Overlay(std::span<const std::string> fields, const Lead& from_file, Lead lead) const;
    // Whether a column gives the stage (ours, a lifecycle stage or a lead status).
    bool HasStage() const;

private:
    // Per lead field (the table in csv.cpp), the CSV column that feeds it, -1 = none. Indexed by
    // field rather than by column so ToLead visits only the fields it fills.
    std::vector<int> m_column_of_field;
    std::vector<std::string> m_header;      // trimmed, as written: errors name the user's column
    std::vector<std::string> m_ignored;
    std::string m_crm_source;               // whose record id column the file has, if any
};

// Our export format: the header and one record per lead, in the column order of the header. The
// campaign goes by its name and the owner by their email, so that another Tandem with the same
// campaigns and users imports the file as it is; the CRM record last, for updates.
std::vector<std::string> LeadCsvHeader();
std::vector<std::string> LeadCsvRecord(const Lead& lead, std::string_view campaign_name, std::string_view owner_email);

}  // namespace tandem
