// Lead evaluation: the explaining path (Evaluate) and the fast path (CompiledRules over LeadFacts),
// written so that both reach the same numbers with the same floating-point operations.
//
// [SECTION] Shared helpers: text normalisation, decay
// [SECTION] Evaluate: one lead, with a result per criterion
// [SECTION] StringPool and LeadFacts
// [SECTION] CompiledRules: criteria turned into flat rules over LeadFacts
//           (Score matches one lead rule by rule; ScoreAll runs blocks of leads through each rule)
#include "tandem/evaluate.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace tandem {

//-------------------------------------------------------------------------------------------------
// [SECTION] Shared helpers
//-------------------------------------------------------------------------------------------------

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view Trim(std::string_view text) {
    while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
    while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
    return text;
}

// Trimmed and ASCII lower-cased: "  SaaS " and "saas" are the same industry. Bytes above 0x7F are
// left alone, so UTF-8 text compares exactly; locale-dependent folding would make the server and
// the browser disagree.
std::string Normalise(std::string_view text) {
    text = Trim(text);
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// Both paths call this with the activity instant, so the factor is bit-for-bit the same.
double DecayAt(const Decay& decay, Timestamp activity_at, Timestamp now) {
    if (decay.kind == DecayKind::None) return 1.0;
    double age_days = static_cast<double>(now - activity_at) / static_cast<double>(kSecondsPerDay);
    if (age_days < 0) age_days = 0;   // activity "in the future" (clock skew) counts as now
    switch (decay.kind) {
    case DecayKind::None: break;
    case DecayKind::Window: return age_days <= decay.days ? 1.0 : 0.0;
    case DecayKind::HalfLife:
        // RulesFromJson refuses days < 1; a zero half-life would be 0/0 here, so treat it as
        // "gone the moment it is not fresh" rather than produce NaN scores.
        if (decay.days <= 0) return age_days > 0 ? 0.0 : 1.0;
        // 2^-(age / half-life), i.e. 0.5^(age / half-life): exp2 costs a third of pow (8 % of
        // scoring 1M leads), and is exact at whole half-lives as pow was.
        return std::exp2(-age_days / decay.days);
    }
    return 1.0;
}

Timestamp ActivityOf(const Lead& lead) { return lead.last_activity_at.value_or(lead.created_at); }

}  // namespace

