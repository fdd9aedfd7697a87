// The stage machine: every edge of the funnel for every role, every refusal, the reasons some
// moves need, and the stages the definition moves leads to on its own.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tandem/stage_machine.h"

namespace {

using namespace tandem;

enum class Side { Marketing, Sales };

struct Move {
    Stage from;
    Stage to;
    Side side;
};

// Written out from PRODUCT.md, independently of the table in stage_machine.cpp.
constexpr Move kMoves[] = {
    {Stage::New, Stage::Mql, Side::Marketing},
    {Stage::New, Stage::SalesReady, Side::Marketing},
    {Stage::New, Stage::Disqualified, Side::Marketing},
    {Stage::Mql, Stage::SalesReady, Side::Marketing},
    {Stage::Mql, Stage::Recycled, Side::Marketing},
    {Stage::Mql, Stage::Disqualified, Side::Marketing},
    {Stage::SalesReady, Stage::Sql, Side::Sales},
    {Stage::SalesReady, Stage::Recycled, Side::Sales},
    {Stage::SalesReady, Stage::Disqualified, Side::Sales},
    {Stage::Sql, Stage::Opportunity, Side::Sales},
    {Stage::Sql, Stage::Recycled, Side::Sales},
    {Stage::Sql, Stage::Lost, Side::Sales},
    {Stage::Sql, Stage::Disqualified, Side::Sales},
    {Stage::Opportunity, Stage::Won, Side::Sales},
    {Stage::Opportunity, Stage::Lost, Side::Sales},
    {Stage::Lost, Stage::Recycled, Side::Marketing},
    {Stage::Recycled, Stage::Mql, Side::Marketing},
    {Stage::Recycled, Stage::SalesReady, Side::Marketing},
    {Stage::Recycled, Stage::Disqualified, Side::Marketing},
};

const Move* FindMove(Stage from, Stage to) {
    for (const Move& move : kMoves)
        if (move.from == from && move.to == to) return &move;
    return nullptr;
}

bool OnSide(Role role, Side side) {
    switch (role) {
    case Role::Admin: return true;
    case Role::Marketer:
    case Role::MarketingLeader: return side == Side::Marketing;
    case Role::SalesRep:
    case Role::SalesLeader: return side == Side::Sales;
    }
    return false;
}

// A request that satisfies every reason rule, so only the edge and the role decide.
TransitionRequest Complete(Stage to) {
    TransitionRequest request;
    request.to = to;
    request.reason = "no_budget";
    request.deal_value = 25000;
    return request;
}

TransitionVerdict Check(Stage from, Role role, Stage to, std::string reason = "",
                        std::optional<std::int64_t> deal_value = std::nullopt) {
    TransitionRequest request;
    request.to = to;
    request.reason = std::move(reason);
    request.deal_value = deal_value;
    return CheckTransition(from, role, request);
}

// Every value of an enum. (Not a structured binding over EnumValues: clang 14, Emscripten's
// compiler, cannot capture those in the lambdas CAPTURE builds.)
template <class E>
std::vector<E> All() {
    std::vector<E> values;
    for (const auto& entry : EnumValues<E>()) values.push_back(entry.first);
    return values;
}

constexpr const char* kReasonCodes =
    "no_budget, no_authority, no_need, no_timeline, bad_fit, duplicate, unreachable, other";

}  // namespace

TEST_CASE("every edge is open to admins and to the side of the funnel that owns it") {
    int allowed = 0, forbidden = 0;
    for (const Move& move : kMoves) {
        for (Role role : All<Role>()) {
            CAPTURE(ToString(move.from));
            CAPTURE(ToString(move.to));
            CAPTURE(ToString(role));
            TransitionVerdict verdict = CheckTransition(move.from, role, Complete(move.to));
            if (OnSide(role, move.side)) {
                CHECK(verdict.Ok());
                CHECK(verdict.message.empty());
                ++allowed;
            } else {
                CHECK(verdict.problem == TransitionProblem::Forbidden);
                CHECK(verdict.field.empty());
                ++forbidden;
            }
        }
    }
    CHECK(allowed == 19 * 3);    // 19 edges: admin and the two roles of the owning side
    CHECK(forbidden == 19 * 2);  // the two roles of the other side
}

