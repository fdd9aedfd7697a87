// SLA breaches by email to the sales leaders: each breach (a lead's latest handover) once, the new
// ones since the last look in one email per leader. The mailer looks at every round.
#pragma once

#include <string>

namespace tandem::http {
struct ServerContext;
}

namespace tandem::mail {

void QueueNewBreachMails(http::ServerContext& context, const std::string& from);

}  // namespace tandem::mail
