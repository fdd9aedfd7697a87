// Copies the write-ahead log back into the database file on a thread of its own. SQLite's
// automatic checkpoint runs inside the commit that crosses the threshold, under the write lock:
// after a large import that commit copies hundreds of megabytes while every other write waits.
// Here the writer's commits only note the log's size; once it passes kCheckpointPages a PASSIVE
// checkpoint (it never blocks readers or writers) runs on the checkpointer's own connection.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "store/sqlite/sqlite_connection.h"

namespace tandem::store {

inline constexpr int kCheckpointPages = 1000;   // SQLite's own default threshold

class Checkpointer {
public:
    // Takes over the checkpoints of `writer` (a connection to `path`) until destroyed.
    Checkpointer(const std::string& path, SqliteConnection& writer);
    ~Checkpointer();
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

private:
    static int OnCommit(void* self, sqlite3* db, const char* schema, int pages);
    void Run();

    std::string m_path;
    SqliteConnection& m_writer;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_due = false;
    bool m_stop = false;
    std::thread m_thread;
};

}  // namespace tandem::store
