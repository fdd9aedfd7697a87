// The approver's look at an activation before it happens, and its JSON.
#include "tandem/activation_preview.h"

#include <algorithm>
#include <cassert>
#include <map>

#include <nlohmann/json.hpp>

#include "tandem/codec.h"
#include "tandem/stage_machine.h"

namespace tandem {

namespace {

constexpr Level kLevels[] = {Level::None, Level::Mql, Level::SalesReady};

std::size_t IndexOf(Level level) { return static_cast<std::size_t>(level); }

}  // namespace

ActivationPreview PreviewActivation(const CompiledRules& active, const CompiledRules& proposed,
                                    std::span<const FunnelLead> leads, std::span<const LeadFacts> facts, Timestamp now) {
    assert(leads.size() == facts.size());
    std::vector<LeadScore> before(facts.size()), after(facts.size());
    active.ScoreAll(facts, now, before);
    proposed.ScoreAll(facts, now, after);
    ActivationPreview preview;
    preview.leads = static_cast<std::int64_t>(leads.size());
    std::map<std::int64_t, std::int64_t> inboxes;
    for (std::size_t i = 0; i < leads.size(); ++i) {
        ++preview.levels[IndexOf(before[i].level)][IndexOf(after[i].level)];
        std::optional<Stage> move = AutoStage(leads[i].stage, after[i].level);
        if (!move) continue;
        if (*move == Stage::New) ++preview.to_new;
        if (*move == Stage::Mql) ++preview.to_mql;
        if (*move == Stage::SalesReady) {
            ++preview.to_sales_ready;
            ++inboxes[leads[i].owner_id];
        }
    }
    for (const auto& [owner, count] : inboxes) preview.inboxes.push_back({owner, count});
    std::stable_sort(preview.inboxes.begin(), preview.inboxes.end(),
                     [](const ActivationInbox& a, const ActivationInbox& b) { return a.leads > b.leads; });
    return preview;
}

nlohmann::json ToJson(const ActivationPreview& preview) {
    nlohmann::json levels = nlohmann::json::object();
    for (Level from : kLevels) {
        nlohmann::json row = nlohmann::json::object();
        for (Level to : kLevels) row[std::string(ToString(to))] = preview.levels[IndexOf(from)][IndexOf(to)];
        levels[std::string(ToString(from))] = row;
    }
    nlohmann::json inboxes = nlohmann::json::array();
    for (const ActivationInbox& inbox : preview.inboxes)
        inboxes.push_back({{"owner_id", inbox.owner_id ? nlohmann::json(inbox.owner_id) : nlohmann::json(nullptr)}, {"leads", inbox.leads}});
    return {{"version", preview.version}, {"leads", preview.leads},       {"levels", levels},
            {"to_new", preview.to_new},   {"to_mql", preview.to_mql},     {"to_sales_ready", preview.to_sales_ready},
            {"inboxes", inboxes}};
}

ActivationPreview ActivationPreviewFromJson(const nlohmann::json& in) {
    ActivationPreview preview;
    ObjectReader reader(in, "");
    reader.Required("version", preview.version);
    reader.Required("leads", preview.leads);
    reader.Required("to_new", preview.to_new);
    reader.Required("to_mql", preview.to_mql);
    reader.Required("to_sales_ready", preview.to_sales_ready);
    const nlohmann::json* levels = reader.Member("levels");
    if (!levels || !levels->is_object()) throw DecodeError("levels", "expected an object");
    ObjectReader by_level(*levels, "levels");
    for (Level from : kLevels) {
        const nlohmann::json* row = by_level.Member(ToString(from));
        if (!row) throw DecodeError("levels." + std::string(ToString(from)), "required");
        ObjectReader cells(*row, "levels." + std::string(ToString(from)));
        for (Level to : kLevels) cells.Required(ToString(to), preview.levels[IndexOf(from)][IndexOf(to)]);
        cells.Finish();
    }
    by_level.Finish();
    const nlohmann::json* inboxes = reader.Member("inboxes");
    if (!inboxes || !inboxes->is_array()) throw DecodeError("inboxes", "expected a list");
    for (const nlohmann::json& item : *inboxes) {
        ObjectReader inbox(item, "inboxes");
        std::optional<std::int64_t> owner;
        ActivationInbox& out = preview.inboxes.emplace_back();
        inbox.Required("owner_id", owner);
        out.owner_id = owner.value_or(0);
        inbox.Required("leads", out.leads);
        inbox.Finish();
    }
    reader.Finish();
    return preview;
}

}  // namespace tandem