double DecayFactor(const Decay& decay, const Lead& lead, Timestamp now) {
    return DecayAt(decay, ActivityOf(lead), now);
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Evaluate
//-------------------------------------------------------------------------------------------------

namespace {

// What a lead says about one field. Unknown facts never match, so `known` is checked first.
struct Fact {
    FieldKind kind = FieldKind::Number;
    bool known = false;
    double number = 0;      // Number
    std::string text;       // Text: normalised; Choice: the choice's name
    bool flag = false;      // Flag
};

Fact NumberFact(std::optional<std::int64_t> value) {
    Fact fact;
    fact.known = value.has_value();
    fact.number = value ? static_cast<double>(*value) : 0.0;
    return fact;
}

Fact CounterFact(std::int64_t value) { return NumberFact(value); }

Fact TextFact(std::string_view value) {
    Fact fact;
    fact.kind = FieldKind::Text;
    fact.text = Normalise(value);
    fact.known = !fact.text.empty();
    return fact;
}

template <class E>
Fact ChoiceFact(E value, bool known) {
    Fact fact;
    fact.kind = FieldKind::Choice;
    fact.known = known;
    fact.text = ToString(value);
    return fact;
}

// A field name no criterion may use (FindField fails) gives an unknown fact: never matches.
Fact FactOf(const Lead& lead, std::string_view field) {
    if (field == "budget_usd") return NumberFact(lead.budget_usd);
    if (field == "company_size") return NumberFact(lead.company_size);
    if (field == "timeline_months") return NumberFact(lead.timeline_months);
    if (field == "page_views") return CounterFact(lead.page_views);
    if (field == "downloads") return CounterFact(lead.downloads);
    if (field == "webinars_attended") return CounterFact(lead.webinars_attended);
    if (field == "email_clicks") return CounterFact(lead.email_clicks);
    if (field == "demo_requested") {
        Fact fact;
        fact.kind = FieldKind::Flag;
        fact.known = true;
        fact.flag = lead.demo_requested;
        return fact;
    }
    if (field == "authority") return ChoiceFact(lead.authority, lead.authority != Authority::Unknown);
    if (field == "need") return ChoiceFact(lead.need, lead.need != Need::Unknown);
    if (field == "source") return ChoiceFact(lead.source, true);
    if (field == "industry") return TextFact(lead.industry);
    if (field == "country") return TextFact(lead.country);
    if (field == "title") return TextFact(lead.title);
    if (field == "company") return TextFact(lead.company);
    if (field == "phone") return TextFact(lead.phone);
    return Fact{};
}

// A criterion whose value lacks what its operator needs (eq with no number) matches nothing,
// neq included: RulesFromJson refuses such criteria, and an unclear rule should not award points.
bool MatchNumber(Op op, const std::vector<double>& numbers, double value) {
    auto listed = [&] { return std::find(numbers.begin(), numbers.end(), value) != numbers.end(); };
    switch (op) {
    case Op::Eq: return !numbers.empty() && value == numbers[0];
    case Op::Neq: return !numbers.empty() && value != numbers[0];
    case Op::Gte: return !numbers.empty() && value >= numbers[0];
    case Op::Lte: return !numbers.empty() && value <= numbers[0];
    case Op::Between: return numbers.size() >= 2 && numbers[0] <= value && value <= numbers[1];
    case Op::In: return listed();
    case Op::NotIn: return !listed();
    case Op::Exists: return true;
    }
    return false;
}

// `value` is already normalised (Text) or a canonical choice name (Choice).
bool MatchText(Op op, const std::vector<std::string>& texts, const std::string& value) {
    auto listed = [&] {
        return std::any_of(texts.begin(), texts.end(), [&](const std::string& t) { return Normalise(t) == value; });
    };
    switch (op) {
    case Op::Eq: return !texts.empty() && Normalise(texts[0]) == value;
    case Op::Neq: return !texts.empty() && Normalise(texts[0]) != value;
    case Op::In: return listed();
    case Op::NotIn: return !listed();
    case Op::Exists: return true;
    case Op::Gte:
    case Op::Lte:
    case Op::Between: break;
    }
    return false;
}

bool MatchFlag(Op op, std::optional<bool> flag, bool value) {
    switch (op) {
    case Op::Eq: return flag.has_value() && *flag == value;
    case Op::Neq: return flag.has_value() && *flag != value;
    case Op::Exists: return true;
    default: break;
    }
    return false;
}

bool Matches(const Criterion& criterion, const Lead& lead) {
    const FieldInfo* field = FindField(criterion.field);
    if (field == nullptr) return false;
    Fact fact = FactOf(lead, criterion.field);
    if (!fact.known) return false;
    switch (field->kind) {
    case FieldKind::Number: return MatchNumber(criterion.op, criterion.value.numbers, fact.number);
    case FieldKind::Text:
    case FieldKind::Choice: return MatchText(criterion.op, criterion.value.texts, fact.text);
    case FieldKind::Flag: return MatchFlag(criterion.op, criterion.value.flag, fact.flag);
    }
    return false;
}

}  // namespace

Evaluation Evaluate(const DefinitionRules& rules, const Lead& lead, Timestamp now) {
    Evaluation out;

    // Sums start at +0.0 and add criteria in definition order; CompiledRules::Score does the same.
    double fit = 0;
    out.fit_results.reserve(rules.fit.size());
    for (const Criterion& criterion : rules.fit) {
        bool matched = Matches(criterion, lead);
        double points = matched ? static_cast<double>(criterion.points) : 0.0;
        if (matched) fit += points;
        out.fit_results.push_back({criterion.id, matched, points});
    }
    if (rules.fit_cap) fit = std::min(fit, static_cast<double>(*rules.fit_cap));

    double decay = DecayFactor(rules.decay, lead, now);
    double raw_engagement = 0;
    out.engagement_results.reserve(rules.engagement.size());
    for (const Criterion& criterion : rules.engagement) {
        bool matched = Matches(criterion, lead);
        if (matched) raw_engagement += static_cast<double>(criterion.points);
        out.engagement_results.push_back(
            {criterion.id, matched, matched ? static_cast<double>(criterion.points) * decay : 0.0});
    }
    // Decay applies to the sum, not per criterion, so the total is one multiplication whatever the
    // number of criteria (the per-criterion figures are for explanation and may differ in the last bit).
    double engagement = raw_engagement == 0 ? 0.0 : raw_engagement * decay;
    if (rules.engagement_cap) engagement = std::min(engagement, static_cast<double>(*rules.engagement_cap));

    bool all_sales_ready = true;
    out.sales_ready_results.reserve(rules.sales_ready.size());
    for (const Criterion& criterion : rules.sales_ready) {
        bool matched = Matches(criterion, lead);
        all_sales_ready = all_sales_ready && matched;
        out.sales_ready_results.push_back({criterion.id, matched, 0.0});
    }

    out.fit = fit;
    out.engagement = engagement;
    out.total = fit + engagement;
    if (out.total >= static_cast<double>(rules.mql_threshold))
        out.level = all_sales_ready ? Level::SalesReady : Level::Mql;
    return out;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] StringPool and LeadFacts
//-------------------------------------------------------------------------------------------------

// The pool keys are normalised text, so Intern and Find agree with Evaluate's comparison: equal
// ids if and only if the trimmed, lower-cased texts are equal.
std::uint32_t StringPool::Intern(std::string_view text) {
    std::string key = Normalise(text);
    if (key.empty()) return 0;
    auto next_id = static_cast<std::uint32_t>(m_ids.size() + 1);
    return m_ids.try_emplace(std::move(key), next_id).first->second;
}

std::uint32_t StringPool::Find(std::string_view text) const {
    std::string key = Normalise(text);
    if (key.empty()) return 0;
    auto found = m_ids.find(key);
    return found == m_ids.end() ? 0 : found->second;
}

namespace {

// LeadFacts keeps counters in 32 bits. Real counters are far below 2^31; saturating keeps an absurd
// import from wrapping around into a negative count, and keeps the sentinels free for "unknown".
std::int32_t Saturate32(std::int64_t value) {
    constexpr std::int64_t kLow = static_cast<std::int64_t>(INT32_MIN) + 1;   // INT32_MIN is "unknown"
    return static_cast<std::int32_t>(std::clamp<std::int64_t>(value, kLow, INT32_MAX));
}

std::int64_t KnownNumber(std::int64_t value) { return std::max(value, LeadFacts::kUnknownNumber + 1); }

}  // namespace

// Enum encoding: source is stored as its underlying value + 1 (it is always known, so never 0).
// Authority and Need already have Unknown as underlying value 0, so they are stored as their
// underlying value: 0 is unknown, and every known value is >= 1 as the header promises.
LeadFacts FactsOf(const Lead& lead, StringPool& pool) {
    LeadFacts facts;
    if (lead.budget_usd) facts.budget_usd = KnownNumber(*lead.budget_usd);
    if (lead.company_size) facts.company_size = KnownNumber(*lead.company_size);
    if (lead.timeline_months) facts.timeline_months = Saturate32(*lead.timeline_months);
    facts.page_views = Saturate32(lead.page_views);
    facts.downloads = Saturate32(lead.downloads);
    facts.webinars_attended = Saturate32(lead.webinars_attended);
    facts.email_clicks = Saturate32(lead.email_clicks);
    facts.industry = pool.Intern(lead.industry);
    facts.country = pool.Intern(lead.country);
    facts.title = pool.Intern(lead.title);
    facts.company = pool.Intern(lead.company);
    facts.activity_at = ActivityOf(lead);
    facts.source = static_cast<std::uint8_t>(static_cast<int>(lead.source) + 1);
    facts.authority = static_cast<std::uint8_t>(lead.authority);
    facts.need = static_cast<std::uint8_t>(lead.need);
    facts.demo_requested = lead.demo_requested;
    facts.has_phone = !Trim(lead.phone).empty();
    return facts;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] CompiledRules
//-------------------------------------------------------------------------------------------------

namespace {

// Which LeadFacts member a rule reads. Never: the criterion can match no lead (unknown field,
// operator unsuited to the field, value missing, or a phone comparison - see Compile()).
enum class Slot : std::uint8_t {
    Never, Budget, CompanySize, Timeline, PageViews, Downloads, Webinars, EmailClicks,
    DemoRequested, Source, Authority, Need, Industry, Country, Title, Company, Phone,
};

// How a rule tests the value it read. Every number operator is a closed range or its negation
// (eq [a, a], gte [a, +inf], exists [-inf, +inf]), or a list; every text and choice operator is
// an id list or its negation (exists: not in the empty list). The unknown check comes first.
enum class Test : std::uint8_t { Range, NotRange, NumberIn, NumberNotIn, IdIn, IdNotIn, FlagIs, Always };

struct Rule {
    Slot slot = Slot::Never;
    Test test = Test::Range;
    bool flag = false;                 // FlagIs
    double low = 0, high = 0;          // Range, NotRange
    std::uint32_t first = 0, count = 0;  // NumberIn/NotIn: into numbers; IdIn/NotIn: into ids
    double points = 0;
};

constexpr double kInfinity = std::numeric_limits<double>::infinity();

}  // namespace

struct CompiledRules::Impl {
    std::vector<Rule> fit_rules;
    std::vector<Rule> engagement_rules;
    std::vector<Rule> sales_ready_rules;
    std::vector<double> numbers;       // the lists of number in/not_in, back to back
    std::vector<std::uint32_t> ids;    // the sorted id lists of text and choice rules
    bool has_fit_cap = false;
    bool has_engagement_cap = false;
    double fit_cap = 0;
    double engagement_cap = 0;
    double threshold = 0;
    Decay decay;

    Rule Compile(const Criterion& criterion, const StringPool& pool);
    // One lead: Score() and the sales-ready checks.
    bool Matches(const Rule& rule, const LeadFacts& facts) const;
    bool MatchNumber(const Rule& rule, double value) const;
    bool MatchId(const Rule& rule, std::uint32_t id) const;
    // A block of leads: adds the rule's points to sums[i] for every lead it matches (ScoreAll).
    void AddMatches(const Rule& rule, std::span<const LeadFacts> block, double* sums) const;
    // Caps, decay, total and level from the two sums, shared by Score and ScoreAll.
    LeadScore Finish(const LeadFacts& facts, double fit, double raw_engagement, Timestamp now) const;
};

namespace {

Slot SlotOf(std::string_view field) {
    static constexpr std::pair<std::string_view, Slot> kSlots[] = {
        {"budget_usd", Slot::Budget}, {"company_size", Slot::CompanySize}, {"timeline_months", Slot::Timeline},
        {"page_views", Slot::PageViews}, {"downloads", Slot::Downloads}, {"webinars_attended", Slot::Webinars},
        {"email_clicks", Slot::EmailClicks}, {"demo_requested", Slot::DemoRequested}, {"source", Slot::Source},
        {"authority", Slot::Authority}, {"need", Slot::Need}, {"industry", Slot::Industry},
        {"country", Slot::Country}, {"title", Slot::Title}, {"company", Slot::Company}, {"phone", Slot::Phone},
    };
    for (const auto& [name, slot] : kSlots)
        if (name == field) return slot;
    return Slot::Never;
}

// The code FactsOf stores for a choice name; 0 (matches no known lead) for a name that is not a
// choice of the field, "unknown" included.
std::uint32_t ChoiceCode(Slot slot, std::string_view text) {
    std::string name = Normalise(text);
    switch (slot) {
    case Slot::Source:
        if (auto source = ParseEnum<Source>(name)) return static_cast<std::uint32_t>(*source) + 1;
        return 0;
    case Slot::Authority:
        if (auto authority = ParseEnum<Authority>(name)) return static_cast<std::uint32_t>(*authority);
        return 0;
    case Slot::Need:
        if (auto need = ParseEnum<Need>(name)) return static_cast<std::uint32_t>(*need);
        return 0;
    default: return 0;
    }
}

}  // namespace

Rule CompiledRules::Impl::Compile(const Criterion& criterion, const StringPool& pool) {
    Rule rule;
    rule.points = static_cast<double>(criterion.points);
    const FieldInfo* field = FindField(criterion.field);
    Slot slot = SlotOf(criterion.field);
    if (field == nullptr || slot == Slot::Never) return rule;
    const CriterionValue& value = criterion.value;

    switch (field->kind) {
    case FieldKind::Number: {
        const std::vector<double>& n = value.numbers;
        auto range = [&](Test test, double low, double high) {
            rule.slot = slot;
            rule.test = test;
            rule.low = low;
            rule.high = high;
        };
        auto list = [&](Test test) {
            rule.slot = slot;
            rule.test = test;
            rule.first = static_cast<std::uint32_t>(numbers.size());
            rule.count = static_cast<std::uint32_t>(n.size());
            numbers.insert(numbers.end(), n.begin(), n.end());
        };
        switch (criterion.op) {
        case Op::Eq: if (!n.empty()) range(Test::Range, n[0], n[0]); break;
        case Op::Neq: if (!n.empty()) range(Test::NotRange, n[0], n[0]); break;
        case Op::Gte: if (!n.empty()) range(Test::Range, n[0], kInfinity); break;
        case Op::Lte: if (!n.empty()) range(Test::Range, -kInfinity, n[0]); break;
        case Op::Between: if (n.size() >= 2) range(Test::Range, n[0], n[1]); break;
        case Op::In: list(Test::NumberIn); break;
        case Op::NotIn: list(Test::NumberNotIn); break;
        case Op::Exists: range(Test::Range, -kInfinity, kInfinity); break;
        }
        return rule;
    }
    case FieldKind::Text:
    case FieldKind::Choice: {
        // LeadFacts keeps only whether a phone is known, not the number, so the fast path can
        // answer "phone exists" and nothing else. Comparing phone numbers is not a qualification
        // rule anyone writes; such a criterion matches no lead here (Evaluate does compare them).
        if (slot == Slot::Phone && criterion.op != Op::Exists) return rule;
        auto id_of = [&](const std::string& text) {
            return field->kind == FieldKind::Text ? pool.Find(text) : ChoiceCode(slot, text);
        };
        // eq/neq compare with the first text only, as Evaluate does.
        std::span<const std::string> texts = value.texts;
        Test test = Test::IdIn;
        switch (criterion.op) {
        case Op::Eq:
        case Op::Neq:
            if (texts.empty()) return rule;
            texts = texts.first(1);
            test = criterion.op == Op::Eq ? Test::IdIn : Test::IdNotIn;
            break;
        case Op::In: test = Test::IdIn; break;
        case Op::NotIn: test = Test::IdNotIn; break;
        case Op::Exists: texts = {}; test = Test::IdNotIn; break;
        case Op::Gte:
        case Op::Lte:
        case Op::Between: return rule;
        }
        std::vector<std::uint32_t> wanted;
        for (const std::string& text : texts)
            // Id 0 is a text no lead has: it equals no known fact, so it can leave the list.
            if (std::uint32_t id = id_of(text); id != 0) wanted.push_back(id);
        std::sort(wanted.begin(), wanted.end());
        wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
        rule.slot = slot;
        rule.test = test;
        rule.first = static_cast<std::uint32_t>(ids.size());
        rule.count = static_cast<std::uint32_t>(wanted.size());
        ids.insert(ids.end(), wanted.begin(), wanted.end());
        return rule;
    }
    case FieldKind::Flag:
        if (criterion.op == Op::Exists) {
            rule.slot = slot;
            rule.test = Test::Always;
        } else if ((criterion.op == Op::Eq || criterion.op == Op::Neq) && value.flag) {
            rule.slot = slot;
            rule.test = Test::FlagIs;
            rule.flag = criterion.op == Op::Eq ? *value.flag : !*value.flag;
        }
        return rule;
    }
    return rule;
}

inline bool CompiledRules::Impl::MatchNumber(const Rule& rule, double value) const {
    switch (rule.test) {
    case Test::Range: return rule.low <= value && value <= rule.high;
    case Test::NotRange: return !(rule.low <= value && value <= rule.high);
    case Test::NumberIn:
    case Test::NumberNotIn: {
        const double* list = numbers.data() + rule.first;
        bool listed = std::find(list, list + rule.count, value) != list + rule.count;
        return listed == (rule.test == Test::NumberIn);
    }
    default: return false;
    }
}

// Lists are a handful of ids, so a scan of the sorted list that stops early beats a binary search.
inline bool CompiledRules::Impl::MatchId(const Rule& rule, std::uint32_t id) const {
    if (id == 0) return false;
    const std::uint32_t* list = ids.data() + rule.first;
    bool listed = false;
    for (std::uint32_t i = 0; i < rule.count && list[i] <= id; ++i)
        if (list[i] == id) listed = true;
    return listed == (rule.test == Test::IdIn);
}

inline bool CompiledRules::Impl::Matches(const Rule& rule, const LeadFacts& f) const {
    constexpr std::int64_t kUnknown = LeadFacts::kUnknownNumber;
    switch (rule.slot) {
    case Slot::Never: return false;
    case Slot::Budget: return f.budget_usd != kUnknown && MatchNumber(rule, static_cast<double>(f.budget_usd));
    case Slot::CompanySize:
        return f.company_size != kUnknown && MatchNumber(rule, static_cast<double>(f.company_size));
    case Slot::Timeline: return f.timeline_months != INT32_MIN && MatchNumber(rule, f.timeline_months);
    case Slot::PageViews: return MatchNumber(rule, f.page_views);
    case Slot::Downloads: return MatchNumber(rule, f.downloads);
    case Slot::Webinars: return MatchNumber(rule, f.webinars_attended);
    case Slot::EmailClicks: return MatchNumber(rule, f.email_clicks);
    case Slot::DemoRequested: return rule.test == Test::Always || f.demo_requested == rule.flag;
    case Slot::Source: return MatchId(rule, f.source);
    case Slot::Authority: return MatchId(rule, f.authority);
    case Slot::Need: return MatchId(rule, f.need);
    case Slot::Industry: return MatchId(rule, f.industry);
    case Slot::Country: return MatchId(rule, f.country);
    case Slot::Title: return MatchId(rule, f.title);
    case Slot::Company: return MatchId(rule, f.company);
    case Slot::Phone: return f.has_phone;   // only "exists" compiles to a phone rule
    }
    return false;
}

CompiledRules::CompiledRules(const DefinitionRules& rules, const StringPool& pool) : m_impl(std::make_unique<Impl>()) {
    Impl& impl = *m_impl;
    for (const Criterion& criterion : rules.fit) impl.fit_rules.push_back(impl.Compile(criterion, pool));
    for (const Criterion& criterion : rules.engagement)
        impl.engagement_rules.push_back(impl.Compile(criterion, pool));
    for (const Criterion& criterion : rules.sales_ready)
        impl.sales_ready_rules.push_back(impl.Compile(criterion, pool));
    impl.has_fit_cap = rules.fit_cap.has_value();
    impl.fit_cap = static_cast<double>(rules.fit_cap.value_or(0));
    impl.has_engagement_cap = rules.engagement_cap.has_value();
    impl.engagement_cap = static_cast<double>(rules.engagement_cap.value_or(0));
    impl.threshold = static_cast<double>(rules.mql_threshold);
    impl.decay = rules.decay;
}

CompiledRules::~CompiledRules() = default;
CompiledRules::CompiledRules(CompiledRules&&) noexcept = default;
CompiledRules& CompiledRules::operator=(CompiledRules&&) noexcept = default;

//-------------------------------------------------------------------------------------------------
// [SECTION] CompiledRules: block scoring
//
// Matching one lead against one rule at a time costs a hard-to-predict branch per criterion;
// ScoreAll instead takes a block of leads (which stays in L1/L2) through one rule at a time, so
// the dispatch on field and operator happens once per rule and block and the inner loops are
// branch-free. Each lead's sums still add the rules in definition order, and adding
// 0.0 for a miss leaves a sum unchanged (a sum of whole points that starts at +0.0 is never -0.0),
// so the results are bit-for-bit those of Score and Evaluate.
//-------------------------------------------------------------------------------------------------

namespace {

constexpr std::size_t kBlock = 512;

// points if matched, else +0.0, without a branch: compilers turn `matched ? points : 0.0` into a
// jump, which mispredicts as often as criteria match at random. (memcpy, not std::bit_cast, which
// Emscripten 3.1.6's libc++ lacks; both compile to a register move.)
inline double PointsIf(bool matched, double points) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &points, sizeof bits);
    bits &= 0 - static_cast<std::uint64_t>(matched);
    double out = 0;
    std::memcpy(&out, &bits, sizeof out);
    return out;
}

