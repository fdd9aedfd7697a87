// Co-editing the definition draft: each op and its refusals, the server's batches, an editor's
// replica (own edits at once, the server's order decides), the JSON, and a simulation of three
// editors on a lossy, reordering network that must always converge to the server's document.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tandem/codec.h"
#include "tandem/coedit.h"

namespace {

using namespace tandem;
using nlohmann::json;

constexpr const char* kBaseRules = R"({
    "fit": [
        {"id": "budget", "label": "Budget of $10k or more", "field": "budget_usd", "op": "gte", "value": 10000, "points": 20},
        {"id": "size", "label": "Company size", "field": "company_size", "op": "between", "value": [50, 5000], "points": 15},
        {"id": "industry", "label": "Industry", "field": "industry", "op": "in", "value": ["software", "fintech"], "points": 10}
    ],
    "engagement": [
        {"id": "demo", "label": "Asked for a demo", "field": "demo_requested", "op": "eq", "value": true, "points": 30},
        {"id": "views", "label": "Page views", "field": "page_views", "op": "gte", "value": 10, "points": 5}
    ],
    "sales_ready": [
        {"id": "need", "label": "Has a need", "field": "need", "op": "eq", "value": "yes"}
    ],
    "mql_threshold": 50, "fit_cap": null, "engagement_cap": 40, "decay": {"kind": "half_life", "days": 30}
})";

DraftDocument BaseDocument() {
    DraftDocument doc;
    doc.summary = "First draft";
    doc.rules = RulesFromJson(json::parse(kBaseRules));
    return doc;
}

DraftOp SetProp(std::string property, json value) {
    DraftOp op;
    op.kind = DraftOp::Kind::SetProperty;
    op.property = std::move(property);
    op.value = std::move(value);
    return op;
}

DraftOp SetCrit(std::string id, json changes) {
    DraftOp op;
    op.kind = DraftOp::Kind::SetCriterion;
    op.criterion_id = std::move(id);
    op.value = std::move(changes);
    return op;
}

DraftOp Add(CriteriaList list, int index, json criterion) {
    DraftOp op;
    op.kind = DraftOp::Kind::AddCriterion;
    op.list = list;
    op.index = index;
    op.value = std::move(criterion);
    return op;
}

DraftOp Remove(std::string id) {
    DraftOp op;
    op.kind = DraftOp::Kind::RemoveCriterion;
    op.criterion_id = std::move(id);
    return op;
}

DraftOp Move(std::string id, CriteriaList list, int index) {
    DraftOp op;
    op.kind = DraftOp::Kind::MoveCriterion;
    op.criterion_id = std::move(id);
    op.list = list;
    op.index = index;
    return op;
}

std::vector<std::string> Ids(const std::vector<Criterion>& criteria) {
    std::vector<std::string> ids;
    for (const Criterion& criterion : criteria) ids.push_back(criterion.id);
    return ids;
}

using Strings = std::vector<std::string>;

// What the op says when refused; the document must not have changed.
std::string Refusal(const DraftDocument& doc, const DraftOp& op) {
    DraftDocument copy = doc;
    OpOutcome outcome = ApplyOp(copy, op);
    CHECK(copy == doc);
    return outcome;
}

template <class F>
std::string ErrorOf(F&& decode) {
    try {
        decode();
    } catch (const DecodeError& e) {
        return e.what();
    }
    return "accepted";
}

}  // namespace

//-------------------------------------------------------------------------------------------------
// ApplyOp
//-------------------------------------------------------------------------------------------------

TEST_CASE("set_property sets each property of the document") {
    DraftDocument doc = BaseDocument();
    CHECK(ApplyOp(doc, SetProp("summary", "Raise the budget bar")) == "");
    CHECK(ApplyOp(doc, SetProp("review_by", "2027-03-31")) == "");
    CHECK(ApplyOp(doc, SetProp("mql_threshold", 65)) == "");
    CHECK(ApplyOp(doc, SetProp("fit_cap", 45)) == "");
    CHECK(ApplyOp(doc, SetProp("engagement_cap", nullptr)) == "");
    CHECK(ApplyOp(doc, SetProp("decay", {{"kind", "window"}, {"days", 90}})) == "");
    CHECK(doc.summary == "Raise the budget bar");
    CHECK(doc.review_by == DaysFromCivil(2027, 3, 31));
    CHECK(doc.rules.mql_threshold == 65);
    CHECK(doc.rules.fit_cap == 45);
    CHECK(doc.rules.engagement_cap == std::nullopt);
    CHECK(doc.rules.decay == Decay{DecayKind::Window, 90});
    // The criteria were not touched.
    CHECK(doc.rules.fit == BaseDocument().rules.fit);

    CHECK(ApplyOp(doc, SetProp("review_by", nullptr)) == "");
    CHECK(doc.review_by == std::nullopt);
    CHECK(ApplyOp(doc, SetProp("summary", std::string(2000, 'x'))) == "");
    CHECK(doc.summary.size() == 2000);
}

TEST_CASE("set_property refuses a bad value with the validator's words and changes nothing") {
    DraftDocument doc = BaseDocument();
    CHECK(Refusal(doc, SetProp("summary", std::string(2001, 'x'))) == "summary: too long (at most 2000 bytes)");
    CHECK(Refusal(doc, SetProp("summary", 5)) == "summary: expected text, got a number");
    CHECK(Refusal(doc, SetProp("review_by", "2027-02-30")) == "review_by: not a date (YYYY-MM-DD): '2027-02-30'");
    CHECK(Refusal(doc, SetProp("review_by", 20270330)) == "review_by: expected a date such as 2026-11-25");
    CHECK(Refusal(doc, SetProp("mql_threshold", 10001)) == "mql_threshold: must be at most 10000");
    CHECK(Refusal(doc, SetProp("mql_threshold", -1)) == "mql_threshold: must be at least 0");
    CHECK(Refusal(doc, SetProp("mql_threshold", nullptr)) == "mql_threshold: expected a whole number, got null");
    CHECK(Refusal(doc, SetProp("fit_cap", -5)) == "fit_cap: must be at least 0");
    CHECK(Refusal(doc, SetProp("engagement_cap", 2.5)) == "engagement_cap: expected a whole number");
    CHECK(Refusal(doc, SetProp("decay", {{"kind", "window"}, {"days", 0}})) == "decay.days: must be at least 1");
    CHECK(Refusal(doc, SetProp("decay", {{"kind", "linear"}, {"days", 7}})) ==
          "decay.kind: unknown value 'linear' (expected one of: none, window, half_life)");
    CHECK(Refusal(doc, SetProp("decay", {{"kind", "window"}, {"days", 7}, {"rate", 2}})) == "decay.rate: unknown field");
    CHECK(Refusal(doc, SetProp("colour", "teal")) ==
          "unknown property 'colour' (expected one of: summary, review_by, mql_threshold, fit_cap, engagement_cap, decay)");
}

