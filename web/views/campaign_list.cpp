// The list: the month's campaigns (or, when searching, every match) in a table with results and clashes.
#include <string>
#include <vector>

#include "tandem/format.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/campaign_view.h"

namespace tandem::campaign_view {

void DrawList(const AppState& state, const CalendarRoute& calendar, const CampaignPlan& plan,
              const std::vector<std::size_t>& shown, ImVec2 size, Intents& intents) {
    const ui::Palette& colors = ui::Colors();
    ui::BeginPanel("campaign-list", size);
    std::string title = calendar.filter.text.empty()
                            ? Plural(static_cast<std::int64_t>(shown.size()), "campaign", "campaigns") + " running in " +
                                  MonthTitle(calendar.month)
                            : Plural(static_cast<std::int64_t>(shown.size()), "campaign matches", "campaigns match") +
                                  " \u201c" + calendar.filter.text + "\u201d, all dates";
    ImGui::PushFont(ui::Font(ui::FontRole::Strong));
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(title.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    ui::Mirror("list-title", title, {.role = ui::Role::Heading, .level = 2});
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                            ImGuiTableFlags_SizingStretchProp;
    // Narrower, the results and owners go first, then type and status (a row's accessible name
    // still says them all); long names wrap.
    float width = ImGui::GetContentRegionAvail().x;
    auto shown_from = [&](float css) { return width >= ui::Px(css) ? 0 : ImGuiTableColumnFlags_Disabled; };
    if (ImGui::BeginTable("campaign-table", 8, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        bool narrow = width < ui::Px(760);   // then the short columns take what their text needs
        if (narrow) ImGui::TableSetupColumn("Dates", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("Sep 30 – Dec 31").x);
        else ImGui::TableSetupColumn("Dates", ImGuiTableColumnFlags_WidthStretch, 1.25f);
        ImGui::TableSetupColumn("Campaign", ImGuiTableColumnFlags_WidthStretch, 3.0f);
        ImGui::TableSetupColumn("Type", ImGuiTableColumnFlags_WidthStretch | shown_from(500), 1.25f);
        ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthStretch | shown_from(500), 0.9f);
        ImGui::TableSetupColumn("Owner", ImGuiTableColumnFlags_WidthStretch | shown_from(760), 1.2f);
        ImGui::TableSetupColumn("Leads", ImGuiTableColumnFlags_WidthStretch | shown_from(760), 0.6f);
        ImGui::TableSetupColumn("SQLs", ImGuiTableColumnFlags_WidthStretch | shown_from(760), 0.6f);
        if (narrow) ImGui::TableSetupColumn("Clashes", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("Clashes").x);
        else ImGui::TableSetupColumn("Clashes", ImGuiTableColumnFlags_WidthStretch, 0.7f);
        ImGui::TableHeadersRow();
        for (std::size_t i : shown) {
            const CampaignView& view = plan.views[i];
            const Campaign& campaign = view.campaign;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            std::string dates = ShortDay(campaign.start) + " – " + ShortDay(campaign.end);
            bool selected = calendar.selected == campaign.id;
            bool clicked = ImGui::Selectable((dates + "##row-" + std::to_string(campaign.id)).c_str(), selected,
                                             ImGuiSelectableFlags_SpanAllColumns);
            std::string mirrored = campaign.name + "|" + CampaignTypeLabel(campaign.type) + "|" +
                                   CampaignStatusLabel(campaign.status) + "|" + std::to_string(view.clashes.size());
            // Heard as the row reads, cell by cell.
            std::string said = dates + ", " + campaign.name + ", " + CampaignTypeLabel(campaign.type) + ", " +
                               CampaignStatusLabel(campaign.status) + ", owner " + OwnerName(state, campaign.owner_id) +
                               ", " + FormatCount(view.results.leads) + " leads, " + FormatCount(view.results.sqls) +
                               " SQLs, " +
                               (view.clashes.empty() ? std::string("no clashes")
                                                     : Plural(static_cast<std::int64_t>(view.clashes.size()), "clash",
                                                              "clashes"));
            ui::Mirror("list-row-" + std::to_string(campaign.id), mirrored, {.role = ui::Role::Link, .name = said});
            if (clicked) intents.navigate = Opening(calendar, campaign);
            ImGui::TableNextColumn();
            ImGui::PushTextWrapPos(0);
            ImGui::TextUnformatted(campaign.name.c_str());
            ImGui::PopTextWrapPos();
            ImGui::TableNextColumn();
            TypeSwatch(campaign.type);
            ImGui::SameLine(0, ui::Px(6));
            ImGui::TextUnformatted(CampaignTypeLabel(campaign.type).c_str());
            ImGui::TableNextColumn();
            if (campaign.status == CampaignStatus::Cancelled) ui::MutedText("Cancelled");
            else ImGui::TextUnformatted(CampaignStatusLabel(campaign.status).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(OwnerName(state, campaign.owner_id).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(FormatCount(view.results.leads).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(FormatCount(view.results.sqls).c_str());
            ImGui::TableNextColumn();
            if (view.clashes.empty()) ui::MutedText("—");
            else ImGui::TextColored(colors.bad, ICON_WARNING " %zu", view.clashes.size());
        }
        ImGui::EndTable();
    }
    ImGui::EndChild();
}

}  // namespace tandem::campaign_view
