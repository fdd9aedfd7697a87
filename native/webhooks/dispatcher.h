// Sends queued webhook messages from the server's own threads: a loop that finds due messages (and
// new SLA breaches to tell of) and a few workers that POST them, so no request thread ever waits on
// a receiver and no write lock is held across the network. Retries back off from 5 s to 10 h and
// give up 24 h after the first attempt; an endpoint whose messages keep failing is disabled and the
// admins get a notice.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "webhooks/webhook_repo.h"

namespace httplib {
class Client;
}

namespace tandem::http {
struct ServerContext;
}

namespace tandem::webhooks {

struct DispatcherOptions {
    // The first retry's delay; every later delay, the 24 h give-up window and the 5-day disable
    // window scale with it (--webhook-retry-base-ms, for tests).
    std::int64_t retry_base_ms = 5000;
};

// The delay before the attempt after `attempts` failed ones, in ms: 5 s, 5 min, 30 min, 2 h, 5 h,
// then 10 h, scaled by base_ms / 5000.
std::int64_t RetryDelayMs(std::int64_t attempts, std::int64_t base_ms);

class Dispatcher {
public:
    Dispatcher(http::ServerContext& context, DispatcherOptions options);
    ~Dispatcher();   // stops and joins

    void Start();
    // Requests on the wire are cut short and not counted as attempts: their messages stay due.
    void Stop();
    // Look for SLA breaches to tell of now (an endpoint was added or changed), not at the next round.
    void CheckBreachesSoon();

private:
    void Loop();
    void Work();
    void Send(const DueMessage& due);
    // Records an attempt's outcome; `status` 0 means no HTTP answer (then `error` says why).
    void Record(const DueMessage& due, int status, const std::string& error);

    http::ServerContext& m_context;
    DispatcherOptions m_options;
    std::mutex m_mutex;
    std::condition_variable m_wake;        // the loop: stop, a worker finished (m_freed), breaches asked for
    std::condition_variable m_work;        // the workers: a message queued, stop
    bool m_stopping = false;
    bool m_check_breaches = true;
    bool m_freed = false;                  // a worker finished a message since the loop last looked
    std::deque<DueMessage> m_queue;
    std::map<std::int64_t, std::int64_t> m_in_flight;   // queued or being sent: message row id -> endpoint id
    std::set<httplib::Client*> m_sending;  // requests on the wire, cut short by Stop()
    std::thread m_loop;
    std::vector<std::thread> m_workers;
};

}  // namespace tandem::webhooks
