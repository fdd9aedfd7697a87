// Views before their data exists: the page header and a card saying what will be there.
#include <string>

#include "ui/icons.h"
#include "ui/widgets.h"
#include "views/views.h"

namespace tandem {

namespace {

struct EmptyText {
    View view;
    const char* icon;
    const char* subtitle;
    const char* title;
    const char* text;
};

constexpr EmptyText kTexts[] = {
    {View::Scorecard, ICON_SCORECARD, "The numbers sales and marketing agreed to share.", "No figures yet",
     "Once leads flow in, this shows the shared KPIs against their targets: MQLs, SQLs, acceptance rate, "
     "conversion and sales velocity by lead source, the response-time SLA, recycled leads and revenue."},
    {View::Definition, ICON_DEFINITION, "One definition of a sales-ready lead, written by both teams.",
     "No definition yet",
     "Here the sales and marketing leaders edit the lead definition together, see at once how many leads each "
     "change would qualify, and sign off a version both agree on."},
    {View::Campaigns, ICON_CAMPAIGNS, "Every campaign, visible to sales before it launches.", "No campaigns planned",
     "The campaign calendar will show every planned and live campaign with its audience, offer and notes for "
     "sales, and flag campaigns that target the same people at the same time."},
    {View::Leads, ICON_LEADS, "The hand-off from marketing to sales, lead by lead.", "No leads yet",
     "Leads handed to sales will be listed here to accept or reject with a reason, each with its score explained "
     "criterion by criterion and its full stage history."},
    {View::Feedback, ICON_FEEDBACK, "What sales hears from prospects, back to marketing.", "No feedback yet",
     "Rejection reasons, objections, questions, content requests and win stories logged by reps from the "
     "dashboard, the command line or the API will appear here for marketing."},
};

class EmptyView final : public ViewBase {
public:
    explicit EmptyView(const EmptyText& text) : m_text(text) {}

    void Draw(const AppState&, Intents&) override {
        ui::PageHeader(std::string(ViewTitle(m_text.view)).c_str(), m_text.subtitle);
        ui::EmptyState("empty-" + std::string(ViewSlug(m_text.view)), m_text.icon, m_text.title, m_text.text);
    }

private:
    const EmptyText& m_text;
};

}  // namespace

std::unique_ptr<ViewBase> MakeEmptyView(View view) {
    for (const EmptyText& text : kTexts)
        if (text.view == view) return std::make_unique<EmptyView>(text);
    return MakeNotFoundView();
}

}  // namespace tandem
