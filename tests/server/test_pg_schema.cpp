// PostgreSQL's migrations (native/store/postgres/pg_migrations.cpp) against SQLite's: applied in a
// real PostgreSQL cluster, they must end in the schema a database Tandem migrated has.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <set>
#include <sqlite3.h>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "real_parts.h"
#include "server_process.h"
#include "store/postgres/pg_migrations.h"

using namespace tandem::test;
using tandem::store::postgres::kPgNowUtcText;
using tandem::store::postgres::kPgSchemaMigrationsTable;
using tandem::store::postgres::PgMigrations;

namespace {

constexpr int kSchemaVersion = 16;

// A table as either engine describes it, in words that name what differs.
struct TableShape {
    std::vector<std::string> columns;      // "email text NOT NULL", in column order
    std::string primary_key;               // "(user_id, kind)"
    std::set<std::string> indexes;         // "UNIQUE (email)", "INDEX leads_stage (stage, id)", "... WHERE crm_id<>''"
    std::set<std::string> foreign_keys;    // "(lead_id) -> leads(id) ON DELETE CASCADE"
    std::set<std::string> checks;          // "kind IN ('assign', 'claim', 'round_robin')"
};
using Schema = std::map<std::string, TableShape>;

// The engines write the same expression differently: PostgreSQL adds casts and parentheses.
std::string Normalized(std::string text) {
    for (std::string_view cast : {"::text", "::bigint"})
        for (std::size_t at; (at = text.find(cast)) != std::string::npos;) text.erase(at, cast.size());
    std::erase_if(text, [](char c) { return c == ' ' || c == '(' || c == ')' || c == '\n'; });
    return text;
}

std::string Joined(const std::vector<std::string>& words) {
    std::string text;
    for (const std::string& word : words) text += (text.empty() ? "" : ", ") + word;
    return "(" + text + ")";
}

std::string ColumnAt(const TableShape& table, std::size_t i) {
    return i < table.columns.size() ? table.columns[i] : "(no such column)";
}

std::set<std::string> Minus(const std::set<std::string>& from, const std::set<std::string>& taken) {
    std::set<std::string> rest;
    std::ranges::set_difference(from, taken, std::inserter(rest, rest.end()));
    return rest;
}

std::string Listed(const std::set<std::string>& items) {
    return items.empty() ? "nothing" : Joined(std::vector<std::string>(items.begin(), items.end()));
}

// Every CHECK here is `column IN (literals)`: as one text with the literals sorted, whichever
// engine's words it came in (PostgreSQL says `column = ANY (ARRAY['a'::text, ...])`).
std::string ValueCheck(const std::string& column, const std::string& list) {
    std::set<std::string> values;
    static const std::regex kLiteral("'[^']*'");
    for (std::sregex_iterator it(list.begin(), list.end(), kLiteral), end; it != end; ++it) values.insert(it->str());
    return column + " IN " + Listed(values);
}

// ---------------------------------------------------------------------------------------------
// SQLite, read through its pragmas
// ---------------------------------------------------------------------------------------------

std::vector<std::vector<std::string>> SqliteRows(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK)
        throw std::runtime_error(std::string(sqlite3_errmsg(db)) + " in: " + sql);
    std::vector<std::vector<std::string>> rows;
    while (sqlite3_step(statement) == SQLITE_ROW) {
        rows.emplace_back();
        for (int column = 0; column < sqlite3_column_count(statement); ++column) {
            const unsigned char* text = sqlite3_column_text(statement, column);
            rows.back().emplace_back(text ? reinterpret_cast<const char*>(text) : "");
        }
    }
    sqlite3_finalize(statement);
    return rows;
}

// The PostgreSQL type each SQLite declared type translates to (pg_migrations.cpp says why BLOB is text).
std::string PgTypeOf(const std::string& sqlite_type) {
    static const std::map<std::string, std::string> kTypes = {
        {"INTEGER", "bigint"}, {"REAL", "double precision"}, {"TEXT", "text"}, {"BLOB", "text"}};
    auto type = kTypes.find(sqlite_type);
    return type == kTypes.end() ? "untranslated " + sqlite_type : type->second;
}

