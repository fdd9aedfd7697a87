// Sends the email outbox from a thread of the server's own (and queues SLA breach emails and the
// weekly wins digest, which no request makes: mail/breach_mails.h, mail/wins_digest.h), so no
// request waits on the mail server and no write lock is held across the network. A refused or
// unreachable server is tried again after 1 min, 5 min, 30 min, 2 h, then every 6 h, and given up
// 24 h after the mail was queued; a permanent refusal (5xx, an untrusted certificate) fails it at
// once. Sent mail keeps no body (it may hold a one-time link).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>

#include "mail/smtp.h"

namespace tandem::http {
struct ServerContext;
}

namespace tandem::mail {

// The delay before the attempt after `attempts` failed ones, in ms, scaled by base_ms / 60000 (as
// are the 24 h give-up and the 30 s look for new SLA breaches and due digests).
std::int64_t MailRetryDelayMs(std::int64_t attempts, std::int64_t base_ms);

class Mailer {
public:
    // Without settings (no --smtp-url) it sends nothing and Enabled() is false.
    Mailer(http::ServerContext& context, std::optional<SmtpSettings> settings, std::int64_t retry_base_ms);
    ~Mailer();   // stops and joins

    bool Enabled() const { return m_settings.has_value(); }
    const SmtpSettings& Settings() const { return *m_settings; }
    void Start();
    void Stop();
    // Look at the outbox now (a mail was just queued and committed), not at the next round.
    void Wake();

private:
    void Loop();

    http::ServerContext& m_context;
    std::optional<SmtpSettings> m_settings;
    std::int64_t m_retry_base_ms;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    bool m_woken = false;
    int m_socket = -1;   // the relay connection open now, shut down by Stop
    std::thread m_thread;
};

}  // namespace tandem::mail
