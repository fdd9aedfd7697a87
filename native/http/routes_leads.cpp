// Leads: list with filters and cursor pagination, create, read, patch (If-Match), stage
// transitions, stage history, CSV import and export; the hand-off to sales: the inbox, claims,
// assignments and their history, and a lead's score explained.
#include <algorithm>
#include <cstdio>
#include <httplib.h>
#include <memory>
#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/context.h"
#include "http/lead_events.h"
#include "http/request.h"
#include "http/routes.h"
#include "log.h"
#include "service/erasure.h"
#include "service/import.h"
#include "store/import_repo.h"
#include "service/leads.h"
#include "store/account_repo.h"
#include "store/domain_repo.h"
#include "store/handoff_repo.h"
#include "store/lead_repo.h"
#include "store/store.h"
#include "tandem/codec.h"
#include "tandem/csv.h"
#include "webhooks/events.h"

namespace tandem::http {

namespace {

constexpr std::size_t kCsvBatchBytes = 1 << 20;

// A scorecard figure's own filter (entered=STAGE&entered_from&entered_to, sla=missed|breached),
// with the figure's group (source, campaign); nothing if the request asks for none.
std::optional<CountedQuery> CountedFrom(const httplib::Request& req, int sla_hours, Timestamp now) {
    std::optional<Stage> entered = QueryEnum<Stage>(req, "entered");
    std::optional<std::string> sla = QueryText(req, "sla");
    if (!entered && !sla) {
        for (const char* name : {"entered_from", "entered_to"})
            if (req.has_param(name)) throw ApiError(400, "bad_request", "only with entered or sla=missed", name);
        return std::nullopt;
    }
    if (entered && sla) throw ApiError(400, "bad_request", "one figure at a time: entered or sla", "sla");
    for (const char* other : {"stage", "owner", "q", "score_min", "score_max", "created_from", "created_to"})
        if (req.has_param(other)) throw ApiError(400, "bad_request", "a scorecard figure's list takes no other filter", other);
    CountedQuery query;
    query.now = now;
    query.sla_hours = sla_hours;
    query.source = QueryEnum<Source>(req, "source");
    if (QueryText(req, "campaign") == "none") query.campaign_id = 0;
    else query.campaign_id = QueryInt(req, "campaign", 1, kMaxSafeInteger);
    if (sla == "breached") {
        query.what = Counted::SlaBreached;
        return query;
    }
    if (sla && *sla != "missed") throw ApiError(400, "bad_request", "expected missed or breached, got '" + *sla + "'", "sla");
    query.what = entered ? Counted::Entered : Counted::SlaMissed;
    query.stage = entered.value_or(Stage::SalesReady);
    std::optional<Timestamp> from = QueryTime(req, "entered_from");
    std::optional<Timestamp> to = QueryTime(req, "entered_to");
    if (!from) throw ApiError(400, "bad_request", "required with " + std::string(entered ? "entered" : "sla=missed"), "entered_from");
    if (!to) throw ApiError(400, "bad_request", "required with " + std::string(entered ? "entered" : "sla=missed"), "entered_to");
    if (*to <= *from) throw ApiError(400, "bad_request", "must be after entered_from", "entered_to");
    query.from = *from;
    query.to = *to;
    return query;
}

store::LeadFilter FilterFrom(const httplib::Request& req, const Caller& caller) {
    store::LeadFilter filter;
    filter.stage = QueryEnum<Stage>(req, "stage");
    filter.source = QueryEnum<Source>(req, "source");
    if (std::optional<std::string> owner = QueryText(req, "owner")) {
        if (*owner == "me") filter.owner_id = caller.user.id;
        else if (*owner == "none") filter.unassigned = true;
        else filter.owner_id = QueryInt(req, "owner", 1, kMaxSafeInteger);
    }
    if (QueryText(req, "campaign") == "none") filter.no_campaign = true;
    else filter.campaign_id = QueryInt(req, "campaign", 1, kMaxSafeInteger);
    filter.score_min = QueryNumber(req, "score_min");
    filter.score_max = QueryNumber(req, "score_max");
    filter.created_from = QueryTime(req, "created_from");
    filter.created_to = QueryTime(req, "created_to");
    filter.text = QueryText(req, "q").value_or("");
    filter.before_id = QueryInt(req, "cursor", 1, kMaxSafeInteger);
    filter.limit = QueryLimit(req);
    return filter;
}

// Streams a CSV produced row by row from a read snapshot, in ~1 MiB chunks, so an export of a
// million rows needs neither the memory nor a long-held lock.
// With `excel`, a UTF-8 byte order mark first: without one Excel reads the file as its ANSI code page.
void StreamCsv(httplib::Response& res, store::Store& store, const std::string& filename, bool excel,
               std::function<void(store::Database&, const std::function<void(std::vector<std::string>)>&)> produce) {
    res.set_header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
    res.set_chunked_content_provider(
        "text/csv; charset=utf-8", [&store, produce, excel](std::size_t, httplib::DataSink& sink) {
            std::string buffer = excel ? "\xEF\xBB\xBF" : "";
            bool open = true;
            store.Read([&](store::Database& db) {
                produce(db, [&](std::vector<std::string> fields) {
                    if (!open) return;
                    AppendCsvRow(buffer, fields);
                    if (buffer.size() >= kCsvBatchBytes) {
                        open = sink.write(buffer.data(), buffer.size());
                        buffer.clear();
                    }
                });
            });
            if (open && !buffer.empty()) sink.write(buffer.data(), buffer.size());
            sink.done();
            return true;
        });
}

std::vector<std::string> HistoryRecord(const StageChange& change) {
    return {std::to_string(change.id),
            std::to_string(change.lead_id),
            change.from ? std::string(ToString(*change.from)) : std::string(),
            std::string(ToString(change.to)),
            FormatTimestamp(change.at),
            change.by_user_id ? std::to_string(*change.by_user_id) : std::string(),
            change.reason,
            change.note};
}

// One page of a figure's leads, newest first, read off the funnel the scorecard counts from.
nlohmann::json CountedPage(ServerContext& context, const CountedQuery& query, const httplib::Request& req, bool count) {
    std::vector<std::int64_t> ids;
    context.funnel.Read(context.store, [&](const service::FunnelSnapshot& snapshot) { ids = CountedLeads(snapshot.funnel, query); });
    std::int64_t before = QueryInt(req, "cursor", 1, kMaxSafeInteger).value_or(kMaxSafeInteger);
    auto first = std::upper_bound(ids.begin(), ids.end(), before, std::greater<>());
    std::size_t limit = static_cast<std::size_t>(QueryLimit(req));
    nlohmann::json items = nlohmann::json::array();
    std::optional<std::int64_t> next;
    context.store.Read([&](store::Database& db) {
        for (auto it = first; it != ids.end() && items.size() < limit; ++it) {
            // Erased since the funnel was read: skipped rather than answered with a hole.
            if (std::optional<Lead> lead = store::FindLead(db, *it)) items.push_back(ToJson(*lead));
            next = std::next(it) != ids.end() ? std::optional<std::int64_t>(*it) : std::nullopt;
        }
    });
    nlohmann::json body = {{"items", items}, {"next_cursor", OrNull(next)}};
    if (count) body["total"] = static_cast<std::int64_t>(ids.size());
    return body;
}

// Who may look into other people's inboxes: the leaders of both sides, and admins.
bool SeesEveryInbox(Role role) {
    return role == Role::SalesLeader || role == Role::MarketingLeader || role == Role::Admin;
}

// ?rep= as a scope; 403 for someone else's inbox without the role for it.
InboxQuery InboxScopeFrom(const httplib::Request& req, const Caller& caller, std::string& rep) {
    bool sees_all = SeesEveryInbox(caller.user.role);
    rep = QueryText(req, "rep").value_or(sees_all ? "all" : "me");
    InboxQuery query;
    if (rep == "me") {
        query.scope = InboxScope::Mine;
        query.user_id = caller.user.id;
    } else if (rep == "all") {
        query.scope = InboxScope::All;
    } else if (rep == "none") {
        query.scope = InboxScope::Unassigned;
    } else {
        query.scope = InboxScope::Rep;
        query.user_id = *QueryInt(req, "rep", 1, kMaxSafeInteger);
    }
    bool own = query.scope == InboxScope::Mine || (query.scope == InboxScope::Rep && query.user_id == caller.user.id);
    if (!own && !sees_all) {
        throw ApiError(403, "forbidden",
                       "a " + std::string(ToString(caller.user.role)) + " sees their own inbox (rep=me); leaders see every one");
    }
    return query;
}

nlohmann::json AssignJson(const service::AssignResult& result) {
    return {{"lead", ToJson(result.lead)},
            {"assignment", result.assignment ? ToJson(*result.assignment) : nlohmann::json(nullptr)}};
}

}  // namespace

void RegisterLeadRoutes(Api& api, ServerContext& context) {
    const std::vector<ParamDoc> list_params = {
        {"stage", "string", "only leads in this stage"},
        {"source", "string", "only leads from this source"},
        {"owner", "string", "a user id, 'me' or 'none' (unassigned)"},
        {"campaign", "string", "only leads of this campaign (an id), or of none ('none')"},
        {"score_min", "number", "total score at least"},
        {"score_max", "number", "total score at most"},
        {"created_from", "string", "created at or after (ISO 8601)"},
        {"created_to", "string", "created before (ISO 8601)"},
        {"q", "string", "text in the email, name or company"},
        {"cursor", "integer", "next_cursor of the previous page"},
        {"limit", "integer", "page size, 1 to 500 (default 50)"},
        {"count", "boolean", "also send total, how many leads match (a scan of them all with q)"},
        {"entered", "string", "a scorecard figure's leads: first entry into this stage (new: created) in "
                              "[entered_from, entered_to); with source and campaign ('none' for no campaign) only"},
        {"entered_from", "string", "with entered or sla=missed: from (ISO 8601)"},
        {"entered_to", "string", "with entered or sla=missed: before (ISO 8601)"},
        {"sla", "string", "missed: first handed over in [entered_from, entered_to) and answered late or not yet past "
                          "the SLA; breached: waiting past the SLA now"},
    };

    api.Route("GET", "/api/leads/export.csv", Action::Read,
              {.summary = "All leads as CSV (our columns, owners by email and campaigns by name; importable)",
               .query = {{"excel", "boolean", "start with a UTF-8 byte order mark, for Excel"}},
               .content_type = "text/csv"},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  StreamCsv(res, context.store, "leads.csv", QueryBool(req, "excel").value_or(false),
                            [](store::Database& db, const auto& emit) { service::ExportLeadsCsv(db, emit); });
              });

