// httplib runs each connection on one pool thread for its whole life, and an event stream is a
// connection that never ends: a fixed pool of N threads would stall the N+1th dashboard. This
// pool starts a new thread whenever every thread is busy (up to a hard cap), and a thread beyond
// the first N that has been idle for a while ends, so a burst of connections does not leave
// thousands of threads behind.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <httplib.h>
#include <mutex>

namespace tandem::http {

class ElasticPool final : public httplib::TaskQueue {
public:
    // `threads` mirrors the number of threads for metrics; it must outlive the pool.
    ElasticPool(std::size_t initial, std::size_t max_threads, std::chrono::milliseconds idle_limit,
                std::atomic<std::int64_t>& threads);
    ~ElasticPool() override;

    bool enqueue(std::function<void()> task) override;
    // Lets the queued tasks run, then waits for every thread to end.
    void shutdown() override;

private:
    void Start();   // with m_mutex held
    void Work();

    std::size_t m_initial;
    std::size_t m_max;
    std::chrono::milliseconds m_idle_limit;
    std::atomic<std::int64_t>& m_gauge;
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::condition_variable m_ended;
    std::deque<std::function<void()>> m_tasks;
    std::size_t m_threads = 0;
    std::size_t m_idle = 0;
    bool m_stopping = false;
};

}  // namespace tandem::http
