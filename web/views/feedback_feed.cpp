// The feed: filters kept in the URL, then one row per piece of feedback, newest first; rows that
// arrive while it is open are highlighted for a few seconds (see feedback_feed.h).
#include "views/feedback_feed.h"

#include <cstdio>

#include "tandem/codec.h"
#include "tandem/format.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/feedback_common.h"

namespace tandem::feedback_ui {

void FeedTab::Draw(const AppState& state, const FeedbackQuery& query, Intents& intents) {
    DrawFilters(state, query, intents);
    const Remote<FeedbackPage>& feed = state.feedback.feed;
    if (feed.Failed()) {
        if (ui::Banner("feed-error", ui::BannerKind::Error, (ICON_WARNING "  The feedback could not be loaded: " + feed.error).c_str(),
                       "Retry"))
            intents.feedback.refresh = true;
    }
    if (!feed.value) {
        Loading("feed-loading", "Loading feedback…");
        return;
    }
    if (feed.value->items.empty()) {
        ImGui::Dummy(ImVec2(0, ui::Px(8)));
        ui::EmptyState("feed-empty", ICON_FEEDBACK, query.filter.Any() ? "Nothing matches these filters" : "No feedback yet",
                       query.filter.Any() ? "Clear a filter, or log what you heard with “Log feedback”."
                                          : "Rejections, objections, questions, content requests and win stories "
                                            "logged from the dashboard, the command line or the API appear here.");
        return;
    }
    DrawTable(state, query, intents);
}

void FeedTab::DrawFilters(const AppState& state, const FeedbackQuery& query, Intents& intents) {
    const FeedFilter& filter = query.filter;
    // The text boxes follow the URL, unless being typed in.
    if (filter.lead_id != m_lead_for || filter.tag != m_tag_for) {
        std::snprintf(m_lead, sizeof m_lead, "%s", filter.lead_id ? std::to_string(*filter.lead_id).c_str() : "");
        std::snprintf(m_tag, sizeof m_tag, "%s", filter.tag.c_str());
        m_lead_for = filter.lead_id;
        m_tag_for = filter.tag;
    }
    FeedFilter next = filter;

    // The filters wrap onto more lines where the window is narrow.
    ui::Flow flow("filters");
    flow.Next();
    ImGui::SetNextItemWidth(ui::Px(160));
    if (ImGui::BeginCombo("##kind", filter.kind ? KindLabel(*filter.kind) : "All kinds")) {
        if (ImGui::Selectable("All kinds", !filter.kind)) next.kind.reset();
        for (FeedbackKind kind : kKinds) {
            if (ImGui::Selectable(KindLabel(kind), filter.kind == kind)) next.kind = kind;
            ui::Mirror("filter-kind/" + std::string(ToString(kind)), KindLabel(kind));
        }
        ImGui::EndCombo();
    }
    ui::Mirror("filter-kind", filter.kind ? KindLabel(*filter.kind) : "All kinds",
               {.role = ui::Role::Combobox, .name = "Filter by kind"});
    flow.Next();
    ImGui::SetNextItemWidth(ui::Px(110));
    ImGui::InputTextWithHint("##lead", "Lead #", m_lead, sizeof m_lead, ImGuiInputTextFlags_CharsDecimal);
    if (ImGui::IsItemDeactivated()) {
        std::string text = Trim(m_lead);
        std::optional<std::int64_t> lead;
        if (!text.empty() && text.size() < 16) lead = std::stoll(text);
        if (lead && *lead < 1) lead.reset();
        next.lead_id = lead;
    }
    ui::Mirror("filter-lead", m_lead, {.name = "Filter by lead number"});
    flow.Next();
    ImGui::SetNextItemWidth(ui::Px(220));
    std::string campaign = filter.campaign_id ? CampaignLabel(state.feedback, *filter.campaign_id) : "All campaigns";
    if (ImGui::BeginCombo("##campaign", campaign.c_str())) {
        if (ImGui::Selectable("All campaigns", !filter.campaign_id)) next.campaign_id.reset();
        if (state.feedback.campaigns.value)
            for (const CampaignName& c : *state.feedback.campaigns.value)
                if (ImGui::Selectable((c.name + "##f" + std::to_string(c.id)).c_str(), filter.campaign_id == c.id))
                    next.campaign_id = c.id;
        ImGui::EndCombo();
    }
    ui::Mirror("filter-campaign", campaign, {.role = ui::Role::Combobox, .name = "Filter by campaign"});
    flow.Next();
    ImGui::SetNextItemWidth(ui::Px(170));
    std::string author = filter.author_id ? UserName(state, *filter.author_id) : "Everyone";
    if (ImGui::BeginCombo("##author", author.c_str())) {
        if (ImGui::Selectable("Everyone", !filter.author_id)) next.author_id.reset();
        if (state.users.value)
            for (const User& user : *state.users.value)
                if (ImGui::Selectable((user.name + "##u" + std::to_string(user.id)).c_str(), filter.author_id == user.id))
                    next.author_id = user.id;
        ImGui::EndCombo();
    }
    ui::Mirror("filter-author", author, {.role = ui::Role::Combobox, .name = "Filter by author"});
    flow.Next();
    ImGui::SetNextItemWidth(ui::Px(140));
    ImGui::InputTextWithHint("##tag", ICON_TAG "  Tag", m_tag, sizeof m_tag);
    if (ImGui::IsItemDeactivated()) {
        std::string tag = ToLower(Trim(m_tag));
        next.tag = tag;
    }
    ui::Mirror("filter-tag", m_tag, {.name = "Filter by tag"});
    if (filter.Any()) {
        flow.Next();
        ImGui::AlignTextToFramePadding();
        if (ui::Link("filter-clear", "Clear filters")) next = FeedFilter();
    }
    flow.End();
    // Compared as routes: a filter that did not change navigates nowhere.
    if (FormatRoute(FeedRoute(next)) != FormatRoute(FeedRoute(filter))) intents.navigate = FeedRoute(next);
    ImGui::Dummy(ImVec2(0, ui::Px(2)));
}

void FeedTab::DrawTable(const AppState& state, const FeedbackQuery& query, Intents& intents) {
    const ui::Palette& colors = ui::Colors();
    const FeedbackPage& page = *state.feedback.feed.value;
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                            ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_PadOuterX;
    // Narrower than the six columns need, a row stacks into one cell: kind, when and who on one
    // line, then what it is about, what was said and the tags.
    bool stacked = ImGui::GetContentRegionAvail().x < ui::Px(1000);
    if (!ui::BeginPageTable("feed", stacked ? 1 : 6, flags, ImVec2(0, ImGui::GetContentRegionAvail().y), 0)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    if (stacked) {
        ImGui::TableSetupColumn("Feedback, newest first", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    } else {
        ImGui::TableSetupColumn("When", ImGuiTableColumnFlags_WidthFixed, ui::Px(86));
        ImGui::TableSetupColumn("Kind", ImGuiTableColumnFlags_WidthFixed, ui::Px(196));   // "Content request · In progress" fits
        ImGui::TableSetupColumn("From", ImGuiTableColumnFlags_WidthFixed, ui::Px(118));
        ImGui::TableSetupColumn("About", ImGuiTableColumnFlags_WidthFixed, ui::Px(190));
        ImGui::TableSetupColumn("What was said", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("Tags", ImGuiTableColumnFlags_WidthFixed, ui::Px(170));
    }
    ImGui::TableHeadersRow();
    auto next_cell = [stacked] {
        if (!stacked) ImGui::TableNextColumn();
    };
    for (const Feedback& feedback : page.items) {
        std::string id = std::to_string(feedback.id);
        ImGui::TableNextRow(ImGuiTableRowFlags_None, ui::Px(34));
        if (state.feedback.fresh.count(feedback.id))
            ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, ui::U32(colors.accent_soft));
        std::string when = Ago(state, feedback.at);
        std::string kind = KindLabel(feedback.kind);
        if (feedback.status) kind += " · " + Humanise(ToString(*feedback.status));
        std::string author = UserName(state, feedback.author_id);
        ImGui::TableNextColumn();
        ui::Flow flow(("row-head-" + id).c_str(), ui::Px(8));
        if (stacked) {
            ImGui::Dummy(ImVec2(0, ui::Px(2)));
            flow.Next();
            Chip("kind-" + id, kind, KindColor(feedback.kind));
            flow.Next();
        } else {
            ImGui::AlignTextToFramePadding();
        }
        ui::MutedText(stacked ? (when + " · " + author).c_str() : when.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", FormatTimestamp(feedback.at).c_str());
        flow.End();

        if (!stacked) {
            ImGui::TableNextColumn();
            ImGui::SetCursorPosY(ImGui::GetCursorPosY() + ui::Px(3));
            Chip("kind-" + id, kind, KindColor(feedback.kind));

            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(author.c_str());
        }

        next_cell();
        if (!stacked) ImGui::AlignTextToFramePadding();
        if (feedback.lead_id) {
            if (ui::Link(("lead-" + id).c_str(), ("Lead " + std::to_string(*feedback.lead_id)).c_str()))
                intents.navigate = LeadRoute(*feedback.lead_id);
            if (feedback.campaign_id) ImGui::SameLine(0, ui::Px(4));
        }
        if (feedback.campaign_id) {
            std::string name = (feedback.lead_id ? "· " : "") + CampaignLabel(state.feedback, *feedback.campaign_id);
            ImGui::PushTextWrapPos(0);
            ui::MutedText(name.c_str());
            ImGui::PopTextWrapPos();
        }
        if (!feedback.lead_id && !feedback.campaign_id && !stacked) ui::MutedText("—");

        next_cell();
        if (!stacked) ImGui::AlignTextToFramePadding();
        std::string text = feedback.text;
        if (feedback.reason) text = ReasonLabel(*feedback.reason) + (text.empty() ? "" : " — " + text);
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopTextWrapPos();
        // Stable for the browser tests: kind|reason|lead|campaign|author|text (empty where absent); a
        // screen reader hears the row as it is shown instead.
        std::string said = when + ", " + KindLabel(feedback.kind);
        if (feedback.status) said += ", " + Humanise(ToString(*feedback.status));
        said += ", from " + author;
        if (feedback.lead_id) said += ", Lead " + std::to_string(*feedback.lead_id);
        if (feedback.campaign_id) said += ", " + CampaignLabel(state.feedback, *feedback.campaign_id);
        if (!text.empty()) said += ", " + text;
        ui::Mirror("feedback-" + id,
                   std::string(ToString(feedback.kind)) + "|" +
                       (feedback.reason ? std::string(ToString(*feedback.reason)) : "") + "|" +
                       (feedback.lead_id ? std::to_string(*feedback.lead_id) : "") + "|" +
                       (feedback.campaign_id ? std::to_string(*feedback.campaign_id) : "") + "|" + author + "|" +
                       feedback.text,
                   {.name = said});

        next_cell();
        if (!stacked) ImGui::SetCursorPosY(ImGui::GetCursorPosY() + ui::Px(3));
        float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
        for (std::size_t t = 0; t < feedback.tags.size(); ++t) {
            const std::string& tag = feedback.tags[t];
            if (t > 0) {
                ImGui::SameLine(0, ui::Px(4));
                if (ImGui::GetCursorScreenPos().x + ImGui::CalcTextSize(tag.c_str()).x + ui::Px(14) > right) ImGui::NewLine();
            }
            if (Chip("tag-" + id + "-" + tag, tag, ui::U32(colors.text_muted), true)) {
                FeedFilter next = query.filter;
                next.tag = tag;
                intents.navigate = FeedRoute(next);
            }
        }
        if (stacked) ImGui::Dummy(ImVec2(0, ui::Px(2)));
    }
    if (page.next_cursor) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(stacked ? 0 : 4);
        ImGui::Dummy(ImVec2(0, ui::Px(4)));
        ImGui::BeginDisabled(state.feedback.loading_more);
        if (ImGui::Button(state.feedback.loading_more ? "Loading…" : "Load older feedback")) intents.feedback.load_more = true;
        ImGui::EndDisabled();
        ui::Mirror("feed-more", "Load older feedback");
    }
    ImGui::EndTable();
}

}  // namespace tandem::feedback_ui
