// The KPI engine: one pass over the funnel, each lead's history read once and its figures dropped
// into the total, its group and the weeks they fall in; then the figures, targets and breaches.
#include "tandem/kpi.h"

#include "tandem/format.h"

#include <algorithm>
#include <array>
#include <limits>
#include <utility>

namespace tandem {

// [SECTION] FunnelData

void FunnelData::Add(const FunnelLead& lead, std::span<const FunnelEvent> lead_events) {
    leads.push_back(lead);
    std::size_t begin = events.size();
    events.insert(events.end(), lead_events.begin(), lead_events.end());
    // The engine relies on time order ("first entry" is the first row in it); a caller that
    // hands rows over in id order with a late-corrected timestamp must not break it. Stable, so
    // rows of the same second keep their history order.
    auto by_time = [](const FunnelEvent& a, const FunnelEvent& b) { return a.at < b.at; };
    auto lead_begin = events.begin() + static_cast<std::ptrdiff_t>(begin);
    if (!std::is_sorted(lead_begin, events.end(), by_time)) std::stable_sort(lead_begin, events.end(), by_time);
    event_begin.push_back(static_cast<std::uint32_t>(events.size()));
}

std::span<const FunnelEvent> FunnelData::EventsOf(std::size_t lead_index) const {
    std::uint32_t begin = event_begin[lead_index];
    return {events.data() + begin, event_begin[lead_index + 1] - begin};
}

namespace {

constexpr Timestamp kNever = std::numeric_limits<Timestamp>::max();
constexpr Timestamp kSecondsPerWeek = 7 * kSecondsPerDay;
constexpr std::size_t kStages = static_cast<std::size_t>(Stage::Disqualified) + 1;
constexpr std::size_t kReasons = static_cast<std::size_t>(RejectReason::Other) + 1;
constexpr std::size_t kSources = static_cast<std::size_t>(Source::Other) + 1;

constexpr std::size_t Index(Stage stage) { return static_cast<std::size_t>(stage); }

// The moves by which sales answers a handed-over lead (a logged contact answers too).
bool IsSalesResponse(const FunnelEvent& event) {
    if (event.kind == FunnelEvent::Kind::Contact) return true;
    return event.has_from && event.from == Stage::SalesReady &&
           (event.to == Stage::Sql || event.to == Stage::Recycled || event.to == Stage::Disqualified);
}

// What the engine reads off one lead's history as of now (rows after now have not happened): the
// first entry into each stage, the reason of its first recycling, and the answers to its handovers.
struct Timeline {
    std::array<Timestamp, kStages> first;
    std::array<std::uint16_t, kStages> first_by{};   // the definition whose activation made it, or 0
    std::uint8_t recycled_reason = 0;
    Timestamp first_response = kNever;     // the first answer after the first entry into sales_ready
    Timestamp latest_handover = kNever;    // the latest entry into sales_ready
    bool latest_answered = false;          // ... answered since
};

Timeline ReadTimeline(std::span<const FunnelEvent> events, Timestamp now) {
    Timeline t;
    t.first.fill(kNever);
    bool awaiting_first_response = false;
    for (const FunnelEvent& event : events) {
        if (event.at > now) continue;   // clock skew: the future has not happened
        if (IsSalesResponse(event)) {
            if (awaiting_first_response) {
                t.first_response = event.at;
                awaiting_first_response = false;
            }
            t.latest_answered = true;
        }
        if (event.kind != FunnelEvent::Kind::StageChange) continue;
        std::size_t stage = static_cast<std::size_t>(event.to);
        if (stage >= kStages) continue;
        if (t.first[stage] == kNever) {
            t.first[stage] = event.at;
            t.first_by[stage] = event.definition;
            if (event.to == Stage::Recycled) t.recycled_reason = event.reason;
            if (event.to == Stage::SalesReady) awaiting_first_response = true;
        }
        if (event.to == Stage::SalesReady) {
            t.latest_handover = event.at;
            t.latest_answered = false;
        }
    }
    return t;
}

// Whether the first handover (at `handover`, kNever if none) missed the SLA: answered later
// than sla_seconds after it, or not yet answered and already past it. The scorecard's sla_due
// less sla_met.
bool MissedSla(const Timeline& t, Timestamp handover, Timestamp sla_seconds, Timestamp now) {
    if (handover == kNever) return false;
    if (t.first_response != kNever) return t.first_response - handover > sla_seconds;
    return handover + sla_seconds <= now;
}

// A breach right now: waiting in sales_ready, its latest handover unanswered for over sla_seconds.
bool Breached(const FunnelLead& lead, const Timeline& t, Timestamp sla_seconds, Timestamp now) {
    return lead.stage == Stage::SalesReady && t.latest_handover != kNever && !t.latest_answered &&
           now - t.latest_handover > sla_seconds;
}

std::optional<double> Ratio(std::int64_t part, std::int64_t whole) {
    if (whole == 0) return std::nullopt;
    return static_cast<double>(part) / static_cast<double>(whole);
}

// Running sums for one bucket (the total, a group or a week). Counts only: rates are divided
// once at the end, so a bucket costs nothing per lead beyond a few increments.
struct Accumulator {
    std::int64_t leads = 0;
    std::int64_t leads_to_mql = 0;                   // created in the bucket and ever an mql
    std::array<std::int64_t, kStages> entered{};     // first entries in the bucket, by stage
    std::array<std::int64_t, kStages> converted{};   // ... of which reached the next stage by now
    std::int64_t level_mqls = 0;                     // created in the bucket, at least an mql by level
    std::int64_t level_sales_ready = 0;
    std::int64_t accepted = 0;
    std::int64_t rejected = 0;
    std::int64_t answered = 0;                       // their hours are in Engine::m_responses
    std::int64_t sla_due = 0;
    std::int64_t sla_met = 0;
    std::array<std::int64_t, kReasons> recycled_by_reason{};
    std::int64_t revenue = 0;
    std::int64_t cycle_seconds = 0;                  // summed over won
    std::int64_t open_opportunities = 0;
    std::vector<DefinitionEffect> effects;           // by version, as first entries come (rarely any)
};

void AddEffect(Accumulator& a, std::uint16_t version, Stage stage) {
    auto it = std::find_if(a.effects.begin(), a.effects.end(), [&](const DefinitionEffect& e) { return e.version == version; });
    DefinitionEffect& effect = it != a.effects.end() ? *it : a.effects.emplace_back(DefinitionEffect{version});
    ++(stage == Stage::Mql ? effect.mqls : effect.sales_ready);
}

// One answered handover: its response time and the buckets it belongs to.
struct Response {
    Timestamp seconds;
    std::uint32_t group;
    std::uint32_t week;
};

// The order statistics a bucket reports: the median (the mean of the two middle values for an
// even count) and the nearest-rank p90 (rank ceil(0.9 n), counted from 1). Ranks from 0.
struct ResponsePicks {
    std::size_t lower_rank = 0, upper_rank = 0, p90_rank = 0;
    std::size_t seen = 0;
    Timestamp lower = 0, upper = 0, p90 = 0;

