// Feedback from sales: list with filters, log, read, and update (content-request status, which
// tells the requester when it is done); marketing's insights from it and the digest of wins.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/context.h"
#include "http/lead_events.h"
#include "http/request.h"
#include "http/routes.h"
#include "mail/mailer.h"
#include "mail/mails.h"
#include "service/leads.h"
#include "service/notifications.h"
#include "store/domain_repo.h"
#include "store/insights_repo.h"
#include "store/lead_repo.h"
#include "store/store.h"
#include "tandem/codec.h"
#include "tandem/feedback_insights.h"
#include "webhooks/events.h"

namespace tandem::http {

namespace {

void CheckReferences(store::Database& db, const Feedback& feedback) {
    if (feedback.lead_id && !store::FindLead(db, *feedback.lead_id))
        throw ApiError(422, "invalid", "no lead " + std::to_string(*feedback.lead_id), "lead_id");
    if (feedback.campaign_id && !store::FindCampaign(db, *feedback.campaign_id))
        throw ApiError(422, "invalid", "no campaign " + std::to_string(*feedback.campaign_id), "campaign_id");
}

constexpr int kInsightWeeks = 13;
constexpr int kWinsDays = 30;
constexpr std::int64_t kDefaultWins = 100;
constexpr std::int64_t kMaxWins = 500;

// [from, to) from the query, each defaulting as given; refuses an empty or over-long period.
std::pair<Date, Date> PeriodFrom(const httplib::Request& req, Date default_from, Date default_to) {
    Date from = QueryDate(req, "from").value_or(default_from);
    Date to = QueryDate(req, "to").value_or(default_to);
    if (to <= from) throw ApiError(400, "bad_request", "to must be after from", "to");
    if (to - from > 3660) throw ApiError(400, "bad_request", "the period is longer than ten years", "to");
    return {from, to};
}

}  // namespace

void RegisterFeedbackRoutes(Api& api, ServerContext& context) {
    api.Route("GET", "/api/feedback", Action::Read,
              {.summary = "Feedback, newest first",
               .response_schema = "[Feedback]",
               .query = {{"kind", "string", "rejection, objection, question, content_request, win_story, general"},
                         {"lead", "integer", "about this lead"},
                         {"campaign", "integer", "about this campaign"},
                         {"author", "integer", "by this user"},
                         {"status", "string", "content requests in this status"},
                         {"tag", "string", "carrying this tag"},
                         {"cursor", "integer", "next_cursor of the previous page"},
                         {"limit", "integer", "page size, 1 to 500 (default 50)"}}},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  store::FeedbackFilter filter;
                  filter.kind = QueryEnum<FeedbackKind>(req, "kind");
                  filter.lead_id = QueryInt(req, "lead", 1, kMaxSafeInteger);
                  filter.campaign_id = QueryInt(req, "campaign", 1, kMaxSafeInteger);
                  filter.author_id = QueryInt(req, "author", 1, kMaxSafeInteger);
                  filter.status = QueryEnum<ContentStatus>(req, "status");
                  if (std::optional<std::string> tag = QueryText(req, "tag")) filter.tag = ToLower(Trim(*tag));
                  filter.before_id = QueryInt(req, "cursor", 1, kMaxSafeInteger);
                  filter.limit = QueryLimit(req);
                  store::FeedbackPage page = context.store.Read([&](store::Database& db) { return store::ListFeedback(db, filter); });
                  nlohmann::json items = nlohmann::json::array();
                  for (const Feedback& feedback : page.items) items.push_back(ToJson(feedback));
                  SendJson(res, {{"items", items}, {"next_cursor", OrNull(page.next_cursor)}});
              });

