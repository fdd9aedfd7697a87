// The date field and its month grid: calendar arithmetic and names come from the core
// (tandem/calendar.h, period.h); this file only lays the month out as buttons.
#include "ui/date_picker.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

#include <imgui.h>

#include "tandem/calendar.h"
#include "tandem/period.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"

namespace tandem::ui {

namespace {

constexpr const char* kCalendarIcon = ICON_CAMPAIGNS;   // f073 calendar
// Every month is drawn six weeks tall, so the buttons stay put while paging through months.
constexpr int kRows = 6;

// The open picker's size, measured as it is drawn: it places the popup where it fits (only one
// popup is open at a time). Until it is known, an estimate: the popup is hidden for its first frame
// anyway while ImGui fits it to its content.
ImVec2 g_popup_size;

float CellSize() { return std::round(Px(36)); }
float Gap() { return std::round(Px(2)); }

ImVec2 EstimatedSize() {
    float grid = 7 * CellSize() + 6 * Gap();
    float height = ImGui::GetFrameHeight() + ImGui::GetTextLineHeight() + kRows * (CellSize() + Gap()) + Px(60);
    return ImVec2(grid + Px(28), height);
}

// One day's button: the selected day filled in the accent, today ringed in it and dotted.
bool DayButton(const std::string& mirror_id, Date date, bool selected, bool today) {
    const Palette& colors = Colors();
    const ImVec4& accent = colors.accent;
    int year, month, day;
    CivilFromDays(date, year, month, day);
    std::string label = std::to_string(day) + "##" + FormatDate(date);
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, today ? std::max(1.0f, std::round(Px(1.5f))) : 0.0f);
    ImGui::PushStyleColor(ImGuiCol_Border, accent);
    ImGui::PushStyleColor(ImGuiCol_Button, selected ? accent : ImVec4(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered,
                          selected ? ImVec4(accent.x * 0.9f, accent.y * 0.9f, accent.z * 0.9f, 1) : colors.surface_alt);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, selected ? ImVec4(accent.x * 0.8f, accent.y * 0.8f, accent.z * 0.8f, 1)
                                                          : colors.accent_soft);
    ImGui::PushStyleColor(ImGuiCol_Text, selected ? ImVec4(1, 1, 1, 1) : today ? accent : colors.text);
    if (today) ImGui::PushFont(Font(FontRole::Strong));
    bool clicked = ImGui::Button(label.c_str(), ImVec2(CellSize(), CellSize()));
    if (today) {
        ImGui::PopFont();
        // A dot under the number too, which still shows when today is also the day selected.
        ImVec2 min = ImGui::GetItemRectMin();
        ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(min.x + CellSize() * 0.5f, min.y + CellSize() - Px(6)), Px(2),
                                                    selected ? IM_COL32(255, 255, 255, 255) : U32(accent));
    }
    ImGui::PopStyleColor(5);
    ImGui::PopStyleVar();
    Mirror(mirror_id, LongDate(date), {.role = Role::Button, .pressed = selected ? 1 : 0});
    return clicked;
}

// The popup's content: the month's heading between its arrows, the weekdays, the days. Returns
// the day picked, if one was. The keyboard goes to `focus_to` if given; `focused` is the day it is on.
std::optional<Date> DrawMonth(std::string_view id, Period& month, std::optional<Date> selected, Date today,
                              std::optional<Date> focus_to, std::optional<Date>& focused) {
    const std::string base(id);
    float left = ImGui::GetCursorPosX();
    float width = 7 * CellSize() + 6 * Gap();
    if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) month = PreviousPeriod(month);
    Mirror(base + "-prev", "Previous month", {.role = Role::Button});
    std::string title = MonthTitle(month);
    ImGui::PushFont(Font(FontRole::Strong));
    float title_width = ImGui::CalcTextSize(title.c_str()).x;
    ImGui::SameLine(left + std::round((width - title_width) * 0.5f));
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(title.c_str());
    ImGui::PopFont();
    Mirror(base + "-month", title, {.role = Role::Heading, .level = 2});
    ImGui::SameLine(left + width - ImGui::GetFrameHeight());
    if (ImGui::ArrowButton("##next", ImGuiDir_Right)) month = NextPeriod(month);
    Mirror(base + "-next", "Next month", {.role = Role::Button});

    MonthGrid grid = MonthGridFor(month);
    bool selected_here = selected && *selected >= month.from && *selected < month.to;
    std::optional<Date> picked;
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(Gap() * 0.5f, Gap() * 0.5f));
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(0, 0));
    if (ImGui::BeginTable("##days", 7, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX)) {
        for (int d = 0; d < 7; ++d) ImGui::TableSetupColumn(nullptr, ImGuiTableColumnFlags_WidthFixed, CellSize());
        // Weekday initials, centred over their columns; read out in full.
        ImGui::TableNextRow();
        ImGui::PushFont(Font(FontRole::Small));
        for (int d = 0; d < 7; ++d) {
            ImGui::TableNextColumn();
            std::string_view name = WeekdayName(grid.first + d);
            std::string initials(name.substr(0, 2));
            ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::round((CellSize() - ImGui::CalcTextSize(initials.c_str()).x) * 0.5f));
            MutedText(initials.c_str());
            Mirror(base + "-weekday-" + std::to_string(d), initials, {.role = Role::Text, .name = name});
        }
        ImGui::PopFont();
        for (int week = 0; week < kRows; ++week) {
            ImGui::TableNextRow(0, CellSize());
            for (int d = 0; d < 7; ++d) {
                ImGui::TableNextColumn();
                Date date = grid.first + week * 7 + d;
                if (date < month.from || date >= month.to) continue;   // other months' days stay blank
                bool is_selected = selected == date;
                if (focus_to == date) ImGui::SetKeyboardFocusHere();
                if (DayButton(base + "-day-" + FormatDate(date), date, is_selected, date == today)) picked = date;
                if (ImGui::IsItemFocused()) focused = date;
                // The keyboard starts on the field's day, else on today.
                if (selected_here ? is_selected : date == today) ImGui::SetItemDefaultFocus();
            }
        }
        ImGui::EndTable();
    }
    ImGui::PopStyleVar(2);
    return picked;
}

}  // namespace

