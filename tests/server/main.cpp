// doctest entry point for the server integration tests; after a full run it holds the routes the
// tests called against the server's OpenAPI document (see RouteCoverageProblems).
#define DOCTEST_CONFIG_IMPLEMENT
#include <csignal>
#include <cstdio>
#include <doctest/doctest.h>
#include <optional>
#include <stdexcept>
#include <string_view>

#include "real_parts.h"
#include "server_process.h"

namespace {

// A run narrowed by doctest's filters (or one that only lists or counts) calls only some routes;
// the coverage check would then report routes the full run does call.
bool IsFullRun(int argc, char** argv) {
    constexpr std::string_view kNarrowing[] = {
        "-tc", "-tce", "-sf", "-sfe", "-ts", "-tse", "-sc", "-sce", "-f=", "-l=", "-nr", "-c", "-ltc", "-lts", "-lr",
        "--test-case", "--test-case-exclude", "--source-file", "--source-file-exclude", "--test-suite",
        "--test-suite-exclude", "--subcase", "--subcase-exclude", "--first", "--last", "--no-run",
    };
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg.starts_with("--dt-")) arg = arg.substr(4);
        for (std::string_view option : kNarrowing) {
            if (arg == option || (arg.starts_with(option) && (arg[option.size()] == '=' || option.back() == '=')))
                return false;
        }
    }
    return true;
}

// Fetches the document from a fresh server, so the check does not depend on any test's server.
int CheckRouteCoverage() {
    using namespace tandem::test;
    nlohmann::json openapi;
    try {
        TempDir dir;
        ServerProcess server(dir.Path());
        httplib::Client client("127.0.0.1", server.Port());
        httplib::Result document = client.Get("/api/openapi.json");
        if (!document || document->status != 200) throw std::runtime_error("GET /api/openapi.json failed");
        openapi = nlohmann::json::parse(document->body);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "route coverage: cannot read the OpenAPI document: %s\n", e.what());
        return 1;
    }
    std::vector<RecordedCall> calls = RecordedCalls();
    std::vector<std::string> problems = RouteCoverageProblems(openapi, calls);
    std::size_t routes = 0;
    for (const auto& [path, operations] : openapi["paths"].items()) routes += operations.size();
    if (problems.empty()) {
        std::printf("[route coverage] %zu documented routes, %zu calls: every route called, refused and "
                    "answered as its document says\n",
                    routes, calls.size());
        return 0;
    }
    std::fprintf(stderr, "[route coverage] FAILED: %zu problems over %zu documented routes and %zu calls\n",
                 problems.size(), routes, calls.size());
    for (const std::string& problem : problems) std::fprintf(stderr, "  - %s\n", problem.c_str());
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    // A server that refuses a large body closes the socket while the client is still sending it;
    // that must be an error the test sees, not a signal that kills the test run.
    std::signal(SIGPIPE, SIG_IGN);
    doctest::Context context(argc, argv);
    // Under server.pg the whole run shares one PostgreSQL (see DatabaseFor).
    std::optional<tandem::test::PostgresRun> postgres;
    try {
        if (tandem::test::OnPostgres() && !context.shouldExit()) postgres.emplace();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "server.pg: cannot start PostgreSQL for the run: %s\n", e.what());
        return 1;
    }
    int result = context.run();
    if (context.shouldExit()) return result;
    if (!IsFullRun(argc, argv)) {
        std::printf("[route coverage] not checked: the run was narrowed by a filter\n");
        return result;
    }
    int coverage = CheckRouteCoverage();
    return result != 0 ? result : coverage;
}