    explicit ResponsePicks(std::int64_t count = 0) {
        auto n = static_cast<std::size_t>(count);
        if (n == 0) return;
        upper_rank = n / 2;
        lower_rank = n % 2 == 0 ? n / 2 - 1 : n / 2;
        p90_rank = (9 * n + 9) / 10 - 1;
    }
    // Called with the bucket's values in ascending order.
    void See(Timestamp seconds) {
        if (seen == lower_rank) lower = seconds;
        if (seen == upper_rank) upper = seconds;
        if (seen == p90_rank) p90 = seconds;
        ++seen;
    }
};

// LSD radix sort by seconds, 11 bits a pass, only as many passes as the spread of the values
// needs (two for responses within 48 days). Selecting in every bucket instead (nth_element per
// total, group and week) was the largest single cost of a scorecard over a million responses.
void SortBySeconds(std::vector<Response>& items, std::vector<Response>& buffer) {
    if (items.size() < 2) return;
    auto [low, high] = std::minmax_element(items.begin(), items.end(),
                                           [](const Response& a, const Response& b) { return a.seconds < b.seconds; });
    auto base = static_cast<std::uint64_t>(low->seconds);
    std::uint64_t spread = static_cast<std::uint64_t>(high->seconds) - base;
    constexpr int kBits = 11;
    constexpr std::size_t kDigits = std::size_t{1} << kBits;
    buffer.resize(items.size());
    for (int shift = 0; shift < 64 && (spread >> shift) != 0; shift += kBits) {
        std::array<std::size_t, kDigits> offsets{};
        auto digit = [&](const Response& r) {
            return static_cast<std::size_t>(((static_cast<std::uint64_t>(r.seconds) - base) >> shift) & (kDigits - 1));
        };
        for (const Response& r : items) ++offsets[digit(r)];
        std::size_t sum = 0;
        for (std::size_t& offset : offsets) sum += std::exchange(offset, sum);
        for (const Response& r : items) buffer[offsets[digit(r)]++] = r;
        items.swap(buffer);
    }
}

Kpis Finish(const Accumulator& a, const ResponsePicks& picks, bool by_level) {
    Kpis k;
    k.leads = a.leads;
    k.mqls = by_level ? a.level_mqls : a.entered[Index(Stage::Mql)];
    k.sales_ready = by_level ? a.level_sales_ready : a.entered[Index(Stage::SalesReady)];
    k.sqls = a.entered[Index(Stage::Sql)];
    k.opportunities = a.entered[Index(Stage::Opportunity)];
    k.accepted = a.accepted;
    k.rejected = a.rejected;
    k.acceptance_rate = Ratio(a.accepted, a.accepted + a.rejected);
    // Conversions keep the real first entries even by level: they describe what happened.
    k.lead_to_mql = Ratio(a.leads_to_mql, a.leads);
    k.mql_to_sales_ready = Ratio(a.converted[Index(Stage::Mql)], a.entered[Index(Stage::Mql)]);
    k.sales_ready_to_sql = Ratio(a.converted[Index(Stage::SalesReady)], a.entered[Index(Stage::SalesReady)]);
    k.sql_to_opportunity = Ratio(a.converted[Index(Stage::Sql)], a.entered[Index(Stage::Sql)]);
    k.opportunity_to_won = Ratio(a.converted[Index(Stage::Opportunity)], a.entered[Index(Stage::Opportunity)]);
    k.response_answered = a.answered;
    if (a.answered > 0) {
        k.response_hours_median = static_cast<double>(picks.lower + picks.upper) / 7200.0;
        k.response_hours_p90 = static_cast<double>(picks.p90) / 3600.0;
    }
    k.sla_due = a.sla_due;
    k.sla_met = a.sla_met;
    k.sla_met_rate = Ratio(a.sla_met, a.sla_due);
    k.recycled = a.entered[Index(Stage::Recycled)];
    k.recycled_by_reason.reserve(kReasons);
    for (std::size_t r = 0; r < kReasons; ++r) k.recycled_by_reason.emplace_back(static_cast<RejectReason>(r), a.recycled_by_reason[r]);
    k.won = a.entered[Index(Stage::Won)];
    k.lost = a.entered[Index(Stage::Lost)];
    k.revenue = a.revenue;
    k.win_rate = Ratio(k.won, k.won + k.lost);
    k.avg_deal = Ratio(a.revenue, k.won);
    if (k.won > 0) k.cycle_days = static_cast<double>(a.cycle_seconds) / (static_cast<double>(k.won) * kSecondsPerDay);
    k.open_opportunities = a.open_opportunities;
    // A cycle of zero days (or a negative one, from a won date before the created date in bad
    // data) gives no meaningful velocity.
    if (k.win_rate && k.avg_deal && k.cycle_days && *k.cycle_days > 0)
        k.sales_velocity = static_cast<double>(k.open_opportunities) * *k.win_rate * *k.avg_deal / *k.cycle_days;
    return k;
}

bool HasActivity(const Kpis& k) {
    for (std::int64_t count : {k.leads, k.mqls, k.sales_ready, k.sqls, k.opportunities, k.accepted, k.rejected,
                               k.response_answered, k.sla_due, k.sla_met, k.recycled, k.won, k.lost, k.revenue,
                               k.open_opportunities})
        if (count != 0) return true;
    // "As if" can zero mqls while leads really entered mql in the period.
    return k.mql_to_sales_ready.has_value() || k.sales_ready_to_sql.has_value();
}

// Campaign id -> dense group index, open addressing: the hot loop asks it once per lead, so no
// node-based map and no up-front sort of a million ids.
class CampaignIndex {
public:
    CampaignIndex() : m_slots(64, 0) {}

