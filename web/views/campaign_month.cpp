// The month grid: whole weeks, campaigns as bars in their type's colour spanning days and weeks,
// stacked in lanes when they overlap, "+N more" when a day is full.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "tandem/format.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/campaign_view.h"

namespace tandem::campaign_view {

void MonthGridView::Draw(const AppState& state, const CalendarRoute& calendar, const CampaignPlan& plan,
                         const std::vector<std::size_t>& shown, Date today, ImVec2 size, Intents& intents) {
    const ui::Palette& colors = ui::Colors();
    std::vector<Campaign> campaigns;
    for (std::size_t i : shown) campaigns.push_back(plan.campaigns[i]);
    MonthLayout layout = LayoutMonth(calendar.month, campaigns);

    ui::BeginPanel("month-grid", size, 0, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    float header = ui::Px(24);
    float column = std::floor(avail.x / 7);
    float row = std::floor((avail.y - header) / static_cast<float>(layout.grid.weeks));
    // Tight lanes: at 1280x720 a six-week month still shows three bars a day before "+N more".
    float day_label = ui::Px(20);
    float lane = ui::Px(18);
    float bar_height = ui::Px(16);
    int fit = std::max(1, static_cast<int>((row - day_label - ui::Px(2)) / lane));

    ImGui::PushFont(ui::Font(ui::FontRole::Small));
    for (int d = 0; d < 7; ++d) {
        std::string name = Weekday(layout.grid.first + d);
        ImVec2 text = ImGui::CalcTextSize(name.c_str());
        draw->AddText(ImVec2(origin.x + column * d + ui::Px(8), origin.y + (header - text.y) * 0.5f), ui::U32(colors.text_muted),
                      name.c_str());
    }
    // Day cells: weekends and days of other months shaded, today ringed in the accent.
    for (int week = 0; week < layout.grid.weeks; ++week) {
        for (int d = 0; d < 7; ++d) {
            Date date = layout.grid.first + week * 7 + d;
            ImVec2 min(origin.x + column * d, origin.y + header + row * week);
            ImVec2 max(min.x + column, min.y + row);
            bool outside = date < calendar.month.from || date >= calendar.month.to;
            if (outside || d >= 5) draw->AddRectFilled(min, max, ui::U32(colors.surface_alt, outside ? 0.8f : 0.45f));
            draw->AddRect(min, ImVec2(max.x + 1, max.y + 1), ui::U32(colors.border));
            std::string number = std::to_string(DayOfMonth(date));
            if (DayOfMonth(date) == 1) number = ShortDay(date);
            ImVec2 text = ImGui::CalcTextSize(number.c_str());
            ImVec2 at(min.x + ui::Px(8), min.y + (day_label - text.y) * 0.5f + ui::Px(1));
            if (date == today) {
                float r = std::max(text.x, text.y) * 0.5f + ui::Px(4);
                ImVec2 centre(at.x + text.x * 0.5f, at.y + text.y * 0.5f);
                draw->AddRectFilled(ImVec2(centre.x - r, centre.y - text.y * 0.5f - ui::Px(2)),
                                    ImVec2(centre.x + r, centre.y + text.y * 0.5f + ui::Px(2)), ui::U32(colors.accent),
                                    ui::Px(9));
                draw->AddText(at, TextOn(colors.accent), number.c_str());
            } else {
                draw->AddText(at, ui::U32(outside ? colors.text_muted : colors.text), number.c_str());
            }
        }
    }

    // Bars, and per day how many campaigns did not fit.
    std::vector<std::vector<int>> hidden(static_cast<std::size_t>(layout.grid.weeks), std::vector<int>(7, 0));
    const CampaignView* hovered_view = nullptr;
    for (const GridBar& bar : layout.bars) {
        int shown_lanes = layout.lanes[bar.week] > fit ? fit - 1 : fit;
        if (bar.lane >= shown_lanes) {
            for (int d = bar.first_column; d <= bar.last_column; ++d) ++hidden[bar.week][d];
            continue;
        }
        const CampaignView& view = plan.views[shown[bar.campaign]];
        const Campaign& campaign = view.campaign;
        float inset = ui::Px(3);
        ImVec2 min(origin.x + column * bar.first_column + (bar.continues_before ? 0 : inset),
                   origin.y + header + row * bar.week + day_label + lane * bar.lane);
        ImVec2 max(origin.x + column * (bar.last_column + 1) - (bar.continues_after ? 0 : inset), min.y + bar_height);
        ImGui::SetCursorScreenPos(min);
        std::string id = std::to_string(campaign.id) + "-w" + std::to_string(bar.week);
        bool clicked = ImGui::InvisibleButton(("##bar-" + id).c_str(), ImVec2(max.x - min.x, max.y - min.y));
        bool hovered = ImGui::IsItemHovered();
        ui::Mirror("campaign-bar-" + id, campaign.name, {.role = ui::Role::Link});
        if (hovered) {
            hovered_view = &view;
            ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        }
        if (clicked) intents.navigate = Opening(calendar, campaign);
        // A bar that continues from the week before says so with its name again.
        DrawBar(draw, min, max, campaign, !view.clashes.empty(), calendar.selected == campaign.id, hovered,
                bar.continues_before, bar.continues_after, campaign.name);
    }
    for (int week = 0; week < layout.grid.weeks; ++week) {
        for (int d = 0; d < 7; ++d) {
            if (hidden[week][d] == 0) continue;
            Date date = layout.grid.first + week * 7 + d;
            std::string text = "+" + std::to_string(hidden[week][d]) + " more";
            ImVec2 at(origin.x + column * d + ui::Px(8), origin.y + header + row * week + day_label + lane * (fit - 1));
            ImGui::SetCursorScreenPos(at);
            ImGui::PushID(date);
            // The link records itself under the day's id (one per day cell, no second record).
            // In a narrow day (a phone) "+3…", whole on hover and to a screen reader.
            if (ui::Link(("more-" + FormatDate(date)).c_str(), text.c_str(), column - ui::Px(10))) {
                m_day = date;
                ImGui::OpenPopup("day-popup");
            }
            ImGui::PopID();
        }
    }
    ImGui::PopFont();
    if (hovered_view) BarTooltip(state, *hovered_view);
    DrawDayPopup(calendar, plan, shown, intents);
    // The grid's space is taken up even where nothing was drawn.
    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy(ImVec2(column * 7, header + row * static_cast<float>(layout.grid.weeks)));
    ImGui::EndChild();
}

void MonthGridView::DrawDayPopup(const CalendarRoute& calendar, const CampaignPlan& plan,
                                 const std::vector<std::size_t>& shown, Intents& intents) {
    // The popup was opened with the ID stack of the link inside the PushID(date) above; open
    // it here by the same ID.
    ImGui::PushID(m_day);
    if (ImGui::BeginPopup("day-popup")) {
        ImGui::PushFont(ui::Font(ui::FontRole::Strong));
        std::string title = Weekday(m_day) + ", " + FormatDayRange(m_day, m_day);
        ImGui::TextUnformatted(title.c_str());
        ImGui::PopFont();
        for (std::size_t i : shown) {
            const Campaign& campaign = plan.campaigns[i];
            if (campaign.start > m_day || campaign.end < m_day) continue;
            TypeSwatch(campaign.type, StatusAlpha(campaign.status));
            ImGui::SameLine(0, ui::Px(8));
            if (ui::Link(("more-item-" + std::to_string(campaign.id)).c_str(), campaign.name.c_str())) {
                intents.navigate = Opening(calendar, campaign);
                ImGui::CloseCurrentPopup();
            }
            if (!plan.views[i].clashes.empty()) {
                ImGui::SameLine();
                ImGui::TextColored(ui::Colors().bad, ICON_WARNING);
            }
        }
        ImGui::EndPopup();
    }
    ImGui::PopID();
}

}  // namespace tandem::campaign_view
