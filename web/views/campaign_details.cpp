// The side panel: a campaign's details (offer, audience, notes for sales, owner, results, clashes
// with their reasons), or what launches in the next 14 days; and the confirmation before cancelling.
#include <string>
#include <vector>

#include "tandem/format.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/campaign_view.h"

namespace tandem::campaign_view {

namespace {

// A small upper-case caption above a field of the panel.
void Label(const char* text) {
    ImGui::Dummy(ImVec2(0, ui::Px(4)));
    ImGui::PushFont(ui::Font(ui::FontRole::Small));
    ui::MutedText(text);
    ImGui::PopFont();
}

void Wrapped(const std::string& text, std::string_view mirror_id, const ui::Aria& aria = {}) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ui::Mirror(mirror_id, text, aria);
}

}  // namespace

DetailsActions DrawDetails(const AppState& state, const CalendarRoute& calendar, const CampaignPlan& plan,
                           const CampaignView& view, Date today, ImVec2 size, Intents& intents) {
    const ui::Palette& colors = ui::Colors();
    const Campaign& campaign = view.campaign;
    DetailsActions actions;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ui::Px(16), ui::Px(14)));
    ui::BeginPanel("details", size);
    // Type and status on a line, the close button at the right.
    TypeSwatch(campaign.type, StatusAlpha(campaign.status));
    ImGui::SameLine(0, ui::Px(8));
    std::string kind = CampaignTypeLabel(campaign.type) + " · " + CampaignStatusLabel(campaign.status);
    ui::MutedText(kind.c_str());
    ui::Mirror("details-status", CampaignStatusLabel(campaign.status));
    ImGui::SameLine(ImGui::GetContentRegionMax().x - ui::Px(22));
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_Border, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ui::Px(4), ui::Px(2)));
    if (ImGui::Button(ICON_CLOSE "##close-details")) intents.navigate = WithSelection(calendar, std::nullopt);
    ImGui::PopStyleVar();
    ImGui::PopStyleColor(2);
    ui::Mirror("details-close", "Close");

    ImGui::PushFont(ui::Font(ui::FontRole::Heading));
    Wrapped(campaign.name, "details-name", {.role = ui::Role::Heading, .level = 2});
    ImGui::PopFont();
    std::string dates = FormatDayRange(campaign.start, campaign.end) + " · " +
                        Plural(campaign.end - campaign.start + 1, "day", "days");
    ImGui::TextUnformatted(dates.c_str());
    ui::Mirror("details-dates", dates);
    ui::MutedText(WhenText(campaign, today).c_str());
    // The actions come before the long part of the panel, so they never need scrolling to.
    if (CanWrite(state)) {
        ImGui::Dummy(ImVec2(0, ui::Px(4)));
        if (ImGui::Button(ICON_PENCIL "  Edit")) actions.edit = true;
        ui::Mirror("details-edit", "Edit");
        if (campaign.status != CampaignStatus::Cancelled) {
            ImGui::SameLine();
            ImGui::PushStyleColor(ImGuiCol_Text, colors.bad);
            if (ImGui::Button(ICON_BAN "  Cancel campaign")) actions.cancel = true;
            ImGui::PopStyleColor();
            ui::Mirror("details-cancel", "Cancel campaign");
        }
    }

    if (!view.clashes.empty()) {
        ImGui::Dummy(ImVec2(0, ui::Px(6)));
        ImGui::PushStyleColor(ImGuiCol_ChildBg, colors.bad_soft);
        ImGui::PushStyleColor(ImGuiCol_Border, colors.bad);
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ui::Px(10), ui::Px(8)));
        ImGui::BeginChild("clashes", ImVec2(0, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
        ImGui::PushStyleColor(ImGuiCol_Text, colors.bad);
        std::string heading = ICON_WARNING "  Clashes with " +
                              Plural(static_cast<std::int64_t>(view.clashes.size()), "campaign", "campaigns");
        ImGui::PushFont(ui::Font(ui::FontRole::Strong));
        ImGui::TextUnformatted(heading.c_str());
        ImGui::PopFont();
        ImGui::PopStyleColor();
        ui::Mirror("details-clashes", heading, {.role = ui::Role::Heading, .level = 2});
        for (const Clash& clash : view.clashes) {
            std::string id = std::to_string(clash.campaign_id);
            if (ui::Link(("details-clash-link-" + id).c_str(), clash.campaign_name.c_str())) {
                if (const CampaignView* other = plan.Find(clash.campaign_id)) intents.navigate = Opening(calendar, other->campaign);
            }
            ImGui::PushFont(ui::Font(ui::FontRole::Small));
            Wrapped(clash.reason, "details-clash-" + id);
            ImGui::PopFont();
        }
        ImGui::EndChild();
        ImGui::PopStyleVar();
        ImGui::PopStyleColor(2);
    }

    Label("OFFER");
    Wrapped(campaign.offer.empty() ? std::string("—") : campaign.offer, "details-offer");
    Label("AUDIENCE");
    const Segment& segment = campaign.segment;
    auto list = [](const std::vector<std::string>& values, const char* everyone) {
        std::string out;
        for (const std::string& value : values) out += (out.empty() ? "" : ", ") + value;
        return out.empty() ? std::string(everyone) : out;
    };
    std::string audience = "Industries: " + list(segment.industries, "all") + "\nTitles: " + list(segment.titles, "all") +
                           "\nRegions: " + list(segment.regions, "all");
    if (segment.company_size_min || segment.company_size_max) {
        Segment sizes;
        sizes.company_size_min = segment.company_size_min;
        sizes.company_size_max = segment.company_size_max;
        audience += "\nCompany size: " + DescribeSegment(sizes);
    }
    Wrapped(audience, "details-audience");
    Label("NOTES FOR SALES");
    Wrapped(campaign.sales_notes.empty() ? std::string("—") : campaign.sales_notes, "details-notes");
    Label("OWNER");
    std::string owner = OwnerName(state, campaign.owner_id);
    ImGui::TextUnformatted(owner.c_str());
    ui::Mirror("details-owner", owner);

    Label("RESULTS SO FAR");
    const CampaignResults& r = view.results;
    const std::pair<const char*, std::int64_t> figures[] = {{"Leads", r.leads}, {"MQLs", r.mqls}, {"SQLs", r.sqls}, {"Won", r.won}};
    float cell = ImGui::GetContentRegionAvail().x / 4;
    float x0 = ImGui::GetCursorPosX();
    for (int i = 0; i < 4; ++i) {
        if (i > 0) ImGui::SameLine(x0 + cell * static_cast<float>(i), 0);
        ImGui::BeginGroup();
        ImGui::PushFont(ui::Font(ui::FontRole::Heading));
        ImGui::TextUnformatted(FormatCount(figures[i].second).c_str());
        ImGui::PopFont();
        ImGui::PushFont(ui::Font(ui::FontRole::Small));
        ui::MutedText(figures[i].first);
        ImGui::PopFont();
        ImGui::EndGroup();
    }
    std::string results = Plural(r.leads, "lead", "leads") + " · " + Plural(r.mqls, "MQL", "MQLs") + " · " +
                          Plural(r.sqls, "SQL", "SQLs") + " · " + FormatCount(r.won) + " won · " +
                          FormatMoney(static_cast<double>(r.revenue));
    ui::Mirror("details-results", results);
    std::string revenue = "Revenue " + FormatMoney(static_cast<double>(r.revenue));
    if (campaign.goal_leads && *campaign.goal_leads > 0)
        revenue += " · goal " + Plural(*campaign.goal_leads, "lead", "leads") + " (" +
                   FormatPercent(static_cast<double>(r.leads) / static_cast<double>(*campaign.goal_leads)) + ")";
    ui::MutedText(revenue.c_str());

    if (!campaign.description.empty()) {
        Label("DESCRIPTION");
        Wrapped(campaign.description, "details-description");
    }

    ImGui::EndChild();
    ImGui::PopStyleVar();
    return actions;
}

