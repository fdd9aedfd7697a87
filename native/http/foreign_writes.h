// Writes other processes make to the server's database, announced as if they had come through
// this server's API.
//
// SQLite: a `tandem import` on the same machine writes the file directly, in short batches; every
// second the server asks SQLite whether anyone else committed, and if so drops its caches of leads
// and tells the open dashboards.
//
// A database several servers share (PostgreSQL): the database carries the event stream
// (store::EventBus). This joins the server's hub to it - every server's events arrive in the
// database's order with its ids - and drops the caches when another server commits, before that
// server's events reach the dashboards, so a dashboard that refetches on an event sees the change.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace tandem::store {
class EventBus;
}

namespace tandem::http {

struct ServerContext;

class ForeignWrites {
public:
    explicit ForeignWrites(ServerContext& context);
    ~ForeignWrites();   // stops and joins

    // Before the server answers requests: on a shared database, the hub then holds the recent events.
    void Start();
    void Stop();

private:
    void Loop();
    void JoinSharedEvents(store::EventBus& bus);

    ServerContext& m_context;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_thread;
    store::EventBus* m_bus = nullptr;
    std::atomic<bool> m_reload_definition{false};   // another server committed since the last load
};

}  // namespace tandem::http