    api.Route("POST", "/api/feedback", Action::WriteFeedback,
              {.summary = "Log feedback. A rejection (lead and reason required) is the lead's rejection: a sales_ready "
                          "lead goes back to marketing (409 in any other stage). Reps log about their own leads",
               .request_schema = "FeedbackInput", .response_schema = "Feedback", .success_status = 201,
               .errors = {409}, .etag = true},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  Feedback feedback = FeedbackFromJson(JsonBody(req));
                  feedback.author_id = caller.user.id;
                  feedback.at = feedback.updated_at = Now();
                  feedback.revision = 1;
                  std::optional<service::TransitionResult> rejected;
                  feedback.id = context.store.Write([&](store::Database& db) {
                      CheckReferences(db, feedback);
                      if (feedback.kind == FeedbackKind::Rejection) {
                          rejected = service::RejectWithFeedback(db, feedback, caller.user, feedback.at);
                          webhooks::EnqueueLeadChange(db, rejected->change.from, rejected->lead, feedback.at);
                          webhooks::EnqueueFeedbackCreated(db, *store::FindFeedback(db, *rejected->feedback_id), feedback.at);
                          return *rejected->feedback_id;
                      }
                      // A rep's note about a lead is a contact that answers its SLA: their own leads only.
                      if (feedback.lead_id) service::RequireMayActOn(db, *store::FindLead(db, *feedback.lead_id), caller.user);
                      Feedback created = feedback;
                      created.id = store::InsertFeedback(db, feedback);
                      webhooks::EnqueueFeedbackCreated(db, created, feedback.at);
                      return created.id;
                  });
                  if (rejected) {
                      feedback = *context.store.Read([&](store::Database& db) { return store::FindFeedback(db, feedback.id); });
                      PublishLeadChange(context, rejected->lead, "moved");
                  }
                  SetEntityTag(res, "feedback", feedback.id, feedback.revision);
                  res.set_header("Location", "/api/feedback/" + std::to_string(feedback.id));
                  if (feedback.lead_id) context.funnel.MarkDirty(*feedback.lead_id);   // a rep's note answers the SLA
                  context.events.Publish("feedback", {{"id", feedback.id}, {"kind", ToString(feedback.kind)},
                                                      {"lead_id", OrNull(feedback.lead_id)}});
                  SendJson(res, ToJson(feedback), 201);
              });

    // Registered before /api/feedback/{id}, which would otherwise take "insights" for an id.
    api.Route("GET", "/api/feedback/insights", Action::Read,
              {.summary = "For marketing: rejection reasons by source, campaign and week; the most frequent "
                          "objections and questions",
               .response_schema = "FeedbackInsights",
               .query = {{"from", "string", "first day (YYYY-MM-DD); default: the Monday 12 weeks before this week's"},
                         {"to", "string", "day after the last (YYYY-MM-DD); default: tomorrow"}}},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  Date today = DateOf(Now());
                  auto [from, to] = PeriodFrom(req, WeekStart(today) - 7 * (kInsightWeeks - 1), today + 1);
                  std::vector<RejectionRow> rejections;
                  std::vector<RemarkRow> objections, questions;
                  std::map<std::int64_t, std::string> names;
                  context.store.Read([&](store::Database& db) {
                      rejections = store::RejectionRows(db, StartOf(from), StartOf(to));
                      objections = store::RemarkRows(db, FeedbackKind::Objection, StartOf(from), StartOf(to));
                      questions = store::RemarkRows(db, FeedbackKind::Question, StartOf(from), StartOf(to));
                      names = store::CampaignNames(db);
                  });
                  SendJson(res, ToJson(ComputeFeedbackInsights({from, to, rejections, objections, questions, &names})));
              });

    api.Route("GET", "/api/feedback/wins", Action::Read,
              {.summary = "Customers newly won: deal value, cycle, the source and campaign that brought them in, "
                          "the win story",
               .response_schema = "WinsDigest",
               .query = {{"from", "string", "first day (YYYY-MM-DD); default: 29 days before today"},
                         {"to", "string", "day after the last (YYYY-MM-DD); default: tomorrow"},
                         {"limit", "integer", "wins listed, newest first, 1 to 500 (default 100); totals count all"}}},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  Date today = DateOf(Now());
                  auto [from, to] = PeriodFrom(req, today + 1 - kWinsDays, today + 1);
                  std::int64_t limit = QueryInt(req, "limit", 1, kMaxWins).value_or(kDefaultWins);
                  std::vector<Win> wins = context.store.Read([&](store::Database& db) {
                      return store::WonLeads(db, StartOf(from), StartOf(to));
                  });
                  SendJson(res, ToJson(SummariseWins(from, to, std::move(wins), static_cast<std::size_t>(limit))));
              });

    api.Route("GET", "/api/feedback/{id}", Action::Read,
              {.summary = "One piece of feedback", .response_schema = "Feedback", .etag = true},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  std::int64_t id = PathId(req, "feedback");
                  auto feedback = context.store.Read([&](store::Database& db) { return store::FindFeedback(db, id); });
                  if (!feedback) NotFound("feedback", id);
                  SetEntityTag(res, "feedback", feedback->id, feedback->revision);
                  SendJson(res, ToJson(*feedback));
              });

    api.Route("PATCH", "/api/feedback/{id}", Action::WriteFeedback,
              {.summary = "Edit feedback (its author) or move a content request along (marketing)",
               .request_schema = "FeedbackInput", .response_schema = "Feedback", .if_match = true, .etag = true},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  std::int64_t id = PathId(req, "feedback");
                  nlohmann::json patch = JsonBody(req);
                  std::optional<std::int64_t> if_match = IfMatchRevision(req, "feedback", id);
                  Timestamp now = Now();
                  std::optional<Notification> notice;
                  Feedback updated = context.store.Write([&](store::Database& db) {
                      std::optional<Feedback> existing = store::FindFeedback(db, id);
                      if (!existing) NotFound("feedback", id);
                      if (if_match && *if_match != existing->revision)
                          throw ApiError(412, "precondition_failed", "the feedback changed since you read it", "If-Match");
                      bool author = existing->author_id == caller.user.id || caller.user.role == Role::Admin;
                      bool status_only = patch.is_object() && patch.size() == 1 && patch.contains("status");
                      if (!author && !(status_only && Can(caller.user.role, Action::UpdateContentRequests)))
                          throw ApiError(403, "forbidden", "only its author may edit this feedback");
                      Feedback feedback = FeedbackFromJson(MergePatch(ToJson(*existing), patch, FeedbackReadOnlyFields()));
                      CheckReferences(db, feedback);
                      // A rejection is the lead's move back to marketing: editing feedback cannot make or undo one.
                      bool was_rejection = existing->kind == FeedbackKind::Rejection;
                      if (was_rejection != (feedback.kind == FeedbackKind::Rejection))
                          throw ApiError(422, "invalid", "a rejection is made by rejecting the lead, not by editing feedback", "kind");
                      if (was_rejection && (feedback.lead_id != existing->lead_id || feedback.reason != existing->reason))
                          throw ApiError(422, "invalid", "a rejection's lead and reason are part of the lead's history",
                                         feedback.lead_id != existing->lead_id ? "lead_id" : "reason");
                      if (feedback.lead_id && feedback.lead_id != existing->lead_id)
                          service::RequireMayActOn(db, *store::FindLead(db, *feedback.lead_id), caller.user);
                      feedback.id = existing->id;
                      feedback.author_id = existing->author_id;
                      feedback.at = existing->at;
                      feedback.updated_at = now;
                      feedback.revision = existing->revision + 1;
                      store::UpdateFeedback(db, feedback);
                      notice = service::NotifyContentRequestDone(db, *existing, feedback, caller.user, now);
                      if (notice && context.mailer->Enabled())
                          mail::QueueContentRequestDone(db, context.mailer->Settings().from, feedback, caller.user,
                                                        context.site.public_url, now);
                      webhooks::EnqueueFeedbackChange(db, *existing, feedback, now);
                      return feedback;
                  });
                  SetEntityTag(res, "feedback", updated.id, updated.revision);
                  context.events.Publish("feedback", {{"id", updated.id}, {"kind", ToString(updated.kind)},
                                                      {"lead_id", OrNull(updated.lead_id)}});
                  // Only who it is for: no one else's stream carries it.
                  if (notice) {
                      context.events.Publish("notification", {{"id", notice->id}, {"user_id", notice->user_id}},
                                             notice->user_id);
                      if (context.mailer->Enabled()) context.mailer->Wake();
                  }
                  SendJson(res, ToJson(updated));
              });
}

}  // namespace tandem::http
