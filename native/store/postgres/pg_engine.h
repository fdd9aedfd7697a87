// A PostgreSQL database as a Store's engine (store/engine.h).
#pragma once

#include <memory>
#include <string>

#include "store/engine.h"

namespace tandem::store::postgres {

// Connects the writer to the database `url` names (postgresql://user@host:port/database) and
// migrates it; throws StoreError with a message fit for the user if it cannot.
std::unique_ptr<Engine> OpenPgEngine(const std::string& url);

}  // namespace tandem::store::postgres
