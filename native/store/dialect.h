// The SQL that differs between engines, one instance per engine (as Wt::Dbo's dialect hooks and
// PowerDNS's per-backend queries): everything else the repositories write runs on every engine.
// Each text is a string literal, so a query here can key Database::Cached.
#pragma once

namespace tandem::store {

struct Dialect {
    const char* name;   // the engine, as messages name it
    // The comparison operator that matches a LIKE pattern ignoring (at least ASCII) case.
    const char* like_ignoring_case;
    // A condition on `feedback` with one parameter: its JSON list of tags holds that tag.
    const char* feedback_has_tag;
    // An expression for the current UTC time as text, 2026-12-07T15:04:05Z.
    const char* now_utc_text;
    // One row, one column: how many tables have the name bound to its one parameter.
    const char* count_tables_named;
    // One row, one column: the journal (write-ahead log) mode, as /health reports it.
    const char* journal_mode;
    // Session settings for a bulk import and the statement that undoes them; empty if none.
    const char* bulk_session_start;
    const char* bulk_session_end;
    // Run after a whole database was loaded (migrate-db), outside its transaction; empty if none.
    const char* after_load;
    // The leads (email, id) with the emails of a JSON list, its one parameter; and the leads
    // (crm_source, crm_id, id) with the CRM records of a JSON list of [source, id] pairs. Both
    // served by the unique indexes, however long the list.
    const char* leads_with_emails;
    const char* leads_with_crm_records;
    // The schema as a copy between engines reads it (store/table_copy.h). Every table, one a row;
    // a table's columns (name, declared type) in order; the other tables a table's foreign keys
    // name. The last two take the table's name as their one parameter.
    const char* list_tables;
    const char* table_columns;
    const char* table_references;
    // One row, one column: the database's size in bytes for /metrics; empty: measure its files.
    const char* database_size_bytes;
};

}  // namespace tandem::store
