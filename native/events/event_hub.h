// The event stream's source: committed changes are published here with increasing ids and kept
// in a ring of recent events, so a dashboard that reconnects with Last-Event-ID gets exactly what
// it missed. Publishing never waits for subscribers; each stream reads at its own pace.
//
// An event may be for one person only (a notification): streams of anyone else skip it. When a
// user's credentials change (sign-out, password change, deactivation, a revoked token), the hub
// wakes that user's open streams so they check their own credential at once and end if it is gone.
//
// Alone (SQLite, one process) the hub numbers events itself. When several servers share the
// database, a Relay takes what is published here to the database, which orders every server's
// events; each server's listener hands them back through Deliver with the database's ids, so
// every hub holds the same events under the same ids.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace tandem::events {

struct Event {
    std::uint64_t id = 0;
    std::string type;      // "lead", "campaign", "feedback", "scorecard", "definition", "presence", ...
    std::string data;      // JSON
    std::int64_t recipient = 0;   // a user id: only that user's streams see it; 0: everyone
};

// Where one open stream is: the last event it sent and the credential changes it has seen.
struct StreamCursor {
    std::uint64_t after = 0;
    std::int64_t user_id = 0;
    std::uint64_t credentials_seen = 0;
};

struct Batch {
    std::vector<Event> events;   // every event after the cursor; the caller skips others' private ones
    bool gap = false;            // events after the cursor were dropped from the ring: reload all
    bool closed = false;         // the server is stopping
    bool recheck = false;        // the stream's user had a credential change: check the credential
};

// Carries published events and credential changes to every server sharing the database; both
// come back through Deliver and WakeCredentials, on this server too.
struct Relay {
    std::function<void(const std::string& type, const std::string& data, std::int64_t recipient)> publish;
    std::function<void(std::int64_t user_id)> credentials_changed;
};

class EventHub {
public:
    // Ids start at `first_id` (the server passes its start time in microseconds), so an id a
    // browser kept from before a restart is recognised as stale instead of matching new events.
    EventHub(std::uint64_t first_id, std::size_t capacity = 10000)
        : m_capacity(capacity), m_last_id(first_id), m_floor(first_id) {}

    void Publish(std::string type, const nlohmann::json& data, std::int64_t recipient = 0);
    // A cursor for a new stream that starts after `after`.
    StreamCursor Open(std::uint64_t after, std::int64_t user_id);
    // Events after the cursor, waiting up to `timeout` for the first one (or a credential change of
    // the cursor's user). Advances the cursor past everything returned.
    Batch Wait(StreamCursor& cursor, std::chrono::milliseconds timeout);
    std::uint64_t LastId();
    // Wakes `user_id`'s streams to check their credentials (on every server, through the relay).
    void CredentialsChanged(std::int64_t user_id);
    void Close();

    // From here on, Publish and CredentialsChanged go through `relay`. `floor`: ids up to it are
    // unknown to this hub (before its first Deliver), so resuming from them means a reload.
    void SetRelay(Relay relay, std::uint64_t floor);
    // Events the relay ordered, ids increasing and above every id delivered before.
    void Deliver(std::vector<Event> events);
    // The relay lost the events up to `up_to`: streams behind it reload.
    void Lost(std::uint64_t up_to);
    // The local half of CredentialsChanged.
    void WakeCredentials(std::int64_t user_id);

private:
    bool Concerns(const StreamCursor& cursor) const;   // with m_mutex held
    void Append(Event event);                          // with m_mutex held

    std::size_t m_capacity;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Event> m_ring;
    std::uint64_t m_last_id;
    std::uint64_t m_floor;   // the newest id no longer (or never) in the ring
    bool m_closed = false;
    Relay m_relay;           // empty: events are numbered here
    // Recent credential changes as (sequence, user id); a stream further behind rechecks anyway.
    std::deque<std::pair<std::uint64_t, std::int64_t>> m_credential_changes;
    std::uint64_t m_credentials_sequence = 0;
};

}  // namespace tandem::events
