// JSON for what sales reports back: rejections, objections, questions, content requests, wins.
#include <algorithm>

#include "tandem/codec.h"
#include "tandem/feedback.h"

namespace tandem {

namespace {

constexpr std::size_t kMaxTags = 20;
constexpr std::size_t kMaxTagBytes = 50;

constexpr std::string_view kReadOnly[] = {"id", "author_id", "at", "updated_at", "revision"};

template <class E>
nlohmann::json NameOrNull(const std::optional<E>& value) {
    return value ? nlohmann::json(std::string(ToString(*value))) : nlohmann::json(nullptr);
}

void ReadId(ObjectReader& reader, std::string_view key, std::optional<std::int64_t>& out) {
    reader.Optional(key, out);
    if (out && *out < 1) throw DecodeError(reader.PathOf(key), "must be at least 1");
}

// Tags are matched and counted by name, so "Pricing " and "pricing" are one tag.
std::vector<std::string> ReadTags(ObjectReader& reader) {
    std::vector<std::string> raw;
    reader.Optional("tags", raw);
    std::vector<std::string> tags;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        std::string path = "tags[" + std::to_string(i) + "]";
        std::string tag = ToLower(Trim(raw[i]));
        if (tag.empty()) throw DecodeError(path, "must not be empty");
        if (tag.size() > kMaxTagBytes)
            throw DecodeError(path, "too long (at most " + std::to_string(kMaxTagBytes) + " bytes)");
        if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(std::move(tag));
    }
    if (tags.size() > kMaxTags) throw DecodeError("tags", "at most " + std::to_string(kMaxTags) + " tags");
    return tags;
}

// The members a client may write; the caller reads any others and finishes the reader.
void ReadWritable(ObjectReader& reader, Feedback& feedback) {
    reader.Required("kind", feedback.kind);
    ReadId(reader, "lead_id", feedback.lead_id);
    ReadId(reader, "campaign_id", feedback.campaign_id);
    reader.Optional("reason", feedback.reason);
    if (const nlohmann::json* text = reader.Member("text"); text && !text->is_null()) {
        ReadValue(*text, reader.PathOf("text"), feedback.text);
        feedback.text = Trim(feedback.text);
    }
    feedback.tags = ReadTags(reader);
    reader.Optional("status", feedback.status);
}

// What each kind requires and refuses (a content request starts open), once every member is read.
void CheckWritable(Feedback& feedback) {
    bool rejection = feedback.kind == FeedbackKind::Rejection;
    if (rejection && !feedback.lead_id) throw DecodeError("lead_id", "required for a rejection");
    if (rejection && !feedback.reason) throw DecodeError("reason", "required for a rejection");
    if (!rejection && feedback.reason) throw DecodeError("reason", "only for rejections");
    // A rejection's reason code says it; everything else is only its text.
    if (!rejection && feedback.text.empty()) throw DecodeError("text", "required");
    if (feedback.kind == FeedbackKind::ContentRequest) {
        if (!feedback.status) feedback.status = ContentStatus::Open;
    } else if (feedback.status) {
        throw DecodeError("status", "only for content requests");
    }
}

}  // namespace

nlohmann::json ToJson(const Feedback& feedback) {
    nlohmann::json out = {
        {"id", feedback.id},
        {"author_id", feedback.author_id},
        {"at", FormatTimestamp(feedback.at)},
        {"kind", std::string(ToString(feedback.kind))},
        {"lead_id", OrNull(feedback.lead_id)},
        {"campaign_id", OrNull(feedback.campaign_id)},
        {"reason", NameOrNull(feedback.reason)},
        {"text", feedback.text},
        {"tags", feedback.tags},
        {"status", NameOrNull(feedback.status)},
        {"updated_at", FormatTimestamp(feedback.updated_at)},
        {"revision", feedback.revision},
    };
    return out;
}

std::span<const std::string_view> FeedbackReadOnlyFields() { return kReadOnly; }

Feedback FeedbackFromJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    reader.RefuseReadOnly(kReadOnly);
    Feedback feedback;
    ReadWritable(reader, feedback);
    reader.Finish();
    CheckWritable(feedback);
    return feedback;
}

Feedback FeedbackFromServerJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    Feedback feedback;
    ReadWritable(reader, feedback);
    reader.Required("id", feedback.id);
    reader.Required("author_id", feedback.author_id);
    reader.OptionalTimestamp("at", feedback.at);
    reader.OptionalTimestamp("updated_at", feedback.updated_at);
    reader.Required("revision", feedback.revision);
    reader.Finish();
    CheckWritable(feedback);
    return feedback;
}

}  // namespace tandem
