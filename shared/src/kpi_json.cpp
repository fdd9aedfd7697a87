// JSON for the scorecard: what GET /api/scorecard sends and the dashboard decodes, strictly.
#include "tandem/codec.h"
#include "tandem/kpi.h"

namespace tandem {

namespace {

// Attainment has no entry in enums.h's tables: it is a verdict of this module, not a domain
// vocabulary, and only its JSON needs the names.
constexpr std::pair<Attainment, std::string_view> kColours[] = {
    {Attainment::None, "none"}, {Attainment::Red, "red"}, {Attainment::Amber, "amber"}, {Attainment::Green, "green"}};

std::string_view ColourName(Attainment colour) {
    for (const auto& entry : kColours)
        if (entry.first == colour) return entry.second;
    return "none";
}

Attainment ReadColour(ObjectReader& reader, std::string_view key) {
    std::string name;
    reader.Required(key, name);
    for (const auto& entry : kColours)
        if (entry.second == name) return entry.first;
    throw DecodeError(reader.PathOf(key), "unknown value '" + name + "' (expected one of: none, red, amber, green)");
}

void ReadCount(ObjectReader& reader, std::string_view key, std::int64_t& out) {
    reader.Required(key, out);
    if (out < 0) throw DecodeError(reader.PathOf(key), "must be at least 0");
}

nlohmann::json ToJson(const Kpis& k) {
    nlohmann::json by_reason = nlohmann::json::object();
    for (const auto& entry : k.recycled_by_reason) by_reason[std::string(ToString(entry.first))] = entry.second;
    nlohmann::json out = {
        {"leads", k.leads},
        {"mqls", k.mqls},
        {"sales_ready", k.sales_ready},
        {"sqls", k.sqls},
        {"opportunities", k.opportunities},
        {"accepted", k.accepted},
        {"rejected", k.rejected},
        {"acceptance_rate", OrNull(k.acceptance_rate)},
        {"lead_to_mql", OrNull(k.lead_to_mql)},
        {"mql_to_sales_ready", OrNull(k.mql_to_sales_ready)},
        {"sales_ready_to_sql", OrNull(k.sales_ready_to_sql)},
        {"sql_to_opportunity", OrNull(k.sql_to_opportunity)},
        {"opportunity_to_won", OrNull(k.opportunity_to_won)},
        {"response_answered", k.response_answered},
        {"response_hours_median", OrNull(k.response_hours_median)},
        {"response_hours_p90", OrNull(k.response_hours_p90)},
        {"sla_due", k.sla_due},
        {"sla_met", k.sla_met},
        {"sla_met_rate", OrNull(k.sla_met_rate)},
        {"recycled", k.recycled},
        {"recycled_by_reason", std::move(by_reason)},
        {"won", k.won},
        {"lost", k.lost},
        {"revenue", k.revenue},
        {"win_rate", OrNull(k.win_rate)},
        {"avg_deal", OrNull(k.avg_deal)},
        {"cycle_days", OrNull(k.cycle_days)},
        {"open_opportunities", k.open_opportunities},
        {"sales_velocity", OrNull(k.sales_velocity)},
    };
    return out;
}

Kpis KpisFromJson(const nlohmann::json& in, const std::string& path) {
    ObjectReader reader(in, path);
    Kpis k;
    ReadCount(reader, "leads", k.leads);
    ReadCount(reader, "mqls", k.mqls);
    ReadCount(reader, "sales_ready", k.sales_ready);
    ReadCount(reader, "sqls", k.sqls);
    ReadCount(reader, "opportunities", k.opportunities);
    ReadCount(reader, "accepted", k.accepted);
    ReadCount(reader, "rejected", k.rejected);
    reader.Required("acceptance_rate", k.acceptance_rate);
    reader.Required("lead_to_mql", k.lead_to_mql);
    reader.Required("mql_to_sales_ready", k.mql_to_sales_ready);
    reader.Required("sales_ready_to_sql", k.sales_ready_to_sql);
    reader.Required("sql_to_opportunity", k.sql_to_opportunity);
    reader.Required("opportunity_to_won", k.opportunity_to_won);
    ReadCount(reader, "response_answered", k.response_answered);
    reader.Required("response_hours_median", k.response_hours_median);
    reader.Required("response_hours_p90", k.response_hours_p90);
    ReadCount(reader, "sla_due", k.sla_due);
    ReadCount(reader, "sla_met", k.sla_met);
    reader.Required("sla_met_rate", k.sla_met_rate);
    ReadCount(reader, "recycled", k.recycled);
    const nlohmann::json* by_reason = reader.Member("recycled_by_reason");
    if (!by_reason) throw DecodeError(reader.PathOf("recycled_by_reason"), "required");
    ObjectReader reasons(*by_reason, reader.PathOf("recycled_by_reason"));
    // Every reason, in enum order, as the engine lists them: the dashboard draws zero bars too.
    for (const auto& entry : EnumValues<RejectReason>()) {
        std::int64_t count = 0;
        ReadCount(reasons, entry.second, count);
        k.recycled_by_reason.emplace_back(entry.first, count);
    }
    reasons.Finish();
    ReadCount(reader, "won", k.won);
    ReadCount(reader, "lost", k.lost);
    ReadCount(reader, "revenue", k.revenue);
    reader.Required("win_rate", k.win_rate);
    reader.Required("avg_deal", k.avg_deal);
    reader.Required("cycle_days", k.cycle_days);
    ReadCount(reader, "open_opportunities", k.open_opportunities);
    reader.Required("sales_velocity", k.sales_velocity);
    reader.Finish();
    return k;
}

nlohmann::json ToJson(const TargetCheck& check) {
    nlohmann::json out = {
        {"target", OrNull(check.target)},
        {"attainment", OrNull(check.attainment)},
        {"colour", std::string(ColourName(check.colour))},
    };
    return out;
}

TargetCheck TargetCheckFromJson(const nlohmann::json& in, const std::string& path) {
    ObjectReader reader(in, path);
    TargetCheck check;
    reader.Required("target", check.target);
    reader.Required("attainment", check.attainment);
    check.colour = ReadColour(reader, "colour");
    reader.Finish();
    return check;
}

std::string Indexed(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

const nlohmann::json& RequiredList(ObjectReader& reader, std::string_view key) {
    const nlohmann::json* member = reader.Member(key);
    if (!member) throw DecodeError(reader.PathOf(key), "required");
    if (!member->is_array()) throw DecodeError(reader.PathOf(key), "expected a list");
    return *member;
}

const nlohmann::json& RequiredMember(ObjectReader& reader, std::string_view key) {
    const nlohmann::json* member = reader.Member(key);
    if (!member) throw DecodeError(reader.PathOf(key), "required");
    return *member;
}

nlohmann::json EffectsJson(const std::vector<DefinitionEffect>& effects) {
    nlohmann::json out = nlohmann::json::array();
    for (const DefinitionEffect& effect : effects) {
        out.push_back({{"version", effect.version},
                       {"activated_at", FormatTimestamp(effect.activated_at)},
                       {"mqls", effect.mqls},
                       {"sales_ready", effect.sales_ready}});
    }
    return out;
}

// The list under `key`, each object read by read(item_reader) into a new element.
template <class T, class Read>
std::vector<T> ListFromJson(ObjectReader& reader, std::string_view key, Read&& read) {
    const nlohmann::json& list = RequiredList(reader, key);
    std::vector<T> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        ObjectReader item(list[i], Indexed(reader.PathOf(key), i));
        read(item, out.emplace_back());
        item.Finish();
    }
    return out;
}

std::vector<DefinitionEffect> EffectsFromJson(ObjectReader& reader, std::string_view key) {
    return ListFromJson<DefinitionEffect>(reader, key, [](ObjectReader& effect, DefinitionEffect& item) {
        effect.Required("version", item.version);
        item.activated_at = ReadTimestamp(RequiredMember(effect, "activated_at"), effect.PathOf("activated_at"));
        effect.Required("mqls", item.mqls);
        effect.Required("sales_ready", item.sales_ready);
    });
}

nlohmann::json WeeksJson(const std::vector<WeekPoint>& weeks) {
    nlohmann::json out = nlohmann::json::array();
    for (const WeekPoint& week : weeks) {
        out.push_back({{"week_start", FormatDate(week.week_start)},
                       {"kpis", ToJson(week.kpis)},
                       {"definitions", EffectsJson(week.definitions)}});
    }
    return out;
}

std::vector<WeekPoint> WeeksFromJson(ObjectReader& reader, std::string_view key) {
    return ListFromJson<WeekPoint>(reader, key, [](ObjectReader& week, WeekPoint& point) {
        week.RequiredDate("week_start", point.week_start);
        point.kpis = KpisFromJson(RequiredMember(week, "kpis"), week.PathOf("kpis"));
        point.definitions = EffectsFromJson(week, "definitions");
    });
}

}  // namespace

nlohmann::json ToJson(const Scorecard& scorecard) {
    nlohmann::json groups = nlohmann::json::array();
    for (const GroupKpis& group : scorecard.groups)
        groups.push_back({{"key", group.key}, {"name", group.name}, {"kpis", ToJson(group.kpis)}, {"weeks", WeeksJson(group.weeks)}});
    nlohmann::json weeks = WeeksJson(scorecard.weeks);
    nlohmann::json breaches = nlohmann::json::array();
    for (const SlaBreach& breach : scorecard.breaches) {
        breaches.push_back({{"lead_id", breach.lead_id},
                            {"owner_id", breach.owner_id != 0 ? nlohmann::json(breach.owner_id) : nlohmann::json(nullptr)},
                            {"entered_at", FormatTimestamp(breach.entered_at)},
                            {"hours_waiting", breach.hours_waiting}});
    }
    nlohmann::json out = {
        {"total", ToJson(scorecard.total)},
        {"targets",
         {{"leads", ToJson(scorecard.leads_target)},
          {"mqls", ToJson(scorecard.mqls_target)},
          {"sqls", ToJson(scorecard.sqls_target)},
          {"revenue", ToJson(scorecard.revenue_target)},
          {"acceptance_rate", ToJson(scorecard.acceptance_target)}}},
        {"groups", std::move(groups)},
        {"weeks", std::move(weeks)},
        {"definitions", EffectsJson(scorecard.definitions)},
        {"breaches", std::move(breaches)},
    };
    return out;
}

Scorecard ScorecardFromJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    Scorecard card;
    card.total = KpisFromJson(RequiredMember(reader, "total"), reader.PathOf("total"));

