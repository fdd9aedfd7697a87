// JSON for leads, their stage history and stage-change requests.
#include <cmath>

#include "tandem/codec.h"
#include "tandem/json_writer.h"
#include "tandem/lead.h"
#include "tandem/stage_machine.h"

namespace tandem {

namespace {

constexpr std::size_t kMaxFactBytes = 200;
constexpr std::size_t kMaxPhoneBytes = 50;
constexpr std::size_t kMaxReasonBytes = 200;
constexpr std::size_t kMaxNoteBytes = 2000;
constexpr std::int64_t kMaxTimelineMonths = 600;
// The scorer keeps engagement counters in 32 bits (LeadFacts); refuse what it cannot hold.
constexpr std::int64_t kMaxCounter = 1'000'000'000;

constexpr std::string_view kReadOnly[] = {"id",         "stage",     "score",      "revision", "updated_at",
                                          "erased_at",  "erased_by", "crm_source", "crm_id"};

template <class E>
std::string Name(E value) {
    return std::string(ToString(value));
}

// Scores are doubles but mostly whole; print 35, not 35.0, so the wire shows what people see.
bool WrittenWhole(double value) {
    return value == std::floor(value) && std::abs(value) <= static_cast<double>(kMaxSafeInteger);
}

nlohmann::json Number(double value) {
    if (WrittenWhole(value)) return static_cast<std::int64_t>(value);
    return value;
}

void CheckRange(std::int64_t value, std::int64_t min, std::int64_t max, const std::string& path) {
    if (value < min) throw DecodeError(path, "must be at least " + std::to_string(min));
    if (value > max) throw DecodeError(path, "must be at most " + std::to_string(max));
}

// Text facts: null means unknown, which is "", and surrounding whitespace is not part of a fact.
void ReadText(ObjectReader& reader, std::string_view key, std::size_t max_bytes, std::string& out) {
    const nlohmann::json* member = reader.Member(key);
    if (!member) return;
    std::string text;
    if (!member->is_null()) ReadValue(*member, reader.PathOf(key), text);
    text = Trim(text);
    if (text.size() > max_bytes)
        throw DecodeError(reader.PathOf(key), "too long (at most " + std::to_string(max_bytes) + " bytes)");
    out = std::move(text);
}

void ReadCount(ObjectReader& reader, std::string_view key, std::int64_t max, std::int64_t& out) {
    reader.Optional(key, out);
    CheckRange(out, 0, max, reader.PathOf(key));
}

// Unknown numeric facts are null.
void ReadCount(ObjectReader& reader, std::string_view key, std::int64_t max, std::optional<std::int64_t>& out) {
    reader.Optional(key, out);
    if (out) CheckRange(*out, 0, max, reader.PathOf(key));
}

void ReadId(ObjectReader& reader, std::string_view key, std::optional<std::int64_t>& out) {
    reader.Optional(key, out);
    if (out) CheckRange(*out, 1, kMaxSafeInteger, reader.PathOf(key));
}

// authority and need have "unknown" as a value; null says the same thing.
template <class E>
void ReadKnowable(ObjectReader& reader, std::string_view key, E& out) {
    const nlohmann::json* member = reader.Member(key);
    if (!member) return;
    if (member->is_null()) {
        out = E::Unknown;
        return;
    }
    ReadValue(*member, reader.PathOf(key), out);
}

// The members a client may write; the caller reads any others and finishes the reader.
void ReadWritable(ObjectReader& reader, Lead& lead) {
    reader.Required("email", lead.email);
    lead.email = ToLower(Trim(lead.email));
    if (!LooksLikeEmail(lead.email)) throw DecodeError("email", "not an address");
    ReadText(reader, "name", kMaxFactBytes, lead.name);
    ReadText(reader, "company", kMaxFactBytes, lead.company);
    ReadText(reader, "title", kMaxFactBytes, lead.title);
    ReadText(reader, "industry", kMaxFactBytes, lead.industry);
    ReadCount(reader, "company_size", kMaxSafeInteger, lead.company_size);
    ReadText(reader, "country", kMaxFactBytes, lead.country);
    ReadText(reader, "phone", kMaxPhoneBytes, lead.phone);
    reader.Optional("source", lead.source);
    ReadId(reader, "campaign_id", lead.campaign_id);
    ReadId(reader, "owner_id", lead.owner_id);
    reader.OptionalTimestamp("created_at", lead.created_at);

    ReadCount(reader, "budget_usd", kMaxSafeInteger, lead.budget_usd);
    ReadKnowable(reader, "authority", lead.authority);
    ReadKnowable(reader, "need", lead.need);
    ReadCount(reader, "timeline_months", kMaxTimelineMonths, lead.timeline_months);

    ReadCount(reader, "page_views", kMaxCounter, lead.page_views);
    ReadCount(reader, "downloads", kMaxCounter, lead.downloads);
    ReadCount(reader, "webinars_attended", kMaxCounter, lead.webinars_attended);
    ReadCount(reader, "email_clicks", kMaxCounter, lead.email_clicks);
    reader.Optional("demo_requested", lead.demo_requested);
    reader.OptionalTimestamp("last_activity_at", lead.last_activity_at);

    ReadCount(reader, "deal_value", kMaxSafeInteger, lead.deal_value);
}

}  // namespace

// Outside the anonymous namespace: ObjectReader::Required, a template of codec.h, finds readers of
// our own types only by argument-dependent lookup, which looks in tandem but not in a namespace
// nested in it.
static void ReadValue(const nlohmann::json& in, const std::string& path, LeadScore& out) {
    ObjectReader reader(in, path);
    reader.Required("fit", out.fit);
    reader.Required("engagement", out.engagement);
    reader.Required("total", out.total);
    reader.Required("level", out.level);
    reader.Required("definition_version", out.definition_version);
    // ToJson writes a time exactly when the lead was scored; anything else is not its output.
    std::optional<Timestamp> scored_at;
    reader.OptionalTimestamp("scored_at", scored_at);
    bool scored = out.definition_version != 0;
    if (scored && !scored_at) throw DecodeError(reader.PathOf("scored_at"), "required for a scored lead");
    if (!scored && scored_at) throw DecodeError(reader.PathOf("scored_at"), "only for a scored lead");
    out.scored_at = scored_at.value_or(0);
    reader.Finish();
}

nlohmann::json ToJson(const Lead& lead) {
    nlohmann::json score = {
        {"fit", Number(lead.score.fit)},
        {"engagement", Number(lead.score.engagement)},
        {"total", Number(lead.score.total)},
        {"level", Name(lead.score.level)},
        {"definition_version", lead.score.definition_version},
        // Never evaluated: there is no moment to report.
        {"scored_at", lead.score.definition_version == 0 ? nlohmann::json(nullptr)
                                                         : nlohmann::json(FormatTimestamp(lead.score.scored_at))},
    };
    nlohmann::json out = {
        {"id", lead.id},
        {"email", lead.email},
        {"name", lead.name},
        {"company", lead.company},
        {"title", lead.title},
        {"industry", lead.industry},
        {"company_size", OrNull(lead.company_size)},
        {"country", lead.country},
        {"phone", lead.phone},
        {"source", Name(lead.source)},
        {"campaign_id", OrNull(lead.campaign_id)},
        {"owner_id", OrNull(lead.owner_id)},
        {"created_at", FormatTimestamp(lead.created_at)},
        {"budget_usd", OrNull(lead.budget_usd)},
        {"authority", Name(lead.authority)},
        {"need", Name(lead.need)},
        {"timeline_months", OrNull(lead.timeline_months)},
        {"page_views", lead.page_views},
        {"downloads", lead.downloads},
        {"webinars_attended", lead.webinars_attended},
        {"email_clicks", lead.email_clicks},
        {"demo_requested", lead.demo_requested},
        {"last_activity_at", TimestampOrNull(lead.last_activity_at)},
        {"stage", Name(lead.stage)},
        {"deal_value", OrNull(lead.deal_value)},
        {"score", std::move(score)},
        {"updated_at", FormatTimestamp(lead.updated_at)},
        {"revision", lead.revision},
        {"erased_at", TimestampOrNull(lead.erased_at)},
        {"erased_by", OrNull(lead.erased_by)},
        {"crm_source", lead.crm_source},
        {"crm_id", lead.crm_id},
    };
    return out;
}

std::string ToJsonText(const Lead& lead) {
    std::string out;
    out.reserve(1024);
    JsonWriter w(out);
    auto number = [&w](double value) { WrittenWhole(value) ? w.Int(static_cast<std::int64_t>(value)) : w.Number(value); };
    auto integer = [&w](const std::optional<std::int64_t>& value) { value ? w.Int(*value) : w.Null(); };
    auto time = [&w](const std::optional<Timestamp>& value) { value ? w.Time(*value) : w.Null(); };
    // The members in nlohmann's order (sorted by key), with ToJson's values.
    w.BeginObject();
    w.Key("authority").String(ToString(lead.authority));
    w.Key("budget_usd");
    integer(lead.budget_usd);
    w.Key("campaign_id");
    integer(lead.campaign_id);
    w.Key("company").String(lead.company);
    w.Key("company_size");
    integer(lead.company_size);
    w.Key("country").String(lead.country);
    w.Key("created_at").Time(lead.created_at);
    w.Key("crm_id").String(lead.crm_id);
    w.Key("crm_source").String(lead.crm_source);
    w.Key("deal_value");
    integer(lead.deal_value);
    w.Key("demo_requested").Bool(lead.demo_requested);
    w.Key("downloads").Int(lead.downloads);
    w.Key("email").String(lead.email);
    w.Key("email_clicks").Int(lead.email_clicks);
    w.Key("erased_at");
    time(lead.erased_at);
    w.Key("erased_by");
    integer(lead.erased_by);
    w.Key("id").Int(lead.id);
    w.Key("industry").String(lead.industry);
    w.Key("last_activity_at");
    time(lead.last_activity_at);
    w.Key("name").String(lead.name);
    w.Key("need").String(ToString(lead.need));
    w.Key("owner_id");
    integer(lead.owner_id);
    w.Key("page_views").Int(lead.page_views);
    w.Key("phone").String(lead.phone);
    w.Key("revision").Int(lead.revision);
    w.Key("score").BeginObject();
    w.Key("definition_version").Int(lead.score.definition_version);
    w.Key("engagement");
    number(lead.score.engagement);
    w.Key("fit");
    number(lead.score.fit);
    w.Key("level").String(ToString(lead.score.level));
    w.Key("scored_at");
    time(lead.score.definition_version == 0 ? std::nullopt : std::optional<Timestamp>(lead.score.scored_at));
    w.Key("total");
    number(lead.score.total);
    w.EndObject();
    w.Key("source").String(ToString(lead.source));
    w.Key("stage").String(ToString(lead.stage));
    w.Key("timeline_months");
    integer(lead.timeline_months);
    w.Key("title").String(lead.title);
    w.Key("updated_at").Time(lead.updated_at);
    w.Key("webinars_attended").Int(lead.webinars_attended);
    w.EndObject();
    return out;
}

nlohmann::json ToJson(const StageChange& change) {
    nlohmann::json out = {
        {"id", change.id},
        {"lead_id", change.lead_id},
        {"from", change.from ? nlohmann::json(Name(*change.from)) : nlohmann::json(nullptr)},
        {"to", Name(change.to)},
        {"at", FormatTimestamp(change.at)},
        {"by", OrNull(change.by_user_id)},
        {"reason", change.reason},
        {"note", change.note},
    };
    return out;
}

std::span<const std::string_view> LeadReadOnlyFields() { return kReadOnly; }

Lead LeadFromJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    reader.RefuseReadOnly(kReadOnly);
    Lead lead;
    ReadWritable(reader, lead);
    reader.Finish();
    return lead;
}

