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
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tandem::auth {

class LoginLimiter {
public:
    using Clock = std::chrono::steady_clock;

    struct Limits {
        int pair_failures = 5;                 // one address against one account
        int address_failures = 30;             // one address against any accounts (an office behind NAT makes typos too)
        std::chrono::seconds window = std::chrono::minutes(15);
    };

    // An attempt that was let in; hand it back to Succeeded() or Failed().
    struct Ticket {
        std::string pair_key;
        std::string address_key;
        Clock::time_point at;
    };
    struct Admission {
        bool allowed = false;
        int retry_after_seconds = 0;           // when refused: until the oldest counted failure ages out
        Ticket ticket;
    };

    LoginLimiter() : LoginLimiter(Limits{}) {}
    explicit LoginLimiter(Limits limits) : m_limits(limits) {}

    // `email` as typed, normalised by the caller (trimmed, lower case), whether or not it exists.
    Admission Admit(const std::string& address, const std::string& email, Clock::time_point now);
    // The password was right: the attempt was no guess, and the pair's earlier failures are forgiven.
    void Succeeded(const Ticket& ticket);
    // The password was wrong: the attempt stays counted.
    void Failed(const Ticket&) {}

    // How many keys are tracked (for the memory bound's test and the metrics).
    std::size_t TrackedKeys();

private:
    // Drops failures older than the window; returns how many remain.
    std::size_t Prune(std::deque<Clock::time_point>& failures, Clock::time_point now) const;
    int Wait(const std::deque<Clock::time_point>& failures, Clock::time_point now) const;
    void Sweep(Clock::time_point now);

    Limits m_limits;
    std::mutex m_mutex;
    std::unordered_map<std::string, std::deque<Clock::time_point>> m_failures;
    std::uint64_t m_calls = 0;
};

}  // namespace tandem::auth
