// The advisory lock beside a database (DB + ".lock") that keeps `tandem restore` from replacing a
// database in use: every Store (the server, import, export, backup...) holds it shared for its
// lifetime, a restore holds it exclusively.
#pragma once

#include <string>

namespace tandem::store {

class DatabaseLock {
public:
    enum class Kind { Shared, Exclusive };

    // Takes the lock without waiting, creating the database's folder and the lock file if needed;
    // throws StoreError if it is held the other way, saying by whom.
    DatabaseLock(const std::string& db_path, Kind kind);
    ~DatabaseLock();
    DatabaseLock(const DatabaseLock&) = delete;
    DatabaseLock& operator=(const DatabaseLock&) = delete;

private:
    int m_fd;
};

}  // namespace tandem::store
