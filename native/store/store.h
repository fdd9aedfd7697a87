// The database as the server uses it, on the engine its string names (store/engine.h): one writer
// connection (SQLite allows one writer at a time) behind a mutex, and a pool of reader connections
// that never block it (WAL). Every Read runs in one snapshot; every Write is one write transaction
// (BEGIN IMMEDIATE on SQLite), committed when the function returns and rolled back if it throws.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

#include "histogram.h"
#include "store/database.h"
#include "store/engine.h"

namespace tandem::store {

class Store {
public:
    // Opens, configures and migrates the database (for a SQLite file, after taking its shared
    // lock: a restore refuses while any Store holds it); throws StoreError.
    explicit Store(const std::string& path);

    template <class F>
    auto Read(F&& function) {
        Lease lease(*this);
        lease.db->Begin();
        // A statement left mid-result keeps a read transaction (and its old snapshot) open, so
        // every cached statement is reset before the end.
        struct End {
            Database& db;
            ~End() {
                db.ResetCached();
                try {
                    db.Commit();
                } catch (const StoreError&) {
                    // Nothing was written; make sure no snapshot outlives this read.
                    if (db.InTransaction()) {
                        try {
                            db.Rollback();
                        } catch (const StoreError&) {
                        }
                    }
                }
            }
        } end{*lease.db};
        return function(*lease.db);
    }

    template <class F>
    auto Write(F&& function, WriteNotice notice = WriteNotice::Announced) {
        auto asked = std::chrono::steady_clock::now();
        std::lock_guard lock(m_write_mutex);
        m_write_lock_wait.Observe(std::chrono::steady_clock::now() - asked);
        WriteTransaction transaction(m_writer, notice);
        if constexpr (std::is_void_v<decltype(function(m_writer))>) {
            function(m_writer);
            transaction.Commit();
        } else {
            auto result = function(m_writer);
            transaction.Commit();
            return result;
        }
    }

    const std::string& Path() const { return m_path; }
    // A number that changes whenever another process (a `tandem import` on this machine) has
    // committed to the database; this Store's own writes leave it as it is.
    std::int64_t ForeignCommits();
    // The event stream shared with other servers on this database, if the engine has one.
    EventBus* SharedEvents() { return m_engine->SharedEvents(); }
    // Whether this server sends the outboxes and re-scores, rather than another on this database.
    bool DoesBackgroundWork() { return m_engine->DoesBackgroundWork(); }
    // How long writes have waited for the single writer (for /metrics).
    const Histogram& WriteLockWait() const { return m_write_lock_wait; }

private:
    // Reader connections open at most, so that several servers stay within a PostgreSQL's
    // max_connections (100 by default): two servers take 2 x 37 (32 readers, the writer, and on
    // PostgreSQL the event log's publisher, reader and listener and the background-work lock).
    static constexpr std::size_t kMaxReaders = 32;

    // A reader connection borrowed from the pool for one Read; waits while kMaxReaders are lent,
    // unless this thread already holds one (a Read inside a Read must not wait for itself).
    struct Lease {
        explicit Lease(Store& store);
        ~Lease();
        Store& store;
        std::unique_ptr<Database> db;
    };

    std::string m_path;
    std::unique_ptr<Engine> m_engine;
    Database& m_writer;   // the engine's
    std::mutex m_write_mutex;
    Histogram m_write_lock_wait;
    std::mutex m_pool_mutex;
    std::condition_variable m_pool_returned;
    std::vector<std::unique_ptr<Database>> m_readers;   // idle
    std::size_t m_reader_count = 0;                     // idle and lent
};

}  // namespace tandem::store
