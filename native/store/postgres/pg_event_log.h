// The event stream of servers sharing one PostgreSQL database (store/engine.h's EventBus), as
// Odoo's bus does it: each event is a row of an engine-owned table, inserted under the write lock
// so ids are taken in commit order, with a NOTIFY that carries only a row id (never the event, so
// PostgreSQL's 8,000-byte payload limit never applies). Each server's listener reads the rows
// after the last it has, in id order, its own server's included: one path, one order everywhere.
// Every write transaction also NOTIFYs the commits channel with its process's origin, so a
// server counts the commits of others (Engine::ForeignCommits) and drops its caches.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "store/database.h"
#include "store/engine.h"
#include "store/postgres/pg_listener.h"

namespace tandem::store::postgres {

inline constexpr const char* kEventsChannel = "tandem_events";
inline constexpr const char* kCommitsChannel = "tandem_commits";

// Names this process in commit notifications: random, so processes on different machines differ.
const std::string& ProcessOrigin();

class PgEventLog final : public EventBus {
public:
    // Creates the table if it is missing (under the write lock: servers may start together).
    explicit PgEventLog(std::string url);
    ~PgEventLog() override;

    void Publish(const std::string& type, const std::string& data, std::int64_t recipient) override;
    void PublishCredentialsChanged(std::int64_t user_id) override;
    std::uint64_t Floor() override;
    void Start(std::uint64_t floor, Handlers handlers) override;
    void Stop() override;
    bool Connected() override { return m_listener.Connected(); }

    // Write transactions other processes committed since the listener started.
    std::int64_t ForeignCommits() const { return m_foreign_commits; }

private:
    void Append(const std::string& type, const std::string& data, std::int64_t recipient);
    void CatchUp();   // on the listener's thread

    std::string m_url;
    std::mutex m_publish_mutex;
    Database m_publisher;    // its own connection: events are published after the Store's commit
    std::int64_t m_published = 0;
    Database m_reader;       // the listener's: reads the rows it is told about
    std::uint64_t m_last = 0;
    Handlers m_handlers;
    std::atomic<std::int64_t> m_foreign_commits{0};
    PgListener m_listener;
};

}  // namespace tandem::store::postgres
