// Loading and refreshing the in-memory funnel.
#include "service/funnel_cache.h"

#include <algorithm>
#include <unordered_map>

#include "store/database.h"
#include "store/store.h"

namespace tandem::service {

namespace {

template <class E>
E Parse(const std::string& text, E fallback) {
    return ParseEnum<E>(text).value_or(fallback);
}

constexpr const char* kLeadSql =
    "SELECT id, created_at, source, coalesce(campaign_id, 0), coalesce(owner_id, 0), coalesce(deal_value, 0), stage, "
    "industry, country, title, company, phone, budget_usd, company_size, timeline_months, page_views, downloads, "
    "webinars_attended, email_clicks, demo_requested, last_activity_at, authority, need FROM leads";

// A lead row in kLeadSql's column order, as the KPI record and as the criteria's facts.
void ReadLeadRow(const store::Statement& row, FunnelLead& lead, LeadFacts& facts, StringPool& pool) {
    lead.id = row.Int(0);
    lead.created_at = row.Int(1);
    lead.source = Parse(row.Text(2), Source::Other);
    lead.campaign_id = row.Int(3);
    lead.owner_id = row.Int(4);
    lead.deal_value = row.Int(5);
    lead.stage = Parse(row.Text(6), Stage::New);
    Lead facts_of;   // FactsOf takes a Lead: fill the fields it reads
    facts_of.industry = row.Text(7);
    facts_of.country = row.Text(8);
    facts_of.title = row.Text(9);
    facts_of.company = row.Text(10);
    facts_of.phone = row.Text(11);
    if (!row.IsNull(12)) facts_of.budget_usd = row.Int(12);
    if (!row.IsNull(13)) facts_of.company_size = row.Int(13);
    if (!row.IsNull(14)) facts_of.timeline_months = row.Int(14);
    facts_of.page_views = row.Int(15);
    facts_of.downloads = row.Int(16);
    facts_of.webinars_attended = row.Int(17);
    facts_of.email_clicks = row.Int(18);
    facts_of.demo_requested = row.Int(19) != 0;
    if (!row.IsNull(20)) facts_of.last_activity_at = row.Int(20);
    facts_of.authority = Parse(row.Text(21), Authority::Unknown);
    facts_of.need = Parse(row.Text(22), Need::Unknown);
    facts_of.source = lead.source;
    facts_of.created_at = lead.created_at;
    facts = FactsOf(facts_of, pool);
}

struct LeadEvent {
    std::int64_t lead_id;
    std::int64_t order;      // history row id, to keep rows of the same second in their order
    FunnelEvent event;
};

void ReadEvents(store::Database& db, const std::string& where, std::vector<LeadEvent>& out) {
    store::Statement history = db.Prepare(
        "SELECT lead_id, id, from_stage, to_stage, at, reason FROM stage_history" + where);
    while (history.Step()) {
        FunnelEvent event;
        event.at = history.Int(4);
        event.kind = FunnelEvent::Kind::StageChange;
        event.has_from = !history.IsNull(2);
        if (event.has_from) event.from = Parse(history.Text(2), Stage::New);
        event.to = Parse(history.Text(3), Stage::New);
        if (event.to == Stage::Recycled) {
            if (auto reason = ParseEnum<RejectReason>(history.Text(5)))
                event.reason = static_cast<std::uint8_t>(static_cast<int>(*reason) + 1);
        } else if (!history.IsNull(5)) {
            event.definition = ActivationVersion(history.Text(5));
        }
        out.push_back({history.Int(0), history.Int(1), event});
    }
    // Sales contacting a lead (anything a rep or sales leader logs about it but a rejection, which
    // is already its stage change) answers the response clock.
    std::string contact_where = where.empty() ? std::string() : " AND f." + where.substr(7);
    store::Statement contacts = db.Prepare(
        "SELECT f.lead_id, f.id, f.at FROM feedback f JOIN users u ON u.id = f.author_id "
        "WHERE f.lead_id IS NOT NULL AND f.kind <> 'rejection' AND u.role IN ('sales_rep', 'sales_leader')" +
        contact_where);
    while (contacts.Step()) {
        FunnelEvent event;
        event.at = contacts.Int(2);
        event.kind = FunnelEvent::Kind::Contact;
        out.push_back({contacts.Int(0), std::int64_t(1) << 60 | contacts.Int(1), event});
    }
}

void SortEvents(std::vector<LeadEvent>& events) {
    std::sort(events.begin(), events.end(), [](const LeadEvent& a, const LeadEvent& b) {
        if (a.lead_id != b.lead_id) return a.lead_id < b.lead_id;
        if (a.event.at != b.event.at) return a.event.at < b.event.at;
        return a.order < b.order;
    });
}

}  // namespace

void FunnelCache::MarkDirty(std::int64_t lead_id) {
    std::lock_guard lock(m_dirty_mutex);
    m_dirty.insert(lead_id);
}

void FunnelCache::MarkAllDirty() {
    std::lock_guard lock(m_dirty_mutex);
    m_all_dirty = true;
}

void FunnelCache::Read(store::Store& store, const std::function<void(const FunnelSnapshot&)>& read) {
    Refresh(store);
    std::shared_lock lock(m_lock);
    read(m_snapshot);
}

void FunnelCache::Refresh(store::Store& store) {
    std::unordered_set<std::int64_t> dirty;
    bool all = false;
    {
        std::lock_guard lock(m_dirty_mutex);
        if (!m_all_dirty && m_dirty.empty()) return;
        dirty.swap(m_dirty);
        all = m_all_dirty;
        m_all_dirty = false;
    }
    std::unique_lock lock(m_lock);
    store.Read([&](store::Database& db) {
        if (all) {
            FunnelSnapshot fresh;
            std::vector<LeadEvent> events;
            ReadEvents(db, "", events);
            SortEvents(events);
            store::Statement leads = db.Prepare(std::string(kLeadSql) + " ORDER BY id");
            std::size_t next = 0;
            while (leads.Step()) {
                FunnelLead lead;
                LeadFacts facts;
                ReadLeadRow(leads, lead, facts, fresh.pool);
                std::vector<FunnelEvent> own;
                while (next < events.size() && events[next].lead_id < lead.id) ++next;
                while (next < events.size() && events[next].lead_id == lead.id) own.push_back(events[next++].event);
                fresh.funnel.Add(lead, own);
                fresh.facts.push_back(facts);
            }
            m_snapshot = std::move(fresh);
            m_full_loads.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        // Some leads changed: rebuild the event arrays with their new events, keep the rest.
        std::vector<LeadEvent> events;
        std::string ids;
        for (std::int64_t id : dirty) ids += (ids.empty() ? "" : ",") + std::to_string(id);
        ReadEvents(db, " WHERE lead_id IN (" + ids + ")", events);
        SortEvents(events);
        std::unordered_map<std::int64_t, std::pair<FunnelLead, LeadFacts>> rows;
        store::Statement leads = db.Prepare(std::string(kLeadSql) + " WHERE id IN (" + ids + ") ORDER BY id");
        while (leads.Step()) {
            FunnelLead lead;
            LeadFacts facts;
            ReadLeadRow(leads, lead, facts, m_snapshot.pool);
            rows[lead.id] = {lead, facts};
        }
        auto events_of = [&](std::int64_t id) {
            std::vector<FunnelEvent> own;
            auto first = std::lower_bound(events.begin(), events.end(), id,
                                          [](const LeadEvent& e, std::int64_t value) { return e.lead_id < value; });
            for (; first != events.end() && first->lead_id == id; ++first) own.push_back(first->event);
            return own;
        };
        FunnelData rebuilt;
        rebuilt.leads.reserve(m_snapshot.funnel.leads.size() + rows.size());
        rebuilt.events.reserve(m_snapshot.funnel.events.size() + events.size());
        for (std::size_t i = 0; i < m_snapshot.funnel.leads.size(); ++i) {
            const FunnelLead& lead = m_snapshot.funnel.leads[i];
            auto changed = rows.find(lead.id);
            if (changed == rows.end()) {
                rebuilt.Add(lead, m_snapshot.funnel.EventsOf(i));
            } else {
                rebuilt.Add(changed->second.first, events_of(lead.id));
                m_snapshot.facts[i] = changed->second.second;
                rows.erase(changed);
            }
        }
        // What is left is new: ids grow, so appending keeps the id order.
        std::vector<std::int64_t> added;
        for (const auto& [id, row] : rows) added.push_back(id);
        std::sort(added.begin(), added.end());
        for (std::int64_t id : added) {
            rebuilt.Add(rows[id].first, events_of(id));
            m_snapshot.facts.push_back(rows[id].second);
        }
        m_snapshot.funnel = std::move(rebuilt);
    });
}

}  // namespace tandem::service
