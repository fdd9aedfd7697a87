// What a Store needs from a database engine besides connections: the database opened for writing
// (with whatever the engine holds beside it: SQLite's file lock and checkpointer), more
// connections for readers, and a way to notice other processes' commits. OpenEngine picks the
// engine from the database string, the one place that does.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "store/database.h"

namespace tandem::store {

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
};

// The engine for `target`: a postgresql:// (or postgres://) URL is a PostgreSQL database, a file
// path a SQLite one. Throws StoreError with a message fit
// for the user if it cannot be opened, or names an engine this build cannot use.
std::unique_ptr<Engine> OpenEngine(const std::string& target);

}  // namespace tandem::store