Schema SqliteSchema(const std::filesystem::path& path) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
        throw std::runtime_error("cannot open " + path.string());
    Schema schema;
    for (const auto& table : SqliteRows(db, "SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND "
                                            "type = 'table' AND name NOT LIKE 'sqlite_%'")) {
        const std::string& name = table[0];
        bool without_rowid = table[1] == "1";
        TableShape& shape = schema[name];
        auto columns = SqliteRows(db, "SELECT name, type, \"notnull\", coalesce(dflt_value, ''), pk FROM pragma_table_info('" +
                                          name + "') ORDER BY cid");
        std::map<int, std::string> key;
        for (const auto& column : columns)
            if (column[4] != "0") key[std::stoi(column[4])] = column[0];
        // A rowid table's INTEGER PRIMARY KEY is the rowid: never NULL, numbered by the engine.
        bool rowid_key = !without_rowid && key.size() == 1;
        for (const auto& column : columns) {
            bool is_key = column[4] != "0";
            bool rowid_alias = rowid_key && is_key && column[1] == "INTEGER";
            // SQLite lets a rowid table's other key columns hold NULL (a legacy quirk); PostgreSQL does not.
            bool not_null = column[2] == "1" || (is_key && (without_rowid || rowid_alias));
            std::string text = column[0] + " " + PgTypeOf(column[1]) + (not_null ? " NOT NULL" : "");
            if (!column[3].empty()) text += " DEFAULT " + Normalized(column[3]);
            // The code lets the engine number the rows of a table keyed by `id` (INSERT ... RETURNING id).
            if (rowid_alias && column[0] == "id") text += " IDENTITY";
            shape.columns.push_back(text);
        }
        std::vector<std::string> key_columns;
        for (const auto& [position, column] : key) key_columns.push_back(column);
        shape.primary_key = Joined(key_columns);

        for (const auto& index : SqliteRows(db, "SELECT name, \"unique\", origin FROM pragma_index_list('" + name + "')")) {
            if (index[2] == "pk") continue;
            std::vector<std::string> indexed;
            for (const auto& column : SqliteRows(db, "SELECT name FROM pragma_index_info('" + index[0] + "') ORDER BY seqno"))
                indexed.push_back(column[0]);
            if (index[2] == "u") {
                shape.indexes.insert("UNIQUE " + Joined(indexed));
                continue;
            }
            std::string sql = SqliteRows(db, "SELECT sql FROM sqlite_master WHERE name = '" + index[0] + "'")[0][0];
            std::size_t where = sql.find(" WHERE ");
            shape.indexes.insert(std::string(index[1] == "1" ? "UNIQUE " : "") + "INDEX " + index[0] + " " + Joined(indexed) +
                                 (where == std::string::npos ? "" : " WHERE " + Normalized(sql.substr(where + 7))));
        }

        std::string create = SqliteRows(db, "SELECT sql FROM sqlite_master WHERE name = '" + name + "'")[0][0];
        static const std::regex kCheck(R"(CHECK \((\w+) IN \(([^)]*)\)\))");
        for (std::sregex_iterator it(create.begin(), create.end(), kCheck), end; it != end; ++it)
            shape.checks.insert(ValueCheck((*it)[1], (*it)[2]));
        std::size_t written = 0;
        for (std::size_t at = 0; (at = create.find("CHECK", at)) != std::string::npos; at += 5) ++written;
        if (written != shape.checks.size()) shape.checks.insert("a CHECK of another form: compare it by hand");

        std::map<int, std::vector<std::vector<std::string>>> keys;   // by foreign key id, its column pairs
        for (const auto& pair : SqliteRows(db, "SELECT id, \"table\", \"from\", \"to\", on_delete FROM "
                                               "pragma_foreign_key_list('" + name + "') ORDER BY id, seq"))
            keys[std::stoi(pair[0])].push_back(pair);
        for (const auto& [id, pairs] : keys) {
            std::vector<std::string> from, to;
            for (const auto& pair : pairs) {
                from.push_back(pair[2]);
                to.push_back(pair[3]);
            }
            shape.foreign_keys.insert(Joined(from) + " -> " + pairs[0][1] + Joined(to) + " ON DELETE " + pairs[0][4]);
        }
    }
    sqlite3_close(db);
    return schema;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL, read from its catalogs
// ---------------------------------------------------------------------------------------------

// Column names of an int2vector / int2[] of attribute numbers, in order, as "a, b".
std::string AttributeNames(const std::string& numbers, const std::string& relation) {
    return "(SELECT string_agg(a.attname, ', ' ORDER BY k.n) FROM unnest(" + numbers +
           "::int2[]) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a ON a.attrelid = " + relation +
           " AND a.attnum = k.attnum)";
}

std::string DeleteAction(const std::string& code) {
    static const std::map<std::string, std::string> kActions = {
        {"a", "NO ACTION"}, {"r", "RESTRICT"}, {"c", "CASCADE"}, {"n", "SET NULL"}, {"d", "SET DEFAULT"}};
    return kActions.at(code);
}

