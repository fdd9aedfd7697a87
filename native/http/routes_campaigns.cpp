// Campaigns: list by date range, create, read, patch with If-Match.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/context.h"
#include "http/request.h"
#include "http/routes.h"
#include "store/account_repo.h"
#include "store/domain_repo.h"
#include "store/store.h"
#include "tandem/codec.h"

namespace tandem::http {

namespace {

void CheckOwner(store::Database& db, const Campaign& campaign) {
    if (campaign.owner_id && !store::FindUser(db, *campaign.owner_id))
        throw ApiError(422, "invalid", "no user " + std::to_string(*campaign.owner_id), "owner_id");
}

}  // namespace

void RegisterCampaignRoutes(Api& api, ServerContext& context) {
    api.Route("GET", "/api/campaigns", Action::Read,
              {.summary = "Campaigns overlapping a date range, by start date",
               .response_schema = "[Campaign]",
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
                  nlohmann::json items = nlohmann::json::array();
                  context.store.Read([&](store::Database& db) {
                      for (const Campaign& campaign : store::ListCampaigns(db, filter)) items.push_back(ToJson(campaign));
                  });
                  SendJson(res, {{"items", items}, {"next_cursor", nullptr}});
              });

    api.Route("POST", "/api/campaigns", Action::WriteCampaigns,
              {.summary = "Plan a campaign", .request_schema = "CampaignInput", .response_schema = "Campaign",
               .success_status = 201},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  Campaign campaign = CampaignFromJson(JsonBody(req));
                  Timestamp now = Now();
                  campaign.created_at = campaign.updated_at = now;
                  campaign.revision = 1;
                  campaign.id = context.store.Write([&](store::Database& db) {
                      CheckOwner(db, campaign);
                      return store::InsertCampaign(db, campaign);
                  });
                  SetEntityTag(res, "campaign", campaign.id, campaign.revision);
                  res.set_header("Location", "/api/campaigns/" + std::to_string(campaign.id));
                  context.events.Publish("campaign", {{"id", campaign.id}, {"change", "created"}});
                  SendJson(res, ToJson(campaign), 201);
              });

    api.Route("GET", "/api/campaigns/{id}", Action::Read, {.summary = "One campaign", .response_schema = "Campaign"},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  std::int64_t id = PathId(req, "campaign");
                  auto campaign = context.store.Read([&](store::Database& db) { return store::FindCampaign(db, id); });
                  if (!campaign) NotFound("campaign", id);
                  SetEntityTag(res, "campaign", campaign->id, campaign->revision);
                  SendJson(res, ToJson(*campaign));
              });

    api.Route("PATCH", "/api/campaigns/{id}", Action::WriteCampaigns,
              {.summary = "Change a campaign (JSON merge patch; If-Match)", .request_schema = "CampaignInput",
               .response_schema = "Campaign"},
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
                      return campaign;
                  });
                  SetEntityTag(res, "campaign", updated.id, updated.revision);
                  context.events.Publish("campaign", {{"id", updated.id}, {"change", "updated"}});
                  SendJson(res, ToJson(updated));
              });
}

}  // namespace tandem::http
