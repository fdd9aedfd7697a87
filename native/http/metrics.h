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
#include <utility>

#include "histogram.h"

namespace tandem::http {

// What is read at scrape time, from the store, the funnel and the thread pool.
struct MetricsGauges {
    std::uint64_t database_bytes = 0;       // SQLite's file and WAL, or PostgreSQL's pg_database_size
    const Histogram* write_lock_wait = nullptr;
    std::int64_t sla_breaches_open = 0;
    std::uint64_t funnel_full_loads = 0;
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
    // route, method and status; looked up by views, so counting a request allocates nothing.
    struct Key {
        std::string route;
        std::string method;
        int status = 0;
    };
    struct KeyView {
        std::string_view route;
        std::string_view method;
        int status = 0;
    };
    struct Order {
        using is_transparent = void;
        static KeyView View(const Key& k) { return {k.route, k.method, k.status}; }
        static KeyView View(const KeyView& k) { return k; }
        template <class A, class B>
        bool operator()(const A& a, const B& b) const {
            KeyView x = View(a), y = View(b);
            return std::tie(x.route, x.method, x.status) < std::tie(y.route, y.method, y.status);
        }
    };
    struct Series {
        std::atomic<std::uint64_t> count{0};
        Histogram duration;   // kept with status 0: one histogram per route and method
    };
    Series& Find(KeyView key);   // with m_mutex held

    mutable std::mutex m_mutex;   // guards the map's shape; the values are atomics
    std::map<Key, Series, Order> m_series;
    std::atomic<std::uint64_t> m_sign_in_failures{0};
    std::atomic<std::uint64_t> m_import_rows{0};
    std::atomic<std::int64_t> m_streams{0};
};

}  // namespace tandem::http
