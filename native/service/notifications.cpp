// Notices for users: a content request they asked for is done.
#include "service/notifications.h"

#include "store/notification_repo.h"
#include "tandem/route.h"

namespace tandem::service {

namespace {

constexpr std::size_t kQuoteBytes = 80;

// At most `bytes` bytes, cut at a character boundary, with an ellipsis if anything was cut.
std::string Shorten(const std::string& text, std::size_t bytes) {
    if (text.size() <= bytes) return text;
    std::size_t end = bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    while (end > 0 && text[end - 1] == ' ') --end;
    return text.substr(0, end) + "…";
}

}  // namespace

std::string ContentRequestLink(std::int64_t feedback_id) {
    Route link;
    link.view = View::Feedback;
    link.query = {{"tab", "requests"}, {"request", std::to_string(feedback_id)}};
    return FormatRoute(link);
}

std::optional<Notification> NotifyContentRequestDone(store::Database& db, const Feedback& before, const Feedback& after,
                                                     const User& by, Timestamp now) {
    if (after.kind != FeedbackKind::ContentRequest || after.status != ContentStatus::Done) return std::nullopt;
    if (before.status == ContentStatus::Done || after.author_id == by.id) return std::nullopt;
    Notification notification;
    notification.user_id = after.author_id;
    notification.text = by.name + " finished your content request: \u201c" + Shorten(after.text, kQuoteBytes) + "\u201d";
    notification.link = ContentRequestLink(after.id);
    notification.created_at = now;
    notification.id = store::InsertNotification(db, notification);
    return notification;
}

}  // namespace tandem::service
