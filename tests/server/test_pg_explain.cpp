// The leads table's and the scorecard's queries on PostgreSQL can each be served by an index. Their
// plans are made with sequential scans switched off, so that a plan shows whether an index CAN
// serve a query whatever the table's size; then every read of leads, stage_history or feedback
// must search an index by its first column, or walk one in order under a LIMIT (a page), never the
// whole table or the whole of an index. The SQL is copied from the code, each query naming the
// function it comes from: keep them in step.
#include <doctest/doctest.h>

#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "real_parts.h"
#include "server_process.h"

using namespace tandem::test;

namespace {

constexpr int kDemoLeads = 3000;

// A query as the code writes it, `?` for each parameter, with the values to bind as SQL literals.
struct NamedQuery {
    std::string name;
    std::string sql;
    std::vector<std::string> values;
};

std::string WithValues(const NamedQuery& query) {
    std::string sql;
    std::size_t next = 0;
    for (char c : query.sql) {
        if (c != '?') {
            sql += c;
            continue;
        }
        REQUIRE_MESSAGE(next < query.values.size(), query.name << ": fewer values than parameters");
        sql += query.values[next++];
    }
    REQUIRE_MESSAGE(next == query.values.size(), query.name << ": more values than parameters");
    return sql;
}

// The tables a funnel or a page of leads reads, which grow with the leads.
const std::set<std::string> kLongTables = {"leads", "stage_history", "feedback"};

// What every index of those tables is on: index name -> its first column.
std::map<std::string, std::string> LeadingColumns(const std::string& url) {
    std::map<std::string, std::string> columns;
    for (const auto& row : PgQuery(url, "SELECT i.relname, a.attname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                                        "JOIN pg_class t ON t.oid = x.indrelid JOIN pg_attribute a ON a.attrelid = t.oid "
                                        "AND a.attnum = x.indkey[0] WHERE t.relname IN ('leads', 'stage_history', 'feedback')"))
        columns[row[0]] = row[1];
    return columns;
}

bool Mentions(const std::string& condition, const std::string& column) {
    return std::regex_search(condition, std::regex("(^|[^a-z_.])" + column + "($|[^a-z_])"));
}

// How a plan reads those tables: each scan of them as "leads_stage on stage" (an index
// searched by its first column), "leads_pkey in order under a LIMIT" (walked newest first, stopping
// after a page) or, for what no index serves, "Seq Scan on leads" or "all of stage_history_lead".
struct PlanReading {
    std::vector<std::string> served;
    std::vector<std::string> unserved;
};

void Read(const nlohmann::json& node, const std::map<std::string, std::string>& leading, bool under_limit,
          PlanReading& out) {
    const std::string type = node.at("Node Type").get<std::string>();
    const std::string relation = node.value("Relation Name", "");
    if (type == "Seq Scan" && kLongTables.contains(relation)) out.unserved.push_back("Seq Scan on " + relation);
    if (node.contains("Index Name")) {
        const std::string index = node["Index Name"].get<std::string>();
        if (auto column = leading.find(index); column != leading.end()) {
            if (Mentions(node.value("Index Cond", ""), column->second)) out.served.push_back(index + " on " + column->second);
            else if (under_limit && type != "Bitmap Index Scan") out.served.push_back(index + " in order under a LIMIT");
            else out.unserved.push_back("all of " + index);
        }
    }
    // A page stops the walk only while nothing between the LIMIT and the scan needs every row.
    under_limit = type == "Limit" || (under_limit && type != "Sort" && type != "Aggregate");
    if (node.contains("Plans"))
        for (const nlohmann::json& child : node["Plans"]) Read(child, leading, under_limit, out);
}

std::string Listed(const std::vector<std::string>& items) {
    std::string text;
    for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
    return text;
}

void CheckServedByIndexes(const std::string& url, const std::vector<NamedQuery>& queries) {
    const std::map<std::string, std::string> leading = LeadingColumns(url);
    for (const NamedQuery& query : queries) {
        auto rows = PgQuery(url, "SET enable_seqscan = off; EXPLAIN (FORMAT JSON) " + WithValues(query));
        REQUIRE(rows.size() == 1);
        PlanReading reading;
        Read(nlohmann::json::parse(rows[0][0]).at(0).at("Plan"), leading, false, reading);
        CHECK_MESSAGE(reading.unserved.empty(), query.name << " reads " << Listed(reading.unserved)
                                                    << (reading.served.empty() ? "" : "; besides, " + Listed(reading.served))
                                                    << "\n" << rows[0][0]);
    }
}

std::string Quoted(const std::string& text) { return "'" + text + "'"; }

// The demo company on PostgreSQL with its statistics gathered, as autovacuum would have them.
struct Seeded {
    PostgresCluster cluster;
    std::string url = cluster.CreateDatabase("explain");

