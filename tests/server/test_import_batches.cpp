// Imports that are harmless to the server: written in batches (each its own short transaction),
// recorded in GET /api/imports, resumable after a kill with an upsert, checked first in strict
// and dry-run mode, sent through the server with `tandem import --server`, and, when run on the
// server's own database file, announced to the server's dashboards.
#include <csignal>
#include <fstream>

#include <doctest/doctest.h>

#include "real_parts.h"
#include "server_process.h"

using namespace tandem::test;

namespace {

constexpr std::size_t kBatchRows = 4096;   // service::kImportBatchRows: rows read before a flush

// A file the import is still reading well after its second batch, on a busy machine too:
// PostgreSQL imports row by row for now (about 7,000 rows/s against SQLite's 50,000), so it needs
// fewer rows for as long a run, and more would only make the test layer slow.
std::size_t RowsStillImportingAfterTwoBatches() { return OnPostgres() ? 60000 : 300000; }

// A CSV of `rows` leads, k1@... to kN@..., created `created` (ISO); row `bad` (1-based, 0: none)
// has no valid email.
std::string LeadsCsv(const std::string& prefix, std::size_t rows, const std::string& created, std::size_t bad = 0) {
    std::string csv = "email,name,created_at\n";
    csv.reserve(rows * 48);
    for (std::size_t i = 1; i <= rows; ++i) {
        std::string number = std::to_string(i);
        csv += (i == bad ? "not-an-email" : prefix + number + "@example.com") + ",Person " + number + "," + created + "\n";
    }
    return csv;
}

std::filesystem::path WriteFile(const TempDir& dir, const std::string& name, const std::string& text) {
    std::filesystem::path path = dir.Path() / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

std::int64_t Count(const std::string& db, const std::string& sql) {
    std::string text = QueryText(db, sql);
    try {
        return std::stoll(text);
    } catch (const std::exception&) {
        return -1;   // the table is not there yet, or the database is busy being created
    }
}

}  // namespace

TEST_CASE("an import through the API is written in batches and recorded: who, how far, and how it ended") {
    DemoServer demo(0);
    ApiClient mark = demo.As("mark");
    const std::size_t rows = 2 * kBatchRows + 100;
    Reply reply = mark.Send("POST", "/api/leads/import", LeadsCsv("b", rows, "2026-11-02T09:00:00Z", 5000), "text/csv");
    REQUIRE(reply.status == 200);
    nlohmann::json report = reply.Json();
    CHECK(report["rows"] == rows);
    CHECK(report["imported"] == rows - 1);
    CHECK(report["rejected"] == 1);
    CHECK(report["errors"][0]["row"] == 5000);
    CHECK(report["dry_run"] == false);
    // At most 4,096 rows are read before they are written, and a batch may be cut shorter in time.
    CHECK(report["batches"].get<std::size_t>() >= 3);
    CHECK(report["committed_rows"] == rows);
    CHECK(report["committed_line"] == rows + 1);

    Reply imports = mark.Get("/api/imports");
    REQUIRE(imports.status == 200);
    nlohmann::json items = imports.Json()["items"];
    REQUIRE(items.size() == 1);
    nlohmann::json run = items[0];
    CHECK(run["id"] == report["import_id"]);
    CHECK(run["source"] == "upload");
    CHECK(run["mode"] == "insert");
    CHECK(run["by"] == demo.IdOf("mark"));
    CHECK(run["outcome"] == "done");
    CHECK(run["problem"] == "");
    CHECK(run["finished_at"].is_string());
    CHECK(run["batches"] == report["batches"]);
    CHECK(run["committed_rows"] == rows);
    CHECK(run["committed_line"] == rows + 1);
    CHECK(run["imported"] == rows - 1);
    CHECK(run["rejected"] == 1);
    const std::string db = demo.DbTarget();
    CHECK(Count(db, "SELECT count(*) FROM leads WHERE email LIKE 'b%@example.com'") == static_cast<std::int64_t>(rows - 1));
    // Who imported what is for those who may import.
    CHECK(ErrorOf(demo.As("rita").Get("/api/imports")).status == 403);
}

TEST_CASE("a dry run and a strict import check every row first, across batches, and write nothing when one is bad") {
    DemoServer demo(0);
    ApiClient mark = demo.As("mark");
    const std::string db = demo.DbTarget();
    REQUIRE(mark.Send("POST", "/api/leads/import", LeadsCsv("d", 3, "2026-11-02T09:00:00Z"), "text/csv").status == 200);

    // Two rows of leads we have, three new: nothing is written, the report says what would be.
    Reply dry = mark.Send("POST", "/api/leads/import?dry_run=true", LeadsCsv("d", 5, "2026-11-02T09:00:00Z"), "text/csv");
    REQUIRE(dry.status == 200);
    CHECK(dry.Json()["dry_run"] == true);
    CHECK(dry.Json()["import_id"] == 0);
    CHECK(dry.Json()["imported"] == 2);
    CHECK(dry.Json()["rejected"] == 3);
    CHECK(Count(db, "SELECT count(*) FROM leads WHERE email LIKE 'd%@example.com'") == 3);

    // A strict import whose last row repeats its first, a batch later: refused whole, by row.
    std::string csv = LeadsCsv("s", kBatchRows + 10, "2026-11-02T09:00:00Z");
    csv += "s1@example.com,Again,2026-11-02T09:00:00Z\n";
    Reply strict = mark.Send("POST", "/api/leads/import?strict=true", csv, "text/csv");
    REQUIRE(strict.status == 422);
    nlohmann::json rejected = strict.Json()["report"];
    CHECK(rejected["rejected"] == 1);
    CHECK(rejected["errors"][0]["row"] == kBatchRows + 11);
    CHECK(rejected["errors"][0]["field"] == "email");
    CHECK(Count(db, "SELECT count(*) FROM leads WHERE email LIKE 's%@example.com'") == 0);
    // Only the first import was ever written.
    CHECK(mark.Get("/api/imports").Json()["items"].size() == 1);
}

TEST_CASE("a killed import leaves whole batches, says which, and an upsert of the same file completes it") {
    TempDir dir;
    const std::string db = DatabaseFor(dir.Path());
    const std::size_t rows = RowsStillImportingAfterTwoBatches();
    const std::filesystem::path file = WriteFile(dir, "big.csv", LeadsCsv("k", rows, "2026-11-02T09:00:00Z"));
    BackgroundTandem import({"import", "--db", db, file.string()});
    REQUIRE(WaitUntil([&] { return Count(db, "SELECT batches FROM imports WHERE id = 1") >= 2 || !import.Running(); }));
    CommandResult killed = import.Stop(SIGKILL);
    REQUIRE(killed.exit_code == 128 + SIGKILL);

    const std::int64_t committed = Count(db, "SELECT rows_committed FROM imports WHERE id = 1");
    CHECK(committed > 0);
    CHECK(committed < static_cast<std::int64_t>(rows));
    CHECK(QueryText(db, "SELECT coalesce(outcome, 'none') FROM imports WHERE id = 1") == "none");
    // Exactly rows 1 to `committed` are in: no part of a batch, nothing beyond.
    CHECK(Count(db, "SELECT count(*) FROM leads") == committed);
    CHECK(Count(db, "SELECT max(CAST(replace(replace(email, 'k', ''), '@example.com', '') AS INTEGER)) FROM leads") == committed);

    CommandResult rerun = RunTandem({"import", "--db", db, "--mode", "upsert", file.string()});
    CHECK(rerun.exit_code == 0);
    CHECK(rerun.output.find("note: import 1 of big.csv (started ") != std::string::npos);
    CHECK(rerun.output.find("has not finished: rows 1 to " + std::to_string(committed) + " (to line " +
                            std::to_string(committed + 1) + ") are in") != std::string::npos);
    CHECK(rerun.output.find("imported " + std::to_string(rows - committed) + " of " + std::to_string(rows) + " rows") !=
          std::string::npos);
    CHECK(rerun.output.find("upsert: 0 updated, " + std::to_string(committed) + " unchanged") != std::string::npos);
    CHECK(Count(db, "SELECT count(DISTINCT email) FROM leads") == static_cast<std::int64_t>(rows));
    CHECK(Count(db, "SELECT count(*) FROM leads") == static_cast<std::int64_t>(rows));
    CHECK(QueryText(db, "SELECT outcome FROM imports WHERE id = 2") == "done");
}

TEST_CASE("a tandem import on the server's own database lets the server write meanwhile and shows it the new leads") {
    DemoServer demo(0);
    ApiClient rita = demo.As("rita");
    ApiClient maya = demo.As("maya");
    const std::string db = demo.DbTarget();
    const std::int64_t before = maya.Get("/api/scorecard").Json()["scorecard"]["total"]["leads"];
    const std::size_t rows = RowsStillImportingAfterTwoBatches() / 2;
    const std::filesystem::path file = WriteFile(demo.Dir(), "local.csv", LeadsCsv("c", rows, IsoAgo(60)));

    BackgroundTandem import({"import", "--db", db, file.string()});
    // The server's own writes go on from the moment the import opens the database (its first batch
    // must not trip over them) and between its batches; none fails or times out.
    int logged = 0;
    while (logged < 10 || (Count(db, "SELECT batches FROM imports") < 2 && import.Running())) {
        Reply reply = rita.Post("/api/feedback", {{"kind", "question"}, {"text", "Asked during an import " + std::to_string(logged)}});
        CHECK(reply.status == 201);
        ++logged;
    }
    CHECK(import.Running());   // the writes above happened while the import ran
    CommandResult done = import.Wait();
    INFO(done.output);
    CHECK(done.exit_code == 0);
    CHECK(done.output.find("imported " + std::to_string(rows) + " of " + std::to_string(rows) + " rows") != std::string::npos);

    // The server learns of the leads it did not write, and its scorecard counts them.
    CHECK(WaitUntil([&] {
        return maya.Get("/api/scorecard").Json()["scorecard"]["total"]["leads"] == before + static_cast<std::int64_t>(rows);
    }));
}

TEST_CASE("tandem import --server sends the file through the server, with its options, as the signed-in user") {
    DemoServer demo(0);
    ApiClient mark = demo.As("mark");
    Reply token = mark.Post("/api/tokens", {{"name", "import script"}});
    REQUIRE(token.status == 201);
    const std::string secret = token.Json()["secret"];
    const std::string server = "http://127.0.0.1:" + std::to_string(demo.Port());
    // Semicolons and day-first dates, as European Excel saves them.
    const std::filesystem::path file = WriteFile(demo.Dir(), "eu.csv",
                                                 "email;name;created_at\nr1@example.com;Renée;25/03/2026\n"
                                                 "r2@example.com;Zoë;05/03/2026\n");
    CommandResult result = RunTandem({"import", "--server", server, "--token", secret, "--date-order", "dmy", file.string()});
    CHECK(result.exit_code == 0);
    CHECK(result.output.find("imported 2 of 2 rows through " + server) != std::string::npos);
    nlohmann::json run = mark.Get("/api/imports").Json()["items"][0];
    CHECK(run["source"] == "upload");
    CHECK(run["by"] == demo.IdOf("mark"));
    CHECK(run["imported"] == 2);
    std::vector<nlohmann::json> leads = AllLeads(mark, "q=r2%40example.com");
    REQUIRE(leads.size() == 1);
    CHECK(leads[0]["name"] == "Zoë");
    CHECK(leads[0]["created_at"].get<std::string>().starts_with("2026-03-05"));

    // Strict and refused: the server's report, by row; nothing written; the exit status of a refusal.
    const std::filesystem::path bad = WriteFile(demo.Dir(), "bad.csv", "email\nr3@example.com\nnot-an-email\n");
    CommandResult refused = RunTandem({"import", "--server", server, "--token", secret, "--strict", bad.string()});
    CHECK(refused.exit_code == 6);
    CHECK(refused.output.find("row 2 (line 3): email: ") != std::string::npos);
    CHECK(AllLeads(mark, "q=r3%40example.com").empty());
    // Through the server or into a file: one of them.
    CHECK(RunTandem({"import", "--server", server, "--db", "x.db", file.string()}).exit_code == 2);
}