struct LoadedNumber {
    bool known;
    double value;
};

template <class Load>
void AddNumberMatches(const Rule& rule, const double* list, std::span<const LeadFacts> block, double* sums,
                      Load load) {
    const double points = rule.points, low = rule.low, high = rule.high;
    const bool want_listed = rule.test == Test::NumberIn;
    switch (rule.test) {
    case Test::Range:
    case Test::NotRange: {
        const bool inside = rule.test == Test::Range;
        for (std::size_t i = 0; i < block.size(); ++i) {
            LoadedNumber fact = load(block[i]);
            bool in_range = (low <= fact.value) & (fact.value <= high);
            sums[i] += PointsIf(fact.known & (in_range == inside), points);
        }
        break;
    }
    case Test::NumberIn:
    case Test::NumberNotIn:
        for (std::size_t i = 0; i < block.size(); ++i) {
            LoadedNumber fact = load(block[i]);
            bool listed = false;
            for (std::uint32_t k = 0; k < rule.count; ++k) listed |= list[k] == fact.value;
            sums[i] += PointsIf(fact.known & (listed == want_listed), points);
        }
        break;
    default: break;
    }
}

template <class Load>
void AddIdMatches(const Rule& rule, const std::uint32_t* list, std::span<const LeadFacts> block, double* sums,
                  Load load) {
    const double points = rule.points;
    const bool want_listed = rule.test == Test::IdIn;
    if (rule.count == 1) {   // eq and neq: the common case, one comparison
        const std::uint32_t wanted = list[0];
        for (std::size_t i = 0; i < block.size(); ++i) {
            std::uint32_t id = load(block[i]);
            sums[i] += PointsIf((id != 0) & ((id == wanted) == want_listed), points);
        }
        return;
    }
    for (std::size_t i = 0; i < block.size(); ++i) {
        std::uint32_t id = load(block[i]);
        bool listed = false;
        for (std::uint32_t k = 0; k < rule.count; ++k) listed |= list[k] == id;
        sums[i] += PointsIf((id != 0) & (listed == want_listed), points);
    }
}