void DrawLaunches(const CalendarRoute& calendar, const CampaignPlan& plan, Date today, ImVec2 size, Intents& intents) {
    const ui::Palette& colors = ui::Colors();
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ui::Px(16), ui::Px(14)));
    ui::BeginPanel("launches", size);
    ImGui::PushFont(ui::Font(ui::FontRole::Strong));
    ImGui::TextUnformatted(ICON_ROCKET "  Launching in the next 14 days");
    ImGui::PopFont();
    ui::Mirror("launching-title", "Launching in the next 14 days", {.role = ui::Role::Heading, .level = 2});
    ui::MutedText("What sales will hear about first.");
    ImGui::Dummy(ImVec2(0, ui::Px(4)));
    int count = 0;
    for (const CampaignView& view : plan.views) {
        const Campaign& campaign = view.campaign;
        if (!LaunchesSoon(campaign, today)) continue;
        ++count;
        ImGui::PushID(static_cast<int>(campaign.id));
        std::string when = campaign.start == today ? "Today" : campaign.start == today + 1 ? "Tomorrow"
                                                                                          : Weekday(campaign.start) + ", " + ShortDay(campaign.start);
        ImGui::PushFont(ui::Font(ui::FontRole::Small));
        ui::MutedText(when.c_str());
        ImGui::PopFont();
        TypeSwatch(campaign.type);
        ImGui::SameLine(0, ui::Px(8));
        if (ui::Link(("launch-" + std::to_string(campaign.id)).c_str(), campaign.name.c_str(),
                     ImGui::GetContentRegionAvail().x - ui::Px(24)))
            intents.navigate = Opening(calendar, campaign);
        if (!view.clashes.empty()) {
            ImGui::SameLine(0, ui::Px(6));
            ImGui::TextColored(colors.bad, ICON_WARNING);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", view.clashes.front().reason.c_str());
        }
        std::string detail = CampaignTypeLabel(campaign.type) + (campaign.offer.empty() ? "" : " · " + campaign.offer);
        ImGui::PushFont(ui::Font(ui::FontRole::Small));
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ui::Px(18));
        std::string shown = Ellipsize(detail, ImGui::GetContentRegionAvail().x - ui::Px(18));
        ui::MutedText(shown.c_str());
        if (shown != detail && ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort)) ImGui::SetTooltip("%s", detail.c_str());
        ImGui::PopFont();
        ImGui::Dummy(ImVec2(0, ui::Px(2)));
        ImGui::PopID();
    }
    if (count == 0) ui::MutedText("Nothing launches in the next two weeks.");
    ui::MirrorValue("launching-count", std::to_string(count));

    // The colour key, at the bottom when there is room.
    float legend_height = ImGui::GetTextLineHeightWithSpacing() * 5;
    if (ImGui::GetContentRegionAvail().y > legend_height) {
        ImGui::SetCursorPosY(ImGui::GetCursorPosY() + ImGui::GetContentRegionAvail().y - legend_height);
        ImGui::Separator();
        ImGui::PushFont(ui::Font(ui::FontRole::Small));
        int column = 0;
        float half = ImGui::GetContentRegionAvail().x * 0.5f;
        float x0 = ImGui::GetCursorPosX();
        for (const auto& [type, name] : EnumValues<CampaignType>()) {
            if (column == 1) ImGui::SameLine(x0 + half);
            TypeSwatch(type);
            ImGui::SameLine(0, ui::Px(6));
            ui::MutedText(CampaignTypeLabel(type).c_str());
            column = 1 - column;
        }
        ImGui::TextColored(colors.bad, ICON_WARNING);
        ImGui::SameLine(0, ui::Px(6));
        ui::MutedText("clashes: same days, same audience");
        ImGui::PopFont();
    }
    ImGui::EndChild();
    ImGui::PopStyleVar();
}

