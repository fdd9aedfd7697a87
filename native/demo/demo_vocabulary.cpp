// The demo company's vocabulary: names, places, companies, titles and the texts of feedback.
#include "demo/demo_vocabulary.h"

#include <cstdint>

namespace tandem::demo {

namespace {

constexpr CountryInfo kCountries[] = {
    {"US", NameGroup::Anglo, "+1", ".com", 30}, {"GB", NameGroup::Anglo, "+44", ".co.uk", 10},
    {"DE", NameGroup::German, "+49", ".de", 9}, {"BR", NameGroup::Latin, "+55", ".com.br", 8},
    {"IN", NameGroup::Indian, "+91", ".in", 8}, {"FR", NameGroup::French, "+33", ".fr", 6},
    {"CA", NameGroup::Anglo, "+1", ".ca", 5},   {"NL", NameGroup::Nordic, "+31", ".nl", 4},
    {"ES", NameGroup::Latin, "+34", ".es", 3},  {"MX", NameGroup::Latin, "+52", ".mx", 3},
    {"AU", NameGroup::Anglo, "+61", ".com.au", 3}, {"SE", NameGroup::Nordic, "+46", ".se", 2},
    {"JP", NameGroup::EastAsian, "+81", ".jp", 2}, {"SG", NameGroup::EastAsian, "+65", ".sg", 2},
    {"NG", NameGroup::African, "+234", ".ng", 2}, {"ZA", NameGroup::African, "+27", ".co.za", 2},
    {"KE", NameGroup::African, "+254", ".co.ke", 1},
};

constexpr std::string_view kFirstAnglo[] = {
    "James", "Emily", "Michael", "Sarah", "David", "Jessica", "Chris", "Ashley", "Daniel", "Olivia",
    "Ryan", "Megan", "Kevin", "Laura", "Brian", "Rachel", "Tyler", "Hannah", "Jordan", "Taylor",
    "Marcus", "Aisha", "Andre", "Keisha", "Tom", "Charlotte", "Oliver", "Amelia", "Harry", "Sophie",
    "Liam", "Grace", "Nathan", "Chloe", "Omar", "Zoe"};
constexpr std::string_view kLastAnglo[] = {
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
    "Thomas", "Moore", "Jackson", "White", "Harris", "Clark", "Lewis", "Walker", "Hall", "Young",
    "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Carter", "Mitchell", "Roberts",
    "Evans", "Hughes", "O'Brien", "Murphy", "Kelly", "Washington"};
constexpr std::string_view kFirstLatin[] = {
    "João", "Maria", "Ana", "Lucas", "Gabriel", "Beatriz", "Rafael", "Juliana", "Pedro", "Camila",
    "Mateus", "Larissa", "Felipe", "Fernanda", "Thiago", "Mariana", "Carlos", "Lúcia", "Diego", "Sofía",
    "Alejandro", "Valentina", "Javier", "Carmen", "José", "Isabela"};
constexpr std::string_view kLastLatin[] = {
    "Silva", "Santos", "Oliveira", "Souza", "Lima", "Pereira", "Costa", "Ferreira", "Almeida", "Carvalho",
    "Gomes", "Ribeiro", "Rodrigues", "Martins", "Rocha", "García", "Hernández", "López", "Martínez", "Sánchez",
    "Ramírez", "Torres", "Fernández", "Moreno", "Gonçalves", "Araújo"};
constexpr std::string_view kFirstGerman[] = {
    "Lukas", "Anna", "Felix", "Lea", "Jonas", "Laura", "Maximilian", "Julia", "Paul", "Sophie",
    "Leon", "Marie", "Tobias", "Katharina", "Jan", "Lena", "Stefan", "Sabine", "Jürgen", "Anja"};
constexpr std::string_view kLastGerman[] = {
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
    "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Braun", "Zimmermann", "Krüger", "Hartmann"};
constexpr std::string_view kFirstFrench[] = {
    "Camille", "Louis", "Chloé", "Hugo", "Manon", "Jules", "Léa", "Antoine", "Inès", "Mathieu",
    "Élodie", "Nicolas", "Julien", "Céline", "Thomas", "Pauline", "François", "Hélène"};
constexpr std::string_view kLastFrench[] = {
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
    "Simon", "Laurent", "Lefèvre", "Michel", "Garnier", "Faure", "Rousseau", "Fontaine"};
constexpr std::string_view kFirstIndian[] = {
    "Aarav", "Priya", "Rohan", "Ananya", "Vikram", "Kavya", "Arjun", "Sneha", "Rahul", "Pooja",
    "Karthik", "Divya", "Sanjay", "Meera", "Aditya", "Neha", "Ravi", "Lakshmi"};
constexpr std::string_view kLastIndian[] = {
    "Sharma", "Patel", "Gupta", "Singh", "Kumar", "Reddy", "Iyer", "Nair", "Mehta", "Joshi",
    "Rao", "Desai", "Chatterjee", "Menon", "Kapoor", "Bhat", "Agarwal", "Pillai"};
constexpr std::string_view kFirstEastAsian[] = {
    "Wei", "Mei", "Hiroshi", "Yuki", "Jun", "Min-jun", "Ji-woo", "Haruto", "Sakura", "Li",
    "Kenji", "Aiko", "Hao", "Xin", "Grace", "Ethan", "Daniel", "Hana"};
constexpr std::string_view kLastEastAsian[] = {
    "Zhang", "Wang", "Li", "Chen", "Liu", "Tanaka", "Suzuki", "Sato", "Takahashi", "Kim",
    "Park", "Lee", "Tan", "Lim", "Ng", "Wong", "Nakamura", "Huang"};
constexpr std::string_view kFirstNordic[] = {
    "Lars", "Ingrid", "Sven", "Astrid", "Erik", "Freja", "Daan", "Sanne", "Lotte", "Bram",
    "Emma", "Noah", "Anders", "Linnea", "Johan", "Elin", "Sören", "Maartje"};
constexpr std::string_view kLastNordic[] = {
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "de Vries", "Jansen", "van Dijk",
    "Bakker", "Visser", "Smit", "Mulder", "de Boer", "Lindqvist", "Berg", "Åberg", "Holm"};
constexpr std::string_view kFirstAfrican[] = {
    "Chinedu", "Amara", "Oluwaseun", "Ngozi", "Thabo", "Lerato", "Kwame", "Ama", "Tendai", "Zanele",
    "Emeka", "Funmilayo", "Sipho", "Nomsa", "Kofi", "Wanjiru"};
constexpr std::string_view kLastAfrican[] = {
    "Okafor", "Adeyemi", "Nwosu", "Mensah", "Dlamini", "Nkosi", "Mokoena", "Okeke", "Balogun", "Mwangi",
    "Otieno", "Boateng", "Ndlovu", "Eze", "Abubakar", "Kamau"};

constexpr std::string_view kSoftware[] = {"Software", "Labs", "Systems", "Cloud", "Analytics", "Technologies", "Data"};
constexpr std::string_view kFintech[] = {"Pay", "Capital", "Financial", "Ledger", "Bank", "Wealth", "Credit"};
constexpr std::string_view kHealthcare[] = {"Health", "Medical", "Care", "Clinics", "Biotech", "Diagnostics"};
constexpr std::string_view kManufacturing[] = {"Manufacturing", "Industries", "Components", "Machining", "Plastics",
                                               "Steel"};
constexpr std::string_view kRetail[] = {"Retail", "Stores", "Outfitters", "Market", "Goods", "Brands"};
constexpr std::string_view kLogistics[] = {"Logistics", "Freight", "Shipping", "Transport", "Supply"};
constexpr std::string_view kEducation[] = {"Learning", "Academy", "Education", "Schools"};
constexpr std::string_view kGovernment[] = {"Public Services", "Agency", "Authority"};
constexpr std::string_view kMedia[] = {"Media", "Studios", "Publishing", "Broadcasting"};
constexpr std::string_view kNonprofit[] = {"Foundation", "Trust", "Alliance"};
constexpr std::string_view kRealEstate[] = {"Properties", "Realty", "Estates"};
constexpr std::string_view kHospitality[] = {"Hotels", "Resorts", "Hospitality"};

constexpr IndustryInfo kIndustries[] = {
    {"software", 20, kSoftware},       {"fintech", 10, kFintech},       {"healthcare", 12, kHealthcare},
    {"manufacturing", 12, kManufacturing}, {"retail", 10, kRetail},     {"logistics", 7, kLogistics},
    {"education", 7, kEducation},      {"government", 4, kGovernment}, {"media", 6, kMedia},
    {"nonprofit", 4, kNonprofit},      {"real estate", 4, kRealEstate}, {"hospitality", 4, kHospitality},
};

constexpr std::string_view kCompanyWords[] = {
    "Northwind", "Bluefin", "Granite", "Lumen", "Vertex", "Cobalt", "Harbor", "Summit", "Redwood", "Atlas",
    "Nimbus", "Keystone", "Brightline", "Clearwater", "Evergreen", "Ironclad", "Juniper", "Kestrel", "Lighthouse",
    "Meridian", "Novaterra", "Oakridge", "Pinecrest", "Quantum", "Riverstone", "Silverline", "Tidewater", "Upland",
    "Vantage", "Westbrook", "Zenith", "Alder", "Beacon", "Cascade", "Driftwood", "Ember", "Falcon", "Gemstone",
    "Highpoint", "Insight", "Jetstream", "Kinetic", "Lakeside", "Mosaic", "Northstar", "Orbit", "Paragon", "Quarry",
    "Rapids", "Sequoia", "Trident", "Unity", "Velocity", "Willow", "Apex", "Blueprint", "Crescent", "Delta",
    "Equinox", "Frontier", "Horizon", "Ivory", "Lattice", "Monarch", "Nexus", "Pioneer", "Radiant", "Sterling",
    "Titan", "Copperleaf", "Greenfield", "Starling"};

constexpr std::string_view kDecisionMakerTitles[] = {
    "CEO", "CFO", "CTO", "COO", "CMO", "CIO", "VP Sales", "VP Marketing", "VP Engineering", "VP Operations",
    "Head of Sales", "Head of Marketing", "Head of Operations", "Head of IT", "Director of IT", "Founder"};
constexpr std::string_view kOtherTitles[] = {
    "Marketing Manager", "Sales Manager", "Sales Operations Analyst", "Software Engineer", "Product Manager",
    "Account Executive", "IT Manager", "Procurement Specialist", "Business Analyst", "Data Analyst",
    "Operations Manager", "Marketing Coordinator", "Consultant", "Office Manager", "Student",
    "Engineering Manager", "Finance Manager", "Growth Marketer", "RevOps Manager", "Customer Success Manager"};

constexpr std::string_view kNoBudget[] = {
    "No budget until next fiscal year; asked us to check back in the spring.",
    "Budget is about 3k, nowhere near our entry plan.",
    "Loved the demo, but procurement froze all new software spend.",
    "Budget sits with the parent company; this team cannot buy on its own.",
    "They expected a free tool; there is no budget line at all."};
constexpr std::string_view kNoAuthority[] = {
    "Intern researching tools for a report; no say in the purchase.",
    "Influencer at best: the CFO signs and is not involved yet.",
    "Contact left the company; the new team lead has not engaged.",
    "Needs sign-off from a head office we cannot reach.",
    "Coordinator collecting quotes; IT in another region decides."};
constexpr std::string_view kNoNeed[] = {
    "Already renewed with a competitor for three years.",
    "Downloaded the report for a university course.",
    "They built an in-house tool last year and are happy with it.",
    "Only wanted the template, not a platform.",
    "Team of two; a spreadsheet is enough for them."};
constexpr std::string_view kNoTimeline[] = {
    "Interested, but not before next year's planning cycle.",
    "Project on hold until their reorg settles.",
    "Evaluating in 9-12 months; please nurture until then.",
    "Asked us to call back after their ERP migration.",
    "Timeline depends on a funding round that has not closed."};
constexpr std::string_view kBadFit[] = {
    "Five-person agency, far below our minimum size.",
    "Consumer business; we only sell B2B.",
    "Public tender process we do not bid on.",
    "Region we do not sell in yet.",
    "Industry we do not serve."};
constexpr std::string_view kDuplicate[] = {
    "Duplicate of a lead the enterprise team already owns.",
    "Same person as an open opportunity, signed up with a personal email.",
    "Already a customer; routed to account management."};
constexpr std::string_view kUnreachable[] = {
    "Three calls and two emails, no answer.",
    "Phone number invalid and the email bounced.",
    "Voicemail full; LinkedIn message unanswered after a week.",
    "Wrong number; the switchboard has no record of them."};
constexpr std::string_view kOtherReject[] = {
    "Competitor doing research.",
    "Journalist asking for a quote, not a buyer.",
    "Looking for a job, not a product.",
    "Agency reselling to their own clients; sent to partnerships."};

constexpr std::string_view kDisqualifyReasons[] = {"competitor", "spam", "student", "job seeker",
                                                   "personal email, no company"};
constexpr std::string_view kLostReasons[] = {"chose a competitor", "no decision", "budget frozen",
                                             "went with in-house build", "champion left", "priced out"};
constexpr std::string_view kAcceptNotes[] = {
    "Discovery call booked.", "Good fit; intro call on Thursday.", "Strong pain around forecasting.",
    "Wants pricing for 25 seats.", "Evaluating against a competitor, decision this quarter.",
    "Referred by an existing customer.", ""};

constexpr Remark kObjections[] = {
    {"Pricing is above budget until Q3; they would sign at 20% less.", "pricing"},
    {"Security review wants our SOC 2 Type II report before the trial.", "security|compliance"},
    {"They think our forecasting overlaps with the CRM they already pay for.", "competitor|positioning"},
    {"Per-seat pricing hurts for big SDR teams; they asked for a team plan.", "pricing"},
    {"Legal needs data residency in the EU before signing.", "compliance|eu"},
    {"Worried about the migration effort away from spreadsheets.", "onboarding"},
    {"Competitor offered them a free first year.", "competitor|pricing"},
    {"No native integration with Dynamics, which they run everywhere.", "integration"},
    {"IT requires SSO with Okta on the base tier.", "security|sso"},
    {"Six weeks of implementation is too long for them.", "onboarding"},
    {"Annual contract only; they want to pay monthly.", "contract|pricing"},
    {"Had a bad experience with a similar tool; want references in their industry.", "references"},
    {"Finance wants a 90-day out clause in the first contract.", "contract"},
    {"They doubt the forecasts without two years of history in the system.", "product|forecasting"}};
constexpr Remark kQuestions[] = {
    {"Do we support HubSpot custom objects in the sync?", "integration|hubspot"},
    {"Can the scorecard be shared with a board as a PDF?", "reporting"},
    {"Is there a German-language version of the UI?", "localisation"},
    {"What is the API rate limit for bulk imports?", "api"},
    {"Can rejected leads be routed to a partner instead of marketing?", "workflow"},
    {"Do we have a case study for hospital groups?", "content|healthcare"},
    {"Does the price include a sandbox environment?", "pricing"},
    {"How long do we keep data after a contract ends?", "compliance"},
    {"Can two lead definitions run side by side per region?", "definition"},
    {"Is there a Salesforce AppExchange listing yet?", "integration|salesforce"},
    {"Can prospects try the forecasting module on their own data?", "trial|forecasting"}};
constexpr Remark kContentRequests[] = {
    {"One-pager comparing us with spreadsheets for RevOps leads.", "battlecard"},
    {"Case study from a fintech customer, ideally in the UK.", "case-study|fintech"},
    {"ROI calculator as a spreadsheet; prospects cannot open the web one behind their firewall.", "roi"},
    {"Security whitepaper covering SOC 2 and GDPR.", "security|compliance"},
    {"Portuguese version of the product deck for Brazil.", "localisation|brazil"},
    {"Battlecard against the two big CRM suites.", "battlecard|competitor"},
    {"Short demo video of the rep inbox, under two minutes.", "video"},
    {"Compliance FAQ for hospital procurement teams.", "healthcare|compliance"},
    {"Pricing explainer procurement teams can forward internally.", "pricing"},
    {"Manufacturing customer reference we can put on calls.", "references|manufacturing"},
    {"Email template for re-engaging recycled leads.", "nurture"},
    {"Slide with a sample implementation plan and timeline.", "onboarding"}};
constexpr Remark kGeneral[] = {
    {"Great quality from the fintech webinar this month; keep them coming.", "kudos|webinar"},
    {"Paid social leads this week are mostly students; can we tighten the targeting?", "paid|quality"},
    {"Please send campaign briefs two weeks before launch so we can prepare.", "calendar|process"},
    {"Response times slipped during the sales offsite; back on track now.", "sla"},
    {"Used the new case study on three calls already. Thank you!", "kudos|content"},
    {"Can we get a heads-up before the next email blast? Phones lit up with no context.", "calendar|email"},
    {"Booth leads need better notes; half had no context on what they asked.", "event|quality"},
    {"Referral leads close faster than anything else; worth a bigger reward?", "referral"},
    {"Nurture stream for recycled no-timeline leads is live.", "nurture"},
    {"Webinar leads need more time; do not judge them after a week.", "webinar|process"}};
constexpr std::string_view kWinStories[] = {
    "{company} signed: the webinar recording did half the selling before the first call.",
    "Won {company} against the incumbent; the ROI calculator sealed it with their CFO.",
    "{company} closed in under 30 days after a referral from an existing customer, no discount.",
    "{company} went for the annual plan once the security whitepaper cleared IT.",
    "{company} is live: a two-week pilot on their own pipeline convinced the VP Sales.",
    "Closed {company}; the sales notes from marketing's campaign brief made discovery easy."};

}  // namespace

std::span<const CountryInfo> Countries() { return kCountries; }

std::span<const std::string_view> FirstNames(NameGroup group) {
    switch (group) {
    case NameGroup::Anglo: return kFirstAnglo;
    case NameGroup::Latin: return kFirstLatin;
    case NameGroup::German: return kFirstGerman;
    case NameGroup::French: return kFirstFrench;
    case NameGroup::Indian: return kFirstIndian;
    case NameGroup::EastAsian: return kFirstEastAsian;
    case NameGroup::Nordic: return kFirstNordic;
    case NameGroup::African: return kFirstAfrican;
    }
    return kFirstAnglo;
}

std::span<const std::string_view> LastNames(NameGroup group) {
    switch (group) {
    case NameGroup::Anglo: return kLastAnglo;
    case NameGroup::Latin: return kLastLatin;
    case NameGroup::German: return kLastGerman;
    case NameGroup::French: return kLastFrench;
    case NameGroup::Indian: return kLastIndian;
    case NameGroup::EastAsian: return kLastEastAsian;
    case NameGroup::Nordic: return kLastNordic;
    case NameGroup::African: return kLastAfrican;
    }
    return kLastAnglo;
}

std::span<const IndustryInfo> Industries() { return kIndustries; }
std::span<const std::string_view> CompanyWords() { return kCompanyWords; }
std::span<const std::string_view> DecisionMakerTitles() { return kDecisionMakerTitles; }
std::span<const std::string_view> OtherTitles() { return kOtherTitles; }

std::string EmailPart(std::string_view name) {
    // The accented letters our name lists use, as UTF-8 code points (all two bytes, 0xC3 xx).
    struct Fold {
        unsigned char second;
        char ascii;
    };
    static constexpr Fold kFolds[] = {
        {0xA0, 'a'}, {0xA1, 'a'}, {0xA2, 'a'}, {0xA3, 'a'}, {0xA4, 'a'}, {0xA5, 'a'}, {0xA7, 'c'}, {0xA8, 'e'},
        {0xA9, 'e'}, {0xAA, 'e'}, {0xAB, 'e'}, {0xAD, 'i'}, {0xB3, 'o'}, {0xB4, 'o'}, {0xB5, 'o'}, {0xB6, 'o'},
        {0xBA, 'u'}, {0xBC, 'u'}, {0xB1, 'n'}, {0x89, 'e'}, {0x85, 'a'}, {0x9F, 's'},
    };
    std::string out;
    out.reserve(name.size());
    for (std::size_t i = 0; i < name.size(); ++i) {
        auto c = static_cast<unsigned char>(name[i]);
        if (c == 0xC3 && i + 1 < name.size()) {
            auto next = static_cast<unsigned char>(name[++i]);
            for (const Fold& fold : kFolds)
                if (fold.second == next) out += fold.ascii;
            continue;
        }
        if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += static_cast<char>(c);
        // Spaces, apostrophes and hyphens are dropped: "O'Brien" -> "obrien".
    }
    return out;
}

std::span<const std::string_view> RejectionTexts(RejectReason reason) {
    switch (reason) {
    case RejectReason::NoBudget: return kNoBudget;
    case RejectReason::NoAuthority: return kNoAuthority;
    case RejectReason::NoNeed: return kNoNeed;
    case RejectReason::NoTimeline: return kNoTimeline;
    case RejectReason::BadFit: return kBadFit;
    case RejectReason::Duplicate: return kDuplicate;
    case RejectReason::Unreachable: return kUnreachable;
    case RejectReason::Other: return kOtherReject;
    }
    return kOtherReject;
}

std::span<const std::string_view> DisqualifyReasons() { return kDisqualifyReasons; }
std::span<const std::string_view> LostReasons() { return kLostReasons; }
std::span<const std::string_view> AcceptNotes() { return kAcceptNotes; }
std::span<const Remark> Objections() { return kObjections; }
std::span<const Remark> Questions() { return kQuestions; }
std::span<const Remark> ContentRequests() { return kContentRequests; }
std::span<const Remark> GeneralRemarks() { return kGeneral; }
std::span<const std::string_view> WinStories() { return kWinStories; }

}  // namespace tandem::demo
