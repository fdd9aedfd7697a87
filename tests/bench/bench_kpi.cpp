// Benchmark of the KPI engine: `bench_kpi [N]` builds N synthetic leads with about five history
// rows each (fixed seed) spread over a year, and times ComputeScorecard for a 90-day period.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

#include "tandem/kpi.h"

namespace {

using namespace tandem;
using Clock = std::chrono::steady_clock;

constexpr Timestamp kNow = 1'800'000'000;
constexpr Timestamp kHour = 3600;
constexpr int kRuns = 7;

// splitmix64: fixed output for a fixed seed on every platform and standard library.
struct Random {
    std::uint64_t state;
    std::uint64_t Next() {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    std::int64_t Below(std::int64_t n) { return static_cast<std::int64_t>(Next() % static_cast<std::uint64_t>(n)); }
    bool Chance(int percent) { return Below(100) < percent; }
};

// One lead's walk down the funnel, as the stage machine allows it; rows that would lie after
// now are not written (the lead simply has not got there yet).
class Walk {
public:
    Walk(Random& random, Timestamp created) : m_random(random), m_at(created) {
        m_events.push_back({created, FunnelEvent::Kind::StageChange, Stage::New, Stage::New, false, 0});
    }

    bool Move(Stage to, Timestamp max_delay, std::uint8_t reason = 0) {
        Timestamp at = m_at + m_random.Below(max_delay);
        if (at > kNow) return false;
        m_events.push_back({at, FunnelEvent::Kind::StageChange, m_stage, to, true, reason});
        m_stage = to;
        m_at = at;
        return true;
    }
    void Contact(Timestamp max_delay) {
        Timestamp at = m_at + m_random.Below(max_delay);
        if (at <= kNow) m_events.push_back({at, FunnelEvent::Kind::Contact, Stage::New, Stage::New, true, 0});
        m_at = std::min(at, kNow);
    }
    Stage StageNow() const { return m_stage; }
    const std::vector<FunnelEvent>& Events() const { return m_events; }

private:
    Random& m_random;
    Timestamp m_at;
    Stage m_stage = Stage::New;
    std::vector<FunnelEvent> m_events;
};

void AddRandomLead(FunnelData& funnel, Random& random, std::int64_t index) {
    FunnelLead lead;
    lead.id = index + 1;
    lead.created_at = kNow - random.Below(365 * kSecondsPerDay);
    lead.source = static_cast<Source>(random.Below(9));
    lead.campaign_id = random.Chance(30) ? 0 : 1 + random.Below(120);
    lead.owner_id = random.Chance(10) ? 0 : 1 + random.Below(40);
    Walk walk(random, lead.created_at);
    bool again = true;
    for (int round = 0; again && round < 2; ++round) {
        again = false;
        if (!random.Chance(85) || !walk.Move(Stage::Mql, 10 * kSecondsPerDay)) break;
        if (!random.Chance(75) || !walk.Move(Stage::SalesReady, 5 * kSecondsPerDay)) break;
        if (random.Chance(70)) walk.Contact(30 * kHour);
        int decision = static_cast<int>(random.Below(100));
        if (decision < 5) break;   // nobody answered
        if (decision < 40) {
            if (walk.Move(Stage::Recycled, 40 * kHour, static_cast<std::uint8_t>(1 + random.Below(8)))) again = true;
            continue;
        }
        if (!walk.Move(Stage::Sql, 40 * kHour)) break;
        if (random.Chance(80)) walk.Contact(3 * kSecondsPerDay);
        if (random.Chance(50)) walk.Contact(5 * kSecondsPerDay);
        if (!random.Chance(60) || !walk.Move(Stage::Opportunity, 10 * kSecondsPerDay)) break;
        if (random.Chance(80)) walk.Contact(7 * kSecondsPerDay);
        int close = static_cast<int>(random.Below(100));
        if (close < 40 && walk.Move(Stage::Won, 40 * kSecondsPerDay)) lead.deal_value = 5000 + random.Below(95000);
        else if (close < 70) walk.Move(Stage::Lost, 40 * kSecondsPerDay);
    }
    lead.stage = walk.StageNow();
    funnel.Add(lead, walk.Events());
}

double Median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

struct Timing {
    double wall_ms;
    double cpu_ms;   // process CPU time: on a busy machine the wall clock also counts waiting
};

template <class F>
Timing Time(F&& run) {
    std::vector<double> wall, cpu;
    for (int i = 0; i < kRuns; ++i) {
        std::clock_t cpu_start = std::clock();
        Clock::time_point start = Clock::now();
        run();
        wall.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        cpu.push_back(1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC);
    }
    return {Median(wall), Median(cpu)};
}

Timing Time(const FunnelData& funnel, const ScorecardQuery& query, Scorecard& last) {
    return Time([&] { last = ComputeScorecard(funnel, query); });
}

// What GET /api/scorecard computes: a month by source, the month before (totals) and 13 weeks of
// trend by source, one pass each.
void ReportApi(const FunnelData& funnel, const ScorecardQuery& base) {
    ScorecardQuery month = base, previous = base, trend = base;
    month.from = kNow - 30 * kSecondsPerDay;
    month.group = GroupBy::Source;
    previous.from = kNow - 60 * kSecondsPerDay;
    previous.to = month.from;
    trend.from = kNow - 13 * 7 * kSecondsPerDay;
    trend.group = GroupBy::Source;
    trend.weekly = true;
    const ScorecardQuery queries[] = {month, previous, trend};
    Timing apart = Time([&] {
        for (const ScorecardQuery& query : queries) ComputeScorecard(funnel, query);
    });
    std::printf("%-34s %7.1f ms (median of %d; cpu %.1f ms)\n", "the API's 3 passes", apart.wall_ms, kRuns, apart.cpu_ms);
}

void Report(const char* label, const FunnelData& funnel, const ScorecardQuery& query) {
    Scorecard card;
    Timing timing = Time(funnel, query, card);
    std::printf("%-34s %7.1f ms (median of %d; cpu %.1f ms)  leads %lld, sqls %lld, groups %zu, weeks %zu, breaches %zu\n",
                label, timing.wall_ms, kRuns, timing.cpu_ms, static_cast<long long>(card.total.leads),
                static_cast<long long>(card.total.sqls), card.groups.size(), card.weeks.size(), card.breaches.size());
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t count = argc > 1 ? static_cast<std::size_t>(std::strtoull(argv[1], nullptr, 10)) : 1'000'000;
#ifndef NDEBUG
    std::printf("warning: built without NDEBUG; configure with -DCMAKE_BUILD_TYPE=Release for real numbers\n");
#endif

    Random random{0x5C0BECA4D};
    FunnelData funnel;
    funnel.leads.reserve(count);
    funnel.event_begin.reserve(count + 1);
    funnel.events.reserve(count * 5);
    Clock::time_point start = Clock::now();
    for (std::size_t i = 0; i < count; ++i) AddRandomLead(funnel, random, static_cast<std::int64_t>(i));
    double build_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();

    std::printf("leads                              %zu\n", count);
    std::printf("events                             %zu (%.2f a lead; built in %.0f ms)\n", funnel.events.size(),
                count ? static_cast<double>(funnel.events.size()) / static_cast<double>(count) : 0.0, build_ms);
    std::printf("funnel memory                      %.1f MB\n",
                static_cast<double>(funnel.leads.size() * sizeof(FunnelLead) + funnel.events.size() * sizeof(FunnelEvent) +
                                    funnel.event_begin.size() * sizeof(std::uint32_t)) / 1e6);

    MonthlyTarget targets[] = {{"2026-10", 20000, 9000, 3000, 9000000, 0.6}, {"2026-11", 20000, 9000, 3000, 9000000, 0.6},
                               {"2026-12", 20000, 9000, 3000, 9000000, 0.6}, {"2027-01", 20000, 9000, 3000, 9000000, 0.6}};
    DefinitionChange definitions[] = {{6, kNow - 60 * kSecondsPerDay}, {7, kNow - 20 * kSecondsPerDay}};
    ScorecardQuery query;
    query.from = kNow - 90 * kSecondsPerDay;
    query.to = kNow;
    query.now = kNow;
    query.targets = targets;
    query.definitions = definitions;

    ReportApi(funnel, query);
    // The floor: a day touches few leads, so this is the cost of passing over the rest.
    query.from = kNow - kSecondsPerDay;
    Report("1 day, total only", funnel, query);
    query.from = kNow - 90 * kSecondsPerDay;
    Report("90 days, total only", funnel, query);
    query.group = GroupBy::Source;
    query.weekly = true;
    Report("90 days, by source, weekly", funnel, query);
    query.group = GroupBy::Campaign;
    Report("90 days, by campaign, weekly", funnel, query);
    // No lead can be skipped: every history touches the period.
    query.from = kNow - 400 * kSecondsPerDay;
    query.group = GroupBy::Source;
    Report("400 days, by source, weekly", funnel, query);
    return 0;
}