Schema PgSchema(const std::string& url) {
    Schema schema;
    for (const auto& table : PgQuery(url, "SELECT table_name FROM information_schema.tables "
                                          "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
        const std::string& name = table[0];
        TableShape& shape = schema[name];
        for (const auto& column : PgQuery(url, "SELECT column_name, data_type, is_nullable, coalesce(column_default, ''), "
                                               "is_identity FROM information_schema.columns WHERE table_schema = 'public' "
                                               "AND table_name = '" + name + "' ORDER BY ordinal_position")) {
            std::string text = column[0] + " " + column[1] + (column[2] == "NO" ? " NOT NULL" : "");
            if (!column[3].empty()) text += " DEFAULT " + Normalized(column[3]);
            if (column[4] == "YES") text += " IDENTITY";
            shape.columns.push_back(text);
        }
        // Indexes with the constraint that made them, if any (a foreign key's conindid is the
        // referenced table's index, hence conrelid).
        for (const auto& index : PgQuery(url,
                 "SELECT i.relname, x.indisunique, coalesce(c.contype::text, ''), "
                 "coalesce(pg_get_expr(x.indpred, x.indrelid), ''), " + AttributeNames("x.indkey", "x.indrelid") +
                 " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                 "LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid "
                 "AND c.contype IN ('p', 'u') WHERE x.indrelid = 'public." + name + "'::regclass")) {
            std::string columns = "(" + index[4] + ")";
            if (index[2] == "p")
                shape.primary_key = columns;
            else if (index[2] == "u")
                shape.indexes.insert("UNIQUE " + columns);
            else
                shape.indexes.insert(std::string(index[1] == "t" ? "UNIQUE " : "") + "INDEX " + index[0] + " " + columns +
                                     (index[3].empty() ? "" : " WHERE " + Normalized(index[3])));
        }
        for (const auto& key : PgQuery(url, "SELECT " + AttributeNames("c.conkey", "c.conrelid") + ", r.relname, " +
                                                AttributeNames("c.confkey", "c.confrelid") +
                                                ", c.confdeltype FROM pg_constraint c JOIN pg_class r ON r.oid = c.confrelid "
                                                "WHERE c.contype = 'f' AND c.conrelid = 'public." + name + "'::regclass"))
            shape.foreign_keys.insert("(" + key[0] + ") -> " + key[1] + "(" + key[2] + ") ON DELETE " + DeleteAction(key[3]));
        static const std::regex kCheck(R"(CHECK \(\((\w+) = ANY \(ARRAY\[(.*)\]\)\)\))");
        for (const auto& check : PgQuery(url, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'c' "
                                              "AND conrelid = 'public." + name + "'::regclass")) {
            std::smatch match;
            shape.checks.insert(std::regex_match(check[0], match, kCheck) ? ValueCheck(match[1], match[2]) : check[0]);
        }
    }
    return schema;
}

// Every migration in order, each in its own transaction with its schema_migrations row, as
// Tandem's Migrate does.
void ApplyPgMigrations(const std::string& url) {
    PgQuery(url, std::string(kPgSchemaMigrationsTable));
    for (const auto& migration : PgMigrations()) {
        INFO("PostgreSQL migration ", migration.version, " ", migration.name);
        PgQuery(url, "BEGIN;\n" + std::string(migration.sql) +
                         ";\nINSERT INTO schema_migrations (version, name, applied_at) VALUES (" +
                         std::to_string(migration.version) + ", '" + std::string(migration.name) + "', " +
                         std::string(kPgNowUtcText) + ");\nCOMMIT;");
    }
}

// Processes whose command line names `dir` (a postmaster started with -D there).
std::vector<std::string> ProcessesIn(const std::filesystem::path& dir) {
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        std::ifstream in(entry.path() / "cmdline");
        std::string line;
        std::getline(in, line);
        if (line.find(dir.string()) != std::string::npos) found.push_back(entry.path().filename().string() + " " + line);
    }
    return found;
}

}  // namespace

