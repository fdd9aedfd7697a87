// Lead and stage-history rows.
#include "store/lead_repo.h"

#include "store/conditions.h"
#include "store/database.h"
#include "store/row.h"

namespace tandem::store {

namespace {

constexpr const char* kLeadColumns =
    "id, email, name, company, title, industry, company_size, country, phone, source, campaign_id, owner_id, "
    "created_at, budget_usd, authority, need, timeline_months, page_views, downloads, webinars_attended, "
    "email_clicks, demo_requested, last_activity_at, stage, deal_value, score_fit, score_engagement, score_total, "
    "level, score_version, scored_at, updated_at, revision, erased_at, erased_by, crm_source, crm_id";

Lead ReadLead(const Statement& row) {
    Lead lead;
    lead.id = row.Int(0);
    lead.email = row.Text(1);
    lead.name = row.Text(2);
    lead.company = row.Text(3);
    lead.title = row.Text(4);
    lead.industry = row.Text(5);
    lead.company_size = OptionalInt(row, 6);
    lead.country = row.Text(7);
    lead.phone = row.Text(8);
    lead.source = EnumColumn<Source>(row, 9);
    lead.campaign_id = OptionalInt(row, 10);
    lead.owner_id = OptionalInt(row, 11);
    lead.created_at = row.Int(12);
    lead.budget_usd = OptionalInt(row, 13);
    lead.authority = EnumColumn<Authority>(row, 14);
    lead.need = EnumColumn<Need>(row, 15);
    lead.timeline_months = OptionalInt(row, 16);
    lead.page_views = row.Int(17);
    lead.downloads = row.Int(18);
    lead.webinars_attended = row.Int(19);
    lead.email_clicks = row.Int(20);
    lead.demo_requested = row.Int(21) != 0;
    lead.last_activity_at = OptionalInt(row, 22);
    lead.stage = EnumColumn<Stage>(row, 23);
    lead.deal_value = OptionalInt(row, 24);
    lead.score.fit = row.Real(25);
    lead.score.engagement = row.Real(26);
    lead.score.total = row.Real(27);
    lead.score.level = EnumColumn<Level>(row, 28);
    lead.score.definition_version = row.Int(29);
    lead.score.scored_at = row.IsNull(30) ? 0 : row.Int(30);
    lead.updated_at = row.Int(31);
    lead.revision = row.Int(32);
    lead.erased_at = OptionalInt(row, 33);
    lead.erased_by = OptionalInt(row, 34);
    lead.crm_source = row.Text(35);
    lead.crm_id = row.Text(36);
    return lead;
}

// The 36 columns after id, in kLeadColumns order. One emplace a cell: an initializer list would
// copy every text twice, on the import's hot path.
void AppendLeadCells(std::vector<BulkValue>& cells, const Lead& lead) {
    auto add = [&cells](auto value) { cells.emplace_back(std::move(value)); };
    auto text = [&cells](std::string_view value) { cells.emplace_back(std::in_place_type<std::string>, value); };
    text(lead.email);
    text(lead.name);
    text(lead.company);
    text(lead.title);
    text(lead.industry);
    add(Cell(lead.company_size));
    text(lead.country);
    text(lead.phone);
    text(ToString(lead.source));
    add(Cell(lead.campaign_id));
    add(Cell(lead.owner_id));
    add(std::int64_t{lead.created_at});
    add(Cell(lead.budget_usd));
    text(ToString(lead.authority));
    text(ToString(lead.need));
    add(Cell(lead.timeline_months));
    add(std::int64_t{lead.page_views});
    add(std::int64_t{lead.downloads});
    add(std::int64_t{lead.webinars_attended});
    add(std::int64_t{lead.email_clicks});
    add(std::int64_t{lead.demo_requested ? 1 : 0});
    add(Cell(lead.last_activity_at));
    text(ToString(lead.stage));
    add(Cell(lead.deal_value));
    add(lead.score.fit);
    add(lead.score.engagement);
    add(lead.score.total);
    text(ToString(lead.score.level));
    add(std::int64_t{lead.score.definition_version});
    add(lead.score.definition_version > 0 ? BulkValue(std::int64_t{lead.score.scored_at}) : BulkValue());
    add(std::int64_t{lead.updated_at});
    add(std::int64_t{lead.revision});
    add(Cell(lead.erased_at));
    add(Cell(lead.erased_by));
    text(lead.crm_source);
    text(lead.crm_id);
}

// Binds the 36 columns after id, starting at parameter 1.
void BindLead(Statement& s, const Lead& lead) {
    thread_local std::vector<BulkValue> cells;
    cells.clear();
    AppendLeadCells(cells, lead);
    BindCells(s, cells);
}

void AppendStageChangeCells(std::vector<BulkValue>& cells, const StageChange& change) {
    cells.insert(cells.end(), {change.lead_id,
                               change.from ? BulkValue(std::string(ToString(*change.from))) : BulkValue(),
                               std::string(ToString(change.to)), change.at, Cell(change.by_user_id), change.reason,
                               change.note});
}

StageChange ReadStageChange(const Statement& row) {
    StageChange change;
    change.id = row.Int(0);
    change.lead_id = row.Int(1);
    if (!row.IsNull(2)) change.from = EnumColumn<Stage>(row, 2);
    change.to = EnumColumn<Stage>(row, 3);
    change.at = row.Int(4);
    change.by_user_id = OptionalInt(row, 5);
    change.reason = row.Text(6);
    change.note = row.Text(7);
    return change;
}

std::string LikePattern(const std::string& text) {
    std::string pattern = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
    }
    return pattern + "%";
}

}  // namespace

