// Runs build/tandem as a child process for a test: a fresh temporary folder, a free loopback
// port read from the server's own "listening on" line, and its log kept for assertions.
#pragma once

#include <filesystem>
#include <mutex>
#include <string>
#include <sys/types.h>
#include <thread>
#include <vector>

namespace tandem::test {

// A temporary folder, removed with everything in it at the end of the test.
class TempDir {
public:
    TempDir();
    ~TempDir();
    const std::filesystem::path& Path() const { return m_path; }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

struct CommandResult {
    int exit_code = -1;
    std::string output;   // stdout and stderr together
};

// Sends raw bytes to 127.0.0.1:port and returns everything the server answers until it closes
// the connection (or 5 s pass): for requests an HTTP client library would not send.
std::string RawExchange(int port, const std::string& request);

// Runs `tandem ARGS...` to completion.
CommandResult RunTandem(const std::vector<std::string>& args);

class ServerProcess {
public:
    // Starts `tandem serve --port 0 --db <dir>/tandem.db` plus `extra` arguments and waits until
    // it listens; throws std::runtime_error with the server's output if it does not.
    explicit ServerProcess(const std::filesystem::path& dir, std::vector<std::string> extra = {});
    ~ServerProcess();

    int Port() const { return m_port; }
    std::string Log();
    // Sends the signal and waits; returns the exit code (or 128 + signal if killed by one).
    int Stop(int signal);

private:
    pid_t m_pid = -1;
    int m_port = 0;
    int m_output = -1;
    std::thread m_reader;
    std::mutex m_mutex;
    std::string m_log;
};

}  // namespace tandem::test
