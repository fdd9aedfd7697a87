// Sliding-window counting of failed sign-ins per (account, address) and per address, in the database.
#include "auth/rate_limit.h"

#include <algorithm>

#include "store/sign_in_repo.h"
#include "store/store.h"

namespace tandem::auth {

namespace {

std::int64_t Millis(LoginLimiter::Clock::time_point at) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}

// Whole seconds (at least one) until the oldest of `failures` ages out of the window.
int Wait(const store::FailureCount& failures, std::int64_t window_ms, std::int64_t now_ms) {
    std::int64_t wait_ms = failures.oldest_ms + window_ms - now_ms;
    return static_cast<int>(std::max<std::int64_t>(1, (wait_ms + 999) / 1000));
}

}  // namespace

LoginLimiter::Admission LoginLimiter::Admit(store::Store& store, const std::string& address, const std::string& email,
                                            Clock::time_point now) {
    const std::int64_t now_ms = Millis(now);
    const std::int64_t window_ms = std::chrono::duration_cast<std::chrono::milliseconds>(m_limits.window).count();
    const std::int64_t since_ms = now_ms - window_ms;   // failures at or before this have aged out
    // One write transaction: no other attempt, on this server or another, counts in between.
    return store.Write([&](store::Database& db) {
        store::PruneSignInFailures(db, since_ms);
        Admission admission;
        admission.ticket.address = address;
        admission.ticket.email = email;
        int wait = 0;
        store::FailureCount pair = store::PairFailuresAfter(db, address, email, since_ms);
        if (pair.count >= m_limits.pair_failures) wait = Wait(pair, window_ms, now_ms);
        store::FailureCount from_address = store::AddressFailuresAfter(db, address, since_ms);
        if (from_address.count >= m_limits.address_failures) wait = std::max(wait, Wait(from_address, window_ms, now_ms));
        if (wait > 0) {
            admission.retry_after_seconds = wait;
            return admission;
        }
        admission.ticket.id = store::InsertSignInFailure(db, address, email, now_ms);
        admission.allowed = true;
        return admission;
    }, store::WriteNotice::Quiet);   // attempts are no server's cache
}

void LoginLimiter::Succeeded(store::Store& store, const Ticket& ticket) {
    store.Write([&](store::Database& db) {
        store::DeleteSignInFailure(db, ticket.id);
        store::ForgivePairFailures(db, ticket.address, ticket.email);
    }, store::WriteNotice::Quiet);
}

}  // namespace tandem::auth
