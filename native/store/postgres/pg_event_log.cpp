// Events through a PostgreSQL table and LISTEN/NOTIFY.
#include "store/postgres/pg_event_log.h"

#include <random>

#include "log.h"
#include "store/postgres/pg_connection.h"

namespace tandem::store::postgres {

namespace {

// The transport's own table, not domain data: created here, like the migration history.
constexpr const char* kCreateTable = R"sql(
    CREATE TABLE IF NOT EXISTS event_stream (
        id BIGSERIAL PRIMARY KEY,
        type TEXT NOT NULL,
        data TEXT NOT NULL,
        recipient BIGINT NOT NULL DEFAULT 0,
        at TIMESTAMPTZ NOT NULL DEFAULT now()
    ))sql";

// A credential change travels as a row of its own type, so a listener catching up sees it too.
constexpr const char* kCredentialsType = "credentials-changed";

// As many rows as a server's hub keeps (EventHub's capacity): a dashboard further behind reloads.
constexpr std::int64_t kKept = 10000;
constexpr std::int64_t kPruneEvery = 100;

}  // namespace

const std::string& ProcessOrigin() {
    static const std::string origin = [] {
        std::random_device random;
        return std::to_string((static_cast<std::uint64_t>(random()) << 32) | random());
    }();
    return origin;
}

PgEventLog::PgEventLog(std::string url)
    : m_url(std::move(url)), m_publisher(ConnectPostgres(m_url)), m_reader(ConnectPostgres(m_url)),
      m_listener(m_url, {kEventsChannel, kCommitsChannel},
                 {.connected = [this] { CatchUp(); },
                  .notified =
                      [this](const std::string& channel, const std::string& payload) {
                          if (channel == kEventsChannel) CatchUp();
                          else if (payload != ProcessOrigin()) {
                              ++m_foreign_commits;
                              m_handlers.foreign_commit();
                          }
                      }}) {
    WriteTransaction transaction(m_publisher);
    m_publisher.Exec(kCreateTable);
    transaction.Commit();
}

PgEventLog::~PgEventLog() { Stop(); }

void PgEventLog::Publish(const std::string& type, const std::string& data, std::int64_t recipient) {
    Append(type, data, recipient);
}

void PgEventLog::PublishCredentialsChanged(std::int64_t user_id) { Append(kCredentialsType, "{}", user_id); }

// Callers publish after their own commit and cannot undo it: a database gone at this moment costs
// the event (dashboards reload when their stream reconnects), not the request.
void PgEventLog::Append(const std::string& type, const std::string& data, std::int64_t recipient) {
    std::lock_guard lock(m_publish_mutex);
    try {
        WriteTransaction transaction(m_publisher, WriteNotice::Quiet);   // its own channel tells of it
        Statement& insert = m_publisher.Cached("INSERT INTO event_stream (type, data, recipient) VALUES (?, ?, ?) RETURNING id");
        insert.Bind(1, type).Bind(2, data).Bind(3, recipient);
        insert.Step();
        std::int64_t id = insert.Int(0);
        insert.Reset();
        m_publisher.Cached("SELECT pg_notify('tandem_events', ?)").Bind(1, std::to_string(id)).Run();
        if (++m_published % kPruneEvery == 0)
            m_publisher.Cached("DELETE FROM event_stream WHERE id <= ?").Bind(1, id - kKept).Run();
        transaction.Commit();
    } catch (const StoreError& e) {
        LogLine("warning: an event (" + type + ") could not be published: " + e.what());
    }
}

std::uint64_t PgEventLog::Floor() {
    std::uint64_t floor = 0;
    m_reader.Begin();
    Statement oldest = m_reader.Prepare("SELECT coalesce(min(id) - 1, 0) FROM event_stream");
    if (oldest.Step()) floor = static_cast<std::uint64_t>(oldest.Int(0));
    oldest.Release();
    m_reader.Commit();
    return floor;
}

void PgEventLog::Start(std::uint64_t floor, Handlers handlers) {
    m_last = floor;
    m_handlers = std::move(handlers);
    CatchUp();
    m_listener.Start();
}

void PgEventLog::Stop() { m_listener.Stop(); }

void PgEventLog::CatchUp() {
    std::vector<Entry> entries;
    std::vector<std::int64_t> credentials;
    m_reader.Begin();
    try {
        Statement& oldest = m_reader.Cached("SELECT coalesce(min(id), 0) FROM event_stream");
        std::uint64_t lost = oldest.Step() ? static_cast<std::uint64_t>(oldest.Int(0)) : 0;
        oldest.Reset();
        if (lost > m_last + 1) {
            m_handlers.lost(lost - 1);
            m_last = lost - 1;
        }
        Statement& rows = m_reader.Cached("SELECT id, type, data, recipient FROM event_stream WHERE id > ? ORDER BY id");
        rows.Bind(1, static_cast<std::int64_t>(m_last));
        while (rows.Step()) {
            Entry entry{static_cast<std::uint64_t>(rows.Int(0)), rows.Text(1), rows.Text(2), rows.Int(3)};
            if (entry.type == kCredentialsType) credentials.push_back(entry.recipient);
            else entries.push_back(std::move(entry));
            m_last = static_cast<std::uint64_t>(rows.Int(0));
        }
        rows.Reset();
        m_reader.Commit();
    } catch (const StoreError&) {
        if (m_reader.InTransaction()) m_reader.Rollback();
        throw;
    }
    if (!entries.empty()) m_handlers.events(std::move(entries));
    for (std::int64_t user_id : credentials) m_handlers.credentials_changed(user_id);
}

}  // namespace tandem::store::postgres
