// Lead definitions: the versions, the shared draft with its ops and presence, proposing, two-sided
// sign-off, the impact preview's data, and how often sales rejected leads for each criterion.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/context.h"
#include "http/request.h"
#include "http/routes.h"
#include "service/presence_board.h"
#include "store/domain_repo.h"
#include "store/insights_repo.h"
#include "store/lead_repo.h"
#include "store/store.h"
#include "tandem/activation_preview.h"
#include "tandem/codec.h"
#include "tandem/coedit.h"
#include "tandem/facts_table.h"
#include "tandem/impact.h"

namespace tandem::http {

namespace {

// Databases larger than this get the impact preview from the server instead of in the browser.
constexpr std::int64_t kMaxFactsForBrowser = 50000;

nlohmann::json DraftJson(const service::DraftState& draft, const std::vector<PresenceEntry>& presence) {
    return {{"version", draft.version},
            {"revision", draft.revision},
            {"status", ToString(draft.status)},
            {"document", ToJson(draft.document)},
            {"presence", ToJson(presence)}};
}

void BroadcastPresence(ServerContext& context) {
    context.events.Publish("presence", {{"clients", ToJson(service::ListPresence(context.store))}});
}

void PublishDefinition(ServerContext& context, const char* kind, const LeadDefinition& definition) {
    context.events.Publish("definition", {{"kind", kind}, {"definition", ToJson(definition)}});
}

}  // namespace

void RegisterDefinitionRoutes(Api& api, ServerContext& context) {
    api.Route("GET", "/api/definitions", Action::Read,
              {.summary = "Every version of the lead definition, newest first", .response_schema = "[Definition]"},
              [&context](const httplib::Request&, httplib::Response& res, const Caller&) {
                  nlohmann::json items = nlohmann::json::array();
                  context.store.Read([&](store::Database& db) {
                      for (const LeadDefinition& definition : store::ListDefinitions(db)) items.push_back(ToJson(definition));
                  });
                  SendJson(res, {{"items", items}, {"next_cursor", nullptr}});
              });

    api.Route("GET", "/api/definitions/active", Action::Read,
              {.summary = "The definition in force", .response_schema = "Definition", .errors = {404}},
              [&context](const httplib::Request&, httplib::Response& res, const Caller&) {
                  auto active = context.store.Read(
                      [&](store::Database& db) { return store::FindDefinitionByStatus(db, DefinitionStatus::Active); });
                  if (!active) throw ApiError(404, "not_found", "no definition is active yet");
                  SendJson(res, ToJson(*active));
              });

    api.Route("GET", "/api/definitions/draft", Action::Read,
              {.summary = "The shared draft (created from the active version if there is none), its revision and "
                          "who is editing",
               .response_schema = "Draft"},
              [&context](const httplib::Request&, httplib::Response& res, const Caller& caller) {
                  service::DraftState draft = context.definitions.Draft(context.store, caller.user.id, Now());
                  if (service::ExpirePresence(context.store, Now())) BroadcastPresence(context);
                  SendJson(res, DraftJson(draft, service::ListPresence(context.store)));
              });

    api.Route("GET", "/api/definitions/draft/ops", Action::Read,
              {.summary = "Batches accepted after a revision, for an editor that fell behind",
               .response_schema = "[AcceptedBatch]",
               .query = {{"after", "integer", "the last revision the editor applied"}}},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  std::int64_t after = QueryInt(req, "after", 0, kMaxSafeInteger).value_or(0);
                  nlohmann::json items = nlohmann::json::array();
                  for (const AcceptedBatch& batch : context.definitions.BatchesAfter(context.store, after))
                      items.push_back(ToJson(batch));
                  SendJson(res, {{"items", items}, {"next_cursor", nullptr}});
              });

