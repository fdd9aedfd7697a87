// JSON codec of the health report.
#include "tandem/health.h"

#include <nlohmann/json.hpp>

namespace tandem {

void to_json(nlohmann::json& out, const Health& health) {
    out = {
        {"status", health.status},
        {"version", health.version},
        {"uptime_seconds", health.uptime_seconds},
        {"database",
         {{"status", health.database.status},
          {"schema_version", health.database.schema_version},
          {"journal_mode", health.database.journal_mode}}},
    };
}

void from_json(const nlohmann::json& in, Health& health) {
    in.at("status").get_to(health.status);
    in.at("version").get_to(health.version);
    in.at("uptime_seconds").get_to(health.uptime_seconds);
    const nlohmann::json& db = in.at("database");
    db.at("status").get_to(health.database.status);
    db.at("schema_version").get_to(health.database.schema_version);
    db.at("journal_mode").get_to(health.database.journal_mode);
}

}  // namespace tandem
