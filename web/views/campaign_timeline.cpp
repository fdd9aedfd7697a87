// The timeline: nine weeks from the month's first, one row per campaign, and a line for today.
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

void DrawTimeline(const AppState& state, const CalendarRoute& calendar, const CampaignPlan& plan,
                  const std::vector<std::size_t>& shown, Date today, ImVec2 size, bool fit, Intents& intents) {
    const ui::Palette& colors = ui::Colors();
    Period range = TimelineFor(calendar.month);
    int days = range.to - range.from;
    std::vector<std::size_t> rows;
    for (std::size_t i : shown) {
        const Campaign& campaign = plan.campaigns[i];
        if (campaign.end >= range.from && campaign.start < range.to) rows.push_back(i);
    }

    float header = ui::Px(44);
    float row = ui::Px(26);
    if (fit) {
        const ImGuiStyle& style = ImGui::GetStyle();
        float rows_height = row * static_cast<float>(std::max<std::size_t>(rows.size(), 2)) + style.ItemSpacing.y + ui::Px(4);
        size.y = std::min(size.y, header + 1 + rows_height + 2 * style.WindowPadding.y);
    }
    ui::BeginPanel("timeline", size, 0, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    ImVec2 avail = ImGui::GetContentRegionAvail();
    // A name column readable on a phone too (40 % of it), at most 250 px.
    float names = std::floor(std::min(ui::Px(250), std::max(avail.x * 0.3f, std::min(avail.x * 0.4f, ui::Px(140)))));
    float day = (avail.x - names - ui::Px(14)) / static_cast<float>(days);
    ImVec2 origin = ImGui::GetCursorScreenPos();
    float left = origin.x + names;
    ImDrawList* draw = ImGui::GetWindowDrawList();

    // The header: months above, week starts below. A month's name that does not fit before the next
    // month's is shortened ("Dec") or left out, and so is a week's label that would run into the
    // one before it (on a phone a week is narrower than its label), the next month or the "today" pill.
    bool has_today = today >= range.from && today < range.to;
    float today_x = std::round(left + day * (static_cast<float>(today - range.from) + 0.5f));
    ImGui::PushFont(ui::Font(ui::FontRole::Small));
    float pill_half = ImGui::CalcTextSize("Today").x * 0.5f + ui::Px(6);
    float right = origin.x + avail.x;
    float week_label_end = left;
    for (int d = 0; d < days; ++d) {
        Date date = range.from + d;
        float x = left + day * d;
        if (date == WeekStart(date)) {
            draw->AddLine(ImVec2(x, origin.y + ui::Px(22)), ImVec2(x, origin.y + header), ui::U32(colors.border));
            std::string label = ShortDay(date);
            float label_right = x + ui::Px(4) + ImGui::CalcTextSize(label.c_str()).x;
            bool under_pill = has_today && label_right > today_x - pill_half - ui::Px(2) && x < today_x + pill_half;
            Date next_first = CurrentPeriod(PeriodKind::Month, date).to;
            float month_line = next_first < range.to ? left + day * static_cast<float>(next_first - range.from) : right;
            if (!under_pill && x >= week_label_end && label_right <= month_line - ui::Px(2)) {
                draw->AddText(ImVec2(x + ui::Px(4), origin.y + ui::Px(24)), ui::U32(colors.text_muted), label.c_str());
                week_label_end = label_right;   // the next starts Px(4) after its week's line
            }
        }
        if (DayOfMonth(date) == 1 || d == 0) {
            ImGui::PushFont(ui::Font(ui::FontRole::Strong));
            std::string month = MonthTitle(CurrentPeriod(PeriodKind::Month, date));
            Date next_first = CurrentPeriod(PeriodKind::Month, date).to;
            float room = next_first < range.to ? day * static_cast<float>(next_first - date) : right - x;
            if (ImGui::CalcTextSize(month.c_str()).x + ui::Px(12) > room) month = month.substr(0, 3);
            if (ImGui::CalcTextSize(month.c_str()).x + ui::Px(12) <= room)
                draw->AddText(ImVec2(x + ui::Px(4), origin.y + ui::Px(2)), ui::U32(colors.text), month.c_str());
            ImGui::PopFont();
            if (d > 0) draw->AddLine(ImVec2(x, origin.y), ImVec2(x, origin.y + header), ui::U32(colors.text_muted, 0.6f), ui::Px(1));
        }
    }
    draw->AddLine(ImVec2(origin.x, origin.y + header), ImVec2(origin.x + avail.x, origin.y + header), ui::U32(colors.border));
    ImGui::PopFont();

    // The rows scroll below the fixed header.
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + header + 1));
    ImGui::BeginChild("timeline-rows", ImVec2(avail.x, avail.y - header - 1), ImGuiChildFlags_None);
    ImDrawList* rows_draw = ImGui::GetWindowDrawList();
    ImVec2 rows_origin = ImGui::GetCursorScreenPos();
    // Weekends shaded and weeks and months ruled down the rows, under the bars; drawn in the rows'
    // own window, which would otherwise cover what the chart drew beneath it.
    float rows_top = ImGui::GetWindowPos().y;
    float rows_bottom = rows_top + ImGui::GetWindowHeight();
    for (int d = 0; d < days; ++d) {
        Date date = range.from + d;
        float x = left + day * d;
        int weekday = date - WeekStart(date);
        if (weekday >= 5)
            rows_draw->AddRectFilled(ImVec2(x, rows_top), ImVec2(x + day, rows_bottom), ui::U32(colors.surface_alt, 0.6f));
        if (weekday == 0) rows_draw->AddLine(ImVec2(x, rows_top), ImVec2(x, rows_bottom), ui::U32(colors.border));
        if (DayOfMonth(date) == 1 && d > 0)
            rows_draw->AddLine(ImVec2(x, rows_top), ImVec2(x, rows_bottom), ui::U32(colors.text_muted, 0.6f), ui::Px(1));
    }
    if (has_today)
        rows_draw->AddLine(ImVec2(today_x, rows_top), ImVec2(today_x, rows_bottom), ui::U32(colors.bad), ui::Px(2));
    const CampaignView* hovered_view = nullptr;
    if (rows.empty()) {
        ImGui::SetCursorPosY(ImGui::GetCursorPosY() + ui::Px(12));
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ui::Px(12));
        ui::MutedText(calendar.filter.Empty() ? "No campaign runs in these weeks." : "No campaign in these weeks matches the filters.");
    }
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const CampaignView& view = plan.views[rows[r]];
        const Campaign& campaign = view.campaign;
        float y = rows_origin.y + row * static_cast<float>(r);
        ImGui::SetCursorScreenPos(ImVec2(rows_origin.x, y));
        std::string id = std::to_string(campaign.id);
        bool clicked = ImGui::InvisibleButton(("##row-" + id).c_str(), ImVec2(avail.x - ui::Px(14), row));
        bool hovered = ImGui::IsItemHovered();
        ui::Mirror("timeline-row-" + id, campaign.name, {.role = ui::Role::Link});
        if (clicked) intents.navigate = Opening(calendar, campaign);
        bool selected = calendar.selected == campaign.id;
        if (hovered || selected)
            rows_draw->AddRectFilled(ImVec2(rows_origin.x, y), ImVec2(rows_origin.x + avail.x, y + row),
                                     ui::U32(selected ? colors.accent_soft : colors.surface_alt));
        // Name column: type swatch, name, clash mark.
        float swatch = ui::Px(10);
        rows_draw->AddRectFilled(ImVec2(rows_origin.x + ui::Px(8), y + (row - swatch) * 0.5f),
                                 ImVec2(rows_origin.x + ui::Px(8) + swatch, y + (row + swatch) * 0.5f),
                                 ui::U32(TypeColour(campaign.type), StatusAlpha(campaign.status)), ui::Px(3));
        float text_x = rows_origin.x + ui::Px(26);
        float room = names - ui::Px(34) - (view.clashes.empty() ? 0 : ui::Px(18));
        std::string name = Ellipsize(campaign.name, room);
        ImVec2 text = ImGui::CalcTextSize(name.c_str());
        ImVec4 ink = campaign.status == CampaignStatus::Cancelled ? colors.text_muted : colors.text;
        rows_draw->AddText(ImVec2(text_x, y + (row - text.y) * 0.5f), ui::U32(ink), name.c_str());
        if (!view.clashes.empty())
            rows_draw->AddText(ImVec2(text_x + text.x + ui::Px(6), y + (row - text.y) * 0.5f), ui::U32(colors.bad), ICON_WARNING);
        // The bar, clipped to the range.
        Date first = std::max(campaign.start, range.from);
        Date last = std::min(campaign.end, range.to - 1);
        ImVec2 min(left + day * static_cast<float>(first - range.from) + ui::Px(1), y + ui::Px(5));
        ImVec2 max(left + day * static_cast<float>(last - range.from + 1) - ui::Px(1), y + row - ui::Px(5));
        ImGui::PushFont(ui::Font(ui::FontRole::Small));
        std::string dates = ShortDay(campaign.start) + " – " + ShortDay(campaign.end);
        bool fits = ImGui::CalcTextSize(dates.c_str()).x + ui::Px(12) <= max.x - min.x;
        DrawBar(rows_draw, min, max, campaign, !view.clashes.empty(), selected, hovered, campaign.start < range.from,
                campaign.end >= range.to, fits ? dates : std::string());
        if (!fits && max.x + ui::Px(6) + ImGui::CalcTextSize(dates.c_str()).x < rows_origin.x + avail.x - ui::Px(14))
            rows_draw->AddText(ImVec2(max.x + ui::Px(6), y + (row - ImGui::GetTextLineHeight()) * 0.5f),
                               ui::U32(colors.text_muted), dates.c_str());
        ImGui::PopFont();
        if (hovered) hovered_view = &view;
    }
    if (!rows.empty()) ImGui::Dummy(ImVec2(0, ui::Px(4)));
    ImGui::EndChild();

    // Today, in the header (the rows drew their part of the line).
    if (has_today) {
        float x = today_x;
        draw->AddLine(ImVec2(x, origin.y + ui::Px(20)), ImVec2(x, origin.y + header), ui::U32(colors.bad), ui::Px(2));
        ImGui::PushFont(ui::Font(ui::FontRole::Small));
        const char* label = "Today";
        ImVec2 text = ImGui::CalcTextSize(label);
        ImVec2 pill_min(x - text.x * 0.5f - ui::Px(6), origin.y + ui::Px(22));
        ImVec2 pill_max(x + text.x * 0.5f + ui::Px(6), pill_min.y + text.y + ui::Px(4));
        draw->AddRectFilled(pill_min, pill_max, ui::U32(colors.bad), ui::Px(8));
        draw->AddText(ImVec2(pill_min.x + ui::Px(6), pill_min.y + ui::Px(2)), TextOn(colors.bad), label);
        ImGui::SetCursorScreenPos(pill_min);
        ImGui::Dummy(ImVec2(pill_max.x - pill_min.x, pill_max.y - pill_min.y));
        ui::Mirror("timeline-today", FormatDate(today));
        ImGui::PopFont();
    }
    if (hovered_view) BarTooltip(state, *hovered_view);
    ImGui::EndChild();
}

}  // namespace tandem::campaign_view
