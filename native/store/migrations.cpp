// Schema history. Never edit a migration that has shipped: add a new one at the end.
#include "store/migrations.h"

#include <string>
#include <string_view>

#include "log.h"
#include "store/database.h"
#include "store/sqlite/backup.h"

namespace tandem::store {

namespace {

// The DDL is SQLite's. Another engine translates it in a list of its own with the same versions
// and names (PostgreSQL's: store/postgres/pg_migrations.cpp).

constexpr Migration kMigrations[] = {
    {1, "settings",
     R"sql(
        CREATE TABLE settings (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO settings (key, value) VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
     )sql"},
    {2, "domain",
     R"sql(
        CREATE TABLE users (
            id            INTEGER PRIMARY KEY,
            email         TEXT NOT NULL UNIQUE,
            name          TEXT NOT NULL,
            role          TEXT NOT NULL CHECK (role IN ('admin', 'marketing_leader', 'sales_leader', 'marketer', 'sales_rep')),
            password_hash TEXT,                        -- Argon2id; NULL: cannot log in
            active        INTEGER NOT NULL DEFAULT 1,
            created_at    INTEGER NOT NULL
        );
        CREATE TABLE sessions (
            id_hash      BLOB PRIMARY KEY,             -- BLAKE2b of the cookie; the cookie itself is never stored
            user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            created_at   INTEGER NOT NULL,
            last_seen_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE api_tokens (
            id           INTEGER PRIMARY KEY,
            user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            name         TEXT NOT NULL,
            secret_hash  BLOB NOT NULL UNIQUE,
            created_at   INTEGER NOT NULL,
            last_used_at INTEGER,
            revoked_at   INTEGER
        );
        CREATE TABLE campaigns (
            id          INTEGER PRIMARY KEY,
            name        TEXT NOT NULL,
            type        TEXT NOT NULL,
            status      TEXT NOT NULL,
            start_date  INTEGER NOT NULL,              -- days since 1970-01-01, inclusive
            end_date    INTEGER NOT NULL,              -- inclusive
            owner_id    INTEGER REFERENCES users(id),
            segment     TEXT NOT NULL,                 -- JSON
            offer       TEXT NOT NULL,
            goal_leads  INTEGER,
            description TEXT NOT NULL,
            sales_notes TEXT NOT NULL,
            created_at  INTEGER NOT NULL,
            updated_at  INTEGER NOT NULL,
            revision    INTEGER NOT NULL
        );
        CREATE INDEX campaigns_dates ON campaigns(start_date, end_date);
        CREATE TABLE leads (
            id                 INTEGER PRIMARY KEY,
            email              TEXT NOT NULL UNIQUE,
            name               TEXT NOT NULL,
            company            TEXT NOT NULL,
            title              TEXT NOT NULL,
            industry           TEXT NOT NULL,
            company_size       INTEGER,
            country            TEXT NOT NULL,
            phone              TEXT NOT NULL,
            source             TEXT NOT NULL,
            campaign_id        INTEGER REFERENCES campaigns(id),
            owner_id           INTEGER REFERENCES users(id),
            created_at         INTEGER NOT NULL,
            budget_usd         INTEGER,
            authority          TEXT NOT NULL,
            need               TEXT NOT NULL,
            timeline_months    INTEGER,
            page_views         INTEGER NOT NULL,
            downloads          INTEGER NOT NULL,
            webinars_attended  INTEGER NOT NULL,
            email_clicks       INTEGER NOT NULL,
            demo_requested     INTEGER NOT NULL,
            last_activity_at   INTEGER,
            stage              TEXT NOT NULL,
            deal_value         INTEGER,
            score_fit          REAL NOT NULL,
            score_engagement   REAL NOT NULL,
            score_total        REAL NOT NULL,
            level              TEXT NOT NULL,
            score_version      INTEGER NOT NULL,
            scored_at          INTEGER,
            updated_at         INTEGER NOT NULL,
            revision           INTEGER NOT NULL
        );
        -- The list filters walk one of these in id order and stop after a page.
        CREATE INDEX leads_stage ON leads(stage, id);
        CREATE INDEX leads_source ON leads(source, id);
        CREATE INDEX leads_owner ON leads(owner_id, id);
        CREATE INDEX leads_campaign ON leads(campaign_id, id);
        CREATE INDEX leads_created ON leads(created_at);
        CREATE INDEX leads_score ON leads(score_total);
        CREATE TABLE stage_history (
            id          INTEGER PRIMARY KEY,
            lead_id     INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
            from_stage  TEXT,
            to_stage    TEXT NOT NULL,
            at          INTEGER NOT NULL,
            by_user_id  INTEGER REFERENCES users(id),
            reason      TEXT NOT NULL,
            note        TEXT NOT NULL
        );
        CREATE INDEX stage_history_lead ON stage_history(lead_id, at);
        CREATE TABLE definitions (
            version      INTEGER PRIMARY KEY,
            status       TEXT NOT NULL CHECK (status IN ('draft', 'proposed', 'active', 'retired')),
            summary      TEXT NOT NULL,
            rules        TEXT NOT NULL,                -- JSON
            review_by    INTEGER,                      -- days since 1970-01-01
            created_at   INTEGER NOT NULL,
            created_by   INTEGER REFERENCES users(id),
            proposed_at  INTEGER,
            activated_at INTEGER,
            retired_at   INTEGER
        );
        -- At most one active version, one shared draft, one proposal at a time.
        CREATE UNIQUE INDEX definitions_one_each ON definitions(status) WHERE status <> 'retired';
        CREATE TABLE definition_approvals (
            version INTEGER NOT NULL REFERENCES definitions(version),
            user_id INTEGER NOT NULL REFERENCES users(id),
            role    TEXT NOT NULL,
            at      INTEGER NOT NULL,
            PRIMARY KEY (version, user_id)
        ) WITHOUT ROWID;
        CREATE TABLE feedback (
            id          INTEGER PRIMARY KEY,
            author_id   INTEGER NOT NULL REFERENCES users(id),
            at          INTEGER NOT NULL,
            kind        TEXT NOT NULL,
            lead_id     INTEGER REFERENCES leads(id),
            campaign_id INTEGER REFERENCES campaigns(id),
            reason      TEXT,
            text        TEXT NOT NULL,
            tags        TEXT NOT NULL,                 -- JSON list
            status      TEXT,
            updated_at  INTEGER NOT NULL,
            revision    INTEGER NOT NULL
        );
        CREATE INDEX feedback_at ON feedback(at);
        CREATE INDEX feedback_lead ON feedback(lead_id);
        CREATE INDEX feedback_campaign ON feedback(campaign_id);
        CREATE TABLE targets (
            month           TEXT PRIMARY KEY,          -- "2026-11"
            leads           INTEGER,
            mqls            INTEGER,
            sqls            INTEGER,
            revenue         INTEGER,
            acceptance_rate REAL
        ) WITHOUT ROWID;
        INSERT INTO settings (key, value) VALUES ('sla_first_response_hours', '24');
     )sql"},
    {3, "definition_ops",
     R"sql(
        -- Every accepted batch of edits to a draft: the order the server decided, for resuming
        -- editors and for the record of who changed what.
        CREATE TABLE definition_ops (
            revision    INTEGER PRIMARY KEY,
            version     INTEGER NOT NULL REFERENCES definitions(version),
            client_id   TEXT NOT NULL,
            client_seq  INTEGER NOT NULL,
            author_id   INTEGER NOT NULL REFERENCES users(id),
            ops         TEXT NOT NULL,                 -- JSON list of the applied ops
            dropped     TEXT NOT NULL,                 -- JSON list of {index, reason} refused
            at          INTEGER NOT NULL
        );
        CREATE INDEX definition_ops_version ON definition_ops(version, revision);
        -- A resent batch (its answer was lost) is found here and answered again, not applied twice.
        CREATE UNIQUE INDEX definition_ops_sender ON definition_ops(version, client_id, client_seq);
     )sql"},
    {4, "calendar_feeds",
     R"sql(
        -- One calendar feed per user: calendar apps cannot sign in, so the feed URL carries a
        -- token, stored here only as a hash; deleting the row revokes it.
        CREATE TABLE calendar_feeds (
            user_id      INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
            secret_hash  TEXT NOT NULL UNIQUE,        -- BLAKE2b of the token, hex
            created_at   INTEGER NOT NULL,
            last_used_at INTEGER
        );
     )sql"},
    {5, "notifications",
     R"sql(
        -- In-app notices to one user (a content request they asked for is done), read in the
        -- dashboard's top bar; read_at is set when they open or dismiss it.
        CREATE TABLE notifications (
            id         INTEGER PRIMARY KEY,
            user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            text       TEXT NOT NULL,
            link       TEXT NOT NULL,                 -- a dashboard route, e.g. #/feedback?tab=requests
            created_at INTEGER NOT NULL,
            read_at    INTEGER
        );
        CREATE INDEX notifications_user ON notifications(user_id, id);
     )sql"},
    {6, "lead_assignments",
     R"sql(
        -- Who owned a lead when: every change of leads.owner_id is a row, by round robin (by_user_id
        -- NULL), a rep's claim or a leader's assignment; a NULL owner is the unassigned pool.
        CREATE TABLE lead_assignments (
            id            INTEGER PRIMARY KEY,
            lead_id       INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
            from_owner_id INTEGER REFERENCES users(id),
            to_owner_id   INTEGER REFERENCES users(id),
            at            INTEGER NOT NULL,
            by_user_id    INTEGER REFERENCES users(id),
            kind          TEXT NOT NULL CHECK (kind IN ('round_robin', 'claim', 'assign')),
            note          TEXT NOT NULL
        );
        CREATE INDEX lead_assignments_lead ON lead_assignments(lead_id, at);
     )sql"},
    {7, "account_security",
     R"sql(
        -- One-time links an admin makes so a user can set a new password; only the token's hash
        -- is kept, and a used or superseded link is deleted.
        CREATE TABLE password_resets (
            token_hash TEXT PRIMARY KEY,
            user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX password_resets_user ON password_resets(user_id);
        -- Single sign-on attempts between the redirect to the identity provider and its answer:
        -- the state (hashed: it comes back from the browser), the nonce and the PKCE verifier.
        CREATE TABLE sso_logins (
            state_hash TEXT PRIMARY KEY,
            nonce      TEXT NOT NULL,
            verifier   TEXT NOT NULL,
            return_to  TEXT NOT NULL,
            created_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        -- Ending a user's sessions (password change, deactivation) finds them by user.
        CREATE INDEX sessions_user ON sessions(user_id);
     )sql"},
    {8, "installation",
     R"sql(
        -- A random id for this installation: calendar UIDs carry it, so the campaigns of two
        -- Tandems subscribed in one calendar account never collide.
        INSERT INTO settings (key, value) VALUES ('installation_id', lower(hex(randomblob(16))));
     )sql"},
    {9, "lead_erasure",
     R"sql(
        -- When and by whom a person's data was erased on request (their lead stays, anonymous).
        ALTER TABLE leads ADD COLUMN erased_at INTEGER;
        ALTER TABLE leads ADD COLUMN erased_by INTEGER REFERENCES users(id);
     )sql"},
    {10, "webhooks",
     R"sql(
        -- Outgoing webhooks (Standard Webhooks, or Slack's incoming-webhook JSON): where to, which
        -- events, and the failure count that disables an endpoint nobody answers.
        CREATE TABLE webhook_endpoints (
            id              INTEGER PRIMARY KEY,
            url             TEXT NOT NULL,
            events          TEXT NOT NULL,                -- JSON list of event types
            format          TEXT NOT NULL CHECK (format IN ('standard', 'slack')),
            description     TEXT NOT NULL,
            secret          TEXT NOT NULL,                -- whsec_...
            enabled         INTEGER NOT NULL,
            disabled_reason TEXT NOT NULL,                -- set when the server disabled it
            failed_in_a_row INTEGER NOT NULL,             -- messages given up since the last delivery
            failing_since   INTEGER,                      -- first failed attempt since the last delivery
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL
        );
        -- The outbox: one row per endpoint and event, written in the transaction of the change,
        -- sent by the server's dispatcher until delivered or given up; also the delivery log.
        CREATE TABLE webhook_messages (
            id               INTEGER PRIMARY KEY,
            endpoint_id      INTEGER NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
            msg_id           TEXT NOT NULL UNIQUE,
            event_type       TEXT NOT NULL,
            payload          TEXT NOT NULL,
            status           TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
            attempts         INTEGER NOT NULL,
            last_status      INTEGER,
            last_error       TEXT NOT NULL,
            first_attempt_at INTEGER,
            next_attempt_ms  INTEGER,                     -- unix milliseconds, while pending
            delivered_at     INTEGER,
            created_at       INTEGER NOT NULL
        );
        CREATE INDEX webhook_messages_due ON webhook_messages(endpoint_id, next_attempt_ms) WHERE status = 'pending';
        CREATE INDEX webhook_messages_endpoint ON webhook_messages(endpoint_id, id);
        -- The SLA breaches each endpoint has been told of (a breach is a lead's handover at entered_at).
        CREATE TABLE webhook_breaches_sent (
            endpoint_id INTEGER NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
            lead_id     INTEGER NOT NULL,
            entered_at  INTEGER NOT NULL,
            PRIMARY KEY (endpoint_id, lead_id, entered_at)
        ) WITHOUT ROWID;
     )sql"},
    {11, "lead_crm_record",
     R"sql(
        -- The CRM record a lead was imported from ('hubspot', '51001'), so that a re-import of
        -- an updated export updates it instead of adding a duplicate; '' when it came from none.
        ALTER TABLE leads ADD COLUMN crm_source TEXT NOT NULL DEFAULT '';
        ALTER TABLE leads ADD COLUMN crm_id TEXT NOT NULL DEFAULT '';
        CREATE UNIQUE INDEX leads_crm_record ON leads(crm_source, crm_id) WHERE crm_id <> '';
     )sql"},
    {12, "mail",
     R"sql(
        -- The email outbox: one row per message, written in the transaction of what it tells of,
        -- sent by the server's mailer until sent or given up; a sent message keeps no body.
        CREATE TABLE mail_outbox (
            id              INTEGER PRIMARY KEY,
            kind            TEXT NOT NULL,                 -- password_reset, content_requests, sla_breaches
            to_address      TEXT NOT NULL,
            message         TEXT NOT NULL,                 -- RFC 5322, ready to send; '' once sent
            status          TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
            attempts        INTEGER NOT NULL,
            last_error      TEXT NOT NULL,
            next_attempt_ms INTEGER,                       -- unix milliseconds, while pending
            created_at      INTEGER NOT NULL,
            sent_at         INTEGER
        );
        CREATE INDEX mail_outbox_due ON mail_outbox(next_attempt_ms) WHERE status = 'pending';
        -- The SLA breaches the sales leaders were emailed about (a breach is a lead's handover at entered_at).
        CREATE TABLE mail_breaches_sent (
            lead_id    INTEGER NOT NULL,
            entered_at INTEGER NOT NULL,
            PRIMARY KEY (lead_id, entered_at)
        ) WITHOUT ROWID;
        -- The kinds of email each user turned off.
        CREATE TABLE email_opt_outs (
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            kind    TEXT NOT NULL,
            PRIMARY KEY (user_id, kind)
        ) WITHOUT ROWID;
     )sql"},
    {13, "wins_digest",
     R"sql(
        -- The kinds of email that are off until a user turns them on (the weekly wins digest).
        CREATE TABLE email_opt_ins (
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            kind    TEXT NOT NULL,
            PRIMARY KEY (user_id, kind)
        ) WITHOUT ROWID;
        -- The weekly wins digests queued: one per user and week told of (its Monday, YYYY-MM-DD),
        -- written in the transaction that queues it, so neither a restart nor a second server sends it again.
        CREATE TABLE mail_digests_sent (
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            week    TEXT NOT NULL,
            PRIMARY KEY (user_id, week)
        ) WITHOUT ROWID;
     )sql"},
    {14, "imports",
     R"sql(
        -- Every CSV import, updated in the transaction of each batch it commits: after a kill, the
        -- row says up to which row of the file the leads are in.
        CREATE TABLE imports (
            id             INTEGER PRIMARY KEY,
            source         TEXT NOT NULL,                 -- the file's name, 'standard input' or 'upload'
            mode           TEXT NOT NULL CHECK (mode IN ('insert', 'upsert')),
            by_user_id     INTEGER REFERENCES users(id),
            started_at     INTEGER NOT NULL,
            finished_at    INTEGER,
            outcome        TEXT CHECK (outcome IN ('done', 'failed')),   -- NULL while running, or after a kill
            problem        TEXT NOT NULL DEFAULT '',      -- why it failed
            batches        INTEGER NOT NULL DEFAULT 0,
            rows_committed INTEGER NOT NULL DEFAULT 0,    -- every data row up to this one is in
            last_line      INTEGER NOT NULL DEFAULT 0,    -- that row's last physical line
            imported       INTEGER NOT NULL DEFAULT 0,
            updated        INTEGER NOT NULL DEFAULT 0,
            rejected       INTEGER NOT NULL DEFAULT 0
        );
     )sql"},
    {15, "shared_sign_in_and_presence",
     R"sql(
        -- Password sign-ins being checked or that failed, for the limits on guessing (auth/rate_limit.h),
        -- so that every server sharing the database counts them together. A row is written before
        -- the password is checked and deleted if it was right; rows past the window are pruned.
        CREATE TABLE sign_in_failures (
            id            INTEGER PRIMARY KEY,
            address       TEXT NOT NULL,                 -- the client's address bucket (IPv6: its /64)
            email         TEXT NOT NULL,                 -- as typed, trimmed and lower case; maybe no one's
            at_ms         INTEGER NOT NULL,              -- unix milliseconds
            pair_forgiven INTEGER NOT NULL DEFAULT 0     -- 1: a right password for that email followed from
                                                         -- the address; counts for the address only
        );
        CREATE INDEX sign_in_failures_address ON sign_in_failures(address, at_ms);
        CREATE INDEX sign_in_failures_at ON sign_in_failures(at_ms);
        -- Who has the definition editor open, whichever server each editor reports to: one row per
        -- open editor, refreshed as it reports; one silent for 30 s has left, and any server removes it.
        CREATE TABLE editor_presence (
            client_id    TEXT PRIMARY KEY,               -- one per open editor (a person may have two tabs)
            user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            name         TEXT NOT NULL,                  -- the user's, when the editor last reported
            role         TEXT NOT NULL,
            criterion_id TEXT NOT NULL,                  -- '' when not on a criterion
            editing      INTEGER NOT NULL,               -- 1: typing into it, not just looking
            seen_at      INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX editor_presence_seen ON editor_presence(seen_at);
     )sql"},
    {16, "stage_history_by_stage",
     R"sql(
        -- The history of one stage across all leads: the re-qualification insight counts the leads
        -- sent back since a date (to_stage = 'recycled' AND at >= ?), the wins digest and the feedback
        -- insights find the leads won (to_stage = 'won'). stage_history_lead serves neither: without
        -- this index both read every row of the history, the longest table there is.
        CREATE INDEX stage_history_to_stage ON stage_history(to_stage, at);
     )sql"},
};

std::string TooNew(std::int64_t version) {
    return "its schema version " + std::to_string(version) + " is newer than this tandem knows (" +
           std::to_string(std::size(kMigrations)) + "); use a newer tandem";
}

}  // namespace

std::int64_t LatestSchemaVersion() { return std::size(kMigrations); }

void Migrate(Database& db, const MigrationPlan& plan) {
    std::int64_t current = 0;
    {
        WriteTransaction transaction(db);
        if (!plan.lock.empty()) db.Exec(plan.lock);
        db.Exec(plan.history_table);
        current = db.SchemaVersion();
        transaction.Commit();
    }
    if (current > LatestSchemaVersion()) throw StoreError(TooNew(current));
    if (current > 0 && current < LatestSchemaVersion() && plan.before_upgrade) plan.before_upgrade(db, current);
    for (const Migration& migration : plan.migrations) {
        if (migration.version <= current) continue;
        WriteTransaction transaction(db);
        if (!plan.lock.empty()) db.Exec(plan.lock);
        // Another process may have migrated between our read and our write lock.
        if (db.SchemaVersion() >= migration.version) continue;
        db.Exec(migration.sql);
        db.Prepare(std::string("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ") +
                   db.dialect().now_utc_text + ")")
            .Bind(1, migration.version)
            .Bind(2, migration.name)
            .Run();
        transaction.Commit();
    }
}

namespace {

// So that a migration, or the release that brought it, can be undone with `tandem restore`;
// a new database (version 0) has nothing to lose.
void BackUpBeforeUpgrade(Database& db, std::int64_t current) {
    std::string backup = db.Path() + ".pre-v" + std::to_string(current) + ".bak";
    try {
        BackupTo(db, backup);
    } catch (const StoreError& e) {
        throw StoreError("schema v" + std::to_string(current) + " needs migrating to v" +
                         std::to_string(LatestSchemaVersion()) + ", but the backup before it failed (" + e.what() +
                         "); nothing was migrated");
    }
    LogLine("backed up " + db.Path() + " to " + backup + " before migrating schema v" + std::to_string(current) +
            " to v" + std::to_string(LatestSchemaVersion()));
}

}  // namespace

void Migrate(Database& db) {
    Migrate(db, MigrationPlan{
                    .history_table = R"sql(
                        CREATE TABLE IF NOT EXISTS schema_migrations (
                            version    INTEGER PRIMARY KEY,
                            name       TEXT NOT NULL,
                            applied_at TEXT NOT NULL
                        )
                    )sql",
                    .migrations = kMigrations,
                    .lock = {},
                    .before_upgrade = &BackUpBeforeUpgrade,
                });
}

std::string SchemaProblem(Database& db) {
    Statement table = db.Prepare(db.dialect().count_tables_named);
    table.Bind(1, "schema_migrations");
    if (!table.Step() || table.Int(0) == 0) return "it has no schema_migrations table: not a Tandem database";
    std::int64_t version = db.SchemaVersion();
    if (version == 0) return "its schema_migrations table is empty: not a Tandem database";
    if (version > LatestSchemaVersion()) return TooNew(version);
    Statement rows = db.Prepare("SELECT version, name FROM schema_migrations ORDER BY version");
    for (const Migration& migration : kMigrations) {
        if (migration.version > version) break;
        if (!rows.Step() || rows.Int(0) != migration.version)
            return "its schema history lacks version " + std::to_string(migration.version) + ": not Tandem's";
        if (rows.Text(1) != migration.name)
            return "its schema version " + std::to_string(migration.version) + " is '" + rows.Text(1) +
                   "', Tandem's is '" + std::string(migration.name) + "'";
    }
    return {};
}

}  // namespace tandem::store
