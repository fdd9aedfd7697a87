// What a Store needs from a database engine besides connections: the database opened for writing
// (with whatever the engine holds beside it: SQLite's file lock and checkpointer), more
// connections for readers, and a way to notice other processes' commits. OpenEngine picks the
// engine from the database string, the one place that does.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "store/database.h"

namespace tandem::store {

// The event stream between servers sharing one database (PostgreSQL): the database orders every
// server's events and credential changes and gives each its id; each server listens and receives
// all of them, its own included, in id order. An engine one process owns (SQLite) has none: its
// events stay in the process.
class EventBus {
public:
    struct Entry {
        std::uint64_t id = 0;
        std::string type;
        std::string data;            // JSON
        std::int64_t recipient = 0;  // a user id, or 0 for everyone
    };
    struct Handlers {
        std::function<void(std::vector<Entry> entries)> events;        // committed, ids increasing
        std::function<void(std::int64_t user_id)> credentials_changed;
        // Another process committed a write; called before that process's later events arrive.
        std::function<void()> foreign_commit;
        // Events up to this id were pruned before the listener read them (it was away that long).
        std::function<void(std::uint64_t up_to)> lost;
    };

    virtual ~EventBus() = default;
    // Commits the event in the order of every server's writes; it arrives through Handlers.
    virtual void Publish(const std::string& type, const std::string& data, std::int64_t recipient) = 0;
    virtual void PublishCredentialsChanged(std::int64_t user_id) = 0;
    // The newest id older than every event the bus still holds: Start delivers everything after it.
    virtual std::uint64_t Floor() = 0;
    // Delivers what the bus holds after `floor` before it returns, then listens on a thread until
    // Stop (reconnecting and catching up if the database goes away).
    virtual void Start(std::uint64_t floor, Handlers handlers) = 0;
    virtual void Stop() = 0;
    // Whether the listener is connected to the database now.
    virtual bool Connected() = 0;
};

class Engine {
public:
    virtual ~Engine() = default;
    // The one writer connection, configured and migrated; lives as long as the engine.
    virtual Database& Writer() = 0;
    // Another connection to the same database, e.g. one per reader thread.
    virtual Database Connect() = 0;
    // A number that changes whenever another process has committed to the database; the writer's
    // own commits leave it as it is. Called under Store's write mutex, so it may use the writer.
    virtual std::int64_t ForeignCommits() = 0;
    // The event stream shared with other servers on this database; null if events stay in the process.
    virtual EventBus* SharedEvents() { return nullptr; }
    // Whether this process is the one of the servers on this database that does the background
    // work that must happen once (sending outboxes, re-scoring); one process owns a SQLite file.
    virtual bool DoesBackgroundWork() { return true; }
};

// The engine for `target`: a postgresql:// (or postgres://) URL is a PostgreSQL database, a file
// path a SQLite one. Throws StoreError with a message fit
// for the user if it cannot be opened, or names an engine this build cannot use.
std::unique_ptr<Engine> OpenEngine(const std::string& target);
// Whether OpenEngine would take `target` for a PostgreSQL database; for what only SQLite can do.
bool IsPostgresTarget(const std::string& target);

}  // namespace tandem::store
