// The background-work lock over libpq.
#include "store/postgres/pg_work_lock.h"

#include <cstring>
#include <libpq-fe.h>

namespace tandem::store::postgres {

namespace {

// One row, one column of text, or nothing if the query failed.
bool QueryIs(PGconn* conn, const char* sql, const char* expected) {
    PGresult* result = PQexec(conn, sql);
    bool is = PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) == 1 &&
              std::strcmp(PQgetvalue(result, 0, 0), expected) == 0;
    PQclear(result);
    return is;
}

}  // namespace

PgWorkLock::~PgWorkLock() { Drop(); }

void PgWorkLock::Drop() {
    PQfinish(m_conn);   // ends the session, and the lock with it
    m_conn = nullptr;
    m_held = false;
}

bool PgWorkLock::Held() {
    std::lock_guard lock(m_mutex);
    if (m_conn && PQstatus(m_conn) != CONNECTION_OK) Drop();
    if (!m_conn) {
        m_conn = PQconnectdb(m_url.c_str());
        if (PQstatus(m_conn) != CONNECTION_OK) {
            Drop();
            return false;
        }
    }
    if (m_held) {
        // A lock is only as alive as its session: a round trip proves the session still is.
        if (!QueryIs(m_conn, "SELECT 1", "1")) Drop();
        return m_held;
    }
    m_held = QueryIs(m_conn, "SELECT pg_try_advisory_lock(hashtext('tandem background work'))", "t");
    if (!m_held && PQstatus(m_conn) != CONNECTION_OK) Drop();
    return m_held;
}

}  // namespace tandem::store::postgres
