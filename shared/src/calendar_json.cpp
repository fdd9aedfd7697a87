// JSON for the calendar: campaigns with their results and clashes, and a user's feed.
#include "tandem/calendar.h"
#include "tandem/codec.h"

namespace tandem {

namespace {

void RequiredTimestampOrNull(ObjectReader& reader, std::string_view key, std::optional<Timestamp>& out) {
    if (!reader.Member(key)) throw DecodeError(reader.PathOf(key), "required");
    reader.OptionalTimestamp(key, out);
}

CampaignResults ReadResults(const nlohmann::json& in, const std::string& path) {
    ObjectReader reader(in, path);
    CampaignResults results;
    reader.Required("leads", results.leads);
    reader.Required("mqls", results.mqls);
    reader.Required("sqls", results.sqls);
    reader.Required("won", results.won);
    reader.Required("revenue", results.revenue);
    reader.Finish();
    return results;
}

Clash ReadClash(const nlohmann::json& in, const std::string& path) {
    ObjectReader reader(in, path);
    Clash clash;
    reader.Required("campaign_id", clash.campaign_id);
    reader.Required("campaign_name", clash.campaign_name);
    reader.RequiredDate("from", clash.from);
    reader.RequiredDate("to", clash.to);
    reader.Required("reason", clash.reason);
    reader.Finish();
    return clash;
}

}  // namespace

nlohmann::json ToJson(const CampaignResults& results) {
    return {{"leads", results.leads}, {"mqls", results.mqls}, {"sqls", results.sqls},
            {"won", results.won},     {"revenue", results.revenue}};
}

nlohmann::json ToJson(const Clash& clash) {
    return {{"campaign_id", clash.campaign_id}, {"campaign_name", clash.campaign_name},
            {"from", FormatDate(clash.from)},   {"to", FormatDate(clash.to)},
            {"reason", clash.reason}};
}

nlohmann::json ToJson(const CampaignView& view) {
    nlohmann::json out = ToJson(view.campaign);
    out["results"] = ToJson(view.results);
    nlohmann::json clashes = nlohmann::json::array();
    for (const Clash& clash : view.clashes) clashes.push_back(ToJson(clash));
    out["clashes"] = std::move(clashes);
    return out;
}

CampaignView CampaignViewFromServerJson(const nlohmann::json& in) {
    if (!in.is_object()) throw DecodeError("", "expected an object");
    CampaignView view;
    nlohmann::json campaign = in;
    auto results = campaign.find("results");
    if (results == campaign.end()) throw DecodeError("results", "required");
    view.results = ReadResults(*results, "results");
    campaign.erase(results);
    auto clashes = campaign.find("clashes");
    if (clashes == campaign.end()) throw DecodeError("clashes", "required");
    if (!clashes->is_array()) throw DecodeError("clashes", "expected a list");
    for (std::size_t i = 0; i < clashes->size(); ++i)
        view.clashes.push_back(ReadClash((*clashes)[i], "clashes[" + std::to_string(i) + "]"));
    campaign.erase(clashes);
    view.campaign = CampaignFromServerJson(campaign);
    return view;
}

nlohmann::json ToJson(const CalendarFeed& feed) {
    return {{"active", feed.active},
            {"created_at", TimestampOrNull(feed.created_at)},
            {"last_used_at", TimestampOrNull(feed.last_used_at)},
            {"url", OrNull(feed.url)},
            {"webcal_url", OrNull(feed.webcal_url)}};
}

CalendarFeed CalendarFeedFromServerJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    CalendarFeed feed;
    reader.Required("active", feed.active);
    RequiredTimestampOrNull(reader, "created_at", feed.created_at);
    RequiredTimestampOrNull(reader, "last_used_at", feed.last_used_at);
    reader.Required("url", feed.url);
    reader.Required("webcal_url", feed.webcal_url);
    reader.Finish();
    return feed;
}

}  // namespace tandem
