// flock(2) on a side file rather than fcntl locks on the database: SQLite's own fcntl locks on the
// database are dropped whenever any descriptor of that file is closed, and a lock file survives the
// rename that replaces the database. The kernel releases the lock when its process dies, even by
// SIGKILL, so a crashed server never blocks a restore.
#include "store/sqlite/db_lock.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "store/sqlite/sqlite_connection.h"

namespace tandem::store {

DatabaseLock::DatabaseLock(const std::string& db_path, Kind kind) {
    CreateParentFolder(db_path);
    std::string path = db_path + ".lock";
    // Read-only and world-readable: a lock file an admin's restore created as root must not keep
    // the service's own user from taking its shared lock.
    m_fd = open(path.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0) throw StoreError("cannot open the lock file " + path + ": " + std::strerror(errno));
    int rc;
    while ((rc = flock(m_fd, (kind == Kind::Shared ? LOCK_SH : LOCK_EX) | LOCK_NB)) != 0 && errno == EINTR) {
    }
    if (rc == 0) return;
    int error = errno;
    close(m_fd);
    if (error != EWOULDBLOCK) throw StoreError("cannot lock " + path + ": " + std::strerror(error));
    if (kind == Kind::Shared)
        throw StoreError(db_path + " is being restored (tandem restore); try again when that has finished");
    throw StoreError(db_path + " is in use by a running tandem (the server, or an import, export or backup); "
                     "stop it first (systemctl stop tandem)");
}

DatabaseLock::~DatabaseLock() { close(m_fd); }

}  // namespace tandem::store
