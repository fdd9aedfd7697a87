// Sliding-window counting of failed sign-ins per (account, address) and per address.
#include "auth/rate_limit.h"

#include <algorithm>

namespace tandem::auth {

namespace {

// Every this many admissions, keys whose failures have all aged out are dropped, so addresses
// and made-up emails that stopped guessing do not pile up in memory.
constexpr std::uint64_t kSweepEvery = 1024;

}  // namespace

std::size_t LoginLimiter::Prune(std::deque<Clock::time_point>& failures, Clock::time_point now) const {
    while (!failures.empty() && now - failures.front() >= m_limits.window) failures.pop_front();
    return failures.size();
}

int LoginLimiter::Wait(const std::deque<Clock::time_point>& failures, Clock::time_point now) const {
    auto wait = std::chrono::ceil<std::chrono::seconds>(failures.front() + m_limits.window - now).count();
    return static_cast<int>(std::max<long long>(1, wait));
}

void LoginLimiter::Sweep(Clock::time_point now) {
    for (auto it = m_failures.begin(); it != m_failures.end();) {
        if (Prune(it->second, now) == 0) it = m_failures.erase(it);
        else ++it;
    }
}

LoginLimiter::Admission LoginLimiter::Admit(const std::string& address, const std::string& email, Clock::time_point now) {
    std::lock_guard lock(m_mutex);
    if (++m_calls % kSweepEvery == 0) Sweep(now);
    Admission admission;
    admission.ticket = {"pair:" + address + " " + email, "ip:" + address, now};
    std::deque<Clock::time_point>& pair = m_failures[admission.ticket.pair_key];
    std::deque<Clock::time_point>& from_address = m_failures[admission.ticket.address_key];
    int wait = 0;
    if (Prune(pair, now) >= static_cast<std::size_t>(m_limits.pair_failures)) wait = Wait(pair, now);
    if (Prune(from_address, now) >= static_cast<std::size_t>(m_limits.address_failures))
        wait = std::max(wait, Wait(from_address, now));
    if (wait > 0) {
        admission.retry_after_seconds = wait;
        return admission;
    }
    pair.push_back(now);
    from_address.push_back(now);
    admission.allowed = true;
    return admission;
}

void LoginLimiter::Succeeded(const Ticket& ticket) {
    std::lock_guard lock(m_mutex);
    m_failures.erase(ticket.pair_key);
    auto it = m_failures.find(ticket.address_key);
    if (it == m_failures.end()) return;
    // Take back this attempt only: the address's other failures (at other accounts) still count.
    auto mine = std::find(it->second.begin(), it->second.end(), ticket.at);
    if (mine != it->second.end()) it->second.erase(mine);
    if (it->second.empty()) m_failures.erase(it);
}

std::size_t LoginLimiter::TrackedKeys() {
    std::lock_guard lock(m_mutex);
    return m_failures.size();
}

}  // namespace tandem::auth