Lead LeadFromServerJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    Lead lead;
    ReadWritable(reader, lead);
    reader.Required("id", lead.id);
    reader.Required("stage", lead.stage);
    reader.Required("score", lead.score);
    reader.OptionalTimestamp("updated_at", lead.updated_at);
    reader.Required("revision", lead.revision);
    reader.OptionalTimestamp("erased_at", lead.erased_at);
    reader.Optional("erased_by", lead.erased_by);
    ReadText(reader, "crm_source", kMaxFactBytes, lead.crm_source);
    ReadText(reader, "crm_id", kMaxFactBytes, lead.crm_id);
    reader.Finish();
    return lead;
}

StageChange StageChangeFromServerJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    StageChange change;
    reader.Required("id", change.id);
    reader.Required("lead_id", change.lead_id);
    reader.Required("from", change.from);
    reader.Required("to", change.to);
    reader.OptionalTimestamp("at", change.at);
    reader.Required("by", change.by_user_id);
    // The reason and note of a change someone asked for, under the rules of their request.
    ReadText(reader, "reason", kMaxReasonBytes, change.reason);
    ReadText(reader, "note", kMaxNoteBytes, change.note);
    reader.Finish();
    return change;
}

TransitionRequest TransitionFromJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    TransitionRequest request;
    reader.Required("to", request.to);
    ReadText(reader, "reason", kMaxReasonBytes, request.reason);
    ReadText(reader, "note", kMaxNoteBytes, request.note);
    reader.Optional("deal_value", request.deal_value);
    reader.Finish();
    return request;
}

}  // namespace tandem
