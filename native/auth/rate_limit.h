// Limits failed logins: after 5 failures within 15 minutes from one address or for one account,
// further attempts are refused (429) until the oldest failure ages out. Argon2id makes each guess
// cost ~20 ms of server time, so unthrottled guessing would also be a denial of service.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tandem::auth {

class LoginLimiter {
public:
    using Clock = std::chrono::steady_clock;

    LoginLimiter(int max_failures = 5, std::chrono::seconds window = std::chrono::minutes(15))
        : m_max_failures(max_failures), m_window(window) {}

    // Seconds until `address` and `email` may try again; 0 if they may now.
    int RetryAfter(const std::string& address, const std::string& email, Clock::time_point now);
    void RecordFailure(const std::string& address, const std::string& email, Clock::time_point now);
    void RecordSuccess(const std::string& email);

private:
    int RetryAfterLocked(const std::string& key, Clock::time_point now);

    int m_max_failures;
    std::chrono::seconds m_window;
    std::mutex m_mutex;
    std::unordered_map<std::string, std::deque<Clock::time_point>> m_failures;
};

}  // namespace tandem::auth
