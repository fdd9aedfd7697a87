// A thread pool that grows with the number of concurrent connections and shrinks back when idle.
#include "http/elastic_pool.h"

#include <algorithm>
#include <thread>

#include "http/request_trace.h"

namespace tandem::http {

ElasticPool::ElasticPool(std::size_t initial, std::size_t max_threads, std::chrono::milliseconds idle_limit,
                         std::atomic<std::int64_t>& threads)
    : m_initial(initial), m_max(max_threads), m_idle_limit(idle_limit), m_gauge(threads) {
    std::lock_guard lock(m_mutex);
    for (std::size_t i = 0; i < initial; ++i) Start();
    m_watcher = std::thread([this] { Watch(); });
}

ElasticPool::~ElasticPool() { shutdown(); }

void ElasticPool::Start() {
    // Idle from the start: a task queued before the new thread first waits must not start another.
    ++m_threads;
    ++m_idle;
    m_gauge.fetch_add(1);
    // Detached: a thread that ends on its own has no one to join it. shutdown() waits on the count.
    std::thread([this] { Work(); }).detach();
}

bool ElasticPool::enqueue(std::function<void()> task) {
    std::lock_guard lock(m_mutex);
    if (m_stopping) return false;
    m_tasks.push_back(std::move(task));
    m_ready.notify_one();
    if (m_idle < m_tasks.size()) m_waiting.notify_one();
    return true;
}

void ElasticPool::shutdown() {
    std::unique_lock lock(m_mutex);
    if (m_stopping) return;
    m_stopping = true;
    m_ready.notify_all();
    m_waiting.notify_all();
    lock.unlock();
    m_watcher.join();
    lock.lock();
    m_ended.wait(lock, [this] { return m_threads == 0; });
}

void ElasticPool::Watch() {
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        m_waiting.wait(lock, [this] { return m_stopping || m_idle < m_tasks.size(); });
        if (m_stopping) return;
        std::uint64_t taken = m_taken;
        m_waiting.wait_for(lock, kStall, [this] { return m_stopping; });
        // A waiting connection may be a dashboard that would otherwise wait for another
        // dashboard's stream to end, which it never does. Each stall grows the pool by half (at
        // least 16 threads), up to one thread per waiting connection: a thousand reconnecting
        // streams have theirs after about ten stalls, while a moment without progress in a burst
        // (the threads preempted on a busy machine) does not start a thread per connection.
        if (m_taken == taken) {
            std::size_t step = std::max<std::size_t>(16, m_threads / 2);
            for (std::size_t added = 0; added < step && m_idle < m_tasks.size() && m_threads < m_max; ++added) Start();
        }
    }
}

void ElasticPool::Work() {
    for (;;) {
        std::function<void()> task;
        {
            std::unique_lock lock(m_mutex);
            bool woken = m_ready.wait_for(lock, m_idle_limit, [this] { return m_stopping || !m_tasks.empty(); });
            bool surplus = !woken && m_threads > m_initial;
            if (m_tasks.empty() && (m_stopping || surplus)) {
                --m_idle;
                --m_threads;
                m_gauge.fetch_sub(1);
                // Notified under the lock: shutdown() cannot return (and the pool cannot be
                // destroyed) before this thread has stopped touching it.
                m_ended.notify_all();
                return;
            }
            if (m_tasks.empty()) continue;
            task = std::move(m_tasks.front());
            m_tasks.pop_front();
            --m_idle;
            ++m_taken;
        }
        // A connection's first request is timed from here if it is refused before routing.
        ResetRequest(std::chrono::steady_clock::now());
        task();
        std::lock_guard lock(m_mutex);
        ++m_idle;
    }
}

}  // namespace tandem::http