TEST_CASE("every other pair of stages is no such move, whoever asks") {
    int refused = 0;
    for (Stage from : All<Stage>()) {
        for (Stage to : All<Stage>()) {
            if (FindMove(from, to)) continue;
            for (Role role : All<Role>()) {
                CAPTURE(ToString(from));
                CAPTURE(ToString(to));
                CAPTURE(ToString(role));
                TransitionVerdict verdict = CheckTransition(from, role, Complete(to));
                CHECK(verdict.problem == TransitionProblem::NoSuchMove);
                CHECK(verdict.message ==
                      "a lead cannot move from " + std::string(ToString(from)) + " to " + std::string(ToString(to)));
                ++refused;
            }
        }
    }
    CHECK(refused == (9 * 9 - 19) * 5);   // 81 pairs less 19 edges, for 5 roles
}

TEST_CASE("won and disqualified are terminal and no stage moves to itself") {
    CHECK(Check(Stage::Won, Role::Admin, Stage::Sql).message == "a lead cannot move from won to sql");
    CHECK(Check(Stage::Won, Role::Admin, Stage::Lost).problem == TransitionProblem::NoSuchMove);
    CHECK(Check(Stage::Disqualified, Role::Admin, Stage::Recycled, "no_budget").problem ==
          TransitionProblem::NoSuchMove);
    CHECK(Check(Stage::Mql, Role::Marketer, Stage::Mql).problem == TransitionProblem::NoSuchMove);
    CHECK(Check(Stage::New, Role::Marketer, Stage::Sql).problem == TransitionProblem::NoSuchMove);   // no skipping
}

TEST_CASE("a refused role is told who may not do what") {
    TransitionVerdict verdict = Check(Stage::SalesReady, Role::Marketer, Stage::Sql);
    CHECK(verdict.problem == TransitionProblem::Forbidden);
    CHECK(verdict.message == "a marketer cannot accept a lead for sales (sales_ready to sql is a sales move)");
    verdict = Check(Stage::New, Role::SalesRep, Stage::Mql);
    CHECK(verdict.message == "a sales rep cannot mark a lead as an MQL (new to mql is a marketing move)");
    verdict = Check(Stage::Lost, Role::SalesLeader, Stage::Recycled, "no_need");
    CHECK(verdict.message == "a sales leader cannot recycle a lost lead (lost to recycled is a marketing move)");
    verdict = Check(Stage::Opportunity, Role::MarketingLeader, Stage::Won, "", 100);
    CHECK(verdict.message ==
          "a marketing leader cannot mark an opportunity as won (opportunity to won is a sales move)");
}

TEST_CASE("recycling requires one of the reject reason codes") {
    TransitionVerdict verdict = Check(Stage::SalesReady, Role::SalesRep, Stage::Recycled);
    CHECK(verdict.problem == TransitionProblem::Invalid);
    CHECK(verdict.field == "reason");
    CHECK(verdict.message == std::string("a reason is required to recycle a lead (one of: ") + kReasonCodes + ")");

    CHECK(Check(Stage::SalesReady, Role::SalesRep, Stage::Recycled, "  ").message == verdict.message);

    verdict = Check(Stage::SalesReady, Role::SalesRep, Stage::Recycled, "too pricey");
    CHECK(verdict.problem == TransitionProblem::Invalid);
    CHECK(verdict.field == "reason");
    CHECK(verdict.message == std::string("unknown reason 'too pricey' (one of: ") + kReasonCodes + ")");
    CHECK(Check(Stage::SalesReady, Role::SalesRep, Stage::Recycled, "No_Budget").problem ==
          TransitionProblem::Invalid);   // codes are exact

    for (RejectReason reason : All<RejectReason>()) {
        std::string code(ToString(reason));
        CAPTURE(code);
        CHECK(Check(Stage::SalesReady, Role::SalesRep, Stage::Recycled, code).Ok());
        CHECK(Check(Stage::Mql, Role::Marketer, Stage::Recycled, code).Ok());
        CHECK(Check(Stage::Sql, Role::SalesLeader, Stage::Recycled, code).Ok());
        CHECK(Check(Stage::Lost, Role::MarketingLeader, Stage::Recycled, code).Ok());
    }
}

