// GET /api/events: the event stream (Server-Sent Events) every open dashboard listens to. Resumes
// after Last-Event-ID; a heartbeat every 15 s keeps proxies from closing an idle stream and lets
// the server notice a dashboard that went away. A stream lives only as long as its credential: it
// ends with a "session-ended" event when its session is signed out, expires or loses its user,
// and it carries one person's events (notifications) only to that person.
#include <limits>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/context.h"
#include "http/request.h"
#include "http/routes.h"
#include "store/database.h"
#include "tandem/codec.h"

namespace tandem::http {

namespace {

constexpr auto kHeartbeat = std::chrono::seconds(15);

std::string Frame(const events::Event& event) {
    return "id: " + std::to_string(event.id) + "\nevent: " + event.type + "\ndata: " + event.data + "\n\n";
}

// When the caller's credential runs out unless it is used meanwhile: a session's idle limit (a
// token never idles out).
Timestamp ExpiresAt(const ServerContext& context, const Caller& caller) {
    if (caller.via_token) return std::numeric_limits<Timestamp>::max();
    return caller.last_used_at + context.session_idle_seconds;
}

// How long a stream may wait before it must look again: the heartbeat, or until its session
// would expire.
std::chrono::milliseconds UntilCheck(const ServerContext& context, const Caller& caller) {
    Timestamp left = ExpiresAt(context, caller) - Now();
    if (left >= std::chrono::duration_cast<std::chrono::seconds>(kHeartbeat).count()) return kHeartbeat;
    return std::chrono::milliseconds(std::max<Timestamp>(left, 0) * 1000 + 1000);
}

}  // namespace

void RegisterEventRoutes(Api& api, ServerContext& context) {
    api.Route("GET", "/api/events", Action::Read,
              {.summary = "Server-Sent Events: lead, campaign, feedback, scorecard and definition changes; resume "
                          "with Last-Event-ID",
               .query = {{"last_event_id", "integer", "resume after this id (when a header cannot be sent)"}},
               .content_type = "text/event-stream"},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
                  std::uint64_t after = context.events.LastId();
                  std::string header = req.get_header_value("Last-Event-ID");
                  std::optional<std::int64_t> query = QueryInt(req, "last_event_id", 0, kMaxSafeInteger);
                  if (!header.empty()) {
                      try {
                          after = std::stoull(header);
                      } catch (const std::exception&) {
                          throw ApiError(400, "bad_request", "Last-Event-ID is not an event id", "Last-Event-ID");
                      }
                  } else if (query) {
                      after = static_cast<std::uint64_t>(*query);
                  }
                  res.set_header("Cache-Control", "no-store");
                  res.set_header("X-Accel-Buffering", "no");
                  events::StreamCursor cursor = context.events.Open(after, caller.user.id);
                  res.set_chunked_content_provider(
                      "text/event-stream",
                      [&context, cursor, caller = Caller(caller),
                       open = std::make_shared<Metrics::Stream>(context.metrics)](std::size_t, httplib::DataSink& sink) mutable {
                          // The first frame says where the stream starts, so the browser can resume.
                          std::string hello = "retry: 2000\nid: " + std::to_string(cursor.after) + "\nevent: hello\ndata: {}\n\n";
                          if (!sink.write(hello.data(), hello.size())) return false;
                          for (;;) {
                              events::Batch batch = context.events.Wait(cursor, UntilCheck(context, caller));
                              if (batch.closed) return false;
                              // Signed out, expired, deactivated or revoked: the stream ends with its
                              // credential. Checked when told, at the expiry, and at every heartbeat
                              // (for changes made outside this process, such as `tandem user passwd`).
                              bool heartbeat = batch.events.empty() && !batch.gap;
                              if (batch.recheck || heartbeat || Now() >= ExpiresAt(context, caller)) {
                                  std::optional<Caller> fresh = caller;
                                  try {
                                      fresh = context.api->Recheck(caller);
                                  } catch (const store::StoreError&) {
                                      // The database is away (a restart): the stream stays, and its
                                      // credential is checked again at the next heartbeat.
                                  }
                                  if (!fresh) {
                                      static const std::string kEnded = "event: session-ended\ndata: {}\n\n";
                                      sink.write(kEnded.data(), kEnded.size());
                                      sink.done();
                                      return true;
                                  }
                                  caller = *fresh;
                              }
                              std::string out;
                              if (batch.gap) out = "id: " + std::to_string(cursor.after) + "\nevent: reset\ndata: {}\n\n";
                              std::uint64_t sent = 0;
                              for (const events::Event& event : batch.events) {
                                  if (event.recipient != 0 && event.recipient != caller.user.id) continue;
                                  out += Frame(event);
                                  sent = event.id;
                              }
                              // Others' private events still move the resume point past them.
                              if (!batch.events.empty() && sent != batch.events.back().id)
                                  out += "id: " + std::to_string(batch.events.back().id) + "\n\n";
                              if (out.empty()) out = ": heartbeat\n\n";
                              if (!sink.write(out.data(), out.size())) return false;
                          }
                      });
              });
}

}  // namespace tandem::http
