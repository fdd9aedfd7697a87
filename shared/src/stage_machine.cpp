// The funnel's stage machine: its edges, which side of the funnel owns each, the reasons some
// moves need, and the moves the definition makes on its own.
#include "tandem/stage_machine.h"

#include <string_view>
#include <utility>

namespace tandem {

namespace {

enum class Side { Marketing, Sales };

// One edge of the funnel: who owns it and how a refusal names it ("accept a lead for sales").
struct Edge {
    Stage from;
    Stage to;
    Side side;
    std::string_view action;
};

// The whole funnel in one table, so the rules can be read (and reviewed) in one place.
constexpr Edge kEdges[] = {
    {Stage::New, Stage::Mql, Side::Marketing, "mark a lead as an MQL"},
    {Stage::New, Stage::SalesReady, Side::Marketing, "hand a lead to sales"},
    {Stage::New, Stage::Disqualified, Side::Marketing, "disqualify a new lead"},
    {Stage::Mql, Stage::SalesReady, Side::Marketing, "hand a lead to sales"},
    {Stage::Mql, Stage::Recycled, Side::Marketing, "recycle an MQL"},
    {Stage::Mql, Stage::Disqualified, Side::Marketing, "disqualify an MQL"},
    {Stage::SalesReady, Stage::Sql, Side::Sales, "accept a lead for sales"},
    {Stage::SalesReady, Stage::Recycled, Side::Sales, "reject a lead back to marketing"},
    {Stage::SalesReady, Stage::Disqualified, Side::Sales, "disqualify a sales-ready lead"},
    {Stage::Sql, Stage::Opportunity, Side::Sales, "open an opportunity"},
    {Stage::Sql, Stage::Recycled, Side::Sales, "send an SQL back to marketing"},
    {Stage::Sql, Stage::Lost, Side::Sales, "mark an SQL as lost"},
    {Stage::Sql, Stage::Disqualified, Side::Sales, "disqualify an SQL"},
    {Stage::Opportunity, Stage::Won, Side::Sales, "mark an opportunity as won"},
    {Stage::Opportunity, Stage::Lost, Side::Sales, "mark an opportunity as lost"},
    {Stage::Lost, Stage::Recycled, Side::Marketing, "recycle a lost lead"},
    {Stage::Recycled, Stage::Mql, Side::Marketing, "requalify a recycled lead as an MQL"},
    {Stage::Recycled, Stage::SalesReady, Side::Marketing, "hand a recycled lead to sales"},
    {Stage::Recycled, Stage::Disqualified, Side::Marketing, "disqualify a recycled lead"},
};

const Edge* FindEdge(Stage from, Stage to) {
    for (const Edge& edge : kEdges)
        if (edge.from == from && edge.to == to) return &edge;
    return nullptr;
}

bool MakesMoves(Role role, Side side) {
    switch (role) {
    case Role::Admin: return true;
    case Role::MarketingLeader:
    case Role::Marketer: return side == Side::Marketing;
    case Role::SalesLeader:
    case Role::SalesRep: return side == Side::Sales;
    }
    return false;
}

std::string_view RoleWithArticle(Role role) {
    switch (role) {
    case Role::Admin: return "an admin";
    case Role::MarketingLeader: return "a marketing leader";
    case Role::SalesLeader: return "a sales leader";
    case Role::Marketer: return "a marketer";
    case Role::SalesRep: return "a sales rep";
    }
    return "this role";
}

bool IsBlank(std::string_view text) { return text.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos; }

TransitionVerdict Refuse(TransitionProblem problem, std::string field, std::string message) {
    return {problem, std::move(field), std::move(message)};
}

}  // namespace

TransitionVerdict CheckTransition(Stage from, Role role, const TransitionRequest& request) {
    const Edge* edge = FindEdge(from, request.to);
    if (edge == nullptr) {
        return Refuse(TransitionProblem::NoSuchMove, "",
                      "a lead cannot move from " + std::string(ToString(from)) + " to " +
                          std::string(ToString(request.to)));
    }
    if (!MakesMoves(role, edge->side)) {
        return Refuse(TransitionProblem::Forbidden, "",
                      std::string(RoleWithArticle(role)) + " cannot " + std::string(edge->action) + " (" +
                          std::string(ToString(from)) + " to " + std::string(ToString(request.to)) + " is a " +
                          (edge->side == Side::Marketing ? "marketing" : "sales") + " move)");
    }
    switch (request.to) {
    case Stage::Recycled:
        // The code is stored and counted per reason in the KPIs, so it must be one of the codes
        // exactly; free text belongs in the note.
        if (IsBlank(request.reason)) {
            return Refuse(TransitionProblem::Invalid, "reason",
                          "a reason is required to recycle a lead (one of: " + EnumChoices<RejectReason>() + ")");
        }
        if (!ParseEnum<RejectReason>(request.reason)) {
            return Refuse(TransitionProblem::Invalid, "reason",
                          "unknown reason '" + request.reason + "' (one of: " + EnumChoices<RejectReason>() + ")");
        }
        break;
    case Stage::Disqualified:
        if (IsBlank(request.reason))
            return Refuse(TransitionProblem::Invalid, "reason", "a reason is required to disqualify a lead");
        break;
    case Stage::Won:
        if (!request.deal_value)
            return Refuse(TransitionProblem::Invalid, "deal_value", "a deal value is required to mark a lead as won");
        if (*request.deal_value <= 0)
            return Refuse(TransitionProblem::Invalid, "deal_value", "the deal value of a won lead must be above 0");
        break;
    default: break;
    }
    return {};
}

std::optional<Stage> AutoStage(Stage current, Level level) {
    Stage wanted = Stage::New;
    switch (level) {
    case Level::None: wanted = Stage::New; break;
    case Level::Mql: wanted = Stage::Mql; break;
    case Level::SalesReady: wanted = Stage::SalesReady; break;
    }
    switch (current) {
    case Stage::New:
    case Stage::Mql:
    case Stage::SalesReady:
        // Before sales accepts, the stage follows the definition both ways: a stricter version
        // takes back leads that no longer qualify.
        if (wanted == current) return std::nullopt;
        return wanted;
    case Stage::Recycled:
        // A recycled lead comes back when it qualifies again, but is never demoted to new.
        if (wanted == Stage::New) return std::nullopt;
        return wanted;
    default: return std::nullopt;   // sales owns the lead, or it is closed
    }
}

bool AwaitsSalesResponse(Stage stage) { return stage == Stage::SalesReady; }

}  // namespace tandem
