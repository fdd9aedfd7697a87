// The campaign calendar's header (title, view switch, month stepper, subscribe, new campaign) and
// its filter row (type, status, owner, audience, text).
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "tandem/codec.h"
#include "tandem/format.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/campaign_view.h"

namespace tandem::campaign_view {

namespace {

// Typing pauses this long before the search goes into the URL (and the history).
constexpr double kSearchSettleSeconds = 0.6;

}  // namespace

HeaderActions DrawHeader(const AppState& state, const CalendarRoute& calendar, bool loading, Date today, Intents& intents,
                         float& right_width) {
    HeaderActions actions;
    ImGui::BeginGroup();
    ImGui::PushFont(ui::Font(ui::FontRole::Heading));
    ImGui::TextUnformatted("Campaigns");
    ImGui::PopFont();
    ui::Mirror("page-title", "Campaigns", {.role = ui::Role::Heading, .level = 1});
    ImGui::PushTextWrapPos(0);
    ui::MutedText("Every campaign, whom it targets and what it offers, before it launches.");
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();

    // Beside the title where they fit, else under it, wrapping where the window is narrow.
    ui::HeaderActionsAt(right_width);
    ImGui::BeginGroup();
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + ui::Px(6));
    ui::Flow flow("header-actions", ui::Px(10));
    flow.Next();
    int clicked = ui::Segmented("calendar-view", kModeLabels, static_cast<int>(calendar.mode));
    if (clicked >= 0 && clicked != static_cast<int>(calendar.mode)) {
        CalendarRoute next = calendar;
        next.mode = static_cast<Mode>(clicked);
        intents.navigate = WriteRoute(next);
    }
    flow.Next();
    ImGui::BeginGroup();   // the month and its arrows stay together
    if (ImGui::ArrowButton("##previous-month", ImGuiDir_Left)) {
        CalendarRoute next = calendar;
        next.month = PreviousPeriod(calendar.month);
        intents.navigate = WriteRoute(next);
    }
    ui::Mirror("calendar-previous", "Previous month");
    ImGui::SameLine(0, ui::Px(4));
    std::string title = MonthTitle(calendar.month);
    float title_width = ui::Px(128);
    ImVec2 title_size = ImGui::CalcTextSize(title.c_str());
    ImGui::AlignTextToFramePadding();
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (title_width - title_size.x) * 0.5f);
    ImGui::PushFont(ui::Font(ui::FontRole::Strong));
    ImGui::TextUnformatted(title.c_str());
    ImGui::PopFont();
    ui::Mirror("calendar-month", title);
    ImGui::SameLine(0, 0);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (title_width - title_size.x) * 0.5f + ui::Px(4));
    if (ImGui::ArrowButton("##next-month", ImGuiDir_Right)) {
        CalendarRoute next = calendar;
        next.month = NextPeriod(calendar.month);
        intents.navigate = WriteRoute(next);
    }
    ui::Mirror("calendar-next", "Next month");
    ImGui::EndGroup();
    flow.Next();
    if (ImGui::Button("Today")) {
        CalendarRoute next = calendar;
        next.month = CurrentPeriod(PeriodKind::Month, today);
        intents.navigate = WriteRoute(next);
    }
    ui::Mirror("calendar-today", "Today");
    flow.Next();
    if (ImGui::Button(ICON_RSS "  Subscribe")) actions.subscribe = true;
    ui::Mirror("subscribe", "Subscribe");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Add the campaign calendar to Outlook, Google Calendar or Apple Calendar");
    if (CanWrite(state)) {
        flow.Next();
        if (ui::PrimaryButton(ICON_PLUS "  New campaign")) actions.create = true;
        ui::Mirror("new-campaign", "New campaign");
    }
    // The spinner's place is kept while idle, so nothing shifts when a refresh starts.
    flow.Next();
    if (loading) ui::Spinner(ui::Px(9));
    else ImGui::Dummy(ImVec2(ui::Px(18), ui::Px(18)));
    flow.End();
    ImGui::EndGroup();
    right_width = flow.Width();
    return actions;
}