template <class Load>
void AddFlagMatches(const Rule& rule, std::span<const LeadFacts> block, double* sums, Load load) {
    for (std::size_t i = 0; i < block.size(); ++i) sums[i] += PointsIf(load(block[i]), rule.points);
}

}  // namespace

void CompiledRules::Impl::AddMatches(const Rule& rule, std::span<const LeadFacts> block, double* sums) const {
    constexpr std::int64_t kUnknown = LeadFacts::kUnknownNumber;
    const double* number_list = numbers.data() + rule.first;
    const std::uint32_t* id_list = ids.data() + rule.first;
    auto number = [&](auto load) { AddNumberMatches(rule, number_list, block, sums, load); };
    auto id = [&](auto load) { AddIdMatches(rule, id_list, block, sums, load); };
    const bool flag = rule.flag;
    switch (rule.slot) {
    case Slot::Never: break;
    case Slot::Budget:
        number([](const LeadFacts& f) {
            return LoadedNumber{f.budget_usd != kUnknown, static_cast<double>(f.budget_usd)};
        });
        break;
    case Slot::CompanySize:
        number([](const LeadFacts& f) {
            return LoadedNumber{f.company_size != kUnknown, static_cast<double>(f.company_size)};
        });
        break;
    case Slot::Timeline:
        number([](const LeadFacts& f) {
            return LoadedNumber{f.timeline_months != INT32_MIN, static_cast<double>(f.timeline_months)};
        });
        break;
    case Slot::PageViews:
        number([](const LeadFacts& f) { return LoadedNumber{true, static_cast<double>(f.page_views)}; });
        break;
    case Slot::Downloads:
        number([](const LeadFacts& f) { return LoadedNumber{true, static_cast<double>(f.downloads)}; });
        break;
    case Slot::Webinars:
        number([](const LeadFacts& f) { return LoadedNumber{true, static_cast<double>(f.webinars_attended)}; });
        break;
    case Slot::EmailClicks:
        number([](const LeadFacts& f) { return LoadedNumber{true, static_cast<double>(f.email_clicks)}; });
        break;
    case Slot::DemoRequested:
        if (rule.test == Test::Always) AddFlagMatches(rule, block, sums, [](const LeadFacts&) { return true; });
        else AddFlagMatches(rule, block, sums, [flag](const LeadFacts& f) { return f.demo_requested == flag; });
        break;
    case Slot::Source: id([](const LeadFacts& f) -> std::uint32_t { return f.source; }); break;
    case Slot::Authority: id([](const LeadFacts& f) -> std::uint32_t { return f.authority; }); break;
    case Slot::Need: id([](const LeadFacts& f) -> std::uint32_t { return f.need; }); break;
    case Slot::Industry: id([](const LeadFacts& f) { return f.industry; }); break;
    case Slot::Country: id([](const LeadFacts& f) { return f.country; }); break;
    case Slot::Title: id([](const LeadFacts& f) { return f.title; }); break;
    case Slot::Company: id([](const LeadFacts& f) { return f.company; }); break;
    case Slot::Phone: AddFlagMatches(rule, block, sums, [](const LeadFacts& f) { return f.has_phone; }); break;
    }
}

