// The KPI engine: every figure of the joint scorecard, computed exactly as PRODUCT.md defines it
// from the leads' stage histories, for a period [from, to), in total, by source and by campaign,
// as weekly trends, against pro-rated targets, with the two-way SLA and its current breaches.
//
// The input is a compact, columnar copy of the funnel (FunnelData) that the server keeps in memory
// and updates as leads move, so a scorecard over a million leads takes milliseconds. "No data" is
// std::nullopt, never 0 % or NaN.
//
// How the figures are read off the history (src/kpi.cpp; tests/unit/test_kpi.cpp pins each):
// - "Entered X" is a lead's first-ever stage row into X (the creation row counts as a row into its
//   `to`). A lead that re-enters X is not counted again; one that skips X never entered it.
// - Rows with `at` after query.now are ignored everywhere, as if not yet happened; so is a lead
//   whose created_at is after now (its creation is such a row).
// - A sales response to a handover is the first later row of the lead's history that is a
//   Contact or a move out of sales_ready to sql, recycled or disqualified. The definition taking
//   a lead back (sales_ready -> mql) is not a response.
// - "Current stage" (breaches) is FunnelLead::stage; open opportunities are read off the history at
//   the period's end.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "tandem/enums.h"
#include "tandem/target.h"
#include "tandem/time.h"

namespace tandem {

// One moment in a lead's funnel: a stage change, or sales contacting the lead (a logged call or
// note), which also answers the response-time clock.
struct FunnelEvent {
    enum class Kind : std::uint8_t { StageChange, Contact };
    Timestamp at = 0;
    Kind kind = Kind::StageChange;
    Stage from = Stage::New;          // StageChange only; the creation row has has_from == false
    Stage to = Stage::New;
    bool has_from = true;
    std::uint8_t reason = 0;          // RejectReason + 1 for moves to recycled, else 0
    std::uint16_t definition = 0;     // a move made by this version's activation (ActivationVersion), else 0
};

// The stage-history reason of the moves a definition's activation makes: "definition v3".
std::string ActivationReason(std::int64_t version);
// The version of such a reason, or 0 for any other (and for versions past 65,535).
std::uint16_t ActivationVersion(std::string_view reason);

struct FunnelLead {
    std::int64_t id = 0;
    Timestamp created_at = 0;
    Source source = Source::Other;
    std::int64_t campaign_id = 0;     // 0: none
    std::int64_t owner_id = 0;        // 0: unassigned
    std::int64_t deal_value = 0;      // whole USD; 0 if unknown
    Stage stage = Stage::New;         // current stage
};

// Leads and their events in CSR form: lead i's events are events[event_begin[i] .. event_begin[i+1]),
// in time order (ties in history-row order). Add() restores that order (stably) if it is given
// rows out of time order.
struct FunnelData {
    std::vector<FunnelLead> leads;
    std::vector<std::uint32_t> event_begin{0};
    std::vector<FunnelEvent> events;

    void Add(const FunnelLead& lead, std::span<const FunnelEvent> lead_events);
    std::span<const FunnelEvent> EventsOf(std::size_t lead_index) const;
};

enum class Attainment { None, Red, Amber, Green };

// A figure against its target: target pro-rated to the elapsed part of the period.
struct TargetCheck {
    std::optional<double> target;      // pro-rated; nullopt if no target covers the period
    std::optional<double> attainment;  // actual / target
    Attainment colour = Attainment::None;   // green >= 100 %, amber >= 80 %, red below
};

struct Kpis {
    std::int64_t leads = 0;            // created in the period
    std::int64_t mqls = 0;             // entered the stage in the period (first entry)
    std::int64_t sales_ready = 0;
    std::int64_t sqls = 0;
    std::int64_t opportunities = 0;
    std::int64_t accepted = 0;         // sales decisions in the period
    std::int64_t rejected = 0;
    std::optional<double> acceptance_rate;          // accepted / (accepted + rejected)
    // Stage conversion: of leads that entered A in the period, the share that entered B by now.
    std::optional<double> lead_to_mql;
    std::optional<double> mql_to_sales_ready;
    std::optional<double> sales_ready_to_sql;
    std::optional<double> sql_to_opportunity;
    std::optional<double> opportunity_to_won;
    // Response time of leads that entered sales_ready in the period: hours to the first sales
    // decision (accept, reject) or contact. Unanswered leads count for sla_met but not for hours.
    // The median of an even count is the mean of the two middle values; p90 is nearest-rank: the
    // value at rank ceil(0.9 n) in ascending order (no interpolation).
    std::int64_t response_answered = 0;
    std::optional<double> response_hours_median;
    std::optional<double> response_hours_p90;
    // Answered, or unanswered with entry + sla_hours <= now. (A breach needs now - entry >
    // sla_hours: at the very second the SLA runs out the lead is already missed, not yet breached.)
    std::int64_t sla_due = 0;
    std::int64_t sla_met = 0;                       // answered within sla_hours (inclusive)
    std::optional<double> sla_met_rate;             // sla_met / sla_due
    std::int64_t recycled = 0;                      // entered recycled in the period (first entry)
    // Every reason, in enum order, zeros included; a recycled entry without a reason (marketing
    // recycling an mql) counts in `recycled` but under no reason.
    std::vector<std::pair<RejectReason, std::int64_t>> recycled_by_reason;
    std::int64_t won = 0;                           // entered won in the period
    std::int64_t lost = 0;
    std::int64_t revenue = 0;                       // sum of deal_value of won
    std::optional<double> win_rate;                 // won / (won + lost)
    std::optional<double> avg_deal;                 // revenue / won
    std::optional<double> cycle_days;               // mean days created -> won, for won
    // In opportunity at the end of the period (of the week, for a week of the trend): entered
    // before the end and not left before it; for a period not yet over, its end is now.
    std::int64_t open_opportunities = 0;
    // open × win_rate × avg_deal / cycle_days, per day; nullopt if a factor is, or cycle_days <= 0.
    std::optional<double> sales_velocity;
};

// A definition activated in a stretch of time, and what its activation did there at once: the
// leads it moved into mql and into sales_ready for the first time (part of mqls and sales_ready,
// which a rule change would otherwise pass off as performance).
struct DefinitionEffect {
    std::int64_t version = 0;
    Timestamp activated_at = 0;
    std::int64_t mqls = 0;
    std::int64_t sales_ready = 0;

