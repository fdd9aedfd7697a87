// Feedback: the feed with its filters and the "Log feedback" form for every kind; marketing's
// insights (why leads come back by source, campaign and week; the objections and questions heard
// most); the content-request board; the digest of customers won. Tab and filters live in the URL.
// This file is the page and its header; each tab is its own file (feedback_feed, feedback_insights_tab,
// feedback_requests, feedback_wins), with the form in feedback_form and what they share in
// feedback_common.

#include "app/feedback.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/feedback_common.h"
#include "views/feedback_feed.h"
#include "views/feedback_form.h"
#include "views/feedback_insights_tab.h"
#include "views/feedback_requests.h"
#include "views/feedback_wins.h"
#include "views/views.h"

namespace tandem {

namespace {

using namespace feedback_ui;

class FeedbackView final : public ViewBase {
public:
    void Draw(const AppState& state, Intents& intents) override {
        FeedbackQuery query = FeedbackQueryFrom(state.route);
        DrawHeader(state, query, intents);
        switch (query.tab) {
        case FeedbackTab::Feed: m_feed.Draw(state, query, intents); break;
        case FeedbackTab::Insights: DrawInsights(state, query, intents); break;
        case FeedbackTab::Requests: m_board.Draw(state, query, intents); break;
        case FeedbackTab::Wins: DrawWins(state, query, m_form, intents); break;
        }
        m_form.Draw(state, intents);
        ui::MirrorValue("feedback-tab", std::to_string(static_cast<int>(query.tab)));
    }

private:
    void DrawHeader(const AppState& state, const FeedbackQuery& query, Intents& intents) {
        ImGui::BeginGroup();
        ImGui::PushFont(ui::Font(ui::FontRole::Heading));
        ImGui::TextUnformatted("Feedback");
        ImGui::PopFont();
        ui::Mirror("page-title", "Feedback", {.role = ui::Role::Heading, .level = 1});
        ImGui::PushTextWrapPos(0);
        ui::MutedText("What sales hears from prospects, and what marketing does with it.");
        ImGui::PopTextWrapPos();
        ImGui::EndGroup();

        // Beside the title where they fit, else under it, wrapping where the window is narrow.
        ui::HeaderActionsAt(m_header_width);
        ImGui::BeginGroup();
        ui::Flow flow("header-actions", ui::Px(12));
        flow.Next();
        static constexpr const char* kTabs[] = {"Feed", "Insights", "Content requests", "Wins"};
        int selected = static_cast<int>(query.tab);
        int clicked = ui::Segmented("feedback-tab", kTabs, selected);
        if (clicked >= 0 && clicked != selected) {
            FeedbackQuery next;
            next.tab = static_cast<FeedbackTab>(clicked);
            intents.navigate = FeedbackRoute(next);
        }
        flow.Next();
        if (ui::PrimaryButton(ICON_PLUS "  Log feedback")) {
            FeedbackKind kind = query.tab == FeedbackTab::Requests ? FeedbackKind::ContentRequest
                                : query.filter.kind                ? *query.filter.kind
                                                                   : FeedbackKind::Objection;
            m_form.Open(kind, query.filter.lead_id, query.filter.campaign_id);
        }
        ui::Mirror("log-feedback", "Log feedback");
        flow.Next();
        bool loading = state.feedback.feed.Loading() || state.feedback.insights.Loading() || state.feedback.wins.Loading();
        if (loading) ui::Spinner(ui::Px(9));
        else ImGui::Dummy(ImVec2(ui::Px(18), ui::Px(18)));
        flow.End();
        ImGui::EndGroup();
        m_header_width = flow.Width();
        ImGui::Dummy(ImVec2(0, ui::Px(6)));
    }

    FeedTab m_feed;
    RequestBoard m_board;
    FeedbackForm m_form;
    float m_header_width = 0;
};

}  // namespace

std::unique_ptr<ViewBase> MakeFeedbackView() { return std::make_unique<FeedbackView>(); }

}  // namespace tandem
