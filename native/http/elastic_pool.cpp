// A thread pool that grows with the number of concurrent connections and shrinks back when idle.
#include "http/elastic_pool.h"

#include <thread>

#include "http/request_trace.h"

namespace tandem::http {

ElasticPool::ElasticPool(std::size_t initial, std::size_t max_threads, std::chrono::milliseconds idle_limit,
                         std::atomic<std::int64_t>& threads)
    : m_initial(initial), m_max(max_threads), m_idle_limit(idle_limit), m_gauge(threads) {
    std::lock_guard lock(m_mutex);
    for (std::size_t i = 0; i < initial; ++i) Start();
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
    // Every queued task needs a thread of its own: a waiting connection may be a dashboard that
    // would otherwise wait for another dashboard's stream to end, which it never does.
    if (m_idle < m_tasks.size() && m_threads < m_max) Start();
    m_ready.notify_one();
    return true;
}

void ElasticPool::shutdown() {
    std::unique_lock lock(m_mutex);
    m_stopping = true;
    m_ready.notify_all();
    m_ended.wait(lock, [this] { return m_threads == 0; });
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
        }
        // A connection's first request is timed from here if it is refused before routing.
        ResetRequest(std::chrono::steady_clock::now());
        task();
        std::lock_guard lock(m_mutex);
        ++m_idle;
    }
}

}  // namespace tandem::http