TEST_CASE("set_criterion applies field, operator and value together and keeps the rest") {
    DraftDocument doc = BaseDocument();
    CHECK(ApplyOp(doc, SetCrit("industry", {{"field", "company_size"}, {"op", "gte"}, {"value", 100}})) == "");
    const Criterion& changed = doc.rules.fit[2];
    CHECK(changed.id == "industry");
    CHECK(changed.label == "Industry");
    CHECK(changed.field == "company_size");
    CHECK(changed.op == Op::Gte);
    CHECK(changed.value == CriterionValue{{100}, {}, std::nullopt});
    CHECK(changed.points == 10);

    // Labels and text values come out as RulesFromJson keeps them: trimmed.
    CHECK(ApplyOp(doc, SetCrit("demo", {{"label", "  Wants a demo "}, {"points", 35}})) == "");
    CHECK(doc.rules.engagement[0].label == "Wants a demo");
    CHECK(doc.rules.engagement[0].points == 35);
    CHECK(ApplyOp(doc, SetCrit("demo", {{"label", nullptr}})) == "");
    CHECK(doc.rules.engagement[0].label == "");
    CHECK(Ids(doc.rules.engagement) == Strings{"demo", "views"});
}

TEST_CASE("set_criterion refuses a criterion RulesFromJson would refuse, naming where it stands") {
    DraftDocument doc = BaseDocument();
    // Changing only the field leaves a value of the old kind: refused, so the UI sends all three.
    CHECK(Refusal(doc, SetCrit("industry", {{"field", "budget_usd"}})) == "fit[2].value[0]: budget_usd is a number");
    CHECK(Refusal(doc, SetCrit("views", {{"value", "ten"}})) == "engagement[1].value: page_views is a number");
    CHECK(Refusal(doc, SetCrit("need", {{"op", "gte"}})) == "sales_ready[0].op: gte needs a number field; need is a choice");
    CHECK(Refusal(doc, SetCrit("size", {{"value", {5000, 50}}})) == "fit[1].value: low is above high");
    CHECK(Refusal(doc, SetCrit("budget", {{"points", 1001}})) == "fit[0].points: must be at most 1000");
    CHECK(Refusal(doc, SetCrit("budget", {{"label", std::string(201, 'b')}})) ==
          "fit[0].label: too long (at most 200 bytes)");
    CHECK(Refusal(doc, SetCrit("budget", {{"op", "exists"}})) == "fit[0].value: exists takes no value");
    CHECK(Refusal(doc, SetCrit("budget", {{"id", "money"}})) == "fit[0].id: cannot be changed");
    CHECK(Refusal(doc, SetCrit("budget", {{"colour", "teal"}})) == "fit[0].colour: unknown field");
    CHECK(Refusal(doc, SetCrit("budget", json::object())) ==
          "fit[0]: expected at least one of: label, field, op, value, points");
    CHECK(Refusal(doc, SetCrit("budget", 5)) == "fit[0]: expected an object of changes");
    // Exists with a null value is what the UI sends to switch a criterion to exists.
    CHECK(ApplyOp(doc, SetCrit("budget", {{"op", "exists"}, {"value", nullptr}})) == "");
    CHECK(doc.rules.fit[0].op == Op::Exists);
    CHECK(doc.rules.fit[0].value == CriterionValue{});
}

TEST_CASE("an op on a criterion that no longer exists says it was removed") {
    DraftDocument doc = BaseDocument();
    CHECK(Refusal(doc, SetCrit("webinar", {{"points", 5}})) == "criterion 'webinar' was removed");
    CHECK(Refusal(doc, Remove("webinar")) == "criterion 'webinar' was removed");
    CHECK(Refusal(doc, Move("webinar", CriteriaList::Fit, 0)) == "criterion 'webinar' was removed");
    CHECK(ApplyOp(doc, Remove("size")) == "");
    CHECK(Ids(doc.rules.fit) == Strings{"budget", "industry"});
    CHECK(Refusal(doc, Remove("size")) == "criterion 'size' was removed");
}

TEST_CASE("add_criterion inserts a whole criterion at the clamped index and refuses a taken id") {
    DraftDocument doc = BaseDocument();
    json webinar = {{"id", "webinar"}, {"label", "Webinar"}, {"field", "webinars_attended"}, {"op", "gte"},
                    {"value", 1}, {"points", 10}};
    CHECK(ApplyOp(doc, Add(CriteriaList::Engagement, 1, webinar)) == "");
    CHECK(Ids(doc.rules.engagement) == Strings{"demo", "webinar", "views"});
    CHECK(doc.rules.engagement[1].points == 10);

    json phone = {{"id", "phone"}, {"field", "phone"}, {"op", "exists"}};
    CHECK(ApplyOp(doc, Add(CriteriaList::SalesReady, 99, phone)) == "");
    CHECK(Ids(doc.rules.sales_ready) == Strings{"need", "phone"});
    json country = {{"id", "country"}, {"field", "country"}, {"op", "eq"}, {"value", "DE"}, {"points", 5}};
    CHECK(ApplyOp(doc, Add(CriteriaList::Fit, -3, country)) == "");
    CHECK(Ids(doc.rules.fit) == Strings{"country", "budget", "size", "industry"});

    // Ids are unique across the three lists.
    json taken = {{"id", "need"}, {"field", "budget_usd"}, {"op", "gte"}, {"value", 1}, {"points", 5}};
    CHECK(Refusal(doc, Add(CriteriaList::Fit, 0, taken)) == "criterion 'need' already exists");
    json bad = {{"id", "sector"}, {"field", "industry"}, {"op", "gte"}, {"value", 5}, {"points", 5}};
    CHECK(Refusal(doc, Add(CriteriaList::Engagement, 99, bad)) ==
          "engagement[3].op: gte needs a number field; industry is text");
    json bad_id = {{"id", "Big Budget"}, {"field", "budget_usd"}, {"op", "gte"}, {"value", 1}};
    CHECK(Refusal(doc, Add(CriteriaList::Fit, 1, bad_id)) == "fit[1].id: only a-z, 0-9, _ and - are allowed");
    CHECK(Refusal(doc, Add(CriteriaList::Fit, 1, "budget")) == "fit[1]: expected an object, got text");
}

