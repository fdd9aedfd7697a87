// Queries behind the feedback insights and the wins digest.
#include "store/insights_repo.h"

#include <nlohmann/json.hpp>

#include "store/database.h"
#include "store/row.h"
#include "tandem/codec.h"

namespace tandem::store {

namespace {

std::vector<std::string> TagsOf(const std::string& json) {
    return StringList(nlohmann::json::parse(json, nullptr, false));
}

}  // namespace

std::vector<RejectionRow> RejectionRows(Database& db, Timestamp from, Timestamp to) {
    // The lead's campaign, not the feedback's: the insight is about what brought the lead in.
    Statement s = db.Prepare(
        "SELECT f.at, f.reason, l.source, l.campaign_id FROM feedback f JOIN leads l ON l.id = f.lead_id "
        "WHERE f.kind = 'rejection' AND f.reason IS NOT NULL AND f.at >= ? AND f.at < ?");
    s.Bind(1, from).Bind(2, to);
    std::vector<RejectionRow> rows;
    while (s.Step())
        rows.push_back({s.Int(0), EnumColumn<RejectReason>(s, 1), EnumColumn<Source>(s, 2), OptionalInt(s, 3)});
    return rows;
}

std::map<RejectReason, std::int64_t> SentBackByReason(Database& db, Timestamp since) {
    Statement s = db.Prepare(
        "SELECT reason, count(*) FROM stage_history WHERE to_stage = 'recycled' AND from_stage IN "
        "('sales_ready', 'sql') AND at >= ? GROUP BY reason");
    s.Bind(1, since);
    std::map<RejectReason, std::int64_t> counts;
    while (s.Step()) {
        // Only reason codes count: a move without one says nothing about a criterion.
        if (std::optional<RejectReason> reason = ParseEnum<RejectReason>(s.Text(0))) counts[*reason] += s.Int(1);
    }
    return counts;
}

std::vector<RemarkRow> RemarkRows(Database& db, FeedbackKind kind, Timestamp from, Timestamp to) {
    Statement s = db.Prepare("SELECT id, at, text, tags FROM feedback WHERE kind = ? AND at >= ? AND at < ?");
    s.Bind(1, ToString(kind)).Bind(2, from).Bind(3, to);
    std::vector<RemarkRow> rows;
    while (s.Step()) rows.push_back({s.Int(0), s.Int(1), s.Text(2), TagsOf(s.Text(3))});
    return rows;
}

std::map<std::int64_t, std::string> CampaignNames(Database& db) {
    Statement s = db.Prepare("SELECT id, name FROM campaigns");
    std::map<std::int64_t, std::string> names;
    while (s.Step()) names[s.Int(0)] = s.Text(1);
    return names;
}

std::vector<Win> WonLeads(Database& db, Timestamp from, Timestamp to) {
    Statement s = db.Prepare(
        "WITH won AS (SELECT lead_id, min(at) AS won_at FROM stage_history WHERE to_stage = 'won' GROUP BY lead_id) "
        "SELECT l.id, l.name, l.company, l.source, l.campaign_id, coalesce(c.name, ''), l.owner_id, l.deal_value, "
        "l.created_at, won.won_at FROM won JOIN leads l ON l.id = won.lead_id LEFT JOIN campaigns c ON c.id = l.campaign_id "
        "WHERE won.won_at >= ? AND won.won_at < ?");
    s.Bind(1, from).Bind(2, to);
    std::vector<Win> wins;
    while (s.Step()) {
        Win win;
        win.lead_id = s.Int(0);
        win.name = s.Text(1);
        win.company = s.Text(2);
        win.source = EnumColumn<Source>(s, 3);
        win.campaign_id = OptionalInt(s, 4);
        win.campaign_name = s.Text(5);
        win.owner_id = OptionalInt(s, 6);
        win.deal_value = OptionalInt(s, 7);
        win.created_at = s.Int(8);
        win.won_at = s.Int(9);
        win.cycle_days = static_cast<double>(win.won_at - win.created_at) / static_cast<double>(kSecondsPerDay);
        wins.push_back(std::move(win));
    }
    Statement story = db.Prepare(
        "SELECT id, author_id, at, text FROM feedback WHERE lead_id = ? AND kind = 'win_story' ORDER BY at DESC, id DESC LIMIT 1");
    for (Win& win : wins) {
        story.Reset();
        story.Bind(1, win.lead_id);
        if (story.Step()) win.story = WinStory{story.Int(0), story.Int(1), story.Int(2), story.Text(3)};
    }
    return wins;
}

}  // namespace tandem::store
