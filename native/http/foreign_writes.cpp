// Other processes' writes: SQLite's data_version poll, or the shared event stream of PostgreSQL.
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
    if (m_thread.joinable() || m_bus) return;
    if (store::EventBus* bus = m_context.store.SharedEvents()) {
        JoinSharedEvents(*bus);
        return;
    }
    m_thread = std::thread([this] { Loop(); });
}

void ForeignWrites::Stop() {
    if (m_bus) m_bus->Stop();   // the listener delivers into the context: it ends first
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

void ForeignWrites::JoinSharedEvents(store::EventBus& bus) {
    std::uint64_t floor = bus.Floor();
    m_context.events.SetRelay(
        {.publish = [&bus](const std::string& type, const std::string& data,
                           std::int64_t recipient) { bus.Publish(type, data, recipient); },
         .credentials_changed = [&bus](std::int64_t user_id) { bus.PublishCredentialsChanged(user_id); }},
        floor);
    bus.Start(floor, {.events =
                          [this](std::vector<store::EventBus::Entry> entries) {
                              // The active definition is the one cache a request cannot refresh itself.
                              if (m_reload_definition.exchange(false)) {
                                  try {
                                      m_context.store.Read([this](store::Database& db) { m_context.qualifier.Load(db); });
                                  } catch (const std::exception& e) {
                                      m_reload_definition = true;
                                      LogLine(std::string("warning: reloading the active definition failed: ") + e.what());
                                  }
                              }
                              std::vector<events::Event> events;
                              events.reserve(entries.size());
                              for (auto& entry : entries)
                                  events.push_back({entry.id, std::move(entry.type), std::move(entry.data), entry.recipient});
                              m_context.events.Deliver(std::move(events));
                          },
                      .credentials_changed = [this](std::int64_t user_id) { m_context.events.WakeCredentials(user_id); },
                      .foreign_commit =
                          [this] {
                              m_context.funnel.MarkAllDirty();
                              m_reload_definition = true;
                          },
                      .lost = [this](std::uint64_t up_to) { m_context.events.Lost(up_to); }});
    m_bus = &bus;
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