    std::size_t IndexOf(std::int64_t id) {
        if (id == m_last_id && m_last_index != kNone) return m_last_index;
        std::size_t mask = m_slots.size() - 1;
        for (std::size_t slot = Hash(id) & mask;; slot = (slot + 1) & mask) {
            std::uint32_t entry = m_slots[slot];
            if (entry == 0) {
                m_ids.push_back(id);
                m_slots[slot] = static_cast<std::uint32_t>(m_ids.size());
                if (m_ids.size() * 2 > m_slots.size()) Grow();
                return Remember(id, m_ids.size() - 1);
            }
            if (m_ids[entry - 1] == id) return Remember(id, entry - 1);
        }
    }
    const std::vector<std::int64_t>& Ids() const { return m_ids; }

private:
    static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

    static std::size_t Hash(std::int64_t id) {
        return static_cast<std::size_t>((static_cast<std::uint64_t>(id) * 0x9E3779B97F4A7C15ull) >> 20);
    }
    std::size_t Remember(std::int64_t id, std::size_t index) {
        m_last_id = id;
        m_last_index = index;
        return index;
    }
    void Grow() {
        std::vector<std::uint32_t> slots(m_slots.size() * 2, 0);
        std::size_t mask = slots.size() - 1;
        for (std::size_t i = 0; i < m_ids.size(); ++i) {
            std::size_t slot = Hash(m_ids[i]) & mask;
            while (slots[slot] != 0) slot = (slot + 1) & mask;
            slots[slot] = static_cast<std::uint32_t>(i + 1);
        }
        m_slots = std::move(slots);
    }

