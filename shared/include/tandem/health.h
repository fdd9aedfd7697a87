// GET /api/health: the server's version and database status, as served and as read by the client.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace tandem {

struct DatabaseHealth {
    std::string status;             // "ok" or "error"
    std::int64_t schema_version = 0;
    std::string journal_mode;       // SQLite: its journal mode ("wal"); PostgreSQL: wal_level ("replica")
};

struct Health {
    std::string status;             // "ok" when every part is
    std::string version;
    std::int64_t uptime_seconds = 0;
    DatabaseHealth database;
};

void to_json(nlohmann::json& out, const Health& health);
void from_json(const nlohmann::json& in, Health& health);

}  // namespace tandem
