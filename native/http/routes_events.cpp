// GET /api/events: the event stream (Server-Sent Events) every open dashboard listens to. Resumes
// after Last-Event-ID; a heartbeat every 15 s keeps proxies from closing an idle stream and lets
// the server notice a dashboard that went away.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/context.h"
#include "http/request.h"
#include "http/routes.h"
#include "tandem/codec.h"

namespace tandem::http {

namespace {

constexpr auto kHeartbeat = std::chrono::seconds(15);

std::string Frame(const events::Event& event) {
    return "id: " + std::to_string(event.id) + "\nevent: " + event.type + "\ndata: " + event.data + "\n\n";
}

}  // namespace

void RegisterEventRoutes(Api& api, ServerContext& context) {
    api.Route("GET", "/api/events", Action::Read,
              {.summary = "Server-Sent Events: lead, campaign, feedback, scorecard and definition changes; resume "
                          "with Last-Event-ID",
               .query = {{"last_event_id", "integer", "resume after this id (when a header cannot be sent)"}},
               .content_type = "text/event-stream"},
              [&context](const httplib::Request& req, httplib::Response& res, const Caller&) {
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
                  res.set_chunked_content_provider(
                      "text/event-stream", [&context, after](std::size_t, httplib::DataSink& sink) mutable {
                          // The first frame says where the stream starts, so the browser can resume.
                          std::string hello = "retry: 2000\nid: " + std::to_string(after) + "\nevent: hello\ndata: {}\n\n";
                          if (!sink.write(hello.data(), hello.size())) return false;
                          for (;;) {
                              events::Batch batch = context.events.WaitAfter(after, kHeartbeat);
                              if (batch.closed) return false;
                              std::string out;
                              if (batch.gap) {
                                  after = context.events.LastId();
                                  out = "id: " + std::to_string(after) + "\nevent: reset\ndata: {}\n\n";
                              }
                              for (const events::Event& event : batch.events) {
                                  out += Frame(event);
                                  after = event.id;
                              }
                              if (out.empty()) out = ": heartbeat\n\n";
                              if (!sink.write(out.data(), out.size())) return false;
                          }
                      });
              });
}

}  // namespace tandem::http