    std::vector<std::uint32_t> m_slots;   // dense index + 1; 0 is empty
    std::vector<std::int64_t> m_ids;
    std::int64_t m_last_id = 0;
    std::size_t m_last_index = kNone;
};

// One scorecard computation: the query's constants, the buckets, and the pass over the leads.
class Engine {
public:
    Engine(const FunnelData& funnel, const ScorecardQuery& query)
        : m_funnel(funnel),
          m_query(query),
          m_from(query.from),
          m_to(query.to),
          m_now(query.now),
          m_sla_seconds(static_cast<Timestamp>(query.sla_hours) * 3600),
          m_grouped(query.group != GroupBy::None),
          m_by_level(!query.levels.empty() && query.levels.size() == funnel.leads.size()) {
        // At most one response a lead: reserving that bound (address space, touched only as
        // written) spares the copies of a growing vector.
        m_responses.reserve(funnel.leads.size());
        if (query.weekly && m_from < m_to) {
            m_first_week = WeekStart(DateOf(m_from));
            m_week0 = StartOf(m_first_week);
            m_weeks.resize(static_cast<std::size_t>((m_to - m_week0 + kSecondsPerWeek - 1) / kSecondsPerWeek));
        }
        if (query.group == GroupBy::Source) AddGroups(kSources);
    }

    Scorecard Run() {
        for (std::size_t i = 0; i < m_funnel.leads.size(); ++i) AddLead(i);
        Scorecard card;
        PickResponses();
        card.total = Finish(m_total, m_total_picks, m_by_level);
        card.definitions = Effects(m_total, m_from, m_to);
        FinishGroups(card);
        card.weeks = Weeks(m_weeks, m_week_picks);
        std::sort(m_breaches.begin(), m_breaches.end(), [](const SlaBreach& a, const SlaBreach& b) {
            return a.entered_at != b.entered_at ? a.entered_at < b.entered_at : a.lead_id < b.lead_id;
        });
        card.breaches = std::move(m_breaches);
        return card;
    }

private:
    // Everything the engine counts lies in the period and not after now.
    bool InPeriod(Timestamp t) const { return t >= m_from && t < m_to && t <= m_now; }

    std::size_t GroupOf(const FunnelLead& lead) {
        if (m_query.group == GroupBy::Source) {
            auto source = static_cast<std::size_t>(lead.source);
            return source < kSources ? source : static_cast<std::size_t>(Source::Other);
        }
        std::size_t index = m_campaigns.IndexOf(lead.campaign_id);
        if (index >= m_groups.size()) AddGroups(index + 1);
        return index;
    }

    // Grows the groups (and, for a weekly scorecard, their weeks) to `count`.
    void AddGroups(std::size_t count) {
        m_groups.resize(count);
        if (!m_weeks.empty()) m_group_weeks.resize(count, std::vector<Accumulator>(m_weeks.size()));
    }

    // Adds to the total, the lead's group, the week of `at` (which must be in the period) and the
    // group's own week.
    template <class F>
    void ForBuckets(std::size_t group, Timestamp at, F&& add) {
        add(m_total);
        if (m_grouped) add(m_groups[group]);
        if (m_weeks.empty()) return;
        auto week = static_cast<std::size_t>((at - m_week0) / kSecondsPerWeek);
        add(m_weeks[week]);
        if (m_grouped) add(m_group_weeks[group][week]);
    }

