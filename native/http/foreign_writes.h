// Writes other processes make to the server's database (a `tandem import` on the same machine,
// which writes the file directly, in short batches): every second the server asks SQLite whether
// anyone else committed, and if so drops its caches of leads and tells the open dashboards, as
// if the change had come through its own API.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace tandem::http {

struct ServerContext;

class ForeignWrites {
public:
    explicit ForeignWrites(ServerContext& context);
    ~ForeignWrites();   // stops and joins

    void Start();
    void Stop();

private:
    void Loop();

    ServerContext& m_context;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_thread;
};

}  // namespace tandem::http