std::int64_t InsertLead(Database& db, const Lead& lead) {
    Statement& s = db.Cached(
        "INSERT INTO leads (email, name, company, title, industry, company_size, country, phone, source, campaign_id, "
        "owner_id, created_at, budget_usd, authority, need, timeline_months, page_views, downloads, webinars_attended, "
        "email_clicks, demo_requested, last_activity_at, stage, deal_value, score_fit, score_engagement, score_total, "
        "level, score_version, scored_at, updated_at, revision, erased_at, erased_by, crm_source, crm_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    BindLead(s, lead);
    return InsertedId(s);
}

void UpdateLead(Database& db, const Lead& lead) {
    Statement& s = db.Cached(
        "UPDATE leads SET email = ?, name = ?, company = ?, title = ?, industry = ?, company_size = ?, "
        "country = ?, phone = ?, source = ?, campaign_id = ?, owner_id = ?, created_at = ?, budget_usd = ?, "
        "authority = ?, need = ?, timeline_months = ?, page_views = ?, downloads = ?, "
        "webinars_attended = ?, email_clicks = ?, demo_requested = ?, last_activity_at = ?, stage = ?, "
        "deal_value = ?, score_fit = ?, score_engagement = ?, score_total = ?, level = ?, "
        "score_version = ?, scored_at = ?, updated_at = ?, revision = ?, erased_at = ?, erased_by = ?, "
        "crm_source = ?, crm_id = ? WHERE id = ?");
    BindLead(s, lead);
    s.Bind(37, lead.id);
    s.Run();
}

std::optional<Lead> FindLead(Database& db, std::int64_t id) {
    static const std::string sql = std::string("SELECT ") + kLeadColumns + " FROM leads WHERE id = ?";
    Statement& s = db.Cached(sql.c_str());
    s.Bind(1, id);
    if (!s.Step()) return std::nullopt;
    return ReadLead(s);
}

std::optional<std::int64_t> FindLeadIdByEmail(Database& db, const std::string& email) {
    Statement& s = db.Cached("SELECT id FROM leads WHERE email = ?");
    s.Bind(1, email);
    if (!s.Step()) return std::nullopt;
    return s.Int(0);
}

std::optional<std::int64_t> FindLeadIdByCrmRecord(Database& db, const std::string& crm_source,
                                                  const std::string& crm_id) {
    Statement& s = db.Cached("SELECT id FROM leads WHERE crm_source = ? AND crm_id = ? AND crm_id <> ''");
    s.Bind(1, crm_source).Bind(2, crm_id);
    if (!s.Step()) return std::nullopt;
    return s.Int(0);
}

namespace {

Conditions FilterConditions(const Dialect& dialect, const LeadFilter& filter) {
    Conditions where;
    if (filter.stage) where.Add("stage = ?", std::string(ToString(*filter.stage)));
    if (filter.source) where.Add("source = ?", std::string(ToString(*filter.source)));
    if (filter.owner_id) where.Add("owner_id = ?", *filter.owner_id);
    if (filter.unassigned) where.Add("owner_id IS NULL");
    if (filter.campaign_id) where.Add("campaign_id = ?", *filter.campaign_id);
    if (filter.no_campaign) where.Add("campaign_id IS NULL");
    if (filter.score_min) where.Add("score_total >= ?", *filter.score_min);
    if (filter.score_max) where.Add("score_total <= ?", *filter.score_max);
    if (filter.created_from) where.Add("created_at >= ?", *filter.created_from);
    if (filter.created_to) where.Add("created_at < ?", *filter.created_to);
    if (!filter.text.empty()) {
        const std::string like = std::string(" ") + dialect.like_ignoring_case + " ? ESCAPE '\\'";
        where.Add("(email" + like + " OR name" + like + " OR company" + like + ")", LikePattern(filter.text));
    }
    if (filter.before_id) where.Add("id < ?", *filter.before_id);
    return where;
}

}  // namespace

LeadPage ListLeads(Database& db, const LeadFilter& filter) {
    Conditions where = FilterConditions(db.dialect(), filter);
    std::string sql = std::string("SELECT ") + kLeadColumns + " FROM leads" + where.Sql();
    sql += " ORDER BY id DESC LIMIT " + std::to_string(filter.limit + 1);
    Statement s = db.Prepare(sql);
    where.Bind(s);
    LeadPage page;
    while (s.Step()) page.items.push_back(ReadLead(s));
    if (page.items.size() > static_cast<std::size_t>(filter.limit)) {
        page.items.pop_back();
        page.next_cursor = page.items.back().id;
    }
    return page;
}

std::int64_t CountLeads(Database& db, const LeadFilter& filter) {
    LeadFilter all = filter;
    all.before_id.reset();
    Conditions where = FilterConditions(db.dialect(), all);
    Statement s = db.Prepare("SELECT count(*) FROM leads" + where.Sql());
    where.Bind(s);
    s.Step();
    return s.Int(0);
}

std::int64_t CountLeads(Database& db) {
    Statement& s = db.Cached("SELECT count(*) FROM leads");
    s.Step();
    return s.Int(0);
}

void ForEachLead(Database& db, const std::function<void(const Lead&)>& visit) {
    Statement s = db.Prepare(std::string("SELECT ") + kLeadColumns + " FROM leads ORDER BY id");
    while (s.Step()) visit(ReadLead(s));
}

std::int64_t InsertStageChange(Database& db, const StageChange& change) {
    Statement& s = db.Cached(
        "INSERT INTO stage_history (lead_id, from_stage, to_stage, at, by_user_id, reason, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    std::vector<BulkValue> cells;
    AppendStageChangeCells(cells, change);
    BindCells(s, cells);
    return InsertedId(s);
}

BulkRows LeadRows() {
    BulkRows rows;
    std::string columns = kLeadColumns;
    for (std::size_t start = 0; start < columns.size();) {
        std::size_t end = std::min(columns.find(',', start), columns.size());
        rows.columns.push_back(columns.substr(start, end - start));
        start = end + 2;
    }
    return rows;
}

void AppendLead(BulkRows& rows, std::int64_t id, const Lead& lead) {
    rows.cells.emplace_back(id);
    AppendLeadCells(rows.cells, lead);
}

BulkRows StageChangeRows() {
    return {.columns = {"lead_id", "from_stage", "to_stage", "at", "by_user_id", "reason", "note"}, .cells = {}};
}

void AppendStageChange(BulkRows& rows, const StageChange& change) { AppendStageChangeCells(rows.cells, change); }

std::vector<StageChange> LeadHistory(Database& db, std::int64_t lead_id) {
    Statement& s = db.Cached(
        "SELECT id, lead_id, from_stage, to_stage, at, by_user_id, reason, note FROM stage_history "
        "WHERE lead_id = ? ORDER BY at, id");
    s.Bind(1, lead_id);
    std::vector<StageChange> history;
    while (s.Step()) history.push_back(ReadStageChange(s));
    return history;
}

void ForEachStageChange(Database& db, const std::function<void(const StageChange&)>& visit) {
    Statement s = db.Prepare(
        "SELECT id, lead_id, from_stage, to_stage, at, by_user_id, reason, note FROM stage_history ORDER BY id");
    while (s.Step()) visit(ReadStageChange(s));
}

}  // namespace tandem::store