    void AddLead(std::size_t lead_index) {
        const FunnelLead& lead = m_funnel.leads[lead_index];
        std::span<const FunnelEvent> events = m_funnel.EventsOf(lead_index);

        // A lead whose whole history lies outside the period adds nothing but what depends on
        // its current stage: most leads of a long-lived funnel, skipped after two reads.
        // (A lead with rows after now, from a skewed clock, is read whole: its stage as of now is
        // not its current one.)
        bool touches_period = (lead.created_at >= m_from && lead.created_at < m_to) ||
                              (!events.empty() && events.back().at >= m_from && events.front().at < m_to) ||
                              (!events.empty() && events.back().at > m_now);
        bool open = lead.stage == Stage::Opportunity;
        bool waiting = lead.stage == Stage::SalesReady;
        if (!touches_period && !open && !waiting) return;

        std::size_t group = m_grouped ? GroupOf(lead) : 0;
        Timeline timeline = ReadTimeline(events, m_now);
        if (timeline.first[Index(Stage::Opportunity)] != kNever) CountOpenAtEnds(events, group);
        // Decisions count every time they happen, not only a lead's first.
        for (const FunnelEvent& event : events) {
            if (event.kind != FunnelEvent::Kind::StageChange || !IsSalesResponse(event) || !InPeriod(event.at)) continue;
            if (event.to == Stage::Sql) ForBuckets(group, event.at, [](Accumulator& a) { ++a.accepted; });
            if (event.to == Stage::Recycled) ForBuckets(group, event.at, [](Accumulator& a) { ++a.rejected; });
        }
        const std::array<Timestamp, kStages>& first = timeline.first;
        if (waiting && Breached(lead, timeline, m_sla_seconds, m_now)) {
            m_breaches.push_back({lead.id, lead.owner_id, timeline.latest_handover,
                                  static_cast<double>(m_now - timeline.latest_handover) / 3600.0});
        }
        if (!touches_period) return;

        if (InPeriod(lead.created_at)) {
            bool became_mql = first[Index(Stage::Mql)] != kNever;
            Level level = m_by_level ? m_query.levels[lead_index] : Level::None;
            ForBuckets(group, lead.created_at, [&](Accumulator& a) {
                ++a.leads;
                if (became_mql) ++a.leads_to_mql;
                if (level == Level::Mql || level == Level::SalesReady) ++a.level_mqls;
                if (level == Level::SalesReady) ++a.level_sales_ready;
            });
        }

        // mql -> sales_ready -> sql -> opportunity -> won: each stage converts into the next.
        for (std::size_t stage = Index(Stage::Mql); stage <= Index(Stage::Opportunity); ++stage) {
            if (!InPeriod(first[stage])) continue;
            bool converted = first[stage + 1] != kNever;
            std::uint16_t by = timeline.first_by[stage];
            bool counted_by_effect = by != 0 && stage <= Index(Stage::SalesReady);
            ForBuckets(group, first[stage], [&](Accumulator& a) {
                ++a.entered[stage];
                if (converted) ++a.converted[stage];
                if (counted_by_effect) AddEffect(a, by, static_cast<Stage>(stage));
            });
        }

        Timestamp handover = first[Index(Stage::SalesReady)];
        if (InPeriod(handover)) {
            if (timeline.first_response != kNever) {
                Timestamp seconds = timeline.first_response - handover;
                bool met = seconds <= m_sla_seconds;
                std::uint32_t week = m_weeks.empty() ? 0 : static_cast<std::uint32_t>((handover - m_week0) / kSecondsPerWeek);
                m_responses.push_back({seconds, static_cast<std::uint32_t>(group), week});
                ForBuckets(group, handover, [&](Accumulator& a) {
                    ++a.answered;
                    ++a.sla_due;
                    if (met) ++a.sla_met;
                });
            } else if (handover + m_sla_seconds <= m_now) {
                ForBuckets(group, handover, [](Accumulator& a) { ++a.sla_due; });
            }
        }

        Timestamp won_at = first[Index(Stage::Won)];
        if (InPeriod(won_at)) {
            ForBuckets(group, won_at, [&](Accumulator& a) {
                ++a.entered[Index(Stage::Won)];
                a.revenue += lead.deal_value;
                a.cycle_seconds += won_at - lead.created_at;
            });
        }
        if (InPeriod(first[Index(Stage::Lost)])) {
            ForBuckets(group, first[Index(Stage::Lost)], [](Accumulator& a) { ++a.entered[Index(Stage::Lost)]; });
        }
        Timestamp recycled_at = first[Index(Stage::Recycled)];
        if (InPeriod(recycled_at)) {
            // reason is RejectReason + 1; 0 (or garbage) means the entry is not listed by reason.
            std::uint8_t recycled_reason = timeline.recycled_reason;
            std::size_t reason = recycled_reason >= 1 && recycled_reason <= kReasons ? recycled_reason - 1u : kReasons;
            ForBuckets(group, recycled_at, [&](Accumulator& a) {
                ++a.entered[Index(Stage::Recycled)];
                if (reason < kReasons) ++a.recycled_by_reason[reason];
            });
        }
    }

