// Lead evaluation: a lead's fit, engagement and total score under a definition, its level, and
// per criterion whether it matched, so every qualification can be explained.
//
// Two paths with one meaning: Evaluate() explains one lead; CompiledRules scores many leads fast
// (1M leads in well under 200 ms) from LeadFacts, a compact copy of the facts criteria can test.
// Unknown facts never match, whatever the operator (neq and not_in included).
#pragma once

#include <climits>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tandem/definition.h"
#include "tandem/lead.h"

namespace tandem {

struct CriterionResult {
    std::string id;
    bool matched = false;
    double points = 0;         // awarded (after decay for engagement; before caps)
};

struct Evaluation {
    double fit = 0;            // after the fit cap
    double engagement = 0;     // after decay and the engagement cap
    double total = 0;
    Level level = Level::None;
    std::vector<CriterionResult> fit_results;
    std::vector<CriterionResult> engagement_results;
    std::vector<CriterionResult> sales_ready_results;
};

// The decay factor for engagement at `now`: 1 without decay; for a window, 1 while the last
// activity (or creation, if no activity is known) is at most `days` days old, else 0; for a
// half-life, 0.5^(age_days / days).
double DecayFactor(const Decay& decay, const Lead& lead, Timestamp now);

Evaluation Evaluate(const DefinitionRules& rules, const Lead& lead, Timestamp now);

// Interns text values (lower-cased) so criteria compare integers, not strings. 0 is "unknown".
class StringPool {
public:
    std::uint32_t Intern(std::string_view text);             // "" -> 0
    std::uint32_t Find(std::string_view text) const;          // 0 if never interned
    std::size_t Size() const { return m_ids.size(); }

private:
    std::unordered_map<std::string, std::uint32_t> m_ids;
};

// The facts criteria can test, 72 bytes a lead. Numbers use kUnknownNumber (or INT32_MIN) for
// unknown; text fields are pool ids (0 = unknown); source is its underlying value + 1, authority
// and need their own value (their Unknown is already 0). Of the phone only its presence is kept:
// criteria may only ask whether it exists.
struct LeadFacts {
    static constexpr std::int64_t kUnknownNumber = INT64_MIN;
    std::int64_t budget_usd = kUnknownNumber;
    std::int64_t company_size = kUnknownNumber;
    std::int32_t timeline_months = INT32_MIN;
    std::int32_t page_views = 0;
    std::int32_t downloads = 0;
    std::int32_t webinars_attended = 0;
    std::int32_t email_clicks = 0;
    std::uint32_t industry = 0;
    std::uint32_t country = 0;
    std::uint32_t title = 0;
    std::uint32_t company = 0;
    Timestamp activity_at = 0;     // last activity, or creation
    std::uint8_t source = 0;
    std::uint8_t authority = 0;
    std::uint8_t need = 0;
    bool demo_requested = false;
    bool has_phone = false;
};

LeadFacts FactsOf(const Lead& lead, StringPool& pool);

class CompiledRules {
public:
    // Text values in criteria are looked up in (not added to) the pool: a value no lead has can
    // never match, which Find() expresses by returning 0.
    CompiledRules(const DefinitionRules& rules, const StringPool& pool);
    ~CompiledRules();
    CompiledRules(CompiledRules&&) noexcept;
    CompiledRules& operator=(CompiledRules&&) noexcept;

    // Same numbers as Evaluate() (definition_version and scored_at are left for the caller).
    LeadScore Score(const LeadFacts& facts, Timestamp now) const;
    // Scores every lead (out.size() == facts.size()). Single-threaded: callers that have threads
    // split the span.
    void ScoreAll(std::span<const LeadFacts> facts, Timestamp now, std::span<LeadScore> out) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace tandem
