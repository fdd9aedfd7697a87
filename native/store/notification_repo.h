// In-app notifications in SQLite: one user's inbox, newest first.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "tandem/notification.h"

namespace tandem::store {

class Database;

std::int64_t InsertNotification(Database& db, const Notification& notification);
// The user's newest `limit` notifications and the count of all their unread ones.
NotificationList ListNotifications(Database& db, std::int64_t user_id, int limit);
std::optional<Notification> FindNotification(Database& db, std::int64_t id);
// Replaces the text of every notice linking to `link` (what they quoted was erased).
void ReplaceNotificationText(Database& db, const std::string& link, const std::string& text);
// Sets read_at unless it is set already.
void MarkNotificationRead(Database& db, std::int64_t id, Timestamp at);

}  // namespace tandem::store