    // The end of a period, as the instant its state is read at: its `to`, or just after now for a
    // period not yet over (what has happened by now counts).
    Timestamp EndOf(Timestamp to) const { return std::min(to, m_now + 1); }

    // Open opportunities at the end of the period, of each group's period and of each week: the
    // lead counts where it was in opportunity at that end (entered before it, not left before it).
    void CountOpenAtEnds(std::span<const FunnelEvent> events, std::size_t group) {
        Timestamp period_end = EndOf(m_to);
        Timestamp entered = kNever;
        auto close = [&](Timestamp left) {   // the lead was in opportunity during [entered, left)
            if (entered < period_end && period_end <= left) {
                ++m_total.open_opportunities;
                if (m_grouped) ++m_groups[group].open_opportunities;
            }
            // Week ends only grow: the weeks counted run from the one the lead entered in while
            // their ends come before it left.
            std::size_t w = entered < m_week0 ? 0 : static_cast<std::size_t>((entered - m_week0) / kSecondsPerWeek);
            for (; w < m_weeks.size(); ++w) {
                Timestamp week_end = EndOf(std::min(m_week0 + static_cast<Timestamp>(w + 1) * kSecondsPerWeek, m_to));
                if (week_end > left) break;
                if (entered >= week_end) continue;
                ++m_weeks[w].open_opportunities;
                if (m_grouped) ++m_group_weeks[group][w].open_opportunities;
            }
            entered = kNever;
        };
        for (const FunnelEvent& event : events) {
            if (event.at > m_now || event.kind != FunnelEvent::Kind::StageChange) continue;
            bool in = event.to == Stage::Opportunity;
            if (in && entered == kNever) entered = event.at;
            else if (!in && entered != kNever) close(event.at);
        }
        if (entered != kNever) close(kNever);
    }

    // One ascending walk over every response finds the median and p90 of every bucket at once.
    void PickResponses() {
        std::vector<Response> buffer;
        SortBySeconds(m_responses, buffer);
        m_total_picks = ResponsePicks(m_total.answered);
        for (const Accumulator& group : m_groups) m_group_picks.emplace_back(group.answered);
        for (const Accumulator& week : m_weeks) m_week_picks.emplace_back(week.answered);
        for (const std::vector<Accumulator>& weeks : m_group_weeks) {
            std::vector<ResponsePicks>& picks = m_group_week_picks.emplace_back();
            for (const Accumulator& week : weeks) picks.emplace_back(week.answered);
        }
        for (const Response& response : m_responses) {
            m_total_picks.See(response.seconds);
            if (m_grouped) m_group_picks[response.group].See(response.seconds);
            if (m_weeks.empty()) continue;
            m_week_picks[response.week].See(response.seconds);
            if (m_grouped) m_group_week_picks[response.group][response.week].See(response.seconds);
        }
    }

    void FinishGroups(Scorecard& card) {
        if (!m_grouped) return;
        for (std::size_t g = 0; g < m_groups.size(); ++g) {
            Kpis kpis = Finish(m_groups[g], m_group_picks[g], m_by_level);
            if (!HasActivity(kpis)) continue;
            GroupKpis& group = card.groups.emplace_back(m_query.group == GroupBy::Source
                                                            ? SourceGroup(g, std::move(kpis))
                                                            : CampaignGroup(m_campaigns.Ids()[g], std::move(kpis)));
            if (!m_weeks.empty()) group.weeks = Weeks(m_group_weeks[g], m_group_week_picks[g]);
        }
        std::sort(card.groups.begin(), card.groups.end(), [](const GroupKpis& a, const GroupKpis& b) {
            return a.kpis.leads != b.kpis.leads ? a.kpis.leads > b.kpis.leads : a.key < b.key;
        });
    }

