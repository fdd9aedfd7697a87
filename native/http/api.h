// The API's route table. Every route is registered with its documentation and the action its
// caller must be allowed (checked against the role before the handler runs), so the OpenAPI
// document is built from the same table that serves requests and cannot miss a route.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "tandem/user.h"

namespace httplib {
class Server;
struct Request;
struct Response;
class ContentReader;
}

namespace tandem::store {
class Database;
}

namespace tandem::http {

struct ServerContext;

inline constexpr const char* kSessionCookie = "tandem_session";
// The value of the cookie named exactly `name` in the request's Cookie header.
std::optional<std::string> CookieValue(const httplib::Request& req, std::string_view name);

// Who is calling: a signed-in user (session cookie) or a script (API token), and by which
// credential, so that a long request (an event stream) can check it is still valid.
struct Caller {
    User user;
    bool via_token = false;
    std::string session_hash;        // cookie callers: the session id's hash
    std::int64_t token_id = 0;       // token callers
    Timestamp last_used_at = 0;      // when the credential was last seen in use
};

struct ParamDoc {
    const char* name;
    const char* type;          // "string", "integer", "number", "boolean"
    const char* description;
    const char* pattern = nullptr;   // a regular expression a string must match
};

struct RouteDoc {
    const char* summary;
    const char* request_schema = nullptr;      // a schema name in components, or nullptr
    const char* response_schema = nullptr;     // likewise; "[Lead]" for a list wrapper
    std::vector<ParamDoc> query;
    int success_status = 200;
    const char* content_type = "application/json";   // of the success response
    const char* request_content_type = "application/json";
    // Path parameters that are not positive integer ids ({id}, {version}, ... need no entry).
    std::vector<ParamDoc> path = {};
    // Statuses the handler answers beyond those every route of its kind can (see Api::OpenApi):
    // 409 for a state that forbids the change, 429 (always with Retry-After), a 404 or 403 of its own.
    std::vector<int> errors = {};
    bool if_match = false;   // honours If-Match (the ETag it sent): 412 when the entity changed since
    bool etag = false;       // the success response carries the entity's ETag
    bool last_modified = false;   // and Last-Modified, and a GET is conditional (If-None-Match, If-Modified-Since)
};

class Api {
public:
    using Handler = std::function<void(const httplib::Request&, httplib::Response&, const Caller&)>;
    using PublicHandler = std::function<void(const httplib::Request&, httplib::Response&)>;
    // For bodies too large to hold in memory: the handler pulls the body through the reader.
    using StreamHandler = std::function<void(const httplib::Request&, httplib::Response&, const Caller&,
                                             const httplib::ContentReader&)>;
    // For hot reads: the handler reads in the transaction the caller was identified in.
    using ReadHandler = std::function<void(const httplib::Request&, httplib::Response&, const Caller&, store::Database&)>;

    Api(httplib::Server& server, ServerContext& context);

    // An authenticated route: 401 without valid credentials, 403 if the role may not `action`.
    // `path` uses OpenAPI templates ("/api/leads/{id}").
    void Route(const std::string& method, const std::string& path, Action action, RouteDoc doc, Handler handler);
    // An authenticated POST whose body is streamed rather than buffered (imports). The server
    // allows such paths a larger body; see IsStreamed().
    void RouteStream(const std::string& path, Action action, RouteDoc doc, StreamHandler handler);
    // An authenticated GET answered from one read transaction (one snapshot, one BEGIN and COMMIT)
    // for the caller's credential and the handler's reads; the credential is re-stamped after it.
    void RouteRead(const std::string& path, Action action, RouteDoc doc, ReadHandler handler);
    bool IsStreamed(const std::string& path) const;
    // A route anyone may call (health, login, the OpenAPI document).
    void Public(const std::string& method, const std::string& path, RouteDoc doc, PublicHandler handler);

    // The methods registered for a concrete path ("/api/leads/7" -> "GET, PATCH"), for 405.
    std::string AllowedMethods(const std::string& path) const;
    nlohmann::json OpenApi() const;

    // The caller behind a request's session cookie or bearer token, if any.
    std::optional<Caller> Authenticate(const httplib::Request& req);
    // The caller again, if their credential is still valid now (not signed out, expired, revoked
    // or deactivated); read from the database, without touching the credential.
    std::optional<Caller> Recheck(const Caller& caller);

private:
    struct Entry {
        std::string method;
        std::string path;
        std::optional<Action> action;
        RouteDoc doc;
    };
    void Register(const std::string& method, const std::string& path, PublicHandler handler);
    void AddEntry(Entry entry);
    static std::string OperationIdOf(const Entry& entry);
    // 401/403/unknown-query checks shared by Route and RouteStream.
    Caller Admit(const httplib::Request& req, Action action, const std::vector<ParamDoc>& query);
    // The same checks for a caller already looked up (null: none).
    const Caller& Permit(const Caller* caller, Action action, const httplib::Request& req,
                         const std::vector<ParamDoc>& query);
    // A caller found by their credential in `db`; `stale` when the credential is due to be
    // re-stamped (Touch, outside the read), its last_used_at then already `now`.
    struct Identified {
        Caller caller;
        bool stale = false;
    };
    std::optional<Identified> Identify(const httplib::Request& req, store::Database& db, Timestamp now);
    void Touch(const Caller& caller, Timestamp now);

    httplib::Server& m_server;
    ServerContext& m_context;
    std::vector<Entry> m_entries;
    std::vector<std::string> m_streamed_paths;
};

}  // namespace tandem::http
