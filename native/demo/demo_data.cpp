// The demo company: a year of a believable B2B funnel, generated deterministically from a seed and
// a day, streamed lead by lead so that a million leads cost no more memory than twenty thousand.
//
// The cast and calendar are in demo_story.h, the users and definitions in demo_people.cpp, the
// campaign plan in demo_campaign_plan.h, the words in demo_vocabulary.cpp.
//
// [SECTION] Campaigns
// [SECTION] Companies
// [SECTION] Lead volume: how many leads arrive each day, and through which campaign
// [SECTION] Sources: how each channel's leads behave
// [SECTION] The generator: leads, their funnel and facts
// [SECTION] Feedback
// [SECTION] Targets
// [SECTION] GenerateDemo
#include "demo/demo_data.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <set>
#include <string_view>
#include <utility>

#include "demo/demo_campaign_plan.h"
#include "demo/demo_people.h"
#include "demo/demo_random.h"
#include "demo/demo_story.h"
#include "demo/demo_vocabulary.h"
#include "tandem/evaluate.h"

namespace tandem::demo {

namespace {

//-------------------------------------------------------------------------------------------------
// [SECTION] Campaigns
//-------------------------------------------------------------------------------------------------

// The channel a campaign's leads arrive through, and so the leads it is credited with.
Source SourceOf(CampaignType type) {
    switch (type) {
    case CampaignType::Webinar: return Source::Webinar;
    case CampaignType::Email: return Source::Outbound;
    case CampaignType::Paid: return Source::PaidSearch;
    case CampaignType::Event: return Source::Event;
    case CampaignType::Content: return Source::ContentDownload;
    case CampaignType::ProductLaunch: return Source::Website;
    case CampaignType::Social: return Source::Social;
    case CampaignType::Other: return Source::Referral;   // the referral programme
    }
    return Source::Other;
}

std::vector<std::string> SplitList(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        std::size_t bar = text.find('|');
        out.emplace_back(text.substr(0, bar));
        if (bar == std::string_view::npos) break;
        text.remove_prefix(bar + 1);
    }
    return out;
}

std::string CampaignName(std::string_view pattern, Date start) {
    int year = 0, month = 0, day = 0;
    CivilFromDays(start, year, month, day);
    static constexpr const char* kSeasons[] = {"Winter", "Winter", "Spring", "Spring", "Spring", "Summer",
                                               "Summer", "Summer", "Autumn", "Autumn", "Autumn", "Winter"};
    std::string name(pattern);
    auto replace = [&](std::string_view key, const std::string& value) {
        if (std::size_t at = name.find(key); at != std::string::npos) name.replace(at, key.size(), value);
    };
    replace("{Q}", "Q" + std::to_string((month - 1) / 3 + 1));
    replace("{season}", kSeasons[month - 1]);
    replace("{year}", std::to_string(year));
    return name;
}

bool ListMatches(const std::vector<std::string>& list, std::string_view value) {
    return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Companies
//-------------------------------------------------------------------------------------------------

void AppendNumber(std::string& out, std::int64_t value) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out.append(digits, end);
}

// A name group's names with their email forms, folded once rather than per lead.
struct NameList {
    std::span<const std::string_view> first;
    std::span<const std::string_view> last;
    std::vector<std::string> first_email;
    std::vector<std::string> last_email;
};

std::vector<NameList> MakeNameLists() {
    std::vector<NameList> lists;
    for (int group = 0; group <= static_cast<int>(NameGroup::African); ++group) {
        NameList list;
        list.first = FirstNames(static_cast<NameGroup>(group));
        list.last = LastNames(static_cast<NameGroup>(group));
        for (std::string_view name : list.first) list.first_email.push_back(EmailPart(name));
        for (std::string_view name : list.last) list.last_email.push_back(EmailPart(name));
        lists.push_back(std::move(list));
    }
    return lists;
}

// "+49 712 345 6789": the lead's country code and a made-up number.
void SetPhone(Lead& lead, DemoRandom& rng) {
    std::string_view prefix = "+1";
    for (const CountryInfo& country : Countries())
        if (country.code == lead.country) prefix = country.phone_prefix;
    lead.phone.clear();
    lead.phone.append(prefix).append(" ");
    AppendNumber(lead.phone, rng.Int(200, 989));
    lead.phone.append(" ");
    AppendNumber(lead.phone, rng.Int(100, 999));
    lead.phone.append(" ");
    AppendNumber(lead.phone, rng.Int(1000, 9999));
}

struct Company {
    std::string name;
    std::string domain;
    std::string_view industry;
    std::optional<std::int64_t> size;
    std::size_t country = 0;      // into Countries()
};

constexpr std::size_t kCompanyCount = 2400;

std::size_t PickCountry(DemoRandom& rng) {
    static const std::vector<double> kWeights = [] {
        std::vector<double> weights;
        for (const CountryInfo& country : Countries()) weights.push_back(country.weight);
        return weights;
    }();
    return rng.Weighted(kWeights);
}

std::vector<Company> MakeCompanies(std::uint64_t seed) {
    DemoRandom rng(MixSeed(seed, kStreamCompanies));
    std::span<const IndustryInfo> industries = Industries();
    std::vector<double> industry_weights;
    for (const IndustryInfo& industry : industries) industry_weights.push_back(industry.weight);
    std::span<const std::string_view> words = CompanyWords();

    std::vector<Company> companies;
    std::set<std::string> taken;
    while (companies.size() < kCompanyCount) {
        const IndustryInfo& industry = industries[rng.Weighted(industry_weights)];
        std::string_view word = rng.Pick(words);
        std::string_view suffix = rng.Pick(industry.suffixes);
        Company company;
        company.name = std::string(word) + " " + std::string(suffix);
        if (!taken.insert(company.name).second) continue;
        company.industry = industry.name;
        company.country = PickCountry(rng);
        // Company sizes are heavy-tailed: many small firms, a few giants.
        if (!rng.Chance(0.06)) {
            double size = rng.LogNormal(260, 1.5);
            company.size = std::clamp<std::int64_t>(std::llround(size), 3, 80000);
        }
        std::string_view tld = Countries()[company.country].domain_suffix;
        if (industry.name == "software" && tld == ".com" && rng.Chance(0.4)) tld = ".io";
        company.domain = EmailPart(word) + EmailPart(suffix) + std::string(tld);
        companies.push_back(std::move(company));
    }
    return companies;
}

bool IsTargetCompany(const Company& company) {
    bool industry = std::find(std::begin(kTargetIndustries), std::end(kTargetIndustries), company.industry) !=
                    std::end(kTargetIndustries);
    bool size = company.size && *company.size >= 50 && *company.size <= 5000;
    return industry && size;
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Lead volume
//-------------------------------------------------------------------------------------------------

// Leads arrive mostly in (UTC) business hours of Europe and the Americas.
constexpr double kHourWeights[24] = {0.6, 0.5, 0.4, 0.3, 0.3, 0.4, 0.8, 1.5, 2.5, 3.2, 3.5, 3.6,
                                     3.6, 3.8, 4.0, 4.0, 3.8, 3.4, 2.8, 2.2, 1.7, 1.3, 1.0, 0.8};

// The share of a day's leads that arrive within [from, to) seconds after midnight.
double DayMass(Timestamp from, Timestamp to) {
    double total = 0, inside = 0;
    for (int hour = 0; hour < 24; ++hour) {
        Timestamp lo = std::max<Timestamp>(from, hour * kHour);
        Timestamp hi = std::min<Timestamp>(to, (hour + 1) * kHour);
        total += kHourWeights[hour];
        if (hi > lo) inside += kHourWeights[hour] * static_cast<double>(hi - lo) / static_cast<double>(kHour);
    }
    return inside / total;
}

// A time of day in [from, to), following the hourly weights.
Timestamp TimeOfDay(DemoRandom& rng, Timestamp from, Timestamp to) {
    double weights[24];
    for (int hour = 0; hour < 24; ++hour) {
        Timestamp lo = std::max<Timestamp>(from, hour * kHour);
        Timestamp hi = std::min<Timestamp>(to, (hour + 1) * kHour);
        weights[hour] = hi > lo ? kHourWeights[hour] * static_cast<double>(hi - lo) : 0.0;
    }
    auto hour = static_cast<Timestamp>(rng.Weighted(weights));
    Timestamp lo = std::max<Timestamp>(from, hour * kHour);
    Timestamp hi = std::min<Timestamp>(to, (hour + 1) * kHour);
    return hi > lo ? rng.Int(lo, hi - 1) : from;
}

// Monday 1.0 ... Sunday 0.25: B2B buyers fill in forms at work.
double WeekdayFactor(Date day) {
    static constexpr double kFactors[] = {1.0, 1.08, 1.05, 1.0, 0.85, 0.28, 0.25};   // Mon..Sun
    int weekday = static_cast<int>(day - WeekStart(day));
    return kFactors[weekday];
}

double SeasonFactor(Date day) {
    int year = 0, month = 0, dom = 0;
    CivilFromDays(day, year, month, dom);
    if ((month == 12 && dom >= 23) || (month == 1 && dom <= 2)) return 0.45;
    if (month == 8 && dom <= 20) return 0.85;
    return 1.0;
}

// How a campaign's leads spread over its days: webinars fill up toward the session, launches
// and ads start strong and fade, events peak on the show floor.
double CampaignShape(CampaignType type, double position) {
    switch (type) {
    case CampaignType::Webinar: return 0.4 + 1.2 * position;
    case CampaignType::Event: return 1.0;
    case CampaignType::ProductLaunch: return 1.6 - 1.2 * position;
    default: return 1.2 - 0.4 * position;
    }
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Sources
//-------------------------------------------------------------------------------------------------

// How a channel's leads behave. The probabilities are per step (of those that reached the step);
// pace stretches every delay between stages.
struct SourceProfile {
    Source source;
    double organic_share;   // of leads that do not come from a campaign
    double mql;
    double sales_ready;
    double accept;
    double opportunity;
    double win;
    double pace;
};

constexpr SourceProfile kProfiles[] = {
    {Source::Webinar, 7, 0.46, 0.58, 0.68, 0.52, 0.30, 2.0},
    {Source::ContentDownload, 12, 0.38, 0.52, 0.62, 0.48, 0.28, 1.1},
    {Source::PaidSearch, 24, 0.30, 0.50, 0.58, 0.46, 0.25, 1.0},
    {Source::Social, 15, 0.26, 0.48, 0.55, 0.44, 0.23, 1.0},
    {Source::Referral, 7, 0.62, 0.70, 0.82, 0.62, 0.45, 0.65},
    {Source::Event, 4, 0.54, 0.66, 0.78, 0.58, 0.40, 0.85},
    {Source::Website, 16, 0.38, 0.56, 0.66, 0.50, 0.31, 1.0},
    {Source::Outbound, 10, 0.30, 0.55, 0.62, 0.50, 0.28, 1.0},
    {Source::Other, 5, 0.25, 0.45, 0.55, 0.45, 0.25, 1.0},
};

const SourceProfile& ProfileOf(Source source) {
    for (const SourceProfile& profile : kProfiles)
        if (profile.source == source) return profile;
    return kProfiles[std::size(kProfiles) - 1];
}

//-------------------------------------------------------------------------------------------------
// [SECTION] The generator
//-------------------------------------------------------------------------------------------------

struct CampaignState {
    Campaign campaign;
    const CampaignPlan* plan = nullptr;
    Source source = Source::Other;
    std::vector<std::string> industries, titles, regions;
    std::vector<std::size_t> companies;      // companies in its segment, for the leads it drives
    double driven = 0;                        // leads it brings at the requested volume, whole run
    bool active = false;                      // not cancelled

    bool Runs(Date day) const { return active && campaign.start <= day && day <= campaign.end; }
};

// A sales rejection, kept (compactly) until the feedback is written after all leads.
struct Rejection {
    Timestamp at = 0;
    std::int64_t lead_id = 0;
    std::optional<std::int64_t> campaign_id;
    std::int64_t author = 0;
    RejectReason reason = RejectReason::Other;
    std::uint8_t text = 0;
};

// A lead the other feedback can talk about (kept by reservoir sampling).
struct LeadNote {
    std::int64_t lead_id = 0;
    std::optional<std::int64_t> campaign_id;
    std::int64_t owner = 0;
    Timestamp at = 0;
    std::string company;
};

struct MonthTally {
    std::int64_t leads = 0;
    std::int64_t mqls = 0;
    std::int64_t sqls = 0;
    std::int64_t revenue = 0;
};

// Fixed-size uniform sample of a stream, so feedback can mention real leads without keeping all.
class Reservoir {
public:
    explicit Reservoir(std::size_t capacity) : m_capacity(capacity) {}

    void Offer(DemoRandom& rng, LeadNote note) {
        ++m_seen;
        if (m_items.size() < m_capacity) {
            m_items.push_back(std::move(note));
            return;
        }
        auto slot = static_cast<std::size_t>(rng.Next() % m_seen);
        if (slot < m_capacity) m_items[slot] = std::move(note);
    }

    std::vector<LeadNote>& Items() { return m_items; }

private:
    std::size_t m_capacity;
    std::uint64_t m_seen = 0;
    std::vector<LeadNote> m_items;
};

// The team works 07:00-21:00 UTC between them (Europe's morning to the US East Coast's
// afternoon), and at weekends only looks in around noon and six: what someone did at another
// time happened at the next of those. A time already in working hours stays, so shifting twice
// changes nothing.
Timestamp WorkingTime(Timestamp at, DemoRandom& rng) {
    auto working = [](Timestamp t) {
        Date day = DateOf(t);
        Timestamp hour = (t - StartOf(day)) / kHour;
        bool weekend = day - WeekStart(day) >= 5;
        return hour >= 7 && hour < 21 && (!weekend || hour == 12 || hour == 18);
    };
    if (working(at)) return at;
    Date day = DateOf(at);
    Timestamp hour = (at - StartOf(day)) / kHour;
    bool weekend = day - WeekStart(day) >= 5;
    Timestamp next = 0;
    if (!weekend && hour < 7) next = StartOf(day) + 7 * kHour;
    else if (weekend && hour < 12) next = StartOf(day) + 12 * kHour;
    else if (weekend && hour < 18) next = StartOf(day) + 18 * kHour;
    else next = StartOf(day + 1) + 7 * kHour;
    Date next_day = DateOf(next);
    if (next_day - WeekStart(next_day) >= 5 && next - StartOf(next_day) < 12 * kHour)
        next = StartOf(next_day) + 12 * kHour;   // Saturday morning: the noon look-in
    // What piled up is worked through over the morning; a weekend look-in stays inside its hour.
    bool look_in = DateOf(next) - WeekStart(DateOf(next)) >= 5;
    double backlog = look_in ? rng.Uniform(0, 50 * kMinute) : std::min(rng.Exponential(70 * kMinute), 5.0 * kHour);
    return next + static_cast<Timestamp>(backlog);
}

// Appends stage changes to one lead's history: never before the previous row, never after now.
class HistoryWriter {
public:
    HistoryWriter(Lead& lead, std::vector<StageChange>& history, const Clock& clock, DemoRandom& rng)
        : m_lead(lead), m_history(history), m_clock(clock), m_rng(rng) {}

    // Rows are strictly ordered: a move asked for at (or before) the previous row's time happens a
    // minute later; a person's move happens in working hours. Returns false, changing nothing, if
    // the move would happen after now.
    bool Move(Stage to, Timestamp at, std::optional<std::int64_t> by, std::string reason, std::string note = {}) {
        at = std::max(at, Last() + kMinute);
        if (by) at = WorkingTime(at, m_rng);
        if (at > m_clock.now) return false;
        StageChange change;
        change.lead_id = m_lead.id;
        change.from = m_lead.stage;
        change.to = to;
        change.at = at;
        change.by_user_id = by;
        change.reason = std::move(reason);
        change.note = std::move(note);
        m_history.push_back(std::move(change));
        m_lead.stage = to;
        return true;
    }

    // A move the definition makes: by nobody, in the name of the version active at the time.
    // It follows something the lead did, so after a long wait it falls in the hours and on the
    // days leads are active (weekends a quarter as much as weekdays).
    bool Auto(Stage to, Timestamp at) {
        if (at - Last() >= 12 * kHour) {
            Date day = DateOf(at);
            int weekday = static_cast<int>(day - WeekStart(day));
            if (weekday >= 5 && !m_rng.Chance(0.27)) day += 7 - weekday;
            at = StartOf(day) + TimeOfDay(m_rng, 0, kDay);
        }
        at = std::max(at, Last() + kMinute);
        return Move(to, at, std::nullopt, "definition v" + std::to_string(m_clock.Version(at)));
    }

    Timestamp Last() const { return m_history.back().at; }

private:
    Lead& m_lead;
    std::vector<StageChange>& m_history;
    const Clock& m_clock;
    DemoRandom& m_rng;
};

class Generator {
public:
    Generator(const DemoOptions& options, DemoSink& sink);
    void Run();

private:
    void EmitUsersAndDefinitions();
    void PlanCampaigns();
    void PlanVolume();
    void EmitCampaigns();
    void EmitLeads();
    void MakeLead(std::int64_t id, Timestamp created, int day_index);
    void WalkFunnel(DemoRandom& rng, const SourceProfile& profile, bool will_mql, HistoryWriter& writer);
    void CloseDeal(DemoRandom& rng, const SourceProfile& profile, std::int64_t owner, HistoryWriter& writer);
    void FillFacts(DemoRandom& rng, const Company& company, std::size_t country, const CampaignState* driver);
    LeadScore FitFactsToStage(DemoRandom& rng);
    LeadScore ScoreNow();
    void ResetLead();
    void Record();
    void EmitFeedback();
    void EmitTargets();

    const DemoOptions& m_options;
    DemoSink& m_sink;
    Clock m_clock;
    double m_scale = 1;
    DefinitionRules m_active_rules;
    StringPool m_pool;
    std::optional<CompiledRules> m_compiled;
    std::vector<Company> m_companies;
    std::vector<NameList> m_names = MakeNameLists();
    std::vector<std::size_t> m_target_companies;
    std::vector<CampaignState> m_campaigns;

    // Per day of the year: the organic volume and each campaign's, in leads.
    std::vector<double> m_organic;
    std::vector<std::vector<double>> m_campaign_volume;   // [campaign][day]
    std::array<double, std::size(kProfiles)> m_organic_mix{};

    // The lead being generated, reused so a million leads do not mean a million allocations.
    Lead m_lead;
    std::vector<StageChange> m_history;
    std::int64_t m_next_change_id = 1;

    std::vector<Rejection> m_rejections;
    Reservoir m_sql_notes{400};
    Reservoir m_won_notes{160};
    DemoRandom m_reservoir_rng;
    int m_first_month = 0;
    std::vector<MonthTally> m_months;   // first_month .. current month
};

Generator::Generator(const DemoOptions& options, DemoSink& sink)
    : m_options(options),
      m_sink(sink),
      m_clock(MakeClock(options.now)),
      m_scale(static_cast<double>(std::max<std::int64_t>(options.leads, 0)) / kReferenceLeads),
      m_active_rules(RulesV2()),
      m_reservoir_rng(MixSeed(options.seed, kStreamReservoir)) {
    m_companies = MakeCompanies(options.seed);
    // Every text a lead can hold is interned up front, so scoring never grows the pool and the
    // compiled rules know every value a criterion names.
    for (std::size_t i = 0; i < m_companies.size(); ++i) {
        m_pool.Intern(m_companies[i].name);
        m_pool.Intern(m_companies[i].industry);
        if (IsTargetCompany(m_companies[i])) m_target_companies.push_back(i);
    }
    for (const IndustryInfo& industry : Industries()) m_pool.Intern(industry.name);
    for (const CountryInfo& country : Countries()) m_pool.Intern(country.code);
    for (std::string_view title : DecisionMakerTitles()) m_pool.Intern(title);
    for (std::string_view title : OtherTitles()) m_pool.Intern(title);
    for (const CampaignPlan& plan : kCampaignPlans)
        for (const std::string& title : SplitList(plan.titles)) m_pool.Intern(title);
    m_compiled.emplace(m_active_rules, m_pool);

    m_first_month = MonthKey(m_clock.first_day);
    m_months.resize(static_cast<std::size_t>(MonthKey(m_clock.today) - m_first_month + 1));
}

void Generator::Run() {
    EmitUsersAndDefinitions();
    PlanCampaigns();
    PlanVolume();
    EmitCampaigns();
    EmitLeads();
    EmitFeedback();
    EmitTargets();
}

void Generator::EmitUsersAndDefinitions() {
    for (const User& user : DemoUsers(m_clock)) m_sink.OnUser(user);
    for (const LeadDefinition& definition : DemoDefinitions(m_clock)) m_sink.OnDefinition(definition);
}

void Generator::PlanCampaigns() {
    std::int64_t id = 0;
    for (const CampaignPlan& plan : kCampaignPlans) {
        CampaignState state;
        state.plan = &plan;
        state.source = SourceOf(plan.type);
        state.active = !plan.cancelled;
        Campaign& c = state.campaign;
        c.id = ++id;
        c.type = plan.type;
        c.start = m_clock.today + plan.start;
        c.end = c.start + plan.days - 1;
        c.name = CampaignName(plan.name, c.start);
        c.owner_id = plan.owner;
        state.industries = SplitList(plan.industries);
        state.titles = SplitList(plan.titles);
        state.regions = SplitList(plan.regions);
        c.segment.industries = state.industries;
        c.segment.titles = state.titles;
        c.segment.regions = state.regions;
        if (plan.size_min > 0) c.segment.company_size_min = plan.size_min;
        if (plan.size_max > 0) c.segment.company_size_max = plan.size_max;
        c.offer = plan.offer;
        c.description = plan.description;
        c.sales_notes = plan.sales_notes;

        if (plan.cancelled) c.status = CampaignStatus::Cancelled;
        else if (c.end < m_clock.today) c.status = CampaignStatus::Done;
        else if (c.start > m_clock.today) c.status = CampaignStatus::Planned;
        else c.status = CampaignStatus::Live;

        // Planned three to six weeks ahead; a campaign cannot predate the team that planned it.
        Timestamp planned = At(c.start - 21 - static_cast<int>((id * 7) % 22), 10, static_cast<int>(id % 50));
        c.created_at = std::clamp(planned, m_clock.users_created + kDay, m_clock.now - kHour);
        switch (c.status) {
        case CampaignStatus::Done:
            c.updated_at = std::min(m_clock.now, At(c.end + 2, 11));
            c.revision = 3;
            break;
        case CampaignStatus::Live:
            c.updated_at = std::min(m_clock.now, At(c.start, 8, 30));
            c.revision = 2;
            break;
        case CampaignStatus::Cancelled:
            c.updated_at = std::min(m_clock.now - kHour, std::max(c.created_at, At(c.start - 9, 15)));
            c.revision = 2;
            break;
        case CampaignStatus::Planned:
            c.updated_at = c.created_at;
            c.revision = 1;
            break;
        }
        c.updated_at = std::max(c.updated_at, c.created_at);

        const Segment& segment = c.segment;
        for (std::size_t i = 0; i < m_companies.size(); ++i) {
            const Company& company = m_companies[i];
            bool size_ok = (!segment.company_size_min || (company.size && *company.size >= *segment.company_size_min)) &&
                           (!segment.company_size_max || (company.size && *company.size <= *segment.company_size_max));
            if (size_ok && ListMatches(state.industries, company.industry) &&
                ListMatches(state.regions, Countries()[company.country].code))
                state.companies.push_back(i);
        }
        state.driven = state.active ? plan.volume * plan.pull * kCampaignDriven * m_scale : 0;
        m_campaigns.push_back(std::move(state));
    }
    // Ids follow the calendar, as a team entering its plan would create them.
    std::stable_sort(m_campaigns.begin(), m_campaigns.end(),
                     [](const CampaignState& a, const CampaignState& b) { return a.campaign.start < b.campaign.start; });
    for (std::size_t i = 0; i < m_campaigns.size(); ++i) m_campaigns[i].campaign.id = static_cast<std::int64_t>(i + 1);
}

void Generator::PlanVolume() {
    const int days = m_clock.days;
    DemoRandom rng(MixSeed(m_options.seed, kStreamDays));
    double organic_mix_total = 0;
    for (std::size_t i = 0; i < std::size(kProfiles); ++i) organic_mix_total += kProfiles[i].organic_share;
    for (std::size_t i = 0; i < std::size(kProfiles); ++i)
        m_organic_mix[i] = kProfiles[i].organic_share / organic_mix_total;

    // How much of each day lies inside [first_lead, now), weighted by the hours leads arrive in.
    auto mass = [&](Date day) {
        Timestamp from = std::max<Timestamp>(0, m_clock.first_lead - StartOf(day));
        Timestamp to = std::min<Timestamp>(kDay, m_clock.now - StartOf(day));
        return to > from ? DayMass(from, to) : 0.0;
    };

    // Campaign volume: its planned leads spread over its whole run, of which the days up to now
    // have happened.
    m_campaign_volume.assign(m_campaigns.size(), std::vector<double>(static_cast<std::size_t>(days), 0.0));
    double campaign_total = 0;
    for (std::size_t c = 0; c < m_campaigns.size(); ++c) {
        const CampaignState& state = m_campaigns[c];
        if (!state.active) continue;
        const Campaign& campaign = state.campaign;
        double shape_total = 0;
        for (Date day = campaign.start; day <= campaign.end; ++day) {
            double position = (day - campaign.start + 0.5) / (campaign.end - campaign.start + 1);
            shape_total += CampaignShape(campaign.type, position) * WeekdayFactor(day);
        }
        for (Date day = std::max(campaign.start, m_clock.first_day); day <= std::min(campaign.end, m_clock.today);
             ++day) {
            double position = (day - campaign.start + 0.5) / (campaign.end - campaign.start + 1);
            double share = CampaignShape(campaign.type, position) * WeekdayFactor(day) / shape_total;
            double leads = state.driven * share * mass(day);
            m_campaign_volume[c][static_cast<std::size_t>(day - m_clock.first_day)] = leads;
            campaign_total += leads;
        }
    }

    // Organic volume: weekdays over weekends, mild growth over the year, holidays, daily noise.
    m_organic.assign(static_cast<std::size_t>(days), 0.0);
    double organic_weight = 0;
    for (int d = 0; d < days; ++d) {
        Date day = m_clock.first_day + d;
        double growth = 1.0 + 0.4 * d / 365.0;
        double noise = rng.LogNormal(1.0, 0.12);
        double weight = WeekdayFactor(day) * SeasonFactor(day) * growth * noise * mass(day);
        m_organic[static_cast<std::size_t>(d)] = weight;
        organic_weight += weight;
    }
    const double total = static_cast<double>(std::max<std::int64_t>(m_options.leads, 0));
    // Campaigns never crowd out organic leads entirely, whatever the volume asked for.
    double organic_leads = std::max(total - campaign_total, 0.3 * total);
    if (campaign_total > 0 && total - organic_leads < campaign_total) {
        double shrink = (total - organic_leads) / campaign_total;
        for (auto& volume : m_campaign_volume)
            for (double& leads : volume) leads *= shrink;
        for (CampaignState& state : m_campaigns) state.driven *= shrink;
    }
    for (double& weight : m_organic) weight *= organic_weight > 0 ? organic_leads / organic_weight : 0.0;

    // Goals: what each campaign was expected to bring (its own leads plus the organic leads of its
    // channel credited to it while it runs), divided by how well it actually did.
    // Days still to come are expected at the level of the last four full weeks.
    double recent_organic = 0;
    int recent_days = 0;
    for (int d = std::max(0, days - 29); d < days - 1; ++d, ++recent_days)
        recent_organic += m_organic[static_cast<std::size_t>(d)] / WeekdayFactor(m_clock.first_day + d);
    recent_organic /= std::max(recent_days, 1);
    for (std::size_t c = 0; c < m_campaigns.size(); ++c) {
        CampaignState& state = m_campaigns[c];
        const CampaignPlan& plan = *state.plan;
        double expected = 0;
        if (state.active) {
            expected = state.driven;
            std::size_t mix = 0;
            while (kProfiles[mix].source != state.source) ++mix;
            for (Date day = state.campaign.start; day <= state.campaign.end; ++day) {
                int d = day - m_clock.first_day;
                int sharing = 0;
                for (const CampaignState& other : m_campaigns) sharing += other.source == state.source && other.Runs(day);
                double organic = d < days ? m_organic[static_cast<std::size_t>(d)] : recent_organic * WeekdayFactor(day);
                expected += organic * m_organic_mix[mix] / std::max(sharing, 1);
            }
        } else {
            expected = plan.volume * m_scale;
        }
        // People set round goals.
        double goal = expected / plan.pull;
        state.campaign.goal_leads = std::max<std::int64_t>(1, std::llround(goal / (goal < 100 ? 5 : 10)) * (goal < 100 ? 5 : 10));
    }
}

void Generator::EmitCampaigns() {
    for (const CampaignState& state : m_campaigns) m_sink.OnCampaign(state.campaign);
}

void Generator::EmitLeads() {
    const std::int64_t total = std::max<std::int64_t>(m_options.leads, 0);
    double weight_total = 0;
    std::vector<double> day_total(static_cast<std::size_t>(m_clock.days), 0.0);
    for (int d = 0; d < m_clock.days; ++d) {
        auto i = static_cast<std::size_t>(d);
        day_total[i] = m_organic[i];
        for (const auto& volume : m_campaign_volume) day_total[i] += volume[i];
        weight_total += day_total[i];
    }
    if (total == 0 || weight_total <= 0) return;

    std::int64_t id = 0;
    double cumulative = 0;
    std::int64_t emitted_by_cumulative = 0;
    std::vector<Timestamp> times;
    for (int d = 0; d < m_clock.days; ++d) {
        // Cumulative rounding: the day counts add up to exactly the leads asked for.
        cumulative += day_total[static_cast<std::size_t>(d)];
        std::int64_t upto = d + 1 == m_clock.days ? total
                                                  : std::llround(cumulative / weight_total * static_cast<double>(total));
        std::int64_t count = std::max<std::int64_t>(0, upto - emitted_by_cumulative);
        emitted_by_cumulative += count;
        if (count == 0) continue;

        Date day = m_clock.first_day + d;
        Timestamp from = std::max<Timestamp>(0, m_clock.first_lead - StartOf(day));
        Timestamp to = std::min<Timestamp>(kDay, m_clock.now - StartOf(day));
        DemoRandom rng(MixSeed(m_options.seed, kStreamDays + 16 + static_cast<std::uint64_t>(d)));
        times.clear();
        for (std::int64_t i = 0; i < count; ++i) times.push_back(StartOf(day) + TimeOfDay(rng, from, std::max(to, from + 1)));
        std::sort(times.begin(), times.end());
        for (Timestamp created : times) MakeLead(++id, std::min(created, m_clock.now - 1), d);
    }
}

// Like `m_lead = Lead{}`, but the strings keep their buffers: no allocations per lead.
void Generator::ResetLead() {
    std::string* strings[] = {&m_lead.email, &m_lead.name, &m_lead.company, &m_lead.title,
                              &m_lead.industry, &m_lead.country, &m_lead.phone};
    std::string kept[std::size(strings)];
    for (std::size_t i = 0; i < std::size(strings); ++i) kept[i] = std::move(*strings[i]);
    m_lead = Lead{};
    for (std::size_t i = 0; i < std::size(strings); ++i) {
        *strings[i] = std::move(kept[i]);
        strings[i]->clear();
    }
}

void Generator::MakeLead(std::int64_t id, Timestamp created, int day_index) {
    DemoRandom rng(MixSeed(m_options.seed, kStreamLeads + static_cast<std::uint64_t>(id)));
    const auto d = static_cast<std::size_t>(day_index);
    const Date day = m_clock.first_day + day_index;

    // Which campaign (if any) brought this lead, and through which channel.
    double organic = m_organic[d];
    double day_total = organic;
    for (const auto& volume : m_campaign_volume) day_total += volume[d];
    double pick = rng.Uniform() * day_total;
    const CampaignState* driver = nullptr;
    if (pick >= organic) {
        pick -= organic;
        for (std::size_t c = 0; c < m_campaigns.size() && !driver; ++c) {
            if (pick < m_campaign_volume[c][d]) driver = &m_campaigns[c];
            else pick -= m_campaign_volume[c][d];
        }
        // Rounding left the pick past the last campaign of the day: the last one with leads.
        for (std::size_t c = m_campaigns.size(); c-- > 0 && !driver;)
            if (m_campaign_volume[c][d] > 0) driver = &m_campaigns[c];
    }
    Source source = driver ? driver->source : kProfiles[rng.Weighted(m_organic_mix)].source;
    const CampaignState* credited = driver;
    if (!credited) {
        // An organic lead of a channel that a running campaign works is credited to that campaign.
        std::array<const CampaignState*, kCampaignCount> running{};
        std::size_t count = 0;
        for (const CampaignState& state : m_campaigns)
            if (state.source == source && state.Runs(day)) running[count++] = &state;
        if (count > 0) credited = running[rng.Index(count)];
    }

    ResetLead();
    m_history.clear();
    m_lead.id = id;
    m_lead.created_at = created;
    m_lead.source = source;
    if (credited) m_lead.campaign_id = credited->campaign.id;

    const SourceProfile& profile = ProfileOf(source);
    bool will_mql = rng.Chance(profile.mql);

    // Good leads come from companies we target; a campaign's leads mostly from its segment.
    std::size_t company_index = 0;
    if (driver && !driver->companies.empty() && rng.Chance(0.85)) company_index = driver->companies[rng.Index(driver->companies.size())];
    else if (will_mql && !m_target_companies.empty() && rng.Chance(0.7))
        company_index = m_target_companies[rng.Index(m_target_companies.size())];
    else company_index = rng.Index(m_companies.size());
    const Company& company = m_companies[company_index];
    m_lead.company = company.name;
    m_lead.company_size = company.size;
    // Mostly where the company is; sometimes a subsidiary abroad.
    std::size_t country = rng.Chance(0.88) ? company.country : PickCountry(rng);
    m_lead.country = Countries()[country].code;

    StageChange created_row;
    created_row.lead_id = id;
    created_row.to = Stage::New;
    created_row.at = created;
    created_row.reason = "created";
    m_history.push_back(std::move(created_row));
    m_lead.stage = Stage::New;

    HistoryWriter writer(m_lead, m_history, m_clock, rng);
    WalkFunnel(rng, profile, will_mql, writer);
    FillFacts(rng, company, country, driver);
    LeadScore score = FitFactsToStage(rng);

    // The compiled rules give Evaluate()'s numbers at a fraction of its cost, which a million
    // leads notice.
    m_lead.score = score;
    m_lead.score.definition_version = 2;
    m_lead.score.scored_at = m_clock.now;
    m_lead.updated_at = std::max(m_history.back().at, m_lead.last_activity_at.value_or(created));
    m_lead.revision = static_cast<std::int64_t>(m_history.size());

    for (StageChange& change : m_history) change.id = m_next_change_id++;
    Record();
    m_sink.OnLead(m_lead, m_history);
}

// Rita covers the Americas and Raj Europe; other regions have no rep of their own.
std::optional<std::int64_t> TerritoryRep(std::string_view country) {
    static constexpr std::string_view kAmericas[] = {"US", "CA", "BR", "MX"};
    static constexpr std::string_view kEurope[] = {"GB", "DE", "FR", "NL", "ES", "SE"};
    if (std::find(std::begin(kAmericas), std::end(kAmericas), country) != std::end(kAmericas)) return kRitaId;
    if (std::find(std::begin(kEurope), std::end(kEurope), country) != std::end(kEurope)) return kRajId;
    return std::nullopt;
}

// Response time from hand-over to the first sales decision: mostly within hours, some the next
// day, a few forgotten for days (the SLA breaches the scorecard lists).
Timestamp ResponseDelay(DemoRandom& rng) {
    double u = rng.Uniform();
    if (u < 0.84) return static_cast<Timestamp>(std::min(rng.LogNormal(2.5 * kHour, 0.9), 20.0 * kHour));
    if (u < 0.97) return static_cast<Timestamp>(rng.Uniform(10 * kHour, 36 * kHour));
    return static_cast<Timestamp>(rng.Uniform(36 * kHour, 240 * kHour));
}

Timestamp Days(double days) { return static_cast<Timestamp>(days * static_cast<double>(kDay)); }

Timestamp Delay(DemoRandom& rng, double median_days, double sigma, double pace) {
    return Days(std::min(rng.LogNormal(median_days * pace, sigma), 150.0));
}

RejectReason PickRejectReason(DemoRandom& rng, Source source, int version) {
    // no_budget, no_authority, no_need, no_timeline, bad_fit, duplicate, unreachable, other
    std::array<double, 8> weights = {24, 14, 12, 18, 14, 4, 10, 4};
    switch (source) {
    case Source::PaidSearch:
    case Source::Social: weights[4] += 10; weights[0] += 6; break;
    case Source::Webinar: weights[3] += 10; break;
    case Source::Outbound: weights[6] += 8; weights[2] += 6; break;
    case Source::Referral: weights[5] += 4; break;
    default: break;
    }
    // v2's budget and timeline checks filter out much of what sales used to reject for them.
    if (version >= 2) {
        weights[0] *= 0.5;
        weights[3] *= 0.6;
    }
    return static_cast<RejectReason>(rng.Weighted(weights));
}

void Generator::WalkFunnel(DemoRandom& rng, const SourceProfile& profile, bool will_mql, HistoryWriter& writer) {
    const Timestamp created = m_lead.created_at;
    if (!will_mql) {
        if (rng.Chance(0.025))
            writer.Move(Stage::Disqualified, created + static_cast<Timestamp>(rng.Uniform(2 * kHour, 6 * kDay)), kMarkId,
                        std::string(rng.Pick(DisqualifyReasons())));
        return;
    }
    // Some become MQLs at once (a demo request), most after a few visits.
    Timestamp mql_delay = rng.Chance(0.3) ? static_cast<Timestamp>(rng.Uniform(2 * kMinute, 6 * kHour))
                                          : Delay(rng, 5, 0.9, profile.pace);
    if (!writer.Auto(Stage::Mql, created + mql_delay)) return;

    for (int pass = 0;; ++pass) {
        Timestamp mql_at = writer.Last();
        int version = m_clock.Version(mql_at);
        double sales_ready = profile.sales_ready * (version >= 2 ? 0.9 : 1.05);
        if (rng.Chance(sales_ready)) {
            Timestamp ready_delay = rng.Chance(0.25) ? static_cast<Timestamp>(rng.Uniform(5 * kMinute, 4 * kHour))
                                                     : Delay(rng, 3, 0.9, profile.pace);
            if (!writer.Auto(Stage::SalesReady, mql_at + ready_delay)) return;
            Timestamp ready_at = writer.Last();
            version = m_clock.Version(ready_at);
            // Routing assigns the territory's rep at once; leads from elsewhere wait until the
            // sales leader routes them by hand, which is where most SLA breaches come from.
            std::optional<std::int64_t> territory = TerritoryRep(m_lead.country);
            std::int64_t owner = territory.value_or(rng.Chance(0.5) ? kRitaId : kRajId);
            Timestamp response = ResponseDelay(rng);
            if (!territory) response += Days(0.2 + std::min(rng.Exponential(1.8), 12.0));
            // The sales leader steps in on leads left waiting, and covers now and then.
            bool covered = (response > 24 * kHour && rng.Chance(0.4)) || rng.Chance(0.03);
            std::int64_t decider = covered ? kSamId : owner;
            double accept = std::clamp(profile.accept + (version >= 2 ? 0.04 : -0.08), 0.0, 0.95);
            double u = rng.Uniform();
            Timestamp decided = WorkingTime(std::max(ready_at + response, ready_at + kMinute), rng);
            if (decided > m_clock.now) {
                m_lead.owner_id = territory;   // waiting in the rep's inbox, or for routing
                return;
            }
            m_lead.owner_id = owner;
            if (u < 0.02) {
                writer.Move(Stage::Disqualified, decided, decider, std::string(rng.Pick(DisqualifyReasons())));
                return;
            }
            if (u < 0.02 + accept) {
                std::span<const std::string_view> notes = AcceptNotes();
                if (!writer.Move(Stage::Sql, decided, decider, "", std::string(rng.Pick(notes)))) return;
                CloseDeal(rng, profile, owner, writer);
                return;
            }
            RejectReason reason = PickRejectReason(rng, profile.source, version);
            std::span<const std::string_view> texts = RejectionTexts(reason);
            auto text = static_cast<std::uint8_t>(rng.Index(texts.size()));
            if (!writer.Move(Stage::Recycled, decided, decider, std::string(ToString(reason)),
                             std::string(texts[text])))
                return;
            m_rejections.push_back({writer.Last(), m_lead.id, m_lead.campaign_id, decider, reason, text});
        } else {
            // An MQL that never gets there: most keep engaging, some marketing puts back into
            // nurture, a few turn out not to be buyers at all.
            double u = rng.Uniform();
            if (u < 0.04) {
                writer.Move(Stage::Disqualified, mql_at + Days(rng.Uniform(5, 40)), kMarkId,
                            std::string(rng.Pick(DisqualifyReasons())));
                return;
            }
            if (u >= 0.42) return;
            static constexpr RejectReason kNurture[] = {RejectReason::NoTimeline, RejectReason::NoNeed,
                                                        RejectReason::Unreachable};
            if (!writer.Move(Stage::Recycled, mql_at + Days(rng.Uniform(30, 90)), kMarkId,
                             std::string(ToString(rng.Pick(std::span<const RejectReason>(kNurture))))))
                return;
        }
        // Recycled: some come back when they engage again, and the definition qualifies them anew.
        if (pass >= 1 || !rng.Chance(0.28)) return;
        if (!writer.Auto(Stage::Mql, writer.Last() + Days(rng.LogNormal(50, 0.6)))) return;
    }
}

void Generator::CloseDeal(DemoRandom& rng, const SourceProfile& profile, std::int64_t owner, HistoryWriter& writer) {
    Timestamp sql_at = writer.Last();
    if (rng.Chance(0.03)) {
        writer.Move(Stage::Disqualified, sql_at + Days(rng.Uniform(2, 15)), owner, "duplicate account");
        return;
    }
    std::span<const std::string_view> lost_reasons = LostReasons();
    bool lost = false;
    if (rng.Chance(profile.opportunity)) {
        if (!writer.Move(Stage::Opportunity, sql_at + Delay(rng, 7, 0.7, profile.pace), owner, "")) return;
        Timestamp opened = writer.Last();
        if (rng.Chance(profile.win)) {
            // Deals grow with the customer: 5k for a small team, six figures for an enterprise.
            double size = static_cast<double>(m_lead.company_size.value_or(200));
            double value = rng.LogNormal(6000 * std::pow(std::max(size, 5.0) / 50.0, 0.45), 0.5);
            std::int64_t deal = std::clamp<std::int64_t>(std::llround(value / 100) * 100, 5000, 250000);
            if (writer.Move(Stage::Won, opened + Delay(rng, 30, 0.5, profile.pace), owner, "")) m_lead.deal_value = deal;
            return;
        }
        lost = writer.Move(Stage::Lost, opened + Delay(rng, 24, 0.6, profile.pace), owner,
                           std::string(rng.Pick(lost_reasons)));
    } else {
        lost = writer.Move(Stage::Lost, sql_at + Delay(rng, 21, 0.7, profile.pace), owner,
                           std::string(rng.Pick(lost_reasons)));
    }
    // Marketing takes some lost deals back into nurture for a later try.
    if (lost && rng.Chance(0.15)) {
        RejectReason reason = rng.Chance(0.5) ? RejectReason::NoTimeline : RejectReason::NoBudget;
        writer.Move(Stage::Recycled, writer.Last() + Days(rng.Uniform(30, 90)), kMarkId, std::string(ToString(reason)));
    }
}

void Generator::FillFacts(DemoRandom& rng, const Company& company, std::size_t country,
                          const CampaignState* driver) {
    Lead& lead = m_lead;
    bool reached_mql = false, reached_ready = false;
    int ready_version = 0;
    std::optional<RejectReason> rejection;
    Timestamp engaged_at = lead.created_at;
    for (const StageChange& change : m_history) {
        if (change.to == Stage::Mql) reached_mql = true;
        if (change.to == Stage::SalesReady) {
            reached_ready = true;
            ready_version = m_clock.Version(change.at);
        }
        if (change.to == Stage::Mql || change.to == Stage::SalesReady) engaged_at = change.at;
        if (change.to == Stage::Recycled && change.from == Stage::SalesReady)
            rejection = ParseEnum<RejectReason>(change.reason);
    }

    // Who: the company's facts, sometimes unknown.
    std::span<const CountryInfo> countries = Countries();
    if (!rng.Chance(0.05)) lead.industry = company.industry;
    if (rng.Chance(0.05)) lead.company_size.reset();
    const NameList& names = m_names[static_cast<std::size_t>(countries[country].names)];
    std::size_t first = rng.Index(names.first.size());
    std::size_t last = rng.Index(names.last.size());
    lead.name.append(names.first[first]).append(" ").append(names.last[last]);
    lead.email.append(names.first_email[first]).append(".").append(names.last_email[last]).append("+");
    AppendNumber(lead.email, lead.id);
    lead.email.append("@").append(company.domain);

    // A campaign aimed at some personas mostly reaches them.
    std::span<const std::string_view> leaders = DecisionMakerTitles();
    if (driver && !driver->titles.empty() && rng.Chance(0.6)) {
        lead.title = driver->titles[rng.Index(driver->titles.size())];
    } else {
        double decision_maker_title = reached_ready ? 0.6 : reached_mql ? 0.45 : 0.18;
        lead.title = rng.Chance(decision_maker_title) ? rng.Pick(leaders) : rng.Pick(OtherTitles());
    }
    bool dm_title = std::find(leaders.begin(), leaders.end(), lead.title) != leaders.end();

    // BANT facts, with the unknowns real data has.
    if (!rng.Chance(reached_ready ? 0.05 : 0.27)) {
        if (dm_title) lead.authority = rng.Chance(0.82) ? Authority::DecisionMaker : Authority::Influencer;
        else lead.authority = rng.Chance(0.42) ? Authority::Influencer : Authority::None;
    }
    double unknown_need = reached_mql ? 0.28 : 0.4;
    if (!rng.Chance(unknown_need)) {
        double yes = reached_mql ? 0.62 : 0.35;
        lead.need = rng.Chance(yes) ? Need::Yes : Need::No;
    }
    if (!rng.Chance(0.3)) {
        double size = static_cast<double>(lead.company_size.value_or(150));
        double budget = rng.LogNormal(2500 * std::pow(std::max(size, 5.0) / 50.0, 0.55), 0.8);
        lead.budget_usd = std::clamp<std::int64_t>(std::llround(budget / 500) * 500, 500, 1000000);
    }
    if (!rng.Chance(0.3)) {
        static constexpr std::int64_t kMonths[] = {1, 2, 3, 4, 6, 9, 12, 18, 24};
        static constexpr double kWeights[] = {6, 8, 12, 6, 14, 10, 12, 6, 5};
        lead.timeline_months = kMonths[rng.Weighted(kWeights)];
    }
    if (rng.Chance(reached_ready ? 0.9 : 0.68)) SetPhone(lead, rng);

    // A hand-over happened, so the checks of the version in force then held.
    if (reached_ready) {
        const SalesReadyBar& bar = BarOf(ready_version);
        lead.need = Need::Yes;
        if (lead.authority != Authority::DecisionMaker && lead.authority != Authority::Influencer)
            lead.authority = dm_title ? Authority::DecisionMaker : Authority::Influencer;
        if (!lead.budget_usd || *lead.budget_usd < bar.budget_usd)
            lead.budget_usd = bar.budget_usd + rng.Int(0, 60) * 500;
        if (!lead.timeline_months || *lead.timeline_months > bar.timeline_months)
            lead.timeline_months = std::min<std::int64_t>(bar.timeline_months, rng.Int(1, 6));
        if (bar.phone && lead.phone.empty()) SetPhone(lead, rng);
        // What sales rejected under v1 is what v2 tightened: budgets just above 5k, timelines of
        // a year. The facts say so, so the definition editor can show it.
        if (ready_version == 1 && rejection == RejectReason::NoBudget && rng.Chance(0.7))
            lead.budget_usd = rng.Int(10, 19) * 500;
        if (ready_version == 1 && rejection == RejectReason::NoTimeline && rng.Chance(0.7))
            lead.timeline_months = rng.Chance(0.5) ? 9 : 12;
    }

    // What they did: engaged leads did much more of everything.
    lead.page_views = rng.Count(reached_mql ? 11 : 2.5);
    lead.downloads = lead.source == Source::ContentDownload ? 1 + rng.Count(0.6) : rng.Count(reached_mql ? 1.0 : 0.25);
    if (lead.source == Source::Webinar) lead.webinars_attended = rng.Chance(0.7) ? 1 + rng.Count(0.3) : 0;
    else lead.webinars_attended = rng.Count(reached_mql ? 0.4 : 0.05);
    lead.email_clicks = rng.Count(reached_mql ? 4.5 : (driver ? 1.5 : 1.0));
    lead.demo_requested = rng.Chance(reached_ready ? 0.45 : reached_mql ? 0.12 : 0.015);
    Timestamp activity = (reached_mql ? engaged_at : lead.created_at) + Days(rng.Exponential(reached_mql ? 6 : 4));
    lead.last_activity_at = std::min(activity, m_clock.now);
}

LeadScore Generator::ScoreNow() { return m_compiled->Score(FactsOf(m_lead, m_pool), m_clock.now); }

// Before sales takes a lead, its stage follows the active definition (AutoStage): a new or
// recycled lead must not qualify now, an MQL must score without passing every check, a
// sales-ready lead must pass them all. Adjust the facts the least believable way round: what they
// did lately, and the one check an MQL misses.
LeadScore Generator::FitFactsToStage(DemoRandom& rng) {
    Lead& lead = m_lead;
    // Scored again after every change, so what is returned is the score of the final facts.
    LeadScore score = ScoreNow();
    switch (lead.stage) {
    case Stage::New:
    case Stage::Recycled: {
        // Quieter than the score says: drop the strongest signals first. Fit alone is capped
        // below the threshold, so the last step always lands below it.
        auto steps = std::to_array<void (*)(Lead&)>({
            [](Lead& l) { l.demo_requested = false; },
            [](Lead& l) { l.webinars_attended = 0; },
            [](Lead& l) { l.page_views = std::min<std::int64_t>(l.page_views, 4); },
            [](Lead& l) { l.downloads = 0; },
            [](Lead& l) { l.email_clicks = std::min<std::int64_t>(l.email_clicks, 2); },
        });
        for (auto step : steps) {
            if (score.level == Level::None) break;
            step(lead);
            score = ScoreNow();
        }
        break;
    }
    case Stage::Mql:
    case Stage::SalesReady: {
        if (lead.stage == Stage::SalesReady) {
            lead.need = Need::Yes;
            if (lead.authority != Authority::DecisionMaker && lead.authority != Authority::Influencer)
                lead.authority = Authority::Influencer;
            if (!lead.budget_usd || *lead.budget_usd < kBarV2.budget_usd) lead.budget_usd = kBarV2.budget_usd;
            if (!lead.timeline_months || *lead.timeline_months > kBarV2.timeline_months) lead.timeline_months = 3;
            if (lead.phone.empty()) SetPhone(lead, rng);
            score = ScoreNow();
        }
        if (score.level == Level::None) {
            // Still engaging: active lately, and doing what engaged leads do.
            Timestamp recent = m_clock.now - Days(rng.Uniform(0, 5));
            lead.last_activity_at = std::clamp(recent, std::max(lead.created_at, m_history.back().at), m_clock.now);
            score = ScoreNow();
            auto steps = std::to_array<void (*)(Lead&)>({
                [](Lead& l) { l.page_views = std::max<std::int64_t>(l.page_views, 6); },
                [](Lead& l) { l.email_clicks = std::max<std::int64_t>(l.email_clicks, 3); },
                [](Lead& l) { l.downloads = std::max<std::int64_t>(l.downloads, 1); },
                [](Lead& l) { l.webinars_attended = std::max<std::int64_t>(l.webinars_attended, 1); },
                [](Lead& l) { l.demo_requested = true; },
            });
            for (auto step : steps) {
                if (score.level != Level::None) break;
                step(lead);
                score = ScoreNow();
            }
        }
        if (lead.stage == Stage::Mql && score.level == Level::SalesReady) {
            // An MQL misses at least one check, usually one sales cares about.
            double u = rng.Uniform();
            if (u < 0.35) lead.timeline_months = rng.Chance(0.5) ? std::optional<std::int64_t>{} : 12;
            else if (u < 0.6) lead.need = Need::Unknown;
            else if (u < 0.85) lead.budget_usd = rng.Chance(0.5) ? std::optional<std::int64_t>{} : 4000;
            else lead.phone.clear();
            score = ScoreNow();
        }
        break;
    }
    default: break;   // sales owns the lead: its stage no longer follows the score
    }
    return score;
}

// Tallies for the targets, and leads the feedback may mention.
void Generator::Record() {
    auto tally = [&](Timestamp at) -> MonthTally& {
        int index = MonthKey(DateOf(at)) - m_first_month;
        return m_months[static_cast<std::size_t>(std::clamp(index, 0, static_cast<int>(m_months.size()) - 1))];
    };
    tally(m_lead.created_at).leads++;
    bool mql = false, sql = false;
    for (const StageChange& change : m_history) {
        if (change.to == Stage::Mql && !mql) {
            mql = true;
            tally(change.at).mqls++;
        }
        if (change.to == Stage::Sql && !sql) {
            sql = true;
            tally(change.at).sqls++;
            m_sql_notes.Offer(m_reservoir_rng, {m_lead.id, m_lead.campaign_id, m_lead.owner_id.value_or(kRitaId),
                                                change.at, m_lead.company});
        }
        if (change.to == Stage::Won) {
            tally(change.at).revenue += m_lead.deal_value.value_or(0);
            m_won_notes.Offer(m_reservoir_rng, {m_lead.id, m_lead.campaign_id, m_lead.owner_id.value_or(kRitaId),
                                                change.at, m_lead.company});
        }
    }
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Feedback
//-------------------------------------------------------------------------------------------------

std::vector<std::string> Tags(std::string_view tags) {
    std::vector<std::string> out;
    if (!tags.empty()) out = SplitList(tags);
    return out;
}

void Generator::EmitFeedback() {
    DemoRandom rng(MixSeed(m_options.seed, kStreamFeedback));
    const Timestamp now = m_clock.now;
    std::vector<Feedback> others;

    // A moment in working hours, uniformly over the year, before now.
    auto any_time = [&]() {
        Date day = m_clock.first_day + static_cast<Date>(rng.Int(0, m_clock.days - 1));
        Timestamp at = At(day, static_cast<int>(rng.Int(8, 17)), static_cast<int>(rng.Int(0, 59)));
        return std::clamp(at, m_clock.first_lead, now - kMinute);
    };
    auto after = [&](Timestamp at, double max_days) {
        Timestamp later = at + static_cast<Timestamp>(rng.Uniform(kHour, max_days * static_cast<double>(kDay)));
        return later < now ? later : at + (now - at) / 2;
    };
    auto remark = [&](FeedbackKind kind, std::int64_t author, Timestamp at, const Remark& text) {
        Feedback feedback;
        feedback.kind = kind;
        feedback.author_id = author;
        feedback.at = at;
        feedback.updated_at = at;
        feedback.text = text.text;
        feedback.tags = Tags(text.tags);
        return feedback;
    };
    static constexpr std::int64_t kSales[] = {kRitaId, kRajId, kSamId};
    static constexpr std::int64_t kEveryone[] = {kRitaId, kRajId, kSamId, kMarkId, kMayaId};
    auto seller = [&]() { return rng.Pick(std::span<const std::int64_t>(kSales)); };

    std::vector<LeadNote>& sql_notes = m_sql_notes.Items();
    std::vector<LeadNote>& won_notes = m_won_notes.Items();
    // The sampled leads arrive in id order; the feedback should not.
    auto take = [&](std::vector<LeadNote>& notes) -> std::optional<LeadNote> {
        if (notes.empty()) return std::nullopt;
        std::size_t i = rng.Index(notes.size());
        LeadNote note = std::move(notes[i]);
        notes[i] = std::move(notes.back());
        notes.pop_back();
        return note;
    };

    for (int i = 0; i < 85; ++i) {
        const Remark& text = rng.Pick(Objections());
        std::optional<LeadNote> lead = rng.Chance(0.65) ? take(sql_notes) : std::nullopt;
        if (lead) {
            std::int64_t author = rng.Chance(0.85) ? lead->owner : kSamId;
            Feedback feedback = remark(FeedbackKind::Objection, author, after(lead->at, 20), text);
            feedback.lead_id = lead->lead_id;
            feedback.campaign_id = lead->campaign_id;
            others.push_back(std::move(feedback));
        } else {
            others.push_back(remark(FeedbackKind::Objection, seller(), any_time(), text));
        }
    }
    for (int i = 0; i < 55; ++i) {
        const Remark& text = rng.Pick(Questions());
        std::optional<LeadNote> lead = rng.Chance(0.4) ? take(sql_notes) : std::nullopt;
        Feedback feedback = remark(FeedbackKind::Question, lead ? lead->owner : seller(),
                                   lead ? after(lead->at, 10) : any_time(), text);
        if (lead) {
            feedback.lead_id = lead->lead_id;
            feedback.campaign_id = lead->campaign_id;
        }
        others.push_back(std::move(feedback));
    }
    for (int i = 0; i < 65; ++i) {
        Feedback feedback = remark(FeedbackKind::ContentRequest, seller(), any_time(), rng.Pick(ContentRequests()));
        // Marketing works through requests: old ones are mostly done, new ones mostly open.
        double age_days = static_cast<double>(now - feedback.at) / kDay;
        double u = rng.Uniform();
        ContentStatus status = ContentStatus::Open;
        if (age_days > 60) status = u < 0.85 ? ContentStatus::Done : u < 0.95 ? ContentStatus::InProgress : ContentStatus::Open;
        else if (age_days > 14) status = u < 0.4 ? ContentStatus::Done : u < 0.8 ? ContentStatus::InProgress : ContentStatus::Open;
        else status = u < 0.1 ? ContentStatus::Done : u < 0.4 ? ContentStatus::InProgress : ContentStatus::Open;
        feedback.status = status;
        if (status != ContentStatus::Open) {
            double work_days = status == ContentStatus::Done ? rng.Uniform(3, 20) : rng.Uniform(1, 5);
            feedback.updated_at = std::min(now - kMinute, feedback.at + Days(work_days));
            feedback.updated_at = std::max(feedback.updated_at, feedback.at);
            feedback.revision = status == ContentStatus::Done ? 3 : 2;
        }
        others.push_back(std::move(feedback));
    }
    std::span<const std::string_view> stories = WinStories();
    for (int i = 0; i < 40; ++i) {
        std::optional<LeadNote> lead = take(won_notes);
        if (!lead) break;
        std::string text(rng.Pick(stories));
        text.replace(text.find("{company}"), 9, lead->company);
        Feedback feedback;
        feedback.kind = FeedbackKind::WinStory;
        feedback.author_id = lead->owner;
        feedback.at = after(lead->at, 3);
        feedback.updated_at = feedback.at;
        feedback.lead_id = lead->lead_id;
        feedback.campaign_id = lead->campaign_id;
        feedback.text = std::move(text);
        feedback.tags = {"win"};
        others.push_back(std::move(feedback));
    }
    while (others.size() < 300) {
        Feedback feedback = remark(FeedbackKind::General, rng.Pick(std::span<const std::int64_t>(kEveryone)),
                                   any_time(), rng.Pick(GeneralRemarks()));
        if (rng.Chance(0.3)) {
            std::array<std::int64_t, kCampaignCount> running{};
            std::size_t count = 0;
            for (const CampaignState& state : m_campaigns)
                if (state.Runs(DateOf(feedback.at))) running[count++] = state.campaign.id;
            if (count > 0) feedback.campaign_id = running[rng.Index(count)];
        }
        others.push_back(std::move(feedback));
    }

    // One list in time order, as the team logged it: ids follow.
    struct Entry {
        Timestamp at;
        bool rejection;
        std::size_t index;
    };
    std::vector<Entry> order;
    order.reserve(m_rejections.size() + others.size());
    for (std::size_t i = 0; i < m_rejections.size(); ++i) order.push_back({m_rejections[i].at, true, i});
    for (std::size_t i = 0; i < others.size(); ++i) order.push_back({others[i].at, false, i});
    std::stable_sort(order.begin(), order.end(), [](const Entry& a, const Entry& b) { return a.at < b.at; });

    std::int64_t id = 0;
    for (const Entry& entry : order) {
        if (entry.rejection) {
            const Rejection& r = m_rejections[entry.index];
            Feedback feedback;
            feedback.id = ++id;
            feedback.kind = FeedbackKind::Rejection;
            feedback.author_id = r.author;
            feedback.at = r.at;
            feedback.updated_at = r.at;
            feedback.lead_id = r.lead_id;
            feedback.campaign_id = r.campaign_id;
            feedback.reason = r.reason;
            feedback.text = RejectionTexts(r.reason)[r.text];
            feedback.tags = {std::string(ToString(r.reason))};
            m_sink.OnFeedback(feedback);
        } else {
            Feedback& feedback = others[entry.index];
            feedback.id = ++id;
            m_sink.OnFeedback(feedback);
        }
    }
}

//-------------------------------------------------------------------------------------------------
// [SECTION] Targets
//-------------------------------------------------------------------------------------------------

// Targets people set are round numbers.
std::int64_t RoundTarget(double value, std::int64_t step) {
    return std::max<std::int64_t>(1, std::llround(value / static_cast<double>(step)) * step);
}

std::int64_t StepFor(double value) {
    if (value >= 200000) return 5000;
    if (value >= 20000) return 1000;
    if (value >= 1000) return 50;
    if (value >= 200) return 10;
    return 1;
}

void Generator::EmitTargets() {
    const int current = MonthKey(m_clock.today);
    const int first = current - 12;
    constexpr int kMonths = 15;   // the 12 months before this one, this one, the next two
    // The share of a month inside [from, to).
    auto share = [&](int key, Timestamp from, Timestamp to) {
        Timestamp start = StartOf(MonthStart(key)), end = StartOf(MonthStart(key + 1));
        Timestamp inside = std::min(end, to) - std::max(start, from);
        return std::clamp(static_cast<double>(inside) / static_cast<double>(end - start), 0.0, 1.0);
    };

    // A plan is a steady growth line, a little above what the team then achieved: fit a line
    // through the monthly results (leads, mqls, sqls, revenue) and aim 3% above it. The first
    // months are left out of the fit: with no pipeline from before the demo, their SQLs and
    // revenue start near zero, and they come out red as a slow start would.
    std::array<double, 4> sum_y{}, sum_xy{};
    double n = 0, sum_x = 0, sum_xx = 0;
    for (int m = 4; m <= 12; ++m) {
        int key = first + m;
        int index = key - m_first_month;
        if (index < 0 || index >= static_cast<int>(m_months.size())) continue;
        // This month counts pro-rated, as the scorecard does; too early and it says nothing yet.
        double elapsed = key == current ? share(key, StartOf(MonthStart(key)), m_clock.now) : 1.0;
        if (elapsed < 0.3) continue;
        const MonthTally& tally = m_months[static_cast<std::size_t>(index)];
        std::array<double, 4> actual = {static_cast<double>(tally.leads), static_cast<double>(tally.mqls),
                                        static_cast<double>(tally.sqls), static_cast<double>(tally.revenue)};
        n += 1;
        sum_x += m;
        sum_xx += static_cast<double>(m) * m;
        for (std::size_t i = 0; i < 4; ++i) {
            sum_y[i] += actual[i] / elapsed;
            sum_xy[i] += m * actual[i] / elapsed;
        }
    }
    std::array<double, 4> slope{}, intercept{};
    double denominator = n * sum_xx - sum_x * sum_x;
    for (std::size_t i = 0; i < 4; ++i) {
        slope[i] = denominator > 0 ? (n * sum_xy[i] - sum_x * sum_y[i]) / denominator : 0.0;
        intercept[i] = n > 0 ? (sum_y[i] - slope[i] * sum_x) / n : 0.0;
    }

    for (int m = 0; m < kMonths; ++m) {
        // The month the demo starts in has only its last days of data.
        double covered = m == 0 ? share(first, m_clock.first_lead, m_clock.now) : 1.0;
        std::array<double, 4> wanted{};
        for (std::size_t i = 0; i < 4; ++i) wanted[i] = (intercept[i] + slope[i] * m) * 1.03 * covered;
        MonthlyTarget target;
        target.month = MonthName(first + m);
        target.leads = RoundTarget(wanted[0], StepFor(wanted[0]));
        target.mqls = RoundTarget(wanted[1], StepFor(wanted[1]));
        target.sqls = RoundTarget(wanted[2], StepFor(wanted[2]));
        target.revenue = RoundTarget(wanted[3], StepFor(wanted[3]));
        target.acceptance_rate = 0.65;
        m_sink.OnTarget(target);
    }
}

}  // namespace

//-------------------------------------------------------------------------------------------------
// [SECTION] GenerateDemo
//-------------------------------------------------------------------------------------------------

void GenerateDemo(const DemoOptions& options, DemoSink& sink) {
    Generator generator(options, sink);
    generator.Run();
}

}  // namespace tandem::demo
