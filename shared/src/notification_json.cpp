// JSON for in-app notifications.
#include "tandem/codec.h"
#include "tandem/notification.h"

namespace tandem {

namespace {

Notification ReadNotification(const nlohmann::json& in, const std::string& path) {
    ObjectReader reader(in, path);
    Notification notification;
    reader.Required("id", notification.id);
    reader.Required("user_id", notification.user_id);
    reader.Required("text", notification.text);
    reader.Required("link", notification.link);
    reader.OptionalTimestamp("created_at", notification.created_at);
    reader.OptionalTimestamp("read_at", notification.read_at);
    reader.Finish();
    return notification;
}

}  // namespace

nlohmann::json ToJson(const Notification& notification) {
    return {{"id", notification.id},
            {"user_id", notification.user_id},
            {"text", notification.text},
            {"link", notification.link},
            {"created_at", FormatTimestamp(notification.created_at)},
            {"read_at", TimestampOrNull(notification.read_at)}};
}

Notification NotificationFromServerJson(const nlohmann::json& in) { return ReadNotification(in, ""); }

nlohmann::json ToJson(const NotificationList& list) {
    nlohmann::json items = nlohmann::json::array();
    for (const Notification& notification : list.items) items.push_back(ToJson(notification));
    return {{"items", items}, {"unread", list.unread}};
}

NotificationList NotificationListFromJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    NotificationList list;
    const nlohmann::json* items = reader.Member("items");
    if (!items || !items->is_array()) throw DecodeError("items", "expected a list");
    for (std::size_t i = 0; i < items->size(); ++i)
        list.items.push_back(ReadNotification((*items)[i], "items[" + std::to_string(i) + "]"));
    reader.Required("unread", list.unread);
    if (list.unread < 0) throw DecodeError("unread", "must be at least 0");
    reader.Finish();
    return list;
}

}  // namespace tandem
