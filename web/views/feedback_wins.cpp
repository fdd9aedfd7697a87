// The digest of customers won (see feedback_wins.h).
#include "views/feedback_wins.h"

#include <cmath>

#include "tandem/format.h"
#include "ui/charts.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/feedback_common.h"

namespace tandem::feedback_ui {

namespace {

void DrawWinTile(const char* id, const char* label, const std::string& value, const std::string& note, ImVec2 size) {
    ui::BeginCard(id, nullptr, size);
    ui::MutedText(label);
    ImGui::PushFont(ui::Font(ui::FontRole::Display));
    ImGui::TextUnformatted(value.c_str());
    ImGui::PopFont();
    ui::Mirror(id, value);
    ui::MutedText(note.c_str());
    ui::EndCard();
}

void DrawWin(const AppState& state, const Win& win, FeedbackForm& form, Intents& intents) {
    const ui::Palette& colors = ui::Colors();
    std::string id = std::to_string(win.lead_id);
    ImGui::PushID(id.c_str());
    ImGui::PushFont(ui::Font(ui::FontRole::Strong));
    std::string company = win.company.empty() ? win.name : win.company;
    ImGui::TextUnformatted(company.c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    std::string value = win.deal_value ? FormatMoney(static_cast<double>(*win.deal_value)) : std::string(kNoData);
    ImGui::TextColored(colors.good, "%s", value.c_str());
    ui::Mirror("win-" + id, company + " · " + value);
    std::string origin = SourceName(win.source) + (win.campaign_name.empty() ? "" : " · " + win.campaign_name);
    std::string meta = win.name + " · won " + DayLabel(DateOf(win.won_at)) + " after " +
                       FormatDays(win.cycle_days) + " · came in through " + origin;
    if (win.owner_id) meta += " · " + UserName(state, *win.owner_id);
    ImGui::PushTextWrapPos(0);
    ui::MutedText(meta.c_str());
    if (win.story) {
        ImGui::PushStyleColor(ImGuiCol_Text, colors.text);
        ImGui::TextUnformatted(("“" + win.story->text + "” — " + UserName(state, win.story->author_id)).c_str());
        ImGui::PopStyleColor();
        ui::Mirror("win-story-" + id, win.story->text);
    } else {
        if (ui::Link(("win-add-story-" + id).c_str(), "Add the win story")) form.Open(FeedbackKind::WinStory, win.lead_id, win.campaign_id);
        ImGui::SameLine();
        ui::MutedText("· what made them buy helps marketing find the next one");
    }
    ImGui::PopTextWrapPos();
    if (ui::Link(("win-lead-" + id).c_str(), "Open the lead")) intents.navigate = LeadRoute(win.lead_id);
    ImGui::Dummy(ImVec2(0, ui::Px(4)));
    ImGui::Separator();
    ImGui::Dummy(ImVec2(0, ui::Px(2)));
    ImGui::PopID();
}

}  // namespace

void DrawWins(const AppState& state, const FeedbackQuery& query, FeedbackForm& form, Intents& intents) {
    const Remote<WinsDigest>& remote = state.feedback.wins;
    static constexpr const char* kPeriods[] = {"30 days", "90 days", "365 days"};
    static constexpr int kDays[] = {30, 90, 365};
    int selected = static_cast<int>(std::find(std::begin(kDays), std::end(kDays), query.win_days) - std::begin(kDays));
    int clicked = ui::Segmented("wins-period", kPeriods, selected);
    if (clicked >= 0 && clicked != selected) {
        FeedbackQuery next = query;
        next.win_days = kDays[clicked];
        intents.navigate = FeedbackRoute(next);
    }
    if (remote.Failed() && ui::Banner("wins-error", ui::BannerKind::Error,
                                      (ICON_WARNING "  The wins could not be loaded: " + remote.error).c_str(), "Retry"))
        intents.feedback.refresh = true;
    if (!remote.value) {
        Loading("wins-loading", "Loading wins…");
        return;
    }
    const WinsDigest& digest = *remote.value;
    ImGui::Dummy(ImVec2(0, ui::Px(2)));
    float spacing = ImGui::GetStyle().ItemSpacing.x;
    float width = ImGui::GetContentRegionAvail().x;
    float tile = (width - 3 * spacing) / 4.0f;
    std::string period = DayLabel(digest.from) + " – " + DayLabel(digest.to - 1);
    DrawWinTile("wins-count", "Customers won", FormatCount(digest.count), period, ImVec2(tile, ui::Px(104)));
    ImGui::SameLine();
    DrawWinTile("wins-revenue", "Revenue", FormatMoney(static_cast<double>(digest.revenue)),
                digest.count > 0 ? "Average deal " + FormatMoney(static_cast<double>(digest.revenue) / static_cast<double>(digest.count))
                                 : std::string("No deals"),
                ImVec2(tile, ui::Px(104)));
    ImGui::SameLine();
    DrawWinTile("wins-cycle", "Average cycle", FormatDays(digest.avg_cycle_days), "From lead created to won", ImVec2(tile, ui::Px(104)));
    ImGui::SameLine();
    std::string top = digest.by_source.empty() ? std::string(kNoData) : SourceName(digest.by_source.front().source);
    DrawWinTile("wins-top-source", "Brought in most", top,
                digest.by_source.empty() ? "" : FormatCount(digest.by_source.front().count) + " of " + FormatCount(digest.count) + " wins",
                ImVec2(tile, ui::Px(104)));

    float left = std::floor(width * 0.34f);
    ImGui::BeginGroup();
    ui::BeginCard("wins-by-source", "What brought them in", ImVec2(left, 0));
    std::vector<ui::Bar> bars;
    for (const WinsBySource& source : digest.by_source)
        bars.push_back({SourceName(source.source), static_cast<double>(source.count), FormatCount(source.count),
                        FormatMoney(static_cast<double>(source.revenue)) + " revenue", ui::U32(ui::Colors().good)});
    if (bars.empty()) ui::MutedText("No customer won in this period.");
    else ui::HorizontalBars("wins-sources", bars, ImGui::GetContentRegionAvail().x, ui::Px(28));
    ui::EndCard();
    ImGui::EndGroup();
    ImGui::SameLine();
    ui::BeginCard("wins-list", "Newly won, newest first", ImVec2(width - left - spacing, 0));
    if (digest.wins.empty()) ui::MutedText("No customer won in this period.");
    for (const Win& win : digest.wins) DrawWin(state, win, form, intents);
    if (digest.truncated)
        ui::MutedText(("and " + FormatCount(digest.count - static_cast<std::int64_t>(digest.wins.size())) + " more").c_str());
    ui::EndCard();
}

}  // namespace tandem::feedback_ui
