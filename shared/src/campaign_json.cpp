// JSON for campaigns on the coordination calendar and the segments they target.
#include "tandem/campaign.h"
#include "tandem/codec.h"

namespace tandem {

namespace {

constexpr std::size_t kMaxNameBytes = 200;
constexpr std::size_t kMaxOfferBytes = 200;
constexpr std::size_t kMaxSegmentEntryBytes = 200;

constexpr std::string_view kReadOnly[] = {"id", "created_at", "updated_at", "revision"};

template <class E>
std::string Name(E value) {
    return std::string(ToString(value));
}

std::string TooLong(std::size_t max_bytes) { return "too long (at most " + std::to_string(max_bytes) + " bytes)"; }

// Free text: null is the same as empty, and surrounding whitespace is not content.
void ReadText(ObjectReader& reader, std::string_view key, std::size_t max_bytes, std::string& out) {
    const nlohmann::json* member = reader.Member(key);
    if (!member) return;
    std::string text;
    if (!member->is_null()) ReadValue(*member, reader.PathOf(key), text);
    text = Trim(text);
    if (text.size() > max_bytes) throw DecodeError(reader.PathOf(key), TooLong(max_bytes));
    out = std::move(text);
}

void ReadNonNegative(ObjectReader& reader, std::string_view key, std::optional<std::int64_t>& out) {
    reader.Optional(key, out);
    if (out && *out < 0) throw DecodeError(reader.PathOf(key), "must be at least 0");
}

// Segment lists: every entry is something to match, so blank entries are refused, not kept.
void ReadEntries(ObjectReader& reader, std::string_view key, std::vector<std::string>& out) {
    reader.Optional(key, out);
    for (std::size_t i = 0; i < out.size(); ++i) {
        std::string path = reader.PathOf(key) + "[" + std::to_string(i) + "]";
        out[i] = Trim(out[i]);
        if (out[i].empty()) throw DecodeError(path, "must not be empty");
        if (out[i].size() > kMaxSegmentEntryBytes) throw DecodeError(path, TooLong(kMaxSegmentEntryBytes));
    }
}

Segment ReadSegment(const nlohmann::json& in, const std::string& path) {
    ObjectReader reader(in, path);
    Segment segment;
    ReadEntries(reader, "industries", segment.industries);
    ReadNonNegative(reader, "company_size_min", segment.company_size_min);
    ReadNonNegative(reader, "company_size_max", segment.company_size_max);
    ReadEntries(reader, "titles", segment.titles);
    ReadEntries(reader, "regions", segment.regions);
    reader.Finish();
    if (segment.company_size_min && segment.company_size_max && *segment.company_size_max < *segment.company_size_min)
        throw DecodeError(reader.PathOf("company_size_max"), "below company_size_min");
    return segment;
}

// The members a client may write; the caller reads any others and finishes the reader.
void ReadWritable(ObjectReader& reader, Campaign& campaign) {
    reader.Required("name", campaign.name);
    campaign.name = Trim(campaign.name);
    if (campaign.name.empty()) throw DecodeError("name", "must not be empty");
    if (campaign.name.size() > kMaxNameBytes) throw DecodeError("name", TooLong(kMaxNameBytes));
    reader.Optional("type", campaign.type);
    reader.Optional("status", campaign.status);
    reader.RequiredDate("start", campaign.start);
    reader.RequiredDate("end", campaign.end);
    reader.Optional("owner_id", campaign.owner_id);
    if (campaign.owner_id && *campaign.owner_id < 1) throw DecodeError("owner_id", "must be at least 1");
    if (const nlohmann::json* segment = reader.Member("segment"))
        campaign.segment = ReadSegment(*segment, reader.PathOf("segment"));
    ReadText(reader, "offer", kMaxOfferBytes, campaign.offer);
    ReadNonNegative(reader, "goal_leads", campaign.goal_leads);
    ReadText(reader, "description", kMaxTextBytes, campaign.description);
    ReadText(reader, "sales_notes", kMaxTextBytes, campaign.sales_notes);
}

// The rules across members, once every member has been read.
void CheckWritable(const Campaign& campaign) {
    if (campaign.end < campaign.start) throw DecodeError("end", "before start");
}

}  // namespace

nlohmann::json ToJson(const Campaign& campaign) {
    const Segment& segment = campaign.segment;
    nlohmann::json out = {
        {"id", campaign.id},
        {"name", campaign.name},
        {"type", Name(campaign.type)},
        {"status", Name(campaign.status)},
        {"start", FormatDate(campaign.start)},
        {"end", FormatDate(campaign.end)},
        {"owner_id", OrNull(campaign.owner_id)},
        {"segment",
         {
             {"industries", segment.industries},
             {"company_size_min", OrNull(segment.company_size_min)},
             {"company_size_max", OrNull(segment.company_size_max)},
             {"titles", segment.titles},
             {"regions", segment.regions},
         }},
        {"offer", campaign.offer},
        {"goal_leads", OrNull(campaign.goal_leads)},
        {"description", campaign.description},
        {"sales_notes", campaign.sales_notes},
        {"created_at", FormatTimestamp(campaign.created_at)},
        {"updated_at", FormatTimestamp(campaign.updated_at)},
        {"revision", campaign.revision},
    };
    return out;
}

std::span<const std::string_view> CampaignReadOnlyFields() { return kReadOnly; }

Campaign CampaignFromJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    reader.RefuseReadOnly(kReadOnly);
    Campaign campaign;
    ReadWritable(reader, campaign);
    reader.Finish();
    CheckWritable(campaign);
    return campaign;
}

Campaign CampaignFromServerJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    Campaign campaign;
    ReadWritable(reader, campaign);
    reader.Required("id", campaign.id);
    reader.OptionalTimestamp("created_at", campaign.created_at);
    reader.OptionalTimestamp("updated_at", campaign.updated_at);
    reader.Required("revision", campaign.revision);
    reader.Finish();
    CheckWritable(campaign);
    return campaign;
}

}  // namespace tandem
