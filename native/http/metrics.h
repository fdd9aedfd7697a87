// The server's Prometheus metrics: counters and histograms fed as requests are answered, and
// gauges read when /metrics is scraped. Labels are bounded: route templates, not paths.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

#include "histogram.h"

namespace tandem::http {

// What is read at scrape time, from the store, the funnel and the thread pool.
struct MetricsGauges {
    std::uint64_t database_bytes = 0;       // the file and its write-ahead log
    const Histogram* write_lock_wait = nullptr;
    std::int64_t sla_breaches_open = 0;
    double start_time_seconds = 0;          // Unix time the process started
};

class Metrics {
public:
    void Request(std::string_view method, std::string_view route, int status, std::chrono::nanoseconds elapsed);
    void SignInFailed() { m_sign_in_failures.fetch_add(1, std::memory_order_relaxed); }
    void Imported(std::uint64_t rows) { m_import_rows.fetch_add(rows, std::memory_order_relaxed); }

    // An open event stream, counted while the guard lives.
    class Stream {
    public:
        explicit Stream(Metrics& metrics) : m_metrics(metrics) { m_metrics.m_streams.fetch_add(1); }
        ~Stream() { m_metrics.m_streams.fetch_sub(1); }
        Stream(const Stream&) = delete;
        Stream& operator=(const Stream&) = delete;

    private:
        Metrics& m_metrics;
    };

    // Kept by the worker pool (http/elastic_pool.h), which httplib owns and may outlive a scrape.
    std::atomic<std::int64_t> worker_threads{0};

    // The exposition in Prometheus text format 0.0.4.
    std::string Render(const MetricsGauges& gauges) const;

private:
    using Key = std::tuple<std::string, std::string, int>;   // route, method, status
    struct Series {
        std::atomic<std::uint64_t> count{0};
    };

    mutable std::mutex m_mutex;   // guards the maps' shape; the values are atomics
    std::map<Key, Series> m_requests;
    std::map<std::pair<std::string, std::string>, Histogram> m_durations;   // route, method
    std::atomic<std::uint64_t> m_sign_in_failures{0};
    std::atomic<std::uint64_t> m_import_rows{0};
    std::atomic<std::int64_t> m_streams{0};
};

}  // namespace tandem::http
