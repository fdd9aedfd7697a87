// Failed password sign-ins in the database, so that every server sharing it counts them together
// (the limits themselves: auth/rate_limit.h).
#pragma once

#include <cstdint>
#include <string>

namespace tandem::store {

class Database;

// The failures that count in a window, and when the oldest of them happened.
struct FailureCount {
    std::int64_t count = 0;
    std::int64_t oldest_ms = 0;   // unix milliseconds; 0 when count is 0
};

// Records an attempt as failed (before its password is checked); returns its id.
std::int64_t InsertSignInFailure(Database& db, const std::string& address, const std::string& email, std::int64_t at_ms);
// Failures from `address` at `email` after `after_ms`, except those a right password forgave.
FailureCount PairFailuresAfter(Database& db, const std::string& address, const std::string& email, std::int64_t after_ms);
// Every failure from `address` after `after_ms`, whatever the email.
FailureCount AddressFailuresAfter(Database& db, const std::string& address, std::int64_t after_ms);
// The attempt was no failure after all.
void DeleteSignInFailure(Database& db, std::int64_t id);
// A right password from `address` for `email`: its failures there no longer count for the pair.
void ForgivePairFailures(Database& db, const std::string& address, const std::string& email);
// Drops failures at or before `up_to_ms`: they count for nothing any more.
void PruneSignInFailures(Database& db, std::int64_t up_to_ms);

}  // namespace tandem::store
