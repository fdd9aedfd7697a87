// Polls SQLite's data_version and announces what another process wrote.
#include "http/foreign_writes.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "http/context.h"
#include "log.h"
#include "store/store.h"

namespace tandem::http {

ForeignWrites::ForeignWrites(ServerContext& context) : m_context(context) {}

ForeignWrites::~ForeignWrites() { Stop(); }

void ForeignWrites::Start() {
    if (m_thread.joinable()) return;
    m_thread = std::thread([this] { Loop(); });
}

void ForeignWrites::Stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

void ForeignWrites::Loop() {
    std::int64_t seen = -1;
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        lock.unlock();
        try {
            const std::int64_t version = m_context.store.ForeignCommits();
            if (seen >= 0 && version != seen) {
                m_context.funnel.MarkAllDirty();
                m_context.events.Publish("leads", {{"elsewhere", true}});
                m_context.events.Publish("scorecard", nlohmann::json::object());
            }
            seen = version;
        } catch (const std::exception& e) {
            LogLine(std::string("warning: checking for other processes' writes failed: ") + e.what());
        }
        lock.lock();
        m_wake.wait_for(lock, std::chrono::seconds(1), [this] { return m_stopping; });
    }
}

}  // namespace tandem::http