// The arithmetic mirrors Evaluate() step for step: the same caps, the same decay factor
// multiplied once into the engagement sum, the same comparison with the threshold.
LeadScore CompiledRules::Impl::Finish(const LeadFacts& facts, double fit, double raw_engagement, Timestamp now) const {
    if (has_fit_cap) fit = std::min(fit, fit_cap);
    // Only leads with engagement points pay for the decay factor (one pow at most).
    double engagement = raw_engagement == 0 ? 0.0 : raw_engagement * DecayAt(decay, facts.activity_at, now);
    if (has_engagement_cap) engagement = std::min(engagement, engagement_cap);

    LeadScore score;
    score.fit = fit;
    score.engagement = engagement;
    score.total = fit + engagement;
    if (score.total >= threshold) {
        // Only MQLs (a minority) reach the sales-ready checks, so they are run one lead at a time.
        score.level = Level::SalesReady;
        for (const Rule& rule : sales_ready_rules) {
            if (!Matches(rule, facts)) {
                score.level = Level::Mql;
                break;
            }
        }
    }
    return score;
}

LeadScore CompiledRules::Score(const LeadFacts& facts, Timestamp now) const {
    const Impl& impl = *m_impl;
    double fit = 0;
    for (const Rule& rule : impl.fit_rules)
        if (impl.Matches(rule, facts)) fit += rule.points;
    double raw_engagement = 0;
    for (const Rule& rule : impl.engagement_rules)
        if (impl.Matches(rule, facts)) raw_engagement += rule.points;
    return impl.Finish(facts, fit, raw_engagement, now);
}

void CompiledRules::ScoreAll(std::span<const LeadFacts> facts, Timestamp now, std::span<LeadScore> out) const {
    const Impl& impl = *m_impl;
    std::size_t count = std::min(facts.size(), out.size());
    double fit[kBlock];
    double raw_engagement[kBlock];
    for (std::size_t begin = 0; begin < count; begin += kBlock) {
        std::span<const LeadFacts> block = facts.subspan(begin, std::min(kBlock, count - begin));
        std::fill_n(fit, block.size(), 0.0);
        std::fill_n(raw_engagement, block.size(), 0.0);
        for (const Rule& rule : impl.fit_rules) impl.AddMatches(rule, block, fit);
        for (const Rule& rule : impl.engagement_rules) impl.AddMatches(rule, block, raw_engagement);
        for (std::size_t i = 0; i < block.size(); ++i)
            out[begin + i] = impl.Finish(block[i], fit[i], raw_engagement[i], now);
    }
}

}  // namespace tandem
