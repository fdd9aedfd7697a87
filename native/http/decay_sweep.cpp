// Runs the re-evaluation and tells the open browsers what moved.
#include "http/decay_sweep.h"

#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>

#include "http/context.h"
#include "log.h"
#include "service/reevaluation.h"
#include "store/store.h"

namespace tandem::http {

DecaySweep::DecaySweep(ServerContext& context, Timestamp interval_seconds)
    : m_context(context), m_interval(interval_seconds) {}

DecaySweep::~DecaySweep() { Stop(); }

void DecaySweep::Start() {
    if (m_thread.joinable()) return;
    m_thread = std::thread([this] { Loop(); });
}

void DecaySweep::Stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

void DecaySweep::Loop() {
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        lock.unlock();
        try {
            // Of several servers on one database, one re-scores: the others would find nothing to move.
            if (m_context.store.DoesBackgroundWork()) RunOnce();
        } catch (const std::exception& e) {
            LogLine(std::string("warning: re-evaluating leads failed: ") + e.what());
        }
        lock.lock();
        if (m_interval > 0)
            m_wake.wait_for(lock, std::chrono::seconds(m_interval), [this] { return m_stopping; });
        else
            m_wake.wait(lock, [this] { return m_stopping; });
    }
}

void DecaySweep::RunOnce() {
    auto started = std::chrono::steady_clock::now();
    std::shared_ptr<const service::ActiveDefinition> definition = m_context.qualifier.Current();
    service::Reevaluation result = service::Reevaluate(m_context.store, *definition, Now());
    for (const Lead& lead : result.rescored) m_context.funnel.MarkDirty(lead.id);
    if (!result.rescored.empty()) {
        m_context.events.Publish("leads", {{"rescored", result.rescored.size()}, {"moved", result.moved}});
        m_context.events.Publish("scorecard", nlohmann::json::object());
    }
    LogLine("re-evaluated " + std::to_string(result.checked) + " leads under definition v" +
            std::to_string(definition->version) + ": " + std::to_string(result.rescored.size()) +
            " changed level, " + std::to_string(result.moved) + " moved (decay) in " +
            std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count()) +
            " ms; the longest write held the lock " + std::to_string(std::llround(result.longest_write_ms)) + " ms");
}

}  // namespace tandem::http
