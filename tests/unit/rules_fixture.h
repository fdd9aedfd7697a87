// A definition small enough to reason about in a test (one fit criterion on the budget), and a now.
#pragma once

#include "tandem/definition.h"

namespace tandem::test {

inline constexpr Timestamp kNow = 1'800'000'000;   // 2027-01-15T08:00:00Z

// 60 points, over the default threshold of 50, for a budget of at least `budget`; with no
// sales-ready checks, a lead that reaches it is sales-ready.
inline DefinitionRules BudgetAtLeast(double budget) {
    Criterion criterion;
    criterion.id = "budget";
    criterion.label = "Budget";
    criterion.field = "budget_usd";
    criterion.op = Op::Gte;
    criterion.value.numbers = {budget};
    criterion.points = 60;
    DefinitionRules rules;
    rules.fit = {criterion};
    return rules;
}

}  // namespace tandem::test
