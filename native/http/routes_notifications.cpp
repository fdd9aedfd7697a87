// GET /api/notifications and POST /api/notifications/{id}/read: the caller's own inbox of
// in-app notices (e.g. a content request they asked for is done).
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/context.h"
#include "http/request.h"
#include "http/routes.h"
#include "store/notification_repo.h"
#include "store/store.h"

namespace tandem::http {

namespace {

constexpr std::int64_t kDefaultNotifications = 20;
constexpr std::int64_t kMaxNotifications = 100;

}  // namespace

void RegisterNotificationRoutes(Api& api, ServerContext& context) {
    api.Route("GET", "/api/notifications", Action::Read,
              {.summary = "The caller's newest notifications and how many are unread",
               .response_schema = "NotificationList",
               .query = {{"limit", "integer", "how many, 1 to 100 (default 20)"}}},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  std::int64_t limit = QueryInt(req, "limit", 1, kMaxNotifications).value_or(kDefaultNotifications);
                  NotificationList list = context.store.Read([&](store::Database& db) {
                      return store::ListNotifications(db, caller.user.id, static_cast<int>(limit));
                  });
                  SendJson(res, ToJson(list));
              });

    api.Route("POST", "/api/notifications/{id}/read", Action::Read,
              {.summary = "Mark one of the caller's notifications read (again is fine)", .response_schema = "Notification"},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  std::int64_t id = PathId(req, "notification");
                  Notification read = context.store.Write([&](store::Database& db) {
                      std::optional<Notification> notification = store::FindNotification(db, id);
                      // Someone else's notice is not found, rather than forbidden: its existence is theirs too.
                      if (!notification || notification->user_id != caller.user.id) NotFound("notification", id);
                      store::MarkNotificationRead(db, id, Now());
                      return *store::FindNotification(db, id);
                  });
                  context.events.Publish("notification", {{"id", read.id}, {"user_id", read.user_id}}, read.user_id);
                  SendJson(res, ToJson(read));
              });
}

}  // namespace tandem::http
