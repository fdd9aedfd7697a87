// Marketing's insights (see feedback_insights_tab.h).
#include "views/feedback_insights_tab.h"

#include <algorithm>
#include <cmath>

#include "tandem/codec.h"
#include "tandem/format.h"
#include "ui/charts.h"
#include "ui/icons.h"
#include "ui/stacked_bars.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/feedback_common.h"

namespace tandem::feedback_ui {

namespace {

std::vector<ui::StackKey> ReasonKeys(const RejectionInsights& r) {
    std::vector<ui::StackKey> keys;
    for (const auto& [reason, name] : EnumValues<RejectReason>())
        if (r.counts.count(reason)) keys.push_back({ReasonLabel(reason), ReasonColor(reason)});
    return keys;
}

std::vector<double> ReasonValues(const RejectionInsights& r, const ReasonGroup& group) {
    std::vector<double> values;
    for (const auto& [reason, name] : EnumValues<RejectReason>()) {
        if (!r.counts.count(reason)) continue;
        auto it = group.counts.find(reason);
        values.push_back(it == group.counts.end() ? 0.0 : static_cast<double>(it->second));
    }
    return values;
}

// Rejections of each source (or campaign) as one bar split by reason; the top reason in the text.
void DrawReasonGroups(const char* id, const char* title, const RejectionInsights& r, const std::vector<ReasonGroup>& groups,
                      std::size_t max_rows, ImVec2 size) {
    ui::BeginCard(id, title, size);
    if (groups.empty()) {
        ui::MutedText("No rejections in this period.");
        ui::EndCard();
        return;
    }
    std::vector<ui::StackKey> keys = ReasonKeys(r);
    ui::StackLegend((std::string(id) + "-legend").c_str(), keys);
    ImGui::Dummy(ImVec2(0, ui::Px(2)));
    // As many rows as fit at a readable height (each row is followed by the item spacing); the
    // long tail becomes one row, so the card never scrolls or cuts a row off.
    float spacing = ImGui::GetStyle().ItemSpacing.y;
    float avail = ImGui::GetContentRegionAvail().y - ui::Px(2);
    max_rows = std::clamp<std::size_t>(static_cast<std::size_t>(avail / (ui::Px(24) + spacing)), 2, max_rows);
    std::vector<ui::Stack> stacks;
    std::int64_t others = 0;
    ReasonGroup rest;
    for (std::size_t i = 0; i < groups.size(); ++i) {
        const ReasonGroup& group = groups[i];
        if (i + 1 >= max_rows && groups.size() > max_rows) {
            // The long tail as one row, so the card never scrolls.
            others += 1;
            rest.total += group.total;
            for (const auto& [reason, count] : group.counts) rest.counts[reason] += count;
            continue;
        }
        stacks.push_back({group.name, ReasonValues(r, group), FormatCount(group.total)});
    }
    if (others > 0) {
        stacks.push_back({std::to_string(others) + " more", ReasonValues(r, rest), FormatCount(rest.total)});
    }
    float row = std::min(ui::Px(28), avail / static_cast<float>(std::max<std::size_t>(1, stacks.size())) - spacing);
    ui::StackedRows(id, keys, stacks, ImGui::GetContentRegionAvail().x, row);
    ui::EndCard();
}

void DrawWeeklyReasons(const RejectionInsights& r, ImVec2 size) {
    ui::BeginCard("reasons-weekly", "Rejections per week, by reason", size);
    std::vector<ui::StackKey> keys = ReasonKeys(r);
    std::vector<ui::Stack> stacks;
    for (const ReasonGroup& week : r.weeks) {
        std::optional<Date> start = ParseDate(week.key);
        stacks.push_back({start ? DayLabel(*start) : week.key, ReasonValues(r, week), FormatCount(week.total)});
    }
    if (r.total == 0) {
        ui::MutedText("No rejections in this period.");
    } else {
        ui::StackLegend("reasons-weekly-legend", keys);
        ui::StackedColumns("reasons-weekly-chart", keys, stacks,
                           ImVec2(ImGui::GetContentRegionAvail().x, ImGui::GetContentRegionAvail().y - ui::Px(4)));
    }
    ui::EndCard();
}

void DrawReasonTotals(const RejectionInsights& r, ImVec2 size) {
    ui::BeginCard("reasons-total", "All rejection reasons", size);
    std::vector<ui::Bar> bars;
    for (const auto& [reason, name] : EnumValues<RejectReason>()) {
        auto it = r.counts.find(reason);
        if (it == r.counts.end()) continue;
        double share = r.total > 0 ? static_cast<double>(it->second) / static_cast<double>(r.total) : 0;
        bars.push_back({ReasonLabel(reason), static_cast<double>(it->second), FormatCount(it->second),
                        FormatPercent(share) + " of rejections", ReasonColor(reason)});
    }
    std::stable_sort(bars.begin(), bars.end(), [](const ui::Bar& a, const ui::Bar& b) { return a.value > b.value; });
    if (bars.empty()) {
        ui::MutedText("No rejections in this period.");
    } else {
        ui::HorizontalBars("reasons-total-bars", bars, ImGui::GetContentRegionAvail().x,
                           std::min(ui::Px(28), (ImGui::GetContentRegionAvail().y - ui::Px(4)) / static_cast<float>(bars.size()) -
                                            ImGui::GetStyle().ItemSpacing.y));
    }
    ui::EndCard();
}

// A ranked list of themes, each with its count, a bar, and what was said most in its words.
void DrawThemes(const char* id, const char* title, const char* empty, FeedbackKind kind, const ThemeList& list, float card_width,
                Intents& intents) {
    const ui::Palette& colors = ui::Colors();
    ui::BeginCard(id, title, ImVec2(card_width, 0));
    if (list.themes.empty()) {
        ui::MutedText(empty);
        ui::EndCard();
        return;
    }
    ui::MutedText((FormatCount(list.total) + " logged; by tag, or by wording when untagged").c_str());
    ImGui::Dummy(ImVec2(0, ui::Px(2)));
    std::int64_t top = list.themes.front().count;
    float width = ImGui::GetContentRegionAvail().x;
    for (std::size_t i = 0; i < list.themes.size(); ++i) {
        const Theme& theme = list.themes[i];
        ImGui::PushID(static_cast<int>(i));
        ImVec2 pos = ImGui::GetCursorScreenPos();
        float line = ImGui::GetTextLineHeight();
        ImDrawList* draw = ImGui::GetWindowDrawList();
        // Rank, name (a tag as a chip), count, and a bar scaled to the top theme.
        std::string rank = std::to_string(i + 1);
        draw->AddText(ImVec2(pos.x, pos.y + ui::Px(2)), ui::U32(colors.text_muted), rank.c_str());
        ImGui::SetCursorScreenPos(ImVec2(pos.x + ui::Px(24), pos.y));
        std::string label = theme.by_tag ? "#" + theme.key : "“" + theme.key + "”";
        bool clicked = false;
        if (theme.by_tag) {
            clicked = Chip(std::string(id) + "-theme-" + theme.key, label, KindColor(kind), true);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show every %s tagged %s", KindLabel(kind), theme.key.c_str());
        } else {
            ImGui::PushTextWrapPos(pos.x + width * 0.7f - ImGui::GetWindowPos().x);
            ImGui::TextUnformatted(label.c_str());
            ImGui::PopTextWrapPos();
            ui::Mirror(std::string(id) + "-theme-" + std::to_string(i), label);
        }
        std::string count = FormatCount(theme.count);
        float bar_left = pos.x + width * 0.72f, bar_right = pos.x + width - ui::Px(44);
        float bar_y = pos.y + line * 0.5f + ui::Px(2);
        draw->AddRectFilled(ImVec2(bar_left, bar_y - ui::Px(4)), ImVec2(bar_right, bar_y + ui::Px(4)), ui::U32(colors.surface_alt), ui::Px(3));
        float fill = top > 0 ? (bar_right - bar_left) * static_cast<float>(theme.count) / static_cast<float>(top) : 0;
        draw->AddRectFilled(ImVec2(bar_left, bar_y - ui::Px(4)), ImVec2(bar_left + fill, bar_y + ui::Px(4)), KindColor(kind), ui::Px(3));
        ImVec2 count_size = ImGui::CalcTextSize(count.c_str());
        draw->AddText(ImVec2(pos.x + width - count_size.x, pos.y + ui::Px(2)), ui::U32(colors.text), count.c_str());
        ui::Mirror(std::string(id) + "-count-" + std::to_string(i), label + ": " + count, {.role = ui::Role::Text});
        // What it sounds like: the most frequent wordings.
        ImGui::SetCursorScreenPos(ImVec2(pos.x + ui::Px(24), ImGui::GetCursorScreenPos().y));
        ImGui::PushFont(ui::Font(ui::FontRole::Small));
        ImGui::PushTextWrapPos(pos.x + width - ImGui::GetWindowPos().x);
        for (std::size_t e = 0; e < theme.examples.size() && e < (theme.by_tag ? 2u : 0u); ++e) {
            const ThemeExample& example = theme.examples[e];
            std::string text = "“" + example.text + "”" + (example.count > 1 ? "  ×" + std::to_string(example.count) : "");
            ui::MutedText(text.c_str());
        }
        ImGui::PopTextWrapPos();
        ImGui::PopFont();
        ImGui::Dummy(ImVec2(0, ui::Px(4)));
        if (clicked) {
            FeedFilter filter;
            filter.kind = kind;
            filter.tag = theme.key;
            intents.navigate = FeedRoute(filter);
        }
        ImGui::PopID();
    }
    ui::EndCard();
}

}  // namespace

void DrawInsights(const AppState& state, const FeedbackQuery& query, Intents& intents) {
    const Remote<FeedbackInsights>& remote = state.feedback.insights;
    static constexpr const char* kPeriods[] = {"4 weeks", "13 weeks", "26 weeks", "52 weeks"};
    static constexpr int kWeeks[] = {4, 13, 26, 52};
    int selected = static_cast<int>(std::find(std::begin(kWeeks), std::end(kWeeks), query.insight_weeks) - std::begin(kWeeks));
    int clicked = ui::Segmented("insights-period", kPeriods, selected);
    if (clicked >= 0 && clicked != selected) {
        FeedbackQuery next = query;
        next.insight_weeks = kWeeks[clicked];
        intents.navigate = FeedbackRoute(next);
    }
    if (remote.value) {
        const FeedbackInsights& insights = *remote.value;
        ImGui::SameLine(0, ui::Px(16));
        ImGui::AlignTextToFramePadding();
        std::string summary = FormatCount(insights.rejections.total) + " rejections · " + FormatCount(insights.objections.total) +
                              " objections · " + FormatCount(insights.questions.total) + " questions, " +
                              DayLabel(insights.from) + " – " + DayLabel(insights.to - 1);
        ui::MutedText(summary.c_str());
        ui::Mirror("insights-summary", summary);
    }
    if (remote.Failed() && ui::Banner("insights-error", ui::BannerKind::Error,
                                      (ICON_WARNING "  The insights could not be loaded: " + remote.error).c_str(), "Retry"))
        intents.feedback.refresh = true;
    if (!remote.value) {
        Loading("insights-loading", "Loading insights…");
        return;
    }
    const FeedbackInsights& insights = *remote.value;
    const RejectionInsights& r = insights.rejections;
    ImGui::Dummy(ImVec2(0, ui::Px(2)));
    float spacing = ImGui::GetStyle().ItemSpacing.x;
    float width = ImGui::GetContentRegionAvail().x;
    float half = std::floor((width - spacing) * 0.5f);
    DrawReasonGroups("reasons-by-source", "Why sales sent leads back, by source", r, r.by_source, 9, ImVec2(half, ui::Px(330)));
    ImGui::SameLine();
    DrawReasonGroups("reasons-by-campaign", "…and by campaign", r, r.by_campaign, 9, ImVec2(width - half - spacing, ui::Px(330)));
    float left = std::floor(width * 0.62f);
    DrawWeeklyReasons(r, ImVec2(left, ui::Px(250)));
    ImGui::SameLine();
    DrawReasonTotals(r, ImVec2(width - left - spacing, ui::Px(250)));

    // Two columns of themes, each as tall as its content.
    DrawThemes("objections", "Objections heard most", "No objections logged in this period.", FeedbackKind::Objection,
               insights.objections, half, intents);
    ImGui::SameLine();
    DrawThemes("questions", "Questions asked most", "No questions logged in this period.", FeedbackKind::Question,
               insights.questions, width - half - spacing, intents);
}

}  // namespace tandem::feedback_ui
