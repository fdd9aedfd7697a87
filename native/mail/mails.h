// What Tandem's emails say, in words and in HTML.
#pragma once

#include <string>

#include "mail/message.h"
#include "tandem/feedback.h"
#include "tandem/user.h"

namespace tandem::store {
class Database;
}

namespace tandem::mail {

// The kinds a user may turn off (email_opt_outs.kind); a password reset cannot be.
inline constexpr const char* kContentRequests = "content_requests";
inline constexpr const char* kSlaBreaches = "sla_breaches";   // sales leaders
// Off until a user turns it on (email_opt_ins.kind): the weekly wins digest (mail/wins_digest.h).
inline constexpr const char* kWinsDigest = "wins_digest";

// A one-time link an admin made for `user` to set a new password.
Mail PasswordResetMail(const User& user, const User& by, const std::string& url, Timestamp expires_at);
// `by` finished the content request `request` of `requester`; `link` opens it (empty: no link).
Mail ContentRequestDoneMail(const User& requester, const User& by, const Feedback& request, const std::string& link);

// In the transaction that finished `request`: queues the email to its requester unless they turned
// these off. `public_url` (--public-url, may be empty) makes the link to it.
void QueueContentRequestDone(store::Database& db, const std::string& from, const Feedback& request, const User& by,
                             const std::string& public_url, Timestamp now);

}  // namespace tandem::mail