TEST_CASE("move_criterion keeps the points, except into the sales-ready checks, which have none") {
    DraftDocument doc = BaseDocument();
    CHECK(ApplyOp(doc, Move("views", CriteriaList::Fit, 0)) == "");
    CHECK(Ids(doc.rules.fit) == Strings{"views", "budget", "size", "industry"});
    CHECK(Ids(doc.rules.engagement) == Strings{"demo"});
    CHECK(doc.rules.fit[0].points == 5);

    CHECK(ApplyOp(doc, Move("budget", CriteriaList::SalesReady, 0)) == "");
    CHECK(Ids(doc.rules.sales_ready) == Strings{"budget", "need"});
    CHECK(doc.rules.sales_ready[0].points == 0);
    CHECK(doc.rules.sales_ready[0].value == CriterionValue{{10000}, {}, std::nullopt});

    // The index is the place in the list without the moved criterion, clamped to its size.
    CHECK(ApplyOp(doc, Move("views", CriteriaList::Fit, 99)) == "");
    CHECK(Ids(doc.rules.fit) == Strings{"size", "industry", "views"});
    CHECK(ApplyOp(doc, Move("views", CriteriaList::Fit, 1)) == "");
    CHECK(Ids(doc.rules.fit) == Strings{"size", "views", "industry"});
    CHECK(ApplyOp(doc, Move("industry", CriteriaList::Fit, -1)) == "");
    CHECK(Ids(doc.rules.fit) == Strings{"industry", "size", "views"});
}

TEST_CASE("the server applies a batch in order, keeping the accepted ops and the reasons for the rest") {
    DraftDocument doc = BaseDocument();
    OpBatch batch;
    batch.client_id = "tab-7";
    batch.client_seq = 3;
    batch.base_revision = 11;
    batch.ops = {SetProp("mql_threshold", 60), Remove("size"), SetCrit("size", {{"points", 1}}),
                 SetProp("mql_threshold", 70), SetProp("fit_cap", -1)};
    AcceptedBatch accepted = ApplyBatch(doc, batch, 12, 42);
    CHECK(accepted.revision == 12);
    CHECK(accepted.client_id == "tab-7");
    CHECK(accepted.client_seq == 3);
    CHECK(accepted.author_id == 42);
    CHECK(accepted.ops == std::vector<DraftOp>{batch.ops[0], batch.ops[1], batch.ops[3]});
    CHECK(accepted.dropped == std::vector<std::pair<std::size_t, std::string>>{
                                  {2, "criterion 'size' was removed"}, {4, "fit_cap: must be at least 0"}});
    // The last writer wins, here within one batch.
    CHECK(doc.rules.mql_threshold == 70);
    CHECK(Ids(doc.rules.fit) == Strings{"budget", "industry"});
}

//-------------------------------------------------------------------------------------------------
// DraftReplica
//-------------------------------------------------------------------------------------------------

namespace {

// The server's side of a test: the document, its revision and ApplyBatch.
struct TestServer {
    DraftDocument doc = BaseDocument();
    std::int64_t revision = 7;

    AcceptedBatch Accept(const OpBatch& batch, std::int64_t author = 1) {
        return ApplyBatch(doc, batch, ++revision, author);
    }
    AcceptedBatch Accept(const std::string& client, std::int64_t seq, std::vector<DraftOp> ops) {
        OpBatch batch;
        batch.client_id = client;
        batch.client_seq = seq;
        batch.base_revision = revision;
        batch.ops = std::move(ops);
        return Accept(batch);
    }
};

}  // namespace

TEST_CASE("an edit shows at once and is sent as a batch based on the confirmed revision") {
    DraftReplica replica("tab-a");
    replica.Reset(BaseDocument(), 7);
    CHECK(replica.Edit({SetProp("summary", "Stricter"), SetProp("mql_threshold", 60)}) == Strings{"", ""});
    CHECK(replica.View().summary == "Stricter");
    CHECK(replica.View().rules.mql_threshold == 60);
    CHECK(replica.Confirmed() == BaseDocument());
    CHECK(replica.PendingBatches() == 1);

    std::optional<OpBatch> batch = replica.TakeBatchToSend();
    REQUIRE(batch);
    CHECK(batch->client_id == "tab-a");
    CHECK(batch->client_seq == 1);
    CHECK(batch->base_revision == 7);
    CHECK(batch->ops == std::vector<DraftOp>{SetProp("summary", "Stricter"), SetProp("mql_threshold", 60)});
    CHECK(replica.InFlight());
    CHECK_FALSE(replica.TakeBatchToSend());
}

TEST_CASE("edits refused locally are reported and not queued") {
    DraftReplica replica("tab-a");
    replica.Reset(BaseDocument(), 7);
    CHECK(replica.Edit({Remove("webinar"), SetProp("fit_cap", -1)}) ==
          Strings{"criterion 'webinar' was removed", "fit_cap: must be at least 0"});
    CHECK(replica.PendingBatches() == 0);
    CHECK_FALSE(replica.TakeBatchToSend());
    CHECK(replica.Edit({Remove("webinar"), SetProp("fit_cap", 30)}) == Strings{"criterion 'webinar' was removed", ""});
    std::optional<OpBatch> batch = replica.TakeBatchToSend();
    REQUIRE(batch);
    CHECK(batch->ops == std::vector<DraftOp>{SetProp("fit_cap", 30)});
}

TEST_CASE("edits made while a batch is in flight gather in the next one, a later value replacing an earlier") {
    DraftReplica replica("tab-a");
    replica.Reset(BaseDocument(), 7);
    replica.Edit({SetProp("summary", "S")});
    REQUIRE(replica.TakeBatchToSend());
    replica.Edit({SetProp("summary", "St")});
    replica.Edit({SetProp("mql_threshold", 60), Remove("size")});
    replica.Edit({SetProp("summary", "Str")});
    CHECK(replica.PendingBatches() == 2);
    CHECK(replica.View().summary == "Str");
    CHECK_FALSE(replica.TakeBatchToSend());   // one batch at a time

    TestServer server;
    OpBatch first;
    first.client_id = "tab-a";
    first.client_seq = 1;
    first.ops = {SetProp("summary", "S")};
    CHECK(replica.Receive(server.Accept(first)));
    CHECK(replica.PendingBatches() == 1);
    std::optional<OpBatch> second = replica.TakeBatchToSend();
    REQUIRE(second);
    CHECK(second->client_seq == 2);
    CHECK(second->base_revision == 8);
    CHECK(second->ops == std::vector<DraftOp>{SetProp("mql_threshold", 60), Remove("size"), SetProp("summary", "Str")});
}

