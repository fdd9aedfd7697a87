// Copies every table of one Tandem database into another, whatever the two engines (SQLite file to
// PostgreSQL, or back), and proves the copy: per table the rows and a checksum computed the same
// way on both sides from each row's canonical text. What `tandem migrate-db` does.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace tandem::store {

class Database;

struct TableDigest {
    std::int64_t rows = 0;
    // The sum (mod 2^64) of a BLAKE2b hash of each row's canonical text (its cells as COPY's text
    // format writes them, in column order): independent of the order rows come in, so neither
    // engine's collation can make two equal tables differ.
    std::uint64_t sum = 0;
    bool operator==(const TableDigest&) const = default;
};

struct TableCopied {
    std::string table;
    TableDigest source;
    TableDigest target;
    // Why the table was left out, if it was: sessions without CopyOptions::sessions, or a table
    // only the source's engine has (PostgreSQL's event_stream), outside the numbered schema.
    std::string skipped;
    bool Verified() const { return !skipped.empty() || source == target; }
};

struct CopyOptions {
    bool sessions = false;                                  // copy sign-in sessions too
    std::function<void(const TableCopied&)> copied;        // after each table is loaded
};

// Thrown before anything is written: the target has data, or the schemas differ.
struct CopyRefused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Copies `from` into `to` inside one transaction on each (a snapshot of the source), verifies each
// table and commits only if every one matches (then gathers the planner's statistics on engines
// that keep them, Dialect::after_load); returns the report either way. `to` must be a
// database migrated to the same schema version as `from` holding nothing but what migrations put
// there (its settings are replaced by the source's); otherwise throws CopyRefused.
std::vector<TableCopied> CopyDatabase(Database& from, Database& to, const CopyOptions& options);

// The tables of `db` (schema_migrations aside), each after the tables its foreign keys name.
std::vector<std::string> TablesInLoadOrder(Database& db);

// The digest of `table` in `db` as it reads now.
TableDigest DigestTable(Database& db, const std::string& table);

// 16 hex digits, for reports.
std::string HexDigest(std::uint64_t sum);

}  // namespace tandem::store
