// Several `tandem serve` processes on one PostgreSQL database behave as one: the event stream
// carries every server's events in one order with the same ids everywhere, caches follow other
// servers' writes, sessions end everywhere at once, and neither a killed server nor a PostgreSQL
// restart loses an acknowledged write or the stream.
#include <doctest/doctest.h>

#include <atomic>
#include <csignal>
#include <functional>
#include <mutex>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "real_parts.h"
#include "server_process.h"
#include "sse_frames.h"

namespace tandem::test {

static bool operator==(const Frame& a, const Frame& b) { return a.id == b.id && a.event == b.event && a.data == b.data; }

}  // namespace tandem::test

using namespace tandem::test;

namespace {

constexpr int kDemoLeads = 20;

// A dashboard's event stream, read on its own thread: like a browser's EventSource it reconnects
// with Last-Event-ID when the stream drops, until `enough` holds for the frames so far (or the
// watch is destroyed).
class StreamWatch {
public:
    using Enough = std::function<bool(const std::vector<Frame>&)>;

    StreamWatch(ApiClient client, Enough enough, std::string last_event_id = {})
        : m_thread([this, client, enough, last = std::move(last_event_id)]() mutable {
              while (!m_cancel) {
                  httplib::Headers headers;
                  if (!last.empty()) headers.emplace("Last-Event-ID", last);
                  std::size_t before = Count();
                  client.Stream(
                      "/api/events",
                      [&](const std::string& received) {
                          std::vector<Frame> now = Frames(received);
                          std::lock_guard lock(m_mutex);
                          m_frames.resize(before);
                          m_frames.insert(m_frames.end(), now.begin(), now.end());
                          m_done = enough(m_frames);
                          return !m_done && !m_cancel;
                      },
                      headers, 60);
                  std::lock_guard lock(m_mutex);
                  ++m_connections;
                  if (m_done) break;
                  for (const Frame& frame : m_frames)
                      if (frame.id != 0) last = std::to_string(frame.id);
                  if (!m_frames.empty() && m_frames.back().event == "session-ended") break;
                  std::this_thread::sleep_for(std::chrono::milliseconds(200));   // as EventSource's retry
              }
          }) {}
    ~StreamWatch() {
        m_cancel = true;
        m_thread.join();
    }

    std::vector<Frame> Received() {
        std::lock_guard lock(m_mutex);
        return m_frames;
    }
    bool Done() {
        std::lock_guard lock(m_mutex);
        return m_done;
    }
    // The stream has said hello: events committed from now on reach it.
    bool Open() {
        std::lock_guard lock(m_mutex);
        return !m_frames.empty();
    }

private:
    std::size_t Count() {
        std::lock_guard lock(m_mutex);
        return m_frames.size();
    }

    std::mutex m_mutex;
    std::vector<Frame> m_frames;
    bool m_done = false;
    int m_connections = 0;
    std::atomic<bool> m_cancel{false};
    std::thread m_thread;
};

int CountOf(const std::vector<Frame>& frames, const std::string& event) {
    return static_cast<int>(std::count_if(frames.begin(), frames.end(), [&](const Frame& f) { return f.event == event; }));
}

// The frames up to and including the `n`th of `event`, without the hello.
std::vector<Frame> UpToNth(const std::vector<Frame>& frames, const std::string& event, int n) {
    std::vector<Frame> out;
    for (const Frame& frame : frames) {
        if (frame.event == "hello") continue;
        out.push_back(frame);
        if (frame.event == event && --n == 0) break;
    }
    return out;
}

nlohmann::json NewLead(const std::string& email) { return {{"email", email}, {"name", "Shared Servers"}}; }

std::int64_t LeadsFigure(const ApiClient& client) {
    Reply reply = client.Get("/api/scorecard");
    REQUIRE_MESSAGE(reply.status == 200, reply.body);
    return reply.Json()["scorecard"]["total"]["leads"].get<std::int64_t>();
}

// How many times a server has read every lead into its scorecard cache, as its /metrics says.
int FullLoads(const ApiClient& scraper) {
    Reply reply = scraper.Get("/metrics");
    REQUIRE_MESSAGE(reply.status == 200, reply.body);
    std::smatch match;
    REQUIRE(std::regex_search(reply.body, match, std::regex("\ntandem_funnel_full_loads_total ([0-9]+)\n")));
    return std::stoi(match[1]);
}

}  // namespace

