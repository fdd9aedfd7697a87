// Connection monitoring and retry backoff.
#include "app/connection.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/api_client.h"
#include "app/state.h"

namespace tandem {

namespace {

constexpr double kOnlineInterval = 10.0;
constexpr double kMaxBackoff = 15.0;

double Backoff(int failures) { return std::min(kMaxBackoff, static_cast<double>(1 << std::min(failures - 1, 4))); }

}  // namespace

void UpdateConnection(AppState& state, ApiClient& api, bool check_now) {
    Connection& connection = state.connection;
    if (connection.request_in_flight) return;
    if (!check_now && state.now < connection.next_check_at) return;
    connection.request_in_flight = true;
    api.Get("/api/health", [](AppState& s, const ApiResult& result) {
        Connection& c = s.connection;
        c.request_in_flight = false;
        Health health;
        std::string error;
        if (!result.Ok()) {
            error = result.ErrorMessage();
        } else {
            try {
                health = nlohmann::json::parse(result.body).get<Health>();
                if (health.status != "ok") error = "the server reports a problem with its database";
            } catch (const nlohmann::json::exception&) {
                error = "the server sent an unreadable health report";
            }
        }
        if (error.empty()) {
            c.status = ConnectionStatus::Online;
            c.health = health;
            c.error.clear();
            c.failures = 0;
            c.next_check_at = s.now + kOnlineInterval;
        } else {
            c.status = ConnectionStatus::Offline;
            c.error = error;
            c.failures += 1;
            c.next_check_at = s.now + Backoff(c.failures);
        }
    });
}

}  // namespace tandem
