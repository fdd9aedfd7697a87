// Limits password guessing without letting anyone lock a user out of their own sign-in.
//
// Failures are counted in a sliding window per (account, address) and per address. Nothing is
// counted per account alone: that would let anyone who knows an email address keep its owner out.
// So a correct password from an address that has not been guessing always gets in, whatever
// happens elsewhere or to other accounts; an address that guesses at one account is stopped after
// kPairFailures, and one that sprays guesses over many accounts after kAddressFailures.
//
// Checking and counting are one step: Admit() counts the attempt as a failure before the ~20 ms
// password hash runs, and Succeeded() takes it back. So 40 concurrent wrong guesses cannot all
// slip past the check while the first ones are still being hashed: only the first five are let in.
//
// The failures live in the database (store/sign_in_repo.h) and each step is one write
// transaction, so servers sharing a database count together and take turns: guesses spread over
// several servers are stopped as if they had all reached one. Their times are the wall clock's,
// which those servers share.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace tandem::store {
class Store;
}

namespace tandem::auth {

class LoginLimiter {
public:
    using Clock = std::chrono::system_clock;

    struct Limits {
        int pair_failures = 5;                 // one address against one account
        int address_failures = 30;             // one address against any accounts (an office behind NAT makes typos too)
        std::chrono::seconds window = std::chrono::minutes(15);
    };

    // An attempt that was let in; hand it back to Succeeded() or Failed().
    struct Ticket {
        std::int64_t id = 0;                   // its row in sign_in_failures
        std::string address;
        std::string email;
    };
    struct Admission {
        bool allowed = false;
        int retry_after_seconds = 0;           // when refused: until the oldest counted failure ages out
        Ticket ticket;
    };

    LoginLimiter() : LoginLimiter(Limits{}) {}
    explicit LoginLimiter(Limits limits) : m_limits(limits) {}

    // `email` as typed, normalised by the caller (trimmed, lower case), whether or not it exists.
    Admission Admit(store::Store& store, const std::string& address, const std::string& email, Clock::time_point now);
    // The password was right: the attempt was no guess, and the pair's earlier failures are forgiven
    // (they still count for the address: a right password at one account excuses no guesses at others).
    void Succeeded(store::Store& store, const Ticket& ticket);
    // The password was wrong: the attempt stays counted.
    void Failed(const Ticket&) {}

private:
    Limits m_limits;
};

}  // namespace tandem::auth