TEST_CASE("two servers on one PostgreSQL: A's events reach B's stream in order with A's ids, and resume on B from A's id") {
    PostgresCluster cluster;
    std::string url = cluster.CreateDatabase("servers");
    DemoServer a(kDemoLeads, {"--db", url});
    DemoServer b(kDemoLeads, {"--db", url});
    ApiClient maya_a = a.As("maya");
    ApiClient maya_b = b.As("maya");

    auto three_leads = [](const std::vector<Frame>& frames) { return CountOf(frames, "lead") >= 3; };
    std::vector<std::int64_t> created;
    std::vector<Frame> on_a, on_b;
    {
        StreamWatch watch_a(maya_a, three_leads), watch_b(maya_b, three_leads);
        REQUIRE(WaitUntil([&] { return watch_a.Open() && watch_b.Open(); }));
        for (int i = 1; i <= 3; ++i) {
            Reply reply = maya_a.Post("/api/leads", NewLead("order-" + std::to_string(i) + "@servers.test"));
            REQUIRE_MESSAGE(reply.status == 201, reply.body);
            created.push_back(reply.Json()["id"].get<std::int64_t>());
        }
        REQUIRE(WaitUntil([&] { return watch_a.Done() && watch_b.Done(); }));
        on_a = UpToNth(watch_a.Received(), "lead", 3);
        on_b = UpToNth(watch_b.Received(), "lead", 3);
    }
    // Each lead is a "lead" event then a "scorecard" one; the third's scorecard may come later.
    std::vector<std::int64_t> lead_ids;
    for (const Frame& frame : on_a)
        if (frame.event == "lead") lead_ids.push_back(frame.data["id"].get<std::int64_t>());
    CHECK(lead_ids == created);
    CHECK(on_b == on_a);
    for (std::size_t i = 1; i < on_a.size(); ++i) CHECK(on_a[i].id > on_a[i - 1].id);

    // A dashboard that saw A's stream up to the first lead resumes on B: exactly what followed it.
    auto first = std::find_if(on_a.begin(), on_a.end(), [](const Frame& f) { return f.event == "lead"; });
    REQUIRE(first != on_a.end());
    std::vector<Frame> missed(first + 1, on_a.end());
    StreamWatch resumed(maya_b, [&](const std::vector<Frame>& frames) { return frames.size() >= missed.size() + 1; },
                        std::to_string(first->id));
    REQUIRE(WaitUntil([&] { return resumed.Done(); }));
    std::vector<Frame> got = resumed.Received();
    REQUIRE(got.size() >= missed.size() + 1);
    got.resize(missed.size() + 1);   // the third lead's scorecard event may have come along
    CHECK(got[0].event == "hello");
    CHECK(got[0].id == first->id);
    CHECK(std::vector<Frame>(got.begin() + 1, got.end()) == missed);
    MESSAGE(on_a.size(), " events on A and B alike (ids ", on_a.front().id, "..", on_a.back().id, "); ", missed.size(),
            " resumed on B");
}

TEST_CASE("two servers on one PostgreSQL: a lead created through B changes the scorecard A serves from its cache") {
    PostgresCluster cluster;
    std::string url = cluster.CreateDatabase("servers");
    DemoServer a(kDemoLeads, {"--db", url});
    DemoServer b(kDemoLeads, {"--db", url});
    ApiClient maya_a = a.As("maya"), maya_b = b.As("maya");

    const std::int64_t before = LeadsFigure(maya_a);   // A's funnel is loaded now
    REQUIRE(LeadsFigure(maya_b) == before);
    for (int i = 1; i <= 2; ++i)
        REQUIRE(maya_b.Post("/api/leads", NewLead("cache-" + std::to_string(i) + "@servers.test")).status == 201);
    CHECK(LeadsFigure(maya_b) == before + 2);
    CHECK(WaitUntil([&] { return LeadsFigure(maya_a) == before + 2; }));
    CHECK(LeadsFigure(maya_a) == before + 2);
}

