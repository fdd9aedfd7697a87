// Reader pool and writer for the server's database.
#include "store/store.h"

namespace tandem::store {

Store::Store(const std::string& path)
    : m_path(path), m_lock(path, DatabaseLock::Kind::Shared), m_writer(Database::Open(path)) {}

std::int64_t Store::ForeignCommits() {
    std::lock_guard lock(m_write_mutex);
    Statement& version = m_writer.Cached("PRAGMA data_version");
    version.Step();
    std::int64_t value = version.Int(0);
    version.Reset();
    return value;
}

Store::Lease::Lease(Store& owner) : store(owner) {
    {
        std::lock_guard lock(store.m_pool_mutex);
        if (!store.m_readers.empty()) {
            db = std::move(store.m_readers.back());
            store.m_readers.pop_back();
        }
    }
    if (!db) db = std::make_unique<Database>(Database::Connect(store.m_path));
}

Store::Lease::~Lease() {
    std::lock_guard lock(store.m_pool_mutex);
    store.m_readers.push_back(std::move(db));
}

}  // namespace tandem::store
