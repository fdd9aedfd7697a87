// The webhook dispatcher: due messages from the outbox, POSTed by worker threads with cpp-httplib's
// client, each outcome recorded in its own short write transaction.
#include "webhooks/dispatcher.h"

#include <algorithm>
#include <chrono>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/context.h"
#include "log.h"
#include "store/account_repo.h"
#include "store/notification_repo.h"
#include "store/store.h"
#include "tandem/route.h"
#include "webhooks/breaches.h"
#include "webhooks/signing.h"
#include "webhooks/slack.h"

namespace tandem::webhooks {

namespace {

constexpr int kWorkers = 8;
// One slow receiver may tie up this many workers, never all of them.
constexpr int kPerEndpoint = 2;
constexpr std::chrono::milliseconds kPoll{200};
constexpr std::chrono::seconds kBreachCheck{30};
constexpr std::int64_t kUnscaledBaseMs = 5000;
constexpr std::int64_t kScheduleMs[] = {5'000, 300'000, 1'800'000, 7'200'000, 18'000'000, 36'000'000};
constexpr std::int64_t kGiveUpMs = 24 * 3600 * 1000LL;
constexpr std::int64_t kDisableAfterMs = 5 * 24 * 3600 * 1000LL;
// Given-up messages in a row (no delivery between) that disable an endpoint.
constexpr std::int64_t kDisableAfterMessages = 5;
constexpr std::size_t kErrorBytes = 300;

std::int64_t Scaled(std::int64_t ms, std::int64_t base_ms) { return ms * base_ms / kUnscaledBaseMs; }

std::int64_t NowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// "https://host:8443/hooks?x=1" -> {"https://host:8443", "/hooks?x=1"}.
std::pair<std::string, std::string> SplitUrl(const std::string& url) {
    std::size_t host_start = url.find("://") + 3;
    std::size_t path_start = url.find_first_of("/?#", host_start);
    if (path_start == std::string::npos) return {url, "/"};
    std::string path = url.substr(path_start);
    if (std::size_t hash = path.find('#'); hash != std::string::npos) path.resize(hash);
    if (path.empty() || path.front() != '/') path = "/" + path;
    return {url.substr(0, path_start), path};
}

}  // namespace

std::int64_t RetryDelayMs(std::int64_t attempts, std::int64_t base_ms) {
    std::size_t index = std::min<std::size_t>(static_cast<std::size_t>(std::max<std::int64_t>(attempts, 1)) - 1,
                                              std::size(kScheduleMs) - 1);
    return std::max<std::int64_t>(1, Scaled(kScheduleMs[index], base_ms));
}

Dispatcher::Dispatcher(http::ServerContext& context, DispatcherOptions options) : m_context(context), m_options(options) {}

Dispatcher::~Dispatcher() { Stop(); }

void Dispatcher::Start() {
    if (m_loop.joinable()) return;
    for (int i = 0; i < kWorkers; ++i) m_workers.emplace_back([this] { Work(); });
    m_loop = std::thread([this] { Loop(); });
}

void Dispatcher::Stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        for (httplib::Client* client : m_sending) client->stop();
    }
    m_wake.notify_all();
    m_work.notify_all();
    if (m_loop.joinable()) m_loop.join();
    for (std::thread& worker : m_workers) worker.join();
    m_workers.clear();
}

void Dispatcher::CheckBreachesSoon() {
    {
        std::lock_guard lock(m_mutex);
        m_check_breaches = true;
    }
    m_wake.notify_all();
}

void Dispatcher::Loop() {
    auto last_check = std::chrono::steady_clock::now();
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        bool check = m_check_breaches || std::chrono::steady_clock::now() - last_check >= kBreachCheck;
        m_check_breaches = false;
        m_freed = false;
        std::map<std::int64_t, std::int64_t> busy = m_in_flight;
        lock.unlock();
        std::vector<DueMessage> due;
        try {
            // Of several servers on one database, one sends (or every message would go twice).
            if (m_context.store.DoesBackgroundWork()) {
                if (check) {
                    last_check = std::chrono::steady_clock::now();
                    EnqueueNewBreaches(m_context);
                }
                due = m_context.store.Read([&](store::Database& db) { return DueMessages(db, NowMs(), busy, kPerEndpoint); });
            }
        } catch (const std::exception& e) {
            LogLine(std::string("warning: webhook dispatch failed: ") + e.what());
        }
        lock.lock();
        bool queued = false;
        for (DueMessage& message : due) {
            m_in_flight.emplace(message.message.id, message.message.endpoint_id);
            m_queue.push_back(std::move(message));
            queued = true;
        }
        if (queued) m_work.notify_all();
        m_wake.wait_for(lock, kPoll, [this] { return m_stopping || m_check_breaches || m_freed; });
    }
}

void Dispatcher::Work() {
    std::unique_lock lock(m_mutex);
    while (true) {
        m_work.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
        if (m_stopping) return;
        DueMessage due = std::move(m_queue.front());
        m_queue.pop_front();
        lock.unlock();
        try {
            Send(due);
        } catch (const std::exception& e) {
            LogLine(std::string("warning: recording a webhook attempt failed: ") + e.what());
        }
        lock.lock();
        m_in_flight.erase(due.message.id);
        m_freed = true;   // its endpoint may send its next message now, not at the next poll
        m_wake.notify_all();
    }
}

