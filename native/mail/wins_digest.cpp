// The weekly wins digest: who is due one, and what it says.
#include "mail/wins_digest.h"

#include <algorithm>
#include <cstdint>
#include <map>

#include "http/context.h"
#include "mail/mail_repo.h"
#include "mail/mails.h"
#include "mail/message.h"
#include "store/account_repo.h"
#include "store/database.h"
#include "store/domain_repo.h"
#include "store/insights_repo.h"
#include "store/store.h"
#include "tandem/feedback_insights.h"
#include "tandem/format.h"
#include "tandem/kpi.h"
#include "tandem/period.h"
#include "tandem/route.h"

namespace tandem::mail {

namespace {

constexpr Timestamp kSendHour = 8;      // Monday 08:00 UTC: the start of the working week in Europe
constexpr std::size_t kListed = 10;     // deals listed, biggest first; the rest are counted

struct Digest {
    Date week = 0;                      // Monday
    WinsDigest wins;                    // every win of the week, biggest deal first
    Kpis figures;
    Kpis before;                        // the week before
    std::map<std::int64_t, std::string> names;   // users by id
};

std::string NameOf(const Digest& digest, std::int64_t id) {
    auto it = digest.names.find(id);
    return it == digest.names.end() ? "user " + std::to_string(id) : it->second;
}

std::vector<User> Subscribers(store::Database& db) {
    std::vector<User> subscribers;
    for (User& user : store::ListUsers(db))
        if (user.active && OptedIn(db, user.id, kWinsDigest)) subscribers.push_back(std::move(user));
    return subscribers;
}

bool HasHad(store::Database& db, std::int64_t user_id, const std::string& week) {
    store::Statement& s = db.Cached("SELECT 1 FROM mail_digests_sent WHERE user_id = ? AND week = ?");
    s.Bind(1, user_id).Bind(2, week);
    bool found = s.Step();
    s.Reset();
    return found;
}

Kpis WeekFigures(const service::FunnelSnapshot& snapshot, Date week, Timestamp now, int sla_hours) {
    ScorecardQuery query;
    query.from = StartOf(week);
    query.to = StartOf(week + 7);
    query.now = now;
    query.sla_hours = sla_hours;
    return ComputeScorecard(snapshot.funnel, query).total;
}

Digest ReadDigest(http::ServerContext& context, Date week, Timestamp now) {
    Digest digest;
    digest.week = week;
    int sla_hours = 0;
    std::vector<Win> wins = context.store.Read([&](store::Database& db) {
        sla_hours = store::LoadSla(db).first_response_hours;
        for (const User& user : store::ListUsers(db)) digest.names[user.id] = user.name;
        return store::WonLeads(db, StartOf(week), StartOf(week + 7));
    });
    digest.wins = SummariseWins(week, week + 7, std::move(wins), SIZE_MAX);
    std::stable_sort(digest.wins.wins.begin(), digest.wins.wins.end(),
                     [](const Win& a, const Win& b) { return a.deal_value.value_or(0) > b.deal_value.value_or(0); });
    context.funnel.Read(context.store, [&](const service::FunnelSnapshot& snapshot) {
        digest.figures = WeekFigures(snapshot, week, now, sla_hours);
        digest.before = WeekFigures(snapshot, week - 7, now, sla_hours);
    });
    return digest;
}

std::string Deals(std::int64_t count) { return count == 1 ? "1 deal" : FormatCount(count) + " deals"; }

Mail DigestMail(const User& to, const Digest& digest, const std::string& public_url) {
    const WinsDigest& wins = digest.wins;
    std::string week = "the w" + PeriodLabel({PeriodKind::Week, digest.week, digest.week + 7}).substr(1);
    std::string revenue = FormatMoney(static_cast<double>(wins.revenue));
    Mail mail;
    mail.to = to.email;
    mail.subject = wins.count == 0 ? "No deal won in " + week
                                   : "Won in " + week + ": " + Deals(wins.count) + ", " + revenue;
    std::string intro = "Hello " + to.name + ",\n\n" +
                        (wins.count == 0 ? "No deal was won in " + week + " (Monday to Sunday, UTC)."
                                         : "In " + week + " (Monday to Sunday, UTC) sales won " + Deals(wins.count) +
                                               " worth " + revenue + ":");
    std::string text = intro + "\n\n";
    std::string html = HtmlParagraphs(intro);
    if (wins.count > 0) html += "<ul>";
    for (std::size_t i = 0; i < wins.wins.size() && i < kListed; ++i) {
        const Win& win = wins.wins[i];
        std::string company = !win.company.empty() ? win.company
                              : !win.name.empty()  ? win.name
                                                   : "Lead " + std::to_string(win.lead_id);   // erased
        std::string owner = win.owner_id ? "owner " + NameOf(digest, *win.owner_id) : "no owner";
        std::string campaign = win.campaign_name.empty() ? "no campaign" : "campaign " + win.campaign_name;
        std::string rest = ", " + FormatMoney(static_cast<double>(win.deal_value.value_or(0))) + ", " + owner + ", " +
                           campaign;
        std::string story =
            win.story ? "\u201c" + win.story->text + "\u201d \u2014 " + NameOf(digest, win.story->author_id) : "";
        text += "- " + company + rest + "\n" + (story.empty() ? "" : "  " + story + "\n");
        std::string link = public_url.empty() ? "" : public_url + "/#/leads/" + std::to_string(win.lead_id);
        std::string name = link.empty() ? HtmlEscaped(company)
                                        : "<a href=\"" + HtmlEscaped(link) + "\">" + HtmlEscaped(company) + "</a>";
        html += "<li>" + name + HtmlEscaped(rest) + (story.empty() ? "" : "<br>" + HtmlEscaped(story)) + "</li>";
    }
    if (wins.count > 0) html += "</ul>";
    if (wins.wins.size() > kListed) {
        std::string more = "and " + std::to_string(wins.wins.size() - kListed) + " more";
        text += more + "\n";
        html += "<p>" + HtmlEscaped(more) + "</p>";
    }
    const Kpis& now = digest.figures;
    const Kpis& before = digest.before;
    const std::pair<const char*, std::pair<std::string, std::string>> figures[] = {
        {"New leads", {FormatCount(now.leads), FormatCount(before.leads)}},
        {"MQLs", {FormatCount(now.mqls), FormatCount(before.mqls)}},
        {"SQLs", {FormatCount(now.sqls), FormatCount(before.sqls)}},
        {"Won", {FormatCount(now.won), FormatCount(before.won)}},
        {"Revenue", {FormatMoney(static_cast<double>(now.revenue)), FormatMoney(static_cast<double>(before.revenue))}},
        {"Win rate", {FormatPercent(now.win_rate), FormatPercent(before.win_rate)}},
    };
    const std::string heading = "The week against the week before:";
    text += (wins.count > 0 ? "\n" : "") + heading + "\n";
    html += "<p>" + HtmlEscaped(heading) + "</p><ul>";
    for (const auto& [label, values] : figures) {
        std::string line = std::string(label) + ": " + values.first + " (the week before: " + values.second + ")";
        text += "- " + line + "\n";
        html += "<li>" + HtmlEscaped(line) + "</li>";
    }
    html += "</ul>";
    if (!public_url.empty()) {
        Route scorecard{.view = View::Scorecard, .query = {{"period", "week"}, {"from", FormatDate(digest.week)}}};
        std::string link = public_url + "/" + FormatRoute(scorecard);
        text += "\nThe week on the scorecard: " + link + "\n";
        html += "<p><a href=\"" + HtmlEscaped(link) + "\">Open the week on the scorecard</a></p>";
    }
    std::string outro = "You get this email on Mondays because you turned on the weekly wins digest; turn it off "
                        "under Email preferences in your account menu in Tandem.";
    mail.text = text + "\n" + outro + "\n";
    mail.html = html + HtmlParagraphs(outro);
    return mail;
}

}  // namespace

Date DigestWeek(Timestamp now) {
    Date monday = WeekStart(DateOf(now));
    if (now < StartOf(monday) + kSendHour * 3600) monday -= 7;
    return monday - 7;
}

void QueueWinsDigests(http::ServerContext& context, const std::string& from) {
    Timestamp now = http::Now();
    Date week = DigestWeek(now);
    const std::string week_text = FormatDate(week);
    // Every 30 s: the digest is only read when someone is due one.
    bool due = context.store.Read([&](store::Database& db) {
        for (const User& user : Subscribers(db))
            if (!HasHad(db, user.id, week_text)) return true;
        return false;
    });
    if (!due) return;
    Digest digest = ReadDigest(context, week, now);
    context.store.Write([&](store::Database& db) {
        for (const User& user : Subscribers(db)) {
            db.Cached("INSERT INTO mail_digests_sent (user_id, week) VALUES (?, ?) "
                      "ON CONFLICT (user_id, week) DO NOTHING")
                .Bind(1, user.id)
                .Bind(2, week_text)
                .Run();
            if (db.Changes() == 0) continue;   // had it already (another server, an earlier look)
            EnqueueMail(db, kWinsDigest, user.email, Compose(DigestMail(user, digest, context.site.public_url), from, now),
                        now);
        }
    });
}

}  // namespace tandem::mail
