// Table-by-table copy between engines: schema read through each engine's Dialect, rows read in
// pages of ids, loaded with the target's bulk load (COPY on PostgreSQL), then read back to verify.
#include "store/table_copy.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <set>
#include <sodium.h>

#include "store/bulk_rows.h"
#include "store/database.h"

namespace tandem::store {

namespace {

constexpr std::int64_t kPageRows = 20000;
constexpr std::size_t kLoadRows = 20000;

// Tables a fresh migration fills (settings: created_at, installation_id, ...): the source's rows
// replace them. The migration history is not copied: the versions must already match.
constexpr const char* kSeededTables[] = {"settings"};
constexpr const char* kHistoryTable = "schema_migrations";
constexpr const char* kSessionsTable = "sessions";

enum class ColumnKind { Int, Real, Text };

struct Column {
    std::string name;
    ColumnKind kind = ColumnKind::Text;
};

// From the declared type, SQLite's (INTEGER, REAL, TEXT, BLOB) or PostgreSQL's (bigint, double
// precision, text, boolean): the form a cell is read in, so both engines give the same value.
ColumnKind KindOfType(std::string type) {
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::toupper(c); });
    if (type.find("INT") != std::string::npos || type.find("BOOL") != std::string::npos) return ColumnKind::Int;
    if (type.find("REAL") != std::string::npos || type.find("DOUB") != std::string::npos ||
        type.find("FLOA") != std::string::npos || type.find("NUMERIC") != std::string::npos)
        return ColumnKind::Real;
    return ColumnKind::Text;
}

std::vector<Column> Columns(Database& db, const std::string& table) {
    Statement s = db.Prepare(db.dialect().table_columns);
    s.Bind(1, table);
    std::vector<Column> columns;
    while (s.Step()) columns.push_back({s.Text(0), KindOfType(s.Text(1))});
    return columns;
}

bool HasIntId(const std::vector<Column>& columns) {
    return std::any_of(columns.begin(), columns.end(),
                       [](const Column& c) { return c.name == "id" && c.kind == ColumnKind::Int; });
}

BulkValue Cell(const Statement& row, int column, ColumnKind kind) {
    if (row.IsNull(column)) return std::monostate{};
    switch (kind) {
        case ColumnKind::Int: return row.Int(column);
        case ColumnKind::Real: return row.Real(column);
        case ColumnKind::Text: return row.Text(column);
    }
    return std::monostate{};
}

// Calls `visit` with the table's rows in pages of at most kPageRows (by id where there is one,
// so that no engine holds a whole big table in memory at once).
void ForEachPage(Database& db, const std::string& table, const std::vector<Column>& columns,
                 const std::function<void(const BulkRows&)>& visit) {
    BulkRows page;
    std::string list;
    for (const Column& column : columns) {
        page.columns.push_back(column.name);
        list += (list.empty() ? "\"" : ", \"") + column.name + "\"";
    }
    const bool paged = HasIntId(columns);
    const std::string sql = "SELECT " + list + " FROM \"" + table + "\"" +
                            (paged ? " WHERE id > ? ORDER BY id LIMIT " + std::to_string(kPageRows) : "");
    Statement s = db.Prepare(sql);
    std::int64_t after = std::numeric_limits<std::int64_t>::min();
    const int id_column = static_cast<int>(std::find(page.columns.begin(), page.columns.end(), "id") - page.columns.begin());
    while (true) {
        if (paged) {
            s.Reset();
            s.Bind(1, after);
        }
        page.Clear();
        while (s.Step()) {
            for (std::size_t i = 0; i < columns.size(); ++i)
                page.cells.push_back(Cell(s, static_cast<int>(i), columns[i].kind));
            if (paged) after = s.Int(id_column);
        }
        if (page.Size() > 0) visit(page);
        if (!paged || page.Size() < static_cast<std::size_t>(kPageRows)) break;
    }
    s.Release();
}

void AddToDigest(TableDigest& digest, const BulkRows& rows) {
    const std::size_t width = rows.columns.size();
    std::string text;
    for (std::size_t row = 0; row < rows.Size(); ++row) {
        text.clear();
        for (std::size_t column = 0; column < width; ++column) {
            AppendCopyText(text, rows.cells[row * width + column]);
            text += column + 1 == width ? '\n' : '\t';
        }
        unsigned char hash[crypto_generichash_BYTES_MIN];
        crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                           nullptr, 0);
        std::uint64_t part = 0;
        std::memcpy(&part, hash, sizeof part);
        digest.sum += part;
        ++digest.rows;
    }
}

std::int64_t CountRows(Database& db, const std::string& table) {
    Statement s = db.Prepare("SELECT count(*) FROM \"" + table + "\"");
    s.Step();
    std::int64_t rows = s.Int(0);
    s.Release();
    return rows;
}

bool IsSeeded(const std::string& table) {
    return std::any_of(std::begin(kSeededTables), std::end(kSeededTables), [&](const char* t) { return table == t; });
}

