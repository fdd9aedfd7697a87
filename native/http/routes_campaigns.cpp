// Campaigns on the coordination calendar: the plan by date range, planning one, reading it, changing
// it with If-Match. Every campaign is sent with its results (what its leads did) and its clashes
// (campaigns overlapping it in days and audience), both computed by the core (tandem/calendar.h).
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/context.h"
#include "http/request.h"
#include "http/routes.h"
#include "store/account_repo.h"
#include "store/domain_repo.h"
#include "store/store.h"
#include "tandem/calendar.h"
#include "tandem/codec.h"
#include "webhooks/events.h"

namespace tandem::http {

namespace {

void CheckOwner(store::Database& db, const Campaign& campaign) {
    if (campaign.owner_id && !store::FindUser(db, *campaign.owner_id))
        throw ApiError(422, "invalid", "no user " + std::to_string(*campaign.owner_id), "owner_id");
}

// What each campaign's leads have done by now, from the in-memory funnel.
std::map<std::int64_t, CampaignResults> Results(ServerContext& context, Timestamp now) {
    std::map<std::int64_t, CampaignResults> results;
    context.funnel.Read(context.store, [&](const service::FunnelSnapshot& snapshot) {
        results = ResultsByCampaign(snapshot.funnel, now);
    });
    return results;
}

// Clashes are looked for in the whole plan: a campaign outside the range asked for can still
// overlap one inside it.
nlohmann::json ViewJson(const Campaign& campaign, std::span<const Campaign> plan,
                        const std::map<std::int64_t, CampaignResults>& results) {
    CampaignView view;
    view.campaign = campaign;
    if (auto found = results.find(campaign.id); found != results.end()) view.results = found->second;
    view.clashes = ClashesFor(campaign, plan);
    return ToJson(view);
}

// One campaign as every route answers it, read after the write that changed it.
nlohmann::json OneView(ServerContext& context, const Campaign& campaign) {
    std::vector<Campaign> plan = context.store.Read([](store::Database& db) { return store::ListCampaigns(db, {}); });
    return ViewJson(campaign, plan, Results(context, Now()));
}

constexpr const char* kViewNote = " with results {leads, mqls, sqls, won, revenue} (its leads, stages entered ever, "
                                  "revenue of those won) and clashes [{campaign_id, campaign_name, from, to, reason}]";

}  // namespace

void RegisterCampaignRoutes(Api& api, ServerContext& context) {
    static const std::string list_summary = std::string("Campaigns overlapping a date range, by start date,") + kViewNote;
    api.Route("GET", "/api/campaigns", Action::Read,
              {.summary = list_summary.c_str(),
               .response_schema = "[CampaignView]",
               .query = {{"from", "string", "first day (YYYY-MM-DD)"},
                         {"to", "string", "last day (YYYY-MM-DD)"},
                         {"status", "string", "planned, live, done or cancelled"},
                         {"type", "string", "campaign type"}}},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  store::CampaignFilter filter;
                  filter.from = QueryDate(req, "from");
                  filter.to = QueryDate(req, "to");
                  filter.status = QueryEnum<CampaignStatus>(req, "status");
                  filter.type = QueryEnum<CampaignType>(req, "type");
                  std::vector<Campaign> shown, plan;
                  context.store.Read([&](store::Database& db) {
                      shown = store::ListCampaigns(db, filter);
                      plan = store::ListCampaigns(db, {});
                  });
                  std::map<std::int64_t, CampaignResults> results = Results(context, Now());
                  nlohmann::json items = nlohmann::json::array();
                  for (const Campaign& campaign : shown) items.push_back(ViewJson(campaign, plan, results));
                  SendJson(res, {{"items", items}, {"next_cursor", nullptr}});
              });

    static const std::string create_summary = std::string("Plan a campaign; answers it") + kViewNote;
    api.Route("POST", "/api/campaigns", Action::WriteCampaigns,
              {.summary = create_summary.c_str(), .request_schema = "CampaignInput", .response_schema = "CampaignView",
               .success_status = 201, .etag = true},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  Campaign campaign = CampaignFromJson(JsonBody(req));
                  Timestamp now = Now();
                  campaign.created_at = campaign.updated_at = now;
                  campaign.revision = 1;
                  campaign.id = context.store.Write([&](store::Database& db) {
                      CheckOwner(db, campaign);
                      Campaign created = campaign;
                      created.id = store::InsertCampaign(db, campaign);
                      webhooks::EnqueueCampaignChange(db, std::nullopt, created, now);
                      return created.id;
                  });
                  context.events.Publish("campaign", {{"id", campaign.id}, {"change", "created"}});
                  SetEntityTag(res, "campaign", campaign.id, campaign.revision);
                  res.set_header("Location", "/api/campaigns/" + std::to_string(campaign.id));
                  SendJson(res, OneView(context, campaign), 201);
              });

    static const std::string read_summary = std::string("One campaign") + kViewNote;
    api.Route("GET", "/api/campaigns/{id}", Action::Read,
              {.summary = read_summary.c_str(), .response_schema = "CampaignView", .etag = true},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  std::int64_t id = PathId(req, "campaign");
                  std::optional<Campaign> campaign;
                  std::vector<Campaign> plan;
                  context.store.Read([&](store::Database& db) {
                      campaign = store::FindCampaign(db, id);
                      if (campaign) plan = store::ListCampaigns(db, {});
                  });
                  if (!campaign) NotFound("campaign", id);
                  SetEntityTag(res, "campaign", campaign->id, campaign->revision);
                  SendJson(res, ViewJson(*campaign, plan, Results(context, Now())));
              });

    static const std::string patch_summary =
        std::string("Change a campaign (JSON merge patch; If-Match); answers it") + kViewNote;
    api.Route("PATCH", "/api/campaigns/{id}", Action::WriteCampaigns,
              {.summary = patch_summary.c_str(), .request_schema = "CampaignInput", .response_schema = "CampaignView",
               .if_match = true, .etag = true},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  std::int64_t id = PathId(req, "campaign");
                  nlohmann::json patch = JsonBody(req);
                  std::optional<std::int64_t> if_match = IfMatchRevision(req, "campaign", id);
                  Timestamp now = Now();
                  Campaign updated = context.store.Write([&](store::Database& db) {
                      std::optional<Campaign> existing = store::FindCampaign(db, id);
                      if (!existing) NotFound("campaign", id);
                      if (if_match && *if_match != existing->revision)
                          throw ApiError(412, "precondition_failed", "the campaign changed since you read it", "If-Match");
                      Campaign campaign =
                          CampaignFromJson(MergePatch(ToJson(*existing), patch, CampaignReadOnlyFields()));
                      CheckOwner(db, campaign);
                      campaign.id = existing->id;
                      campaign.created_at = existing->created_at;
                      campaign.updated_at = now;
                      campaign.revision = existing->revision + 1;
                      store::UpdateCampaign(db, campaign);
                      webhooks::EnqueueCampaignChange(db, existing, campaign, now);
                      return campaign;
                  });
                  context.events.Publish("campaign", {{"id", updated.id}, {"change", "updated"}});
                  SetEntityTag(res, "campaign", updated.id, updated.revision);
                  SendJson(res, OneView(context, updated));
              });
}

}  // namespace tandem::http
