// One LISTEN connection to PostgreSQL and the thread that waits on it: notifications arrive as
// callbacks; a lost connection is made again with backoff, and every (re)connection is announced
// so the owner can catch up on what it missed meanwhile.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

struct pg_conn;   // libpq's PGconn, kept out of this header

namespace tandem::store::postgres {

class PgListener {
public:
    struct Callbacks {
        std::function<void()> connected;   // LISTEN is in place: read what may have been missed
        std::function<void(const std::string& channel, const std::string& payload)> notified;
    };

    PgListener(std::string url, std::vector<std::string> channels, Callbacks callbacks);
    ~PgListener();   // stops and joins
    PgListener(const PgListener&) = delete;
    PgListener& operator=(const PgListener&) = delete;

    void Start();
    void Stop();
    bool Connected() const { return m_connected; }

private:
    void Loop(pg_conn* first);
    // Waits on one connection until it fails or Stop; false if it never got to listen.
    bool Serve(pg_conn* conn);

    std::string m_url;
    std::vector<std::string> m_channels;
    Callbacks m_callbacks;
    int m_wake = -1;   // an eventfd Stop writes to, beside the connection's socket in poll
    std::atomic<bool> m_stopping{false};
    std::atomic<bool> m_connected{false};
    std::thread m_thread;
};

}  // namespace tandem::store::postgres