    bool operator==(const DefinitionEffect&) const = default;
};

struct WeekPoint {
    Date week_start = 0;               // Monday
    Kpis kpis;                         // for [week_start, week_start + 7 days) ∩ [from, to)
    // Versions activated within that same clipped range, in query.definitions order.
    std::vector<DefinitionEffect> definitions;
};

struct GroupKpis {
    std::string key;                   // "webinar", or a campaign id ("0" for none)
    std::string name;                  // as people say it: "Paid search", the campaign's name, "No campaign"
    Kpis kpis;
    std::vector<WeekPoint> weeks;      // the group's own trend, when weekly (same weeks as Scorecard::weeks)
};

// A sales_ready lead whose response is overdue right now.
struct SlaBreach {
    std::int64_t lead_id = 0;
    std::int64_t owner_id = 0;
    Timestamp entered_at = 0;          // entered sales_ready (the latest entry)
    double hours_waiting = 0;
};

struct DefinitionChange {
    std::int64_t version = 0;
    Timestamp activated_at = 0;
};

enum class GroupBy { None, Source, Campaign };

struct ScorecardQuery {
    Timestamp from = 0;
    Timestamp to = 0;                  // exclusive
    Timestamp now = 0;                 // "by now", pro-rating and SLA breaches
    int sla_hours = 24;
    GroupBy group = GroupBy::None;
    bool weekly = false;               // one accumulator per week: callers bound the period
    std::span<const MonthlyTarget> targets;
    std::span<const DefinitionChange> definitions;
    // Names of campaigns by id, for the groups by campaign ("Campaign 23" if it is not here).
    const std::map<std::int64_t, std::string>* campaign_names = nullptr;
    // For "as if" (see as_if.h): each lead's level (same order as FunnelData::leads). When given,
    // mqls and sales_ready count the leads created in the period whose level reaches mql /
    // sales_ready, instead of stage entries. Ignored unless its size equals FunnelData::leads.size().
    // Conversions still use the real history.
    std::span<const Level> levels;
};

struct Scorecard {
    Kpis total;
    TargetCheck leads_target;          // marketing's volume commitments
    TargetCheck mqls_target;
    TargetCheck sqls_target;           // sales' commitments
    TargetCheck revenue_target;
    TargetCheck acceptance_target;     // marketing's quality commitment (not pro-rated)
    // By the requested grouping: only groups with any non-zero count, largest lead count first,
    // ties by key as text ("0" < "12" < "3").
    std::vector<GroupKpis> groups;
    std::vector<WeekPoint> weeks;      // when weekly
    std::vector<DefinitionEffect> definitions;   // activated in the period, in query.definitions order
    std::vector<SlaBreach> breaches;   // every current breach, longest waiting first (ties by lead id)
};

Scorecard ComputeScorecard(const FunnelData& funnel, const ScorecardQuery& query);

// Which leads a figure counts, read off the funnel by the same rules ComputeScorecard counts by, so
// a figure's list always has as many leads as the figure says (PRODUCT.md: "every figure opens the
// list of exactly the leads it counts").
enum class Counted {
    Entered,       // first entry into `stage` in [from, to); for Stage::New: created in [from, to)
    SlaMissed,     // first handover in [from, to) answered late, or unanswered and past the SLA
    SlaBreached,   // waiting in sales_ready now, the latest handover unanswered past the SLA
};

struct CountedQuery {
    Counted what = Counted::Entered;
    Stage stage = Stage::New;
    Timestamp from = 0;
    Timestamp to = 0;                  // exclusive
    Timestamp now = 0;
    int sla_hours = 24;
    std::optional<Source> source;              // only this group (the scorecard's grouping)
    std::optional<std::int64_t> campaign_id;   // likewise; 0: leads of no campaign
};

// The ids of the leads counted, newest (largest id) first.
std::vector<std::int64_t> CountedLeads(const FunnelData& funnel, const CountedQuery& query);

// The target for [from, to) cut off at `now`: each month's target weighted by the share of its
// days that fall in the elapsed part of the period, counted in seconds (half a day counts half).
// nullopt if the elapsed part is empty or no month with a value overlaps it; months that are not
// "YYYY-MM" are ignored. (The acceptance target is instead the mean of the rates of the months
// overlapping [from, to), not pro-rated.)
std::optional<double> ProRatedTarget(std::span<const MonthlyTarget> targets,
                                     std::optional<std::int64_t> MonthlyTarget::*field, Timestamp from, Timestamp to,
                                     Timestamp now);
Attainment ColourFor(double attainment);   // >= 1.0 green, >= 0.8 amber, else red

// JSON (src/kpi_json.cpp): what GET /api/scorecard sends and the dashboard reads. Optional figures
// are null; times ISO 8601; enums by name; rates as fractions (0.5, not 50). Decoding is strict:
// every member required, unknown ones refused. recycled_by_reason is an object keyed by reason
// name; nlohmann::json sorts object keys, so on the wire they are alphabetical, and decoding
// restores enum order.
nlohmann::json ToJson(const Scorecard& scorecard);
Scorecard ScorecardFromJson(const nlohmann::json& in);

}  // namespace tandem