TEST_CASE("the server's answer confirms a batch, and another editor's batch slides under pending edits") {
    TestServer server;
    DraftReplica replica("tab-a");
    replica.Reset(server.doc, server.revision);
    replica.Edit({SetProp("mql_threshold", 60), SetCrit("budget", {{"points", 25}})});
    std::optional<OpBatch> mine = replica.TakeBatchToSend();
    REQUIRE(mine);

    // Another editor's batch reaches the server first.
    AcceptedBatch theirs = server.Accept("tab-b", 1, {SetProp("summary", "Theirs"), SetProp("mql_threshold", 55)});
    CHECK(replica.Receive(theirs));
    CHECK(replica.Revision() == 8);
    CHECK(replica.Confirmed().rules.mql_threshold == 55);
    CHECK(replica.View().summary == "Theirs");
    CHECK(replica.View().rules.mql_threshold == 60);   // ours still on top, not yet ordered
    CHECK(replica.View().rules.fit[0].points == 25);
    CHECK(replica.PendingBatches() == 1);

    AcceptedBatch answer = server.Accept(*mine);
    CHECK(replica.Receive(answer));
    CHECK(replica.PendingBatches() == 0);
    CHECK_FALSE(replica.InFlight());
    CHECK(replica.Revision() == 9);
    CHECK(replica.Confirmed() == server.doc);
    CHECK(replica.View() == server.doc);
    CHECK(server.doc.rules.mql_threshold == 60);   // arrived last, so it wins
    CHECK(replica.TakeDropped().empty());
}

TEST_CASE("an edit of a criterion another editor removed vanishes and the server's reason is reported once") {
    TestServer server;
    DraftReplica replica("tab-a");
    replica.Reset(server.doc, server.revision);
    replica.Edit({SetCrit("budget", {{"points", 25}}), SetProp("summary", "Mine")});
    std::optional<OpBatch> mine = replica.TakeBatchToSend();
    REQUIRE(mine);

    CHECK(replica.Receive(server.Accept("tab-b", 1, {Remove("budget")})));
    CHECK(Ids(replica.View().rules.fit) == Strings{"size", "industry"});
    CHECK(replica.View().summary == "Mine");

    AcceptedBatch answer = server.Accept(*mine);
    CHECK(answer.dropped == std::vector<std::pair<std::size_t, std::string>>{{0, "criterion 'budget' was removed"}});
    CHECK(replica.Receive(answer));
    CHECK(replica.View() == server.doc);
    CHECK(replica.TakeDropped() == Strings{"criterion 'budget' was removed"});
    CHECK(replica.TakeDropped().empty());
}

TEST_CASE("a duplicate is ignored, a gap or an op that does not apply asks for a reload") {
    TestServer server;
    DraftReplica replica("tab-a");
    replica.Reset(server.doc, server.revision);
    AcceptedBatch eighth = server.Accept("tab-b", 1, {SetProp("summary", "Eighth")});
    CHECK(replica.Receive(eighth));
    CHECK(replica.Receive(eighth));
    CHECK(replica.Revision() == 8);
    CHECK(replica.View().summary == "Eighth");

    server.Accept("tab-b", 2, {SetProp("summary", "Ninth")});
    AcceptedBatch tenth = server.Accept("tab-b", 3, {SetProp("summary", "Tenth")});
    CHECK_FALSE(replica.Receive(tenth));
    CHECK(replica.Revision() == 8);
    CHECK(replica.View().summary == "Eighth");

    // The replica holds a different document than the one the server applied this batch to.
    AcceptedBatch impossible;
    impossible.revision = 9;
    impossible.client_id = "tab-b";
    impossible.client_seq = 4;
    impossible.ops = {SetProp("summary", "Fine"), Remove("webinar")};
    CHECK_FALSE(replica.Receive(impossible));
    CHECK(replica.Revision() == 8);
    CHECK(replica.Confirmed().summary == "Eighth");

    replica.Reset(server.doc, server.revision);
    CHECK(replica.Revision() == 10);
    CHECK(replica.View().summary == "Tenth");
}

TEST_CASE("a failed send is sent again, based on the revision confirmed by then") {
    TestServer server;
    DraftReplica replica("tab-a");
    replica.Reset(server.doc, server.revision);
    replica.Edit({SetProp("fit_cap", 35)});
    REQUIRE(replica.TakeBatchToSend());
    replica.SendFailed();
    CHECK_FALSE(replica.InFlight());
    CHECK(replica.Receive(server.Accept("tab-b", 1, {SetProp("summary", "Other")})));
    std::optional<OpBatch> again = replica.TakeBatchToSend();
    REQUIRE(again);
    CHECK(again->client_seq == 1);
    CHECK(again->base_revision == 8);
    CHECK(replica.Receive(server.Accept(*again)));
    CHECK(replica.PendingBatches() == 0);
    CHECK(replica.View().rules.fit_cap == 35);
}

TEST_CASE("after a reload, an answer for a revision the reload already holds confirms the batch") {
    TestServer server;
    DraftReplica replica("tab-a");
    replica.Reset(server.doc, server.revision);
    replica.Edit({Add(CriteriaList::Fit, 0, {{"id", "country"}, {"field", "country"}, {"op", "eq"}, {"value", "DE"}, {"points", 5}})});
    std::optional<OpBatch> mine = replica.TakeBatchToSend();
    REQUIRE(mine);
    server.Accept("tab-b", 1, {SetProp("summary", "Missed")});
    AcceptedBatch answer = server.Accept(*mine);
    server.Accept("tab-b", 2, {SetProp("mql_threshold", 45)});

    // The stream missed revisions; the editor reloads, then the POST's answer arrives.
    replica.Reset(server.doc, server.revision);
    CHECK(replica.PendingBatches() == 1);
    CHECK(replica.View().rules.fit.size() == 4);   // the add is in the reload and not applied twice
    CHECK(replica.Receive(answer));
    CHECK(replica.PendingBatches() == 0);
    CHECK_FALSE(replica.InFlight());
    CHECK(replica.Revision() == 10);
    CHECK(replica.View() == server.doc);
}

//-------------------------------------------------------------------------------------------------
// JSON
//-------------------------------------------------------------------------------------------------

TEST_CASE("ops carry only their kind's members and decode to what was encoded") {
    CHECK(ToJson(SetProp("review_by", nullptr)).dump() == R"({"kind":"set_property","property":"review_by","value":null})");
    CHECK(ToJson(SetCrit("budget", {{"points", 5}})).dump() ==
          R"({"criterion_id":"budget","kind":"set_criterion","value":{"points":5}})");
    CHECK(ToJson(Add(CriteriaList::SalesReady, 2, {{"id", "phone"}, {"field", "phone"}, {"op", "exists"}})).dump() ==
          R"({"index":2,"kind":"add_criterion","list":"sales_ready","value":{"field":"phone","id":"phone","op":"exists"}})");
    CHECK(ToJson(Remove("size")).dump() == R"({"criterion_id":"size","kind":"remove_criterion"})");
    CHECK(ToJson(Move("views", CriteriaList::Engagement, 0)).dump() ==
          R"({"criterion_id":"views","index":0,"kind":"move_criterion","list":"engagement"})");

    for (const DraftOp& op : {SetProp("decay", {{"kind", "window"}, {"days", 9}}), SetProp("fit_cap", nullptr),
                              SetCrit("need", {{"label", "Need"}}), Add(CriteriaList::Fit, 1, {{"id", "x"}}),
                              Remove("x"), Move("x", CriteriaList::SalesReady, 3)}) {
        CHECK(DraftOpFromJson(ToJson(op), "op") == op);
    }
}