TEST_CASE("two servers on one PostgreSQL: presence, sign-in attempts and events on B leave A's scorecard cache as it is; a lead through B reloads it once") {
    PostgresCluster cluster;
    std::string url = cluster.CreateDatabase("quiet_writes");
    DemoServer a(kDemoLeads, {"--db", url});
    DemoServer b(kDemoLeads, {"--db", url});
    ApiClient maya_a = a.As("maya"), maya_b = b.As("maya"), sam_b = b.As("sam");
    const std::string token = a.As("admin").Post("/api/tokens", {{"name", "prometheus"}}).Json()["secret"];
    ApiClient scraper = a.Anonymous().WithBearer(token);
    // Commit notices reach A in commit order: once A counts this lead, B's sign-ins before it are in.
    const std::int64_t before = LeadsFigure(maya_a);
    REQUIRE(maya_b.Post("/api/leads", NewLead("first@servers.test")).status == 201);
    REQUIRE(WaitUntil([&] { return LeadsFigure(maya_a) == before + 1; }));
    const int loaded = FullLoads(scraper);

    // On B: two wrong passwords, then an editor comes and goes; A's stream hears of the editor after
    // every one of those writes.
    StreamWatch watch_a(maya_a, [](const std::vector<Frame>& frames) { return CountOf(frames, "presence") == 2; });
    REQUIRE(WaitUntil([&] { return watch_a.Open(); }));
    for (int i = 0; i < 2; ++i)
        REQUIRE(b.Anonymous().Post("/api/auth/login", {{"email", "raj@tandem.test"}, {"password", "not-his"}}).status == 401);
    REQUIRE(sam_b.Post("/api/definitions/draft/presence", {{"client_id", "sam-tab"}}).status == 204);
    REQUIRE(sam_b.Post("/api/definitions/draft/presence", {{"client_id", "sam-tab"}, {"leaving", true}}).status == 204);
    REQUIRE(WaitUntil([&] { return watch_a.Done(); }));
    CHECK(LeadsFigure(maya_a) == before + 1);
    CHECK(FullLoads(scraper) == loaded);

    // A lead through B is data: A reads every lead again, once.
    REQUIRE(maya_b.Post("/api/leads", NewLead("second@servers.test")).status == 201);
    REQUIRE(WaitUntil([&] { return LeadsFigure(maya_a) == before + 2; }));
    CHECK(FullLoads(scraper) == loaded + 1);
}

TEST_CASE("two servers on one PostgreSQL: signing out on A ends the same session's stream on B") {
    PostgresCluster cluster;
    std::string url = cluster.CreateDatabase("servers");
    DemoServer a(kDemoLeads, {"--db", url});
    DemoServer b(kDemoLeads, {"--db", url});
    std::string cookie = SignIn(a.Anonymous(), "rita@tandem.test", kDemoPassword);
    REQUIRE(!cookie.empty());

    StreamWatch on_b(b.Anonymous().WithCookie(cookie),
                     [](const std::vector<Frame>& frames) { return CountOf(frames, "session-ended") == 1; });
    REQUIRE(WaitUntil([&] { return on_b.Open(); }));
    REQUIRE(a.Anonymous().WithCookie(cookie).Post("/api/auth/logout", nlohmann::json::object()).status == 204);
    REQUIRE(WaitUntil([&] { return on_b.Done(); }));
    std::vector<Frame> frames = on_b.Received();
    CHECK(frames.front().event == "hello");
    CHECK(frames.back().event == "session-ended");
    CHECK(b.Anonymous().WithCookie(cookie).Get("/api/auth/me").status == 401);
}

