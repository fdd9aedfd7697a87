// Targets per month and the response-time SLA.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/context.h"
#include "http/request.h"
#include "http/routes.h"
#include "store/domain_repo.h"
#include "store/store.h"

namespace tandem::http {

void RegisterTargetRoutes(Api& api, ServerContext& context) {
    api.Route("GET", "/api/targets", Action::Read, {.summary = "Monthly targets and the SLA", .response_schema = "Targets"},
              [&context](const httplib::Request&, httplib::Response& res, const Caller&) {
                  nlohmann::json months = nlohmann::json::array();
                  SlaSettings sla = context.store.Read([&](store::Database& db) {
                      for (const MonthlyTarget& target : store::ListTargets(db)) months.push_back(ToJson(target));
                      return store::LoadSla(db);
                  });
                  SendJson(res, {{"months", months}, {"sla", ToJson(sla)}});
              });

    api.Route("PUT", "/api/targets/{month}", Action::WriteTargets,
              {.summary = "Set one month's targets (month as YYYY-MM)", .request_schema = "MonthlyTargetInput",
               .response_schema = "MonthlyTarget",
               .path = {{"month", "string", "the month, YYYY-MM", "^[0-9]{4}-(0[1-9]|1[0-2])$"}}},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  std::string month = req.path_params.at("month");
                  nlohmann::json body = JsonBody(req);
                  if (body.is_object() && !body.contains("month")) body["month"] = month;
                  MonthlyTarget target = MonthlyTargetFromJson(body);
                  if (target.month != month)
                      throw ApiError(422, "invalid", "the month in the body differs from the month in the path", "month");
                  context.store.Write([&](store::Database& db) { store::UpsertTarget(db, target); });
                  SendJson(res, ToJson(target));
              });

    api.Route("PUT", "/api/settings/sla", Action::WriteTargets,
              {.summary = "Set the first-response SLA in hours", .request_schema = "SlaSettings",
               .response_schema = "SlaSettings"},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  SlaSettings sla = SlaSettingsFromJson(JsonBody(req));
                  context.store.Write([&](store::Database& db) { store::SaveSla(db, sla); });
                  SendJson(res, ToJson(sla));
              });
}

}  // namespace tandem::http
