// A latency histogram with fixed bucket bounds, updated lock-free from any thread and read as
// Prometheus renders histograms (cumulative buckets, sum, count).
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>

namespace tandem {

class Histogram {
public:
    // Seconds: from half a millisecond (a cached read) to ten seconds (a 1M-row import batch gone wrong).
    static constexpr std::array<double, 14> kBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                       0.1,    0.25,  0.5,    1,     2.5,  5,    10};

    void Observe(std::chrono::nanoseconds elapsed) {
        double seconds = std::chrono::duration<double>(elapsed).count();
        std::size_t bucket = 0;
        while (bucket < kBounds.size() && seconds > kBounds[bucket]) ++bucket;
        m_buckets[bucket].fetch_add(1, std::memory_order_relaxed);
        m_nanoseconds.fetch_add(static_cast<std::uint64_t>(elapsed.count()), std::memory_order_relaxed);
    }

    struct Reading {
        std::array<std::uint64_t, kBounds.size() + 1> cumulative{};   // the last is +Inf: the count
        double sum_seconds = 0;
    };
    Reading Read() const {
        Reading reading;
        std::uint64_t total = 0;
        for (std::size_t i = 0; i < m_buckets.size(); ++i) {
            total += m_buckets[i].load(std::memory_order_relaxed);
            reading.cumulative[i] = total;
        }
        reading.sum_seconds = static_cast<double>(m_nanoseconds.load(std::memory_order_relaxed)) / 1e9;
        return reading;
    }

private:
    std::array<std::atomic<std::uint64_t>, kBounds.size() + 1> m_buckets{};
    std::atomic<std::uint64_t> m_nanoseconds{0};
};

}  // namespace tandem
