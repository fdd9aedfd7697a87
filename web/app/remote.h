// A piece of server data as the dashboard holds it: not asked for yet, loading, there, or failed
// with a reason. `key` says which query the value answers (e.g. the period), so a view can show
// the old value while the new one loads; `stale` marks it for a refresh after a pushed change.
#pragma once

#include <optional>
#include <string>

namespace tandem {

template <class T>
struct Remote {
    enum class Status { Idle, Loading, Ready, Failed };

    Status status = Status::Idle;
    std::optional<T> value;
    std::string error;
    std::string key;             // the query the value (or the request in flight) is for
    bool stale = false;
    double requested_at = 0;

    bool Loading() const { return status == Status::Loading; }
    bool Failed() const { return status == Status::Failed; }
    // Whether a request for `wanted` should be sent now.
    bool Wants(const std::string& wanted) const {
        if (status == Status::Loading) return false;
        return key != wanted || status == Status::Idle || stale;
    }
    void Begin(const std::string& wanted, double now) {
        status = Status::Loading;
        key = wanted;
        stale = false;
        requested_at = now;
    }
    void Succeed(T result) {
        value = std::move(result);
        error.clear();
        status = Status::Ready;
    }
    void Fail(std::string reason) {
        error = std::move(reason);
        status = Status::Failed;
    }
};

// A form whose answer the dashboard waits for: in flight, then done or with the server's error.
struct FormProgress {
    bool in_flight = false;
    bool done = false;
    std::string error;
};

}  // namespace tandem
