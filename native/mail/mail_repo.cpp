// Email outbox, opt-out and opt-in rows.
#include "mail/mail_repo.h"

#include "store/database.h"

namespace tandem::mail {

void EnqueueMail(store::Database& db, const std::string& kind, const std::string& to, const std::string& message,
                 Timestamp now) {
    db.Cached("INSERT INTO mail_outbox (kind, to_address, message, status, attempts, last_error, next_attempt_ms, "
              "created_at) VALUES (?, ?, ?, 'pending', 0, '', ?, ?)")
        .Bind(1, kind)
        .Bind(2, to)
        .Bind(3, message)
        .Bind(4, now * 1000)
        .Bind(5, now)
        .Run();
}

std::vector<QueuedMail> DueMail(store::Database& db, std::int64_t now_ms, int limit) {
    store::Statement& s = db.Cached(
        "SELECT id, to_address, message, attempts, created_at FROM mail_outbox "
        "WHERE status = 'pending' AND next_attempt_ms <= ? ORDER BY next_attempt_ms, id LIMIT ?");
    s.Bind(1, now_ms).Bind(2, static_cast<std::int64_t>(limit));
    std::vector<QueuedMail> due;
    while (s.Step()) due.push_back({s.Int(0), s.Text(1), s.Text(2), s.Int(3), s.Int(4)});
    return due;
}

void MarkSent(store::Database& db, std::int64_t id, Timestamp now) {
    db.Cached("UPDATE mail_outbox SET status = 'sent', message = '', attempts = attempts + 1, last_error = '', "
              "next_attempt_ms = NULL, sent_at = ? WHERE id = ?")
        .Bind(1, now)
        .Bind(2, id)
        .Run();
}

void MarkFailed(store::Database& db, std::int64_t id, const std::string& error, std::optional<std::int64_t> next_attempt_ms) {
    if (next_attempt_ms) {
        db.Cached("UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_ms = ? WHERE id = ?")
            .Bind(1, error)
            .Bind(2, *next_attempt_ms)
            .Bind(3, id)
            .Run();
    } else {   // given up: the message goes too
        db.Cached("UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_ms = NULL, "
                  "status = 'failed', message = '' WHERE id = ?")
            .Bind(1, error)
            .Bind(2, id)
            .Run();
    }
}

bool OptedOut(store::Database& db, std::int64_t user_id, const std::string& kind) {
    store::Statement& s = db.Cached("SELECT 1 FROM email_opt_outs WHERE user_id = ? AND kind = ?");
    s.Bind(1, user_id).Bind(2, kind);
    bool found = s.Step();
    s.Reset();
    return found;
}

void SetOptedOut(store::Database& db, std::int64_t user_id, const std::string& kind, bool opted_out) {
    const char* sql = opted_out ? "INSERT INTO email_opt_outs (user_id, kind) VALUES (?, ?) "
                                  "ON CONFLICT (user_id, kind) DO NOTHING"
                                : "DELETE FROM email_opt_outs WHERE user_id = ? AND kind = ?";
    db.Cached(sql).Bind(1, user_id).Bind(2, kind).Run();
}

bool OptedIn(store::Database& db, std::int64_t user_id, const std::string& kind) {
    store::Statement& s = db.Cached("SELECT 1 FROM email_opt_ins WHERE user_id = ? AND kind = ?");
    s.Bind(1, user_id).Bind(2, kind);
    bool found = s.Step();
    s.Reset();
    return found;
}

void SetOptedIn(store::Database& db, std::int64_t user_id, const std::string& kind, bool opted_in) {
    const char* sql = opted_in ? "INSERT INTO email_opt_ins (user_id, kind) VALUES (?, ?) "
                                 "ON CONFLICT (user_id, kind) DO NOTHING"
                               : "DELETE FROM email_opt_ins WHERE user_id = ? AND kind = ?";
    db.Cached(sql).Bind(1, user_id).Bind(2, kind).Run();
}

}  // namespace tandem::mail
