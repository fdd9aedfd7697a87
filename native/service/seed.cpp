// First-start and demo seeding.
#include "service/seed.h"

#include "auth/secrets.h"
#include "store/account_repo.h"
#include "store/database.h"
#include "store/domain_repo.h"
#include "store/lead_load.h"
#include "store/store.h"

namespace tandem::service {

namespace {

Criterion Check(const char* id, const char* label, const char* field, Op op, CriterionValue value, int points) {
    return Criterion{id, label, field, op, std::move(value), points};
}

// A reasonable first definition for a B2B team, meant to be revised by the two leaders.
DefinitionRules StarterRules() {
    DefinitionRules rules;
    rules.fit = {
        Check("size", "Company of 50 to 5,000 people", "company_size", Op::Between, {.numbers = {50, 5000}}, 20),
        Check("authority", "Decision maker", "authority", Op::Eq, {.texts = {"decision_maker"}}, 20),
        Check("budget", "Budget of $10k or more", "budget_usd", Op::Gte, {.numbers = {10000}}, 15),
    };
    rules.engagement = {
        Check("visits", "5+ page views", "page_views", Op::Gte, {.numbers = {5}}, 10),
        Check("content", "Downloaded content", "downloads", Op::Gte, {.numbers = {1}}, 10),
        Check("webinar", "Attended a webinar", "webinars_attended", Op::Gte, {.numbers = {1}}, 10),
        Check("demo", "Asked for a demo", "demo_requested", Op::Eq, {.flag = true}, 30),
    };
    rules.sales_ready = {
        Check("need", "Has a need", "need", Op::Eq, {.texts = {"yes"}}, 0),
        Check("budget_known", "Budget of $10k or more", "budget_usd", Op::Gte, {.numbers = {10000}}, 0),
        Check("timeline", "Buying within 6 months", "timeline_months", Op::Lte, {.numbers = {6}}, 0),
        Check("phone", "Has a phone number", "phone", Op::Exists, {}, 0),
    };
    rules.mql_threshold = 50;
    rules.decay = {DecayKind::HalfLife, 45};
    return rules;
}

class DatabaseSink final : public demo::DemoSink {
public:
    explicit DatabaseSink(store::Database& db) : m_db(db), m_leads(db) {}

    void OnUser(const User& user) override {
        // Every demo user shares one password; hash it once.
        if (m_password_hash.empty()) m_password_hash = auth::HashPassword(demo::kDemoPassword);
        store::InsertUser(m_db, user, m_password_hash);
    }
    void OnDefinition(const LeadDefinition& definition) override {
        store::InsertDefinition(m_db, definition);
        for (const Approval& approval : definition.approvals) store::InsertApproval(m_db, definition.version, approval);
    }
    void OnCampaign(const Campaign& campaign) override { store::InsertCampaign(m_db, campaign); }
    void OnLead(const Lead& lead, const std::vector<StageChange>& history) override {
        std::int64_t id = m_leads.Add(lead);
        for (StageChange change : history) {
            change.lead_id = id;
            m_leads.Add(change);
        }
        if (m_leads.Waiting() == 10000) m_leads.Flush();   // memory bounded however many leads
    }
    void OnFeedback(const Feedback& feedback) override {
        m_leads.Flush();   // the leads it is about
        store::InsertFeedback(m_db, feedback);
    }
    void OnTarget(const MonthlyTarget& target) override { store::UpsertTarget(m_db, target); }
    void Finish() { m_leads.Flush(); }

private:
    store::Database& m_db;
    store::LeadLoad m_leads;   // in one bulk load: the demo's 50,000 leads are most of its rows
    std::string m_password_hash;
};

}  // namespace

std::optional<std::string> SeedFirstStart(store::Store& store, Timestamp now) {
    std::string password = auth::RandomPassword();
    std::string hash = auth::HashPassword(password);
    bool created = store.Write([&](store::Database& db) {
        if (store::CountUsers(db) > 0) return false;
        User admin;
        admin.email = "admin@tandem.local";
        admin.name = "Administrator";
        admin.role = Role::Admin;
        admin.created_at = now;
        store::InsertUser(db, admin, hash);
        if (!store::FindDefinitionByStatus(db, DefinitionStatus::Active)) {
            LeadDefinition starter;
            starter.version = store::MaxDefinitionVersion(db) + 1;
            starter.status = DefinitionStatus::Active;
            starter.summary = "Starter definition: revise it together, then both leaders sign off.";
            starter.rules = StarterRules();
            starter.created_at = now;
            starter.activated_at = now;
            store::InsertDefinition(db, starter);
        }
        return true;
    });
    return created ? std::optional<std::string>(password) : std::nullopt;
}

bool SeedDemo(store::Store& store, const demo::DemoOptions& options) {
    return store.Write([&](store::Database& db) {
        if (store::CountUsers(db) > 0) return false;
        DatabaseSink sink(db);
        demo::GenerateDemo(options, sink);
        sink.Finish();
        return true;
    });
}

}  // namespace tandem::service
