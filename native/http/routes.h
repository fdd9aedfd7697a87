// Route registration, one function per resource (routes_<resource>.cpp).
#pragma once

#include <chrono>
#include <mutex>

namespace httplib {
class Server;
}
namespace tandem::store {
class Database;
}

namespace tandem::http {

// What route handlers share. The database connection is used under its mutex.
struct ServerContext {
    explicit ServerContext(store::Database& database) : db(database) {}
    store::Database& db;
    std::mutex db_mutex;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

void RegisterHealthRoutes(httplib::Server& server, ServerContext& context);

}  // namespace tandem::http
