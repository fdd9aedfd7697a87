// Ring buffer of published events with blocking reads.
#include "events/event_hub.h"

#include "tandem/codec.h"

namespace tandem::events {

std::uint64_t EventHub::Publish(std::string type, const nlohmann::json& data) {
    std::string text = DumpJson(data);
    std::lock_guard lock(m_mutex);
    Event event{++m_last_id, std::move(type), std::move(text)};
    m_ring.push_back(std::move(event));
    if (m_ring.size() > m_capacity) m_ring.pop_front();
    m_changed.notify_all();
    return m_last_id;
}

Batch EventHub::WaitAfter(std::uint64_t after, std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_mutex);
    m_changed.wait_for(lock, timeout, [&] { return m_closed || m_last_id > after; });
    Batch batch;
    batch.closed = m_closed;
    std::uint64_t oldest = m_ring.empty() ? m_last_id + 1 : m_ring.front().id;
    // Ids unknown to this server (older than the ring, or from the future of another run) mean
    // the caller's copy may be stale: it must reload rather than trust a partial replay.
    if (after + 1 < oldest || after > m_last_id) {
        batch.gap = true;
        return batch;
    }
    for (const Event& event : m_ring)
        if (event.id > after) batch.events.push_back(event);
    return batch;
}

std::uint64_t EventHub::LastId() {
    std::lock_guard lock(m_mutex);
    return m_last_id;
}

void EventHub::Close() {
    std::lock_guard lock(m_mutex);
    m_closed = true;
    m_changed.notify_all();
}

}  // namespace tandem::events
