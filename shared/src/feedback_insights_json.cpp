// JSON for marketing's feedback insights and the wins digest: what the server sends and the
// dashboard decodes, strictly.
#include "tandem/codec.h"
#include "tandem/feedback_insights.h"

namespace tandem {

namespace {

// [SECTION] Helpers

void ReadCount(ObjectReader& reader, std::string_view key, std::int64_t& out) {
    reader.Required(key, out);
    if (out < 0) throw DecodeError(reader.PathOf(key), "must be at least 0");
}

// Each element of the list member `key` read by `read(element, path)`.
template <class T, class F>
void ReadList(ObjectReader& reader, std::string_view key, std::vector<T>& out, F read) {
    const nlohmann::json* list = reader.Member(key);
    std::string path = reader.PathOf(key);
    if (!list) throw DecodeError(path, "required");
    if (!list->is_array()) throw DecodeError(path, "expected a list");
    out.clear();
    for (std::size_t i = 0; i < list->size(); ++i) out.push_back(read((*list)[i], path + "[" + std::to_string(i) + "]"));
}

nlohmann::json ToJson(const std::map<RejectReason, std::int64_t>& counts) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [reason, count] : counts) out[std::string(ToString(reason))] = count;
    return out;
}

std::map<RejectReason, std::int64_t> CountsFromJson(const nlohmann::json& in, const std::string& path) {
    if (!in.is_object()) throw DecodeError(path, "expected an object");
    std::map<RejectReason, std::int64_t> counts;
    for (const auto& [key, value] : in.items()) {
        std::string member = path + "." + key;
        std::optional<RejectReason> reason = ParseEnum<RejectReason>(key);
        if (!reason) throw DecodeError(member, "unknown reason (expected one of: " + EnumChoices<RejectReason>() + ")");
        std::int64_t count = 0;
        ReadValue(value, member, count);
        if (count < 0) throw DecodeError(member, "must be at least 0");
        counts[*reason] = count;
    }
    return counts;
}

// [SECTION] Rejections

nlohmann::json ToJson(const ReasonGroup& group) {
    return {{"key", group.key}, {"name", group.name}, {"total", group.total}, {"counts", ToJson(group.counts)},
            {"weekly", group.weekly}};
}

ReasonGroup ReasonGroupFromJson(const nlohmann::json& in, const std::string& path) {
    ObjectReader reader(in, path);
    ReasonGroup group;
    reader.Required("key", group.key);
    reader.Required("name", group.name);
    ReadCount(reader, "total", group.total);
    const nlohmann::json* counts = reader.Member("counts");
    if (!counts) throw DecodeError(reader.PathOf("counts"), "required");
    group.counts = CountsFromJson(*counts, reader.PathOf("counts"));
    reader.Required("weekly", group.weekly);
    reader.Finish();
    return group;
}

nlohmann::json ToJson(const RejectionInsights& r) {
    auto list = [](const std::vector<ReasonGroup>& groups) {
        nlohmann::json out = nlohmann::json::array();
        for (const ReasonGroup& group : groups) out.push_back(ToJson(group));
        return out;
    };
    return {{"total", r.total}, {"counts", ToJson(r.counts)}, {"by_source", list(r.by_source)},
            {"by_campaign", list(r.by_campaign)}, {"weeks", list(r.weeks)}};
}

RejectionInsights RejectionInsightsFromJson(const nlohmann::json& in, const std::string& path) {
    ObjectReader reader(in, path);
    RejectionInsights r;
    ReadCount(reader, "total", r.total);
    const nlohmann::json* counts = reader.Member("counts");
    if (!counts) throw DecodeError(reader.PathOf("counts"), "required");
    r.counts = CountsFromJson(*counts, reader.PathOf("counts"));
    ReadList(reader, "by_source", r.by_source, ReasonGroupFromJson);
    ReadList(reader, "by_campaign", r.by_campaign, ReasonGroupFromJson);
    ReadList(reader, "weeks", r.weeks, ReasonGroupFromJson);
    reader.Finish();
    return r;
}

// [SECTION] Themes

nlohmann::json ToJson(const ThemeList& list) {
    nlohmann::json themes = nlohmann::json::array();
    for (const Theme& theme : list.themes) {
        nlohmann::json examples = nlohmann::json::array();
        for (const ThemeExample& example : theme.examples)
            examples.push_back({{"text", example.text}, {"count", example.count}, {"feedback_id", example.feedback_id}});
        themes.push_back({{"key", theme.key}, {"by", theme.by_tag ? "tag" : "text"}, {"count", theme.count},
                          {"last_at", FormatTimestamp(theme.last_at)}, {"examples", examples}});
    }
    return {{"total", list.total}, {"themes", themes}};
}

ThemeExample ThemeExampleFromJson(const nlohmann::json& in, const std::string& path) {
    ObjectReader reader(in, path);
    ThemeExample example;
    reader.Required("text", example.text);
    ReadCount(reader, "count", example.count);
    reader.Required("feedback_id", example.feedback_id);
    reader.Finish();
    return example;
}

