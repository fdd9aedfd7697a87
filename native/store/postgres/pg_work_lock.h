// Which of several servers on one database does the background work that must happen once: sending
// the webhook and email outboxes, re-scoring, the weekly digest. A session-level advisory lock on a
// connection of its own: the server holding it works, the others wait; it is released when the
// holder's connection ends (the server stops or dies), and another server takes it at its next look.
#pragma once

#include <mutex>
#include <string>

struct pg_conn;   // libpq's PGconn, kept out of this header

namespace tandem::store::postgres {

class PgWorkLock {
public:
    explicit PgWorkLock(std::string url) : m_url(std::move(url)) {}
    ~PgWorkLock();
    PgWorkLock(const PgWorkLock&) = delete;
    PgWorkLock& operator=(const PgWorkLock&) = delete;

    // Whether this server holds the lock now: takes it if free, and checks that a lock held
    // still is (the connection may have been lost, and the lock with it). Never throws.
    bool Held();

private:
    void Drop();   // with m_mutex held

    std::string m_url;
    std::mutex m_mutex;
    pg_conn* m_conn = nullptr;
    bool m_held = false;
};

}  // namespace tandem::store::postgres
