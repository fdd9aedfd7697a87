// The choice of database engine, from the database string.
#include "store/engine.h"

#include "store/postgres/pg_engine.h"
#include "store/sqlite/sqlite_engine.h"

namespace tandem::store {

std::unique_ptr<Engine> OpenEngine(const std::string& target) {
    if (IsPostgresTarget(target)) return postgres::OpenPgEngine(target);
    return OpenSqliteEngine(target);
}

bool IsPostgresTarget(const std::string& target) {
    return target.starts_with("postgresql://") || target.starts_with("postgres://");
}

}  // namespace tandem::store
