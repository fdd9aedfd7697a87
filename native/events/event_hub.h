// The event stream's source: committed changes are published here with increasing ids and kept
// in a ring of recent events, so a dashboard that reconnects with Last-Event-ID gets exactly what
// it missed. Publishing never waits for subscribers; each stream reads at its own pace.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace tandem::events {

struct Event {
    std::uint64_t id = 0;
    std::string type;      // "lead", "campaign", "feedback", "scorecard", "definition", "presence", ...
    std::string data;      // JSON
};

struct Batch {
    std::vector<Event> events;
    bool gap = false;      // events after the caller's id were dropped from the ring: reload all
    bool closed = false;   // the server is stopping
};

class EventHub {
public:
    // Ids start at `first_id` (the server passes its start time in microseconds), so an id a
    // browser kept from before a restart is recognised as stale instead of matching new events.
    EventHub(std::uint64_t first_id, std::size_t capacity = 10000) : m_capacity(capacity), m_last_id(first_id) {}

    std::uint64_t Publish(std::string type, const nlohmann::json& data);
    // Events with id > after, waiting up to `timeout` for the first one.
    Batch WaitAfter(std::uint64_t after, std::chrono::milliseconds timeout);
    std::uint64_t LastId();
    void Close();

private:
    std::size_t m_capacity;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Event> m_ring;
    std::uint64_t m_last_id;
    bool m_closed = false;
};

}  // namespace tandem::events