TEST_CASE("kill -9 of A while four writers use A and B: every acknowledged write is there and B carries on") {
    PostgresCluster cluster;
    std::string url = cluster.CreateDatabase("servers");
    DemoServer a(kDemoLeads, {"--db", url});
    DemoServer b(kDemoLeads, {"--db", url});
    const std::vector<ApiClient> targets = {a.As("maya"), a.As("maya"), b.As("maya"), b.As("maya")};

    std::mutex mutex;
    std::set<std::string> acknowledged;
    std::vector<int> acked(targets.size(), 0), after_kill(targets.size(), 0);
    std::atomic<bool> killed{false}, stop{false};
    std::vector<std::thread> writers;
    for (std::size_t w = 0; w < targets.size(); ++w) {
        writers.emplace_back([&, w] {
            for (int n = 0; !stop; ++n) {
                std::string email = "writer" + std::to_string(w) + "-" + std::to_string(n) + "@servers.test";
                bool was_killed = killed;
                Reply reply = targets[w].Post("/api/leads", NewLead(email));
                std::lock_guard lock(mutex);
                if (reply.status == 201) {
                    acknowledged.insert(email);
                    ++acked[w];
                    if (was_killed) ++after_kill[w];
                } else if (reply.status == 0 && w < 2 && killed) {
                    return;   // A is gone
                }
            }
        });
    }
    auto acked_of = [&](std::size_t w) {
        std::lock_guard lock(mutex);
        return acked[w];
    };
    REQUIRE(WaitUntil([&] { return acked_of(0) >= 20 && acked_of(1) >= 20 && acked_of(2) >= 20 && acked_of(3) >= 20; }));
    killed = true;
    CHECK(a.Process().Stop(SIGKILL) == 128 + SIGKILL);
    bool b_carried_on = WaitUntil([&] {
        std::lock_guard lock(mutex);
        return after_kill[2] >= 20 && after_kill[3] >= 20;
    });
    stop = true;
    for (std::thread& writer : writers) writer.join();
    CHECK(b_carried_on);

    std::set<std::string> present;
    for (const nlohmann::json& lead : AllLeads(b.As("maya"))) present.insert(lead["email"].get<std::string>());
    std::vector<std::string> lost;
    for (const std::string& email : acknowledged)
        if (!present.count(email)) lost.push_back(email);
    CHECK(lost.empty());
    MESSAGE("acknowledged ", acknowledged.size(), " writes (A ", acked[0] + acked[1], ", B ", acked[2] + acked[3],
            ", B after the kill ", after_kill[2] + after_kill[3], "); present through B: ",
            acknowledged.size() - lost.size());
    CHECK(b.Anonymous().Get("/api/health").status == 200);
}

TEST_CASE("a PostgreSQL restart: health is degraded meanwhile and ok after, and B's stream resumes with later events") {
    PostgresCluster cluster;
    std::string url = cluster.CreateDatabase("servers");
    DemoServer a(kDemoLeads, {"--db", url});
    DemoServer b(kDemoLeads, {"--db", url});
    ApiClient maya_a = a.As("maya"), maya_b = b.As("maya");
    auto status_of = [](const DemoServer& server) {
        Reply health = server.Anonymous().Get("/api/health");
        nlohmann::json body = health.Json();
        return std::to_string(health.status) + " " + (body.is_object() ? body.value("status", "") : "");
    };
    REQUIRE(status_of(b) == "200 ok");

    std::atomic<std::int64_t> wanted{0};
    StreamWatch watch(maya_b, [&](const std::vector<Frame>& frames) {
        return std::any_of(frames.begin(), frames.end(),
                           [&](const Frame& f) { return f.event == "lead" && f.data["id"] == wanted.load(); });
    });
    REQUIRE(WaitUntil([&] { return watch.Open(); }));

    cluster.StopServer();
    CHECK(WaitUntil([&] { return status_of(b) == "503 degraded" && status_of(a) == "503 degraded"; }));
    cluster.StartServer();
    CHECK(WaitUntil([&] { return status_of(b) == "200 ok" && status_of(a) == "200 ok"; }));

    // Written through A after the restart; the first attempt on a dropped connection reconnects.
    Reply created = maya_a.Post("/api/leads", NewLead("after-restart@servers.test"));
    REQUIRE_MESSAGE(created.status == 201, created.body);
    wanted = created.Json()["id"].get<std::int64_t>();
    CHECK(WaitUntil([&] { return watch.Done(); }));
    CHECK(maya_b.Get("/api/leads/" + std::to_string(wanted.load())).status == 200);
}
