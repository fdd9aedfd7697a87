// Notices the server leaves for one user when something they asked for happens: today, a content
// request they logged was moved to done by someone else.
#pragma once

#include <optional>
#include <string>

#include "tandem/feedback.h"
#include "tandem/notification.h"
#include "tandem/user.h"

namespace tandem::store {
class Database;
}

namespace tandem::service {

// The dashboard route a content request's notice links to.
std::string ContentRequestLink(std::int64_t feedback_id);

// Called in the transaction that changes `before` into `after`: if a content request has just
// become done, and not by its requester, tells the requester (stored, with its id). Returns the
// notice to publish after the commit, or nothing.
std::optional<Notification> NotifyContentRequestDone(store::Database& db, const Feedback& before, const Feedback& after,
                                                     const User& by, Timestamp now);

}  // namespace tandem::service