// Refuses a target on another schema version or holding data; returns the tables both have.
std::set<std::string> Refuse(Database& from, Database& to, const std::vector<std::string>& tables) {
    const std::int64_t source_version = from.SchemaVersion();
    const std::int64_t target_version = to.SchemaVersion();
    if (source_version != target_version)
        throw CopyRefused("the schemas differ: " + from.Path() + " is at version " + std::to_string(source_version) +
                          ", " + to.Path() + " at " + std::to_string(target_version) +
                          " (start `tandem serve` once on the older one to migrate it)");
    std::vector<std::string> target_tables = TablesInLoadOrder(to);
    std::set<std::string> have(target_tables.begin(), target_tables.end());
    std::set<std::string> shared;
    for (const std::string& table : tables) {
        if (!have.contains(table)) continue;
        shared.insert(table);
        if (Columns(from, table).size() != Columns(to, table).size())
            throw CopyRefused("the table " + table + " has other columns in " + to.Path());
    }
    for (const std::string& table : target_tables) {
        if (IsSeeded(table)) continue;
        if (std::int64_t rows = CountRows(to, table))
            throw CopyRefused(to.Path() + " is not empty: its table " + table + " has " + std::to_string(rows) +
                              " rows; migrate into a new database");
    }
    return shared;
}

TableCopied CopyTable(Database& from, Database& to, const std::string& table) {
    TableCopied copied;
    copied.table = table;
    const std::vector<Column> columns = Columns(from, table);
    if (IsSeeded(table)) to.Exec("DELETE FROM \"" + table + "\"");
    BulkRows batch;
    for (const Column& column : columns) batch.columns.push_back(column.name);
    ForEachPage(from, table, columns, [&](const BulkRows& page) {
        AddToDigest(copied.source, page);
        batch.cells.insert(batch.cells.end(), page.cells.begin(), page.cells.end());
        if (batch.Size() >= kLoadRows) {
            to.BulkInsert(table, batch);
            batch.Clear();
        }
    });
    to.BulkInsert(table, batch);
    if (HasIntId(columns)) to.AdvanceIds(table);
    copied.target = DigestTable(to, table);
    return copied;
}

}  // namespace

std::vector<std::string> TablesInLoadOrder(Database& db) {
    std::vector<std::string> names;
    {
        Statement s = db.Prepare(db.dialect().list_tables);
        while (s.Step())
            if (s.Text(0) != kHistoryTable) names.push_back(s.Text(0));
    }
    std::sort(names.begin(), names.end());
    std::map<std::string, std::set<std::string>> needs;
    for (const std::string& table : names) {
        Statement s = db.Prepare(db.dialect().table_references);
        s.Bind(1, table);
        while (s.Step())
            if (s.Text(0) != table) needs[table].insert(s.Text(0));
    }
    std::vector<std::string> order;
    std::set<std::string> placed;
    while (order.size() < names.size()) {
        const std::size_t before = order.size();
        for (const std::string& table : names) {
            if (placed.contains(table)) continue;
            const std::set<std::string>& parents = needs[table];
            if (std::all_of(parents.begin(), parents.end(), [&](const std::string& p) { return placed.contains(p); })) {
                order.push_back(table);
                placed.insert(table);
            }
        }
        if (order.size() == before) throw StoreError("the tables' foreign keys form a cycle; they cannot be loaded in order");
    }
    return order;
}

TableDigest DigestTable(Database& db, const std::string& table) {
    TableDigest digest;
    ForEachPage(db, table, Columns(db, table), [&](const BulkRows& page) { AddToDigest(digest, page); });
    return digest;
}

std::string HexDigest(std::uint64_t sum) {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(sum));
    return text;
}

std::vector<TableCopied> CopyDatabase(Database& from, Database& to, const CopyOptions& options) {
    if (sodium_init() < 0) throw StoreError("libsodium cannot start");
    from.Begin();   // one snapshot of the source, however long the copy
    struct EndRead {
        Database& db;
        ~EndRead() {
            db.ResetCached();
            try {
                db.Rollback();
            } catch (const StoreError&) {
            }
        }
    } end_read{from};
    const std::vector<std::string> tables = TablesInLoadOrder(from);
    const std::set<std::string> shared = Refuse(from, to, tables);

    std::vector<TableCopied> report;
    WriteTransaction write(to);
    for (const std::string& table : tables) {
        const char* why = !shared.contains(table)                       ? "only this engine has it"
                          : table == kSessionsTable && !options.sessions ? "add --sessions to copy them"
                                                                          : nullptr;
        if (why) {
            TableCopied skipped{.table = table, .skipped = why};
            skipped.source.rows = CountRows(from, table);
            report.push_back(skipped);
        } else {
            report.push_back(CopyTable(from, to, table));
        }
        if (options.copied) options.copied(report.back());
    }
    if (std::all_of(report.begin(), report.end(), [](const TableCopied& t) { return t.Verified(); })) {
        write.Commit();
        if (*to.dialect().after_load) to.Exec(to.dialect().after_load);
    }
    return report;
}

}  // namespace tandem::store