TEST_CASE("PostgreSQL's migrations end in the schema SQLite's do, and the cluster leaves nothing behind") {
    if (SkipUnlessSqlite("the schema comparison reads the SQLite database a server makes beside its own cluster")) return;
    REQUIRE(PgMigrations().size() == kSchemaVersion);

    TempDir dir;
    { ServerProcess migrated(dir.Path()); }
    Schema sqlite = SqliteSchema(dir / "tandem.db");
    auto sqlite_history = QueryText(dir / "tandem.db", "SELECT group_concat(version || ' ' || name, ', ') FROM "
                                                       "(SELECT version, name FROM schema_migrations ORDER BY version)");

    pid_t postmaster = -1;
    std::filesystem::path cluster_dir;
    {
        PostgresCluster cluster;
        postmaster = cluster.Postmaster();
        cluster_dir = cluster.Dir();
        REQUIRE(ProcessRuns(postmaster));
        std::string url = cluster.CreateDatabase("schema_check");
        ApplyPgMigrations(url);
        Schema pg = PgSchema(url);

        // The same numbered, named history on both.
        auto pg_history = PgQuery(url, "SELECT string_agg(version || ' ' || name, ', ' ORDER BY version) FROM schema_migrations");
        CHECK(pg_history[0][0] == sqlite_history);
        CHECK(sqlite_history.starts_with("1 settings, 2 domain, 3 definition_ops, "));
        CHECK(sqlite_history.ends_with(", 15 shared_sign_in_and_presence, 16 stage_history_by_stage"));

        std::set<std::string> sqlite_tables, pg_tables;
        for (const auto& [name, shape] : sqlite) sqlite_tables.insert(name);
        for (const auto& [name, shape] : pg) pg_tables.insert(name);
        CHECK_MESSAGE(pg_tables == sqlite_tables, "PostgreSQL lacks ", Listed(Minus(sqlite_tables, pg_tables)),
                      " and has besides ", Listed(Minus(pg_tables, sqlite_tables)));
        CHECK(sqlite_tables.size() == 29);   // 28 from the migrations, and schema_migrations

        for (const auto& [name, expected] : sqlite) {
            if (!pg.contains(name)) continue;
            const TableShape& actual = pg.at(name);
            INFO("table ", name);
            for (std::size_t i = 0; i < std::max(actual.columns.size(), expected.columns.size()); ++i) {
                INFO("column ", i + 1);
                CHECK(ColumnAt(actual, i) == ColumnAt(expected, i));
            }
            CHECK(actual.primary_key == expected.primary_key);
            CHECK_MESSAGE(actual.indexes == expected.indexes, "PostgreSQL lacks ", Listed(Minus(expected.indexes, actual.indexes)),
                          " and has besides ", Listed(Minus(actual.indexes, expected.indexes)));
            CHECK_MESSAGE(actual.foreign_keys == expected.foreign_keys, "PostgreSQL lacks ",
                          Listed(Minus(expected.foreign_keys, actual.foreign_keys)), " and has besides ",
                          Listed(Minus(actual.foreign_keys, expected.foreign_keys)));
            CHECK_MESSAGE(actual.checks == expected.checks, "PostgreSQL lacks ", Listed(Minus(expected.checks, actual.checks)),
                          " and has besides ", Listed(Minus(actual.checks, expected.checks)));
        }
        // The shapes compared are the ones we meant to compare.
        CHECK(sqlite.at("leads").columns.front() == "id bigint NOT NULL IDENTITY");
        CHECK(sqlite.at("leads").columns.back() == "crm_id text NOT NULL DEFAULT ''");
        CHECK(sqlite.at("sessions").columns.front() == "id_hash text NOT NULL");
        CHECK(Listed(sqlite.at("definitions").indexes) == "(UNIQUE INDEX definitions_one_each (status) WHERE status<>'retired')");
        CHECK(sqlite.at("email_opt_ins").primary_key == "(user_id, kind)");
        CHECK(Listed(sqlite.at("imports").checks) == "(mode IN ('insert', 'upsert'), outcome IN ('done', 'failed'))");
        CHECK(Listed(sqlite.at("password_resets").foreign_keys) ==
              "((created_by) -> users(id) ON DELETE SET NULL, (user_id) -> users(id) ON DELETE CASCADE)");

        // The data the migrations write.
        auto settings = PgQuery(url, "SELECT key, value FROM settings ORDER BY key");
        REQUIRE(settings.size() == 3);
        CHECK(settings[0][0] == "created_at");
        CHECK(std::regex_match(settings[0][1], std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
        CHECK(settings[1][0] == "installation_id");
        CHECK(std::regex_match(settings[1][1], std::regex("[0-9a-f]{32}")));
        CHECK(settings[2] == std::vector<std::string>{"sla_first_response_hours", "24"});

        // Engine-numbered keys still take the ids an import or a restore brings.
        auto numbered = PgQuery(url, "INSERT INTO users (email, name, role, created_at) VALUES "
                                     "('a@example.com', 'A', 'admin', 0) RETURNING id");
        CHECK(numbered[0][0] == "1");
        auto given = PgQuery(url, "INSERT INTO users (id, email, name, role, created_at) VALUES "
                                  "(40, 'b@example.com', 'B', 'admin', 0) RETURNING id");
        CHECK(given[0][0] == "40");
    }
    CHECK_FALSE(ProcessRuns(postmaster));
    CHECK(ProcessesIn(cluster_dir).empty());
    CHECK_FALSE(std::filesystem::exists(cluster_dir));
}