void Dispatcher::Send(const DueMessage& due) {
    std::string body = due.format == Format::Slack ? SlackBody(due.message.payload, m_context.site.public_url)
                                                   : due.message.payload;
    auto [origin, path] = SplitUrl(due.url);
    httplib::Client client(origin);
    client.set_connection_timeout(std::chrono::seconds(5));
    client.set_read_timeout(std::chrono::seconds(15));
    client.set_write_timeout(std::chrono::seconds(15));
    httplib::Headers headers = {{"User-Agent", "Tandem-Webhooks/1"}};
    // Slack's incoming webhooks take no signature: their URL is the secret.
    if (due.format == Format::Standard) {
        long long timestamp = http::Now();
        headers.emplace("webhook-id", due.message.msg_id);
        headers.emplace("webhook-timestamp", std::to_string(timestamp));
        headers.emplace("webhook-signature", Signature(due.secret, due.message.msg_id, timestamp, body));
    }
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping) return;
        m_sending.insert(&client);
    }
    httplib::Result result = client.Post(path, headers, body, "application/json");
    {
        std::lock_guard lock(m_mutex);
        m_sending.erase(&client);
        if (m_stopping) return;
    }
    if (!result) Record(due, 0, httplib::to_string(result.error()));
    else Record(due, result->status, result->status / 100 == 2 ? "" : result->body.substr(0, kErrorBytes));
}

void Dispatcher::Record(const DueMessage& due, int status, const std::string& error) {
    Timestamp now = http::Now();
    std::int64_t now_ms = NowMs();
    std::int64_t base = m_options.retry_base_ms;
    std::vector<Notification> notices;
    std::string disabled;   // the log line when this attempt disabled the endpoint
    m_context.store.Write([&](store::Database& db) {
        std::optional<Message> message = FindMessage(db, due.message.id);
        std::optional<Endpoint> endpoint = FindEndpoint(db, due.message.endpoint_id);
        if (!message || !endpoint || message->status != MessageStatus::Pending) return;   // deleted meanwhile
        message->attempts += 1;
        if (!message->first_attempt_at) message->first_attempt_at = now;
        message->last_status = status == 0 ? std::nullopt : std::optional<std::int64_t>(status);
        Endpoint before = *endpoint;
        if (status / 100 == 2) {
            message->status = MessageStatus::Delivered;
            message->delivered_at = now;
            message->next_attempt_ms.reset();
            message->last_error.clear();
            endpoint->failed_in_a_row = 0;
            endpoint->failing_since.reset();
        } else {
            message->last_error = status == 0 ? error : "HTTP " + std::to_string(status) + (error.empty() ? "" : ": " + error);
            if (!endpoint->failing_since) endpoint->failing_since = now;
            std::int64_t next = now_ms + RetryDelayMs(message->attempts, base);
            if (next > *message->first_attempt_at * 1000 + Scaled(kGiveUpMs, base)) {
                message->status = MessageStatus::Failed;
                message->next_attempt_ms.reset();
                endpoint->failed_in_a_row += 1;
                bool long_failing = now_ms - *endpoint->failing_since * 1000 >= Scaled(kDisableAfterMs, base);
                if (endpoint->enabled && (endpoint->failed_in_a_row >= kDisableAfterMessages || long_failing)) {
                    endpoint->enabled = false;
                    endpoint->disabled_reason =
                        long_failing ? "every delivery failed for 5 days"
                                     : std::to_string(endpoint->failed_in_a_row) + " messages in a row failed for 24 hours";
                    disabled = "webhook endpoint " + std::to_string(endpoint->id) + " (" + endpoint->url +
                               ") disabled: " + endpoint->disabled_reason;
                    Route link{.view = View::Webhooks};
                    for (const User& user : store::ListUsers(db)) {
                        if (user.role != Role::Admin || !user.active) continue;
                        Notification notice;
                        notice.user_id = user.id;
                        notice.text = "Webhook " + std::to_string(endpoint->id) + " to " + endpoint->url +
                                      " was disabled: " + endpoint->disabled_reason +
                                      ". Turn it back on (PATCH enabled: true) once it answers.";
                        notice.link = FormatRoute(link);
                        notice.created_at = now;
                        notice.id = store::InsertNotification(db, notice);
                        notices.push_back(notice);
                    }
                }
            } else {
                message->next_attempt_ms = next;
            }
        }
        UpdateMessage(db, *message);
        if (endpoint->failed_in_a_row != before.failed_in_a_row || endpoint->failing_since != before.failing_since ||
            endpoint->enabled != before.enabled) {
            if (endpoint->enabled != before.enabled) endpoint->updated_at = now;
            UpdateEndpoint(db, *endpoint);
        }
    });
    if (!disabled.empty()) LogLine(disabled);
    for (const Notification& notice : notices)
        m_context.events.Publish("notification", {{"id", notice.id}, {"user_id", notice.user_id}}, notice.user_id);
}

}  // namespace tandem::webhooks
