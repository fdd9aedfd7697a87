// Finding breaches no leader has been emailed about, and the email listing them.
#include "mail/breach_mails.h"

#include <map>

#include "http/context.h"
#include "mail/mail_repo.h"
#include "mail/mails.h"
#include "mail/message.h"
#include "service/open_breaches.h"
#include "store/account_repo.h"
#include "store/database.h"
#include "store/lead_repo.h"
#include "store/store.h"
#include "tandem/codec.h"

namespace tandem::mail {

namespace {

constexpr std::size_t kListed = 20;   // an email lists this many; the inbox has the rest

struct Breach {
    Lead lead;
    std::string owner;
    Timestamp entered_at = 0;
};

Mail BreachMail(const User& leader, const std::vector<Breach>& breaches, int sla_hours, const std::string& public_url) {
    Mail mail;
    mail.to = leader.email;
    mail.subject = breaches.size() == 1 ? "A lead waits past the first-response SLA"
                                        : std::to_string(breaches.size()) + " leads wait past the first-response SLA";
    std::string intro = "Hello " + leader.name + ",\n\n" + (breaches.size() == 1 ? "This lead has" : "These leads have") +
                        " waited more than " + std::to_string(sla_hours) + " h for a first response from sales:";
    std::string text = intro + "\n\n";
    std::string html = HtmlParagraphs(intro) + "<ul>";
    for (std::size_t i = 0; i < breaches.size() && i < kListed; ++i) {
        const Breach& breach = breaches[i];
        std::string who = breach.lead.name.empty() ? "Lead " + std::to_string(breach.lead.id) : breach.lead.name;
        if (!breach.lead.company.empty()) who += " (" + breach.lead.company + ")";
        std::string line = who + ", " + breach.owner + ", handed over " + FormatTimestamp(breach.entered_at);
        std::string link = public_url.empty() ? "" : public_url + "/#/leads/" + std::to_string(breach.lead.id);
        text += "- " + line + (link.empty() ? "" : ": " + link) + "\n";
        html += "<li>" + (link.empty() ? HtmlEscaped(who) : "<a href=\"" + HtmlEscaped(link) + "\">" + HtmlEscaped(who) + "</a>") +
                HtmlEscaped(line.substr(who.size())) + "</li>";
    }
    html += "</ul>";
    std::string inbox = public_url.empty() ? "" : public_url + "/#/leads?view=inbox";
    if (breaches.size() > kListed) {
        std::string more = "and " + std::to_string(breaches.size() - kListed) + " more in the inbox";
        text += more + (inbox.empty() ? "" : ": " + inbox) + "\n";
        html += "<p>" + HtmlEscaped(more) + "</p>";
    }
    std::string outro = "You get these emails as a sales leader.";
    mail.text = text + "\n" + outro + "\n";
    if (!inbox.empty()) html += "<p><a href=\"" + HtmlEscaped(inbox) + "\">Open the inbox</a></p>";
    mail.html = html + "<p>" + HtmlEscaped(outro) + "</p>";
    return mail;
}

}  // namespace

void QueueNewBreachMails(http::ServerContext& context, const std::string& from) {
    Timestamp now = http::Now();
    service::OpenBreaches open = service::FindOpenBreaches(context, now);
    if (open.entries.empty()) return;
    context.store.Write([&](store::Database& db) {
        std::map<std::int64_t, std::string> names;
        std::vector<User> leaders;
        for (const User& user : store::ListUsers(db)) {
            names[user.id] = user.name;
            if (user.role == Role::SalesLeader && user.active && !OptedOut(db, user.id, kSlaBreaches)) leaders.push_back(user);
        }
        std::vector<Breach> fresh;
        for (const InboxEntry& entry : open.entries) {
            db.Cached("INSERT INTO mail_breaches_sent (lead_id, entered_at) VALUES (?, ?) "
                      "ON CONFLICT (lead_id, entered_at) DO NOTHING")
                .Bind(1, entry.lead_id)
                .Bind(2, entry.entered_at)
                .Run();
            if (db.Changes() == 0) continue;
            std::optional<Lead> lead = store::FindLead(db, entry.lead_id);
            if (!lead || lead->stage != Stage::SalesReady) continue;   // answered since the funnel was read
            fresh.push_back({*lead, entry.owner_id ? names[entry.owner_id] : "unassigned", entry.entered_at});
        }
        if (fresh.empty()) return;
        for (const User& leader : leaders)
            EnqueueMail(db, kSlaBreaches, leader.email,
                        Compose(BreachMail(leader, fresh, open.sla_hours, context.site.public_url), from, now), now);
    });
}

}  // namespace tandem::mail
