// The hand-off from marketing to sales, lead by lead: who a lead is assigned to and how (round
// robin, a claim, a leader's assignment), a rep's inbox of sales-ready leads ordered by the SLA
// time left, and when a recycled lead has earned another look from sales.
//
// The inbox reads the same in-memory funnel as the KPIs and answers "has sales responded?" the
// way kpi.h does: a response to a handover is a later contact, or a move out of sales_ready to
// sql, recycled or disqualified; the clock runs from the latest entry into sales_ready.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "tandem/enums.h"
#include "tandem/kpi.h"
#include "tandem/lead.h"
#include "tandem/time.h"

namespace tandem {

// [SECTION] Assignment

enum class AssignmentKind { RoundRobin, Claim, Assign };

template <>
struct EnumNames<AssignmentKind> {
    static constexpr std::pair<AssignmentKind, std::string_view> kNames[] = {
        {AssignmentKind::RoundRobin, "round_robin"}, {AssignmentKind::Claim, "claim"}, {AssignmentKind::Assign, "assign"}};
};

// One change of a lead's owner. Owners are never changed without one, so a lead's assignments
// are its whole ownership history.
struct Assignment {
    std::int64_t id = 0;
    std::int64_t lead_id = 0;
    std::optional<std::int64_t> from_owner_id;   // empty: it was unassigned
    std::optional<std::int64_t> to_owner_id;     // empty: returned to the unassigned pool
    Timestamp at = 0;
    std::optional<std::int64_t> by_user_id;      // empty: the system (round robin)
    AssignmentKind kind = AssignmentKind::Assign;
    std::string note;
};

// A request to (re)assign a lead: POST /api/leads/{id}/assign {"owner_id": 5 | null, "note": "..."}.
struct AssignRequest {
    std::optional<std::int64_t> owner_id;        // required member; null returns the lead to the pool
    std::string note;                            // at most 2000 bytes, trimmed
};

// Round robin, deterministic: among the candidates (active sales reps), the one with the fewest
// open sales_ready leads; ties go to the lowest user id. `open` is indexed like `candidates`.
// nullopt if there are no candidates.
std::optional<std::size_t> PickRoundRobin(std::span<const std::int64_t> candidates, std::span<const std::int64_t> open);

// [SECTION] The inbox

// A sales_ready lead and its response clock.
struct InboxEntry {
    std::int64_t lead_id = 0;
    std::int64_t owner_id = 0;                   // 0: unassigned
    Timestamp entered_at = 0;                    // the latest entry into sales_ready
    Timestamp due_at = 0;                        // entered_at + the SLA
    std::optional<Timestamp> answered_at;        // the first sales response after entered_at
    bool breached = false;                       // unanswered and now > due_at (as kpi.h's breaches)
};

enum class InboxScope {
    Mine,         // the user's own and the unassigned pool (to claim)
    All,          // every rep's, and the pool
    Rep,          // one owner's
    Unassigned,   // the pool only
};

struct InboxQuery {
    Timestamp now = 0;
    int sla_hours = 24;
    InboxScope scope = InboxScope::Mine;
    std::int64_t user_id = 0;                    // Mine: the caller; Rep: the owner
};

// How many sales_ready leads an owner holds and how many of them breach the SLA.
struct OwnerLoad {
    std::int64_t owner_id = 0;
    std::int64_t open = 0;
    std::int64_t breached = 0;

    bool operator==(const OwnerLoad&) const = default;
};

struct InboxEntries {
    // In scope, most urgent first: unanswered leads by due time (the most overdue first), then
    // answered ones (waiting for the decision, their clock stopped) by due time; ties by lead id.
    std::vector<InboxEntry> entries;
    std::int64_t breached = 0;                   // of `entries`
    std::int64_t unassigned = 0;                 // the whole pool, whatever the scope
    // Every owner holding a sales_ready lead plus every id in `always` (active reps with none),
    // by owner id; the pool is not in it.
    std::vector<OwnerLoad> owners;
};

// Leads whose current stage is sales_ready, read off the funnel. Rows after query.now are ignored.
InboxEntries CollectInbox(const FunnelData& funnel, const InboxQuery& query, std::span<const std::int64_t> always = {});

// What GET /api/inbox sends: one page of entries with their leads.
struct InboxItem {
    Lead lead;
    Timestamp entered_at = 0;
    Timestamp due_at = 0;
    std::optional<Timestamp> answered_at;
    bool breached = false;
};

struct Inbox {
    Timestamp now = 0;
    int sla_hours = 24;
    std::string rep;                             // "me", "all", "none" or an owner id, as asked
    std::vector<InboxItem> items;
    std::int64_t total = 0;                      // in scope, all pages
    std::int64_t breached = 0;                   // in scope
    std::int64_t unassigned = 0;                 // the pool
    std::vector<OwnerLoad> owners;
    std::optional<std::int64_t> next_cursor;     // the offset of the next page
};

// [SECTION] Re-qualification of recycled leads

// A recycled lead goes back to marketing with the reason sales gave. It comes back by itself only
// on new evidence, never merely because it still scores (sales has already said no to that):
// - an edit changed a fact the reason contradicted: no_budget -> budget_usd, no_authority ->
//   authority, no_need -> need, no_timeline -> timeline_months, bad_fit -> industry,
//   company_size, title, country (ContradictedFields); unreachable -> phone or email; other, or
//   no reason on record -> any fact a criterion can test;
// - or the edit records new engagement (a counter went up, a demo request, a later activity) and
//   raised the total score;
// - and never for a duplicate.
// Whether it then meets the active definition (its level is mql or sales_ready) is the caller's
// test; this says whether the edit is evidence enough. `before` and `after` carry their scores.
struct RequalifyVerdict {
    bool evidence = false;
    std::string why;                             // "budget_usd changed", "new engagement: score 52 → 71"
};
RequalifyVerdict RequalifyEvidence(const Lead& before, const Lead& after, std::optional<RejectReason> reason);

// [SECTION] JSON (src/handoff_json.cpp)

nlohmann::json ToJson(const Assignment& assignment);
Assignment AssignmentFromServerJson(const nlohmann::json& in);
AssignRequest AssignRequestFromJson(const nlohmann::json& in);
nlohmann::json ToJson(const Inbox& inbox);
Inbox InboxFromServerJson(const nlohmann::json& in);

}  // namespace tandem
