// A thread pool that grows with the number of concurrent connections.
#include "http/elastic_pool.h"

namespace tandem::http {

ElasticPool::ElasticPool(std::size_t initial, std::size_t max_threads) : m_max(max_threads) {
    std::lock_guard lock(m_mutex);
    for (std::size_t i = 0; i < initial; ++i) m_threads.emplace_back([this] { Work(); });
}

ElasticPool::~ElasticPool() { shutdown(); }

bool ElasticPool::enqueue(std::function<void()> task) {
    std::lock_guard lock(m_mutex);
    if (m_stopping) return false;
    m_tasks.push_back(std::move(task));
    // Every queued task needs a thread of its own: a waiting connection may be a dashboard that
    // would otherwise wait for another dashboard's stream to end, which it never does.
    if (m_idle < m_tasks.size() && m_threads.size() < m_max) m_threads.emplace_back([this] { Work(); });
    m_ready.notify_one();
    return true;
}

void ElasticPool::shutdown() {
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        threads.swap(m_threads);
    }
    m_ready.notify_all();
    for (std::thread& thread : threads)
        if (thread.joinable()) thread.join();
}

std::size_t ElasticPool::Threads() {
    std::lock_guard lock(m_mutex);
    return m_threads.size();
}

void ElasticPool::Work() {
    for (;;) {
        std::function<void()> task;
        {
            std::unique_lock lock(m_mutex);
            ++m_idle;
            m_ready.wait(lock, [this] { return m_stopping || !m_tasks.empty(); });
            --m_idle;
            if (m_tasks.empty()) return;   // stopping, and nothing left to run
            task = std::move(m_tasks.front());
            m_tasks.pop_front();
        }
        task();
    }
}

}  // namespace tandem::http
