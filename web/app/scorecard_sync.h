// Which scorecard the route asks for (period, grouping, "as if" version), and keeping
// state.scorecard loaded for it: on entering the view, on a period change, and after pushed changes.
#pragma once

#include <optional>
#include <string>

#include "tandem/period.h"

namespace tandem {

struct AppState;
struct Route;
class ApiClient;

struct ScorecardRequest {
    Period period;
    std::string group = "source";        // source | campaign
    std::optional<std::int64_t> as_if;
};

// Reads ?period=week|month|quarter|custom&from=&to=&group=&as_if= (month containing today by default).
ScorecardRequest ScorecardQueryFrom(const Route& route, Date today);
// Writes the query back into a scorecard route.
Route ScorecardRoute(const ScorecardRequest& query);

void SyncScorecard(AppState& state, ApiClient& api);

}  // namespace tandem
