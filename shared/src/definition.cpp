// The fields criteria may test, and which fields a rejection reason contradicts.
#include "tandem/definition.h"

namespace tandem {

namespace {

constexpr std::string_view kAuthorityChoices[] = {"none", "influencer", "decision_maker"};
constexpr std::string_view kNeedChoices[] = {"yes", "no"};
constexpr std::string_view kSourceChoices[] = {"webinar", "content_download", "paid_search", "social", "referral",
                                               "event", "website", "outbound", "other"};

constexpr FieldInfo kFields[] = {
    {"budget_usd", FieldKind::Number, {}},
    {"company_size", FieldKind::Number, {}},
    {"timeline_months", FieldKind::Number, {}},
    {"page_views", FieldKind::Number, {}},
    {"downloads", FieldKind::Number, {}},
    {"webinars_attended", FieldKind::Number, {}},
    {"email_clicks", FieldKind::Number, {}},
    {"demo_requested", FieldKind::Flag, {}},
    {"authority", FieldKind::Choice, kAuthorityChoices},
    {"need", FieldKind::Choice, kNeedChoices},
    {"source", FieldKind::Choice, kSourceChoices},
    {"industry", FieldKind::Text, {}},
    {"country", FieldKind::Text, {}},
    {"title", FieldKind::Text, {}},
    {"company", FieldKind::Text, {}},
    {"phone", FieldKind::Text, {}},
};

constexpr std::string_view kBudget[] = {"budget_usd"};
constexpr std::string_view kAuthority[] = {"authority"};
constexpr std::string_view kNeed[] = {"need"};
constexpr std::string_view kTimeline[] = {"timeline_months"};
constexpr std::string_view kFit[] = {"industry", "company_size", "title", "country"};

}  // namespace

std::span<const FieldInfo> CriterionFields() { return kFields; }

const FieldInfo* FindField(std::string_view name) {
    for (const FieldInfo& field : kFields)
        if (field.name == name) return &field;
    return nullptr;
}

std::span<const std::string_view> ContradictedFields(RejectReason reason) {
    switch (reason) {
    case RejectReason::NoBudget: return kBudget;
    case RejectReason::NoAuthority: return kAuthority;
    case RejectReason::NoNeed: return kNeed;
    case RejectReason::NoTimeline: return kTimeline;
    case RejectReason::BadFit: return kFit;
    case RejectReason::Duplicate:
    case RejectReason::Unreachable:
    case RejectReason::Other: break;
    }
    return {};
}

}  // namespace tandem
