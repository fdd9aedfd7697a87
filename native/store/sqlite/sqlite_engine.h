// A SQLite database file as a Store's engine (store/engine.h).
#pragma once

#include <memory>
#include <string>

#include "store/engine.h"

namespace tandem::store {

// Takes the file's shared lock (a restore refuses while any Store holds it), then opens,
// configures and migrates the file and hands its write-ahead log's checkpoints to a thread.
std::unique_ptr<Engine> OpenSqliteEngine(const std::string& path);

}  // namespace tandem::store
