// Loading the scorecard for the route's period.
#include "app/scorecard_sync.h"

#include <nlohmann/json.hpp>

#include "app/api_client.h"
#include "app/state.h"

namespace tandem {

namespace {

// Pushed changes can come in bursts (an import, a busy morning); refresh at most this often.
constexpr double kMinRefreshSeconds = 1.5;

std::string QueryValue(const Route& route, const char* key) {
    auto it = route.query.find(key);
    return it == route.query.end() ? std::string() : it->second;
}

}  // namespace

ScorecardRequest ScorecardQueryFrom(const Route& route, Date today) {
    ScorecardRequest request;
    PeriodKind kind = ParsePeriodKind(QueryValue(route, "period")).value_or(PeriodKind::Month);
    std::optional<Date> from = ParseDate(QueryValue(route, "from"));
    std::optional<Date> to = ParseDate(QueryValue(route, "to"));
    if (kind == PeriodKind::Custom && from && to && *to > *from) {
        request.period = {PeriodKind::Custom, *from, *to};
    } else {
        request.period = CurrentPeriod(kind == PeriodKind::Custom ? PeriodKind::Month : kind, from.value_or(today));
    }
    std::string group = QueryValue(route, "group");
    if (group == "campaign") request.group = group;
    std::string as_if = QueryValue(route, "as_if");
    if (!as_if.empty() && as_if.find_first_not_of("0123456789") == std::string::npos && as_if.size() < 12)
        request.as_if = std::stoll(as_if);
    return request;
}

Route ScorecardRoute(const ScorecardRequest& request) {
    Route route;
    route.view = View::Scorecard;
    route.query["period"] = std::string(PeriodKindName(request.period.kind));
    route.query["from"] = FormatDate(request.period.from);
    if (request.period.kind == PeriodKind::Custom) route.query["to"] = FormatDate(request.period.to);
    if (request.group != "source") route.query["group"] = request.group;
    if (request.as_if) route.query["as_if"] = std::to_string(*request.as_if);
    return route;
}

void SyncScorecard(AppState& state, ApiClient& api) {
    if (state.route.view != View::Scorecard || state.session.status != Session::Status::SignedIn) return;
    ScorecardRequest request = ScorecardQueryFrom(state.route, DateOf(static_cast<Timestamp>(state.wall_now)));
    std::string path = "/api/scorecard?from=" + FormatDate(request.period.from) + "&to=" +
                       FormatDate(request.period.to) + "&group=" + request.group + "&weekly=true";
    if (request.as_if) path += "&as_if=" + std::to_string(*request.as_if);
    Remote<ScorecardView>& scorecard = state.scorecard;
    if (!scorecard.Wants(path)) return;
    if (scorecard.stale && scorecard.key == path && state.now - scorecard.requested_at < kMinRefreshSeconds) return;
    scorecard.Begin(path, state.now);
    api.Get(path, [path](AppState& s, const ApiResult& result) {
        if (s.scorecard.key != path) return;   // the period changed meanwhile; a newer request is coming
        if (!result.Ok()) {
            s.scorecard.Fail(result.ErrorMessage());
            return;
        }
        try {
            s.scorecard.Succeed(ScorecardViewFromJson(nlohmann::json::parse(result.body)));
        } catch (const std::exception& e) {
            s.scorecard.Fail(std::string("unreadable scorecard: ") + e.what());
        }
    });
}

}  // namespace tandem
