// Schemas written as compact property tables; "?" after a type marks it nullable (OpenAPI 3.0.3:
// `nullable`, and null among an enum's values). Responses require every field: the encoders in
// shared/ always write them all, null when empty.
#include "http/openapi_schemas.h"

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <utility>

#include "tandem/enums.h"
#include "tandem/handoff.h"

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
        {"AssignRequest", Object({{"owner_id", "integer?"}, {"note", "string"}}, {"owner_id"})},
        {"AssignResult", Sent(Object({{"lead", Ref("Lead")}, {"assignment", NullableRef("Assignment")}}))},
        {"Inbox", Sent(Object({{"now", "time"}, {"sla_hours", "integer"}, {"rep", "string"},
                          {"items", ListOf(Object({{"lead", Ref("Lead")}, {"entered_at", "time"}, {"due_at", "time"},
                                                   {"answered_at", "time?"}, {"breached", "boolean"}}))},
                          {"total", "integer"}, {"breached", "integer"}, {"unassigned", "integer"},
                          {"owners", ListOf(Object({{"owner_id", "integer"}, {"open", "integer"}, {"breached", "integer"}}))},
                          {"next_cursor", "integer?"}}))},
        {"Explanation", {{"type", "object"},
                         {"description", "lead_id, definition_version, evaluated_at, decay_factor, rules (DefinitionRules), "
                                         "fit, engagement, total, level, results {fit, engagement, sales_ready: "
                                         "[{id, matched, points}] in the rules' order}"}}},
        {"ActivationPreview", {{"type", "object"},
                               {"description", "version, leads, levels {none|mql|sales_ready: {none|mql|sales_ready: "
                                               "count}} (under the active rules, then the proposal), to_new, to_mql, "
                                               "to_sales_ready (stage moves activation would make), inboxes [{owner_id "
                                               "(null: unassigned), leads}] of the leads handed to sales"}}},
        {"ScorecardView", {{"type", "object"},
                           {"description", "from, to, now, sla_hours, scorecard and previous (see kpi.h), "
                                           "as_if (null, or {version, actual, as_if}: two scorecards by level, see "
                                           "as_if.h), definition (the active Definition), launching (Campaigns "
                                           "starting within 14 days), versions (every definition version)"}}},
        {"Draft", {{"type", "object"}, {"description", "version, revision, status (draft|proposed), document "
                                                         "{summary, rules, review_by}, presence [PresenceEntry]"}}},
        {"OpBatch", {{"type", "object"}, {"description", "client_id, client_seq, base_revision, ops [{kind: set_property|"
                                                           "set_criterion|add_criterion|remove_criterion|move_criterion, "
                                                           "property, criterion_id, list, index, value}]"}}},
        {"AcceptedBatch", {{"type", "object"}, {"description", "revision, client_id, client_seq, author_id, ops (applied), "
                                                                 "dropped [{index, reason}]"}}},
        {"PresenceUpdate", Object({{"client_id", "string"}, {"criterion_id", "string"}, {"editing", "boolean"},
                                   {"leaving", "boolean"}},
                                  {"client_id"})},
        {"FactsTable", {{"type", "object"}, {"description", "count, id[], source[], industry/country/title/company "
                                                              "{values, index[]}, has_phone[], numeric and enum fact columns"}}},
        {"Impact", {{"type", "object"}, {"description", "total {leads, active_mql, draft_mql, active_sales_ready, "
                                                          "draft_sales_ready, gained_*, lost_*}, by_source, samples"}}},
        {"RejectionPressure", {{"type", "object"}, {"description", "days, since, rejections, by_reason, by_field"}}},
        {"Approval", {{"type", "object"}, {"description", "definition, activated, leads_rescored, leads_moved"}}},
        {"ImportCsv", {{"type", "string"}, {"description", "CSV with a header row"}}},
        {"ImportReport", Sent(Object({{"rows", "integer"}, {"imported", "integer"}, {"rejected", "integer"},
                                 {"strict", "boolean"}, {"ignored_columns", "strings"},
                                 {"errors", ListOf(Object({{"row", "integer"}, {"line", "integer"},
                                                           {"field", "string"}, {"message", "string"}}))}}))},
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
        {"CampaignView", {{"type", "object"},
                          {"description", "a Campaign plus results {leads, mqls, sqls, won, revenue} and clashes "
                                          "[{campaign_id, campaign_name, from, to, reason}] (see calendar.h)"}}},
        {"CalendarFeed", Sent(Object({{"active", "boolean"}, {"created_at", "time?"}, {"last_used_at", "time?"},
                                      {"url", "string?"}, {"webcal_url", "string?"}}))},
        {"ICalendar", {{"type", "string"}, {"description", "RFC 5545 text: one all-day VEVENT per campaign"}}},
        {"FeedbackInput", feedback_input},
        {"Feedback", feedback},
        {"FeedbackInsights", {{"type", "object"},
                              {"description", "from, to; rejections {total, counts {reason: n}, by_source, by_campaign, "
                                              "weeks: [{key, name, total, counts, weekly [n per week]}]}; objections and "
                                              "questions {total, themes [{key, by: tag|text, count, last_at, "
                                              "examples [{text, count, feedback_id}]}]}"}}},
        {"WinsDigest", {{"type", "object"},
                        {"description", "from, to, count, revenue, avg_cycle_days, by_source [{source, count, revenue}], "
                                        "wins [{lead_id, name, company, source, campaign_id, campaign_name, owner_id, "
                                        "deal_value, created_at, won_at, cycle_days, story {feedback_id, author_id, at, "
                                        "text}?}], truncated"}}},
        {"Notification", Sent(Object({{"id", "integer"}, {"user_id", "integer"}, {"text", "string"}, {"link", "string"},
                                      {"created_at", "time"}, {"read_at", "time?"}}))},
        {"NotificationList", Sent(Object({{"items", ListOf(Ref("Notification"))}, {"unread", "integer"}}))},
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
        {"ResetLink", Object({{"url", "string"}, {"expires_at", "time"}}, {"url", "expires_at"})},
        {"ApiToken", Sent(Object({{"id", "integer"}, {"user_id", "integer"}, {"name", "string"}, {"created_at", "time"},
                                  {"last_used_at", "time?"}, {"revoked_at", "time?"}}))},
        {"NewToken", Object({{"name", "string"}}, {"name"})},
        {"CreatedToken", Sent(Object({{"token", Ref("ApiToken")}, {"secret", "string"}}))},
    };
    NullableRefs(schemas);
    return schemas;
}

}  // namespace tandem::http
