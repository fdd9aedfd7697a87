// GET /api/scorecard: the joint scorecard for a period, with the previous period for comparison,
// the definition in force and the campaigns launching soon; computed from the in-memory funnel.
#include <algorithm>
#include <future>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/context.h"
#include "http/request.h"
#include "http/routes.h"
#include "store/domain_repo.h"
#include "store/insights_repo.h"
#include "store/store.h"
#include "tandem/as_if.h"
#include "tandem/calendar.h"
#include "tandem/codec.h"
#include "tandem/evaluate.h"
#include "tandem/period.h"
#include "tandem/scorecard_view.h"

namespace tandem::http {

namespace {

constexpr int kLaunchWindowDays = 14;
constexpr int kTrendWeeks = 13;

GroupBy GroupFrom(const httplib::Request& req) {
    std::string group = QueryText(req, "group").value_or("none");
    if (group == "none") return GroupBy::None;
    if (group == "source") return GroupBy::Source;
    if (group == "campaign") return GroupBy::Campaign;
    throw ApiError(400, "bad_request", "expected none, source or campaign, got '" + group + "'", "group");
}

// The trend covers its own weeks (at least a quarter), so it is computed apart; each group of the
// period gets its own weeks from it (a group with no activity in those weeks, all zeros).
void AddTrend(Scorecard& scorecard, Scorecard trend) {
    scorecard.weeks = std::move(trend.weeks);
    std::map<std::string, std::vector<WeekPoint>*> by_key;
    for (GroupKpis& group : trend.groups) by_key[group.key] = &group.weeks;
    for (GroupKpis& group : scorecard.groups) {
        if (auto it = by_key.find(group.key); it != by_key.end()) {
            group.weeks = std::move(*it->second);
            continue;
        }
        for (const WeekPoint& week : scorecard.weeks) {
            WeekPoint& empty = group.weeks.emplace_back(WeekPoint{week.week_start, Kpis{}, week.definitions});
            for (DefinitionEffect& effect : empty.definitions) effect.mqls = effect.sales_ready = 0;
        }
    }
}

// Both sides of "as if" by one method (as_if.h): the versions in force at each lead's creation
// (the first activated one for leads older than it, or `version` if none was ever activated),
// and `version` for every lead.
AsIfComparison CompareAsIf(const service::FunnelSnapshot& snapshot, ScorecardQuery query,
                           const std::vector<LeadDefinition>& in_force, const LeadDefinition& version) {
    CompiledRules chosen(version.rules, snapshot.pool);
    std::vector<CompiledRules> compiled;
    std::vector<RulesInForce> history;
    compiled.reserve(in_force.size());
    for (const LeadDefinition& definition : in_force) {
        compiled.emplace_back(definition.rules, snapshot.pool);
        history.push_back({*definition.activated_at, &compiled.back()});
    }
    const RulesInForce only[] = {{0, &chosen}};
    std::span<const RulesInForce> real = history.empty() ? std::span<const RulesInForce>(only) : history;
    // The two sides' levels are independent: one on another thread.
    std::future<std::vector<Level>> actual_levels = std::async(std::launch::async, [&] {
        return LevelsAtCreation(real, snapshot.funnel.leads, snapshot.facts, query.from, query.now);
    });
    std::vector<Level> as_if = LevelsAtCreation(only, snapshot.funnel.leads, snapshot.facts, query.from, query.now);
    std::vector<Level> actual = actual_levels.get();
    AsIfComparison comparison{version.version, {}, {}};
    query.levels = actual;
    comparison.actual = ComputeScorecard(snapshot.funnel, query);
    query.levels = as_if;
    comparison.as_if = ComputeScorecard(snapshot.funnel, query);
    return comparison;
}

}  // namespace

void RegisterScorecardRoutes(Api& api, ServerContext& context) {
    api.Route("GET", "/api/scorecard", Action::Read,
              {.summary = "The joint scorecard for [from, to): every KPI, targets, groups, weekly trend, SLA breaches",
               .response_schema = "ScorecardView",
               .query = {{"from", "string", "first day (YYYY-MM-DD); default: the first of this month"},
                         {"to", "string", "day after the last (YYYY-MM-DD); default: the first of next month"},
                         {"group", "string", "none, source or campaign"},
                         {"weekly", "boolean", "include the weekly trend: at least 13 whole weeks, ending with the period's last week or this week, whichever is earlier; with group, each group's too"},
                         {"as_if", "integer", "also compare, for the leads created in the period, the MQLs and sales-ready leads "
                                              "this definition version gives with those the versions in force gave (as_if.as_if "
                                              "and as_if.actual, one method: each lead's level on today's facts)"}},
               .errors = {404}},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  Timestamp now = Now();
                  Period month = CurrentPeriod(PeriodKind::Month, DateOf(now));
                  Date from = QueryDate(req, "from").value_or(month.from);
                  Date to = QueryDate(req, "to").value_or(month.to);
                  if (to <= from) throw ApiError(400, "bad_request", "to must be after from", "to");
                  if (to - from > 3660) throw ApiError(400, "bad_request", "the period is longer than ten years", "to");
                  std::optional<std::int64_t> as_if = QueryInt(req, "as_if", 1, kMaxSafeInteger);

                  std::vector<MonthlyTarget> targets;
                  std::vector<DefinitionChange> changes;
                  std::optional<LeadDefinition> active, as_if_definition;
                  std::vector<LeadDefinition> in_force;   // every version ever activated, by activation
                  std::vector<std::int64_t> versions;
                  std::vector<Campaign> launching;
                  std::map<std::int64_t, std::string> campaign_names;
                  SlaSettings sla = context.store.Read([&](store::Database& db) {
                      targets = store::ListTargets(db);
                      campaign_names = store::CampaignNames(db);
                      std::vector<LeadDefinition> definitions = store::ListDefinitions(db);
                      std::reverse(definitions.begin(), definitions.end());
                      for (const LeadDefinition& definition : definitions) {
                          versions.push_back(definition.version);
                          if (definition.status == DefinitionStatus::Active) active = definition;
                          if (as_if && definition.version == *as_if) as_if_definition = definition;
                          if (definition.activated_at) {
                              changes.push_back({definition.version, *definition.activated_at});
                              in_force.push_back(definition);
                          }
                      }
                      std::stable_sort(in_force.begin(), in_force.end(), [](const LeadDefinition& a, const LeadDefinition& b) {
                          return *a.activated_at < *b.activated_at;
                      });
                      store::CampaignFilter soon;
                      soon.from = DateOf(now);
                      soon.to = DateOf(now) + kLaunchWindowDays;
                      for (Campaign& campaign : store::ListCampaigns(db, soon))
                          if (LaunchesSoon(campaign, DateOf(now))) launching.push_back(std::move(campaign));
                      return store::LoadSla(db);
                  });
                  if (as_if && !as_if_definition) NotFound("definition version", *as_if);

                  ScorecardQuery query;
                  query.from = StartOf(from);
                  query.to = StartOf(to);
                  query.now = now;
                  query.sla_hours = sla.first_response_hours;
                  query.group = GroupFrom(req);
                  query.weekly = QueryBool(req, "weekly").value_or(false);
                  query.targets = targets;
                  query.definitions = changes;
                  query.campaign_names = &campaign_names;
                  // The trend shows at least a quarter of whole weeks up to the period's last week, so a
                  // short period still has a shape to compare against.
                  ScorecardQuery trend_query = query;
                  Date trend_to = std::min(WeekStart(to - 1), WeekStart(DateOf(now))) + 7;
                  trend_query.from = StartOf(std::min(WeekStart(from), trend_to - kTrendWeeks * 7));
                  trend_query.to = StartOf(trend_to);
                  query.weekly = false;
                  // A period still running is compared with the same stretch of the one before, so
                  // "-40 %" never just means "the month is not over yet".
                  ScorecardQuery previous_query = query;
                  previous_query.from = StartOf(from - (to - from));
                  Timestamp elapsed = std::clamp<Timestamp>(now, query.from, query.to) - query.from;
                  previous_query.to = elapsed > 0 && now < query.to ? previous_query.from + elapsed : StartOf(from);
                  previous_query.group = GroupBy::None;
                  previous_query.weekly = false;

                  Scorecard scorecard, previous;
                  std::optional<AsIfComparison> comparison;
                  context.funnel.Read(context.store, [&](const service::FunnelSnapshot& snapshot) {
                      // The passes are independent: the trend (the longest) and "as if" run on their own
                      // threads while this one computes the period and the one before.
                      std::future<Scorecard> trend;
                      if (trend_query.weekly)
                          trend = std::async(std::launch::async, [&] { return ComputeScorecard(snapshot.funnel, trend_query); });
                      std::future<AsIfComparison> compared;
                      if (as_if_definition)
                          compared = std::async(std::launch::async, [&] { return CompareAsIf(snapshot, query, in_force, *as_if_definition); });
                      scorecard = ComputeScorecard(snapshot.funnel, query);
                      previous = ComputeScorecard(snapshot.funnel, previous_query);
                      if (trend.valid()) AddTrend(scorecard, trend.get());
                      if (compared.valid()) comparison = compared.get();
                  });

                  ScorecardView view;
                  view.from = from;
                  view.to = to;
                  view.now = now;
                  view.sla_hours = sla.first_response_hours;
                  view.as_if = std::move(comparison);
                  view.versions = std::move(versions);
                  view.scorecard = std::move(scorecard);
                  view.previous = std::move(previous);
                  view.definition = std::move(active);
                  view.launching = std::move(launching);
                  SendJson(res, ToJson(view));
              });
}

}  // namespace tandem::http
