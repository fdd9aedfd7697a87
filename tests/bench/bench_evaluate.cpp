// Benchmark of the fast scoring path: `bench_evaluate [N]` builds N pseudo-random leads (fixed
// seed), their LeadFacts, compiles a realistic definition and times ScoreAll on one and two threads.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "tandem/evaluate.h"

namespace {

using namespace tandem;
using Clock = std::chrono::steady_clock;

constexpr Timestamp kNow = 1'800'000'000;
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
    double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
    // Counters in marketing data are heavy-tailed: most leads did little, a few did a lot.
    std::int64_t Skewed(double mean) { return static_cast<std::int64_t>(mean * -std::log(1.0 - Unit())); }
    template <class T, std::size_t N>
    const T& Pick(const T (&items)[N]) { return items[Below(static_cast<std::int64_t>(N))]; }
};

const char* const kIndustries[] = {"Software", "Fintech", "Healthcare", "Retail", "Manufacturing", "Education",
                                   "Logistics", "Media", "Energy", "Government", "", ""};
const char* const kCountries[] = {"US", "US", "US", "CA", "GB", "DE", "FR", "NL", "SE", "BR", "IN", "AU", ""};
const char* const kTitles[] = {"CTO", "VP Engineering", "Head of IT", "IT Manager", "Developer", "Marketing Manager",
                               "CFO", "Student", "Consultant", "Director of Operations", ""};

Lead RandomLead(Random& random, std::int64_t index) {
    Lead lead;
    lead.id = index + 1;
    lead.industry = random.Pick(kIndustries);
    lead.country = random.Pick(kCountries);
    lead.title = random.Pick(kTitles);
    lead.company = "Company " + std::to_string(random.Below(200000));   // many distinct companies
    if (random.Chance(55)) lead.phone = "+1 555 " + std::to_string(1000 + random.Below(9000));
    if (random.Chance(85)) lead.company_size = 1 + random.Skewed(400);
    lead.source = static_cast<Source>(random.Below(9));
    lead.created_at = kNow - random.Below(365 * kSecondsPerDay);
    if (random.Chance(60)) lead.budget_usd = random.Skewed(25000);
    lead.authority = static_cast<Authority>(random.Below(4));
    lead.need = static_cast<Need>(random.Below(3));
    if (random.Chance(50)) lead.timeline_months = random.Below(19);
    lead.page_views = random.Skewed(8);
    lead.downloads = random.Skewed(0.8);
    lead.webinars_attended = random.Skewed(0.4);
    lead.email_clicks = random.Skewed(2.5);
    lead.demo_requested = random.Chance(8);
    if (random.Chance(80)) lead.last_activity_at = lead.created_at + random.Below(kNow - lead.created_at + 1);
    return lead;
}

Criterion Make(std::string id, std::string field, Op op, CriterionValue value, int points) {
    Criterion criterion;
    criterion.id = id;
    criterion.label = std::move(id);
    criterion.field = std::move(field);
    criterion.op = op;
    criterion.value = std::move(value);
    criterion.points = points;
    return criterion;
}

CriterionValue Numbers(std::vector<double> numbers) { return {std::move(numbers), {}, std::nullopt}; }
CriterionValue Texts(std::vector<std::string> texts) { return {{}, std::move(texts), std::nullopt}; }
CriterionValue Flag(bool flag) { return {{}, {}, flag}; }

