// The lead definition: versioned fit and engagement criteria with points, the MQL threshold,
// caps, engagement decay, and the sales-ready checks that must all hold.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>
#include "tandem/enums.h"
#include "tandem/time.h"

namespace tandem {

// The lead fields a criterion may test, and what kind of value each holds.
enum class FieldKind { Number, Text, Choice, Flag };

struct FieldInfo {
    std::string_view name;                     // as in the Lead JSON, e.g. "budget_usd"
    FieldKind kind;
    std::span<const std::string_view> choices; // Choice fields: the allowed values
};

std::span<const FieldInfo> CriterionFields();
const FieldInfo* FindField(std::string_view name);

// What a criterion compares against. Which member is used follows from the field's kind and the
// operator: eq/neq/gte/lte one value, between two (inclusive), in/not_in a list, exists none.
struct CriterionValue {
    std::vector<double> numbers;
    std::vector<std::string> texts;      // Text fields compare case-insensitively
    std::optional<bool> flag;

    bool operator==(const CriterionValue&) const = default;
};

struct Criterion {
    std::string id;        // stable across edits, e.g. "c7"; unique within the definition
    std::string label;
    std::string field;
    Op op = Op::Eq;
    CriterionValue value;
    int points = 0;        // ignored for sales-ready checks

    bool operator==(const Criterion&) const = default;
};

struct Decay {
    DecayKind kind = DecayKind::None;
    int days = 0;          // window length, or half-life

    bool operator==(const Decay&) const = default;
};

struct Approval {
    std::int64_t user_id = 0;
    Role role = Role::MarketingLeader;
    Timestamp at = 0;

    bool operator==(const Approval&) const = default;
};

// The scoring rules. Fit (who they are) and engagement (what they did) are scored apart, each
// capped if a cap is set, engagement decayed by the time since the last activity; the score is
// their sum. A lead is an MQL when score >= mql_threshold, sales-ready when it is an MQL and every
// sales-ready check holds.
struct DefinitionRules {
    std::vector<Criterion> fit;
    std::vector<Criterion> engagement;
    std::vector<Criterion> sales_ready;
    int mql_threshold = 50;
    std::optional<int> fit_cap;
    std::optional<int> engagement_cap;
    Decay decay;

    bool operator==(const DefinitionRules&) const = default;
};

struct LeadDefinition {
    std::int64_t version = 0;              // 1, 2, ...; the shared draft has the next number
    DefinitionStatus status = DefinitionStatus::Draft;
    std::string summary;                   // what changed and why, in the leaders' words
    DefinitionRules rules;
    std::optional<Date> review_by;         // when the leaders agreed to look at it again
    Timestamp created_at = 0;
    std::optional<std::int64_t> created_by;
    std::optional<Timestamp> proposed_at;
    std::optional<Timestamp> activated_at;
    std::optional<Timestamp> retired_at;
    std::vector<Approval> approvals;
};

// The lead fields a rejection reason says were wrong (no_budget -> budget_usd); bad_fit names
// the fit fields; duplicate, unreachable and other contradict no criterion.
std::span<const std::string_view> ContradictedFields(RejectReason reason);

// JSON (src/definition_json.cpp).
nlohmann::json ToJson(const Criterion& criterion);
nlohmann::json ToJson(const DefinitionRules& rules);
nlohmann::json ToJson(const LeadDefinition& definition);
// Validates every criterion against its field: the field exists, the operator suits its kind,
// the value has the operator's shape and the field's type ("fit[2].value: budget_usd is a
// number"), choices are known, between has low <= high; ids are non-empty and unique across the
// three lists; threshold 0..10000; caps >= 0; decay days 1..3650 when decay is on (0..3650, kept,
// when it is off); points -1000..1000; ids at most 64 of [a-z0-9_-]; labels and text values at
// most 200 bytes. Paths are prefixed with `path` + "." when `path` is not empty.
DefinitionRules RulesFromJson(const nlohmann::json& in, const std::string& path = "");
// A definition as the server sends it (ToJson's output), for the dashboard: the rules under
// RulesFromJson's checks ("rules.fit[2].value: ..."), the rest as written; unknown members, here
// or in an approval, are refused.
LeadDefinition DefinitionFromServerJson(const nlohmann::json& in);

}  // namespace tandem
