// The campaign calendar (month grid, timeline, list, details, the campaign form, the feed URL).
// The feature's data and intents live here; the view draws from CampaignsState and fills CampaignsIntents,
// and the app calls SyncCampaigns every frame, CarryCampaigns after drawing, and OnCampaignsEvent for each
// pushed event.
//
// The whole plan is loaded at once (teams plan campaigns by the hundred, not the million), so moving
// between months, views and filters never waits for the network; a pushed "campaign" event reloads
// it at once, a change in leads (the results) at most every few seconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/remote.h"
#include "tandem/calendar.h"

namespace tandem {

struct AppState;
class ApiClient;

// Every campaign with its results and clashes, by start date; `campaigns` holds the same campaigns
// in the same order as plain Campaigns, for the core's filters, layout and clash preview.
struct CampaignPlan {
    std::vector<CampaignView> views;
    std::vector<Campaign> campaigns;

    const CampaignView* Find(std::int64_t id) const;
};

// The form's (or a cancel button's) write: which submission, and how it went.
struct CampaignSave {
    enum class Status { Idle, Saving, Saved, Failed };
    Status status = Status::Idle;
    int serial = 0;                    // the view's number for the submission this is about
    std::int64_t campaign_id = 0;      // the campaign written
    std::string error;                 // the server's message
    std::string field;                 // the member it names, shown next to that field
    bool conflict = false;             // 412: someone changed the campaign since it was opened
};

struct CampaignsState {
    Remote<CampaignPlan> plan;
    bool results_changed = false;      // leads moved: refresh the results, throttled
    double event_at = 0;               // when the last campaign event arrived (AppState::now), 0: none pending
    double event_to_plan_ms = -1;      // from that event to the reloaded plan in the state, measured
    CampaignSave save;
    Remote<CalendarFeed> feed;         // the signed-in user's feed: is there one, since when
    std::optional<std::string> feed_url;   // right after creating it: the one time it can be shown
    bool feed_busy = false;
    std::string feed_error;
};

struct CampaignsIntents {
    std::optional<Campaign> create;    // as CampaignFromJson read the form
    std::optional<Campaign> update;    // the whole campaign as edited; its revision goes as If-Match
    int save_serial = 0;               // with create or update
    bool refresh = false;
    bool create_feed = false;          // create, or replace (the old URL stops working)
    bool revoke_feed = false;
    bool forget_feed_url = false;      // the subscribe panel closed
};

void SyncCampaigns(AppState& state, ApiClient& api);
void CarryCampaigns(AppState& state, ApiClient& api, const CampaignsIntents& intents);
void OnCampaignsEvent(AppState& state, std::string_view type, std::string_view data);

}  // namespace tandem
