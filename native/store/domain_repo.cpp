// Definition, campaign, feedback, target and settings rows.
#include "store/domain_repo.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "store/conditions.h"
#include "store/database.h"
#include "store/row.h"
#include "tandem/codec.h"

namespace tandem::store {

namespace {

std::optional<std::int64_t> OptionalMember(const nlohmann::json& object, const char* key) {
    auto it = object.find(key);
    if (it == object.end() || !it->is_number_integer()) return std::nullopt;
    return it->get<std::int64_t>();
}

// --- Definitions ---

constexpr const char* kDefinitionColumns =
    "version, status, summary, rules, review_by, created_at, created_by, proposed_at, activated_at, retired_at";

LeadDefinition ReadDefinition(Database& db, const Statement& row) {
    LeadDefinition definition;
    definition.version = row.Int(0);
    definition.status = EnumColumn<DefinitionStatus>(row, 1);
    definition.summary = row.Text(2);
    definition.rules = RulesFromJson(nlohmann::json::parse(row.Text(3)));
    if (!row.IsNull(4)) definition.review_by = static_cast<Date>(row.Int(4));
    definition.created_at = row.Int(5);
    definition.created_by = OptionalInt(row, 6);
    definition.proposed_at = OptionalInt(row, 7);
    definition.activated_at = OptionalInt(row, 8);
    definition.retired_at = OptionalInt(row, 9);
    // Marketing's approval first, whoever signed first, as every version lists them.
    Statement approvals = db.Prepare("SELECT user_id, role, at FROM definition_approvals WHERE version = ? "
                                     "ORDER BY role <> 'marketing_leader', at, user_id");
    approvals.Bind(1, definition.version);
    while (approvals.Step())
        definition.approvals.push_back({approvals.Int(0), EnumColumn<Role>(approvals, 1), approvals.Int(2)});
    return definition;
}

// Binds the nine columns after version, in kDefinitionColumns order, from parameter `first` on.
void BindDefinition(Statement& s, int first, const LeadDefinition& definition) {
    s.Bind(first, ToString(definition.status)).Bind(first + 1, definition.summary);
    s.Bind(first + 2, DumpJson(ToJson(definition.rules)));
    BindOptional(s, first + 3, definition.review_by);
    s.Bind(first + 4, definition.created_at);
    BindOptional(s, first + 5, definition.created_by);
    BindOptional(s, first + 6, definition.proposed_at);
    BindOptional(s, first + 7, definition.activated_at);
    BindOptional(s, first + 8, definition.retired_at);
}

// --- Campaigns ---

constexpr const char* kCampaignColumns =
    "id, name, type, status, start_date, end_date, owner_id, segment, offer, goal_leads, description, sales_notes, "
    "created_at, updated_at, revision";

Campaign ReadCampaign(const Statement& row) {
    Campaign campaign;
    campaign.id = row.Int(0);
    campaign.name = row.Text(1);
    campaign.type = EnumColumn<CampaignType>(row, 2);
    campaign.status = EnumColumn<CampaignStatus>(row, 3);
    campaign.start = static_cast<Date>(row.Int(4));
    campaign.end = static_cast<Date>(row.Int(5));
    campaign.owner_id = OptionalInt(row, 6);
    nlohmann::json segment = nlohmann::json::parse(row.Text(7));
    campaign.segment.industries = StringList(segment.value("industries", nlohmann::json::array()));
    campaign.segment.titles = StringList(segment.value("titles", nlohmann::json::array()));
    campaign.segment.regions = StringList(segment.value("regions", nlohmann::json::array()));
    campaign.segment.company_size_min = OptionalMember(segment, "company_size_min");
    campaign.segment.company_size_max = OptionalMember(segment, "company_size_max");
    campaign.offer = row.Text(8);
    campaign.goal_leads = OptionalInt(row, 9);
    campaign.description = row.Text(10);
    campaign.sales_notes = row.Text(11);
    campaign.created_at = row.Int(12);
    campaign.updated_at = row.Int(13);
    campaign.revision = row.Int(14);
    return campaign;
}

void BindCampaign(Statement& s, const Campaign& campaign) {
    const Segment& segment = campaign.segment;
    nlohmann::json segment_json = {{"industries", segment.industries},
                                   {"titles", segment.titles},
                                   {"regions", segment.regions},
                                   {"company_size_min", OrNull(segment.company_size_min)},
                                   {"company_size_max", OrNull(segment.company_size_max)}};
    s.Bind(1, campaign.name).Bind(2, ToString(campaign.type)).Bind(3, ToString(campaign.status));
    s.Bind(4, static_cast<std::int64_t>(campaign.start)).Bind(5, static_cast<std::int64_t>(campaign.end));
    BindOptional(s, 6, campaign.owner_id);
    s.Bind(7, DumpJson(segment_json)).Bind(8, campaign.offer);
    BindOptional(s, 9, campaign.goal_leads);
    s.Bind(10, campaign.description).Bind(11, campaign.sales_notes);
    s.Bind(12, campaign.created_at).Bind(13, campaign.updated_at).Bind(14, campaign.revision);
}

// --- Feedback ---

constexpr const char* kFeedbackColumns =
    "id, author_id, at, kind, lead_id, campaign_id, reason, text, tags, status, updated_at, revision";

Feedback ReadFeedback(const Statement& row) {
    Feedback feedback;
    feedback.id = row.Int(0);
    feedback.author_id = row.Int(1);
    feedback.at = row.Int(2);
    feedback.kind = EnumColumn<FeedbackKind>(row, 3);
    feedback.lead_id = OptionalInt(row, 4);
    feedback.campaign_id = OptionalInt(row, 5);
    if (!row.IsNull(6)) feedback.reason = EnumColumn<RejectReason>(row, 6);
    feedback.text = row.Text(7);
    feedback.tags = StringList(nlohmann::json::parse(row.Text(8)));
    if (!row.IsNull(9)) feedback.status = EnumColumn<ContentStatus>(row, 9);
    feedback.updated_at = row.Int(10);
    feedback.revision = row.Int(11);
    return feedback;
}

void BindFeedback(Statement& s, const Feedback& feedback) {
    s.Bind(1, feedback.author_id).Bind(2, feedback.at).Bind(3, ToString(feedback.kind));
    BindOptional(s, 4, feedback.lead_id);
    BindOptional(s, 5, feedback.campaign_id);
    if (feedback.reason) s.Bind(6, ToString(*feedback.reason));
    else s.BindNull(6);
    s.Bind(7, feedback.text).Bind(8, DumpJson(feedback.tags));
    if (feedback.status) s.Bind(9, ToString(*feedback.status));
    else s.BindNull(9);
    s.Bind(10, feedback.updated_at).Bind(11, feedback.revision);
}

}  // namespace

void InsertDefinition(Database& db, const LeadDefinition& definition) {
    Statement& s = db.Cached(
        "INSERT INTO definitions (version, status, summary, rules, review_by, created_at, created_by, proposed_at, "
        "activated_at, retired_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.Bind(1, definition.version);
    BindDefinition(s, 2, definition);
    s.Run();
}

void UpdateDefinition(Database& db, const LeadDefinition& definition) {
    Statement& s = db.Cached(
        "UPDATE definitions SET status = ?, summary = ?, rules = ?, review_by = ?, created_at = ?, "
        "created_by = ?, proposed_at = ?, activated_at = ?, retired_at = ? WHERE version = ?");
    BindDefinition(s, 1, definition);
    s.Bind(10, definition.version);
    s.Run();
}

void InsertApproval(Database& db, std::int64_t version, const Approval& approval) {
    Statement& s = db.Cached("INSERT INTO definition_approvals (version, user_id, role, at) VALUES (?, ?, ?, ?)");
    s.Bind(1, version).Bind(2, approval.user_id).Bind(3, ToString(approval.role)).Bind(4, approval.at).Run();
}

std::optional<LeadDefinition> FindDefinition(Database& db, std::int64_t version) {
    Statement s = db.Prepare(std::string("SELECT ") + kDefinitionColumns + " FROM definitions WHERE version = ?");
    s.Bind(1, version);
    if (!s.Step()) return std::nullopt;
    return ReadDefinition(db, s);
}

std::optional<LeadDefinition> FindDefinitionByStatus(Database& db, DefinitionStatus status) {
    Statement s = db.Prepare(std::string("SELECT ") + kDefinitionColumns +
                             " FROM definitions WHERE status = ? ORDER BY version DESC LIMIT 1");
    s.Bind(1, ToString(status));
    if (!s.Step()) return std::nullopt;
    return ReadDefinition(db, s);
}

std::vector<LeadDefinition> ListDefinitions(Database& db) {
    Statement s = db.Prepare(std::string("SELECT ") + kDefinitionColumns + " FROM definitions ORDER BY version DESC");
    std::vector<LeadDefinition> definitions;
    while (s.Step()) definitions.push_back(ReadDefinition(db, s));
    return definitions;
}

std::int64_t MaxDefinitionVersion(Database& db) {
    Statement& s = db.Cached("SELECT coalesce(max(version), 0) FROM definitions");
    s.Step();
    return s.Int(0);
}

std::int64_t InsertCampaign(Database& db, const Campaign& campaign) {
    Statement& s = db.Cached(
        "INSERT INTO campaigns (name, type, status, start_date, end_date, owner_id, segment, offer, goal_leads, "
        "description, sales_notes, created_at, updated_at, revision) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    BindCampaign(s, campaign);
    return InsertedId(s);
}

void UpdateCampaign(Database& db, const Campaign& campaign) {
    Statement& s = db.Cached(
        "UPDATE campaigns SET name = ?, type = ?, status = ?, start_date = ?, end_date = ?, owner_id = ?, "
        "segment = ?, offer = ?, goal_leads = ?, description = ?, sales_notes = ?, created_at = ?, "
        "updated_at = ?, revision = ? WHERE id = ?");
    BindCampaign(s, campaign);
    s.Bind(15, campaign.id);
    s.Run();
}

std::optional<Campaign> FindCampaign(Database& db, std::int64_t id) {
    static const std::string sql = std::string("SELECT ") + kCampaignColumns + " FROM campaigns WHERE id = ?";
    Statement& s = db.Cached(sql.c_str());
    s.Bind(1, id);
    if (!s.Step()) return std::nullopt;
    return ReadCampaign(s);
}

std::vector<Campaign> ListCampaigns(Database& db, const CampaignFilter& filter) {
    Conditions where;
    if (filter.from) where.Add("end_date >= ?", std::int64_t{*filter.from});
    if (filter.to) where.Add("start_date <= ?", std::int64_t{*filter.to});
    if (filter.status) where.Add("status = ?", std::string(ToString(*filter.status)));
    if (filter.type) where.Add("type = ?", std::string(ToString(*filter.type)));
    Statement s = db.Prepare(std::string("SELECT ") + kCampaignColumns + " FROM campaigns" + where.Sql() +
                             " ORDER BY start_date, id");
    where.Bind(s);
    std::vector<Campaign> campaigns;
    while (s.Step()) campaigns.push_back(ReadCampaign(s));
    return campaigns;
}

std::int64_t InsertFeedback(Database& db, const Feedback& feedback) {
    Statement& s = db.Cached(
        "INSERT INTO feedback (author_id, at, kind, lead_id, campaign_id, reason, text, tags, status, updated_at, "
        "revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    BindFeedback(s, feedback);
    return InsertedId(s);
}

void UpdateFeedback(Database& db, const Feedback& feedback) {
    Statement& s = db.Cached(
        "UPDATE feedback SET author_id = ?, at = ?, kind = ?, lead_id = ?, campaign_id = ?, reason = ?, "
        "text = ?, tags = ?, status = ?, updated_at = ?, revision = ? WHERE id = ?");
    BindFeedback(s, feedback);
    s.Bind(12, feedback.id);
    s.Run();
}

std::optional<Feedback> FindFeedback(Database& db, std::int64_t id) {
    static const std::string sql = std::string("SELECT ") + kFeedbackColumns + " FROM feedback WHERE id = ?";
    Statement& s = db.Cached(sql.c_str());
    s.Bind(1, id);
    if (!s.Step()) return std::nullopt;
    return ReadFeedback(s);
}

FeedbackPage ListFeedback(Database& db, const FeedbackFilter& filter) {
    Conditions where;
    if (filter.kind) where.Add("kind = ?", std::string(ToString(*filter.kind)));
    if (filter.lead_id) where.Add("lead_id = ?", *filter.lead_id);
    if (filter.campaign_id) where.Add("campaign_id = ?", *filter.campaign_id);
    if (filter.author_id) where.Add("author_id = ?", *filter.author_id);
    if (filter.status) where.Add("status = ?", std::string(ToString(*filter.status)));
    if (filter.before_id) where.Add("id < ?", *filter.before_id);
    if (filter.tag) where.Add(db.dialect().feedback_has_tag, *filter.tag);
    Statement s = db.Prepare(std::string("SELECT ") + kFeedbackColumns + " FROM feedback" + where.Sql() +
                             " ORDER BY id DESC LIMIT ?");
    s.Bind(where.Bind(s), static_cast<std::int64_t>(filter.limit + 1));
    FeedbackPage page;
    while (s.Step()) page.items.push_back(ReadFeedback(s));
    if (page.items.size() > static_cast<std::size_t>(filter.limit)) {
        page.items.pop_back();
        page.next_cursor = page.items.back().id;
    }
    return page;
}

void UpsertTarget(Database& db, const MonthlyTarget& target) {
    Statement& s = db.Cached(
        "INSERT INTO targets (month, leads, mqls, sqls, revenue, acceptance_rate) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (month) DO UPDATE SET leads = excluded.leads, mqls = excluded.mqls, sqls = excluded.sqls, "
        "revenue = excluded.revenue, acceptance_rate = excluded.acceptance_rate");
    s.Bind(1, target.month);
    BindOptional(s, 2, target.leads);
    BindOptional(s, 3, target.mqls);
    BindOptional(s, 4, target.sqls);
    BindOptional(s, 5, target.revenue);
    if (target.acceptance_rate) s.Bind(6, *target.acceptance_rate);
    else s.BindNull(6);
    s.Run();
}

std::vector<MonthlyTarget> ListTargets(Database& db) {
    Statement s = db.Prepare("SELECT month, leads, mqls, sqls, revenue, acceptance_rate FROM targets ORDER BY month");
    std::vector<MonthlyTarget> targets;
    while (s.Step()) {
        MonthlyTarget target;
        target.month = s.Text(0);
        target.leads = OptionalInt(s, 1);
        target.mqls = OptionalInt(s, 2);
        target.sqls = OptionalInt(s, 3);
        target.revenue = OptionalInt(s, 4);
        if (!s.IsNull(5)) target.acceptance_rate = s.Real(5);
        targets.push_back(std::move(target));
    }
    return targets;
}

SlaSettings LoadSla(Database& db) {
    Statement& s = db.Cached("SELECT value FROM settings WHERE key = 'sla_first_response_hours'");
    SlaSettings settings;
    if (s.Step()) settings.first_response_hours = std::stoi(s.Text(0));
    return settings;
}

std::string InstallationId(Database& db) {
    Statement& s = db.Cached("SELECT value FROM settings WHERE key = 'installation_id'");
    if (!s.Step()) throw std::runtime_error("the database has no installation id");
    return s.Text(0);
}

void SaveSla(Database& db, const SlaSettings& settings) {
    db.Cached("INSERT INTO settings (key, value) VALUES ('sla_first_response_hours', ?) "
              "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .Bind(1, std::to_string(settings.first_response_hours))
        .Run();
}

}  // namespace tandem::store
