// The demo's campaign plan: thirty campaigns of the year around "today", as data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string_view>

#include "demo/demo_story.h"
#include "tandem/enums.h"

namespace tandem::demo {

// One campaign of the plan, relative to today. Lists are '|'-separated; empty means "all".
struct CampaignPlan {
    std::string_view name;         // {Q}, {season} and {year} come from the start date
    CampaignType type;
    int start;                     // days from today
    int days;
    std::int64_t owner;
    std::string_view industries;
    std::string_view titles;
    std::string_view regions;
    std::int64_t size_min;         // 0: open
    std::int64_t size_max;
    std::string_view offer;
    double volume;                 // leads it brings at 20,000 leads a year
    double pull;                   // how it did against its goal
    bool cancelled;
    std::string_view description;
    std::string_view sales_notes;
};

inline constexpr CampaignPlan kCampaignPlans[] = {
    {"{Q} FinTech Webinar: Real-time Risk", CampaignType::Webinar, -350, 24, kMarkId, "fintech",
     "CFO|Head of Risk|COO", "US|GB", 0, 0, "Live webinar and a risk-scoring checklist", 420, 1.05, false,
     "Forty-five minutes with two bank risk officers on scoring transactions in real time, with a live demo.",
     "Attendees who stayed for the demo are warm; ask which core banking system they run."},
    {"Always-on Search: Pipeline Analytics", CampaignType::Paid, -340, 90, kMarkId, "", "", "US|CA|GB", 0, 0,
     "Free 14-day trial", 900, 0.95, false, "Evergreen search ads on pipeline analytics and forecasting keywords.",
     "Trial sign-ups often evaluate alone; offer a guided setup call within 48 hours."},
    {"Manufacturing Ops Nurture", CampaignType::Email, -328, 45, kMayaId, "manufacturing|logistics",
     "COO|Head of Operations|VP Operations", "", 200, 5000, "Capacity planning guide for plant managers", 260, 0.9,
     false, "Six-email sequence to operations leaders in our database about capacity planning.",
     "Replies mention ERP constraints; bring the SAP integration sheet."},
    {"SaaS Connect {year} Booth", CampaignType::Event, -305, 10, kMayaId, "software", "", "US", 0, 0,
     "Booth demo and coffee", 350, 1.1, false, "Booth 214 at SaaS Connect in San Francisco, live demos every hour.",
     "Badge scans include vendors and students; qualify before booking demos."},
    {"State of RevOps Report {year}", CampaignType::Content, -296, 60, kMarkId, "",
     "VP Sales|Head of Sales|RevOps Manager", "", 0, 0, "Gated research report", 600, 1.0, false,
     "Survey of 600 revenue leaders on funnel hand-offs, gated behind a short form.",
     "Readers care about hand-off SLAs; page 12 has the benchmark they will ask about."},
    {"{season} Product Launch: Tandem Forecasts", CampaignType::ProductLaunch, -272, 30, kMayaId, "", "", "", 0, 0,
     "Launch webinar and a 30-day trial", 520, 1.15, false,
     "Launch of Forecasts: landing page, press, an email to the whole database and a launch webinar.",
     "Expect inbound demo requests; send forecast accuracy questions to solutions engineering."},
    {"LinkedIn Thought Leadership: Healthcare IT", CampaignType::Social, -262, 45, kMarkId, "healthcare",
     "CIO|Head of IT|Director of IT", "US|GB|DE", 0, 0, "Interoperability playbook", 380, 0.85, false,
     "Sponsored posts and a carousel series from our healthcare customers' IT leaders.",
     "Most respondents are early in research; lead with the playbook, not a demo."},
    {"Customer Referral Rewards", CampaignType::Other, -250, 120, kMayaId, "", "", "", 0, 0,
     "A 200 USD gift card for every referred demo", 220, 1.0, false,
     "Customers get a gift card for every company they refer that takes a demo.",
     "Referred leads expect a reply the same day and a mention of who referred them."},
    {"{Q} Healthcare Webinar: Compliance without Friction", CampaignType::Webinar, -226, 21, kMarkId, "healthcare",
     "", "US|DE", 0, 0, "Webinar with a HIPAA and GDPR checklist", 380, 0.95, false,
     "A compliance officer and our CTO on audit trails that do not slow clinicians down.",
     "Procurement in hospitals is slow; agree next steps with a date before hanging up."},
    {"Retail Peak-Season Playbook", CampaignType::Content, -208, 40, kMarkId, "retail", "", "", 0, 0,
     "Peak-season planning playbook", 340, 1.0, false,
     "Downloadable playbook on staffing and forecasting for the holiday peak.",
     "Timing matters: retailers freeze tooling changes from October; push for a start before then."},
    {"Brand Search Refresh", CampaignType::Paid, -198, 60, kMarkId, "", "", "", 0, 0, "Free trial", 650, 1.05, false,
     "New ad copy and landing pages for brand and category searches.",
     "Brand searchers often already talk to us; check for open opportunities before calling."},
    {"EMEA Roadshow: Paris & Berlin", CampaignType::Event, -186, 8, kMayaId, "", "", "FR|DE", 0, 0,
     "Breakfast briefings", 240, 1.0, true,
     "Breakfast briefings in Paris and Berlin. Cancelled: the Berlin venue fell through and the budget moved to "
     "the FinTech Summit.",
     "Cancelled; no follow-up needed."},
    {"Mid-Market Outbound Sprint", CampaignType::Email, -176, 30, kMarkId, "software|fintech|logistics", "", "US|CA",
     200, 2000, "Personal video audit of their funnel", 300, 0.9, false,
     "Four-week outbound email sprint to mid-market accounts with a personalised video offer.",
     "Replies are short; book the call first, qualify on the call."},
    {"{season} Webinar Series: Forecasting 101", CampaignType::Webinar, -160, 35, kMarkId, "", "", "", 0, 0,
     "Three-part webinar series", 520, 1.0, false,
     "Three weekly sessions on forecasting basics for revenue teams, with recordings on demand.",
     "Series attendees learn slowly but buy; do not judge them after the first session."},
    {"FinTech Summit London", CampaignType::Event, -140, 6, kMayaId, "fintech", "", "GB", 0, 0,
     "Speaking slot and booth", 260, 1.2, false, "Our CEO speaks on real-time risk; booth with live demos.",
     "Many attendees are at banks with long procurement; find the business sponsor early."},
    {"Social Proof: Customer Stories", CampaignType::Social, -128, 50, kMarkId, "", "", "", 0, 0,
     "Customer story videos", 420, 0.9, false, "Short customer videos on LinkedIn and X, one a week.",
     "Ask which story they saw; it tells you which pain they share."},
    {"Buyer's Guide to Sales & Marketing Alignment", CampaignType::Content, -114, 60, kMarkId, "", "", "", 0, 0,
     "Gated buyer's guide", 520, 1.05, false, "A buyer's guide with a scorecard template, gated.",
     "Downloaders often share it internally; ask who else is involved."},
    {"{season} Product Launch: Tandem Inbox", CampaignType::ProductLaunch, -96, 30, kMayaId, "", "", "", 0, 0,
     "Launch webinar and early-access program", 450, 1.1, false,
     "Launch of the rep inbox: landing page, launch webinar and an early-access program.",
     "Early-access requests are sales-ready by design; call within the day."},
    {"{Q} Search Push: Manufacturing Leaders", CampaignType::Paid, -82, 45, kMarkId, "manufacturing",
     "COO|Head of Operations|VP Operations", "", 0, 0, "Free capacity forecast", 380, 0.95, false,
     "Search and display ads to operations leaders in manufacturing.",
     "Overlaps with the Smart Factory webinar; check whether they registered."},
    {"Smart Factory Webinar: Predictive Maintenance", CampaignType::Webinar, -70, 24, kMarkId,
     "manufacturing|logistics", "", "", 0, 0, "Webinar and a maintenance ROI worksheet", 360, 1.0, false,
     "A plant manager and our data team on forecasting maintenance windows.",
     "Attendees are engineers; ask who owns the budget for planning tools."},
    {"Healthcare Data Day Berlin", CampaignType::Event, -56, 5, kMayaId, "healthcare", "", "DE", 0, 0,
     "Roundtable seat", 180, 1.0, false, "Roundtable and booth at the healthcare data day in Berlin.",
     "German-language follow-up preferred; Rita has the contacts."},
    {"Year-end Budget Nurture", CampaignType::Email, -46, 40, kMarkId, "", "", "", 50, 5000,
     "Use-it-or-lose-it budget offer", 320, 0.95, false,
     "Email nurture reminding recycled and stalled leads of a year-end offer.",
     "These leads were recycled before; read the rejection reason before calling."},
    {"Always-on Search: Competitor Terms", CampaignType::Paid, -32, 75, kMarkId, "", "", "US|CA|GB", 0, 0,
     "Comparison guide and free trial", 650, 1.0, false, "Search ads on competitor brand terms with a comparison page.",
     "They are comparing; bring the battlecard and ask what they dislike about the incumbent."},
    {"ROI Calculator Campaign", CampaignType::Content, -20, 50, kMarkId, "software|fintech", "", "", 0, 0,
     "Interactive ROI calculator", 400, 1.0, false,
     "Interactive ROI calculator promoted by email and paid social; results are emailed.",
     "The lead's calculator results are in the notes; open with their numbers."},
    {"{Q} FinTech Webinar: Fraud Signals in Real Time", CampaignType::Webinar, -10, 24, kMarkId, "fintech",
     "CFO|COO|Head of Risk", "US|GB", 0, 0, "Live webinar and a fraud signals checklist", 400, 1.0, false,
     "A payments fraud lead and our product team on catching fraud signals as they happen.",
     "Same audience as the ROI campaign; coordinate before double-calling a bank."},
    {"Retail Leaders Roundtable", CampaignType::Event, 4, 7, kMayaId, "retail", "CEO|COO|VP Operations", "US|GB", 0,
     0, "Invitation-only dinner", 150, 1.0, false, "Dinner roundtables in New York and London for retail executives.",
     "Seats are limited; reps may nominate two accounts each by Friday."},
    {"{season} Product Launch: Tandem Signals", CampaignType::ProductLaunch, 9, 30, kMayaId, "", "", "", 0, 0,
     "Launch webinar and a 30-day trial", 550, 1.0, false,
     "Launch of Signals: buying-intent alerts in the rep inbox. Press, webinar and an email to the whole database.",
     "Expect a spike of demo requests in the first week; the solutions team takes overflow."},
    {"Healthcare CIO Webinar: Interoperability", CampaignType::Webinar, 12, 21, kMarkId, "healthcare",
     "CIO|Head of IT", "", 0, 0, "Webinar and an interoperability checklist", 300, 1.0, false,
     "Two hospital CIOs on connecting clinical and commercial data.",
     "CIOs rarely buy alone; ask who in operations feels the pain."},
    {"LinkedIn ABM: Top 200 Accounts", CampaignType::Social, 12, 40, kMarkId, "", "", "", 1000, 5000,
     "Personalised account pages", 250, 1.0, false,
     "Account-based ads to the 200 accounts sales picked, with personalised landing pages.",
     "Only the agreed 200 accounts; tell marketing when one of them engages."},
    {"Partner Co-Marketing: Cloud Marketplace", CampaignType::Other, 30, 45, kMayaId, "software", "", "", 0, 0,
     "Marketplace listing with partner credits", 200, 1.0, true,
     "Joint campaign with a cloud marketplace. Cancelled: the partner moved it to next year.",
     "Cancelled; no follow-up needed."},
};
inline constexpr std::size_t kCampaignCount = std::size(kCampaignPlans);

}  // namespace tandem::demo
