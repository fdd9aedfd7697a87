// contrib/: the systemd units pass `systemd-analyze verify` as shipped, and tandem.env lists
// exactly the variables `tandem serve --help` does, so a new option cannot be left out of it.
#include <cstdio>
#include <doctest/doctest.h>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <sys/wait.h>

#include "server_process.h"

using tandem::test::CommandResult;
using tandem::test::TempDir;

namespace {

const std::filesystem::path kContrib = std::filesystem::path(TANDEM_SOURCE_DIR) / "contrib";

std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    REQUIRE_MESSAGE(file, path.string());
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

// A shell command's exit code and everything it wrote.
CommandResult Shell(const std::string& command) {
    CommandResult result;
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    REQUIRE(pipe);
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
    int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

std::set<std::string> Matches(const std::string& text, const std::regex& pattern, int group = 0) {
    std::set<std::string> found;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern); it != std::sregex_iterator(); ++it)
        found.insert((*it)[group].str());
    return found;
}

}  // namespace

TEST_CASE("the service units pass systemd-analyze verify without a warning") {
    TempDir dir;
    std::string unit = ReadFile(kContrib / "tandem.service");
    // verify checks that ExecStart's program exists: the built binary stands in for the installed one.
    const std::string exec = "\nExecStart=/usr/local/bin/tandem serve\n";
    std::size_t at = unit.find(exec);
    REQUIRE(at != std::string::npos);
    unit.replace(at, exec.size(), "\nExecStart=" TANDEM_BINARY " serve\n");
    std::ofstream(dir / "tandem.service", std::ios::binary) << unit;
    for (const char* name : {"tandem-backup.service", "tandem-backup.timer"})
        std::filesystem::copy_file(kContrib / name, dir / name);

    CommandResult verify = Shell("systemd-analyze verify " + (dir / "tandem.service").string() + " " +
                                 (dir / "tandem-backup.service").string() + " " + (dir / "tandem-backup.timer").string());
    CHECK(verify.exit_code == 0);
    CHECK(verify.output == "");
}

TEST_CASE("the service runs as its own user with the hardening the docs describe") {
    std::string unit = ReadFile(kContrib / "tandem.service");
    for (const char* line : {"User=tandem", "ProtectSystem=strict", "ReadWritePaths=/var/lib/tandem", "StateDirectory=tandem",
                             "NoNewPrivileges=yes", "PrivateTmp=yes", "ProtectHome=yes",
                             "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX", "CapabilityBoundingSet=",
                             "SystemCallFilter=@system-service", "EnvironmentFile=/etc/tandem/tandem.env",
                             "Restart=on-failure", "KillSignal=SIGTERM", "TimeoutStopSec=10"}) {
        CHECK_MESSAGE(unit.find("\n" + std::string(line) + "\n") != std::string::npos, line);
    }
    CHECK(unit.find("\nDynamicUser=") == std::string::npos);
}

TEST_CASE("tandem.env lists every TANDEM_* variable of tandem serve --help, and no other") {
    CommandResult help = tandem::test::RunTandem({"serve", "--help"});
    REQUIRE(help.exit_code == 0);
    std::set<std::string> served = Matches(help.output, std::regex("TANDEM_[A-Z_]+"));
    CHECK(served.size() >= 20);
    std::string env = ReadFile(kContrib / "tandem.env");
    // Each one as a commented-out assignment of its default, under a line that says what it does.
    std::set<std::string> listed = Matches(env, std::regex(R"((^|\n)#(TANDEM_[A-Z_]+)=)"), 2);
    for (const std::string& variable : served)
        CHECK_MESSAGE(listed.count(variable) == 1, (variable + " is missing from contrib/tandem.env"));
    for (const std::string& variable : Matches(env, std::regex("TANDEM_[A-Z_]+")))
        CHECK_MESSAGE(served.count(variable) == 1, (variable + " in contrib/tandem.env is not in tandem serve --help"));
}
