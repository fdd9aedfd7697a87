// The rep's inbox, the leads table and a lead's detail panel with its actions.
// The feature's data and intents live here; the view draws from LeadsState and fills LeadsIntents,
// and the app calls SyncLeads every frame, CarryLeads after drawing, and OnLeadsEvent for each
// pushed event.
//
// The table holds a million leads without holding them: the server pages them newest first by a
// cursor (the last id of the page before), the view draws only the rows on screen (a list
// clipper) and says which those are, and the state keeps a bounded window of pages around them,
// fetching the next page before the reader reaches it and forgetting pages far away. The cursor
// of every page seen is kept (eight bytes each), so scrolling back refetches a forgotten page
// directly.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/remote.h"
#include "tandem/explanation.h"
#include "tandem/feedback.h"
#include "tandem/handoff.h"
#include "tandem/lead.h"
#include "tandem/route.h"
#include "tandem/stage_machine.h"

namespace tandem {

struct AppState;
class ApiClient;

// [SECTION] What the route asks for

// The table's filters, as in the URL (#/leads?stage=sql&source=webinar&created_from=2026-10-01)
// and, with the same names, the API's. Dates are days (created_to exclusive, as the scorecard
// links them); `owner` is "me", "none" or a user id.
// A scorecard figure's leads (#/leads?entered=mql&entered_from=2026-11-01&entered_to=2026-12-01,
// or sla=missed|breached): exactly what the figure counts, with its group (source or campaign)
// and no other filter.
struct LeadFilters {
    std::optional<Stage> stage;
    std::optional<Source> source;
    std::string owner;
    std::optional<std::int64_t> campaign;    // 0: no campaign
    std::optional<Date> created_from;
    std::optional<Date> created_to;
    std::string q;
    std::optional<Stage> entered;            // a figure: first entered this stage (new: created) ...
    std::string sla;                         // ... or "missed", "breached"
    std::optional<Date> entered_from;        // ... in [entered_from, entered_to)
    std::optional<Date> entered_to;

    bool operator==(const LeadFilters&) const = default;
    bool Any() const { return *this != LeadFilters{}; }
    bool Figure() const { return entered || !sla.empty(); }
};


// Unknown or malformed values are left out rather than sent to the server to refuse.
LeadFilters LeadFiltersFrom(const Route& route);
// The API query for the filters ("stage=sql&created_from=2026-10-01T00:00:00Z"), without `?`.
std::string LeadFiltersQuery(const LeadFilters& filters);

enum class LeadsTab { Table, Inbox };
LeadsTab LeadsTabFrom(const Route& route);   // ?view=inbox is the inbox
// ?rep= of the inbox: "" (the API's default for the role), "me", "all", "none" or a user id.
std::string InboxRepFrom(const Route& route);

// A route to the leads view with the same tab and filters, optionally on one lead.
Route LeadsRoute(const Route& from, std::optional<std::int64_t> lead_id);

// [SECTION] The table

// What a row of the table shows, cut from the lead so a window of pages stays small.
struct LeadRow {
    std::int64_t id = 0;
    std::string name;
    std::string company;
    std::string email;
    Stage stage = Stage::New;
    Source source = Source::Other;
    double score = 0;
    std::optional<std::int64_t> owner_id;
    Timestamp created_at = 0;
};
LeadRow RowOf(const Lead& lead);

struct LeadTable {
    static constexpr int kPageRows = 100;
    static constexpr int kWindowPages = 16;     // resident at most: 1,600 rows

    std::string query;                          // the filters' API query the pages belong to
    // cursors[k] is what page k is fetched with (page 0: none); one entry per page known to exist.
    std::vector<std::optional<std::int64_t>> cursors{std::nullopt};
    std::vector<int> page_rows;                 // rows of each page fetched at least once
    bool end_known = false;                     // the last page was seen
    std::map<int, std::vector<LeadRow>> pages;  // the resident window
    std::map<int, double> loading;              // page -> when it was asked for
    std::map<int, bool> stale_pages;            // resident pages to refetch after a change
    std::optional<std::int64_t> total;          // how many leads match, once counted
    bool counting = false;
    std::string error;
    int first_visible = 0;                      // the rows the view drew last
    int last_visible = 0;
    double stale_since = 0;                     // a pushed change not yet refetched (AppState::now), 0: none

    // Rows known so far: every page fetched at least once.
    int KnownRows() const;
    // The row at `index` if its page is resident.
    const LeadRow* Row(int index) const;
};

// [SECTION] A lead's detail

struct LeadDetail {
    std::int64_t id = 0;                        // the lead the remotes below are about
    Remote<Lead> lead;
    Remote<std::vector<StageChange>> history;
    Remote<std::vector<Assignment>> assignments;
    Remote<std::vector<Feedback>> feedback;
    Remote<LeadExplanation> explanation;
    Remote<std::string> campaign_name;
    std::int64_t campaign_id = 0;               // the campaign campaign_name is for
};

// An action on a lead (a stage move, a claim, an assignment) and how it went.
struct LeadAction {
    enum class Status { Idle, Sending, Done, Failed };
    Status status = Status::Idle;
    int serial = 0;                             // the view's number for the click this is about
    std::int64_t lead_id = 0;
    std::string error;                          // the server's message
    std::string field;                          // the member it names
};

struct LeadsState {
    LeadTable table;
    LeadDetail detail;
    Remote<Inbox> inbox;
    LeadAction action;
    double event_at = 0;                        // when the last lead event arrived, 0: none pending
    double event_to_screen_ms = -1;             // from that event to the refreshed data in the state
    double inbox_refresh_at = 0;                // pushed changes: refetch the inbox at this time, 0: none
};

struct LeadMove {
    std::int64_t lead_id = 0;
    std::int64_t revision = 0;                  // sent as If-Match
    TransitionRequest request;
};

struct LeadAssign {
    std::int64_t lead_id = 0;
    std::int64_t revision = 0;
    std::optional<std::int64_t> owner_id;       // nullopt: back to the pool
};

struct LeadsIntents {
    std::optional<std::pair<int, int>> visible_rows;   // the table's first and last drawn row
    std::optional<LeadMove> move;
    std::optional<std::int64_t> claim;                 // lead id
    std::optional<LeadAssign> assign;
    std::optional<std::int64_t> erase;                 // lead id: erase its person's data
    int action_serial = 0;                             // with move, claim, assign or erase
    bool refresh = false;
};

void SyncLeads(AppState& state, ApiClient& api);
void CarryLeads(AppState& state, ApiClient& api, const LeadsIntents& intents);
void OnLeadsEvent(AppState& state, std::string_view type, std::string_view data);

}  // namespace tandem
