// httplib runs each connection on one pool thread for its whole life, and an event stream is a
// connection that never ends: a fixed pool of N threads would stall the N+1th dashboard. This
// pool starts a new thread whenever every thread is busy (up to a hard cap) and keeps it for
// later connections, so capacity follows the number of open dashboards.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <httplib.h>
#include <mutex>
#include <thread>
#include <vector>

namespace tandem::http {

class ElasticPool final : public httplib::TaskQueue {
public:
    ElasticPool(std::size_t initial, std::size_t max_threads);
    ~ElasticPool() override;

    bool enqueue(std::function<void()> task) override;
    void shutdown() override;

    std::size_t Threads();

private:
    void Work();

    std::size_t m_max;
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<std::function<void()>> m_tasks;
    std::vector<std::thread> m_threads;
    std::size_t m_idle = 0;
    bool m_stopping = false;
};

}  // namespace tandem::http
