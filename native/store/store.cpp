// Reader pool and writer for the server's database.
#include "store/store.h"

namespace tandem::store {

Store::Store(const std::string& path) : m_path(path), m_engine(OpenEngine(path)), m_writer(m_engine->Writer()) {}

std::int64_t Store::ForeignCommits() {
    std::lock_guard lock(m_write_mutex);
    return m_engine->ForeignCommits();
}

Store::Lease::Lease(Store& owner) : store(owner) {
    {
        std::lock_guard lock(store.m_pool_mutex);
        if (!store.m_readers.empty()) {
            db = std::move(store.m_readers.back());
            store.m_readers.pop_back();
        }
    }
    if (!db) db = std::make_unique<Database>(store.m_engine->Connect());
}

Store::Lease::~Lease() {
    std::lock_guard lock(store.m_pool_mutex);
    store.m_readers.push_back(std::move(db));
}

}  // namespace tandem::store
