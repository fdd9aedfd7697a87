// Columnar JSON of lead facts.
#include "tandem/facts_table.h"

#include <unordered_map>

#include "tandem/codec.h"

namespace tandem {

namespace {

// A text column as {"values": distinct texts, "index": per lead}.
nlohmann::json TextColumn(std::span<const Lead> leads, const std::string Lead::*field) {
    std::unordered_map<std::string, std::size_t> positions;
    nlohmann::json values = nlohmann::json::array();
    nlohmann::json index = nlohmann::json::array();
    for (const Lead& lead : leads) {
        auto [it, added] = positions.try_emplace(lead.*field, values.size());
        if (added) values.push_back(lead.*field);
        index.push_back(it->second);
    }
    return {{"values", values}, {"index", index}};
}

template <class T>
nlohmann::json Column(std::span<const Lead> leads, T Lead::*field) {
    nlohmann::json column = nlohmann::json::array();
    for (const Lead& lead : leads) {
        if constexpr (std::is_same_v<T, std::optional<std::int64_t>>) column.push_back(OrNull(lead.*field));
        else if constexpr (std::is_enum_v<T>) column.push_back(ToString(lead.*field));
        else column.push_back(lead.*field);
    }
    return column;
}

const nlohmann::json& Member(const nlohmann::json& in, const char* key, std::size_t size) {
    if (!in.contains(key)) throw DecodeError(key, "required");
    const nlohmann::json& column = in.at(key);
    if (!column.is_array() || column.size() != size) throw DecodeError(key, "expected a list of " + std::to_string(size));
    return column;
}

void ReadText(const nlohmann::json& in, const char* key, std::vector<Lead>& leads, std::string Lead::*field) {
    if (!in.contains(key) || !in.at(key).is_object()) throw DecodeError(key, "expected {values, index}");
    const nlohmann::json& values = in.at(key).at("values");
    const nlohmann::json& index = Member(in.at(key), "index", leads.size());
    for (std::size_t i = 0; i < leads.size(); ++i) {
        std::size_t position = index[i].get<std::size_t>();
        if (position >= values.size()) throw DecodeError(key, "index out of range");
        leads[i].*field = values[position].get<std::string>();
    }
}

}  // namespace

nlohmann::json FactsTableToJson(std::span<const Lead> leads) {
    nlohmann::json ids = nlohmann::json::array(), phones = nlohmann::json::array(), activity = nlohmann::json::array(),
                   created = nlohmann::json::array();
    for (const Lead& lead : leads) {
        ids.push_back(lead.id);
        phones.push_back(Trim(lead.phone).empty() ? 0 : 1);
        activity.push_back(OrNull(lead.last_activity_at));
        created.push_back(lead.created_at);
    }
    return {{"count", leads.size()},
            {"id", ids},
            {"source", Column(leads, &Lead::source)},
            {"industry", TextColumn(leads, &Lead::industry)},
            {"country", TextColumn(leads, &Lead::country)},
            {"title", TextColumn(leads, &Lead::title)},
            {"company", TextColumn(leads, &Lead::company)},
            {"has_phone", phones},
            {"company_size", Column(leads, &Lead::company_size)},
            {"budget_usd", Column(leads, &Lead::budget_usd)},
            {"authority", Column(leads, &Lead::authority)},
            {"need", Column(leads, &Lead::need)},
            {"timeline_months", Column(leads, &Lead::timeline_months)},
            {"page_views", Column(leads, &Lead::page_views)},
            {"downloads", Column(leads, &Lead::downloads)},
            {"webinars_attended", Column(leads, &Lead::webinars_attended)},
            {"email_clicks", Column(leads, &Lead::email_clicks)},
            {"demo_requested", Column(leads, &Lead::demo_requested)},
            {"last_activity_at", activity},
            {"created_at", created}};
}

std::vector<Lead> FactsTableFromJson(const nlohmann::json& in) {
    if (!in.is_object() || !in.contains("count")) throw DecodeError("count", "required");
    std::size_t size = in.at("count").get<std::size_t>();
    std::vector<Lead> leads(size);
    const nlohmann::json& ids = Member(in, "id", size);
    const nlohmann::json& sources = Member(in, "source", size);
    const nlohmann::json& phones = Member(in, "has_phone", size);
    const nlohmann::json& sizes = Member(in, "company_size", size);
    const nlohmann::json& budgets = Member(in, "budget_usd", size);
    const nlohmann::json& authorities = Member(in, "authority", size);
    const nlohmann::json& needs = Member(in, "need", size);
    const nlohmann::json& timelines = Member(in, "timeline_months", size);
    const nlohmann::json& views = Member(in, "page_views", size);
    const nlohmann::json& downloads = Member(in, "downloads", size);
    const nlohmann::json& webinars = Member(in, "webinars_attended", size);
    const nlohmann::json& clicks = Member(in, "email_clicks", size);
    const nlohmann::json& demos = Member(in, "demo_requested", size);
    const nlohmann::json& activity = Member(in, "last_activity_at", size);
    const nlohmann::json& created = Member(in, "created_at", size);
    auto optional = [](const nlohmann::json& value) {
        return value.is_null() ? std::nullopt : std::optional<std::int64_t>(value.get<std::int64_t>());
    };
    for (std::size_t i = 0; i < size; ++i) {
        Lead& lead = leads[i];
        lead.id = ids[i].get<std::int64_t>();
        std::string path = "[" + std::to_string(i) + "]";
        ReadValue(sources[i], "source" + path, lead.source);
        ReadValue(authorities[i], "authority" + path, lead.authority);
        ReadValue(needs[i], "need" + path, lead.need);
        lead.phone = phones[i].get<int>() != 0 ? "1" : "";
        lead.company_size = optional(sizes[i]);
        lead.budget_usd = optional(budgets[i]);
        lead.timeline_months = optional(timelines[i]);
        lead.page_views = views[i].get<std::int64_t>();
        lead.downloads = downloads[i].get<std::int64_t>();
        lead.webinars_attended = webinars[i].get<std::int64_t>();
        lead.email_clicks = clicks[i].get<std::int64_t>();
        lead.demo_requested = demos[i].get<bool>();
        lead.last_activity_at = optional(activity[i]);
        lead.created_at = created[i].get<std::int64_t>();
    }
    ReadText(in, "industry", leads, &Lead::industry);
    ReadText(in, "country", leads, &Lead::country);
    ReadText(in, "title", leads, &Lead::title);
    ReadText(in, "company", leads, &Lead::company);
    return leads;
}

}  // namespace tandem