void DrawFilters(const AppState& state, CalendarRoute& calendar, const CampaignPlan& plan, SearchBox& search,
                 Intents& intents) {
    CalendarRoute next = calendar;
    bool changed = false;
    // The filters wrap onto more lines where the window is narrow.
    ui::Flow flow("filters");
    flow.Next();
    ImGui::AlignTextToFramePadding();
    ui::MutedText("Show");
    flow.Next();

    std::vector<std::string> labels = {"All types"}, keys = {"any"};
    int selected = 0;
    for (const auto& [type, name] : EnumValues<CampaignType>()) {
        labels.push_back(CampaignTypeLabel(type));
        keys.emplace_back(name);
        if (calendar.filter.type == type) selected = static_cast<int>(labels.size()) - 1;
    }
    if (int clicked = Choice("filter-type", labels, keys, selected, ui::Px(150), "Campaign type"); clicked >= 0) {
        next.filter.type = clicked == 0 ? std::nullopt : ParseEnum<CampaignType>(keys[clicked]);
        changed = true;
    }

    flow.Next();
    labels = {"All statuses"};
    keys = {"any"};
    selected = 0;
    for (const auto& [status, name] : EnumValues<CampaignStatus>()) {
        labels.push_back(CampaignStatusLabel(status));
        keys.emplace_back(name);
        if (calendar.filter.status == status) selected = static_cast<int>(labels.size()) - 1;
    }
    if (int clicked = Choice("filter-status", labels, keys, selected, ui::Px(130), "Campaign status"); clicked >= 0) {
        next.filter.status = clicked == 0 ? std::nullopt : ParseEnum<CampaignStatus>(keys[clicked]);
        changed = true;
    }

    // Owners: whoever owns a campaign in the plan, by name.
    flow.Next();
    std::vector<std::pair<std::string, std::int64_t>> owners;
    for (const Campaign& campaign : plan.campaigns) {
        if (!campaign.owner_id) continue;
        bool known = std::any_of(owners.begin(), owners.end(), [&](const auto& o) { return o.second == *campaign.owner_id; });
        if (!known) owners.emplace_back(UserName(state, *campaign.owner_id), *campaign.owner_id);
    }
    std::sort(owners.begin(), owners.end());
    labels = {"All owners"};
    keys = {"any"};
    selected = 0;
    for (const auto& [name, id] : owners) {
        labels.push_back(name);
        keys.push_back(std::to_string(id));
        if (calendar.filter.owner_id == id) selected = static_cast<int>(labels.size()) - 1;
    }
    if (calendar.filter.owner_id && selected == 0) {   // from a link: an owner with no campaign
        labels.push_back(UserName(state, *calendar.filter.owner_id));
        keys.push_back(std::to_string(*calendar.filter.owner_id));
        selected = static_cast<int>(labels.size()) - 1;
    }
    if (int clicked = Choice("filter-owner", labels, keys, selected, ui::Px(160), "Owner"); clicked >= 0) {
        next.filter.owner_id = clicked == 0 ? std::nullopt : PositiveId(keys[clicked]);
        changed = true;
    }

    // Audience: every industry, title and region the plan names; a campaign for everyone reaches all.
    flow.Next();
    static constexpr const char* kDimensionLabels[] = {"Industry", "Title", "Region"};
    labels = {"Any audience"};
    keys = {"any"};
    selected = 0;
    std::vector<SegmentTerm> terms = SegmentTerms(plan.campaigns);
    if (calendar.filter.segment && std::find(terms.begin(), terms.end(), *calendar.filter.segment) == terms.end())
        terms.push_back(*calendar.filter.segment);
    for (const SegmentTerm& term : terms) {
        labels.push_back(std::string(kDimensionLabels[static_cast<int>(term.dimension)]) + ": " + term.value);
        keys.push_back(FormatSegmentTerm(term));
        if (calendar.filter.segment == term) selected = static_cast<int>(labels.size()) - 1;
    }
    if (int clicked = Choice("filter-segment", labels, keys, selected, ui::Px(190), "Audience"); clicked >= 0) {
        next.filter.segment = clicked == 0 ? std::nullopt : ParseSegmentTerm(keys[clicked]);
        changed = true;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Campaigns that reach this audience, including those for everyone");

    flow.Next();
    ImGui::SetNextItemWidth(ui::Px(230));
    // The URL is the truth (back and forward buttons change it); the field follows it unless it
    // holds typing not yet settled.
    if (!search.dirty && calendar.filter.text != search.text)
        std::snprintf(search.text, sizeof search.text, "%s", calendar.filter.text.c_str());
    if (ImGui::InputTextWithHint("##search", ICON_SEARCH "  Name, offer or notes", search.text, sizeof search.text)) {
        search.dirty = true;
        search.edited_at = state.now;
    }
    bool typing = ImGui::IsItemActive();
    ui::Mirror("filter-search", search.text, {.name = "Search campaigns"});
    if (search.dirty) {
        calendar.filter.text = search.text;
        if (!typing || state.now - search.edited_at >= kSearchSettleSeconds) {
            next.filter.text = search.text;
            search.dirty = false;
            changed = true;
        }
    }
    if (!calendar.filter.Empty()) {
        flow.Next();
        ImGui::AlignTextToFramePadding();
        if (ui::Link("filter-clear", "Clear filters")) {
            next.filter = {};
            search.text[0] = '\0';
            search.dirty = false;
            changed = true;
        }
    }
    flow.End();
    if (changed) intents.navigate = WriteRoute(next);
}

}  // namespace tandem::campaign_view