TEST_CASE("ops are decoded strictly, naming the field") {
    auto decode = [](const char* text) { return ErrorOf([&] { DraftOpFromJson(json::parse(text), "ops[1]"); }); };
    CHECK(decode(R"({"kind":"rename","criterion_id":"x"})") ==
          "ops[1].kind: unknown value 'rename' (expected one of: set_property, set_criterion, add_criterion, "
          "remove_criterion, move_criterion)");
    CHECK(decode(R"({"property":"summary","value":"x"})") == "ops[1].kind: required");
    CHECK(decode(R"({"kind":"set_property","property":"summary"})") == "ops[1].value: required");
    CHECK(decode(R"({"kind":"set_property","property":"colour","value":1})") ==
          "ops[1].property: unknown value 'colour' (expected one of: summary, review_by, mql_threshold, fit_cap, "
          "engagement_cap, decay)");
    CHECK(decode(R"({"kind":"remove_criterion","criterion_id":"x","list":"fit"})") == "ops[1].list: unknown field");
    CHECK(decode(R"({"kind":"remove_criterion","criterion_id":""})") == "ops[1].criterion_id: must not be empty");
    CHECK(decode(R"({"kind":"set_criterion","criterion_id":"x","value":[1]})") == "ops[1].value: expected an object");
    CHECK(decode(R"({"kind":"move_criterion","criterion_id":"x","list":"fit","index":-1})") ==
          "ops[1].index: must be at least 0");
    CHECK(decode(R"({"kind":"move_criterion","criterion_id":"x","list":"later","index":0})") ==
          "ops[1].list: unknown value 'later' (expected one of: fit, engagement, sales_ready)");
    CHECK(decode(R"({"kind":"add_criterion","list":"fit","value":{"id":"x"}})") == "ops[1].index: required");
    CHECK(decode(R"([1])") == "ops[1]: expected an object, got a list");
}

TEST_CASE("batches round-trip through JSON and are decoded strictly") {
    OpBatch batch;
    batch.client_id = "tab-a";
    batch.client_seq = 4;
    batch.base_revision = 17;
    batch.ops = {SetProp("summary", "Hi"), Remove("size")};
    CHECK(ToJson(batch).dump() ==
          R"({"base_revision":17,"client_id":"tab-a","client_seq":4,"ops":[{"kind":"set_property","property":"summary","value":"Hi"},{"criterion_id":"size","kind":"remove_criterion"}]})");
    OpBatch decoded = OpBatchFromJson(ToJson(batch));
    CHECK(decoded.client_id == "tab-a");
    CHECK(decoded.client_seq == 4);
    CHECK(decoded.base_revision == 17);
    CHECK(decoded.ops == batch.ops);

    auto decode = [](const char* text) { return ErrorOf([&] { OpBatchFromJson(json::parse(text)); }); };
    CHECK(decode(R"({"client_id":"a","client_seq":1,"base_revision":0,"ops":[]})") == "ops: expected at least one op");
    CHECK(decode(R"({"client_id":"a","client_seq":0,"base_revision":0,"ops":[]})") == "client_seq: must be at least 1");
    CHECK(decode(R"({"client_id":"","client_seq":1,"base_revision":0,"ops":[]})") == "client_id: must not be empty");
    CHECK(decode(R"({"client_id":"a","client_seq":1,"base_revision":-1,"ops":[]})") == "base_revision: must be at least 0");
    CHECK(decode(R"({"client_id":"a","client_seq":1,"base_revision":0,"ops":[{"kind":"remove_criterion"}]})") ==
          "ops[0].criterion_id: required");
    CHECK(decode(R"({"client_id":"a","client_seq":1,"base_revision":0,"ops":[{"kind":"remove_criterion","criterion_id":"x"}],"author_id":3})") ==
          "author_id: unknown field");
    json many = {{"client_id", "a"}, {"client_seq", 1}, {"base_revision", 0}, {"ops", json::array()}};
    for (int i = 0; i < 1001; ++i) many["ops"].push_back(ToJson(Remove("x")));
    CHECK(ErrorOf([&] { OpBatchFromJson(many); }) == "ops: too many ops (at most 1000)");

    AcceptedBatch accepted;
    accepted.revision = 18;
    accepted.client_id = "tab-a";
    accepted.client_seq = 4;
    accepted.author_id = 42;
    accepted.ops = {SetProp("summary", "Hi")};
    accepted.dropped = {{1, "criterion 'size' was removed"}};
    CHECK(ToJson(accepted).dump() ==
          R"({"author_id":42,"client_id":"tab-a","client_seq":4,"dropped":[{"index":1,"reason":"criterion 'size' was removed"}],"ops":[{"kind":"set_property","property":"summary","value":"Hi"}],"revision":18})");
    AcceptedBatch back = AcceptedBatchFromJson(ToJson(accepted));
    CHECK(back.revision == 18);
    CHECK(back.client_id == "tab-a");
    CHECK(back.client_seq == 4);
    CHECK(back.author_id == 42);
    CHECK(back.ops == accepted.ops);
    CHECK(back.dropped == accepted.dropped);
    // A batch whose every op was dropped is still numbered and answered.
    CHECK(AcceptedBatchFromJson(json::parse(
                                    R"({"revision":3,"client_id":"b","client_seq":2,"author_id":1,"ops":[],"dropped":[{"index":0,"reason":"r"}]})"))
              .dropped.size() == 1);
    CHECK(ErrorOf([] {
              AcceptedBatchFromJson(json::parse(
                  R"({"revision":3,"client_id":"b","client_seq":2,"author_id":1,"ops":[],"dropped":[{"index":0}]})"));
          }) == "dropped[0].reason: required");
    CHECK(ErrorOf([] {
              AcceptedBatchFromJson(json::parse(R"({"revision":0,"client_id":"b","client_seq":2,"author_id":1,"ops":[],"dropped":[]})"));
          }) == "revision: must be at least 1");
}

