// httplib runs each connection on one pool thread for its whole life, and an event stream is a
// connection that never ends: a fixed pool of N threads would stall the N+1th dashboard. This
// pool grows when its queue stalls: connections are waiting and no thread has taken one for
// kStall, as when every thread holds a stream or an idle keep-alive connection. A burst of short
// requests keeps the threads taking, so it is served by the threads there are instead of starting
// a thread per connection (1,400 threads on two cores left a kept-alive /api/health waiting 0.4 s).
// A thread beyond the first N that has been idle for a while ends.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <httplib.h>
#include <mutex>
#include <thread>

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

    static constexpr std::chrono::milliseconds kStall{5};

private:
    void Start();   // with m_mutex held
    void Work();
    void Watch();   // starts a thread per waiting connection once the queue stalls

    std::size_t m_initial;
    std::size_t m_max;
    std::chrono::milliseconds m_idle_limit;
    std::atomic<std::int64_t>& m_gauge;
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::condition_variable m_ended;
    std::condition_variable m_waiting;   // tasks wait and no thread is idle
    std::deque<std::function<void()>> m_tasks;
    std::size_t m_threads = 0;
    std::size_t m_idle = 0;
    std::uint64_t m_taken = 0;   // tasks taken by threads so far
    bool m_stopping = false;
    std::thread m_watcher;
};

}  // namespace tandem::http