    Seeded() {
        { DemoServer seeding(kDemoLeads, {"--db", url}); }
        PgQuery(url, "ANALYZE");
    }
    std::string Value(const std::string& sql) { return PgQuery(url, sql).at(0).at(0); }
};

// A filter of the leads table as store/lead_repo.cpp's FilterConditions writes it.
struct LeadFilterSql {
    std::string name;
    std::string where;   // " WHERE a AND b"
    std::vector<std::string> values;
};

}  // namespace

TEST_CASE("the leads table's pages and totals on PostgreSQL: an index serves every filter the dashboard sends") {
    Seeded db;
    const std::string owner = db.Value("SELECT owner_id FROM leads WHERE owner_id IS NOT NULL GROUP BY owner_id ORDER BY count(*) LIMIT 1");
    const std::string campaign = db.Value("SELECT campaign_id FROM leads WHERE campaign_id IS NOT NULL GROUP BY campaign_id ORDER BY count(*) LIMIT 1");
    const std::string cursor = db.Value("SELECT max(id) - 100 FROM leads");
    const std::string created_from = db.Value("SELECT max(created_at) - 7 * 86400 FROM leads");
    const std::string created_to = db.Value("SELECT max(created_at) FROM leads");
    // FilterConditions' text condition, with PostgreSQL's like_ignoring_case (pg_dialect.cpp).
    const std::string text = "(email ILIKE ? ESCAPE '\\' OR name ILIKE ? ESCAPE '\\' OR company ILIKE ? ESCAPE '\\')";
    const std::string like = Quoted("%acme%");

    // A substring search alone is left out: no B-tree serves ILIKE '%text%' (on SQLite neither), so
    // its total reads every lead; with any other filter that filter's index serves it (below).
    const std::vector<LeadFilterSql> filters = {
        {"no filter", "", {}},
        {"stage", " WHERE stage = ?", {"'mql'"}},
        {"source", " WHERE source = ?", {"'webinar'"}},
        {"owner", " WHERE owner_id = ?", {owner}},
        {"no owner", " WHERE owner_id IS NULL", {}},
        {"campaign", " WHERE campaign_id = ?", {campaign}},
        {"no campaign", " WHERE campaign_id IS NULL", {}},
        {"score range", " WHERE score_total >= ? AND score_total <= ?", {"60.0", "80.0"}},
        {"created range", " WHERE created_at >= ? AND created_at < ?", {created_from, created_to}},
        {"stage and source", " WHERE stage = ? AND source = ?", {"'mql'", "'webinar'"}},
        {"owner and stage", " WHERE stage = ? AND owner_id = ?", {"'sales_ready'", owner}},
        {"stage and text", " WHERE stage = ? AND " + text, {"'mql'", like, like, like}},
        {"owner and text", " WHERE owner_id = ? AND " + text, {owner, like, like, like}},
    };
    std::vector<NamedQuery> queries;
    for (const LeadFilterSql& filter : filters) {
        // ListLeads: the code names every column of leads, which is `*`.
        queries.push_back({"ListLeads, " + filter.name, "SELECT * FROM leads" + filter.where + " ORDER BY id DESC LIMIT 51",
                           filter.values});
        // The next page: the cursor is one more condition, last.
        std::vector<std::string> after = filter.values;
        after.push_back(cursor);
        queries.push_back({"ListLeads after a cursor, " + filter.name,
                           "SELECT * FROM leads" + filter.where + (filter.where.empty() ? " WHERE" : " AND") +
                               " id < ? ORDER BY id DESC LIMIT 51",
                           after});
        // The total of all leads reads them all, whatever the indexes.
        if (!filter.where.empty())
            queries.push_back({"CountLeads, " + filter.name, "SELECT count(*) FROM leads" + filter.where, filter.values});
    }
    queries.push_back({"ListLeads, text alone (the page stops once full)",
                       "SELECT * FROM leads WHERE " + text + " ORDER BY id DESC LIMIT 51", {like, like, like}});
    CheckServedByIndexes(db.url, queries);
}