    static GroupKpis SourceGroup(std::size_t index, Kpis kpis) {
        Source source = static_cast<Source>(index);
        return {std::string(ToString(source)), SourceLabel(source), std::move(kpis)};
    }

    GroupKpis CampaignGroup(std::int64_t id, Kpis kpis) const {
        std::string name = id == 0 ? "No campaign" : "Campaign " + std::to_string(id);
        if (id != 0 && m_query.campaign_names) {
            auto it = m_query.campaign_names->find(id);
            if (it != m_query.campaign_names->end()) name = it->second;
        }
        return {std::to_string(id), std::move(name), std::move(kpis)};
    }

    // The definitions activated in [begin, end), with what their activation moved in the bucket.
    std::vector<DefinitionEffect> Effects(const Accumulator& a, Timestamp begin, Timestamp end) const {
        std::vector<DefinitionEffect> effects;
        for (const DefinitionChange& change : m_query.definitions) {
            if (change.activated_at < begin || change.activated_at >= end) continue;
            DefinitionEffect& effect = effects.emplace_back(DefinitionEffect{change.version, change.activated_at});
            for (const DefinitionEffect& moved : a.effects) {
                if (moved.version != change.version) continue;
                effect.mqls = moved.mqls;
                effect.sales_ready = moved.sales_ready;
            }
        }
        return effects;
    }

    std::vector<WeekPoint> Weeks(const std::vector<Accumulator>& weeks, const std::vector<ResponsePicks>& picks) const {
        std::vector<WeekPoint> points;
        points.reserve(weeks.size());
        for (std::size_t w = 0; w < weeks.size(); ++w) {
            WeekPoint& point = points.emplace_back();
            point.week_start = m_first_week + static_cast<Date>(7 * w);
            point.kpis = Finish(weeks[w], picks[w], m_by_level);
            point.definitions = Effects(weeks[w], std::max(StartOf(point.week_start), m_from),
                                        std::min(StartOf(point.week_start + 7), m_to));
        }
        return points;
    }

