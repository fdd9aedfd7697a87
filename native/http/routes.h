// Route registration, one function per resource (routes_<resource>.cpp).
#pragma once

#include <string>

namespace tandem::http {

class Api;
struct ServerContext;

void RegisterHealthRoutes(Api& api, ServerContext& context);
void RegisterAuthRoutes(Api& api, ServerContext& context);
void RegisterSsoRoutes(Api& api, ServerContext& context);
void RegisterLeadRoutes(Api& api, ServerContext& context);
void RegisterDefinitionRoutes(Api& api, ServerContext& context);
void RegisterCampaignRoutes(Api& api, ServerContext& context);
void RegisterCalendarRoutes(Api& api, ServerContext& context);
void RegisterFeedbackRoutes(Api& api, ServerContext& context);
void RegisterNotificationRoutes(Api& api, ServerContext& context);
void RegisterTargetRoutes(Api& api, ServerContext& context);
void RegisterUserRoutes(Api& api, ServerContext& context);
void RegisterOpenApiRoute(Api& api, ServerContext& context);
void RegisterEventRoutes(Api& api, ServerContext& context);
void RegisterScorecardRoutes(Api& api, ServerContext& context);
void RegisterMetricsRoute(Api& api, ServerContext& context);
void RegisterWebhookRoutes(Api& api, ServerContext& context);
// The body of GET /metrics, also served on --metrics-listen.
std::string MetricsText(ServerContext& context);

}  // namespace tandem::http
