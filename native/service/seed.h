// What a new database starts with: on first start an admin with a one-time password and a starter
// lead definition; with --demo, the demo company instead.
#pragma once

#include <optional>
#include <string>

#include "demo/demo_data.h"

namespace tandem::store {
class Store;
}

namespace tandem::service {

// On a database without users: creates admin@tandem.local with a random password (returned, to
// be printed once) and activates a starter definition. Returns nullopt if there were users.
std::optional<std::string> SeedFirstStart(store::Store& store, Timestamp now);

// On a database without users: loads the demo data in one transaction. Returns false (and changes
// nothing) if the database already has users.
bool SeedDemo(store::Store& store, const demo::DemoOptions& options);

}  // namespace tandem::service
