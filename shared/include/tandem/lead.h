// A lead, its qualification facts and engagement, and the stage history the KPIs are computed from.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>
#include "tandem/enums.h"
#include "tandem/time.h"

namespace tandem {

// The score a lead has under a definition version, as last evaluated.
struct LeadScore {
    double fit = 0;
    double engagement = 0;
    double total = 0;
    Level level = Level::None;
    std::int64_t definition_version = 0;   // 0: never evaluated
    Timestamp scored_at = 0;
    bool operator==(const LeadScore&) const = default;
};

struct Lead {
    std::int64_t id = 0;
    std::string email;                     // unique, stored lower-case
    std::string name;
    std::string company;
    std::string title;
    std::string industry;                  // empty: unknown
    std::optional<std::int64_t> company_size;
    std::string country;
    std::string phone;
    Source source = Source::Other;
    std::optional<std::int64_t> campaign_id;
    std::optional<std::int64_t> owner_id;  // the user (a sales rep) the lead is assigned to
    Timestamp created_at = 0;

    // Qualification facts (BANT). Unknown is a value.
    std::optional<std::int64_t> budget_usd;
    Authority authority = Authority::Unknown;
    Need need = Need::Unknown;
    std::optional<std::int64_t> timeline_months;

    // Engagement counters, and when the lead last did anything (for decay).
    std::int64_t page_views = 0;
    std::int64_t downloads = 0;
    std::int64_t webinars_attended = 0;
    std::int64_t email_clicks = 0;
    bool demo_requested = false;
    std::optional<Timestamp> last_activity_at;

    Stage stage = Stage::New;
    std::optional<std::int64_t> deal_value;   // whole USD, set when won

    // Maintained by the server; read-only in the API.
    LeadScore score;
    Timestamp updated_at = 0;
    std::int64_t revision = 1;             // bumped on every change; the ETag
    // Set when the person's data was erased on request: the lead stays, anonymous, for the KPIs.
    std::optional<Timestamp> erased_at;
    std::optional<std::int64_t> erased_by;  // the user who erased it
    // The CRM record it was imported from ("hubspot", "51001"), unique together; "" for none. An
    // import in upsert mode finds the lead by it.
    std::string crm_source;
    std::string crm_id;

    bool operator==(const Lead&) const = default;
};

// One row of a lead's stage history: from, to, at, by, reason. The first row of every lead has no
// `from` (the lead was created in `to`).
struct StageChange {
    std::int64_t id = 0;
    std::int64_t lead_id = 0;
    std::optional<Stage> from;
    Stage to = Stage::New;
    Timestamp at = 0;
    std::optional<std::int64_t> by_user_id;   // empty: the system (e.g. a definition took effect)
    std::string reason;                       // a reject reason code, or e.g. "definition v7"
    std::string note;
};

// JSON (src/lead_json.cpp). Times are ISO 8601 strings; unknown numeric facts are null, unknown
// text facts "" (null is accepted on input and means ""), unknown authority/need "unknown".
nlohmann::json ToJson(const Lead& lead);
// The same bytes as ToJson(lead).dump() (nlohmann's order: keys sorted), written straight into a
// string with no tree: for the responses that send leads most often.
std::string ToJsonText(const Lead& lead);
nlohmann::json ToJson(const StageChange& change);
// The writable fields of a lead, for a create or for an existing lead merged with a PATCH (RFC
// 7396). Refuses read-only and unknown members; requires a valid email; lower-cases and trims it.
// Text facts are trimmed (at most 200 bytes, phone 50); numbers are >= 0, timeline_months <= 600,
// engagement counters <= 1e9 (LeadFacts holds them in 32 bits); campaign_id/owner_id >= 1.
Lead LeadFromJson(const nlohmann::json& in);
// Members ToJson writes that LeadFromJson refuses: id, stage, score, revision, updated_at, erased_at,
// erased_by, crm_source, crm_id.
std::span<const std::string_view> LeadReadOnlyFields();
// What the server sends (ToJson's output), for the dashboard: the writable members under
// LeadFromJson's rules, then the read-only ones; unknown members are refused. score.scored_at is
// null exactly when score.definition_version is 0 (and then reads as 0).
Lead LeadFromServerJson(const nlohmann::json& in);
// A row of stage history as ToJson writes it; reason and note have the limits of a
// TransitionRequest (200 and 2000 bytes, trimmed).
StageChange StageChangeFromServerJson(const nlohmann::json& in);

}  // namespace tandem
