// Round robin, the inbox read off the funnel, and the evidence a recycled lead needs to come back.
#include "tandem/handoff.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "tandem/codec.h"
#include "tandem/definition.h"

namespace tandem {

namespace {

// As kpi.cpp: a contact, or sales deciding on a handed-over lead.
bool IsSalesResponse(const FunnelEvent& event) {
    if (event.kind == FunnelEvent::Kind::Contact) return true;
    return event.has_from && event.from == Stage::SalesReady &&
           (event.to == Stage::Sql || event.to == Stage::Recycled || event.to == Stage::Disqualified);
}

bool InScope(const InboxQuery& query, std::int64_t owner_id) {
    switch (query.scope) {
    case InboxScope::Mine: return owner_id == 0 || owner_id == query.user_id;
    case InboxScope::All: return true;
    case InboxScope::Rep: return owner_id == query.user_id;
    case InboxScope::Unassigned: return owner_id == 0;
    }
    return false;
}

// Text facts match case-insensitively and without surrounding blanks, so only a change in those
// terms is a change of the fact.
bool SameText(const std::string& a, const std::string& b) { return ToLower(Trim(a)) == ToLower(Trim(b)); }

// Whether the fact a criterion (or a reason) names differs between the two versions of a lead.
bool FactChanged(const Lead& a, const Lead& b, std::string_view field) {
    if (field == "budget_usd") return a.budget_usd != b.budget_usd;
    if (field == "company_size") return a.company_size != b.company_size;
    if (field == "timeline_months") return a.timeline_months != b.timeline_months;
    if (field == "page_views") return a.page_views != b.page_views;
    if (field == "downloads") return a.downloads != b.downloads;
    if (field == "webinars_attended") return a.webinars_attended != b.webinars_attended;
    if (field == "email_clicks") return a.email_clicks != b.email_clicks;
    if (field == "demo_requested") return a.demo_requested != b.demo_requested;
    if (field == "authority") return a.authority != b.authority;
    if (field == "need") return a.need != b.need;
    if (field == "source") return a.source != b.source;
    if (field == "industry") return !SameText(a.industry, b.industry);
    if (field == "country") return !SameText(a.country, b.country);
    if (field == "title") return !SameText(a.title, b.title);
    if (field == "company") return !SameText(a.company, b.company);
    if (field == "phone") return !SameText(a.phone, b.phone);
    if (field == "email") return !SameText(a.email, b.email);
    return false;
}

constexpr std::string_view kContactFields[] = {"phone", "email"};

// The facts whose change answers the reason sales gave (see RequalifyEvidence).
std::vector<std::string_view> AnsweringFields(std::optional<RejectReason> reason) {
    std::vector<std::string_view> fields;
    if (reason == RejectReason::Unreachable) {
        fields.assign(std::begin(kContactFields), std::end(kContactFields));
    } else if (!reason || reason == RejectReason::Other) {
        for (const FieldInfo& field : CriterionFields()) fields.push_back(field.name);
    } else {
        std::span<const std::string_view> contradicted = ContradictedFields(*reason);
        fields.assign(contradicted.begin(), contradicted.end());
    }
    return fields;
}

bool NewEngagement(const Lead& before, const Lead& after) {
    return after.page_views > before.page_views || after.downloads > before.downloads ||
           after.webinars_attended > before.webinars_attended || after.email_clicks > before.email_clicks ||
           (after.demo_requested && !before.demo_requested) ||
           (after.last_activity_at && (!before.last_activity_at || *after.last_activity_at > *before.last_activity_at));
}

// Scores as people read them, to one decimal; decay moves the last digits every second, which
// is no engagement.
double Tenths(double score) { return std::round(score * 10) / 10; }

std::string ScoreText(double score) {
    double rounded = Tenths(score);
    if (rounded == std::floor(rounded)) return std::to_string(static_cast<std::int64_t>(rounded));
    std::string text = std::to_string(rounded);
    return text.substr(0, text.find('.') + 2);
}

}  // namespace

std::optional<std::size_t> PickRoundRobin(std::span<const std::int64_t> candidates, std::span<const std::int64_t> open) {
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < candidates.size() && i < open.size(); ++i) {
        if (!best || open[i] < open[*best] || (open[i] == open[*best] && candidates[i] < candidates[*best])) best = i;
    }
    return best;
}

InboxEntries CollectInbox(const FunnelData& funnel, const InboxQuery& query, std::span<const std::int64_t> always) {
    InboxEntries out;
    const Timestamp sla_seconds = static_cast<Timestamp>(query.sla_hours) * 3600;
    std::map<std::int64_t, OwnerLoad> owners;
    for (std::int64_t id : always) owners[id].owner_id = id;
    for (std::size_t i = 0; i < funnel.leads.size(); ++i) {
        const FunnelLead& lead = funnel.leads[i];
        if (lead.stage != Stage::SalesReady || lead.created_at > query.now) continue;
        InboxEntry entry;
        entry.lead_id = lead.id;
        entry.owner_id = lead.owner_id;
        bool handed_over = false;
        for (const FunnelEvent& event : funnel.EventsOf(i)) {
            if (event.at > query.now) continue;   // clock skew: the future has not happened
            if (event.kind == FunnelEvent::Kind::StageChange && event.to == Stage::SalesReady) {
                entry.entered_at = event.at;
                entry.answered_at.reset();
                handed_over = true;
            } else if (handed_over && !entry.answered_at && IsSalesResponse(event)) {
                entry.answered_at = event.at;
            }
        }
        // A lead imported straight into sales_ready has its creation row as the entry; a lead
        // with no such row at all (hand-made data) counts from its creation.
        if (!handed_over) entry.entered_at = lead.created_at;
        entry.due_at = entry.entered_at + sla_seconds;
        entry.breached = !entry.answered_at && query.now - entry.entered_at > sla_seconds;
        if (lead.owner_id == 0) {
            ++out.unassigned;
        } else {
            OwnerLoad& load = owners[lead.owner_id];
            load.owner_id = lead.owner_id;
            ++load.open;
            if (entry.breached) ++load.breached;
        }
        if (!InScope(query, lead.owner_id)) continue;
        if (entry.breached) ++out.breached;
        out.entries.push_back(entry);
    }
    std::sort(out.entries.begin(), out.entries.end(), [](const InboxEntry& a, const InboxEntry& b) {
        bool a_waiting = !a.answered_at, b_waiting = !b.answered_at;
        if (a_waiting != b_waiting) return a_waiting;
        if (a.due_at != b.due_at) return a.due_at < b.due_at;
        return a.lead_id < b.lead_id;
    });
    for (const auto& [id, load] : owners) out.owners.push_back(load);
    return out;
}

RequalifyVerdict RequalifyEvidence(const Lead& before, const Lead& after, std::optional<RejectReason> reason) {
    if (reason == RejectReason::Duplicate) return {false, "a duplicate never comes back by itself"};
    std::string changed;
    for (std::string_view field : AnsweringFields(reason)) {
        if (!FactChanged(before, after, field)) continue;
        if (!changed.empty()) changed += ", ";
        changed += field;
    }
    if (!changed.empty()) return {true, changed + " changed"};
    if (NewEngagement(before, after) && Tenths(after.score.total) > Tenths(before.score.total))
        return {true, "new engagement: score " + ScoreText(before.score.total) + " → " + ScoreText(after.score.total)};
    return {false, reason ? "nothing " + std::string(ToString(*reason)) + " contradicted changed, and no new engagement"
                          : "no fact changed, and no new engagement"};
}

}  // namespace tandem
