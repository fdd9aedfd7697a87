// Route registration with authentication, role checks, query validation and OpenAPI output.
#include "http/api.h"

#include <algorithm>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <regex>

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

nlohmann::json SchemaRef(const char* name) {
    std::string text = name;
    if (text.size() > 2 && text.front() == '[') {
        return {{"type", "object"},
                {"properties",
                 {{"items", {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/" + text.substr(1, text.size() - 2)}}}}},
                  {"next_cursor", {{"type", {"integer", "null"}}}}}}};
    }
    return {{"$ref", "#/components/schemas/" + text}};
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
    m_entries.push_back({method, path, std::nullopt, std::move(doc)});
    Register(method, path, [query, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
        CheckQuery(req, query);
        handler(req, res);
    });
}

Caller Api::Admit(const httplib::Request& req, Action action, const std::vector<ParamDoc>& query) {
    std::optional<Caller> caller = Authenticate(req);
    if (!caller) throw ApiError(401, "unauthorized", "sign in, or send an API token as Authorization: Bearer");
    if (!Can(caller->user.role, action))
        throw ApiError(403, "forbidden", "a " + std::string(ToString(caller->user.role)) + " may not do this");
    CurrentRequest().user_id = caller->user.id;
    CheckQuery(req, query);
    return *caller;
}

void Api::Route(const std::string& method, const std::string& path, Action action, RouteDoc doc, Handler handler) {
    std::vector<ParamDoc> query = doc.query;
    m_entries.push_back({method, path, action, std::move(doc)});
    Register(method, path,
             [this, action, query, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
                 handler(req, res, Admit(req, action, query));
             });
}

void Api::RouteStream(const std::string& path, Action action, RouteDoc doc, StreamHandler handler) {
    std::vector<ParamDoc> query = doc.query;
    m_entries.push_back({"POST", path, action, std::move(doc)});
    m_streamed_paths.push_back(path);
    m_server.Post(HttplibPattern(path), [this, action, query, path, handler = std::move(handler)](
                                            const httplib::Request& req, httplib::Response& res,
                                            const httplib::ContentReader& reader) {
        CurrentRequest().route = path;
        handler(req, res, Admit(req, action, query), reader);
    });
}

bool Api::IsStreamed(const std::string& path) const {
    return std::find(m_streamed_paths.begin(), m_streamed_paths.end(), path) != m_streamed_paths.end();
}

std::optional<Caller> Api::Authenticate(const httplib::Request& req) {
    Timestamp now = Now();
    std::string authorization = req.get_header_value("Authorization");
    if (!authorization.empty()) {
        // A bad token is a failure even if a cookie is present: scripts must learn their token is wrong.
        if (!authorization.starts_with("Bearer ")) return std::nullopt;
        std::string hash = auth::HashSecret(authorization.substr(7));
        auto use = m_context.store.Read([&](store::Database& db) { return store::FindTokenUse(db, hash); });
        if (!use) return std::nullopt;
        if (now - use->last_used_at >= kTouchSeconds) {
            m_context.store.Write([&](store::Database& db) { store::TouchToken(db, use->token_id, now); });
            use->last_used_at = now;
        }
        return Caller{use->user, true, "", use->token_id, use->last_used_at};
    }
    std::optional<std::string> session = CookieValue(req, kSessionCookie);
    if (!session) return std::nullopt;
    std::string hash = auth::HashSecret(*session);
    auto use = m_context.store.Read([&](store::Database& db) {
        return store::FindSession(db, hash, now - m_context.session_idle_seconds);
    });
    if (!use) return std::nullopt;
    if (now - use->last_used_at >= SessionTouchSeconds(m_context.session_idle_seconds)) {
        m_context.store.Write([&](store::Database& db) { store::TouchSession(db, hash, now); });
        use->last_used_at = now;
    }
    return Caller{use->user, false, hash, 0, use->last_used_at};
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

nlohmann::json Api::OpenApi() const {
    nlohmann::json paths = nlohmann::json::object();
    for (const Entry& entry : m_entries) {
        nlohmann::json operation = {{"summary", entry.doc.summary}};
        nlohmann::json parameters = nlohmann::json::array();
        std::smatch match;
        std::string rest = entry.path;
        while (std::regex_search(rest, match, std::regex(R"(\{(\w+)\})"))) {
            parameters.push_back({{"name", match[1].str()}, {"in", "path"}, {"required", true}, {"schema", {{"type", "integer"}}}});
            rest = match.suffix();
        }
        for (const ParamDoc& param : entry.doc.query) {
            parameters.push_back({{"name", param.name}, {"in", "query"}, {"description", param.description},
                                  {"schema", {{"type", param.type}}}});
        }
        if (!parameters.empty()) operation["parameters"] = parameters;
        if (entry.doc.request_schema) {
            operation["requestBody"] = {
                {"required", true},
                {"content", {{entry.doc.request_content_type, {{"schema", SchemaRef(entry.doc.request_schema)}}}}}};
        }
        nlohmann::json success = {{"description", "success"}};
        if (entry.doc.response_schema)
            success["content"] = {{entry.doc.content_type, {{"schema", SchemaRef(entry.doc.response_schema)}}}};
        nlohmann::json error = {{"description", "error"}, {"content", {{"application/json", {{"schema", SchemaRef("Error")}}}}}};
        nlohmann::json responses = {{std::to_string(entry.doc.success_status), success}, {"400", error}, {"404", error}};
        if (entry.action) {
            responses["401"] = error;
            responses["403"] = error;
            operation["security"] = {{{"session", nlohmann::json::array()}}, {{"token", nlohmann::json::array()}}};
            nlohmann::json roles = nlohmann::json::array();
            for (const auto& [role, name] : EnumValues<Role>())
                if (Can(role, *entry.action)) roles.push_back(name);
            operation["x-roles"] = roles;
        }
        if (entry.doc.request_schema) {
            responses["413"] = error;
            responses["415"] = error;
            responses["422"] = error;
        }
        operation["responses"] = responses;
        paths[entry.path][Lower(entry.method)] = operation;
    }
    return {
        {"openapi", "3.0.3"},
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
