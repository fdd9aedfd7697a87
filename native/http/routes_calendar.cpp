// The campaign calendar as an iCalendar feed for Outlook, Google Calendar and Apple Calendar. Those
// apps cannot sign in, so each user gets a private feed URL whose token is the credential: created
// or replaced (the old URL stops working) and revoked here, stored only as a hash.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "auth/secrets.h"
#include "http/api.h"
#include "http/context.h"
#include "http/headers.h"
#include "http/request.h"
#include "http/routes.h"
#include "store/account_repo.h"
#include "store/calendar_repo.h"
#include "store/domain_repo.h"
#include "store/store.h"
#include "tandem/calendar.h"

namespace tandem::http {

namespace {

// Calendar apps poll every few minutes; the last-used time need not be exact to the second.
constexpr Timestamp kTouchInterval = 60;

CalendarFeed FeedOf(const std::optional<store::CalendarFeedRow>& row) {
    CalendarFeed feed;
    if (!row) return feed;
    feed.active = true;
    feed.created_at = row->created_at;
    feed.last_used_at = row->last_used_at;
    return feed;
}

// FNV-1a: the feed's bytes decide its entity tag, so an unchanged plan is answered 304.
std::string ContentTag(const std::string& body) {
    std::uint64_t hash = 1469598103934665603ULL;
    for (char c : body) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    char tag[32];
    std::snprintf(tag, sizeof tag, "\"ics-%016llx\"", static_cast<unsigned long long>(hash));
    return tag;
}

}  // namespace

void RegisterCalendarRoutes(Api& api, ServerContext& context) {
    api.Route("GET", "/api/calendar/feed", Action::Read,
              {.summary = "Whether you have a calendar feed, since when, and when a calendar app last fetched it "
                          "(the URL itself is shown only when it is created)",
               .response_schema = "CalendarFeed"},
              [&context](const httplib::Request&, httplib::Response& res, const Caller& caller) {
                  auto row = context.store.Read([&](store::Database& db) { return store::FindCalendarFeed(db, caller.user.id); });
                  SendJson(res, ToJson(FeedOf(row)));
              });

    api.Route("POST", "/api/calendar/feed", Action::Read,
              {.summary = "Create your private calendar feed URL, or replace it (the old one stops working); the URL "
                          "is in this answer only",
               .response_schema = "CalendarFeed", .success_status = 201},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  std::string token = "cal_" + auth::RandomSecret();
                  Timestamp now = Now();
                  auto row = context.store.Write([&](store::Database& db) {
                      store::SaveCalendarFeed(db, caller.user.id, auth::HashSecret(token), now);
                      return store::FindCalendarFeed(db, caller.user.id);
                  });
                  CalendarFeed feed = FeedOf(row);
                  std::string base = PublicOrigin(req, context);
                  feed.url = base + "/api/calendar.ics?token=" + token;
                  feed.webcal_url = "webcal://" + feed.url->substr(feed.url->find("://") + 3);
                  res.set_header("Cache-Control", "no-store");
                  SendJson(res, ToJson(feed), 201);
              });

    api.Route("DELETE", "/api/calendar/feed", Action::Read,
              {.summary = "Revoke your calendar feed URL: calendar apps using it get 404 from now on",
               .success_status = 204},
              [&context](const httplib::Request&, httplib::Response& res, const Caller& caller) {
                  context.store.Write([&](store::Database& db) { store::DeleteCalendarFeed(db, caller.user.id); });
                  res.status = 204;
              });

    api.Public("GET", "/api/calendar.ics",
               {.summary = "Every campaign as an iCalendar (RFC 5545) feed of all-day events, for calendar apps: "
                           "the token from POST /api/calendar/feed, or a session; 401 without either, 404 for a "
                           "token that was revoked or replaced; conditional with ETag / If-None-Match (weak, listed) and "
                           "Last-Modified / If-Modified-Since",
                .response_schema = "ICalendar",
                .query = {{"token", "string", "your feed token (part of the feed URL)"}},
                .content_type = "text/calendar",
                .errors = {304, 401, 404}, .etag = true, .last_modified = true},
               [&context](const httplib::Request& req, httplib::Response& res) {
                   Timestamp now = Now();
                   std::optional<std::string> token = QueryText(req, "token");
                   if (token) {
                       std::string hash = auth::HashSecret(*token);
                       auto feed = token->empty() ? std::nullopt : context.store.Read([&](store::Database& db) {
                           return store::FindCalendarFeedBySecret(db, hash);
                       });
                       if (!feed)
                           throw ApiError(404, "not_found", "no calendar feed has this token: it was revoked or replaced",
                                          "token");
                       if (!feed->last_used_at || now - *feed->last_used_at >= kTouchInterval)
                           context.store.Write([&](store::Database& db) { store::TouchCalendarFeed(db, feed->user_id, now); });
                   } else if (!context.api->Authenticate(req)) {
                       throw ApiError(401, "unauthorized", "add your feed token (?token=...) or sign in", "token");
                   }

                   IcsOptions options;
                   options.base_url = PublicOrigin(req, context);
                   std::vector<Campaign> plan = context.store.Read([&](store::Database& db) {
                       options.installation = store::InstallationId(db);
                       for (const User& user : store::ListUsers(db)) options.owner_names[user.id] = user.name;
                       return store::ListCampaigns(db, {});
                   });
                   std::string body = IcsCalendar(plan, options);
                   std::string tag = ContentTag(body);
                   // Campaigns are never deleted, so the newest change is when the feed last changed
                   // (an owner renamed changes the bytes, and the tag, but not this date).
                   Timestamp modified = 0;
                   for (const Campaign& campaign : plan) modified = std::max(modified, campaign.updated_at);
                   res.set_header("ETag", tag);
                   if (!plan.empty()) res.set_header("Last-Modified", HttpDate(modified));
                   res.set_header("Cache-Control", "private, no-cache");
                   res.set_header("Vary", "Accept-Encoding");   // the same URL is sent gzipped to those who ask
                   if (NotModified(req, tag, plan.empty() ? std::nullopt : std::optional(modified))) {
                       res.status = 304;
                       return;
                   }
                   res.set_header("Content-Disposition", "inline; filename=\"tandem-campaigns.ics\"");
                   res.set_content(body, "text/calendar; charset=utf-8");
               });
}

}  // namespace tandem::http