TEST_CASE("the draft document round-trips through JSON and is decoded strictly") {
    DraftDocument doc = BaseDocument();
    doc.review_by = DaysFromCivil(2027, 3, 31);
    json encoded = ToJson(doc);
    CHECK(encoded.at("summary") == "First draft");
    CHECK(encoded.at("review_by") == "2027-03-31");
    CHECK(encoded.at("rules") == ToJson(doc.rules));
    CHECK(encoded.size() == 3);
    CHECK(DraftDocumentFromJson(encoded) == doc);
    doc.review_by.reset();
    CHECK(ToJson(doc).at("review_by") == nullptr);
    CHECK(DraftDocumentFromJson(ToJson(doc)) == doc);

    json bad = ToJson(doc);
    bad["rules"]["mql_threshold"] = 20000;
    CHECK(ErrorOf([&] { DraftDocumentFromJson(bad); }) == "rules.mql_threshold: must be at most 10000");
    bad = ToJson(doc);
    bad["summary"] = std::string(2001, 's');
    CHECK(ErrorOf([&] { DraftDocumentFromJson(bad); }) == "summary: too long (at most 2000 bytes)");
    bad = ToJson(doc);
    bad.erase("review_by");
    CHECK(ErrorOf([&] { DraftDocumentFromJson(bad); }) == "review_by: required");
    bad = ToJson(doc);
    bad["version"] = 3;
    CHECK(ErrorOf([&] { DraftDocumentFromJson(bad); }) == "version: unknown field");
}

//-------------------------------------------------------------------------------------------------
// Convergence: three editors, random edits, a network that delays, reorders and loses requests
// and answers, and a stream that lags and sometimes breaks (the editor reloads).
//
// Model. Each step picks one event at random:
//   - an editor edits its view (1-3 random ops: properties, criteria edits including criteria
//     another editor removed, adds including ids another editor may add too, removes, moves, and
//     invalid changes that must be refused locally);
//   - an editor takes its next batch and puts the POST on the wire;
//   - any POST on the wire reaches the server (so batches arrive in any order across editors),
//     which applies it in arrival order; the request or its answer may be lost, and the editor
//     sends again (the server answers a batch it already has instead of applying it twice);
//   - any answer on the wire reaches its editor, who holds it until it is not ahead of what it
//     confirmed (the caller's rule), so many acks come by the stream instead;
//   - an editor receives its next broadcast revision (each lags by a random amount);
//   - an editor's stream breaks: it reloads (Reset from the server's current document).
// At quiescence every replica must equal the server, the server must equal a sequential replay
// of its accepted order, and each editor's last write of a property (or a criterion's label)
// must stand unless another editor's write of it arrived later.
//-------------------------------------------------------------------------------------------------

namespace {

// splitmix64: the same sequence on every platform and standard library.
struct Random {
    std::uint64_t state;
    std::uint64_t Next() {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    int Below(int n) { return static_cast<int>(Next() % static_cast<std::uint64_t>(n)); }
    bool Chance(int percent) { return Below(100) < percent; }
};

constexpr int kClients = 3;
constexpr int kRuns = 1500;
constexpr int kEditsPerClient = 10;

const char* const kConditions[] = {
    R"({"field":"budget_usd","op":"gte","value":25000})",
    R"({"field":"company_size","op":"between","value":[10,500]})",
    R"({"field":"industry","op":"in","value":["software","retail"]})",
    R"({"field":"demo_requested","op":"eq","value":true})",
    R"({"field":"need","op":"eq","value":"yes"})",
    R"({"field":"phone","op":"exists","value":null})",
    R"({"field":"downloads","op":"gte","value":2})",
};
// Ids any editor may add: two editors adding the same one is a conflict the server settles.
const char* const kSharedIds[] = {"shared1", "shared2", "shared3"};

CriteriaList AnyList(Random& random) { return static_cast<CriteriaList>(random.Below(3)); }

struct Client {
    explicit Client(const std::string& id) : replica(id) {}
    DraftReplica replica;
    std::size_t stream = 0;                     // broadcast revisions received (the next index)
    std::vector<AcceptedBatch> held_answers;    // answers ahead of the confirmed revision
    std::int64_t sent_seq = 0;                  // the batch the latest POST carries
    int edits_left = kEditsPerClient;
    int counter = 0;                            // makes each written value unique to this editor
    std::map<std::string, json> last_property;  // this editor's last write of each property
    std::map<std::string, std::string> last_label;   // and of each criterion's label
};

struct Post {
    int client;
    OpBatch batch;
    bool lose_request;
    bool lose_answer;
};

struct Answer {
    int client;
    AcceptedBatch batch;
};

// The server of the simulation: ApplyBatch in arrival order, each batch numbered. It remembers
// what it accepted from each editor: a batch sent again after a lost answer is answered, not
// applied twice (an editor sends its batches one at a time, in client_seq order).
struct SimServer {
    DraftDocument doc;
    std::vector<AcceptedBatch> log;   // revision r is log[r - 1]
    std::map<std::string, std::map<std::int64_t, std::size_t>> seen;   // client -> seq -> log index

