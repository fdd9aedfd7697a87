#include "http/metrics.h"

#include <cstdio>

namespace tandem::http {

namespace {

// Label values escape backslash, double quote and newline (the exposition format's rules).
std::string Label(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

std::string Number(double value) {
    char text[40];
    std::snprintf(text, sizeof text, "%.17g", value);
    return text;
}

void Header(std::string& out, const char* name, const char* type, const char* help) {
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

// `labels` is either empty or `key="value",...` without braces.
void HistogramLines(std::string& out, const char* name, const std::string& labels, const Histogram& histogram) {
    Histogram::Reading reading = histogram.Read();
    std::string prefix = labels.empty() ? "" : labels + ",";
    for (std::size_t i = 0; i < Histogram::kBounds.size(); ++i) {
        out += std::string(name) + "_bucket{" + prefix + "le=\"" + Number(Histogram::kBounds[i]) + "\"} " +
               std::to_string(reading.cumulative[i]) + "\n";
    }
    std::uint64_t count = reading.cumulative.back();
    out += std::string(name) + "_bucket{" + prefix + "le=\"+Inf\"} " + std::to_string(count) + "\n";
    std::string braces = labels.empty() ? "" : "{" + labels + "}";
    out += std::string(name) + "_sum" + braces + " " + Number(reading.sum_seconds) + "\n";
    out += std::string(name) + "_count" + braces + " " + std::to_string(count) + "\n";
}

}  // namespace

Metrics::Series& Metrics::Find(KeyView key) {
    auto found = m_series.find(key);
    if (found != m_series.end()) return found->second;
    return m_series.try_emplace(Key{std::string(key.route), std::string(key.method), key.status}).first->second;
}

void Metrics::Request(std::string_view method, std::string_view route, int status, std::chrono::nanoseconds elapsed) {
    Series* counted;
    Series* timed;
    {
        std::lock_guard lock(m_mutex);
        counted = &Find({route, method, status});
        timed = &Find({route, method, 0});
    }
    counted->count.fetch_add(1, std::memory_order_relaxed);
    timed->duration.Observe(elapsed);
}

std::string Metrics::Render(const MetricsGauges& gauges) const {
    std::string out;
    out.reserve(16384);
    Header(out, "tandem_http_requests_total", "counter",
           "HTTP requests answered, by route template (\"(web)\": the dashboard's files, \"(none)\": no route), "
           "method and status.");
    std::lock_guard lock(m_mutex);
    for (const auto& [key, series] : m_series) {
        if (key.status == 0) continue;
        out += "tandem_http_requests_total{route=\"" + Label(key.route) + "\",method=\"" + Label(key.method) +
               "\",status=\"" + std::to_string(key.status) + "\"} " +
               std::to_string(series.count.load(std::memory_order_relaxed)) + "\n";
    }
    Header(out, "tandem_http_request_duration_seconds", "histogram",
           "Time from the request's headers to its response, by route template and method.");
    for (const auto& [key, series] : m_series) {
        if (key.status != 0) continue;
        HistogramLines(out, "tandem_http_request_duration_seconds",
                       "route=\"" + Label(key.route) + "\",method=\"" + Label(key.method) + "\"", series.duration);
    }
    Header(out, "tandem_event_streams_open", "gauge", "Event streams open now (about one per open dashboard).");
    out += "tandem_event_streams_open " + std::to_string(m_streams.load()) + "\n";
    Header(out, "tandem_http_worker_threads", "gauge", "HTTP worker threads, busy or idle.");
    out += "tandem_http_worker_threads " + std::to_string(worker_threads.load()) + "\n";
    Header(out, "tandem_sign_in_failures_total", "counter", "Password sign-ins refused (wrong password or locked).");
    out += "tandem_sign_in_failures_total " + std::to_string(m_sign_in_failures.load()) + "\n";
    Header(out, "tandem_import_rows_total", "counter", "Leads imported through the API.");
    out += "tandem_import_rows_total " + std::to_string(m_import_rows.load()) + "\n";
    Header(out, "tandem_database_size_bytes", "gauge", "The database: SQLite's file and its write-ahead log, or PostgreSQL's pg_database_size.");
    out += "tandem_database_size_bytes " + std::to_string(gauges.database_bytes) + "\n";
    if (gauges.write_lock_wait) {
        Header(out, "tandem_database_write_lock_wait_seconds", "histogram",
               "How long each write waited for the database's single writer.");
        HistogramLines(out, "tandem_database_write_lock_wait_seconds", "", *gauges.write_lock_wait);
    }
    Header(out, "tandem_sla_breaches_open", "gauge", "Sales-ready leads unanswered past the first-response SLA now.");
    out += "tandem_sla_breaches_open " + std::to_string(gauges.sla_breaches_open) + "\n";
    Header(out, "tandem_funnel_full_loads_total", "counter",
           "Times the scorecard's cache read every lead: at the start, after a rule change, after another process's write.");
    out += "tandem_funnel_full_loads_total " + std::to_string(gauges.funnel_full_loads) + "\n";
    Header(out, "tandem_build_info", "gauge", "The running version.");
    out += "tandem_build_info{version=\"" TANDEM_VERSION "\"} 1\n";
    Header(out, "process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch in seconds.");
    out += "process_start_time_seconds " + Number(gauges.start_time_seconds) + "\n";
    return out;
}

}  // namespace tandem::http