// 8 fit, 6 engagement and 5 sales-ready criteria with half-life decay: what a team might agree on.
DefinitionRules RealisticRules() {
    DefinitionRules rules;
    rules.fit = {Make("f1", "industry", Op::In, Texts({"software", "fintech", "healthcare"}), 20),
                 Make("f2", "company_size", Op::Between, Numbers({50, 5000}), 15),
                 Make("f3", "country", Op::In, Texts({"us", "ca", "gb", "de"}), 10),
                 Make("f4", "title", Op::In, Texts({"cto", "vp engineering", "head of it"}), 15),
                 Make("f5", "budget_usd", Op::Gte, Numbers({10000}), 10),
                 Make("f6", "authority", Op::Eq, Texts({"decision_maker"}), 10),
                 Make("f7", "source", Op::In, Texts({"referral", "event", "webinar"}), 5),
                 Make("f8", "title", Op::Eq, Texts({"student"}), -30)};
    rules.engagement = {Make("e1", "page_views", Op::Gte, Numbers({10}), 5),
                        Make("e2", "downloads", Op::Gte, Numbers({1}), 10),
                        Make("e3", "webinars_attended", Op::Gte, Numbers({1}), 15),
                        Make("e4", "email_clicks", Op::Gte, Numbers({3}), 5),
                        Make("e5", "demo_requested", Op::Eq, Flag(true), 25),
                        Make("e6", "page_views", Op::Gte, Numbers({50}), 5)};
    rules.sales_ready = {Make("s1", "need", Op::Eq, Texts({"yes"}), 0),
                         Make("s2", "authority", Op::Eq, Texts({"decision_maker"}), 0),
                         Make("s3", "budget_usd", Op::Gte, Numbers({10000}), 0),
                         Make("s4", "timeline_months", Op::Lte, Numbers({6}), 0),
                         Make("s5", "phone", Op::Exists, {}, 0)};
    rules.mql_threshold = 50;
    rules.fit_cap = 60;
    rules.engagement_cap = 40;
    rules.decay = {DecayKind::HalfLife, 14};
    return rules;
}

double MillisecondsSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Timing {
    double wall_ms;
    double cpu_ms;   // process CPU time: on a busy machine the wall clock also counts waiting
};

double Median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

template <class F>
Timing MedianOfRuns(F&& run) {
    std::vector<double> wall, cpu;
    for (int i = 0; i < kRuns; ++i) {
        std::clock_t cpu_start = std::clock();
        Clock::time_point start = Clock::now();
        run();
        wall.push_back(MillisecondsSince(start));
        cpu.push_back(1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC);
    }
    return {Median(wall), Median(cpu)};
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t count = argc > 1 ? static_cast<std::size_t>(std::strtoull(argv[1], nullptr, 10)) : 1'000'000;
#ifndef NDEBUG
    std::printf("warning: built without NDEBUG; configure with -DCMAKE_BUILD_TYPE=Release for real numbers\n");
#endif

    Random random{0x7A4D3E11};
    std::vector<Lead> leads;
    leads.reserve(count);
    for (std::size_t i = 0; i < count; ++i) leads.push_back(RandomLead(random, static_cast<std::int64_t>(i)));

    Clock::time_point start = Clock::now();
    StringPool pool;
    std::vector<LeadFacts> facts;
    facts.reserve(count);
    for (const Lead& lead : leads) facts.push_back(FactsOf(lead, pool));
    double facts_ms = MillisecondsSince(start);

    CompiledRules rules(RealisticRules(), pool);
    std::vector<LeadScore> scores(count);
    std::span<const LeadFacts> all_facts = facts;
    std::span<LeadScore> all_scores = scores;

    Timing single = MedianOfRuns([&] { rules.ScoreAll(all_facts, kNow, all_scores); });

    std::size_t half = count / 2;
    Timing dual = MedianOfRuns([&] {
        std::thread second([&] { rules.ScoreAll(all_facts.subspan(half), kNow, all_scores.subspan(half)); });
        rules.ScoreAll(all_facts.first(half), kNow, all_scores.first(half));
        second.join();
    });

    std::size_t mql = 0, sales_ready = 0;
    for (const LeadScore& score : scores) {
        if (score.level == Level::Mql) ++mql;
        if (score.level == Level::SalesReady) ++sales_ready;
    }

    std::printf("leads                 %zu\n", count);
    std::printf("facts build           %.1f ms (%zu distinct texts)\n", facts_ms, pool.Size());
    std::printf("facts memory          %.1f MB (%zu bytes a lead)\n",
                static_cast<double>(facts.size() * sizeof(LeadFacts)) / 1e6, sizeof(LeadFacts));
    std::printf("ScoreAll, 1 thread    %.1f ms (median of %d; cpu %.1f ms)\n", single.wall_ms, kRuns, single.cpu_ms);
    std::printf("ScoreAll, 2 threads   %.1f ms (median of %d; cpu %.1f ms both threads)\n", dual.wall_ms, kRuns,
                dual.cpu_ms);
    std::printf("checksum              mql %zu, sales_ready %zu\n", mql, sales_ready);
    return 0;
}