DateFieldEdit DateField(const char* label, char* buffer, std::size_t size, const DateFieldSpec& spec, Date today) {
    DateFieldEdit edit;
    float button = ImGui::GetFrameHeight();
    float spacing = Px(4);
    ImGui::SetNextItemWidth(spec.width > 0 ? spec.width : std::max(Px(60), ImGui::GetContentRegionAvail().x - button - spacing));
    edit.changed = ImGui::InputTextWithHint(label, "YYYY-MM-DD", buffer, size);
    edit.committed = ImGui::IsItemDeactivatedAfterEdit();
    Mirror(spec.id, buffer, {.name = spec.name});
    ImVec2 field_min = ImGui::GetItemRectMin();
    ImVec2 field_max = ImGui::GetItemRectMax();

    const std::string base(spec.id);
    const std::string choose = "Choose " + std::string(spec.what);
    ImGui::SameLine(0, spacing);
    ImGui::PushID(label);
    ImGui::PushStyleColor(ImGuiCol_Text, Colors().text_muted);
    bool open = ImGui::Button((std::string(kCalendarIcon) + "##picker").c_str(), ImVec2(button, button));
    ImGui::PopStyleColor();
    Mirror(base + "-picker", choose, {.role = Role::Button});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", choose.c_str());
    float button_right = ImGui::GetItemRectMax().x;
    if (open) {
        ImGui::OpenPopup("picker");
        g_popup_size = EstimatedSize();
    }

    // Under the field, its left edge on the field's unless that leaves the window; above the field
    // when there is no room below and there is above.
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    float margin = Px(8);
    float gap = Px(4);
    float right = std::max(button_right, field_min.x + g_popup_size.x);
    // The right edge wins where the window is too narrow for the whole popup (BeginMenuPopup's rule).
    right = std::min(std::max(right, viewport->Pos.x + margin + g_popup_size.x), viewport->Pos.x + viewport->Size.x - margin);
    float top = field_max.y + gap;
    float bottom = viewport->Pos.y + viewport->Size.y - margin;
    if (top + g_popup_size.y > bottom && field_min.y - gap - g_popup_size.y >= viewport->Pos.y + margin)
        top = field_min.y - gap - g_popup_size.y;
    if (BeginMenuPopup("picker", ImVec2(right, top), 7 * CellSize(), Px(480), Px(1000))) {
        // The month shown lives in the popup's own storage: it opens on the field's date, else today.
        ImGuiStorage* storage = ImGui::GetStateStorage();
        ImGuiID key = ImGui::GetID("month");
        ImGuiID focused_key = ImGui::GetID("focused");
        std::optional<Date> selected = ParseDate(buffer);
        if (ImGui::IsWindowAppearing()) {
            storage->SetInt(key, selected.value_or(today));
            storage->SetInt(focused_key, selected.value_or(today));
        }
        Period month = CurrentPeriod(PeriodKind::Month, storage->GetInt(key, today));
        // PageUp and PageDown turn the month, with Shift the year, and the keyboard keeps its day
        // (the last of a shorter month), as date pickers on the web do.
        int step = (ImGui::IsKeyPressed(ImGuiKey_PageDown) ? 1 : 0) - (ImGui::IsKeyPressed(ImGuiKey_PageUp) ? 1 : 0);
        std::optional<Date> focus_to;
        if (step != 0 && ImGui::IsWindowFocused()) {
            focus_to = AddMonths(storage->GetInt(focused_key, today), ImGui::GetIO().KeyShift ? 12 * step : step);
            month = CurrentPeriod(PeriodKind::Month, *focus_to);
        }
        std::optional<Date> focused;
        std::optional<Date> picked = DrawMonth(spec.id, month, selected, today, focus_to, focused);
        storage->SetInt(key, month.from);
        if (focused) storage->SetInt(focused_key, *focused);
        if (picked) {
            std::snprintf(buffer, size, "%s", FormatDate(*picked).c_str());
            edit.changed = edit.committed = true;
            ImGui::CloseCurrentPopup();
        }
        g_popup_size = ImGui::GetWindowSize();
        ImGui::EndPopup();
    }
    ImGui::PopID();
    return edit;
}

}  // namespace tandem::ui