    ObjectReader targets(RequiredMember(reader, "targets"), reader.PathOf("targets"));
    auto target = [&targets](std::string_view key) {
        return TargetCheckFromJson(RequiredMember(targets, key), targets.PathOf(key));
    };
    card.leads_target = target("leads");
    card.mqls_target = target("mqls");
    card.sqls_target = target("sqls");
    card.revenue_target = target("revenue");
    card.acceptance_target = target("acceptance_rate");
    targets.Finish();

    const nlohmann::json& groups = RequiredList(reader, "groups");
    for (std::size_t i = 0; i < groups.size(); ++i) {
        ObjectReader group(groups[i], Indexed(reader.PathOf("groups"), i));
        GroupKpis out;
        group.Required("key", out.key);
        group.Required("name", out.name);
        out.kpis = KpisFromJson(RequiredMember(group, "kpis"), group.PathOf("kpis"));
        out.weeks = WeeksFromJson(group, "weeks");
        group.Finish();
        card.groups.push_back(std::move(out));
    }

    card.weeks = WeeksFromJson(reader, "weeks");
    card.definitions = EffectsFromJson(reader, "definitions");

    const nlohmann::json& breaches = RequiredList(reader, "breaches");
    for (std::size_t i = 0; i < breaches.size(); ++i) {
        ObjectReader breach(breaches[i], Indexed(reader.PathOf("breaches"), i));
        SlaBreach out;
        breach.Required("lead_id", out.lead_id);
        std::optional<std::int64_t> owner;
        breach.Required("owner_id", owner);
        out.owner_id = owner.value_or(0);
        out.entered_at = ReadTimestamp(RequiredMember(breach, "entered_at"), breach.PathOf("entered_at"));
        breach.Required("hours_waiting", out.hours_waiting);
        breach.Finish();
        card.breaches.push_back(out);
    }
    reader.Finish();
    return card;
}

}  // namespace tandem
