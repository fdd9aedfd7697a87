// What sales hears and reports back: rejections with a reason, objections, questions, content
// requests (with a status), win stories.
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

struct Feedback {
    std::int64_t id = 0;
    std::int64_t author_id = 0;
    Timestamp at = 0;
    FeedbackKind kind = FeedbackKind::General;
    std::optional<std::int64_t> lead_id;          // required for a rejection
    std::optional<std::int64_t> campaign_id;
    std::optional<RejectReason> reason;           // required for a rejection, refused otherwise
    std::string text;
    std::vector<std::string> tags;
    std::optional<ContentStatus> status;          // content requests only; starts open
    Timestamp updated_at = 0;
    std::int64_t revision = 1;
};

// JSON (src/feedback_json.cpp).
nlohmann::json ToJson(const Feedback& feedback);
// Writable fields: kind, lead_id, campaign_id, reason, text, tags, status. A rejection needs a
// lead and a reason; a reason is refused on other kinds; status only on content requests
// (defaulting to open); text is required unless the kind is rejection; tags are trimmed,
// lower-cased, non-empty, at most 20. Refuses read-only (id, author_id, at, updated_at, revision)
// and unknown members.
Feedback FeedbackFromJson(const nlohmann::json& in);
std::span<const std::string_view> FeedbackReadOnlyFields();
// What the server sends (ToJson's output), for the dashboard: the writable members under
// FeedbackFromJson's rules, then the read-only ones; unknown members are refused.
Feedback FeedbackFromServerJson(const nlohmann::json& in);

}  // namespace tandem
