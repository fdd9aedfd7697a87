// The outbox's sender.
#include "mail/mailer.h"

#include <algorithm>
#include <chrono>
#include <sys/socket.h>

#include "http/context.h"
#include "log.h"
#include "mail/breach_mails.h"
#include "mail/mail_repo.h"
#include "mail/wins_digest.h"
#include "store/store.h"

namespace tandem::mail {

namespace {

constexpr std::chrono::seconds kPoll{5};
constexpr std::int64_t kBreachCheckMs = 30'000;   // how often new SLA breaches and due digests are looked for
constexpr std::int64_t kMinuteMs = 60'000;
constexpr std::int64_t kGiveUpMs = 24 * 60 * kMinuteMs;

std::int64_t NowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// A span of the schedule for a first retry after `base_ms` instead of a minute (tests shorten it).
std::int64_t Scaled(std::int64_t ms, std::int64_t base_ms) { return ms * base_ms / kMinuteMs; }

}  // namespace

std::int64_t MailRetryDelayMs(std::int64_t attempts, std::int64_t base_ms) {
    constexpr std::int64_t kMinutes[] = {1, 5, 30, 120, 360};
    std::int64_t index = std::min<std::int64_t>(std::max<std::int64_t>(attempts, 1), std::size(kMinutes)) - 1;
    return kMinutes[index] * base_ms;
}

Mailer::Mailer(http::ServerContext& context, std::optional<SmtpSettings> settings, std::int64_t retry_base_ms)
    : m_context(context), m_settings(std::move(settings)), m_retry_base_ms(retry_base_ms) {}

Mailer::~Mailer() { Stop(); }

void Mailer::Start() {
    if (Enabled()) m_thread = std::thread([this] { Loop(); });
}

void Mailer::Stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        // A relay that does not answer would hold the stop for its 30 s timeout.
        if (m_socket >= 0) shutdown(m_socket, SHUT_RDWR);
    }
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

void Mailer::Wake() {
    {
        std::lock_guard lock(m_mutex);
        m_woken = true;
    }
    m_wake.notify_all();
}

void Mailer::Loop() {
    auto last_check = std::chrono::steady_clock::time_point();
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        m_woken = false;
        lock.unlock();
        try {
            // Of several servers on one database, one sends (or every mail would go twice).
            if (m_context.store.DoesBackgroundWork()) {
                if (std::chrono::steady_clock::now() - last_check >=
                    std::chrono::milliseconds(Scaled(kBreachCheckMs, m_retry_base_ms))) {
                    last_check = std::chrono::steady_clock::now();
                    QueueNewBreachMails(m_context, m_settings->from);
                    QueueWinsDigests(m_context, m_settings->from);
                }
                std::vector<QueuedMail> due = m_context.store.Read([](store::Database& db) { return DueMail(db, NowMs(), 20); });
                for (const QueuedMail& mail : due) {
                    std::string error;
                    bool transient = false;
                    try {
                        Send(*m_settings, mail.to, mail.message, [this](int socket) {
                            std::lock_guard guard(m_mutex);
                            m_socket = socket;
                        });
                    } catch (const SmtpError& e) {
                        error = e.what();
                        transient = e.transient;
                    }
                    {
                        // Cut short by the stop: not an attempt; it is sent after the restart.
                        std::lock_guard guard(m_mutex);
                        if (m_stopping && !error.empty()) break;
                    }
                    std::optional<std::int64_t> next;
                    if (transient) {
                        next = NowMs() + MailRetryDelayMs(mail.attempts + 1, m_retry_base_ms);
                        if (*next > mail.created_at * 1000 + Scaled(kGiveUpMs, m_retry_base_ms)) next.reset();
                    }
                    if (!error.empty())
                        LogLine("mail to " + mail.to + " not sent (attempt " + std::to_string(mail.attempts + 1) + "): " +
                                error + (next ? "; trying again later" : "; given up"));
                    m_context.store.Write([&](store::Database& db) {
                        if (error.empty()) MarkSent(db, mail.id, NowMs() / 1000);
                        else MarkFailed(db, mail.id, error, next);
                    });
                }
            }
        } catch (const std::exception& e) {
            LogLine(std::string("warning: sending mail failed: ") + e.what());
        }
        lock.lock();
        m_wake.wait_for(lock, kPoll, [this] { return m_stopping || m_woken; });
    }
}

}  // namespace tandem::mail
