// Notification rows.
#include "store/notification_repo.h"

#include "store/database.h"
#include "store/row.h"

namespace tandem::store {

namespace {

constexpr const char* kColumns = "id, user_id, text, link, created_at, read_at";

Notification ReadNotification(const Statement& row) {
    Notification notification;
    notification.id = row.Int(0);
    notification.user_id = row.Int(1);
    notification.text = row.Text(2);
    notification.link = row.Text(3);
    notification.created_at = row.Int(4);
    if (!row.IsNull(5)) notification.read_at = row.Int(5);
    return notification;
}

}  // namespace

std::int64_t InsertNotification(Database& db, const Notification& notification) {
    Statement& s = db.Cached(
        "INSERT INTO notifications (user_id, text, link, created_at, read_at) VALUES (?, ?, ?, ?, ?) RETURNING id");
    s.Bind(1, notification.user_id).Bind(2, notification.text).Bind(3, notification.link).Bind(4, notification.created_at);
    if (notification.read_at) s.Bind(5, *notification.read_at);
    else s.BindNull(5);
    return InsertedId(s);
}

NotificationList ListNotifications(Database& db, std::int64_t user_id, int limit) {
    NotificationList list;
    Statement s = db.Prepare(std::string("SELECT ") + kColumns +
                             " FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT ?");
    s.Bind(1, user_id).Bind(2, static_cast<std::int64_t>(limit));
    while (s.Step()) list.items.push_back(ReadNotification(s));
    Statement& unread = db.Cached("SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL");
    unread.Bind(1, user_id);
    unread.Step();
    list.unread = unread.Int(0);
    unread.Reset();
    return list;
}

std::optional<Notification> FindNotification(Database& db, std::int64_t id) {
    Statement s = db.Prepare(std::string("SELECT ") + kColumns + " FROM notifications WHERE id = ?");
    s.Bind(1, id);
    if (!s.Step()) return std::nullopt;
    return ReadNotification(s);
}

void MarkNotificationRead(Database& db, std::int64_t id, Timestamp at) {
    db.Cached("UPDATE notifications SET read_at = ? WHERE id = ? AND read_at IS NULL").Bind(1, at).Bind(2, id).Run();
}

void ReplaceNotificationText(Database& db, const std::string& link, const std::string& text) {
    db.Cached("UPDATE notifications SET text = ? WHERE link = ?").Bind(1, text).Bind(2, link).Run();
}

}  // namespace tandem::store
