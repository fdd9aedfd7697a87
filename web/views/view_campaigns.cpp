// The campaign calendar: every campaign visible to sales before it launches, as a month grid, a
// multi-week timeline or a filtered list, with a details panel (or what launches in the next 14
// days), the campaign form for marketers and the private calendar-feed URL. Month, view, filters
// and the open campaign live in the URL (#/campaigns/31?month=2026-12&view=timeline&type=webinar).
// This file is the page: it reads the route, lays out the pieces (views/campaign_view.h) and
// handles the keyboard.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "tandem/format.h"
#include "ui/icons.h"
#include "ui/keys.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/campaign_view.h"
#include "views/views.h"

namespace tandem {

namespace {

using namespace campaign_view;

class CampaignsPage final : public ViewBase {
public:
    void Draw(const AppState& state, Intents& intents) override {
        Date today = DateOf(static_cast<Timestamp>(state.wall_now));
        const Remote<CampaignPlan>& remote = state.campaigns.plan;
        const CampaignPlan* plan = remote.value ? &*remote.value : nullptr;
        CalendarRoute calendar = ReadRoute(state.route, today, plan);

        HeaderActions header = DrawHeader(state, calendar, remote.Loading(), today, intents, m_header_width);
        ImGui::Dummy(ImVec2(0, ui::Px(2)));
        if (remote.Failed()) {
            if (ui::Banner("campaigns-error", ui::BannerKind::Error,
                           (ICON_WARNING "  The campaign plan could not be loaded: " + remote.error).c_str(), "Retry"))
                intents.campaigns.refresh = true;
        }
        if (!plan) {
            ImGui::Dummy(ImVec2(0, ui::Px(40)));
            ImGui::SetCursorPosX(ImGui::GetWindowWidth() * 0.5f - ui::Px(100));
            ui::Spinner(ui::Px(12));
            ImGui::SameLine();
            ImGui::AlignTextToFramePadding();
            ui::MutedText("Loading the campaign plan…");
            ui::Mirror("campaigns-loading", "Loading", {.role = ui::Role::Status});
            return;
        }
        DrawFilters(state, calendar, *plan, m_search, intents);
        ImGui::Dummy(ImVec2(0, ui::Px(2)));

        // What the filters keep: in the month (and, for the list, all dates when searching).
        std::vector<std::size_t> shown;
        for (std::size_t i = 0; i < plan->campaigns.size(); ++i) {
            const Campaign& campaign = plan->campaigns[i];
            if (!Matches(campaign, calendar.filter)) continue;
            bool in_month = campaign.end >= calendar.month.from && campaign.start < calendar.month.to;
            if (calendar.mode == Mode::List && calendar.filter.text.empty() && !in_month) continue;
            shown.push_back(i);
        }

        // The calendar with the panel beside it; where the window is too narrow for both, the
        // panel goes under the calendar, and the page scrolls to it when a campaign is opened.
        float spacing = ImGui::GetStyle().ItemSpacing.x;
        ImVec2 avail = ImGui::GetContentRegionAvail();
        bool stacked = avail.x < ui::Px(900);
        float side = stacked ? avail.x : std::floor(std::clamp(avail.x * 0.28f, ui::Px(300), ui::Px(360)));
        float height = std::max(avail.y, ui::Px(stacked ? 560 : 360));   // stacked, the page scrolls
        ImVec2 main(stacked ? avail.x : avail.x - side - spacing, height);
        switch (calendar.mode) {
        case Mode::Month: m_month.Draw(state, calendar, *plan, shown, today, main, intents); break;
        case Mode::Timeline: DrawTimeline(state, calendar, *plan, shown, today, main, stacked, intents); break;
        case Mode::List: DrawList(state, calendar, *plan, shown, main, intents); break;
        }
        if (stacked) {
            height = std::max(ui::Px(360), std::min(height, ui::Px(560)));
            if (calendar.selected && calendar.selected != m_scrolled_to) ImGui::SetScrollHereY(0.0f);
            m_scrolled_to = calendar.selected;
        } else {
            ImGui::SameLine();
        }
        const CampaignView* selected = calendar.selected ? plan->Find(*calendar.selected) : nullptr;
        if (selected) {
            DetailsActions actions = DrawDetails(state, calendar, *plan, *selected, today, ImVec2(side, height), intents);
            if (actions.edit) m_form.OpenEdit(selected->campaign);
            if (actions.cancel) m_confirm.Open(selected->campaign);
        } else if (calendar.selected) {
            ui::BeginCard("details-missing", nullptr, ImVec2(side, height));
            std::string text = "There is no campaign " + std::to_string(*calendar.selected) + ".";
            ui::MutedText(text.c_str());
            ui::Mirror("details-missing", text);
            if (ui::Link("details-missing-close", "Back to the calendar")) intents.navigate = WithSelection(calendar, std::nullopt);
            ui::EndCard();
        } else {
            DrawLaunches(calendar, *plan, today, ImVec2(side, height), intents);
        }

        if (header.create) {
            Date first = calendar.month.from <= today && today < calendar.month.to ? today : calendar.month.from;
            m_form.OpenNew(state, first);
        }
        if (header.subscribe) m_subscribe.Open();
        m_form.Draw(state, calendar, *plan, intents);
        m_confirm.Draw(state, intents);
        m_subscribe.Draw(state, intents);
        HandleKeys(calendar, selected != nullptr || calendar.selected.has_value(), today, intents);

        ui::MirrorValue("campaigns-month", FormatMonth(calendar.month));
        ui::MirrorValue("campaigns-view", kModeNames[static_cast<int>(calendar.mode)]);
        ui::MirrorValue("campaigns-shown", std::to_string(shown.size()));
        ui::MirrorValue("campaigns-total", std::to_string(plan->campaigns.size()));
        if (state.campaigns.event_to_plan_ms >= 0)
            ui::MirrorValue("campaigns-event-to-plan-ms", std::to_string(std::lround(state.campaigns.event_to_plan_ms)));
    }

private:
    // Arrows change the month, t goes to today, m / i / l switch views, Escape closes the panel;
    // never while the keyboard is busy elsewhere (a field, the form, a dialog, a drop-down).
    void HandleKeys(const CalendarRoute& calendar, bool panel_open, Date today, Intents& intents) {
        const ImGuiIO& io = ImGui::GetIO();
        if (!ui::PageKeysFree() || io.KeyCtrl || io.KeyAlt || io.KeySuper) return;
        CalendarRoute next = calendar;
        bool changed = true;
        if (ImGui::IsKeyPressed(ImGuiKey_LeftArrow)) next.month = PreviousPeriod(calendar.month);
        else if (ImGui::IsKeyPressed(ImGuiKey_RightArrow)) next.month = NextPeriod(calendar.month);
        else if (ImGui::IsKeyPressed(ImGuiKey_T, false)) next.month = CurrentPeriod(PeriodKind::Month, today);
        else if (ImGui::IsKeyPressed(ImGuiKey_M, false)) next.mode = Mode::Month;
        else if (ImGui::IsKeyPressed(ImGuiKey_I, false)) next.mode = Mode::Timeline;
        else if (ImGui::IsKeyPressed(ImGuiKey_L, false)) next.mode = Mode::List;
        else if (panel_open && ImGui::IsKeyPressed(ImGuiKey_Escape, false)) next.selected.reset();
        else changed = false;
        if (changed) intents.navigate = WriteRoute(next);
    }

    MonthGridView m_month;
    CampaignForm m_form;
    CancelConfirm m_confirm;
    SubscribePanel m_subscribe;
    float m_header_width = 0;
    std::optional<std::int64_t> m_scrolled_to;   // the campaign the stacked page last scrolled to
    SearchBox m_search;
};

}  // namespace

std::unique_ptr<ViewBase> MakeCampaignsView() { return std::make_unique<CampaignsPage>(); }

}  // namespace tandem