// The confirmation before cancelling: the campaign stays on the calendar, marked cancelled.
void CancelConfirm::Open(const Campaign& campaign) {
    m_campaign = campaign;
    m_serial = 0;
    m_open_requested = true;
}

void CancelConfirm::Draw(const AppState& state, Intents& intents) {
    const char* popup = "Cancel campaign##confirm";
    if (m_open_requested) {
        ImGui::OpenPopup(popup);
        m_open_requested = false;
    }
    if (!ui::BeginDialog(popup, ui::Px(460), 0.4f)) return;
    const CampaignSave& save = state.campaigns.save;
    if (m_serial > 0 && save.serial == m_serial && save.status == CampaignSave::Status::Saved) {
        m_serial = 0;
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    ui::BeginDialogBody();
    ImGui::PushFont(ui::Font(ui::FontRole::Strong));
    std::string title = "Cancel \u201c" + m_campaign.name + "\u201d?";
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(title.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    ui::Mirror("confirm-title", title, {.role = ui::Role::Heading, .level = 2});
    ImGui::PushTextWrapPos(0.0f);
    ui::MutedText("It stays on the calendar, marked cancelled, and no longer clashes with anything. "
                  "Subscribed calendars show it as cancelled.");
    ImGui::PopTextWrapPos();
    bool failed = save.serial == m_serial && save.status == CampaignSave::Status::Failed;
    if (failed) {
        std::string message = save.conflict ? "Someone changed it since you opened it; close and try again."
                                            : "Not cancelled: " + save.error;
        ImGui::TextColored(ui::Colors().bad, "%s", message.c_str());
        ui::Mirror("confirm-error", message, {.role = ui::Role::Alert});
    }
    ui::EndDialogBody();
    ImGui::Dummy(ImVec2(0, ui::Px(6)));
    bool saving = m_serial > 0 && save.serial == m_serial && save.status == CampaignSave::Status::Saving;
    ImGui::BeginDisabled(saving || (failed && save.conflict));
    ImGui::PushStyleColor(ImGuiCol_Text, ui::Colors().bad);
    bool yes = ImGui::Button(ICON_BAN "  Cancel campaign");
    ImGui::PopStyleColor();
    ImGui::EndDisabled();
    ui::Mirror("confirm-cancel-yes", "Cancel campaign");
    ImGui::SameLine();
    bool no = ImGui::Button("Keep it");
    ui::Mirror("confirm-cancel-no", "Keep it");
    if (yes && !saving) {
        Campaign cancelled = m_campaign;
        cancelled.status = CampaignStatus::Cancelled;
        m_serial = 1000000 + ++m_count;   // apart from the form's numbers
        intents.campaigns.update = cancelled;
        intents.campaigns.save_serial = m_serial;
    }
    if (no || ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
        m_serial = 0;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace tandem::campaign_view