Theme ThemeFromJson(const nlohmann::json& in, const std::string& path) {
    ObjectReader reader(in, path);
    Theme theme;
    reader.Required("key", theme.key);
    std::string by;
    reader.Required("by", by);
    if (by != "tag" && by != "text") throw DecodeError(reader.PathOf("by"), "expected tag or text");
    theme.by_tag = by == "tag";
    ReadCount(reader, "count", theme.count);
    const nlohmann::json* last_at = reader.Member("last_at");
    if (!last_at) throw DecodeError(reader.PathOf("last_at"), "required");
    theme.last_at = ReadTimestamp(*last_at, reader.PathOf("last_at"));
    ReadList(reader, "examples", theme.examples, ThemeExampleFromJson);
    reader.Finish();
    return theme;
}

ThemeList ThemeListFromJson(const nlohmann::json& in, const std::string& path) {
    ObjectReader reader(in, path);
    ThemeList list;
    ReadCount(reader, "total", list.total);
    ReadList(reader, "themes", list.themes, ThemeFromJson);
    reader.Finish();
    return list;
}

// [SECTION] Wins

nlohmann::json ToJson(const Win& win) {
    nlohmann::json story = nullptr;
    if (win.story) {
        story = {{"feedback_id", win.story->feedback_id}, {"author_id", win.story->author_id},
                 {"at", FormatTimestamp(win.story->at)}, {"text", win.story->text}};
    }
    return {{"lead_id", win.lead_id},
            {"name", win.name},
            {"company", win.company},
            {"source", std::string(ToString(win.source))},
            {"campaign_id", OrNull(win.campaign_id)},
            {"campaign_name", win.campaign_name},
            {"owner_id", OrNull(win.owner_id)},
            {"deal_value", OrNull(win.deal_value)},
            {"created_at", FormatTimestamp(win.created_at)},
            {"won_at", FormatTimestamp(win.won_at)},
            {"cycle_days", win.cycle_days},
            {"story", story}};
}

Win WinFromJson(const nlohmann::json& in, const std::string& path) {
    ObjectReader reader(in, path);
    Win win;
    reader.Required("lead_id", win.lead_id);
    reader.Required("name", win.name);
    reader.Required("company", win.company);
    reader.Required("source", win.source);
    reader.Required("campaign_id", win.campaign_id);
    reader.Required("campaign_name", win.campaign_name);
    reader.Required("owner_id", win.owner_id);
    reader.Required("deal_value", win.deal_value);
    reader.OptionalTimestamp("created_at", win.created_at);
    reader.OptionalTimestamp("won_at", win.won_at);
    reader.Required("cycle_days", win.cycle_days);
    if (const nlohmann::json* story = reader.Member("story"); story && !story->is_null()) {
        ObjectReader s(*story, reader.PathOf("story"));
        WinStory out;
        s.Required("feedback_id", out.feedback_id);
        s.Required("author_id", out.author_id);
        s.OptionalTimestamp("at", out.at);
        s.Required("text", out.text);
        s.Finish();
        win.story = std::move(out);
    }
    reader.Finish();
    return win;
}

}  // namespace

nlohmann::json ToJson(const FeedbackInsights& insights) {
    return {{"from", FormatDate(insights.from)},
            {"to", FormatDate(insights.to)},
            {"rejections", ToJson(insights.rejections)},
            {"objections", ToJson(insights.objections)},
            {"questions", ToJson(insights.questions)}};
}

FeedbackInsights FeedbackInsightsFromJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    FeedbackInsights insights;
    reader.RequiredDate("from", insights.from);
    reader.RequiredDate("to", insights.to);
    const nlohmann::json* rejections = reader.Member("rejections");
    if (!rejections) throw DecodeError("rejections", "required");
    insights.rejections = RejectionInsightsFromJson(*rejections, "rejections");
    for (const char* key : {"objections", "questions"}) {
        const nlohmann::json* list = reader.Member(key);
        if (!list) throw DecodeError(key, "required");
        (std::string_view(key) == "objections" ? insights.objections : insights.questions) = ThemeListFromJson(*list, key);
    }
    reader.Finish();
    return insights;
}

nlohmann::json ToJson(const WinsDigest& digest) {
    nlohmann::json by_source = nlohmann::json::array();
    for (const WinsBySource& source : digest.by_source)
        by_source.push_back({{"source", std::string(ToString(source.source))}, {"count", source.count}, {"revenue", source.revenue}});
    nlohmann::json wins = nlohmann::json::array();
    for (const Win& win : digest.wins) wins.push_back(ToJson(win));
    return {{"from", FormatDate(digest.from)},
            {"to", FormatDate(digest.to)},
            {"count", digest.count},
            {"revenue", digest.revenue},
            {"avg_cycle_days", OrNull(digest.avg_cycle_days)},
            {"by_source", by_source},
            {"wins", wins},
            {"truncated", digest.truncated}};
}

WinsDigest WinsDigestFromJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    WinsDigest digest;
    reader.RequiredDate("from", digest.from);
    reader.RequiredDate("to", digest.to);
    ReadCount(reader, "count", digest.count);
    ReadCount(reader, "revenue", digest.revenue);
    reader.Required("avg_cycle_days", digest.avg_cycle_days);
    ReadList(reader, "by_source", digest.by_source, [](const nlohmann::json& item, const std::string& path) {
        ObjectReader source(item, path);
        WinsBySource out;
        source.Required("source", out.source);
        ReadCount(source, "count", out.count);
        ReadCount(source, "revenue", out.revenue);
        source.Finish();
        return out;
    });
    ReadList(reader, "wins", digest.wins, WinFromJson);
    reader.Required("truncated", digest.truncated);
    reader.Finish();
    return digest;
}

}  // namespace tandem