    const AcceptedBatch& Accept(const OpBatch& batch, std::int64_t author, int& duplicates) {
        std::map<std::int64_t, std::size_t>& client = seen[batch.client_id];
        if (auto known = client.find(batch.client_seq); known != client.end()) {
            ++duplicates;
            return log[known->second];
        }
        REQUIRE(batch.client_seq == (client.empty() ? 1 : client.rbegin()->first + 1));
        log.push_back(ApplyBatch(doc, batch, static_cast<std::int64_t>(log.size()) + 1, author));
        client[batch.client_seq] = log.size() - 1;
        return log.back();
    }
};

struct Totals {
    int accepted_ops = 0, dropped_ops = 0, refused_locally = 0, lost = 0, duplicates = 0, reloads = 0;
    int acks_by_stream = 0, acks_by_answer = 0, steps = 0;
};

std::vector<std::string> AllIds(const DraftDocument& doc) {
    std::vector<std::string> ids = Ids(doc.rules.fit);
    for (const auto* list : {&doc.rules.engagement, &doc.rules.sales_ready})
        for (const Criterion& criterion : *list) ids.push_back(criterion.id);
    return ids;
}

template <class T>
const T& Pick(Random& random, const std::vector<T>& items) {
    return items[static_cast<std::size_t>(random.Below(static_cast<int>(items.size())))];
}

// A criterion id to edit: usually one the editor sees, sometimes any id ever used, which may be
// gone (removed by another editor, or by this one) or not yet arrived.
std::string SomeId(Random& random, const DraftDocument& view, const std::vector<std::string>& ever) {
    std::vector<std::string> ids = AllIds(view);
    if (ids.empty() || random.Chance(20)) return Pick(random, ever);
    return Pick(random, ids);
}

DraftOp RandomOp(Random& random, Client& client, int index, std::vector<std::string>& ever) {
    const DraftDocument& view = client.replica.View();
    const int unique = index * 1000 + ++client.counter;   // every value an editor writes is its own
    const std::string tag = std::to_string(unique);
    int kind = random.Below(100);
    if (kind < 35) {
        switch (random.Below(6)) {
        case 0: return SetProp("summary", "summary " + tag);
        case 1: return SetProp("review_by", FormatDate(DaysFromCivil(2027, 1, 1) + unique));
        case 2: return SetProp("mql_threshold", unique);
        case 3: return SetProp("fit_cap", unique);
        case 4: return SetProp("engagement_cap", unique);
        default: return SetProp("decay", {{"kind", random.Chance(50) ? "window" : "half_life"}, {"days", unique}});
        }
    }
    if (kind < 60) {
        std::string id = SomeId(random, view, ever);
        switch (random.Below(4)) {
        case 0: return SetCrit(id, {{"label", "label " + tag}});
        case 1: return SetCrit(id, {{"points", random.Below(61) - 30}});
        case 2: return SetCrit(id, json::parse(kConditions[random.Below(7)]));
        default: return SetCrit(id, {{"field", "industry"}, {"op", "gte"}, {"value", 3}});   // invalid everywhere
        }
    }
    if (kind < 75) {
        json criterion = json::parse(kConditions[random.Below(7)]);
        std::string id = random.Chance(25) ? kSharedIds[random.Below(3)] : "c" + tag;
        criterion["id"] = id;
        criterion["label"] = "new " + tag;
        criterion["points"] = random.Below(41) - 10;
        ever.push_back(id);
        return Add(AnyList(random), random.Below(6), criterion);
    }
    if (kind < 87) return Remove(SomeId(random, view, ever));
    return Move(SomeId(random, view, ever), AnyList(random), random.Below(6));
}

void Edit(Random& random, Client& client, int index, std::vector<std::string>& ever, Totals& totals) {
    std::vector<DraftOp> ops;
    for (int n = 1 + random.Below(3); n > 0; --n) ops.push_back(RandomOp(random, client, index, ever));
    std::vector<OpOutcome> outcomes = client.replica.Edit(ops);
    REQUIRE(outcomes.size() == ops.size());
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const DraftOp& op = ops[i];
        if (!outcomes[i].empty()) {
            ++totals.refused_locally;
        } else if (op.kind == DraftOp::Kind::SetProperty) {
            client.last_property[op.property] = op.value;
        } else if (op.kind == DraftOp::Kind::SetCriterion && op.value.contains("label")) {
            client.last_label[op.criterion_id] = op.value.at("label").get<std::string>();
        }
    }
    --client.edits_left;
}

// The caller's rule for a POST's answer: give it to the replica once it is not ahead of the
// confirmed revision; until then the stream brings what comes before it.
void DeliverAnswers(Client& client, Totals& totals) {
    for (std::size_t i = 0; i < client.held_answers.size();) {
        if (client.held_answers[i].revision <= client.replica.Revision() + 1) {
            std::size_t pending = client.replica.PendingBatches();
            REQUIRE(client.replica.Receive(client.held_answers[i]));
            totals.acks_by_answer += static_cast<int>(pending - client.replica.PendingBatches());
            client.held_answers.erase(client.held_answers.begin() + static_cast<std::ptrdiff_t>(i));
            i = 0;
        } else {
            ++i;
        }
    }
}

bool SetsProperty(const AcceptedBatch& batch, const std::string& property) {
    return std::any_of(batch.ops.begin(), batch.ops.end(), [&](const DraftOp& op) {
        return op.kind == DraftOp::Kind::SetProperty && op.property == property;
    });
}

bool SetsLabel(const AcceptedBatch& batch, const std::string& id) {
    return std::any_of(batch.ops.begin(), batch.ops.end(), [&](const DraftOp& op) {
        return op.kind == DraftOp::Kind::SetCriterion && op.criterion_id == id && op.value.contains("label");
    });
}

// Removing the criterion, or adding one with its id after a removal, replaces its label too.
bool ReplacesCriterion(const AcceptedBatch& batch, const std::string& id) {
    return std::any_of(batch.ops.begin(), batch.ops.end(), [&](const DraftOp& op) {
        return (op.kind == DraftOp::Kind::RemoveCriterion && op.criterion_id == id) ||
               (op.kind == DraftOp::Kind::AddCriterion && op.value.value("id", "") == id);
    });
}

const Criterion* FindIn(const DraftDocument& doc, const std::string& id) {
    for (const auto* list : {&doc.rules.fit, &doc.rules.engagement, &doc.rules.sales_ready})
        for (const Criterion& criterion : *list)
            if (criterion.id == id) return &criterion;
    return nullptr;
}

void CheckLastWrites(const Client& client, const SimServer& server) {
    const std::vector<AcceptedBatch>& log = server.log;
    const std::string& id = client.replica.ClientId();
    // Where this editor's batch carrying the write stands in the server's order.
    auto arrival = [&](auto&& carries) {
        std::optional<std::size_t> at;
        for (std::size_t r = 0; r < log.size(); ++r)
            if (log[r].client_id == id && std::any_of(log[r].ops.begin(), log[r].ops.end(), carries)) at = r;
        return at;
    };
    for (const auto& [property, value] : client.last_property) {
        const std::string& name = property;
        const json& written = value;
        std::optional<std::size_t> at = arrival([&](const DraftOp& op) {
            return op.kind == DraftOp::Kind::SetProperty && op.property == name && op.value == written;
        });
        REQUIRE(at);   // a valid property value is never dropped
        bool overwritten = false;
        for (std::size_t r = *at + 1; r < log.size(); ++r)
            overwritten = overwritten || (log[r].client_id != id && SetsProperty(log[r], name));
        if (overwritten) continue;
        DraftDocument expected = server.doc;
        REQUIRE(ApplyOp(expected, SetProp(name, written)) == "");
        CAPTURE(name);
        CHECK(expected == server.doc);
    }
    for (const auto& [criterion, label] : client.last_label) {
        const std::string& criterion_id = criterion;
        const std::string& written = label;
        std::optional<std::size_t> at = arrival([&](const DraftOp& op) {
            return op.kind == DraftOp::Kind::SetCriterion && op.criterion_id == criterion_id &&
                   op.value.value("label", "") == written;
        });
        if (!at) continue;   // dropped: the criterion was gone when it arrived
        // The same batch may remove (or remove and re-add) the criterion after writing its label.
        const std::vector<DraftOp>& ops = log[*at].ops;
        auto written_at = std::find_if(ops.rbegin(), ops.rend(), [&](const DraftOp& op) {
            return op.kind == DraftOp::Kind::SetCriterion && op.criterion_id == criterion_id &&
                   op.value.value("label", "") == written;
        });
        AcceptedBatch rest;
        rest.ops.assign(written_at.base(), ops.end());
        bool replaced = ReplacesCriterion(rest, criterion_id);
        for (std::size_t r = *at + 1; r < log.size(); ++r) {
            replaced = replaced || ReplacesCriterion(log[r], criterion_id) ||
                       (log[r].client_id != id && SetsLabel(log[r], criterion_id));
        }
        if (replaced) continue;
        const Criterion* found = FindIn(server.doc, criterion_id);
        REQUIRE(found);
        CHECK(found->label == written);
    }
}

void RunSimulation(std::uint64_t seed, Totals& totals) {
    Random random{seed};
    const DraftDocument initial = BaseDocument();
    SimServer server{initial, {}, {}};
    std::vector<Client> clients;
    for (int i = 0; i < kClients; ++i) {
        clients.emplace_back("client-" + std::to_string(i));
        clients.back().replica.Reset(initial, 0);
    }
    std::vector<std::string> ever = AllIds(initial);
    std::vector<Post> posts;       // on the wire to the server
    std::vector<Answer> answers;   // on the wire back

    auto busy = [&] {
        if (!posts.empty() || !answers.empty()) return true;
        return std::any_of(clients.begin(), clients.end(), [&](const Client& client) {
            return client.edits_left > 0 || client.replica.PendingBatches() > 0 ||
                   client.stream < server.log.size() || !client.held_answers.empty();
        });
    };

    int steps = 0;
    while (busy()) {
        REQUIRE(++steps < 20000);
        const int event = random.Below(100);
        const int index = random.Below(kClients);
        Client& client = clients[static_cast<std::size_t>(index)];
        if (event < 20) {
            if (client.edits_left > 0) Edit(random, client, index, ever, totals);
        } else if (event < 35) {
            if (std::optional<OpBatch> batch = client.replica.TakeBatchToSend()) {
                client.sent_seq = batch->client_seq;
                posts.push_back({index, std::move(*batch), random.Chance(5), random.Chance(5)});
            }
        } else if (event < 55) {
            // Any POST on the wire arrives next: editors' batches reach the server in any order.
            if (posts.empty()) continue;
            std::size_t pick = static_cast<std::size_t>(random.Below(static_cast<int>(posts.size())));
            Post post = std::move(posts[pick]);
            posts.erase(posts.begin() + static_cast<std::ptrdiff_t>(pick));
            Client& author = clients[static_cast<std::size_t>(post.client)];
            bool failed = post.lose_request;
            if (!post.lose_request) {
                const AcceptedBatch& accepted = server.Accept(post.batch, post.client + 1, totals.duplicates);
                if (post.lose_answer) failed = true;
                else answers.push_back({post.client, accepted});
            }
            if (failed) {
                // The editor hears of a failure only for the POST it is waiting on.
                ++totals.lost;
                if (author.replica.InFlight() && author.sent_seq == post.batch.client_seq) author.replica.SendFailed();
            }
        } else if (event < 65) {
            if (answers.empty()) continue;
            std::size_t pick = static_cast<std::size_t>(random.Below(static_cast<int>(answers.size())));
            Client& author = clients[static_cast<std::size_t>(answers[pick].client)];
            author.held_answers.push_back(std::move(answers[pick].batch));
            answers.erase(answers.begin() + static_cast<std::ptrdiff_t>(pick));
            DeliverAnswers(author, totals);
        } else if (event < 97) {
            if (client.stream < server.log.size()) {
                std::size_t pending = client.replica.PendingBatches();
                REQUIRE(client.replica.Receive(server.log[client.stream++]));
                totals.acks_by_stream += static_cast<int>(pending - client.replica.PendingBatches());
                DeliverAnswers(client, totals);
            }
        } else if (static_cast<std::size_t>(client.replica.Revision()) + 1 < server.log.size()) {
            // The stream broke and skipped revisions: what comes next is ahead, so the editor reloads.
            CHECK_FALSE(client.replica.Receive(server.log.back()));
            ++totals.reloads;
            client.replica.Reset(server.doc, static_cast<std::int64_t>(server.log.size()));
            client.stream = server.log.size();
            DeliverAnswers(client, totals);
        }
    }
    totals.steps += steps;

    // Every replica converged to the server.
    for (const Client& client : clients) {
        CHECK(client.replica.Revision() == static_cast<std::int64_t>(server.log.size()));
        CHECK(client.replica.Confirmed() == server.doc);
        CHECK(client.replica.View() == server.doc);
        CHECK_FALSE(client.replica.InFlight());
    }
    // The server's document is its accepted order replayed, and valid rules throughout.
    DraftDocument replay = initial;
    for (const AcceptedBatch& batch : server.log) {
        totals.accepted_ops += static_cast<int>(batch.ops.size());
        totals.dropped_ops += static_cast<int>(batch.dropped.size());
        for (const DraftOp& op : batch.ops) REQUIRE(ApplyOp(replay, op) == "");
    }
    CHECK(replay == server.doc);
    CHECK(RulesFromJson(ToJson(server.doc.rules)) == server.doc.rules);
    // Each editor's last write stands unless another editor's write of it arrived later.
    for (const Client& client : clients) CheckLastWrites(client, server);
}

}  // namespace

TEST_CASE("random interleavings of concurrent ops from three clients always converge to the server's document") {
    Totals totals;
    for (int run = 0; run < kRuns; ++run) {
        CAPTURE(run);
        RunSimulation(0xC0EDD17ull + static_cast<std::uint64_t>(run) * 7919u, totals);
    }
    MESSAGE(kRuns << " runs, " << totals.steps << " steps: accepted ops " << totals.accepted_ops << ", dropped "
                  << totals.dropped_ops << ", refused locally " << totals.refused_locally << ", lost posts "
                  << totals.lost << ", duplicate posts " << totals.duplicates << ", reloads " << totals.reloads
                  << ", acks by stream " << totals.acks_by_stream << ", by answer " << totals.acks_by_answer);
    // The runs exercised what they are meant to.
    CHECK(totals.accepted_ops > 10 * kRuns);
    CHECK(totals.dropped_ops > kRuns / 10);
    CHECK(totals.refused_locally > kRuns);
    CHECK(totals.lost > kRuns / 10);
    CHECK(totals.duplicates > kRuns / 20);
    CHECK(totals.reloads > kRuns / 10);
    CHECK(totals.acks_by_stream > kRuns);
    CHECK(totals.acks_by_answer > kRuns);
}
