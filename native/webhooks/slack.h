// Slack incoming-webhook bodies for webhook events: a line of text and, for SLA breaches, done
// content requests and definition activations, blocks with mrkdwn text and a link to the dashboard.
#pragma once

#include <string>

namespace tandem::webhooks {

// `envelope` is the Standard Webhooks body queued for the event; `dashboard` is the site's public
// origin ("https://tandem.example.com"), or empty when the server does not know it (no link then).
std::string SlackBody(const std::string& envelope, const std::string& dashboard);

}  // namespace tandem::webhooks
