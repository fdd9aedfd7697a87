// sign_in_failures rows.
#include "store/sign_in_repo.h"

#include "store/database.h"
#include "store/row.h"

namespace tandem::store {

namespace {

FailureCount CountOf(Statement& s) {
    FailureCount failures;
    if (s.Step()) {
        failures.count = s.Int(0);
        if (!s.IsNull(1)) failures.oldest_ms = s.Int(1);
    }
    s.Reset();
    return failures;
}

}  // namespace

std::int64_t InsertSignInFailure(Database& db, const std::string& address, const std::string& email, std::int64_t at_ms) {
    Statement& s = db.Cached("INSERT INTO sign_in_failures (address, email, at_ms) VALUES (?, ?, ?) RETURNING id");
    s.Bind(1, address).Bind(2, email).Bind(3, at_ms);
    return InsertedId(s);
}

FailureCount PairFailuresAfter(Database& db, const std::string& address, const std::string& email, std::int64_t after_ms) {
    // The address index finds the rows; an address holds few in a window (the limits stop it).
    Statement& s = db.Cached(
        "SELECT count(*), min(at_ms) FROM sign_in_failures "
        "WHERE address = ? AND at_ms > ? AND email = ? AND pair_forgiven = 0");
    s.Bind(1, address).Bind(2, after_ms).Bind(3, email);
    return CountOf(s);
}

FailureCount AddressFailuresAfter(Database& db, const std::string& address, std::int64_t after_ms) {
    Statement& s = db.Cached("SELECT count(*), min(at_ms) FROM sign_in_failures WHERE address = ? AND at_ms > ?");
    s.Bind(1, address).Bind(2, after_ms);
    return CountOf(s);
}

void DeleteSignInFailure(Database& db, std::int64_t id) {
    db.Cached("DELETE FROM sign_in_failures WHERE id = ?").Bind(1, id).Run();
}

void ForgivePairFailures(Database& db, const std::string& address, const std::string& email) {
    db.Cached("UPDATE sign_in_failures SET pair_forgiven = 1 WHERE address = ? AND email = ? AND pair_forgiven = 0")
        .Bind(1, address)
        .Bind(2, email)
        .Run();
}

void PruneSignInFailures(Database& db, std::int64_t up_to_ms) {
    db.Cached("DELETE FROM sign_in_failures WHERE at_ms <= ?").Bind(1, up_to_ms).Run();
}

}  // namespace tandem::store
