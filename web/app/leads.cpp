// Leads: the route's filters, the paged table window, the inbox, a lead's detail, and the actions.
#include "app/leads.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "app/api_client.h"
#include "app/state.h"

namespace tandem {

namespace {

// Pushed changes can come in bursts (an import, a busy morning): refetch at most this often.
constexpr double kInboxRefreshSeconds = 0.15;
constexpr double kPageRetrySeconds = 3.0;
constexpr int kInboxLimit = 200;
constexpr int kMaxPagesInFlight = 2;

std::string QueryValue(const Route& route, const char* key) {
    auto it = route.query.find(key);
    return it == route.query.end() ? std::string() : it->second;
}

bool IsDigits(const std::string& text) {
    return !text.empty() && text.size() < 16 && text.find_first_not_of("0123456789") == std::string::npos;
}

std::string TagOf(std::int64_t id, std::int64_t revision) {
    return "\"lead-" + std::to_string(id) + "-r" + std::to_string(revision) + "\"";
}

// The field the server's error names, if any.
std::string ErrorField(const ApiResult& result) {
    nlohmann::json json = nlohmann::json::parse(result.body, nullptr, false);
    if (json.is_object() && json.contains("error") && json["error"].is_object() && json["error"].contains("field") &&
        json["error"]["field"].is_string())
        return json["error"]["field"].get<std::string>();
    return {};
}

template <class T, class Decode>
void Load(Remote<T>& remote, const std::string& path, double now, ApiClient& api, Remote<T> LeadDetail::*member,
          std::int64_t id, Decode decode) {
    if (!remote.Wants(path)) return;
    remote.Begin(path, now);
    api.Get(path, [path, member, id, decode](AppState& s, const ApiResult& result) {
        Remote<T>& target = s.leads.detail.*member;
        if (s.leads.detail.id != id || target.key != path) return;   // another lead is open by now
        if (!result.Ok()) return target.Fail(result.ErrorMessage());
        try {
            target.Succeed(decode(nlohmann::json::parse(result.body)));
        } catch (const std::exception& e) {
            target.Fail(std::string("unreadable answer: ") + e.what());
        }
    });
}

// [SECTION] The table

void ResetTable(LeadTable& table, std::string query) {   // by value: it may be table.query
    table = LeadTable{};
    table.query = std::move(query);
}

void FetchPage(AppState& state, ApiClient& api, int page) {
    LeadTable& table = state.leads.table;
    std::string path = "/api/leads?limit=" + std::to_string(LeadTable::kPageRows);
    if (!table.query.empty()) path += "&" + table.query;
    if (table.cursors[static_cast<std::size_t>(page)]) path += "&cursor=" + std::to_string(*table.cursors[static_cast<std::size_t>(page)]);
    table.loading[page] = state.now;
    std::string query = table.query;
    api.Get(path, [query, page](AppState& s, const ApiResult& result) {
        LeadTable& t = s.leads.table;
        if (t.query != query) return;   // the filters changed meanwhile
        t.loading.erase(page);
        if (!result.Ok()) {
            t.error = result.ErrorMessage();
            return;
        }
        try {
            nlohmann::json body = nlohmann::json::parse(result.body);
            std::vector<LeadRow> rows;
            const nlohmann::json& items = body.at("items");
            rows.reserve(items.size());
            for (const nlohmann::json& item : items) rows.push_back(RowOf(LeadFromServerJson(item)));
            std::size_t index = static_cast<std::size_t>(page);
            if (t.page_rows.size() <= index) t.page_rows.resize(index + 1, 0);
            t.page_rows[index] = static_cast<int>(rows.size());
            const nlohmann::json& next = body.at("next_cursor");
            if (next.is_null()) {
                t.end_known = true;
                t.cursors.resize(index + 1);
                t.page_rows.resize(index + 1);
            } else if (t.cursors.size() == index + 1) {
                t.cursors.push_back(next.get<std::int64_t>());
            }
            t.pages[page] = std::move(rows);
            t.stale_pages.erase(page);
            t.error.clear();
            if (s.leads.event_at > 0) {
                s.leads.event_to_screen_ms = (s.now - s.leads.event_at) * 1000.0;
                s.leads.event_at = 0;
            }
        } catch (const std::exception& e) {
            t.error = std::string("unreadable page of leads: ") + e.what();
        }
    });
}

void SyncTable(AppState& state, ApiClient& api) {
    LeadTable& table = state.leads.table;
    std::string query = LeadFiltersQuery(LeadFiltersFrom(state.route));
    if (query != table.query) ResetTable(table, query);
    if (!table.total && !table.counting && table.error.empty()) {
        table.counting = true;
        std::string path = "/api/leads?limit=1&count=true" + (query.empty() ? std::string() : "&" + query);
        api.Get(path, [query](AppState& s, const ApiResult& result) {
            LeadTable& t = s.leads.table;
            if (t.query != query) return;
            t.counting = false;
            if (!result.Ok()) {
                t.error = result.ErrorMessage();
                return;
            }
            try {
                t.total = nlohmann::json::parse(result.body).at("total").get<std::int64_t>();
            } catch (const std::exception& e) {
                t.error = std::string("unreadable count: ") + e.what();
            }
        });
    }
    if (!table.error.empty()) return;   // the view offers a retry

    // The pages around the rows on screen: the visible ones and one on each side.
    int first_page = std::max(0, table.first_visible / LeadTable::kPageRows - 1);
    int last_page = table.last_visible / LeadTable::kPageRows + 1;
    int in_flight = static_cast<int>(table.loading.size());
    for (int page = first_page; page <= last_page && in_flight < kMaxPagesInFlight; ++page) {
        if (static_cast<std::size_t>(page) >= table.cursors.size()) break;   // its cursor is not known yet
        if (table.loading.count(page)) continue;
        bool resident = table.pages.count(page) > 0;
        if (resident && !table.stale_pages.count(page)) continue;
        FetchPage(state, api, page);
        ++in_flight;
    }
    // Forget pages far from the view, so a long scroll keeps a bounded window.
    int centre = (table.first_visible + table.last_visible) / 2 / LeadTable::kPageRows;
    for (auto it = table.pages.begin(); it != table.pages.end();) {
        if (std::abs(it->first - centre) > LeadTable::kWindowPages / 2) {
            table.stale_pages.erase(it->first);
            it = table.pages.erase(it);
        } else {
            ++it;
        }
    }
    // A request that never answered (the tab slept): ask again.
    for (auto it = table.loading.begin(); it != table.loading.end();) {
        if (state.now - it->second > kPageRetrySeconds * 10) it = table.loading.erase(it);
        else ++it;
    }
}

// [SECTION] The inbox and the detail

std::string InboxPath(const Route& route) {
    std::string path = "/api/inbox?limit=" + std::to_string(kInboxLimit);
    std::string rep = InboxRepFrom(route);
    if (!rep.empty()) path += "&rep=" + rep;
    return path;
}

void SyncInbox(AppState& state, ApiClient& api) {
    Remote<Inbox>& inbox = state.leads.inbox;
    std::string path = InboxPath(state.route);
    if (state.leads.inbox_refresh_at > 0 && state.now >= state.leads.inbox_refresh_at) {
        inbox.stale = true;
        state.leads.inbox_refresh_at = 0;
    }
    if (!inbox.Wants(path)) return;
    inbox.Begin(path, state.now);
    api.Get(path, [path](AppState& s, const ApiResult& result) {
        Remote<Inbox>& target = s.leads.inbox;
        if (target.key != path) return;
        if (!result.Ok()) return target.Fail(result.ErrorMessage());
        try {
            target.Succeed(InboxFromServerJson(nlohmann::json::parse(result.body)));
            if (s.leads.event_at > 0) {
                s.leads.event_to_screen_ms = (s.now - s.leads.event_at) * 1000.0;
                s.leads.event_at = 0;
            }
        } catch (const std::exception& e) {
            target.Fail(std::string("unreadable inbox: ") + e.what());
        }
    });
}

void SyncDetail(AppState& state, ApiClient& api, std::int64_t id) {
    LeadDetail& detail = state.leads.detail;
    if (detail.id != id) {
        detail = LeadDetail{};
        detail.id = id;
    }
    std::string base = "/api/leads/" + std::to_string(id);
    double now = state.now;
    Load(detail.lead, base, now, api, &LeadDetail::lead, id,
         [](const nlohmann::json& json) { return LeadFromServerJson(json); });
    Load(detail.history, base + "/history", now, api, &LeadDetail::history, id, [](const nlohmann::json& json) {
        std::vector<StageChange> changes;
        for (const nlohmann::json& item : json.at("items")) changes.push_back(StageChangeFromServerJson(item));
        return changes;
    });
    Load(detail.assignments, base + "/assignments", now, api, &LeadDetail::assignments, id,
         [](const nlohmann::json& json) {
             std::vector<Assignment> assignments;
             for (const nlohmann::json& item : json.at("items")) assignments.push_back(AssignmentFromServerJson(item));
             return assignments;
         });
    Load(detail.feedback, "/api/feedback?limit=100&lead=" + std::to_string(id), now, api, &LeadDetail::feedback, id,
         [](const nlohmann::json& json) {
             std::vector<Feedback> items;
             for (const nlohmann::json& item : json.at("items")) items.push_back(FeedbackFromServerJson(item));
             return items;
         });
    Load(detail.explanation, base + "/explanation", now, api, &LeadDetail::explanation, id,
         [](const nlohmann::json& json) { return ExplanationFromServerJson(json); });
    if (detail.lead.value && detail.lead.value->id == id && detail.lead.value->campaign_id) {
        std::int64_t campaign = *detail.lead.value->campaign_id;
        if (detail.campaign_id != campaign) {
            detail.campaign_id = campaign;
            detail.campaign_name = {};
        }
        Load(detail.campaign_name, "/api/campaigns/" + std::to_string(campaign), now, api, &LeadDetail::campaign_name, id,
             [](const nlohmann::json& json) { return json.at("name").get<std::string>(); });
    }
}

void MarkDetailStale(LeadDetail& detail) {
    detail.lead.stale = true;
    detail.history.stale = true;
    detail.assignments.stale = true;
    detail.feedback.stale = true;
    detail.explanation.stale = true;
}

// Everything an action may have changed.
void AfterChange(AppState& state, std::int64_t lead_id) {
    state.leads.inbox.stale = true;
    if (state.leads.detail.id == lead_id) MarkDetailStale(state.leads.detail);
    for (const auto& [page, rows] : state.leads.table.pages) {
        for (const LeadRow& row : rows) {
            if (row.id == lead_id) {
                state.leads.table.stale_pages[page] = true;
                break;
            }
        }
    }
}

void Finish(AppState& state, const ApiResult& result, int serial, std::int64_t lead_id) {
    LeadAction& action = state.leads.action;
    if (action.serial != serial) return;
    if (result.Ok()) {
        action.status = LeadAction::Status::Done;
        action.error.clear();
        action.field.clear();
    } else {
        action.status = LeadAction::Status::Failed;
        action.error = result.ErrorMessage();
        action.field = ErrorField(result);
    }
    // A 412 means someone else changed the lead: either way, show the lead as it is now.
    AfterChange(state, lead_id);
}

}  // namespace

// [SECTION] Route

LeadFilters LeadFiltersFrom(const Route& route) {
    LeadFilters filters;
    filters.stage = ParseEnum<Stage>(QueryValue(route, "stage"));
    filters.source = ParseEnum<Source>(QueryValue(route, "source"));
    std::string owner = QueryValue(route, "owner");
    if (owner == "me" || owner == "none" || IsDigits(owner)) filters.owner = owner;
    std::string campaign = QueryValue(route, "campaign");
    if (IsDigits(campaign) && std::stoll(campaign) > 0) filters.campaign = std::stoll(campaign);
    if (campaign == "none") filters.campaign = 0;
    filters.created_from = ParseDate(QueryValue(route, "created_from"));
    filters.created_to = ParseDate(QueryValue(route, "created_to"));
    std::string q = QueryValue(route, "q");
    if (q.size() <= 200) filters.q = q;
    filters.entered = ParseEnum<Stage>(QueryValue(route, "entered"));
    std::string sla = QueryValue(route, "sla");
    if (sla == "missed" || sla == "breached") filters.sla = sla;
    filters.entered_from = ParseDate(QueryValue(route, "entered_from"));
    filters.entered_to = ParseDate(QueryValue(route, "entered_to"));
    if (filters.Figure()) {
        // A figure takes its group and nothing else, as the API does.
        LeadFilters figure;
        figure.source = filters.source;
        figure.campaign = filters.campaign;
        figure.entered = filters.sla.empty() ? filters.entered : std::nullopt;
        figure.sla = filters.sla;
        if (figure.sla != "breached") {
            figure.entered_from = filters.entered_from;
            figure.entered_to = filters.entered_to;
        }
        return figure;
    }
    return filters;
}


std::string LeadFiltersQuery(const LeadFilters& filters) {
    std::string query;
    auto add = [&query](const char* key, const std::string& value) {
        if (!query.empty()) query += "&";
        query += key;
        query += "=";
        query += PercentEncode(value);
    };
    if (filters.entered) add("entered", std::string(ToString(*filters.entered)));
    if (!filters.sla.empty()) add("sla", filters.sla);
    if (filters.entered_from) add("entered_from", FormatDate(*filters.entered_from) + "T00:00:00Z");
    if (filters.entered_to) add("entered_to", FormatDate(*filters.entered_to) + "T00:00:00Z");
    if (filters.stage) add("stage", std::string(ToString(*filters.stage)));
    if (filters.source) add("source", std::string(ToString(*filters.source)));
    if (!filters.owner.empty()) add("owner", filters.owner);
    if (filters.campaign) add("campaign", *filters.campaign == 0 ? std::string("none") : std::to_string(*filters.campaign));
    if (filters.created_from) add("created_from", FormatDate(*filters.created_from) + "T00:00:00Z");
    if (filters.created_to) add("created_to", FormatDate(*filters.created_to) + "T00:00:00Z");
    if (!filters.q.empty()) add("q", filters.q);
    return query;
}

LeadsTab LeadsTabFrom(const Route& route) { return QueryValue(route, "view") == "inbox" ? LeadsTab::Inbox : LeadsTab::Table; }

std::string InboxRepFrom(const Route& route) {
    std::string rep = QueryValue(route, "rep");
    if (rep == "me" || rep == "all" || rep == "none" || (IsDigits(rep) && std::stoll(rep) > 0)) return rep;
    return {};
}

Route LeadsRoute(const Route& from, std::optional<std::int64_t> lead_id) {
    Route route;
    route.view = View::Leads;
    route.query = from.view == View::Leads ? from.query : std::map<std::string, std::string>{};
    route.id = lead_id;
    return route;
}

LeadRow RowOf(const Lead& lead) {
    return {lead.id,          lead.name,         lead.company,  lead.email,     lead.stage,
            lead.source,      lead.score.total,  lead.owner_id, lead.created_at};
}

int LeadTable::KnownRows() const {
    // Pages are fetched in order (each needs the cursor the one before gave), so these are pages 0..n-1.
    int rows = 0;
    for (int count : page_rows) rows += count;
    return rows;
}

const LeadRow* LeadTable::Row(int index) const {
    if (index < 0) return nullptr;
    auto it = pages.find(index / kPageRows);
    if (it == pages.end()) return nullptr;
    std::size_t offset = static_cast<std::size_t>(index % kPageRows);
    return offset < it->second.size() ? &it->second[offset] : nullptr;
}

// [SECTION] Sync, carry, events

void SyncLeads(AppState& state, ApiClient& api) {
    if (state.route.view != View::Leads) return;
    if (state.route.id) {
        SyncDetail(state, api, *state.route.id);
        return;
    }
    if (LeadsTabFrom(state.route) == LeadsTab::Inbox) SyncInbox(state, api);
    else SyncTable(state, api);
}

void CarryLeads(AppState& state, ApiClient& api, const LeadsIntents& intents) {
    LeadsState& leads = state.leads;
    if (intents.visible_rows) {
        leads.table.first_visible = intents.visible_rows->first;
        leads.table.last_visible = intents.visible_rows->second;
    }
    if (intents.refresh) {
        leads.inbox.stale = true;
        if (!leads.table.error.empty() || leads.table.stale_since > 0) ResetTable(leads.table, leads.table.query);
        MarkDetailStale(leads.detail);
    }
    auto begin = [&](std::int64_t lead_id) {
        leads.action = LeadAction{};
        leads.action.status = LeadAction::Status::Sending;
        leads.action.serial = intents.action_serial;
        leads.action.lead_id = lead_id;
    };
    if (intents.move) {
        const LeadMove& move = *intents.move;
        begin(move.lead_id);
        nlohmann::json body = {{"to", ToString(move.request.to)}};
        if (!move.request.reason.empty()) body["reason"] = move.request.reason;
        if (!move.request.note.empty()) body["note"] = move.request.note;
        if (move.request.deal_value) body["deal_value"] = *move.request.deal_value;
        int serial = intents.action_serial;
        std::int64_t id = move.lead_id;
        api.Send("POST", "/api/leads/" + std::to_string(id) + "/transitions", body,
                 [serial, id](AppState& s, const ApiResult& result) { Finish(s, result, serial, id); },
                 {{"If-Match", TagOf(id, move.revision)}});
    } else if (intents.claim) {
        std::int64_t id = *intents.claim;
        begin(id);
        int serial = intents.action_serial;
        api.Send("POST", "/api/leads/" + std::to_string(id) + "/claim", nlohmann::json::object(),
                 [serial, id](AppState& s, const ApiResult& result) { Finish(s, result, serial, id); });
    } else if (intents.assign) {
        const LeadAssign& assign = *intents.assign;
        begin(assign.lead_id);
        nlohmann::json body = {{"owner_id", assign.owner_id ? nlohmann::json(*assign.owner_id) : nlohmann::json(nullptr)}};
        int serial = intents.action_serial;
        std::int64_t id = assign.lead_id;
        api.Send("POST", "/api/leads/" + std::to_string(id) + "/assign", body,
                 [serial, id](AppState& s, const ApiResult& result) { Finish(s, result, serial, id); },
                 {{"If-Match", TagOf(id, assign.revision)}});
    } else if (intents.erase) {
        std::int64_t id = *intents.erase;
        begin(id);
        int serial = intents.action_serial;
        api.Send("POST", "/api/leads/" + std::to_string(id) + "/erase", nlohmann::json::object(),
                 [serial, id](AppState& s, const ApiResult& result) { Finish(s, result, serial, id); });
    }
}

void OnLeadsEvent(AppState& state, std::string_view type, std::string_view data) {
    LeadsState& leads = state.leads;
    if (type == "reset" || type == "hello") {
        leads.inbox.stale = true;
        MarkDetailStale(leads.detail);
        for (const auto& [page, rows] : leads.table.pages) leads.table.stale_pages[page] = true;
        return;
    }
    if (type == "leads") {   // an import or the decay pass: new rows, new levels, maybe new sales-ready leads
        leads.inbox_refresh_at = state.now + kInboxRefreshSeconds;
        if (leads.table.stale_since == 0) leads.table.stale_since = state.now;
        return;
    }
    if (type == "feedback") {
        nlohmann::json event = nlohmann::json::parse(data, nullptr, false);
        if (event.is_object() && event.contains("lead_id") && event["lead_id"].is_number_integer() &&
            event["lead_id"].get<std::int64_t>() == leads.detail.id)
            leads.detail.feedback.stale = true;
        return;
    }
    if (type != "lead") return;
    nlohmann::json event = nlohmann::json::parse(data, nullptr, false);
    if (!event.is_object() || !event.contains("id") || !event["id"].is_number_integer()) return;
    std::int64_t id = event["id"].get<std::int64_t>();
    if (state.route.view == View::Leads && leads.event_at == 0) leads.event_at = state.now;
    if (leads.inbox_refresh_at == 0) leads.inbox_refresh_at = state.now + kInboxRefreshSeconds;
    if (leads.detail.id == id) MarkDetailStale(leads.detail);
    std::string change = event.value("change", "");
    if (change == "created") {
        if (leads.table.stale_since == 0) leads.table.stale_since = state.now;
        return;
    }
    for (const auto& [page, rows] : leads.table.pages) {
        for (const LeadRow& row : rows) {
            if (row.id == id) {
                leads.table.stale_pages[page] = true;
                break;
            }
        }
    }
}

}  // namespace tandem
