// A person's right to erasure and to a copy of their data (GDPR articles 17 and 15), for one lead.
// Erasing removes what identifies the person (email, name, phone, and the free text written about
// them: history and assignment notes, feedback text) and keeps an anonymous lead with its stages,
// dates, firmographics and scores, so the KPIs of past periods read the same afterwards.
#pragma once

#include <cstdint>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "tandem/lead.h"
#include "tandem/user.h"

namespace tandem::store {
class Database;
}

namespace tandem::service {

struct Erasure {
    Lead lead;                                  // as it is now
    bool already_erased = false;                // erased before: nothing changed
    std::int64_t history_notes = 0;
    std::int64_t assignment_notes = 0;
    std::vector<std::int64_t> feedback_ids;     // feedback whose text was replaced
};

// Throws ApiError 404 for an unknown lead. Erasing twice changes nothing the second time.
Erasure EraseLead(store::Database& db, std::int64_t id, const User& by, Timestamp now);
nlohmann::json ToJson(const Erasure& erasure);

// Everything held about the lead's person, as JSON: the lead, its stage history and assignments,
// and the feedback logged about it. Throws ApiError 404 for an unknown lead.
nlohmann::json PersonalData(store::Database& db, std::int64_t id, Timestamp now);

// The text feedback about an erased lead keeps (a feedback always has a text).
inline constexpr const char* kErasedFeedbackText = "Erased on request.";

}  // namespace tandem::service