    const FunnelData& m_funnel;
    const ScorecardQuery& m_query;
    Timestamp m_from;
    Timestamp m_to;
    Timestamp m_now;
    Timestamp m_sla_seconds;
    bool m_grouped;
    bool m_by_level;
    Date m_first_week = 0;
    Timestamp m_week0 = 0;
    Accumulator m_total;
    std::vector<Accumulator> m_groups;
    std::vector<Accumulator> m_weeks;
    std::vector<std::vector<Accumulator>> m_group_weeks;   // [group][week], when grouped and weekly
    CampaignIndex m_campaigns;
    std::vector<SlaBreach> m_breaches;
    std::vector<Response> m_responses;   // every answered handover in the period, once
    ResponsePicks m_total_picks;
    std::vector<ResponsePicks> m_group_picks;
    std::vector<ResponsePicks> m_week_picks;
    std::vector<std::vector<ResponsePicks>> m_group_week_picks;
};

// A "YYYY-MM" month as [start, end); nullopt for anything else.
bool MonthRange(const std::string& month, Timestamp& start, Timestamp& end) {
    if (month.size() != 7) return false;
    std::optional<Date> first_day = ParseDate(month + "-01");
    if (!first_day) return false;
    int year, month_number, day;
    CivilFromDays(*first_day, year, month_number, day);
    start = StartOf(*first_day);
    end = StartOf(month_number == 12 ? DaysFromCivil(year + 1, 1, 1) : DaysFromCivil(year, month_number + 1, 1));
    return true;
}

// The mean of the agreed acceptance rates of the months the period touches: a rate is a
// standard to meet, so it is not scaled by elapsed time.
std::optional<double> AcceptanceTarget(std::span<const MonthlyTarget> targets, Timestamp from, Timestamp to) {
    double sum = 0;
    int count = 0;
    for (const MonthlyTarget& target : targets) {
        Timestamp start = 0, end = 0;
        if (!target.acceptance_rate || !MonthRange(target.month, start, end)) continue;
        if (std::max(start, from) >= std::min(end, to)) continue;
        sum += *target.acceptance_rate;
        ++count;
    }
    if (count == 0) return std::nullopt;
    return sum / count;
}

TargetCheck Check(std::optional<double> target, std::optional<double> actual) {
    TargetCheck check;
    check.target = target;
    if (target && *target != 0 && actual) {
        check.attainment = *actual / *target;
        check.colour = ColourFor(*check.attainment);
    }
    return check;
}

}  // namespace

// [SECTION] Public entry points

std::vector<std::int64_t> CountedLeads(const FunnelData& funnel, const CountedQuery& query) {
    Timestamp sla_seconds = static_cast<Timestamp>(query.sla_hours) * 3600;
    auto in_period = [&](Timestamp t) { return t >= query.from && t < query.to && t <= query.now; };
    std::vector<std::int64_t> ids;
    for (std::size_t i = 0; i < funnel.leads.size(); ++i) {
        const FunnelLead& lead = funnel.leads[i];
        if (query.source && lead.source != *query.source) continue;
        if (query.campaign_id && lead.campaign_id != *query.campaign_id) continue;
        Timeline timeline = ReadTimeline(funnel.EventsOf(i), query.now);
        bool counted = false;
        switch (query.what) {
        case Counted::Entered:
            counted = in_period(query.stage == Stage::New ? lead.created_at : timeline.first[Index(query.stage)]);
            break;
        case Counted::SlaMissed: {
            Timestamp handover = timeline.first[Index(Stage::SalesReady)];
            counted = in_period(handover) && MissedSla(timeline, handover, sla_seconds, query.now);
            break;
        }
        case Counted::SlaBreached: counted = Breached(lead, timeline, sla_seconds, query.now); break;
        }
        if (counted) ids.push_back(lead.id);
    }
    std::sort(ids.begin(), ids.end(), std::greater<>());
    return ids;
}

std::string ActivationReason(std::int64_t version) { return "definition v" + std::to_string(version); }

std::uint16_t ActivationVersion(std::string_view reason) {
    constexpr std::string_view kPrefix = "definition v";
    if (!reason.starts_with(kPrefix) || reason.size() == kPrefix.size() || reason.size() > kPrefix.size() + 5) return 0;
    std::uint32_t version = 0;
    for (char c : reason.substr(kPrefix.size())) {
        if (c < '0' || c > '9') return 0;
        version = version * 10 + static_cast<std::uint32_t>(c - '0');
    }
    return version <= 65535 ? static_cast<std::uint16_t>(version) : 0;
}

Scorecard ComputeScorecard(const FunnelData& funnel, const ScorecardQuery& query) {
    Scorecard card = Engine(funnel, query).Run();
    auto amount = [&](std::optional<std::int64_t> MonthlyTarget::*field) {
        return ProRatedTarget(query.targets, field, query.from, query.to, query.now);
    };
    auto real = [](std::int64_t value) { return std::optional<double>(static_cast<double>(value)); };
    card.leads_target = Check(amount(&MonthlyTarget::leads), real(card.total.leads));
    card.mqls_target = Check(amount(&MonthlyTarget::mqls), real(card.total.mqls));
    card.sqls_target = Check(amount(&MonthlyTarget::sqls), real(card.total.sqls));
    card.revenue_target = Check(amount(&MonthlyTarget::revenue), real(card.total.revenue));
    card.acceptance_target = Check(AcceptanceTarget(query.targets, query.from, query.to), card.total.acceptance_rate);
    return card;
}

std::optional<double> ProRatedTarget(std::span<const MonthlyTarget> targets,
                                     std::optional<std::int64_t> MonthlyTarget::*field, Timestamp from, Timestamp to,
                                     Timestamp now) {
    Timestamp elapsed_end = std::min(to, now);
    if (elapsed_end <= from) return std::nullopt;
    std::optional<double> total;
    for (const MonthlyTarget& target : targets) {
        const std::optional<std::int64_t>& value = target.*field;
        Timestamp start = 0, end = 0;
        if (!value || !MonthRange(target.month, start, end)) continue;
        Timestamp overlap = std::min(end, elapsed_end) - std::max(start, from);
        if (overlap <= 0) continue;
        // Seconds, not whole days: half a day elapsed earns half a day's target.
        total = total.value_or(0.0) + static_cast<double>(*value) * static_cast<double>(overlap) /
                                          static_cast<double>(end - start);
    }
    return total;
}

Attainment ColourFor(double attainment) {
    if (attainment >= 1.0) return Attainment::Green;
    if (attainment >= 0.8) return Attainment::Amber;
    return Attainment::Red;
}

}  // namespace tandem
