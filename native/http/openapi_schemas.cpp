// Schemas written as compact property tables; "?" after a type marks it nullable (OpenAPI 3.0.3:
// `nullable`, and null among an enum's values). Responses require every field (Approval's counts
// aside): the encoders in shared/ always write them all, null when empty.
#include "http/openapi_schemas.h"

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <utility>

#include "tandem/enums.h"
#include "tandem/handoff.h"
#include "webhooks/webhook.h"

namespace tandem::http {

namespace {

using Properties = std::initializer_list<std::pair<const char*, nlohmann::json>>;

nlohmann::json Type(std::string type) {
    bool nullable = type.ends_with("?");
    if (nullable) type.pop_back();
    nlohmann::json schema;
    if (type == "time") schema = {{"type", "string"}, {"format", "date-time"}};
    else if (type == "date") schema = {{"type", "string"}, {"format", "date"}};
    else if (type == "strings") schema = {{"type", "array"}, {"items", {{"type", "string"}}}};
    else schema = {{"type", type}};
    if (nullable) schema["nullable"] = true;
    return schema;
}

template <class E>
nlohmann::json Enum(bool nullable = false) {
    nlohmann::json values = nlohmann::json::array();
    for (const auto& [value, name] : EnumValues<E>()) values.push_back(name);
    if (nullable) values.push_back(nullptr);
    nlohmann::json schema = {{"type", "string"}, {"enum", values}};
    if (nullable) schema["nullable"] = true;
    return schema;
}

// A string out of a fixed list that has no enum in enums.h (a verdict or a wire name of one codec).
nlohmann::json Strings(std::initializer_list<const char*> values) {
    return {{"type", "string"}, {"enum", values}};
}

// One property per name of E, each of `value`'s schema: objects keyed by an enum's names.
template <class E>
nlohmann::json ByEnum(const nlohmann::json& value) {
    nlohmann::json out = {{"type", "object"}, {"additionalProperties", false}};
    for (const auto& [key, name] : EnumValues<E>()) out["properties"][std::string(name)] = value;
    return out;
}

// An object keyed by data (a lead field's name), every value of `value`'s schema.
nlohmann::json MapOf(nlohmann::json value) { return {{"type", "object"}, {"additionalProperties", std::move(value)}}; }

nlohmann::json Nullable(nlohmann::json schema) {
    schema["nullable"] = true;
    return schema;
}

nlohmann::json MinProperties(nlohmann::json schema) {
    schema["minProperties"] = 1;
    return schema;
}

nlohmann::json Described(nlohmann::json schema, const char* description) {
    schema["description"] = description;
    return schema;
}

nlohmann::json Ref(const char* name) { return {{"$ref", std::string("#/components/schemas/") + name}}; }
nlohmann::json NullableRef(const char* name) { return {{"nullable", true}, {"allOf", {Ref(name)}}}; }
nlohmann::json ListOf(nlohmann::json item) { return {{"type", "array"}, {"items", std::move(item)}}; }

nlohmann::json Object(Properties properties, std::initializer_list<const char*> required = {}) {
    nlohmann::json out = {{"type", "object"}, {"additionalProperties", false}};
    for (const auto& [name, schema] : properties)
        out["properties"][name] = schema.is_string() ? Type(schema.get<std::string>()) : schema;
    if (required.size() > 0) out["required"] = required;
    return out;
}

// An object the server sends: every property is always there, in nested objects too.
nlohmann::json Sent(nlohmann::json schema) {
    if (!schema.contains("properties")) return schema;
    nlohmann::json required = nlohmann::json::array();
    for (auto& [name, property] : schema["properties"].items()) {
        required.push_back(name);
        if (property.value("type", "") == "object") property = Sent(property);
        else if (property.value("type", "") == "array" && property["items"].value("type", "") == "object")
            property["items"] = Sent(property["items"]);
    }
    schema["required"] = required;
    return schema;
}

// In 3.0.3 a $ref's siblings are ignored: {"$ref", "nullable"} becomes {"nullable", "allOf": [$ref]}.
void NullableRefs(nlohmann::json& schema) {
    if (schema.is_object() && schema.contains("$ref") && schema.value("nullable", false)) {
        schema = {{"nullable", true}, {"allOf", {{{"$ref", schema["$ref"]}}}}};
        return;
    }
    if (schema.is_structured())
        for (auto& child : schema) NullableRefs(child);
}

}  // namespace

nlohmann::json OpenApiSchemas() {
    nlohmann::json webhook_event = {{"type", "string"}, {"enum", nlohmann::json::array()}};
    for (const char* type : webhooks::EventTypes()) webhook_event["enum"].push_back(type);
    nlohmann::json webhook_format = Strings({"standard", "slack"});
    nlohmann::json webhook = Sent(Object({{"id", "integer"}, {"url", "string"}, {"events", ListOf(webhook_event)},
                                          {"format", webhook_format}, {"description", "string"}, {"enabled", "boolean"},
                                          {"disabled_reason", Described(Type("string?"), "why the server disabled it")},
                                          {"created_at", "time"}, {"updated_at", "time"}}));
    nlohmann::json created_webhook = webhook;
    created_webhook["properties"]["secret"] = Described(Type("string"), "whsec_ + base64 of 24 random bytes, shown only now");
    created_webhook["required"].push_back("secret");
    // "YYYY-MM" with a real month (target_json.cpp's IsMonth).
    nlohmann::json month = {{"type", "string"}, {"pattern", "^[0-9]{4}-(0[1-9]|1[0-2])$"}};
    nlohmann::json lead_facts = Object({
        {"email", "string"}, {"name", "string"}, {"company", "string"}, {"title", "string"},
        {"industry", "string"}, {"company_size", "integer?"}, {"country", "string"}, {"phone", "string"},
        {"source", Enum<Source>()}, {"campaign_id", "integer?"}, {"owner_id", "integer?"}, {"created_at", "time"},
        {"budget_usd", "integer?"}, {"authority", Enum<Authority>()}, {"need", Enum<Need>()},
        {"timeline_months", "integer?"}, {"page_views", "integer"}, {"downloads", "integer"},
        {"webinars_attended", "integer"}, {"email_clicks", "integer"}, {"demo_requested", "boolean"},
        {"last_activity_at", "time?"}, {"deal_value", "integer?"},
    }, {"email"});
    nlohmann::json lead = lead_facts;
    lead["properties"]["id"] = Type("integer");
    lead["properties"]["stage"] = Enum<Stage>();
    lead["properties"]["score"] = Object({{"fit", "number"}, {"engagement", "number"}, {"total", "number"},
                                          {"level", Enum<Level>()}, {"definition_version", "integer"},
                                          {"scored_at", "time?"}});
    lead["properties"]["updated_at"] = Type("time");
    lead["properties"]["revision"] = Type("integer");
    lead["properties"]["erased_at"] = Described(Type("time?"), "when its person's data was erased on request");
    lead["properties"]["erased_by"] = Described(Type("integer?"), "the user who erased it");
    lead["properties"]["crm_source"] = Described(
        Type("string"), "the CRM it was imported from (hubspot, salesforce, pipedrive, zoho, or as named); '' for none");
    lead["properties"]["crm_id"] = Described(Type("string"), "its record id in that CRM; '' for none");
    lead = Sent(lead);

    nlohmann::json criterion = Object({{"id", "string"}, {"label", "string"}, {"field", "string"},
                                       {"op", Enum<Op>()},
                                       {"value", {{"description", "number, text, boolean, or a list of them"}}},
                                       {"points", "integer"}},
                                      {"id", "field", "op"});
    nlohmann::json rules = Object({{"fit", ListOf(Ref("Criterion"))}, {"engagement", ListOf(Ref("Criterion"))},
                                   {"sales_ready", ListOf(Ref("Criterion"))}, {"mql_threshold", "integer"},
                                   {"fit_cap", "integer?"}, {"engagement_cap", "integer?"},
                                   {"decay", Object({{"kind", Enum<DecayKind>()}, {"days", "integer"}})}});
    nlohmann::json segment = Object({{"industries", "strings"}, {"company_size_min", "integer?"},
                                     {"company_size_max", "integer?"}, {"titles", "strings"}, {"regions", "strings"}});
    nlohmann::json campaign_input = Object({{"name", "string"}, {"type", Enum<CampaignType>()},
                                            {"status", Enum<CampaignStatus>()}, {"start", "date"}, {"end", "date"},
                                            {"owner_id", "integer?"}, {"segment", segment}, {"offer", "string"},
                                            {"goal_leads", "integer?"}, {"description", "string"},
                                            {"sales_notes", "string"}},
                                           {"name", "start", "end"});
    nlohmann::json campaign = campaign_input;
    for (const char* key : {"id", "revision"}) campaign["properties"][key] = Type("integer");
    for (const char* key : {"created_at", "updated_at"}) campaign["properties"][key] = Type("time");
    campaign = Sent(campaign);

    nlohmann::json feedback_input = Object({{"kind", Enum<FeedbackKind>()}, {"lead_id", "integer?"},
                                            {"campaign_id", "integer?"}, {"reason", Enum<RejectReason>(true)},
                                            {"text", "string"}, {"tags", "strings"},
                                            {"status", Enum<ContentStatus>(true)}},
                                           {"kind"});
    nlohmann::json feedback = feedback_input;
    for (const char* key : {"id", "author_id", "revision"}) feedback["properties"][key] = Type("integer");
    for (const char* key : {"at", "updated_at"}) feedback["properties"][key] = Type("time");
    feedback = Sent(feedback);

    nlohmann::json user = Sent(Object({{"id", "integer"}, {"email", "string"}, {"name", "string"},
                                       {"role", Enum<Role>()}, {"active", "boolean"}, {"created_at", "time"}}));
    nlohmann::json target_input = Object({{"month", month}, {"leads", "integer?"}, {"mqls", "integer?"},
                                          {"sqls", "integer?"}, {"revenue", "integer?"}, {"acceptance_rate", "number?"}});

    // A campaign as the campaign routes answer it: its fields, what its leads did, and the
    // campaigns it clashes with (calendar_json.cpp). Listed, not allOf: Campaign admits no others.
    nlohmann::json campaign_view = campaign;
    campaign_view["properties"]["results"] = Object({{"leads", "integer"}, {"mqls", "integer"}, {"sqls", "integer"},
                                                     {"won", "integer"}, {"revenue", "integer"}});
    campaign_view["properties"]["clashes"] = ListOf(Object({{"campaign_id", "integer"}, {"campaign_name", "string"},
                                                            {"from", "date"}, {"to", "date"}, {"reason", "string"}}));
    campaign_view = Sent(campaign_view);

    // The scorecard (kpi_json.cpp): rates are fractions, null when there is nothing to divide by.
    nlohmann::json kpis = Sent(Object({
        {"leads", "integer"}, {"mqls", "integer"}, {"sales_ready", "integer"}, {"sqls", "integer"},
        {"opportunities", "integer"}, {"accepted", "integer"}, {"rejected", "integer"},
        {"acceptance_rate", "number?"}, {"lead_to_mql", "number?"}, {"mql_to_sales_ready", "number?"},
        {"sales_ready_to_sql", "number?"}, {"sql_to_opportunity", "number?"}, {"opportunity_to_won", "number?"},
        {"response_answered", "integer"}, {"response_hours_median", "number?"}, {"response_hours_p90", "number?"},
        {"sla_due", "integer"}, {"sla_met", "integer"}, {"sla_met_rate", "number?"}, {"recycled", "integer"},
        {"recycled_by_reason", Described(ByEnum<RejectReason>(Type("integer")), "every reason, zeros included")},
        {"won", "integer"}, {"lost", "integer"}, {"revenue", "integer"}, {"win_rate", "number?"},
        {"avg_deal", "number?"}, {"cycle_days", "number?"}, {"open_opportunities", "integer"},
        {"sales_velocity", "number?"},
    }));
    nlohmann::json definition_effects = ListOf(Object({{"version", "integer"}, {"activated_at", "time"},
                                                       {"mqls", "integer"}, {"sales_ready", "integer"}}));
    nlohmann::json scorecard = Sent(Object({
        {"total", Ref("Kpis")},
        {"targets", Object({{"leads", Ref("TargetCheck")}, {"mqls", Ref("TargetCheck")}, {"sqls", Ref("TargetCheck")},
                            {"revenue", Ref("TargetCheck")}, {"acceptance_rate", Ref("TargetCheck")}})},
        {"groups", ListOf(Object({{"key", "string"}, {"name", "string"}, {"kpis", Ref("Kpis")},
                                  {"weeks", ListOf(Ref("ScorecardWeek"))}}))},
        {"weeks", ListOf(Ref("ScorecardWeek"))},
        {"definitions", definition_effects},
        {"breaches", ListOf(Object({{"lead_id", "integer"}, {"owner_id", "integer?"}, {"entered_at", "time"},
                                    {"hours_waiting", "number"}}))},
    }));

    // Ops on the shared draft (coedit_json.cpp): each kind carries only its own members. Whether an
    // op applies is decided when its batch is: one that does not is dropped, with its reason.
    nlohmann::json criteria_list = Strings({"fit", "engagement", "sales_ready"});
    nlohmann::json index = {{"type", "integer"}, {"minimum", 0}, {"description", "clamped to the list's size"}};
    nlohmann::json criterion_id = {{"type", "string"}, {"minLength", 1}, {"maxLength", 64}};
    auto set_property = [](const char* property, nlohmann::json value) {
        return Object({{"kind", Strings({"set_property"})}, {"property", Strings({property})},
                       {"value", std::move(value)}},
                      {"kind", "property", "value"});
    };
    nlohmann::json draft_op = {{"oneOf", {
        set_property("summary", {{"type", "string"}, {"maxLength", 2000}}),
        set_property("review_by", Type("date?")),
        set_property("mql_threshold", Type("integer")),
        set_property("fit_cap", Type("integer?")),
        set_property("engagement_cap", Type("integer?")),
        set_property("decay", rules["properties"]["decay"]),
        Object({{"kind", Strings({"set_criterion"})}, {"criterion_id", criterion_id},
                {"value", Described(MinProperties(Object({{"label", "string"}, {"field", "string"}, {"op", Enum<Op>()},
                                                          {"value", criterion["properties"]["value"]},
                                                          {"points", "integer"}})),
                                    "the members to change")}},
               {"kind", "criterion_id", "value"}),
        Object({{"kind", Strings({"add_criterion"})}, {"list", criteria_list}, {"index", index},
                {"value", Ref("Criterion")}},
               {"kind", "list", "index", "value"}),
        Object({{"kind", Strings({"remove_criterion"})}, {"criterion_id", criterion_id}}, {"kind", "criterion_id"}),
        Object({{"kind", Strings({"move_criterion"})}, {"criterion_id", criterion_id}, {"list", criteria_list},
                {"index", index}},
               {"kind", "criterion_id", "list", "index"}),
    }}};

    // Feedback insights and wins (feedback_insights_json.cpp).
    nlohmann::json reason_group = ListOf(Object({{"key", "string"}, {"name", "string"}, {"total", "integer"},
                                                 {"counts", Ref("RejectReasonCounts")},
                                                 {"weekly", Described(ListOf(Type("integer")), "totals per week of "
                                                                                                "rejections.weeks")}}));
    nlohmann::json theme_list = Object({
        {"total", "integer"},
        {"themes", ListOf(Object({{"key", "string"}, {"by", Strings({"tag", "text"})}, {"count", "integer"},
                                  {"last_at", "time"},
                                  {"examples", ListOf(Object({{"text", "string"}, {"count", "integer"},
                                                              {"feedback_id", "integer"}}))}}))},
    });

    // The impact preview's facts (facts_table.cpp) in columns, each with one entry per lead.
    nlohmann::json text_column = Described(Object({{"values", "strings"}, {"index", ListOf(Type("integer"))}}),
                                           "the distinct texts, and each lead's position in them");
    nlohmann::json impact_counts = Object({
        {"leads", "integer"}, {"active_mql", "integer"}, {"draft_mql", "integer"}, {"active_sales_ready", "integer"},
        {"draft_sales_ready", "integer"}, {"gained_mql", "integer"}, {"lost_mql", "integer"},
        {"gained_sales_ready", "integer"}, {"lost_sales_ready", "integer"},
    });
    nlohmann::json level_row = ByEnum<Level>(Type("integer"));
    nlohmann::json levels = Described(ByEnum<Level>(level_row), "leads by level under the active rules, then under "
                                                                "the proposal");

    nlohmann::json schemas = {

        // A refused strict import also says what each row would have done (`report`).
        {"Error", Object({{"error", Object({{"code", "string"}, {"message", "string"}, {"field", "string"}},
                                           {"code", "message"})},
                          {"report", Ref("ImportReport")}},
                         {"error"})},
        {"Health", Sent(Object({{"status", "string"}, {"version", "string"}, {"uptime_seconds", "integer"},
                           {"database", Object({{"status", "string"}, {"schema_version", "integer"},
                                                {"journal_mode", "string"}})}}))},
        {"LeadInput", lead_facts},
        {"Lead", lead},
        {"StageChange", Sent(Object({{"id", "integer"}, {"lead_id", "integer"}, {"from", Enum<Stage>(true)},
                                     {"to", Enum<Stage>()}, {"at", "time"}, {"by", "integer?"}, {"reason", "string"},
                                     {"note", "string"}}))},
        {"Transition", Object({{"to", Enum<Stage>()}, {"reason", "string"}, {"note", "string"},
                               {"deal_value", "integer?"}},
                              {"to"})},
        {"TransitionResult", Sent(Object({{"lead", Ref("Lead")}, {"change", Ref("StageChange")}}))},
        {"Assignment", Sent(Object({{"id", "integer"}, {"lead_id", "integer"}, {"from_owner_id", "integer?"},
                                    {"to_owner_id", "integer?"}, {"at", "time"}, {"by", "integer?"},
                                    {"kind", Enum<AssignmentKind>()}, {"note", "string"}}))},
        {"Erasure", Sent(Object({{"lead", Ref("Lead")},
                                 {"already_erased", Described(Type("boolean"), "erased before: nothing changed")},
                                 {"erased", Object({{"history_notes", "integer"}, {"assignment_notes", "integer"},
                                                    {"feedback_texts", "integer"}})}}))},
        {"PersonalData", Sent(Object({{"exported_at", "time"}, {"lead", Ref("Lead")},
                                      {"stage_history", ListOf(Ref("StageChange"))},
                                      {"assignments", ListOf(Ref("Assignment"))},
                                      {"feedback", ListOf(Ref("Feedback"))}}))},
        {"AssignRequest", Object({{"owner_id", "integer?"}, {"note", "string"}}, {"owner_id"})},
        {"AssignResult", Sent(Object({{"lead", Ref("Lead")}, {"assignment", NullableRef("Assignment")}}))},
        {"Inbox", Sent(Object({{"now", "time"}, {"sla_hours", "integer"}, {"rep", "string"},
                          {"items", ListOf(Object({{"lead", Ref("Lead")}, {"entered_at", "time"}, {"due_at", "time"},
                                                   {"answered_at", "time?"}, {"breached", "boolean"}}))},
                          {"total", "integer"}, {"breached", "integer"}, {"unassigned", "integer"},
                          {"owners", ListOf(Object({{"owner_id", "integer"}, {"open", "integer"}, {"breached", "integer"}}))},
                          {"next_cursor", "integer?"}}))},
        {"Explanation", Sent(Object({
            {"lead_id", "integer"}, {"definition_version", "integer"}, {"evaluated_at", "time"},
            {"decay_factor", {{"type", "number"}, {"minimum", 0}, {"maximum", 1}}},
            {"rules", Ref("DefinitionRules")}, {"fit", "number"}, {"engagement", "number"}, {"total", "number"},
            {"level", Enum<Level>()},
            {"results", Described(Object({{"fit", ListOf(Ref("CriterionResult"))},
                                          {"engagement", ListOf(Ref("CriterionResult"))},
                                          {"sales_ready", ListOf(Ref("CriterionResult"))}}),
                                  "one per criterion of the rules, in their order")},
        }))},
        {"CriterionResult", Sent(Object({{"id", "string"}, {"matched", "boolean"}, {"points", "number"}}))},
        {"ActivationPreview", Sent(Object({
            {"version", "integer"}, {"leads", "integer"}, {"levels", levels},
            {"to_new", "integer"}, {"to_mql", "integer"}, {"to_sales_ready", "integer"},
            {"inboxes", Described(ListOf(Object({{"owner_id", Described(Type("integer?"), "null: unassigned")},
                                                 {"leads", "integer"}})),
                                  "of the leads handed to sales, by owner, most first")},
        }))},
        {"ScorecardView", Sent(Object({
            {"from", "date"}, {"to", "date"}, {"now", "time"}, {"sla_hours", "integer"},
            {"as_if", Described(Nullable(Object({{"version", "integer"}, {"actual", Ref("Scorecard")},
                                                 {"as_if", Ref("Scorecard")}})),
                                "when asked for: the leads of the period under one version, next to the versions "
                                "in force")},
            {"scorecard", Ref("Scorecard")},
            {"previous", Ref("Scorecard")},   // the period before, cut to the elapsed part of this one
            {"definition", NullableRef("Definition")},
            {"launching", Described(ListOf(Ref("Campaign")), "starting within 14 days, by start date")},
            {"versions", Described(ListOf(Type("integer")), "every definition version, oldest first")},
        }))},
        {"Scorecard", scorecard},
        {"ScorecardWeek", Sent(Object({{"week_start", "date"}, {"kpis", Ref("Kpis")},
                                       {"definitions", definition_effects}}))},
        {"Kpis", kpis},
        {"TargetCheck", Sent(Object({{"target", "number?"}, {"attainment", "number?"},
                                     {"colour", Strings({"none", "red", "amber", "green"})}}))},
        {"Draft", Sent(Object({
            {"version", "integer"}, {"revision", "integer"}, {"status", Strings({"draft", "proposed"})},
            {"document", Object({{"summary", "string"}, {"rules", Ref("DefinitionRules")}, {"review_by", "date?"}})},
            {"presence", ListOf(Ref("PresenceEntry"))},
        }))},
        {"PresenceEntry", Sent(Object({{"client_id", "string"}, {"user_id", "integer"}, {"name", "string"},
                                       {"role", Enum<Role>()},
                                       {"criterion_id", Described(Type("string"), "empty when on no criterion")},
                                       {"editing", "boolean"}}))},
        {"DraftOp", draft_op},
        {"OpBatch", Object({{"client_id", {{"type", "string"}, {"minLength", 1}, {"maxLength", 100}}},
                            {"client_seq", {{"type", "integer"}, {"minimum", 1}}},
                            {"base_revision", {{"type", "integer"}, {"minimum", 0}}},
                            {"ops", {{"type", "array"}, {"items", Ref("DraftOp")}, {"minItems", 1},
                                     {"maxItems", 1000}}}},
                           {"client_id", "client_seq", "base_revision", "ops"})},
        {"AcceptedBatch", Sent(Object({
            {"revision", "integer"}, {"client_id", "string"}, {"client_seq", "integer"}, {"author_id", "integer"},
            {"ops", Described(ListOf(Ref("DraftOp")), "the ops applied, in order")},
            {"dropped", Described(ListOf(Object({{"index", "integer"}, {"reason", "string"}})),
                                  "the ops not applied: index in the batch sent, and why")},
        }))},
        {"PresenceUpdate", Object({{"client_id", "string"}, {"criterion_id", "string"}, {"editing", "boolean"},
                                   {"leaving", "boolean"}},
                                  {"client_id"})},
        {"FactsTable", Sent(Object({
            {"count", "integer"}, {"now", "time"}, {"id", ListOf(Type("integer"))}, {"source", ListOf(Enum<Source>())},
            {"industry", text_column}, {"country", text_column}, {"title", text_column}, {"company", text_column},
            {"has_phone", ListOf({{"type", "integer"}, {"enum", {0, 1}}})}, {"company_size", ListOf(Type("integer?"))},
            {"budget_usd", ListOf(Type("integer?"))}, {"authority", ListOf(Enum<Authority>())},
            {"need", ListOf(Enum<Need>())}, {"timeline_months", ListOf(Type("integer?"))},
            {"page_views", ListOf(Type("integer"))}, {"downloads", ListOf(Type("integer"))},
            {"webinars_attended", ListOf(Type("integer"))}, {"email_clicks", ListOf(Type("integer"))},
            {"demo_requested", ListOf(Type("boolean"))},
            {"last_activity_at", Described(ListOf(Type("integer?")), "seconds since 1970")},
            {"created_at", Described(ListOf(Type("integer")), "seconds since 1970")},
        }))},
        {"Impact", Sent(Object({
            {"total", impact_counts},
            {"by_source", ListOf(Object({{"source", Enum<Source>()}, {"counts", impact_counts}}))},
            {"samples", ListOf(Object({{"lead_id", "integer"}, {"before", Enum<Level>()}, {"after", Enum<Level>()}}))},
        }))},
        {"RejectionPressure", Sent(Object({
            {"days", "integer"}, {"since", "time"}, {"rejections", "integer"},
            {"by_reason", Ref("RejectReasonCounts")},
            {"by_field", Described(MapOf(Type("integer")), "rejections contradicting each lead field")},
        }))},
        {"RejectReasonCounts", Described(ByEnum<RejectReason>(Type("integer")), "the reasons counted at least once")},
        // The two counts only when this approval activated the version.
        {"Approval", Object({{"definition", Ref("Definition")}, {"activated", "boolean"}, {"leads_rescored", "integer"},
                             {"leads_moved", "integer"}},
                            {"definition", "activated"})},
        {"ImportCsv", {{"type", "string"}, {"description", "CSV with a header row"}}},
        {"ImportRun", Sent(Object({{"id", "integer"}, {"source", "string"}, {"mode", "string"}, {"by", "integer?"},
                                   {"started_at", "time"}, {"finished_at", "time?"},
                                   {"outcome", Described(Type("string"),
                                                         "done, failed, or empty: running, or stopped by a kill")},
                                   {"problem", "string"}, {"batches", "integer"},
                                   {"committed_rows", Described(Type("integer"), "every data row up to this one is in")},
                                   {"committed_line", "integer"}, {"imported", "integer"}, {"updated", "integer"},
                                   {"rejected", "integer"}}))},
        {"ImportReport", Sent(Object({{"mode", "string"},
                                 {"dry_run", Described(Type("boolean"), "checked only: nothing was written")},
                                 {"import_id", Described(Type("integer"), "its record in GET /api/imports (0: dry run)")},
                                 {"batches", Described(Type("integer"), "transactions the rows were written in")},
                                 {"committed_rows", Described(Type("integer"), "every data row up to this one is in")},
                                 {"committed_line", Described(Type("integer"), "that row's last line in the file")},
                                 {"longest_batch_ms", Described(Type("number"), "the longest a batch held the write lock")},
                                 {"rows", "integer"},
                                 {"imported", Described(Type("integer"), "new leads")},
                                 {"updated", Described(Type("integer"), "leads a row changed (mode upsert)")},
                                 {"unchanged",
                                  Described(Type("integer"), "leads a row matched as they were (mode upsert)")},
                                 {"rejected", "integer"},
                                 {"skipped", "integer"}, {"coerced", "integer"},
                                 {"strict", "boolean"}, {"encoding", "string"}, {"encoding_from", "string"},
                                 {"delimiter", "string"}, {"date_order", "string"}, {"date_order_from", "string"},
                                 {"time_zone", "string"}, {"ignored_columns", "strings"},
                                 {"coercions", ListOf(Object({{"row", "integer"}, {"line", "integer"},
                                                              {"column", "string"}, {"original", "string"},
                                                              {"stored", "string"}, {"why", "string"}}))},
                                 {"errors", ListOf(Object({{"row", "integer"}, {"line", "integer"},
                                                           {"field", "string"}, {"message", "string"}}))},
                                 {"stages_kept", Described(Type("integer"), "rows whose stage was not after the lead's")},
                                 {"kept_stages", ListOf(Object({{"row", "integer"}, {"line", "integer"},
                                                                {"lead_id", "integer"}, {"file_stage", Enum<Stage>()},
                                                                {"stage", Enum<Stage>()}}))}}))},
        {"Criterion", criterion},
        {"DefinitionRules", rules},
        {"Definition", Sent(Object({{"version", "integer"}, {"status", Enum<DefinitionStatus>()}, {"summary", "string"},
                               {"rules", Ref("DefinitionRules")}, {"review_by", "date?"}, {"created_at", "time"},
                               {"created_by", "integer?"}, {"proposed_at", "time?"}, {"activated_at", "time?"},
                               {"retired_at", "time?"},
                               {"approvals", ListOf(Object({{"user_id", "integer"}, {"role", Enum<Role>()},
                                                            {"at", "time"}}))}}))},
        {"CampaignInput", campaign_input},
        {"Campaign", campaign},
        {"CampaignView", campaign_view},
        {"CalendarFeed", Sent(Object({{"active", "boolean"}, {"created_at", "time?"}, {"last_used_at", "time?"},
                                      {"url", "string?"}, {"webcal_url", "string?"}}))},
        {"ICalendar", {{"type", "string"}, {"description", "RFC 5545 text: one all-day VEVENT per campaign"}}},
        {"FeedbackInput", feedback_input},
        {"Feedback", feedback},
        {"FeedbackInsights", Sent(Object({
            {"from", "date"}, {"to", "date"},
            {"rejections", Object({{"total", "integer"}, {"counts", Ref("RejectReasonCounts")},
                                   {"by_source", reason_group}, {"by_campaign", reason_group},
                                   {"weeks", Described(reason_group, "every ISO week touching the period, oldest "
                                                                     "first; key: its Monday")}})},
            {"objections", theme_list}, {"questions", theme_list},
        }))},
        {"WinsDigest", Sent(Object({
            {"from", "date"}, {"to", "date"}, {"count", "integer"}, {"revenue", "integer"},
            {"avg_cycle_days", "number?"},
            {"by_source", ListOf(Object({{"source", Enum<Source>()}, {"count", "integer"}, {"revenue", "integer"}}))},
            {"wins", Described(ListOf(Object({
                                   {"lead_id", "integer"}, {"name", "string"}, {"company", "string"},
                                   {"source", Enum<Source>()}, {"campaign_id", "integer?"},
                                   {"campaign_name", Described(Type("string"), "empty without a campaign")},
                                   {"owner_id", "integer?"}, {"deal_value", "integer?"}, {"created_at", "time"},
                                   {"won_at", "time"}, {"cycle_days", "number"},
                                   {"story", Nullable(Object({{"feedback_id", "integer"}, {"author_id", "integer"},
                                                              {"at", "time"}, {"text", "string"}}))}})),
                               "newest first, at most limit of them")},
            {"truncated", "boolean"},
        }))},
        {"Notification", Sent(Object({{"id", "integer"}, {"user_id", "integer"}, {"text", "string"}, {"link", "string"},
                                      {"created_at", "time"}, {"read_at", "time?"}}))},
        {"NotificationList", Sent(Object({{"items", ListOf(Ref("Notification"))}, {"unread", "integer"}}))},
        {"WebhookInput", Object({{"url", "string"}, {"events", ListOf(webhook_event)}, {"format", webhook_format},
                                 {"description", "string"}}, {"url", "events"})},
        {"WebhookUpdate", MinProperties(Object({{"url", "string"}, {"events", ListOf(webhook_event)},
                                                {"format", webhook_format}, {"description", "string"}, {"enabled", "boolean"}}))},
        {"Webhook", webhook},
        {"CreatedWebhook", created_webhook},
        {"WebhookDelivery", Sent(Object({{"id", "integer"}, {"msg_id", "string"}, {"event_type", webhook_event},
                                         {"status", Strings({"pending", "delivered", "failed"})}, {"attempts", "integer"},
                                         {"last_status", "integer?"}, {"last_error", "string?"}, {"next_attempt_at", "time?"},
                                         {"delivered_at", "time?"}, {"created_at", "time"}}))},
        // The month may be left out of the body: the path names it.
        {"MonthlyTargetInput", target_input},
        {"MonthlyTarget", Sent(target_input)},
        {"Targets", Sent(Object({{"months", ListOf(Ref("MonthlyTarget"))}, {"sla", Ref("SlaSettings")}}))},
        {"SlaSettings", Object({{"first_response_hours", "integer"}}, {"first_response_hours"})},
        {"User", user},
        {"NewUser", Object({{"email", "string"}, {"name", "string"}, {"role", Enum<Role>()}, {"password", "string"}},
                           {"email", "name"})},
        {"UserUpdate", Object({{"name", "string"}, {"role", Enum<Role>()}, {"active", "boolean"}})},
        {"Login", Object({{"email", "string"}, {"password", "string"}}, {"email", "password"})},
        {"AuthConfig", Object({{"password_login", "boolean"}, {"sso_name", "string?"}}, {"password_login", "sso_name"})},
        {"SessionState", Sent(Object({{"user", NullableRef("User")}}))},
        {"PasswordChange", Object({{"current_password", "string"}, {"new_password", "string"}},
                                  {"current_password", "new_password"})},
        {"PasswordReset", Object({{"token", "string"}, {"password", "string"}}, {"token", "password"})},
        {"EmailPreferences", Object({{"content_requests", Described(Type("boolean"), "an email when a content request "
                                                                                     "you logged is done")},
                                     {"sla_breaches", Described(Type("boolean"), "sales leaders: an email listing leads "
                                                                                 "newly past the first-response SLA")},
                                     {"wins_digest", Described(Type("boolean"), "the weekly wins digest, Mondays from "
                                                                                "08:00 UTC: off until turned on")}},
                                    {"content_requests", "sla_breaches", "wins_digest"})},
        {"ResetLink", Object({{"url", "string"}, {"expires_at", "time"},
                              {"emailed", Described(Type("boolean"), "the link was also queued as an email to the user")}},
                             {"url", "expires_at", "emailed"})},
        {"ApiToken", Sent(Object({{"id", "integer"}, {"user_id", "integer"}, {"name", "string"}, {"created_at", "time"},
                                  {"last_used_at", "time?"}, {"revoked_at", "time?"}}))},
        {"NewToken", Object({{"name", "string"}}, {"name"})},
        {"CreatedToken", Sent(Object({{"token", Ref("ApiToken")}, {"secret", "string"}}))},
    };
    NullableRefs(schemas);
    return schemas;
}

}  // namespace tandem::http