    api.Route("POST", "/api/definitions/draft/ops", Action::EditDefinitionDraft,
              {.summary = "Apply a batch of edits to the draft; answers with the revision and any ops dropped",
               .request_schema = "OpBatch", .response_schema = "AcceptedBatch", .errors = {409}},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  OpBatch batch = OpBatchFromJson(JsonBody(req));
                  AcceptedBatch accepted = context.definitions.Submit(context.store, batch, caller.user, Now());
                  nlohmann::json json = ToJson(accepted);
                  context.events.Publish("definition", {{"kind", "ops"}, {"batch", json}});
                  SendJson(res, json);
              });

    api.Route("POST", "/api/definitions/draft/presence", Action::Read,
              {.summary = "Say which criterion this editor is on (every ~10 s while open; leaving: true on close)",
               .request_schema = "PresenceUpdate", .success_status = 204},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  nlohmann::json body = JsonBody(req);
                  ObjectReader reader(body, "");
                  PresenceEntry entry;
                  bool leaving = false;
                  reader.Required("client_id", entry.client_id);
                  reader.Optional("criterion_id", entry.criterion_id);
                  reader.Optional("editing", entry.editing);
                  reader.Optional("leaving", leaving);
                  reader.Finish();
                  if (entry.client_id.empty() || entry.client_id.size() > 64)
                      throw DecodeError("client_id", "expected 1 to 64 characters");
                  entry.user_id = caller.user.id;
                  entry.name = caller.user.name;
                  entry.role = caller.user.role;
                  Timestamp now = Now();
                  bool changed = leaving ? service::LeavePresence(context.store, entry.client_id, now)
                                         : service::ReportPresence(context.store, entry, now);
                  if (changed) BroadcastPresence(context);
                  res.status = 204;
              });

    api.Route("POST", "/api/definitions/draft/propose", Action::ProposeDefinition,
              {.summary = "Freeze the draft as the proposal both leaders sign off", .response_schema = "Definition",
               .errors = {409, 422}},
              [&context](const httplib::Request&, httplib::Response& res, const Caller& caller) {
                  LeadDefinition proposed = context.definitions.Propose(context.store, caller.user, Now());
                  PublishDefinition(context, "proposed", proposed);
                  SendJson(res, ToJson(proposed));
              });

    api.Route("GET", "/api/definitions/impact-data", Action::Read,
              {.summary = "The lead facts the editor's impact preview needs, columnar (413 above 50,000 leads: use "
                          "POST /api/definitions/impact)",
               .response_schema = "FactsTable", .errors = {413}},
              [&context](const httplib::Request&, httplib::Response& res, const Caller&) {
                  std::vector<Lead> leads;
                  context.store.Read([&](store::Database& db) {
                      std::int64_t count = store::CountLeads(db);
                      if (count > kMaxFactsForBrowser)
                          throw ApiError(413, "payload_too_large",
                                         std::to_string(count) + " leads are too many to preview in the browser; "
                                                                 "use POST /api/definitions/impact");
                      leads.reserve(static_cast<std::size_t>(count));
                      store::ForEachLead(db, [&](const Lead& lead) { leads.push_back(lead); });
                  });
                  nlohmann::json table = FactsTableToJson(leads);
                  table["now"] = FormatTimestamp(Now());
                  SendJson(res, table);
              });

    api.Route("POST", "/api/definitions/impact", Action::Read,
              {.summary = "What the given rules would change against the active definition, over every lead",
               .request_schema = "DefinitionRules", .response_schema = "Impact"},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  DefinitionRules draft_rules = RulesFromJson(JsonBody(req));
                  std::shared_ptr<const service::ActiveDefinition> active = context.qualifier.Current();
                  Timestamp now = Now();
                  nlohmann::json json;
                  context.funnel.Read(context.store, [&](const service::FunnelSnapshot& snapshot) {
                      CompiledRules before(active->rules, snapshot.pool);
                      CompiledRules after(draft_rules, snapshot.pool);
                      Impact impact = ComputeImpact(before, after, snapshot.facts, now);
                      std::vector<std::int64_t> ids;
                      ids.reserve(snapshot.funnel.leads.size());
                      for (const FunnelLead& lead : snapshot.funnel.leads) ids.push_back(lead.id);
                      json = ToJson(impact, ids);
                  });
                  SendJson(res, json);
              });

    api.Route("GET", "/api/definitions/rejection-pressure", Action::Read,
              {.summary = "How often sales rejected leads for each reason, and so against each criterion's field",
               .response_schema = "RejectionPressure",
               .query = {{"days", "integer", "look back this many days (default 90)"}}},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  std::int64_t days = QueryInt(req, "days", 1, 3650).value_or(90);
                  Timestamp since = Now() - days * kSecondsPerDay;
                  auto counts = context.store.Read([&](store::Database& db) { return store::SentBackByReason(db, since); });
                  nlohmann::json by_reason = nlohmann::json::object();
                  nlohmann::json by_field = nlohmann::json::object();
                  std::int64_t total = 0;
                  for (const auto& [reason, count] : counts) {
                      total += count;
                      by_reason[std::string(ToString(reason))] = count;
                      for (std::string_view field : ContradictedFields(reason))
                          by_field[std::string(field)] = by_field.value(std::string(field), 0) + count;
                  }
                  SendJson(res, {{"days", days}, {"since", FormatTimestamp(since)}, {"rejections", total},
                                 {"by_reason", by_reason}, {"by_field", by_field}});
              });

    api.Route("GET", "/api/definitions/{version}", Action::Read,
              {.summary = "One version of the definition", .response_schema = "Definition"},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  std::int64_t version = PathId(req, "definition version", "version");
                  auto definition = context.store.Read([&](store::Database& db) { return store::FindDefinition(db, version); });
                  if (!definition) NotFound("definition version", version);
                  SendJson(res, ToJson(*definition));
              });

    api.Route("GET", "/api/definitions/{version}/activation-preview", Action::Read,
              {.summary = "What activating a proposed version would do now: levels before and after, the stage moves, "
                          "and the inboxes the leads handed to sales land in",
               .response_schema = "ActivationPreview", .errors = {409}},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
                  std::int64_t version = PathId(req, "definition version", "version");
                  auto definition = context.store.Read([&](store::Database& db) { return store::FindDefinition(db, version); });
                  if (!definition) NotFound("definition version", version);
                  if (definition->status != DefinitionStatus::Proposed)
                      throw ApiError(409, "conflict", "v" + std::to_string(version) + " is not a proposal: only a proposal can be activated");
                  std::shared_ptr<const service::ActiveDefinition> active = context.qualifier.Current();
                  Timestamp now = Now();
                  ActivationPreview preview;
                  context.funnel.Read(context.store, [&](const service::FunnelSnapshot& snapshot) {
                      CompiledRules before(active->rules, snapshot.pool);
                      CompiledRules after(definition->rules, snapshot.pool);
                      preview = PreviewActivation(before, after, snapshot.funnel.leads, snapshot.facts, now);
                  });
                  preview.version = version;
                  SendJson(res, ToJson(preview));
              });

    api.Route("POST", "/api/definitions/{version}/withdraw", Action::ProposeDefinition,
              {.summary = "Take a proposal back to editing; its approvals are withdrawn", .response_schema = "Definition",
               .errors = {409}},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  std::int64_t version = PathId(req, "definition version", "version");
                  LeadDefinition draft = context.definitions.Withdraw(context.store, version, caller.user);
                  PublishDefinition(context, "withdrawn", draft);
                  SendJson(res, ToJson(draft));
              });

    api.Route("POST", "/api/definitions/{version}/approve", Action::ApproveDefinition,
              {.summary = "Sign off a proposal; it becomes active once a marketing leader and a sales leader have",
               .response_schema = "Approval", .errors = {409}},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  std::int64_t version = PathId(req, "definition version", "version");
                  std::optional<service::Activation> activation =
                      context.definitions.Approve(context.store, context.qualifier, version, caller.user, Now());
                  LeadDefinition definition =
                      *context.store.Read([&](store::Database& db) { return store::FindDefinition(db, version); });
                  if (activation) {
                      context.funnel.MarkAllDirty();
                      PublishDefinition(context, "activated", definition);
                      context.events.Publish("scorecard", nlohmann::json::object());
                      context.events.Publish("leads", {{"rescored", activation->leads_rescored}});
                  } else {
                      PublishDefinition(context, "approved", definition);
                  }
                  nlohmann::json body = {{"definition", ToJson(definition)}, {"activated", activation.has_value()}};
                  if (activation) body["leads_rescored"] = activation->leads_rescored, body["leads_moved"] = activation->leads_moved;
                  SendJson(res, body);
              });
}

}  // namespace tandem::http
