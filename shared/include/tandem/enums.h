// The domain's closed vocabularies (sources, stages, roles, ...) and their snake_case names as
// they appear in JSON, CSV and the UI. One table per enum; ToString/ParseEnum work for all.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace tandem {

enum class Source { Webinar, ContentDownload, PaidSearch, Social, Referral, Event, Website, Outbound, Other };
// Unknown is a value: a criterion on an unknown fact never matches.
enum class Authority { Unknown, None, Influencer, DecisionMaker };
enum class Need { Unknown, Yes, No };
enum class Stage { New, Mql, SalesReady, Sql, Opportunity, Won, Lost, Recycled, Disqualified };
enum class Level { None, Mql, SalesReady };
enum class RejectReason { NoBudget, NoAuthority, NoNeed, NoTimeline, BadFit, Duplicate, Unreachable, Other };
enum class Role { Admin, MarketingLeader, SalesLeader, Marketer, SalesRep };
enum class CampaignType { Webinar, Email, Paid, Event, Content, ProductLaunch, Social, Other };
enum class CampaignStatus { Planned, Live, Done, Cancelled };
enum class FeedbackKind { Rejection, Objection, Question, ContentRequest, WinStory, General };
enum class ContentStatus { Open, InProgress, Done };
enum class DefinitionStatus { Draft, Proposed, Active, Retired };
enum class Op { Eq, Neq, In, NotIn, Gte, Lte, Between, Exists };
enum class DecayKind { None, Window, HalfLife };

template <class E>
struct EnumNames;   // specialised below: static constexpr std::pair<E, std::string_view> kNames[]

#define TANDEM_ENUM_NAMES(E, ...)                                          \
    template <>                                                           \
    struct EnumNames<E> {                                                 \
        static constexpr std::pair<E, std::string_view> kNames[] = {__VA_ARGS__}; \
    }

TANDEM_ENUM_NAMES(Source, {Source::Webinar, "webinar"}, {Source::ContentDownload, "content_download"},
                  {Source::PaidSearch, "paid_search"}, {Source::Social, "social"}, {Source::Referral, "referral"},
                  {Source::Event, "event"}, {Source::Website, "website"}, {Source::Outbound, "outbound"},
                  {Source::Other, "other"});
TANDEM_ENUM_NAMES(Authority, {Authority::Unknown, "unknown"}, {Authority::None, "none"},
                  {Authority::Influencer, "influencer"}, {Authority::DecisionMaker, "decision_maker"});
TANDEM_ENUM_NAMES(Need, {Need::Unknown, "unknown"}, {Need::Yes, "yes"}, {Need::No, "no"});
TANDEM_ENUM_NAMES(Stage, {Stage::New, "new"}, {Stage::Mql, "mql"}, {Stage::SalesReady, "sales_ready"},
                  {Stage::Sql, "sql"}, {Stage::Opportunity, "opportunity"}, {Stage::Won, "won"},
                  {Stage::Lost, "lost"}, {Stage::Recycled, "recycled"}, {Stage::Disqualified, "disqualified"});
TANDEM_ENUM_NAMES(Level, {Level::None, "none"}, {Level::Mql, "mql"}, {Level::SalesReady, "sales_ready"});
TANDEM_ENUM_NAMES(RejectReason, {RejectReason::NoBudget, "no_budget"}, {RejectReason::NoAuthority, "no_authority"},
                  {RejectReason::NoNeed, "no_need"}, {RejectReason::NoTimeline, "no_timeline"},
                  {RejectReason::BadFit, "bad_fit"}, {RejectReason::Duplicate, "duplicate"},
                  {RejectReason::Unreachable, "unreachable"}, {RejectReason::Other, "other"});
TANDEM_ENUM_NAMES(Role, {Role::Admin, "admin"}, {Role::MarketingLeader, "marketing_leader"},
                  {Role::SalesLeader, "sales_leader"}, {Role::Marketer, "marketer"}, {Role::SalesRep, "sales_rep"});
TANDEM_ENUM_NAMES(CampaignType, {CampaignType::Webinar, "webinar"}, {CampaignType::Email, "email"},
                  {CampaignType::Paid, "paid"}, {CampaignType::Event, "event"}, {CampaignType::Content, "content"},
                  {CampaignType::ProductLaunch, "product_launch"}, {CampaignType::Social, "social"},
                  {CampaignType::Other, "other"});
TANDEM_ENUM_NAMES(CampaignStatus, {CampaignStatus::Planned, "planned"}, {CampaignStatus::Live, "live"},
                  {CampaignStatus::Done, "done"}, {CampaignStatus::Cancelled, "cancelled"});
TANDEM_ENUM_NAMES(FeedbackKind, {FeedbackKind::Rejection, "rejection"}, {FeedbackKind::Objection, "objection"},
                  {FeedbackKind::Question, "question"}, {FeedbackKind::ContentRequest, "content_request"},
                  {FeedbackKind::WinStory, "win_story"}, {FeedbackKind::General, "general"});
TANDEM_ENUM_NAMES(ContentStatus, {ContentStatus::Open, "open"}, {ContentStatus::InProgress, "in_progress"},
                  {ContentStatus::Done, "done"});
TANDEM_ENUM_NAMES(DefinitionStatus, {DefinitionStatus::Draft, "draft"}, {DefinitionStatus::Proposed, "proposed"},
                  {DefinitionStatus::Active, "active"}, {DefinitionStatus::Retired, "retired"});
TANDEM_ENUM_NAMES(Op, {Op::Eq, "eq"}, {Op::Neq, "neq"}, {Op::In, "in"}, {Op::NotIn, "not_in"}, {Op::Gte, "gte"},
                  {Op::Lte, "lte"}, {Op::Between, "between"}, {Op::Exists, "exists"});
TANDEM_ENUM_NAMES(DecayKind, {DecayKind::None, "none"}, {DecayKind::Window, "window"},
                  {DecayKind::HalfLife, "half_life"});

#undef TANDEM_ENUM_NAMES

template <class E>
constexpr std::span<const std::pair<E, std::string_view>> EnumValues() {
    return EnumNames<E>::kNames;
}

template <class E>
constexpr std::string_view ToString(E value) {
    for (const auto& [candidate, name] : EnumNames<E>::kNames)
        if (candidate == value) return name;
    return {};
}

template <class E>
constexpr std::optional<E> ParseEnum(std::string_view text) {
    for (const auto& [candidate, name] : EnumNames<E>::kNames)
        if (name == text) return candidate;
    return std::nullopt;
}

// "webinar, content_download, ..." for error messages.
template <class E>
std::string EnumChoices() {
    std::string out;
    for (const auto& [candidate, name] : EnumNames<E>::kNames) {
        if (!out.empty()) out += ", ";
        out += name;
    }
    return out;
}

}  // namespace tandem
