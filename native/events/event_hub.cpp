// Ring buffer of published events with blocking reads.
#include "events/event_hub.h"

#include "tandem/codec.h"

namespace tandem::events {

namespace {

constexpr std::size_t kCredentialHistory = 1024;

}  // namespace

std::uint64_t EventHub::Publish(std::string type, const nlohmann::json& data, std::int64_t recipient) {
    std::string text = DumpJson(data);
    std::lock_guard lock(m_mutex);
    Event event{++m_last_id, std::move(type), std::move(text), recipient};
    m_ring.push_back(std::move(event));
    if (m_ring.size() > m_capacity) m_ring.pop_front();
    m_changed.notify_all();
    return m_last_id;
}

StreamCursor EventHub::Open(std::uint64_t after, std::int64_t user_id) {
    std::lock_guard lock(m_mutex);
    return {after, user_id, m_credentials_sequence};
}

bool EventHub::Concerns(const StreamCursor& cursor) const {
    if (cursor.credentials_seen >= m_credentials_sequence) return false;
    if (m_credential_changes.empty() || m_credential_changes.front().first > cursor.credentials_seen + 1) return true;
    for (const auto& [sequence, user_id] : m_credential_changes)
        if (sequence > cursor.credentials_seen && user_id == cursor.user_id) return true;
    return false;
}

Batch EventHub::Wait(StreamCursor& cursor, std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_mutex);
    // Others' credential changes wake every stream; those not concerned go back to waiting.
    m_changed.wait_for(lock, timeout, [&] {
        if (m_closed || m_last_id > cursor.after || Concerns(cursor)) return true;
        cursor.credentials_seen = m_credentials_sequence;
        return false;
    });
    Batch batch;
    batch.closed = m_closed;
    batch.recheck = Concerns(cursor);
    cursor.credentials_seen = m_credentials_sequence;
    std::uint64_t oldest = m_ring.empty() ? m_last_id + 1 : m_ring.front().id;
    // Ids unknown to this server (older than the ring, or from the future of another run) mean
    // the caller's copy may be stale: it must reload rather than trust a partial replay.
    if (cursor.after + 1 < oldest || cursor.after > m_last_id) {
        batch.gap = true;
        cursor.after = m_last_id;
        return batch;
    }
    for (const Event& event : m_ring)
        if (event.id > cursor.after) batch.events.push_back(event);
    cursor.after = m_last_id;
    return batch;
}

std::uint64_t EventHub::LastId() {
    std::lock_guard lock(m_mutex);
    return m_last_id;
}

void EventHub::CredentialsChanged(std::int64_t user_id) {
    std::lock_guard lock(m_mutex);
    m_credential_changes.emplace_back(++m_credentials_sequence, user_id);
    if (m_credential_changes.size() > kCredentialHistory) m_credential_changes.pop_front();
    m_changed.notify_all();
}

void EventHub::Close() {
    std::lock_guard lock(m_mutex);
    m_closed = true;
    m_changed.notify_all();
}

}  // namespace tandem::events
