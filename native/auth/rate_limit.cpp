// Sliding-window counting of failed logins per address and per account.
#include "auth/rate_limit.h"

#include <algorithm>

namespace tandem::auth {

int LoginLimiter::RetryAfterLocked(const std::string& key, Clock::time_point now) {
    auto it = m_failures.find(key);
    if (it == m_failures.end()) return 0;
    std::deque<Clock::time_point>& failures = it->second;
    while (!failures.empty() && now - failures.front() >= m_window) failures.pop_front();
    if (failures.empty()) {
        m_failures.erase(it);
        return 0;
    }
    if (static_cast<int>(failures.size()) < m_max_failures) return 0;
    auto wait = std::chrono::duration_cast<std::chrono::seconds>(failures.front() + m_window - now).count();
    return static_cast<int>(std::max<long long>(1, wait));
}

int LoginLimiter::RetryAfter(const std::string& address, const std::string& email, Clock::time_point now) {
    std::lock_guard lock(m_mutex);
    return std::max(RetryAfterLocked("ip:" + address, now), RetryAfterLocked("user:" + email, now));
}

void LoginLimiter::RecordFailure(const std::string& address, const std::string& email, Clock::time_point now) {
    std::lock_guard lock(m_mutex);
    m_failures["ip:" + address].push_back(now);
    m_failures["user:" + email].push_back(now);
}

void LoginLimiter::RecordSuccess(const std::string& email) {
    // Only the account's count: a correct password for one account must not reset the guesses
    // counted against an address.
    std::lock_guard lock(m_mutex);
    m_failures.erase("user:" + email);
}

}  // namespace tandem::auth
