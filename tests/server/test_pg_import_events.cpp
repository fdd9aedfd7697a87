// `tandem import` beside servers on one PostgreSQL database: their dashboards hear of its leads
// through the shared event stream, with the events the server's own import route sends (servers
// on a SQLite file notice another process's commits by polling, test_import_batches covers that).
#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "real_parts.h"
#include "server_process.h"
#include "sse_frames.h"

using namespace tandem::test;
using nlohmann::json;

namespace {

constexpr int kDemoLeads = 20;

// A dashboard's event stream read on its own thread until `enough` holds for what it received, or
// a generous guard passes (then the checks on what it received fail; nothing is timed).
class Watch {
public:
    using Enough = std::function<bool(const std::vector<Frame>&)>;

    Watch(ApiClient client, Enough enough)
        : m_thread([this, client, enough] {
              const auto guard = std::chrono::steady_clock::now() + std::chrono::seconds(90);
              client.Stream(
                  "/api/events",
                  [&](const std::string& received) {
                      std::vector<Frame> frames = Frames(received);
                      const bool done = enough(frames);
                      std::lock_guard lock(m_mutex);
                      m_frames = std::move(frames);
                      return !done && std::chrono::steady_clock::now() < guard;
                  },
                  {}, 60);
          }) {}
    ~Watch() {
        if (m_thread.joinable()) m_thread.join();
    }

    // The stream has said hello: events committed from now on reach it.
    bool Open() {
        std::lock_guard lock(m_mutex);
        return !m_frames.empty();
    }
    // Everything received, once the stream has ended.
    std::vector<Frame> Received() {
        m_thread.join();
        return m_frames;
    }

private:
    std::mutex m_mutex;
    std::vector<Frame> m_frames;
    std::thread m_thread;
};

// Each import's "leads" event (its data names what was imported) and the event right after it.
std::vector<json> ImportEvents(const std::vector<Frame>& frames) {
    std::vector<json> out;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        if (frames[i].event != "leads" || !frames[i].data.contains("imported")) continue;
        json next = i + 1 < frames.size() ? json{{"event", frames[i + 1].event}, {"data", frames[i + 1].data}} : json();
        out.push_back({{"leads", frames[i].data}, {"then", next}});
    }
    return out;
}

json Imported(int imported, int updated) {
    return {{"leads", {{"imported", imported}, {"updated", updated}}},
            {"then", {{"event", "scorecard"}, {"data", json::object()}}}};
}

// The ids of the import events' frames, to hold one server's stream against the other's.
std::vector<std::uint64_t> ImportEventIds(const std::vector<Frame>& frames) {
    std::vector<std::uint64_t> ids;
    for (const Frame& frame : frames)
        if (frame.event == "leads" && frame.data.contains("imported")) ids.push_back(frame.id);
    return ids;
}

std::int64_t LeadsFigure(const ApiClient& client) {
    Reply reply = client.Get("/api/scorecard");
    REQUIRE_MESSAGE(reply.status == 200, reply.body);
    return reply.Json()["scorecard"]["total"]["leads"].get<std::int64_t>();
}

}  // namespace

TEST_CASE("tandem import beside two servers on PostgreSQL: both streams get its leads and scorecard events, as the API's import sends them") {
    PostgresCluster cluster;
    const std::string url = cluster.CreateDatabase("cli_events");
    DemoServer a(kDemoLeads, {"--db", url});
    DemoServer b(kDemoLeads, {"--db", url});
    const std::int64_t leads_before = LeadsFigure(b.As("maya"));
    const std::string csv = "email,name,company\r\n"
                            "ann@cli-events.test,Ann Lee,Acme\r\n"
                            "bob@cli-events.test,Bob Stone,Acme\r\n"
                            "cy@cli-events.test,Cy Young,Acme\r\n";
    const std::string renamed = "email,name,company\r\n"
                                "ann@cli-events.test,Ann Lee-Ford,Acme\r\n"
                                "bob@cli-events.test,Bob Stone,Acme\r\n"
                                "cy@cli-events.test,Cy Young,Acme\r\n";
    // The CLI's import, its upsert, then the API's import on A: three imports, each announced.
    const std::vector<json> expected = {Imported(3, 0), Imported(0, 1), Imported(2, 0)};
    auto all_three = [&](const std::vector<Frame>& frames) {
        std::vector<json> seen = ImportEvents(frames);
        return seen.size() >= expected.size() && !seen[expected.size() - 1]["then"].is_null();
    };
    Watch on_a(a.As("maya"), all_three), on_b(b.As("maya"), all_three);
    REQUIRE(WaitUntil([&] { return on_a.Open() && on_b.Open(); }));

    // A dry run writes nothing and announces nothing: the first event is the import's.
    CommandResult dry_run = RunTandemWithInput({"import", "-", "--db", url, "--dry-run"}, csv);
    CHECK_MESSAGE(dry_run.exit_code == 0, dry_run.output);
    CommandResult imported = RunTandemWithInput({"import", "-", "--db", url}, csv);
    CHECK_MESSAGE(imported.exit_code == 0, imported.output);
    CommandResult upserted = RunTandemWithInput({"import", "-", "--db", url, "--mode", "upsert"}, renamed);
    CHECK_MESSAGE(upserted.exit_code == 0, upserted.output);
    Reply through_api = a.As("mark").Send("POST", "/api/leads/import",
                                          "email,name\r\ndee@cli-events.test,Dee Ford\r\neve@cli-events.test,Eve Hall\r\n",
                                          "text/csv");
    REQUIRE_MESSAGE(through_api.status == 200, through_api.body);
    CHECK(through_api.Json()["imported"] == 2);

    const std::vector<Frame> received_a = on_a.Received(), received_b = on_b.Received();
    CHECK(ImportEvents(received_a) == expected);
    CHECK(ImportEvents(received_b) == expected);
    // One stream: the same events under the same ids on both servers.
    CHECK(ImportEventIds(received_a) == ImportEventIds(received_b));
    CHECK(ImportEventIds(received_a).size() == expected.size());
    // B's scorecard counts what the CLI and A imported.
    CHECK(LeadsFigure(b.As("maya")) == leads_before + 5);
}
