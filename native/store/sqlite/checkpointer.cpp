// The write-ahead log's checkpoints, off the write path.
#include "store/sqlite/checkpointer.h"

#include <memory>
#include <sqlite3.h>

#include "log.h"

namespace tandem::store {

Checkpointer::Checkpointer(const std::string& path, SqliteConnection& writer)
    : m_path(path), m_writer(writer), m_thread([this] { Run(); }) {
    sqlite3_wal_hook(m_writer.Handle(), &Checkpointer::OnCommit, this);   // replaces the automatic checkpoint
}

Checkpointer::~Checkpointer() {
    sqlite3_wal_hook(m_writer.Handle(), nullptr, nullptr);
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    m_thread.join();   // what is left is checkpointed when the last connection closes
}

int Checkpointer::OnCommit(void* self, sqlite3*, const char*, int pages) {
    if (pages < kCheckpointPages) return SQLITE_OK;
    auto* checkpointer = static_cast<Checkpointer*>(self);
    {
        std::lock_guard lock(checkpointer->m_mutex);
        checkpointer->m_due = true;
    }
    checkpointer->m_wake.notify_one();
    return SQLITE_OK;
}

void Checkpointer::Run() {
    std::unique_ptr<Database> db;
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_due || m_stop; });
        if (m_stop) return;
        m_due = false;
        lock.unlock();
        try {
            if (!db) db = std::make_unique<Database>(ConnectSqlite(m_path));
            int rc = sqlite3_wal_checkpoint_v2(AsSqlite(*db).Handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
            if (rc != SQLITE_OK && rc != SQLITE_BUSY)
                LogError(std::string("checkpoint of the write-ahead log failed: ") + sqlite3_errstr(rc));
        } catch (const StoreError& e) {
            LogError(std::string("checkpoint of the write-ahead log failed: ") + e.what());
        }
        lock.lock();
    }
}

}  // namespace tandem::store
