// The weekly wins digest, to the users who turned it on (it is off until they do): the customers won
// in the last whole ISO week (count, revenue, the biggest deals with company, owner, campaign and
// win story) and that week's figures against the week before.
//
// It is due from Monday 08:00 UTC, for the week that ended at that Monday's midnight; each look
// (the mailer's, every 30 s) queues it for every subscriber who has not had the one due now. So a
// server that was down on Monday sends it when it is back, and turning it on brings the latest
// digest at once, then one every Monday. mail_digests_sent holds each (user, week), written in the
// transaction that queues the email: neither a restart nor a second server sends one twice.
#pragma once

#include <string>

#include "tandem/time.h"

namespace tandem::http {
struct ServerContext;
}

namespace tandem::mail {

// The Monday of the week whose digest is due at `now`.
Date DigestWeek(Timestamp now);

void QueueWinsDigests(http::ServerContext& context, const std::string& from);

}  // namespace tandem::mail