TEST_CASE("disqualifying requires a reason in any words") {
    TransitionVerdict verdict = Check(Stage::New, Role::Marketer, Stage::Disqualified);
    CHECK(verdict.problem == TransitionProblem::Invalid);
    CHECK(verdict.field == "reason");
    CHECK(verdict.message == "a reason is required to disqualify a lead");
    CHECK(Check(Stage::New, Role::Marketer, Stage::Disqualified, " \t").problem == TransitionProblem::Invalid);
    CHECK(Check(Stage::New, Role::Marketer, Stage::Disqualified, "spam sign-up").Ok());
    CHECK(Check(Stage::Sql, Role::SalesRep, Stage::Disqualified, "competitor").Ok());
}

TEST_CASE("winning requires a deal value above zero") {
    TransitionVerdict verdict = Check(Stage::Opportunity, Role::SalesRep, Stage::Won);
    CHECK(verdict.problem == TransitionProblem::Invalid);
    CHECK(verdict.field == "deal_value");
    CHECK(verdict.message == "a deal value is required to mark a lead as won");
    for (std::int64_t value : {0, -5}) {
        verdict = Check(Stage::Opportunity, Role::SalesRep, Stage::Won, "", value);
        CHECK(verdict.problem == TransitionProblem::Invalid);
        CHECK(verdict.field == "deal_value");
        CHECK(verdict.message == "the deal value of a won lead must be above 0");
    }
    CHECK(Check(Stage::Opportunity, Role::SalesRep, Stage::Won, "", 1).Ok());
}

TEST_CASE("moves other than recycle, disqualify and win need neither reason nor deal value") {
    CHECK(Check(Stage::New, Role::Marketer, Stage::Mql).Ok());
    CHECK(Check(Stage::SalesReady, Role::SalesRep, Stage::Sql).Ok());
    CHECK(Check(Stage::Sql, Role::SalesRep, Stage::Opportunity).Ok());
    CHECK(Check(Stage::Opportunity, Role::SalesRep, Stage::Lost).Ok());
    CHECK(Check(Stage::Recycled, Role::Marketer, Stage::SalesReady).Ok());
}

TEST_CASE("no such move is reported before forbidden, and forbidden before invalid") {
    CHECK(Check(Stage::Won, Role::Marketer, Stage::Recycled).problem == TransitionProblem::NoSuchMove);
    CHECK(Check(Stage::SalesReady, Role::Marketer, Stage::Recycled).problem == TransitionProblem::Forbidden);
    CHECK(Check(Stage::SalesReady, Role::SalesRep, Stage::Recycled).problem == TransitionProblem::Invalid);
    CHECK(Check(Stage::Opportunity, Role::Marketer, Stage::Won).problem == TransitionProblem::Forbidden);
}

TEST_CASE("the definition moves leads before sales accepts them, and brings recycled leads back") {
    struct Row {
        Stage current;
        Level level;
        std::optional<Stage> expected;
    };
    const Row kTable[] = {
        {Stage::New, Level::None, std::nullopt},
        {Stage::New, Level::Mql, Stage::Mql},
        {Stage::New, Level::SalesReady, Stage::SalesReady},
        {Stage::Mql, Level::None, Stage::New},
        {Stage::Mql, Level::Mql, std::nullopt},
        {Stage::Mql, Level::SalesReady, Stage::SalesReady},
        {Stage::SalesReady, Level::None, Stage::New},
        {Stage::SalesReady, Level::Mql, Stage::Mql},
        {Stage::SalesReady, Level::SalesReady, std::nullopt},
        {Stage::Recycled, Level::None, std::nullopt},
        {Stage::Recycled, Level::Mql, Stage::Mql},
        {Stage::Recycled, Level::SalesReady, Stage::SalesReady},
    };
    for (const Row& row : kTable) {
        CAPTURE(ToString(row.current));
        CAPTURE(ToString(row.level));
        CHECK(AutoStage(row.current, row.level) == row.expected);
    }
    for (Stage stage : {Stage::Sql, Stage::Opportunity, Stage::Won, Stage::Lost, Stage::Disqualified}) {
        for (Level level : All<Level>()) {
            CAPTURE(ToString(stage));
            CAPTURE(ToString(level));
            CHECK_FALSE(AutoStage(stage, level).has_value());
        }
    }
}

TEST_CASE("only a sales-ready lead waits for a sales response") {
    for (Stage stage : All<Stage>()) {
        CAPTURE(ToString(stage));
        CHECK(AwaitsSalesResponse(stage) == (stage == Stage::SalesReady));
    }
}
