// Ring buffer of published events with blocking reads.
#include "events/event_hub.h"

#include "tandem/codec.h"

namespace tandem::events {

namespace {

constexpr std::size_t kCredentialHistory = 1024;

}  // namespace

void EventHub::Publish(std::string type, const nlohmann::json& data, std::int64_t recipient) {
    std::string text = DumpJson(data);
    if (m_relay.publish) {
        m_relay.publish(type, text, recipient);
        return;
    }
    std::lock_guard lock(m_mutex);
    Append({m_last_id + 1, std::move(type), std::move(text), recipient});
}

void EventHub::Append(Event event) {
    m_last_id = event.id;
    m_ring.push_back(std::move(event));
    if (m_ring.size() > m_capacity) {
        m_floor = m_ring.front().id;
        m_ring.pop_front();
    }
    m_changed.notify_all();
}

void EventHub::SetRelay(Relay relay, std::uint64_t floor) {
    std::lock_guard lock(m_mutex);
    m_relay = std::move(relay);
    m_ring.clear();
    m_last_id = m_floor = floor;
}

void EventHub::Deliver(std::vector<Event> events) {
    std::lock_guard lock(m_mutex);
    for (Event& event : events)
        if (event.id > m_last_id) Append(std::move(event));
}

void EventHub::Lost(std::uint64_t up_to) {
    std::lock_guard lock(m_mutex);
    if (up_to <= m_last_id) return;
    m_ring.clear();   // what the ring holds must follow the floor without a hole
    m_last_id = m_floor = up_to;
    m_changed.notify_all();
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
    // Ids unknown to this server (older than the ring, or from the future of another run) mean
    // the caller's copy may be stale: it must reload rather than trust a partial replay. (Ids
    // need not be consecutive: the database's may skip.)
    if (cursor.after < m_floor || cursor.after > m_last_id) {
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
    if (m_relay.credentials_changed) {
        m_relay.credentials_changed(user_id);
        return;
    }
    WakeCredentials(user_id);
}

void EventHub::WakeCredentials(std::int64_t user_id) {
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