    api.Route("GET", "/api/stage-history.csv", Action::Read,
              {.summary = "Every stage change of every lead, as CSV",
               .query = {{"excel", "boolean", "start with a UTF-8 byte order mark, for Excel"}},
               .content_type = "text/csv"},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  StreamCsv(res, context.store, "stage-history.csv", QueryBool(req, "excel").value_or(false),
                            [](store::Database& db, const auto& emit) {
                      emit({"id", "lead_id", "from", "to", "at", "by", "reason", "note"});
                      store::ForEachStageChange(db, [&](const StageChange& change) { emit(HistoryRecord(change)); });
                  });
              });

    api.RouteStream("/api/leads/import", Action::ImportLeads,
                    {.summary = "Import leads from CSV (ours, or HubSpot's, Salesforce's, Pipedrive's or Zoho's export)",
                     .request_schema = "ImportCsv",
                     .response_schema = "ImportReport",
                     .query = {{"strict", "boolean", "import nothing if any row is bad (the file is checked first)"},
                               {"dry_run", "boolean", "check every row against the database; write nothing"},
                               {"mode", "string", "insert (default: a row of a lead we have is refused) or upsert "
                                                  "(matched by crm_source + crm_id, else email, it updates the lead)"},
                               {"crm", "string", "the CRM whose record ids the file has (default: from the header)"},
                               {"encoding", "string", "utf-8, utf-16le, utf-16be or windows-1252 (default: detected)"},
                               {"delimiter", "string", "comma, semicolon, tab or pipe (default: detected)"},
                               {"date_order", "string", "dmy, mdy or ymd (default: from the file, else mdy)"},
                               {"timezone", "string", "IANA zone of times without an offset (default UTC)"},
                               {"stage_map", "string", "CRM status to stage: 'Closed - Converted=won,Working=sql'"}},
                     .request_content_type = "text/csv"},
                    [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller,
                               const httplib::ContentReader& reader) {
                        std::string type = req.get_header_value("Content-Type");
                        type = ToLower(type.substr(0, type.find(';')));
                        // Windows sends a .csv as application/vnd.ms-excel; some tools as text/plain.
                        if (type != "text/csv" && type != "application/octet-stream" &&
                            type != "application/vnd.ms-excel" && type != "text/plain")
                            throw ApiError(415, "unsupported_media_type", "send the file as text/csv");
                        service::ImportOptions options;
                        options.strict = QueryBool(req, "strict").value_or(false);
                        options.dry_run = QueryBool(req, "dry_run").value_or(false);
                        for (std::string_view name : service::kImportOptionNames) {
                            std::optional<std::string> value = QueryText(req, std::string(name).c_str());
                            if (!value) continue;
                            try {
                                service::SetImportOption(options, name, *value);
                            } catch (const DecodeError& e) {
                                throw ApiError(400, "bad_request", e.Problem(), e.Field());
                            }
                        }
                        options.by = caller.user.id;
                        options.now = Now();
                        // Spool the upload first: a slow client must not hold the write lock.
                        std::unique_ptr<std::FILE, int (*)(std::FILE*)> spool(std::tmpfile(), std::fclose);
                        if (!spool) throw std::runtime_error("cannot create a temporary file for the upload");
                        reader([&](const char* data, std::size_t length) {
                            return std::fwrite(data, 1, length, spool.get()) == length;
                        });
                        std::rewind(spool.get());
                        auto definition = context.qualifier.Current();
                        // What committed batches hold reaches the dashboards even if a later part fails.
                        struct Announce {
                            ServerContext& context;
                            service::ImportReport done;
                            ~Announce() {
                                if (done.dry_run || (done.imported == 0 && done.updated == 0)) return;
                                context.metrics.Imported(static_cast<std::uint64_t>(done.imported));
                                context.funnel.MarkAllDirty();
                                context.events.Publish("leads", {{"imported", done.imported}, {"updated", done.updated}});
                                context.events.Publish("scorecard", nlohmann::json::object());
                            }
                        } announce{context, {}};
                        options.committed = [&announce](const service::ImportReport& report) { announce.done = report; };
                        try {
                            SendJson(res, service::ToJson(service::ImportLeadsFile(context.store, *definition, options,
                                                                                   spool.get())));
                        } catch (const service::ImportRejected& rejected) {
                            SendJson(res,
                                     {{"error", {{"code", "invalid"},
                                                 {"message", std::string(rejected.what())},
                                                 {"field", "file"}}},
                                      {"report", service::ToJson(rejected.report)}},
                                     422);
                        }
                    });

    api.Route("GET", "/api/imports", Action::ImportLeads,
              {.summary = "The latest 100 imports: who, when, how far (a killed import has no outcome and says "
                          "up to which row its leads are in)",
               .response_schema = "[ImportRun]"},
              [&context](const httplib::Request&, httplib::Response& res, const Caller&) {
                  auto runs = context.store.Read([](store::Database& db) { return store::ListImportRuns(db, 100); });
                  nlohmann::json items = nlohmann::json::array();
                  for (const store::ImportRun& run : runs) {
                      items.push_back({{"id", run.id}, {"source", run.source}, {"mode", run.mode},
                                       {"by", run.by_user_id ? nlohmann::json(*run.by_user_id) : nlohmann::json()},
                                       {"started_at", FormatTimestamp(run.started_at)},
                                       {"finished_at", run.finished_at ? nlohmann::json(FormatTimestamp(*run.finished_at))
                                                                       : nlohmann::json()},
                                       {"outcome", run.outcome}, {"problem", run.problem}, {"batches", run.batches},
                                       {"committed_rows", run.rows_committed}, {"committed_line", run.last_line},
                                       {"imported", run.imported}, {"updated", run.updated}, {"rejected", run.rejected}});
                  }
                  SendJson(res, {{"items", items}, {"next_cursor", nullptr}});
              });

    api.Route("GET", "/api/leads", Action::Read,
              {.summary = "Leads, newest first, filtered and paginated", .response_schema = "[Lead]",
               .query = list_params},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  bool count = QueryBool(req, "count").value_or(false);
                  Timestamp now = Now();
                  int sla_hours = context.store.Read([](store::Database& db) { return store::LoadSla(db).first_response_hours; });
                  if (std::optional<CountedQuery> counted = CountedFrom(req, sla_hours, now)) {
                      SendJson(res, CountedPage(context, *counted, req, count));
                      return;
                  }
                  store::LeadFilter filter = FilterFrom(req, caller);
                  std::optional<std::int64_t> total;
                  store::LeadPage page = context.store.Read([&](store::Database& db) {
                      if (count) total = store::CountLeads(db, filter);
                      return store::ListLeads(db, filter);
                  });
                  nlohmann::json items = nlohmann::json::array();
                  for (const Lead& lead : page.items) items.push_back(ToJson(lead));
                  nlohmann::json body = {{"items", items}, {"next_cursor", OrNull(page.next_cursor)}};
                  if (total) body["total"] = *total;
                  SendJson(res, body);
              });

    api.Route("POST", "/api/leads", Action::WriteLeads,
              {.summary = "Create a lead; it is scored and staged by the active definition. created_at is the server's "
                          "(admins may set it, never over a day ahead); owner_id follows the assignment rules",
               .request_schema = "LeadInput", .response_schema = "Lead", .success_status = 201,
               .errors = {409}, .etag = true},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  Lead input = LeadFromJson(JsonBody(req));
                  auto definition = context.qualifier.Current();
                  Timestamp now = Now();
                  Lead lead = context.store.Write([&](store::Database& db) {
                      Lead created = service::CreateLeadByHand(db, input, *definition, caller.user, now);
                      webhooks::EnqueueLeadChange(db, std::nullopt, created, now);
                      return created;
                  });
                  SetEntityTag(res, "lead", lead.id, lead.revision);
                  res.set_header("Location", "/api/leads/" + std::to_string(lead.id));
                  PublishLeadChange(context, lead, "created");
                  SendJson(res, ToJson(lead), 201);
              });

    api.RouteRead("/api/leads/{id}", Action::Read, {.summary = "One lead", .response_schema = "Lead", .etag = true},
                  [](const httplib::Request& req, httplib::Response& res, const Caller&, store::Database& db) {
                      std::int64_t id = PathId(req, "lead");
                      std::optional<Lead> lead = store::FindLead(db, id);
                      if (!lead) NotFound("lead", id);
                      SetEntityTag(res, "lead", lead->id, lead->revision);
                      res.status = 200;
                      res.set_content(ToJsonText(*lead), "application/json");
                  });

    api.Route("PATCH", "/api/leads/{id}", Action::WriteLeads,
              {.summary = "Change a lead's facts (JSON merge patch; If-Match for safe concurrent edits)",
               .request_schema = "LeadInput", .response_schema = "Lead", .errors = {409}, .if_match = true,
               .etag = true},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  std::int64_t id = PathId(req, "lead");
                  nlohmann::json patch = JsonBody(req);
                  std::optional<std::int64_t> if_match = IfMatchRevision(req, "lead", id);
                  auto definition = context.qualifier.Current();
                  Timestamp now = Now();
                  Lead lead = context.store.Write([&](store::Database& db) {
                      std::optional<Lead> before = store::FindLead(db, id);
                      Lead patched = service::PatchLead(db, id, patch, if_match, *definition, caller.user, now);
                      webhooks::EnqueueLeadChange(db, before->stage, patched, now);
                      return patched;
                  });
                  SetEntityTag(res, "lead", lead.id, lead.revision);
                  PublishLeadChange(context, lead, "updated");
                  SendJson(res, ToJson(lead));
              });

    api.Route("POST", "/api/leads/{id}/transitions", Action::Read,
              {.summary = "Move a lead to another stage (accept, reject with a reason, win, ...)",
               .request_schema = "Transition", .response_schema = "TransitionResult", .errors = {409},
               .if_match = true, .etag = true},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  // Who may make which move is the stage machine's call, not the route's.
                  std::int64_t id = PathId(req, "lead");
                  TransitionRequest request = TransitionFromJson(JsonBody(req));
                  std::optional<std::int64_t> if_match = IfMatchRevision(req, "lead", id);
                  Timestamp now = Now();
                  service::TransitionResult result = context.store.Write([&](store::Database& db) {
                      service::TransitionResult moved = service::TransitionLead(db, id, request, if_match, caller.user, now);
                      webhooks::EnqueueLeadChange(db, moved.change.from, moved.lead, now);
                      if (moved.feedback_id) webhooks::EnqueueFeedbackCreated(db, *store::FindFeedback(db, *moved.feedback_id), now);
                      return moved;
                  });
                  SetEntityTag(res, "lead", result.lead.id, result.lead.revision);
                  PublishLeadChange(context, result.lead, "moved");
                  if (result.feedback_id) {
                      context.funnel.MarkDirty(result.lead.id);
                      context.events.Publish("feedback", {{"id", *result.feedback_id}, {"kind", "rejection"},
                                                          {"lead_id", result.lead.id}});
                  }
                  SendJson(res, {{"lead", ToJson(result.lead)}, {"change", ToJson(result.change)}});
              });

    api.Route("GET", "/api/leads/{id}/history", Action::Read,
              {.summary = "A lead's stage history, oldest first", .response_schema = "[StageChange]"},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  std::int64_t id = PathId(req, "lead");
                  nlohmann::json items = nlohmann::json::array();
                  bool found = context.store.Read([&](store::Database& db) {
                      if (!store::FindLead(db, id)) return false;
                      for (const StageChange& change : store::LeadHistory(db, id)) items.push_back(ToJson(change));
                      return true;
                  });
                  if (!found) NotFound("lead", id);
                  SendJson(res, {{"items", items}, {"next_cursor", nullptr}});
              });

    api.Route("GET", "/api/leads/{id}/explanation", Action::Read,
              {.summary = "A lead's score under the active definition, criterion by criterion",
               .response_schema = "Explanation"},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  std::int64_t id = PathId(req, "lead");
                  auto definition = context.qualifier.Current();
                  Timestamp now = Now();
                  LeadExplanation explanation = context.store.Read(
                      [&](store::Database& db) { return service::LoadExplanation(db, id, *definition, now); });
                  SendJson(res, ToJson(explanation));
              });

    api.Route("GET", "/api/leads/{id}/assignments", Action::Read,
              {.summary = "Who owned a lead when: round robin, claims and reassignments, oldest first",
               .response_schema = "[Assignment]"},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  std::int64_t id = PathId(req, "lead");
                  nlohmann::json items = nlohmann::json::array();
                  bool found = context.store.Read([&](store::Database& db) {
                      if (!store::FindLead(db, id)) return false;
                      for (const Assignment& assignment : store::LeadAssignments(db, id)) items.push_back(ToJson(assignment));
                      return true;
                  });
                  if (!found) NotFound("lead", id);
                  SendJson(res, {{"items", items}, {"next_cursor", nullptr}});
              });

    api.Route("POST", "/api/leads/{id}/erase", Action::ErasePersonalData,
              {.summary = "Erase the lead's personal data on its person's request (email, name, phone, notes, "
                          "feedback text); the anonymous lead and its history stay, so past KPIs do not change",
               .response_schema = "Erasure", .etag = true},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  std::int64_t id = PathId(req, "lead");
                  Timestamp now = Now();
                  service::Erasure erasure = context.store.Write(
                      [&](store::Database& db) { return service::EraseLead(db, id, caller.user, now); });
                  SetEntityTag(res, "lead", erasure.lead.id, erasure.lead.revision);
                  if (!erasure.already_erased) {
                      LogLine("lead " + std::to_string(id) + ": personal data erased by " + caller.user.email);
                      PublishLeadChange(context, erasure.lead, "updated");
                      for (std::int64_t feedback : erasure.feedback_ids)
                          context.events.Publish("feedback", {{"id", feedback}, {"lead_id", id}});
                  }
                  SendJson(res, ToJson(erasure));
              });

    api.Route("GET", "/api/leads/{id}/personal-data", Action::ErasePersonalData,
              {.summary = "Everything held about the lead's person (a subject access request), as a JSON download",
               .response_schema = "PersonalData"},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  std::int64_t id = PathId(req, "lead");
                  Timestamp now = Now();
                  nlohmann::json data =
                      context.store.Read([&](store::Database& db) { return service::PersonalData(db, id, now); });
                  res.set_header("Content-Disposition",
                                 "attachment; filename=\"lead-" + std::to_string(id) + "-personal-data.json\"");
                  SendJson(res, data);
              });

    api.Route("POST", "/api/leads/{id}/claim", Action::ClaimLeads,
              {.summary = "Take an unassigned sales-ready lead (If-Match for safety); claiming your own changes nothing",
               .response_schema = "AssignResult", .errors = {409}, .if_match = true, .etag = true},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  std::int64_t id = PathId(req, "lead");
                  std::optional<std::int64_t> if_match = IfMatchRevision(req, "lead", id);
                  Timestamp now = Now();
                  service::AssignResult result = context.store.Write(
                      [&](store::Database& db) { return service::ClaimLead(db, id, if_match, caller.user, now); });
                  SetEntityTag(res, "lead", result.lead.id, result.lead.revision);
                  if (result.assignment) PublishLeadChange(context, result.lead, "assigned");
                  SendJson(res, AssignJson(result));
              });

    api.Route("POST", "/api/leads/{id}/assign", Action::AssignLeads,
              {.summary = "Give a lead to a sales rep or leader, or (owner_id null) back to the unassigned pool",
               .request_schema = "AssignRequest", .response_schema = "AssignResult", .if_match = true, .etag = true},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  std::int64_t id = PathId(req, "lead");
                  AssignRequest request = AssignRequestFromJson(JsonBody(req));
                  std::optional<std::int64_t> if_match = IfMatchRevision(req, "lead", id);
                  Timestamp now = Now();
                  service::AssignResult result = context.store.Write(
                      [&](store::Database& db) { return service::AssignLead(db, id, request, if_match, caller.user, now); });
                  SetEntityTag(res, "lead", result.lead.id, result.lead.revision);
                  if (result.assignment) PublishLeadChange(context, result.lead, "assigned");
                  SendJson(res, AssignJson(result));
              });

    api.Route("GET", "/api/inbox", Action::Read,
              {.summary = "Sales-ready leads waiting for sales, most urgent first, with their SLA clocks and each "
                          "owner's load and breaches",
               .response_schema = "Inbox",
               .query = {{"rep", "string",
                          "me: yours and the unassigned pool (the default for reps and marketers); all (the default "
                          "for leaders and admins); none: the pool; or a user id. Others' inboxes are for leaders "
                          "and admins"},
                         {"cursor", "integer", "next_cursor of the previous page"},
                         {"limit", "integer", "page size, 1 to 500 (default 50)"}}},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  Inbox inbox;
                  InboxQuery query = InboxScopeFrom(req, caller, inbox.rep);
                  std::int64_t offset = QueryInt(req, "cursor", 1, kMaxSafeInteger).value_or(0);
                  int limit = QueryLimit(req);
                  inbox.now = query.now = Now();
                  std::vector<std::int64_t> reps;
                  inbox.sla_hours = query.sla_hours = context.store.Read([&](store::Database& db) {
                      reps = store::ActiveSalesReps(db);
                      return store::LoadSla(db).first_response_hours;
                  });
                  InboxEntries collected;
                  context.funnel.Read(context.store, [&](const service::FunnelSnapshot& snapshot) {
                      collected = CollectInbox(snapshot.funnel, query, reps);
                  });
                  inbox.total = static_cast<std::int64_t>(collected.entries.size());
                  inbox.breached = collected.breached;
                  inbox.unassigned = collected.unassigned;
                  inbox.owners = std::move(collected.owners);
                  std::size_t first = static_cast<std::size_t>(std::min<std::int64_t>(offset, inbox.total));
                  std::size_t last = std::min(collected.entries.size(), first + static_cast<std::size_t>(limit));
                  if (last < collected.entries.size()) inbox.next_cursor = static_cast<std::int64_t>(last);
                  context.store.Read([&](store::Database& db) {
                      for (std::size_t i = first; i < last; ++i) {
                          const InboxEntry& entry = collected.entries[i];
                          std::optional<Lead> lead = store::FindLead(db, entry.lead_id);
                          // Decided since the funnel was read: a fresher read wins.
                          if (!lead || lead->stage != Stage::SalesReady) continue;
                          inbox.items.push_back({std::move(*lead), entry.entered_at, entry.due_at, entry.answered_at,
                                                 entry.breached});
                      }
                  });
                  SendJson(res, ToJson(inbox));
              });
}

}  // namespace tandem::http
