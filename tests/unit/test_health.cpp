// The health report's JSON shape, as the server writes it and the client reads it.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tandem/health.h"

TEST_CASE("health round-trips through JSON with the documented field names") {
    tandem::Health health;
    health.status = "ok";
    health.version = "0.1.0";
    health.uptime_seconds = 12;
    health.database = {"ok", 1, "wal"};
    nlohmann::json json = health;
    CHECK(json.dump() ==
          R"({"database":{"journal_mode":"wal","schema_version":1,"status":"ok"},"status":"ok","uptime_seconds":12,"version":"0.1.0"})");
    tandem::Health back = json.get<tandem::Health>();
    CHECK(back.database.schema_version == 1);
    CHECK(back.database.journal_mode == "wal");
    CHECK(back.uptime_seconds == 12);
}

TEST_CASE("a health report missing a field is rejected") {
    nlohmann::json json = nlohmann::json::parse(R"({"status":"ok","version":"0.1.0","uptime_seconds":1})");
    CHECK_THROWS(json.get<tandem::Health>());
}
