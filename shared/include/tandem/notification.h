// An in-app notice to one user, e.g. "the content request you asked for is done", with a link
// (a dashboard route) to what it is about; read once the user opens or dismisses it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>
#include "tandem/time.h"

namespace tandem {

struct Notification {
    std::int64_t id = 0;
    std::int64_t user_id = 0;
    std::string text;
    std::string link;                      // a dashboard route, "#/feedback?tab=requests"; may be ""
    Timestamp created_at = 0;
    std::optional<Timestamp> read_at;
};

// GET /api/notifications: the newest notices and how many are unread in all.
struct NotificationList {
    std::vector<Notification> items;       // newest first
    std::int64_t unread = 0;
};

// JSON (src/notification_json.cpp); the FromJson functions read what the server sends.
nlohmann::json ToJson(const Notification& notification);
Notification NotificationFromServerJson(const nlohmann::json& in);
nlohmann::json ToJson(const NotificationList& list);
NotificationList NotificationListFromJson(const nlohmann::json& in);

}  // namespace tandem
