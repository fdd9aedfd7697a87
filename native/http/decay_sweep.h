// The hourly pass that keeps stored lead levels true to a fresh evaluation as engagement decays
// (service/reevaluation.h), on its own thread: once at start, then every interval (0: only once), until stopped.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "tandem/time.h"

namespace tandem::http {

struct ServerContext;

class DecaySweep {
public:
    DecaySweep(ServerContext& context, Timestamp interval_seconds);
    ~DecaySweep();   // stops and joins

    void Start();
    void Stop();

private:
    void Loop();
    void RunOnce();

    ServerContext& m_context;
    Timestamp m_interval;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_thread;
};

}  // namespace tandem::http
