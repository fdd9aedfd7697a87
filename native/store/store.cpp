// Reader pool and writer for the server's database.
#include "store/store.h"

namespace tandem::store {

Store::Store(const std::string& path) : m_path(path), m_engine(OpenEngine(path)), m_writer(m_engine->Writer()) {}

std::int64_t Store::ForeignCommits() {
    std::lock_guard lock(m_write_mutex);
    return m_engine->ForeignCommits();
}

namespace {
thread_local int t_leases = 0;   // readers this thread holds
}

Store::Lease::Lease(Store& owner) : store(owner) {
    {
        std::unique_lock lock(store.m_pool_mutex);
        if (t_leases == 0)
            store.m_pool_returned.wait(lock, [&] { return !store.m_readers.empty() || store.m_reader_count < kMaxReaders; });
        if (!store.m_readers.empty()) {
            db = std::move(store.m_readers.back());
            store.m_readers.pop_back();
        } else {
            ++store.m_reader_count;
        }
    }
    if (!db) {
        try {
            db = std::make_unique<Database>(store.m_engine->Connect());
        } catch (...) {
            std::lock_guard lock(store.m_pool_mutex);
            --store.m_reader_count;
            store.m_pool_returned.notify_one();
            throw;
        }
    }
    ++t_leases;
}

Store::Lease::~Lease() {
    --t_leases;
    {
        std::lock_guard lock(store.m_pool_mutex);
        store.m_readers.push_back(std::move(db));
    }
    store.m_pool_returned.notify_one();
}

}  // namespace tandem::store
