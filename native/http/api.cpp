// Route registration with authentication, role checks, query validation and OpenAPI output.
#include "http/api.h"

#include <algorithm>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <stdexcept>

#include "auth/secrets.h"
#include "http/api_error.h"
#include "http/context.h"
#include "http/openapi_schemas.h"
#include "http/request_trace.h"
#include "store/account_repo.h"
#include "store/store.h"

namespace tandem::http {

namespace {

// Credentials are re-stamped at most once a minute (a session with a shorter idle limit, at an
// eighth of it), so reads do not all queue for the writer.
constexpr Timestamp kTouchSeconds = 60;
Timestamp SessionTouchSeconds(Timestamp idle_seconds) { return std::clamp<Timestamp>(idle_seconds / 8, 1, kTouchSeconds); }

// "/api/leads/{id}" -> "/api/leads/:id" (httplib's syntax).
std::string HttplibPattern(const std::string& path) { return std::regex_replace(path, std::regex(R"(\{(\w+)\})"), ":$1"); }

// "/api/leads/{id}" -> a regex matching "/api/leads/7".
std::regex PathRegex(const std::string& path) {
    return std::regex("^" + std::regex_replace(path, std::regex(R"(\{\w+\})"), "[^/]+") + "$");
}

std::string Lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

bool IsListWrapper(const char* name) { return name && name[0] == '[' && name[1] != '\0'; }

// "Lead" -> a $ref; "[Lead]" -> the list wrapper every list route answers: {items, next_cursor}.
nlohmann::json SchemaRef(const char* name) {
    std::string text = name;
    if (IsListWrapper(name)) {
        return {{"type", "object"},
                {"properties",
                 {{"items", {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/" + text.substr(1, text.size() - 2)}}}}},
                  {"next_cursor", {{"type", "integer"}, {"nullable", true}}}}},
                {"required", {"items", "next_cursor"}}};
    }
    return {{"$ref", "#/components/schemas/" + text}};
}

// The operationId: the method in lower case ("list" for a GET answering a list wrapper), then
// each segment of the path after "/api/" in PascalCase, a {parameter} as "By" + its name, with
// '-', '.' and '_' ending words: GET /api/leads/{id} -> getLeadsById, GET /api/leads -> listLeads,
// GET /api/leads/export.csv -> getLeadsExportCsv, POST /api/leads/{id}/claim -> postLeadsByIdClaim.
// It depends on nothing but the route, so it stays the same as long as the route does.
std::string OperationId(const std::string& method, const std::string& path, bool list) {
    std::string id = list ? "list" : Lower(method);
    std::string rest = path.starts_with("/api/") ? path.substr(5) : path.substr(1);
    bool word_start = true;
    for (char c : rest) {
        if (c == '{') {
            id += "By";
            word_start = true;
        } else if (std::isalnum(static_cast<unsigned char>(c))) {
            id += word_start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
            word_start = false;
        } else {
            word_start = true;
        }
    }
    return id;
}

const char* StatusDescription(int status) {
    switch (status) {
    case 304: return "not modified: the If-None-Match tag is current";
    case 400: return "a malformed request: an unknown query parameter, a bad value, malformed JSON";
    case 401: return "no valid credentials";
    case 403: return "the caller may not do this (their role, or the entity is not theirs)";
    case 404: return "no such entity, or the feature is not set up";
    case 409: return "the entity's state does not allow this, or it exists already";
    case 412: return "If-Match names a revision that is no longer current: read again and retry";
    case 413: return "the body (or the answer) is too large";
    case 415: return "the body is not of the documented content type";
    case 422: return "a well-formed body with an invalid value (error.field names it)";
    case 429: return "too many failed attempts: wait as many seconds as Retry-After says";
    default: return "error";
    }
}

nlohmann::json HeaderDoc(const char* description, nlohmann::json schema) {
    return {{"description", description}, {"schema", std::move(schema)}};
}

void CheckQuery(const httplib::Request& req, const std::vector<ParamDoc>& query) {
    for (const auto& [name, value] : req.params) {
        bool known = std::any_of(query.begin(), query.end(), [&](const ParamDoc& p) { return name == p.name; });
        if (!known) throw ApiError(400, "bad_request", "unknown query parameter", name);
    }
}

}  // namespace

std::optional<std::string> CookieValue(const httplib::Request& req, std::string_view name) {
    std::string header = req.get_header_value("Cookie");
    std::string_view rest = header;
    while (!rest.empty()) {
        std::size_t end = rest.find(';');
        std::string_view pair = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=')
            return std::string(pair.substr(name.size() + 1));
    }
    return std::nullopt;
}

Api::Api(httplib::Server& server, ServerContext& context) : m_server(server), m_context(context) {}

void Api::Register(const std::string& method, const std::string& path, PublicHandler inner) {
    std::string pattern = HttplibPattern(path);
    // The template names the request in logs and metrics; the copy lives as long as the handler.
    PublicHandler handler = [route = path, inner = std::move(inner)](const httplib::Request& req, httplib::Response& res) {
        CurrentRequest().route = route;
        inner(req, res);
    };
    if (method == "GET") m_server.Get(pattern, std::move(handler));
    else if (method == "POST") m_server.Post(pattern, std::move(handler));
    else if (method == "PUT") m_server.Put(pattern, std::move(handler));
    else if (method == "PATCH") m_server.Patch(pattern, std::move(handler));
    else if (method == "DELETE") m_server.Delete(pattern, std::move(handler));
    else throw std::logic_error("unsupported method " + method);
}

void Api::Public(const std::string& method, const std::string& path, RouteDoc doc, PublicHandler handler) {
    std::vector<ParamDoc> query = doc.query;
    AddEntry({method, path, std::nullopt, std::move(doc)});
    Register(method, path, [query, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
        CheckQuery(req, query);
        handler(req, res);
    });
}

Caller Api::Admit(const httplib::Request& req, Action action, const std::vector<ParamDoc>& query) {
    std::optional<Caller> caller = Authenticate(req);
    return Permit(caller ? &*caller : nullptr, action, req, query);
}

const Caller& Api::Permit(const Caller* caller, Action action, const httplib::Request& req,
                          const std::vector<ParamDoc>& query) {
    if (!caller) throw ApiError(401, "unauthorized", "sign in, or send an API token as Authorization: Bearer");
    if (!Can(caller->user.role, action))
        throw ApiError(403, "forbidden", "a " + std::string(ToString(caller->user.role)) + " may not do this");
    CurrentRequest().user_id = caller->user.id;
    CheckQuery(req, query);
    return *caller;
}

void Api::Route(const std::string& method, const std::string& path, Action action, RouteDoc doc, Handler handler) {
    std::vector<ParamDoc> query = doc.query;
    AddEntry({method, path, action, std::move(doc)});
    Register(method, path,
             [this, action, query, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
                 handler(req, res, Admit(req, action, query));
             });
}

void Api::RouteStream(const std::string& path, Action action, RouteDoc doc, StreamHandler handler) {
    std::vector<ParamDoc> query = doc.query;
    AddEntry({"POST", path, action, std::move(doc)});
    m_streamed_paths.push_back(path);
    m_server.Post(HttplibPattern(path), [this, action, query, path, handler = std::move(handler)](
                                            const httplib::Request& req, httplib::Response& res,
                                            const httplib::ContentReader& reader) {
        CurrentRequest().route = path;
        handler(req, res, Admit(req, action, query), reader);
    });
}

void Api::RouteRead(const std::string& path, Action action, RouteDoc doc, ReadHandler handler) {
    std::vector<ParamDoc> query = doc.query;
    AddEntry({"GET", path, action, std::move(doc)});
    Register("GET", path,
             [this, action, query, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
                 Timestamp now = Now();
                 std::optional<Identified> identified;
                 // Stamped whatever the handler answers, as Authenticate does before any handler.
                 auto touch = [&] {
                     if (identified && identified->stale) Touch(identified->caller, now);
                 };
                 try {
                     m_context.store.Read([&](store::Database& db) {
                         identified = Identify(req, db, now);
                         handler(req, res, Permit(identified ? &identified->caller : nullptr, action, req, query), db);
                     });
                 } catch (...) {
                     touch();
                     throw;
                 }
                 touch();
             });
}

bool Api::IsStreamed(const std::string& path) const {
    return std::find(m_streamed_paths.begin(), m_streamed_paths.end(), path) != m_streamed_paths.end();
}

std::optional<Caller> Api::Authenticate(const httplib::Request& req) {
    // Without a credential there is nothing to look up: no transaction.
    if (!req.has_header("Authorization") && !CookieValue(req, kSessionCookie)) return std::nullopt;
    Timestamp now = Now();
    auto identified = m_context.store.Read([&](store::Database& db) { return Identify(req, db, now); });
    if (!identified) return std::nullopt;
    if (identified->stale) Touch(identified->caller, now);
    return identified->caller;
}

std::optional<Api::Identified> Api::Identify(const httplib::Request& req, store::Database& db, Timestamp now) {
    std::string authorization = req.get_header_value("Authorization");
    if (!authorization.empty()) {
        // A bad token is a failure even if a cookie is present: scripts must learn their token is wrong.
        if (!authorization.starts_with("Bearer ")) return std::nullopt;
        auto use = store::FindTokenUse(db, auth::HashSecret(authorization.substr(7)));
        if (!use) return std::nullopt;
        bool stale = now - use->last_used_at >= kTouchSeconds;
        return Identified{{use->user, true, "", use->token_id, stale ? now : use->last_used_at}, stale};
    }
    std::optional<std::string> session = CookieValue(req, kSessionCookie);
    if (!session) return std::nullopt;
    std::string hash = auth::HashSecret(*session);
    auto use = store::FindSession(db, hash, now - m_context.session_idle_seconds);
    if (!use) return std::nullopt;
    bool stale = now - use->last_used_at >= SessionTouchSeconds(m_context.session_idle_seconds);
    return Identified{{use->user, false, hash, 0, stale ? now : use->last_used_at}, stale};
}

void Api::Touch(const Caller& caller, Timestamp now) {
    m_context.store.Write([&](store::Database& db) {
        if (caller.via_token) store::TouchToken(db, caller.token_id, now);
        else store::TouchSession(db, caller.session_hash, now);
    }, store::WriteNotice::Quiet);   // when a credential was last used is no server's cache
}

std::optional<Caller> Api::Recheck(const Caller& caller) {
    Timestamp now = Now();
    auto use = m_context.store.Read([&](store::Database& db) {
        return caller.via_token ? store::FindTokenUseById(db, caller.token_id)
                                : store::FindSession(db, caller.session_hash, now - m_context.session_idle_seconds);
    });
    if (!use || use->user.id != caller.user.id) return std::nullopt;
    Caller fresh = caller;
    fresh.user = use->user;
    fresh.last_used_at = use->last_used_at;
    return fresh;
}

std::string Api::AllowedMethods(const std::string& path) const {
    std::string allowed;
    for (const Entry& entry : m_entries) {
        if (!std::regex_match(path, PathRegex(entry.path))) continue;
        if (allowed.find(entry.method) != std::string::npos) continue;
        if (!allowed.empty()) allowed += ", ";
        allowed += entry.method;
    }
    return allowed;
}

// Two routes with one operationId would make a document generators reject: refuse at start-up.
void Api::AddEntry(Entry entry) {
    std::string id = OperationIdOf(entry);
    for (const Entry& other : m_entries)
        if (OperationIdOf(other) == id)
            throw std::logic_error(entry.method + " " + entry.path + " and " + other.method + " " + other.path +
                                   " make the same operationId " + id + ": rename one");
    m_entries.push_back(std::move(entry));
}

std::string Api::OperationIdOf(const Entry& entry) {
    return OperationId(entry.method, entry.path, entry.method == "GET" && IsListWrapper(entry.doc.response_schema));
}

// Every operation declares its success and each error it can answer: 400 everywhere (unknown query
// parameters); 401 and 403 where credentials are checked; 404 where the path names an entity;
// 413, 415 and 422 where there is a body; 412 where If-Match is honoured; and the handler's own
// (RouteDoc::errors). 5xx are left out: any route may fail that way.
nlohmann::json Api::OpenApi() const {
    nlohmann::json paths = nlohmann::json::object();
    for (const Entry& entry : m_entries) {
        nlohmann::json operation = {{"operationId", OperationIdOf(entry)}, {"summary", entry.doc.summary}};
        nlohmann::json parameters = nlohmann::json::array();
        std::smatch match;
        std::string rest = entry.path;
        while (std::regex_search(rest, match, std::regex(R"(\{(\w+)\})"))) {
            std::string name = match[1].str();
            auto named = std::find_if(entry.doc.path.begin(), entry.doc.path.end(),
                                      [&](const ParamDoc& p) { return name == p.name; });
            nlohmann::json parameter = {{"name", name}, {"in", "path"}, {"required", true}};
            if (named == entry.doc.path.end()) {
                parameter["schema"] = {{"type", "integer"}, {"format", "int64"}, {"minimum", 1}};
            } else {
                parameter["description"] = named->description;
                parameter["schema"] = {{"type", named->type}};
                if (named->pattern) parameter["schema"]["pattern"] = named->pattern;
            }
            parameters.push_back(parameter);
            rest = match.suffix();
        }
        for (const ParamDoc& param : entry.doc.query) {
            nlohmann::json parameter = {{"name", param.name}, {"in", "query"}, {"description", param.description},
                                        {"schema", {{"type", param.type}}}};
            if (param.pattern) parameter["schema"]["pattern"] = param.pattern;
            parameters.push_back(parameter);
        }
        if (entry.doc.if_match) {
            parameters.push_back({{"name", "If-Match"}, {"in", "header"}, {"required", false},
                                  {"description", "the ETag of the last read: the change is made only if the entity "
                                                  "is still at that revision (412 otherwise); \"*\" or none: always"},
                                  {"schema", {{"type", "string"}}}});
        }
        if (entry.doc.last_modified) {
            parameters.push_back({{"name", "If-None-Match"}, {"in", "header"}, {"required", false},
                                  {"description", "ETags from earlier reads (weak ones match too), or \"*\": 304 if one "
                                                  "is current"},
                                  {"schema", {{"type", "string"}}}});
            parameters.push_back({{"name", "If-Modified-Since"}, {"in", "header"}, {"required", false},
                                  {"description", "an HTTP date: 304 if nothing changed since; ignored when "
                                                  "If-None-Match is sent"},
                                  {"schema", {{"type", "string"}}}});
        }
        if (!parameters.empty()) operation["parameters"] = parameters;
        if (entry.doc.request_schema) {
            operation["requestBody"] = {
                {"required", true},
                {"content", {{entry.doc.request_content_type, {{"schema", SchemaRef(entry.doc.request_schema)}}}}}};
        }

        nlohmann::json etag = HeaderDoc("the entity's tag: send it back in If-Match (updates) or If-None-Match (reads)",
                                        {{"type", "string"}});
        nlohmann::json success = {{"description", "success"}};
        if (entry.doc.response_schema)
            success["content"] = {{entry.doc.content_type, {{"schema", SchemaRef(entry.doc.response_schema)}}}};
        if (entry.doc.etag) success["headers"]["ETag"] = etag;
        if (entry.doc.last_modified) {
            success["headers"]["Last-Modified"] = HeaderDoc("when the content last changed, as an HTTP date",
                                                            {{"type", "string"}});
            success["headers"]["Vary"] = HeaderDoc("Accept-Encoding: the body may come compressed", {{"type", "string"}});
        }
        if (entry.doc.success_status == 303)
            success["headers"]["Location"] = HeaderDoc("where the browser goes next", {{"type", "string"}});

        std::set<int> errors = {400};
        if (entry.action) errors.insert({401, 403});
        if (entry.path.find('{') != std::string::npos) errors.insert(404);
        if (entry.doc.request_schema) errors.insert({413, 415, 422});
        if (entry.doc.if_match) errors.insert(412);
        errors.insert(entry.doc.errors.begin(), entry.doc.errors.end());

        nlohmann::json responses = {{std::to_string(entry.doc.success_status), success}};
        for (int status : errors) {
            nlohmann::json response = {{"description", StatusDescription(status)}};
            if (status == 304) {
                if (entry.doc.etag) response["headers"]["ETag"] = etag;
            } else {
                response["content"] = {{"application/json", {{"schema", SchemaRef("Error")}}}};
            }
            if (status == 429)
                response["headers"]["Retry-After"] = HeaderDoc("seconds until an attempt is admitted again",
                                                               {{"type", "integer"}, {"minimum", 0}});
            responses[std::to_string(status)] = response;
        }
        if (entry.action) {
            operation["security"] = {{{"session", nlohmann::json::array()}}, {{"token", nlohmann::json::array()}}};
            nlohmann::json roles = nlohmann::json::array();
            for (const auto& [role, name] : EnumValues<Role>())
                if (Can(role, *entry.action)) roles.push_back(name);
            operation["x-roles"] = roles;
        }
        operation["responses"] = responses;
        paths[entry.path][Lower(entry.method)] = operation;
    }
    return {
        {"openapi", "3.0.3"},
        // Relative: the document describes the server that serves it, at whatever origin it is reached.
        {"servers", {{{"url", "/"}, {"description", "this server"}}}},
        {"info", {{"title", "Tandem API"}, {"version", TANDEM_VERSION},
                  {"description", "One hub for sales and marketing: leads, the lead definition, campaigns, feedback, "
                                  "the scorecard. Errors are {\"error\":{\"code\",\"message\",\"field\"}}; lists "
                                  "paginate with `limit` and `cursor`; updates accept If-Match."}}},
        {"paths", paths},
        {"components",
         {{"schemas", OpenApiSchemas()},
          {"securitySchemes",
           {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "tandem_session"}}},
            {"token", {{"type", "http"}, {"scheme", "bearer"}}}}}}},
    };
}

}  // namespace tandem::http
