// JSON for assignments, assignment requests and the inbox.
#include "tandem/codec.h"
#include "tandem/handoff.h"

namespace tandem {

namespace {

constexpr std::size_t kMaxNoteBytes = 2000;
constexpr int kMaxSlaHours = 24 * 365;

Timestamp RequiredTimestamp(ObjectReader& reader, std::string_view key) {
    const nlohmann::json* member = reader.Member(key);
    if (!member) throw DecodeError(reader.PathOf(key), "required");
    return ReadTimestamp(*member, reader.PathOf(key));
}

std::optional<Timestamp> NullableTimestamp(ObjectReader& reader, std::string_view key) {
    const nlohmann::json* member = reader.Member(key);
    if (!member) throw DecodeError(reader.PathOf(key), "required");
    if (member->is_null()) return std::nullopt;
    return ReadTimestamp(*member, reader.PathOf(key));
}

void ReadOwner(ObjectReader& reader, std::string_view key, std::optional<std::int64_t>& out) {
    reader.Required(key, out);
    if (out && (*out < 1 || *out > kMaxSafeInteger)) throw DecodeError(reader.PathOf(key), "must be a user id (1 or more)");
}

std::string ReadNote(ObjectReader& reader) {
    std::string note;
    if (const nlohmann::json* member = reader.Member("note"); member && !member->is_null()) {
        ReadValue(*member, reader.PathOf("note"), note);
        note = Trim(note);
    }
    if (note.size() > kMaxNoteBytes)
        throw DecodeError(reader.PathOf("note"), "too long (at most " + std::to_string(kMaxNoteBytes) + " bytes)");
    return note;
}

void CheckCount(std::int64_t value, const std::string& path) {
    if (value < 0) throw DecodeError(path, "must be at least 0");
}

nlohmann::json ToJson(const OwnerLoad& load) {
    return {{"owner_id", load.owner_id}, {"open", load.open}, {"breached", load.breached}};
}

OwnerLoad OwnerLoadFromJson(const nlohmann::json& in, const std::string& path) {
    ObjectReader reader(in, path);
    OwnerLoad load;
    reader.Required("owner_id", load.owner_id);
    reader.Required("open", load.open);
    reader.Required("breached", load.breached);
    reader.Finish();
    if (load.owner_id < 1) throw DecodeError(reader.PathOf("owner_id"), "must be a user id (1 or more)");
    CheckCount(load.open, reader.PathOf("open"));
    CheckCount(load.breached, reader.PathOf("breached"));
    return load;
}

nlohmann::json ToJson(const InboxItem& item) {
    return {{"lead", ToJson(item.lead)},
            {"entered_at", FormatTimestamp(item.entered_at)},
            {"due_at", FormatTimestamp(item.due_at)},
            {"answered_at", TimestampOrNull(item.answered_at)},
            {"breached", item.breached}};
}

InboxItem InboxItemFromJson(const nlohmann::json& in, const std::string& path) {
    ObjectReader reader(in, path);
    InboxItem item;
    const nlohmann::json* lead = reader.Member("lead");
    if (!lead) throw DecodeError(reader.PathOf("lead"), "required");
    try {
        item.lead = LeadFromServerJson(*lead);
    } catch (const DecodeError& e) {
        throw DecodeError(reader.PathOf("lead") + (e.Field().empty() ? "" : "." + e.Field()), e.Problem());
    }
    item.entered_at = RequiredTimestamp(reader, "entered_at");
    item.due_at = RequiredTimestamp(reader, "due_at");
    item.answered_at = NullableTimestamp(reader, "answered_at");
    reader.Required("breached", item.breached);
    reader.Finish();
    return item;
}

}  // namespace

nlohmann::json ToJson(const Assignment& assignment) {
    return {{"id", assignment.id},
            {"lead_id", assignment.lead_id},
            {"from_owner_id", OrNull(assignment.from_owner_id)},
            {"to_owner_id", OrNull(assignment.to_owner_id)},
            {"at", FormatTimestamp(assignment.at)},
            {"by", OrNull(assignment.by_user_id)},
            {"kind", std::string(ToString(assignment.kind))},
            {"note", assignment.note}};
}

Assignment AssignmentFromServerJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    Assignment assignment;
    reader.Required("id", assignment.id);
    reader.Required("lead_id", assignment.lead_id);
    ReadOwner(reader, "from_owner_id", assignment.from_owner_id);
    ReadOwner(reader, "to_owner_id", assignment.to_owner_id);
    assignment.at = RequiredTimestamp(reader, "at");
    ReadOwner(reader, "by", assignment.by_user_id);
    reader.Required("kind", assignment.kind);
    assignment.note = ReadNote(reader);
    reader.Finish();
    return assignment;
}

AssignRequest AssignRequestFromJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    AssignRequest request;
    ReadOwner(reader, "owner_id", request.owner_id);
    request.note = ReadNote(reader);
    reader.Finish();
    return request;
}

nlohmann::json ToJson(const Inbox& inbox) {
    nlohmann::json items = nlohmann::json::array();
    for (const InboxItem& item : inbox.items) items.push_back(ToJson(item));
    nlohmann::json owners = nlohmann::json::array();
    for (const OwnerLoad& load : inbox.owners) owners.push_back(ToJson(load));
    return {{"now", FormatTimestamp(inbox.now)},
            {"sla_hours", inbox.sla_hours},
            {"rep", inbox.rep},
            {"items", items},
            {"total", inbox.total},
            {"breached", inbox.breached},
            {"unassigned", inbox.unassigned},
            {"owners", owners},
            {"next_cursor", OrNull(inbox.next_cursor)}};
}

Inbox InboxFromServerJson(const nlohmann::json& in) {
    ObjectReader reader(in, "");
    Inbox inbox;
    inbox.now = RequiredTimestamp(reader, "now");
    reader.Required("sla_hours", inbox.sla_hours);
    if (inbox.sla_hours < 1 || inbox.sla_hours > kMaxSlaHours)
        throw DecodeError("sla_hours", "must be 1 to " + std::to_string(kMaxSlaHours));
    reader.Required("rep", inbox.rep);
    const nlohmann::json* items = reader.Member("items");
    if (!items || !items->is_array()) throw DecodeError("items", "expected a list");
    for (std::size_t i = 0; i < items->size(); ++i)
        inbox.items.push_back(InboxItemFromJson((*items)[i], "items[" + std::to_string(i) + "]"));
    reader.Required("total", inbox.total);
    reader.Required("breached", inbox.breached);
    reader.Required("unassigned", inbox.unassigned);
    CheckCount(inbox.total, "total");
    CheckCount(inbox.breached, "breached");
    CheckCount(inbox.unassigned, "unassigned");
    const nlohmann::json* owners = reader.Member("owners");
    if (!owners || !owners->is_array()) throw DecodeError("owners", "expected a list");
    for (std::size_t i = 0; i < owners->size(); ++i)
        inbox.owners.push_back(OwnerLoadFromJson((*owners)[i], "owners[" + std::to_string(i) + "]"));
    const nlohmann::json* cursor = reader.Member("next_cursor");
    if (!cursor) throw DecodeError("next_cursor", "required");
    ReadValue(*cursor, "next_cursor", inbox.next_cursor);
    reader.Finish();
    return inbox;
}

}  // namespace tandem
