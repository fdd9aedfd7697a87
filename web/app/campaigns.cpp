// Campaigns: loading the plan and the feed, saving the form, and following pushed changes.
#include "app/campaigns.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/api_client.h"
#include "app/state.h"
#include "tandem/codec.h"

namespace tandem {

namespace {

constexpr const char* kPlanPath = "/api/campaigns";
constexpr const char* kFeedPath = "/api/calendar/feed";
// Results move with every lead; a busy morning must not reload the plan many times a second.
constexpr double kResultsRefreshSeconds = 5;

CampaignPlan ReadPlan(const std::string& body) {
    CampaignPlan plan;
    nlohmann::json page = nlohmann::json::parse(body);   // named: items is read from it below
    for (const nlohmann::json& item : page.at("items")) plan.views.push_back(CampaignViewFromServerJson(item));
    for (const CampaignView& view : plan.views) plan.campaigns.push_back(view.campaign);
    return plan;
}

// What the form may send: the campaign's JSON without the members the server sets.
nlohmann::json WritableJson(const Campaign& campaign) {
    nlohmann::json body = ToJson(campaign);
    for (std::string_view key : CampaignReadOnlyFields()) body.erase(std::string(key));
    return body;
}

// Puts the campaign the server answered with into the plan at once, so the form's result shows
// without waiting for the reload the change triggers (which also brings the others' clashes).
void Merge(AppState& state, CampaignView view) {
    if (!state.campaigns.plan.value) return;
    CampaignPlan& plan = *state.campaigns.plan.value;
    auto same = [&](const CampaignView& v) { return v.campaign.id == view.campaign.id; };
    auto found = std::find_if(plan.views.begin(), plan.views.end(), same);
    if (found != plan.views.end()) *found = std::move(view);
    else plan.views.push_back(std::move(view));
    std::stable_sort(plan.views.begin(), plan.views.end(), [](const CampaignView& a, const CampaignView& b) {
        return a.campaign.start != b.campaign.start ? a.campaign.start < b.campaign.start : a.campaign.id < b.campaign.id;
    });
    plan.campaigns.clear();
    for (const CampaignView& v : plan.views) plan.campaigns.push_back(v.campaign);
}

void Saved(AppState& state, int serial, const ApiResult& result) {
    CampaignSave& save = state.campaigns.save;
    if (save.serial != serial) return;
    if (!result.Ok()) {
        save.status = CampaignSave::Status::Failed;
        save.error = result.ErrorMessage();
        save.conflict = result.status == 412;
        nlohmann::json body = nlohmann::json::parse(result.body, nullptr, false);
        save.field = body.is_object() && body.contains("error") && body["error"].contains("field") &&
                             body["error"]["field"].is_string()
                         ? body["error"]["field"].get<std::string>()
                         : std::string();
        if (save.conflict) state.campaigns.plan.stale = true;   // show what the other person saved
        return;
    }
    try {
        CampaignView view = CampaignViewFromServerJson(nlohmann::json::parse(result.body));
        save.campaign_id = view.campaign.id;
        Merge(state, std::move(view));
        save.status = CampaignSave::Status::Saved;
    } catch (const std::exception& e) {
        save.status = CampaignSave::Status::Failed;
        save.error = std::string("unreadable answer: ") + e.what();
    }
    state.campaigns.plan.stale = true;
}

void LoadPlan(AppState& state, ApiClient& api) {
    Remote<CampaignPlan>& plan = state.campaigns.plan;
    if (state.campaigns.results_changed && !plan.Loading() && state.now - plan.requested_at >= kResultsRefreshSeconds)
        plan.stale = true;
    if (!plan.Wants(kPlanPath)) return;
    state.campaigns.results_changed = false;
    plan.Begin(kPlanPath, state.now);
    double requested_at = state.now;
    api.Get(kPlanPath, [requested_at](AppState& s, const ApiResult& result) {
        if (!result.Ok()) return s.campaigns.plan.Fail(result.ErrorMessage());
        try {
            s.campaigns.plan.Succeed(ReadPlan(result.body));
            // Only a request sent after the event can carry its change; one already in flight
            // when it arrived is followed by another (the plan was marked stale).
            if (s.campaigns.event_at > 0 && requested_at >= s.campaigns.event_at) {
                s.campaigns.event_to_plan_ms = (s.now - s.campaigns.event_at) * 1000;
                s.campaigns.event_at = 0;
            }
        } catch (const std::exception& e) {
            s.campaigns.plan.Fail(std::string("unreadable campaigns: ") + e.what());
        }
    });
}

void LoadFeed(AppState& state, ApiClient& api) {
    Remote<CalendarFeed>& feed = state.campaigns.feed;
    if (!feed.Wants(kFeedPath)) return;
    feed.Begin(kFeedPath, state.now);
    api.Get(kFeedPath, [](AppState& s, const ApiResult& result) {
        if (!result.Ok()) return s.campaigns.feed.Fail(result.ErrorMessage());
        try {
            s.campaigns.feed.Succeed(CalendarFeedFromServerJson(nlohmann::json::parse(result.body)));
        } catch (const std::exception& e) {
            s.campaigns.feed.Fail(std::string("unreadable feed: ") + e.what());
        }
    });
}

}  // namespace

const CampaignView* CampaignPlan::Find(std::int64_t id) const {
    for (const CampaignView& view : views)
        if (view.campaign.id == id) return &view;
    return nullptr;
}

void SyncCampaigns(AppState& state, ApiClient& api) {
    if (state.session.status != Session::Status::SignedIn || state.route.view != View::Campaigns) return;
    LoadPlan(state, api);
    LoadFeed(state, api);
}

void CarryCampaigns(AppState& state, ApiClient& api, const CampaignsIntents& intents) {
    CampaignsState& campaigns = state.campaigns;
    if (intents.refresh) campaigns.plan.stale = true;
    if (intents.forget_feed_url) {
        campaigns.feed_url.reset();
        campaigns.feed_error.clear();
    }

    if (intents.create || intents.update) {
        int serial = intents.save_serial;
        campaigns.save = CampaignSave{};
        campaigns.save.status = CampaignSave::Status::Saving;
        campaigns.save.serial = serial;
        auto done = [serial](AppState& s, const ApiResult& result) { Saved(s, serial, result); };
        if (intents.create) {
            api.Send("POST", kPlanPath, WritableJson(*intents.create), done);
        } else {
            const Campaign& campaign = *intents.update;
            std::string tag = "\"campaign-" + std::to_string(campaign.id) + "-r" + std::to_string(campaign.revision) + "\"";
            api.Send("PATCH", std::string(kPlanPath) + "/" + std::to_string(campaign.id), WritableJson(campaign), done,
                     {{"If-Match", tag}});
        }
    }

    if ((intents.create_feed || intents.revoke_feed) && !campaigns.feed_busy) {
        campaigns.feed_busy = true;
        campaigns.feed_error.clear();
        if (intents.create_feed) {
            api.Send("POST", kFeedPath, nlohmann::json::object(), [](AppState& s, const ApiResult& result) {
                s.campaigns.feed_busy = false;
                if (!result.Ok()) {
                    s.campaigns.feed_error = result.ErrorMessage();
                    return;
                }
                try {
                    CalendarFeed feed = CalendarFeedFromServerJson(nlohmann::json::parse(result.body));
                    s.campaigns.feed_url = feed.url;
                    feed.url.reset();   // kept apart: only this answer has it
                    feed.webcal_url.reset();
                    s.campaigns.feed.Succeed(feed);
                } catch (const std::exception& e) {
                    s.campaigns.feed_error = std::string("unreadable answer: ") + e.what();
                }
            });
        } else {
            api.Send("DELETE", kFeedPath, nlohmann::json::object(), [](AppState& s, const ApiResult& result) {
                s.campaigns.feed_busy = false;
                if (!result.Ok()) {
                    s.campaigns.feed_error = result.ErrorMessage();
                    return;
                }
                s.campaigns.feed_url.reset();
                s.campaigns.feed.Succeed(CalendarFeed{});
            });
        }
    }
}

void OnCampaignsEvent(AppState& state, std::string_view type, std::string_view) {
    if (type == "campaign" || type == "reset" || type == "hello") {
        // Any campaign change can add or remove clashes of others: reload the plan now.
        state.campaigns.plan.stale = true;
        if (type == "campaign" && state.campaigns.event_at == 0) state.campaigns.event_at = state.now;
    } else if (type == "lead" || type == "leads" || type == "scorecard") {
        state.campaigns.results_changed = true;
    }
}

}  // namespace tandem
