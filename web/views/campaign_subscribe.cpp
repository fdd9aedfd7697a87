// The subscribe panel: the private calendar-feed URL for Outlook, Google Calendar and Apple Calendar.
#include <cstdio>
#include <string>

#include "tandem/format.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/campaign_view.h"

namespace tandem::campaign_view {

void SubscribePanel::Draw(const AppState& state, Intents& intents) {
    const ui::Palette& colors = ui::Colors();
    const char* popup = "Subscribe##feed";
    if (m_open_requested) {
        ImGui::OpenPopup(popup);
        m_open_requested = false;
    }
    if (!ui::BeginDialog(popup, ui::Px(640), 0.42f)) return;
    const CampaignsState& campaigns = state.campaigns;
    ImGui::PushFont(ui::Font(ui::FontRole::Heading));
    ImGui::TextUnformatted(ICON_RSS "  Subscribe in your calendar app");
    ImGui::PopFont();
    ui::Mirror("feed-title", "Subscribe in your calendar app", {.role = ui::Role::Heading, .level = 2});
    ui::BeginDialogBody();
    ImGui::PushTextWrapPos(0.0f);
    ui::MutedText("Every campaign appears as an all-day event in Outlook, Google Calendar or Apple Calendar, with "
                  "its offer, audience and notes for sales, and follows every change. The URL is yours alone: it "
                  "opens the calendar without signing in, so keep it private.");
    ImGui::PopTextWrapPos();
    ImGui::Dummy(ImVec2(0, ui::Px(4)));

    Timestamp now = static_cast<Timestamp>(state.wall_now);
    const std::optional<CalendarFeed>& feed = campaigns.feed.value;
    std::string status;
    if (!feed) status = campaigns.feed.Failed() ? "Could not check your feed: " + campaigns.feed.error : "Checking…";
    else if (!feed->active) status = "You have no feed URL yet.";
    else {
        status = "Your feed URL was created " + Ago(feed->created_at.value_or(now), now) + "; ";
        status += feed->last_used_at ? "a calendar app last fetched it " + Ago(*feed->last_used_at, now) + "."
                                     : "no calendar app has fetched it yet.";
    }
    ImGui::TextUnformatted(status.c_str());
    ui::Mirror("feed-status", status, {.role = ui::Role::Status});

    if (campaigns.feed_url) {
        ImGui::Dummy(ImVec2(0, ui::Px(4)));
        ImGui::PushStyleColor(ImGuiCol_FrameBg, colors.surface_alt);
        std::snprintf(m_url, sizeof m_url, "%s", campaigns.feed_url->c_str());
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - ui::Px(96));
        ImGui::InputText("##feed-url", m_url, sizeof m_url, ImGuiInputTextFlags_ReadOnly | ImGuiInputTextFlags_AutoSelectAll);
        ImGui::PopStyleColor();
        ui::Mirror("feed-url", *campaigns.feed_url, {.name = "Feed URL"});
        ImGui::SameLine();
        if (ui::PrimaryButton(m_copied ? "Copied" : ICON_COPY "  Copy")) {
            intents.copy = *campaigns.feed_url;
            m_copied = true;
        }
        ui::Mirror("feed-copy", m_copied ? "Copied" : "Copy");
        ImGui::PushFont(ui::Font(ui::FontRole::Small));
        ImGui::PushTextWrapPos(0.0f);
        ui::MutedText("Shown only now. Google Calendar: Other calendars \u203a From URL. Outlook: Add calendar \u203a "
                      "Subscribe from web. Apple Calendar: File \u203a New Calendar Subscription.");
        ImGui::PopTextWrapPos();
        ImGui::PopFont();
    }
    if (!campaigns.feed_error.empty()) {
        ImGui::TextColored(colors.bad, "%s", campaigns.feed_error.c_str());
        ui::Mirror("feed-error", campaigns.feed_error, {.role = ui::Role::Alert});
    }
    ui::EndDialogBody();

    ImGui::Dummy(ImVec2(0, ui::Px(6)));
    ImGui::Separator();
    ImGui::Dummy(ImVec2(0, ui::Px(2)));
    bool active = feed && feed->active;
    ImGui::BeginDisabled(campaigns.feed_busy || !feed);
    const char* create = active ? "Get a new URL" : "Create my feed URL";
    bool clicked = campaigns.feed_url ? ImGui::Button(create) : ui::PrimaryButton(create);
    if (clicked) {
        intents.campaigns.create_feed = true;
        m_copied = false;
    }
    ui::Mirror("feed-create", create);
    if (active && ImGui::IsItemHovered()) ImGui::SetTooltip("The old URL stops working");
    if (active) {
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, colors.bad);
        if (ImGui::Button("Revoke")) intents.campaigns.revoke_feed = true;
        ImGui::PopStyleColor();
        ui::Mirror("feed-revoke", "Revoke");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Calendars subscribed with it stop updating");
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    bool close = ImGui::Button("Close");
    ui::Mirror("feed-close", "Close");
    if (close || ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
        intents.campaigns.forget_feed_url = true;
        m_copied = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace tandem::campaign_view