TEST_CASE("the scorecard's and the KPIs' queries on PostgreSQL: an index serves each that runs per request") {
    Seeded db;
    const std::string lead = db.Value("SELECT max(lead_id) FROM stage_history");
    const std::string ids = db.Value("SELECT string_agg(id::text, ',') FROM (SELECT id FROM leads ORDER BY id DESC LIMIT 3) newest");
    const std::string month_ago = db.Value("SELECT max(at) - 30 * 86400 FROM stage_history");

    // The funnel's first load reads both tables whole by design (once, then it follows changes);
    // what the scorecard reads after a write is the refresh of the leads that changed.
    const std::vector<NamedQuery> queries = {
        {"FunnelCache::Refresh, history of the changed leads (ReadEvents)",
         "SELECT lead_id, id, from_stage, to_stage, at, reason FROM stage_history WHERE lead_id IN (" + ids + ")", {}},
        {"FunnelCache::Refresh, the changed leads (kLeadSql)",
         "SELECT id, created_at, source, coalesce(campaign_id, 0), coalesce(owner_id, 0), coalesce(deal_value, 0), stage, "
         "industry, country, title, company, phone, budget_usd, company_size, timeline_months, page_views, downloads, "
         "webinars_attended, email_clicks, demo_requested, last_activity_at, authority, need FROM leads WHERE id IN (" +
             ids + ") ORDER BY id",
         {}},
        {"FunnelCache::Refresh, sales contacts with the changed leads (ReadEvents)",
         "SELECT f.lead_id, f.id, f.at FROM feedback f JOIN users u ON u.id = f.author_id "
         "WHERE f.lead_id IS NOT NULL AND f.kind <> 'rejection' AND u.role IN ('sales_rep', 'sales_leader') AND f.lead_id IN (" +
             ids + ")",
         {}},
        {"LeadHistory (lead_repo.cpp)",
         "SELECT id, lead_id, from_stage, to_stage, at, by_user_id, reason, note FROM stage_history "
         "WHERE lead_id = ? ORDER BY at, id",
         {lead}},
        {"LastRecycle (handoff_repo.cpp)",
         "SELECT id, lead_id, from_stage, to_stage, at, by_user_id, reason, note FROM stage_history "
         "WHERE lead_id = ? AND to_stage = 'recycled' ORDER BY at DESC, id DESC LIMIT 1",
         {lead}},
        {"OpenSalesReadyByOwner (handoff_repo.cpp)",
         "SELECT owner_id, count(*) FROM leads WHERE stage = 'sales_ready' AND owner_id IS NOT NULL GROUP BY owner_id", {}},
        {"SentBackByReason (insights_repo.cpp)",
         "SELECT reason, count(*) FROM stage_history WHERE to_stage = 'recycled' AND from_stage IN "
         "('sales_ready', 'sql') AND at >= ? GROUP BY reason",
         {month_ago}},
        {"WonLeads (insights_repo.cpp)",
         "WITH won AS (SELECT lead_id, min(at) AS won_at FROM stage_history WHERE to_stage = 'won' GROUP BY lead_id) "
         "SELECT l.id, l.name, l.company, l.source, l.campaign_id, coalesce(c.name, ''), l.owner_id, l.deal_value, "
         "l.created_at, won.won_at FROM won JOIN leads l ON l.id = won.lead_id LEFT JOIN campaigns c ON c.id = l.campaign_id "
         "WHERE won.won_at >= ? AND won.won_at < ?",
         {month_ago, month_ago + " + 7 * 86400"}},
        {"WonLeads, the win's story (insights_repo.cpp)",
         "SELECT id, author_id, at, text FROM feedback WHERE lead_id = ? AND kind = 'win_story' ORDER BY at DESC, id DESC LIMIT 1",
         {lead}},
        {"RemarkRows (insights_repo.cpp)", "SELECT id, at, text, tags FROM feedback WHERE kind = ? AND at >= ? AND at < ?",
         {"'objection'", month_ago, month_ago + " + 7 * 86400"}},
        {"RejectionRows (insights_repo.cpp)",
         "SELECT f.at, f.reason, l.source, l.campaign_id FROM feedback f JOIN leads l ON l.id = f.lead_id "
         "WHERE f.kind = 'rejection' AND f.reason IS NOT NULL AND f.at >= ? AND f.at < ?",
         {month_ago, month_ago + " + 7 * 86400"}},
    };
    CheckServedByIndexes(db.url, queries);
}
