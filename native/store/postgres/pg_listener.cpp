// LISTEN over libpq: poll on the connection's socket, PQconsumeInput, PQnotifies.
#include "store/postgres/pg_listener.h"

#include <algorithm>
#include <chrono>
#include <utility>
#include <libpq-fe.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "log.h"

namespace tandem::store::postgres {

namespace {

constexpr auto kFirstRetry = std::chrono::milliseconds(100);
constexpr auto kLastRetry = std::chrono::milliseconds(2000);

void IgnoreNotice(void*, const char*) {}

}  // namespace

PgListener::PgListener(std::string url, std::vector<std::string> channels, Callbacks callbacks)
    : m_url(std::move(url)), m_channels(std::move(channels)), m_callbacks(std::move(callbacks)),
      m_wake(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

PgListener::~PgListener() {
    Stop();
    if (m_wake >= 0) close(m_wake);
}

// The first connection is made here, so the server reports itself connected from its first request.
void PgListener::Start() {
    if (m_thread.joinable()) return;
    PGconn* first = PQconnectdb(m_url.c_str());
    m_connected = PQstatus(first) == CONNECTION_OK;
    m_thread = std::thread([this, first] { Loop(first); });
}

void PgListener::Stop() {
    m_stopping = true;
    std::uint64_t one = 1;
    if (write(m_wake, &one, sizeof one) < 0) {
        // The counter cannot overflow from one write; nothing else can fail here.
    }
    if (m_thread.joinable()) m_thread.join();
}

void PgListener::Loop(PGconn* first) {
    auto retry = kFirstRetry;
    bool reported = false;
    while (!m_stopping) {
        PGconn* conn = first ? std::exchange(first, nullptr) : PQconnectdb(m_url.c_str());
        PQsetNoticeProcessor(conn, &IgnoreNotice, nullptr);
        bool served = PQstatus(conn) == CONNECTION_OK && Serve(conn);
        PQfinish(conn);
        m_connected = false;
        if (m_stopping) break;
        if (served) {
            retry = kFirstRetry;
            reported = false;
            LogLine("warning: lost the connection that listens to PostgreSQL; reconnecting");
        } else if (!reported) {
            LogLine("warning: cannot listen to PostgreSQL; retrying until it answers");
            reported = true;
        }
        pollfd wake{m_wake, POLLIN, 0};
        poll(&wake, 1, static_cast<int>(retry.count()));
        retry = std::min(retry * 2, kLastRetry);
    }
    PQfinish(first);   // stopped before it was used (PQfinish takes null)
}

bool PgListener::Serve(PGconn* conn) {
    for (const std::string& channel : m_channels) {
        PGresult* result = PQexec(conn, ("LISTEN " + channel).c_str());
        bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
        PQclear(result);
        if (!ok) return false;
    }
    m_connected = true;
    try {
        m_callbacks.connected();
    } catch (const std::exception& e) {
        LogLine(std::string("warning: catching up with PostgreSQL failed: ") + e.what());
        return false;   // reconnect after a pause and try again
    }
    pollfd fds[2] = {{PQsocket(conn), POLLIN, 0}, {m_wake, POLLIN, 0}};
    while (!m_stopping) {
        if (poll(fds, 2, -1) < 0) continue;   // EINTR
        if (m_stopping) break;
        if (!PQconsumeInput(conn) || PQstatus(conn) != CONNECTION_OK) return true;
        while (PGnotify* notify = PQnotifies(conn)) {
            std::string channel = notify->relname, payload = notify->extra;
            PQfreemem(notify);
            try {
                m_callbacks.notified(channel, payload);
            } catch (const std::exception& e) {
                LogLine(std::string("warning: handling a PostgreSQL notification failed: ") + e.what());
                return true;
            }
        }
    }
    return true;
}

}  // namespace tandem::store::postgres
