// Feedback from sales: list with filters, log, read, and update (content-request status).
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/context.h"
#include "http/request.h"
#include "http/routes.h"
#include "store/domain_repo.h"
#include "store/lead_repo.h"
#include "store/store.h"
#include "tandem/codec.h"

namespace tandem::http {

namespace {

void CheckReferences(store::Database& db, const Feedback& feedback) {
    if (feedback.lead_id && !store::FindLead(db, *feedback.lead_id))
        throw ApiError(422, "invalid", "no lead " + std::to_string(*feedback.lead_id), "lead_id");
    if (feedback.campaign_id && !store::FindCampaign(db, *feedback.campaign_id))
        throw ApiError(422, "invalid", "no campaign " + std::to_string(*feedback.campaign_id), "campaign_id");
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
                         {"cursor", "integer", "next_cursor of the previous page"},
                         {"limit", "integer", "page size, 1 to 500 (default 50)"}}},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  store::FeedbackFilter filter;
                  filter.kind = QueryEnum<FeedbackKind>(req, "kind");
                  filter.lead_id = QueryInt(req, "lead", 1, kMaxSafeInteger);
                  filter.campaign_id = QueryInt(req, "campaign", 1, kMaxSafeInteger);
                  filter.author_id = QueryInt(req, "author", 1, kMaxSafeInteger);
                  filter.status = QueryEnum<ContentStatus>(req, "status");
                  filter.before_id = QueryInt(req, "cursor", 1, kMaxSafeInteger);
                  filter.limit = QueryLimit(req);
                  store::FeedbackPage page = context.store.Read([&](store::Database& db) { return store::ListFeedback(db, filter); });
                  nlohmann::json items = nlohmann::json::array();
                  for (const Feedback& feedback : page.items) items.push_back(ToJson(feedback));
                  SendJson(res, {{"items", items}, {"next_cursor", OrNull(page.next_cursor)}});
              });

    api.Route("POST", "/api/feedback", Action::WriteFeedback,
              {.summary = "Log feedback (a rejection needs a lead and a reason)", .request_schema = "FeedbackInput",
               .response_schema = "Feedback", .success_status = 201},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  Feedback feedback = FeedbackFromJson(JsonBody(req));
                  feedback.author_id = caller.user.id;
                  feedback.at = feedback.updated_at = Now();
                  feedback.revision = 1;
                  feedback.id = context.store.Write([&](store::Database& db) {
                      CheckReferences(db, feedback);
                      return store::InsertFeedback(db, feedback);
                  });
                  SetEntityTag(res, "feedback", feedback.id, feedback.revision);
                  res.set_header("Location", "/api/feedback/" + std::to_string(feedback.id));
                  if (feedback.lead_id) context.funnel.MarkDirty(*feedback.lead_id);   // a rep's note answers the SLA
                  context.events.Publish("feedback", {{"id", feedback.id}, {"kind", ToString(feedback.kind)},
                                                      {"lead_id", OrNull(feedback.lead_id)}});
                  SendJson(res, ToJson(feedback), 201);
              });

    api.Route("GET", "/api/feedback/{id}", Action::Read, {.summary = "One piece of feedback", .response_schema = "Feedback"},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  std::int64_t id = PathId(req, "feedback");
                  auto feedback = context.store.Read([&](store::Database& db) { return store::FindFeedback(db, id); });
                  if (!feedback) NotFound("feedback", id);
                  SetEntityTag(res, "feedback", feedback->id, feedback->revision);
                  SendJson(res, ToJson(*feedback));
              });

    api.Route("PATCH", "/api/feedback/{id}", Action::WriteFeedback,
              {.summary = "Edit feedback (its author) or move a content request along (marketing)",
               .request_schema = "FeedbackInput", .response_schema = "Feedback"},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  std::int64_t id = PathId(req, "feedback");
                  nlohmann::json patch = JsonBody(req);
                  std::optional<std::int64_t> if_match = IfMatchRevision(req, "feedback", id);
                  Timestamp now = Now();
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
                      feedback.id = existing->id;
                      feedback.author_id = existing->author_id;
                      feedback.at = existing->at;
                      feedback.updated_at = now;
                      feedback.revision = existing->revision + 1;
                      store::UpdateFeedback(db, feedback);
                      return feedback;
                  });
                  SetEntityTag(res, "feedback", updated.id, updated.revision);
                  context.events.Publish("feedback", {{"id", updated.id}, {"kind", ToString(updated.kind)},
                                                      {"lead_id", OrNull(updated.lead_id)}});
                  SendJson(res, ToJson(updated));
              });
}

}  // namespace tandem::http
