// Readable differences between two versions of the rules, one line each, in a fixed order: per
// list (fit, engagement, sales-ready) the removed criteria, then each criterion of the new list in
// its order (added, moved in, renamed, changed condition or points), then a reordering; last the
// threshold, the caps and the decay.
#include <cmath>
#include <cstdio>

#include "tandem/coedit.h"

namespace tandem {

namespace {

constexpr CriteriaList kLists[] = {CriteriaList::Fit, CriteriaList::Engagement, CriteriaList::SalesReady};

const std::vector<Criterion>& ListOf(const DefinitionRules& rules, CriteriaList list) {
    switch (list) {
    case CriteriaList::Fit: return rules.fit;
    case CriteriaList::Engagement: return rules.engagement;
    case CriteriaList::SalesReady: return rules.sales_ready;
    }
    return rules.fit;
}

// "Fit: ..." at the start of a line, "fit" inside one.
std::string Title(CriteriaList list) {
    switch (list) {
    case CriteriaList::Fit: return "Fit";
    case CriteriaList::Engagement: return "Engagement";
    case CriteriaList::SalesReady: return "Sales-ready";
    }
    return "Fit";
}

std::string Lower(CriteriaList list) {
    switch (list) {
    case CriteriaList::Fit: return "fit";
    case CriteriaList::Engagement: return "engagement";
    case CriteriaList::SalesReady: return "sales-ready";
    }
    return "fit";
}

std::string Noun(CriteriaList list) {
    return list == CriteriaList::SalesReady ? "sales-ready check" : Lower(list) + " criterion";
}

struct Located {
    CriteriaList list;
    const Criterion* criterion;
};

std::optional<Located> Find(const DefinitionRules& rules, const std::string& id) {
    for (CriteriaList list : kLists)
        for (const Criterion& criterion : ListOf(rules, list))
            if (criterion.id == id) return Located{list, &criterion};
    return std::nullopt;
}

// 10000 as people typed it, 2.5 as well; never 10000.000000.
std::string NumberText(double value) {
    if (value == std::floor(value) && std::abs(value) < 1e15) return std::to_string(static_cast<long long>(value));
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.15g", value);
    return buffer;
}

FieldKind KindOf(const Criterion& criterion) {
    if (const FieldInfo* field = FindField(criterion.field)) return field->kind;
    if (criterion.value.flag) return FieldKind::Flag;
    return criterion.value.numbers.empty() ? FieldKind::Text : FieldKind::Number;
}

std::vector<std::string> ValueTexts(const Criterion& criterion) {
    std::vector<std::string> out;
    switch (KindOf(criterion)) {
    case FieldKind::Number:
        for (double number : criterion.value.numbers) out.push_back(NumberText(number));
        break;
    case FieldKind::Text:
    case FieldKind::Choice: out = criterion.value.texts; break;
    case FieldKind::Flag:
        if (criterion.value.flag) out.push_back(*criterion.value.flag ? "true" : "false");
        break;
    }
    return out;
}

// "gte 10000", "between 50 and 5000", "in software, fintech", "exists".
std::string Test(const Criterion& criterion) {
    std::string out(ToString(criterion.op));
    std::vector<std::string> values = ValueTexts(criterion);
    switch (criterion.op) {
    case Op::Exists: return out;
    case Op::Between:
        if (values.size() >= 2) return out + " " + values[0] + " and " + values[1];
        break;
    case Op::In:
    case Op::NotIn: {
        std::string list;
        for (const std::string& value : values) list += (list.empty() ? "" : ", ") + value;
        return out + " " + list;
    }
    default:
        if (!values.empty()) return out + " " + values[0];
        break;
    }
    return out;
}

std::string Condition(const Criterion& criterion) { return criterion.field + " " + Test(criterion); }

std::string Name(const Criterion& criterion) {
    return "'" + (criterion.label.empty() ? criterion.id : criterion.label) + "'";
}

std::string Points(int points) {
    std::string sign = points > 0 ? "+" : "";
    return sign + std::to_string(points) + (points == 1 || points == -1 ? " point" : " points");
}

// "(budget_usd gte 10000, +20 points)"; sales-ready checks have no points.
std::string Description(const Criterion& criterion, CriteriaList list) {
    std::string out = "(" + Condition(criterion);
    if (list != CriteriaList::SalesReady) out += ", " + Points(criterion.points);
    return out + ")";
}

std::string CapText(const std::optional<int>& cap) { return cap ? std::to_string(*cap) : "none"; }

std::string DecayText(const Decay& decay) {
    std::string days = std::to_string(decay.days) + (decay.days == 1 ? " day" : " days");
    switch (decay.kind) {
    case DecayKind::None: return "none";
    case DecayKind::Window: return "window " + days;
    case DecayKind::HalfLife: return "half-life " + days;
    }
    return "none";
}

void DiffList(const DefinitionRules& before, const DefinitionRules& after, CriteriaList list,
              std::vector<std::string>& lines) {
    const std::vector<Criterion>& old_list = ListOf(before, list);
    const std::vector<Criterion>& new_list = ListOf(after, list);
    const std::string title = Title(list) + ": ";

    for (const Criterion& criterion : old_list)
        if (!Find(after, criterion.id))
            lines.push_back("Removed " + Noun(list) + " " + Name(criterion) + " " + Description(criterion, list));

    for (const Criterion& criterion : new_list) {
        std::optional<Located> old = Find(before, criterion.id);
        if (!old) {
            lines.push_back("Added " + Noun(list) + " " + Name(criterion) + " " + Description(criterion, list));
            continue;
        }
        const Criterion& was = *old->criterion;
        if (old->list != list)
            lines.push_back("Moved " + Name(was) + " from " + Lower(old->list) + " to " + Lower(list));
        if (was.label != criterion.label) lines.push_back(title + Name(was) + " renamed " + Name(criterion));
        if (was.field != criterion.field || was.op != criterion.op || was.value != criterion.value) {
            std::string previous = was.field == criterion.field ? Test(was) : Condition(was);
            lines.push_back(title + Name(criterion) + " now " + Condition(criterion) + " (was " + previous + ")");
        }
        // Points of sales-ready checks count for nothing.
        if (list != CriteriaList::SalesReady && was.points != criterion.points) {
            lines.push_back(title + Name(criterion) + " points " + std::to_string(was.points) + " → " +
                            std::to_string(criterion.points));
        }
    }

    // The criteria that stayed in this list, in their old and their new order.
    std::vector<std::string> old_order, new_order;
    for (const Criterion& criterion : old_list)
        if (std::optional<Located> now = Find(after, criterion.id); now && now->list == list)
            old_order.push_back(criterion.id);
    for (const Criterion& criterion : new_list)
        if (std::optional<Located> was = Find(before, criterion.id); was && was->list == list)
            new_order.push_back(criterion.id);
    if (old_order != new_order) lines.push_back(title + "order changed");
}

}  // namespace

std::vector<std::string> DiffRules(const DefinitionRules& before, const DefinitionRules& after) {
    std::vector<std::string> lines;
    for (CriteriaList list : kLists) DiffList(before, after, list, lines);
    if (before.mql_threshold != after.mql_threshold)
        lines.push_back("MQL threshold " + std::to_string(before.mql_threshold) + " → " +
                        std::to_string(after.mql_threshold));
    if (before.fit_cap != after.fit_cap)
        lines.push_back("Fit cap " + CapText(before.fit_cap) + " → " + CapText(after.fit_cap));
    if (before.engagement_cap != after.engagement_cap)
        lines.push_back("Engagement cap " + CapText(before.engagement_cap) + " → " + CapText(after.engagement_cap));
    // Days kept while decay is off mean nothing to a reader, so none → none is no difference.
    if (DecayText(before.decay) != DecayText(after.decay))
        lines.push_back("Decay: " + DecayText(before.decay) + " → " + DecayText(after.decay));
    return lines;
}

}  // namespace tandem
