// The real outside systems a deployment puts around Tandem, started by the tests themselves in a
// temporary folder: certificates made with the openssl command line, Debian's nginx as the
// reverse proxy and Debian's PostgreSQL as the database server, each on a loopback port.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <sys/types.h>
#include <thread>
#include <vector>

namespace tandem::test {

// A private CA and a server certificate it signed, for localhost and 127.0.0.1.
struct TestCertificates {
    explicit TestCertificates(const std::filesystem::path& dir);
    std::filesystem::path ca;          // PEM, to trust
    std::filesystem::path cert;        // PEM chain of the server
    std::filesystem::path key;
};

// `node tests/support/SCRIPT ARGS...` (a real part from npm: a webhook receiver, a mail server),
// stopped with SIGTERM at the end. Waits for the first line it prints: the line says where it listens.
class NodeScript {
public:
    NodeScript(const std::string& script, const std::vector<std::string>& args = {});
    ~NodeScript();
    NodeScript(const NodeScript&) = delete;
    NodeScript& operator=(const NodeScript&) = delete;

    const std::string& FirstLine() const { return m_line; }

private:
    pid_t m_pid = -1;
    std::string m_line;
};

// Polls `done` until it holds; false after the guard (generous: tests wait for what arrives, not
// for how fast).
bool WaitUntil(const std::function<bool()>& done, std::chrono::seconds guard = std::chrono::seconds(90));

// A port nothing listens on right now (bound and released), for a server that must be told its
// port before it starts.
int FreePort();

// nginx in front of a Tandem server, configured the way docs/operations.md tells admins: TLS
// terminated with `certificates` (or plain HTTP without), the usual proxy_set_header lines, no
// buffering for the event stream. It connects to Tandem from `source_address` (so a test can
// trust that address alone, and the test client, on 127.0.0.1, is an ordinary client).
class NginxProxy {
public:
    NginxProxy(const std::filesystem::path& dir, int upstream_port, const TestCertificates* certificates,
               const std::string& source_address = "127.0.0.2");
    ~NginxProxy();

    int Port() const { return m_port; }
    std::string ErrorLog() const;

private:
    std::filesystem::path m_dir;
    pid_t m_pid = -1;
    int m_port = 0;
};

// The configuration docs/operations.md shows, with the test's ports and paths filled in.
std::string NginxConfig(const std::filesystem::path& dir, int port, int upstream_port,
                        const TestCertificates* certificates, const std::string& source_address);

// A PostgreSQL cluster of its own from Debian's package (never the system's "main" cluster):
// initdb into a temporary folder, the server on a free loopback port with its socket in that
// folder, trust authentication for the role `tandem`, C.UTF-8 (text in code point order, as
// SQLite compares it), fsync off. PostgreSQL refuses to run as root, so under root it runs as the
// `postgres` system user. The destructor stops it and removes the folder, also after a failed test.
class PostgresCluster {
public:
    PostgresCluster();
    ~PostgresCluster();
    PostgresCluster(const PostgresCluster&) = delete;
    PostgresCluster& operator=(const PostgresCluster&) = delete;

    // Creates an empty database; its URL, postgresql://tandem@127.0.0.1:PORT/NAME.
    std::string CreateDatabase(const std::string& name);
    std::string Url(const std::string& database) const;

    int Port() const { return m_port; }
    const std::filesystem::path& Dir() const { return m_dir; }
    pid_t Postmaster() const { return m_postmaster; }
    std::string Log() const;

    // An outage: stops the server (fast shutdown, ending every connection), keeping its data;
    // StartServer brings it back on the same port.
    void StopServer();
    void StartServer();

private:
    void Stop();

    std::filesystem::path m_dir;
    std::filesystem::path m_bin;   // /usr/lib/postgresql/<version>/bin
    int m_port = 0;
    pid_t m_postmaster = -1;
};

// Runs `sql` (one or more statements) on the database at `url` through libpq and returns the
// rows of the last one as text, NULL as "". Throws std::runtime_error with PostgreSQL's message.
std::vector<std::vector<std::string>> PgQuery(const std::string& url, const std::string& sql);

// Whether a process with this id runs (a zombie does not: it has exited, unreaped).
bool ProcessRuns(pid_t pid);

// ---------------------------------------------------------------------------------------------
// The engine under test: SQLite files, or with TANDEM_TEST_ENGINE=postgresql (ctest's server.pg)
// databases in one PostgresCluster for the whole run. Tests name a database by its folder and
// never by engine; the few that test SQLite itself skip on PostgreSQL.
// ---------------------------------------------------------------------------------------------

bool OnPostgres();

// The run's cluster and a template database the real binary migrated, which each test database
// copies (CREATE DATABASE ... TEMPLATE: a file copy, no migration). A copy still takes a few
// tenths of a second, so a thread keeps two ready and drops the ones tests are done with while
// the tests run. main() holds one for the whole run when OnPostgres().
class PostgresRun {
public:
    PostgresRun();
    ~PostgresRun();
    PostgresRun(const PostgresRun&) = delete;
    PostgresRun& operator=(const PostgresRun&) = delete;

    // A fresh database's URL, with this installation's own id; Release() drops it later.
    std::string Take();
    void Release(const std::string& url);

private:
    std::string Copy();
    void Work();

    PostgresCluster m_cluster;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::string> m_ready;     // URLs of copies no test has yet
    std::vector<std::string> m_done;     // URLs to drop
    int m_copies = 0;
    bool m_stopping = false;
    std::thread m_worker;
};

// The database of the test folder `dir`, as `--db` takes it: dir/tandem.db on SQLite, on
// PostgreSQL the URL of a fresh database made for that folder on first use (the same one after).
std::string DatabaseFor(const std::filesystem::path& dir);
// Drops the folder's PostgreSQL database, if it has one (TempDir's destructor).
void ReleaseDatabaseFor(const std::filesystem::path& dir);

// On PostgreSQL: returns true, and prints `why` the first time, for
// `if (SkipUnlessSqlite("why")) return;` at the top of a test of SQLite itself.
bool SkipUnlessSqlite(const std::string& why);

}  // namespace tandem::test
