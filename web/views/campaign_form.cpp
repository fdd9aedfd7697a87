// The campaign form (marketers and leaders): validated as typed by the same codec the server uses,
// with the clashes the campaign would have previewed by the same rules.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "tandem/codec.h"
#include "tandem/format.h"
#include "ui/date_picker.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/campaign_view.h"

namespace tandem::campaign_view {

namespace {

// "a, b,, c " -> {"a", "b", "c"}.
std::vector<std::string> SplitList(const char* text) {
    std::vector<std::string> out;
    std::string_view rest = text;
    while (true) {
        std::size_t comma = rest.find(',');
        std::string entry = Trim(rest.substr(0, comma));
        if (!entry.empty()) out.push_back(entry);
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    return out;
}

std::string JoinList(const std::vector<std::string>& list) {
    std::string out;
    for (const std::string& entry : list) out += (out.empty() ? "" : ", ") + entry;
    return out;
}

// A whole number typed into a field: null when empty, the number when it is one, else the text
// as typed, which the codec then refuses with its own message.
nlohmann::json NumberField(const char* text) {
    std::string value = Trim(text);
    if (value.empty()) return nullptr;
    bool digits = value.find_first_not_of("0123456789") == std::string::npos && value.size() < 16;
    if (digits) return std::stoll(value);
    if (value[0] == '-' && value.size() > 1 && value.size() < 17 &&
        value.find_first_not_of("0123456789", 1) == std::string::npos)
        return std::stoll(value);
    return value;
}

template <std::size_t N>
void Set(char (&buffer)[N], const std::string& text) {
    std::snprintf(buffer, N, "%s", text.c_str());
}

}  // namespace

int CampaignForm::NextSerial() {
    static int serial = 0;
    return ++serial;
}

void CampaignForm::OpenNew(const AppState& state, Date first_day) {
    Reset();
    m_editing = false;
    m_campaign = Campaign{};
    m_campaign.start = m_campaign.end = first_day;
    if (state.session.me) m_owner = state.session.me->id;
    std::snprintf(m_start, sizeof m_start, "%s", FormatDate(first_day).c_str());
    std::snprintf(m_end, sizeof m_end, "%s", FormatDate(first_day).c_str());
    m_opened_with = FormJson();
    m_open_requested = true;
}

void CampaignForm::OpenEdit(const Campaign& campaign) {
    Reset();
    m_editing = true;
    m_campaign = campaign;
    Fill(campaign);
    m_opened_with = FormJson();
    m_open_requested = true;
}

void CampaignForm::Draw(const AppState& state, const CalendarRoute& calendar, const CampaignPlan& plan,
                        Intents& intents) {
    const ui::Palette& colors = ui::Colors();
    const char* popup = "Campaign##form";
    if (m_open_requested) {
        ImGui::OpenPopup(popup);
        m_open_requested = false;
        m_focus_name = true;
    }
    if (!ui::BeginDialog(popup, ui::Px(720), 0.5f)) return;

    // The save came back: close on success, stay with the server's word otherwise.
    const CampaignSave& save = state.campaigns.save;
    bool saving = save.serial == m_serial && save.status == CampaignSave::Status::Saving;
    if (m_serial > 0 && save.serial == m_serial && save.status == CampaignSave::Status::Saved) {
        CalendarRoute next = calendar;
        next.selected = save.campaign_id;
        if (const CampaignView* saved = plan.Find(save.campaign_id)) {
            intents.navigate = Opening(calendar, saved->campaign);
        } else {
            intents.navigate = WriteRoute(next);
        }
        m_serial = 0;
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }

    FormGuard::Keys form_keys = m_guard.Begin("campaign-form");
    ImGui::PushFont(ui::Font(ui::FontRole::Heading));
    const char* title = m_editing ? "Edit campaign" : "Plan a campaign";
    ImGui::TextUnformatted(title);
    ImGui::PopFont();
    ui::Mirror("form-title", title, {.role = ui::Role::Heading, .level = 2});
    // Labels beside their fields; on a narrow screen (a phone) above them, the fields full width.
    // Measured outside the body, whose scroll bar would otherwise flip it.
    bool narrow = ImGui::GetContentRegionAvail().x < ui::Px(520);
    ui::BeginDialogBody();
    ImGui::PushTextWrapPos(0);
    ui::MutedText("Sales sees it on the calendar and in their calendar app as soon as it is saved.");
    ImGui::PopTextWrapPos();
    ImGui::Dummy(ImVec2(0, ui::Px(4)));

    // Validate as the server will, with the same codec, on every frame.
    nlohmann::json form = FormJson();
    std::optional<Campaign> valid;
    std::string error, error_field;
    try {
        valid = CampaignFromJson(form);
    } catch (const DecodeError& e) {
        error = e.Problem();
        error_field = e.Field();
    }
    std::string server_field = save.serial == m_serial && save.status == CampaignSave::Status::Failed ? save.field : "";
    float label_width = narrow ? ImGui::GetCursorPosX() : ui::Px(132);
    // Under its field, in the field's column; nothing at all (not even the cursor moved to that
    // column, which would put the next label under the next field) when the field is fine.
    auto field_error = [&](const char* field) {
        std::string message;
        if (error_field == field) message = error;
        else if (server_field == field) message = save.error;
        if (message.empty()) return;
        ImGui::SetCursorPosX(label_width);
        ImGui::PushStyleColor(ImGuiCol_Text, colors.bad);
        ImGui::PushFont(ui::Font(ui::FontRole::Small));
        ImGui::TextUnformatted(message.c_str());
        ImGui::PopFont();
        ImGui::PopStyleColor();
        ui::Mirror(std::string("form-error-") + field, message, {.role = ui::Role::Alert});
    };

    float full = ImGui::GetContentRegionAvail().x - (narrow ? 0.0f : label_width);
    auto label = [&](const char* text) {
        ImGui::AlignTextToFramePadding();
        ui::MutedFieldLabel(text);
        if (!narrow) ImGui::SameLine(label_width);
    };

    label("Name");
    if (m_focus_name) {
        ImGui::SetKeyboardFocusHere();
        m_focus_name = false;
    }
    ImGui::SetNextItemWidth(full);
    ImGui::InputTextWithHint("##name", "e.g. Retail Leaders Webinar", m_name, sizeof m_name);
    ui::Mirror("form-name", m_name);
    field_error("name");

    label("Type");
    std::vector<std::string> labels, keys;
    int selected = 0;
    for (const auto& [type, name] : EnumValues<CampaignType>()) {
        if (type == m_campaign.type) selected = static_cast<int>(labels.size());
        labels.push_back(CampaignTypeLabel(type));
        keys.emplace_back(name);
    }
    float half = (full - ui::Px(110)) * 0.5f;
    if (int clicked = Choice("form-type", labels, keys, selected, half); clicked >= 0)
        m_campaign.type = *ParseEnum<CampaignType>(keys[clicked]);
    ImGui::SameLine(0, ui::Px(20));
    ImGui::AlignTextToFramePadding();
    ui::MutedFieldLabel("Status");
    ImGui::SameLine();
    labels.clear();
    keys.clear();
    for (const auto& [status, name] : EnumValues<CampaignStatus>()) {
        if (status == m_campaign.status) selected = static_cast<int>(labels.size());
        labels.push_back(CampaignStatusLabel(status));
        keys.emplace_back(name);
    }
    if (int clicked = Choice("form-status", labels, keys, selected, ImGui::GetContentRegionAvail().x); clicked >= 0)
        m_campaign.status = *ParseEnum<CampaignStatus>(keys[clicked]);

    label("Runs");
    Date today = DateOf(static_cast<Timestamp>(state.wall_now));
    float spacing = ImGui::GetStyle().ItemSpacing.x;
    float date_width = ui::Px(130) + ui::Px(4) + ImGui::GetFrameHeight();   // a field and its calendar button
    // On a narrow screen (a phone) the end goes under the start rather than off the dialog's edge.
    auto next_line_if_narrow = [&](float width) {
        ImGui::SameLine();
        if (ImGui::GetContentRegionAvail().x >= width) return;
        ImGui::NewLine();
        ImGui::SetCursorPosX(label_width);
    };
    ui::DateField("##start", m_start, sizeof m_start, {.id = "form-start", .what = "start date", .width = ui::Px(130)}, today);
    next_line_if_narrow(ImGui::CalcTextSize("to").x + spacing + date_width);
    ImGui::AlignTextToFramePadding();
    ui::MutedText("to");
    ImGui::SameLine();
    ui::DateField("##end", m_end, sizeof m_end, {.id = "form-end", .name = "Runs to", .what = "end date", .width = ui::Px(130)},
                  today);
    next_line_if_narrow(ImGui::CalcTextSize("both days included").x);
    ImGui::AlignTextToFramePadding();
    ui::MutedText("both days included");
    field_error("start");
    field_error("end");

    label("Owner");
    labels = {"Nobody yet"};
    keys = {"none"};
    selected = 0;
    if (state.users.value) {
        std::vector<User> users = *state.users.value;
        std::sort(users.begin(), users.end(), [](const User& a, const User& b) { return a.name < b.name; });
        for (const User& user : users) {
            if (!user.active && m_owner != user.id) continue;
            labels.push_back(user.name);
            keys.push_back(std::to_string(user.id));
            if (m_owner == user.id) selected = static_cast<int>(labels.size()) - 1;
        }
    }
    if (int clicked = Choice("form-owner", labels, keys, selected, half); clicked >= 0)
        m_owner = clicked == 0 ? std::nullopt : PositiveId(keys[clicked]);
    ImGui::SameLine(0, ui::Px(20));
    ImGui::AlignTextToFramePadding();
    ui::MutedFieldLabel("Goal (leads)");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
    ImGui::InputTextWithHint("##goal", "optional", m_goal, sizeof m_goal);
    ui::Mirror("form-goal", m_goal);
    field_error("owner_id");
    field_error("goal_leads");

    label("Offer");
    ImGui::SetNextItemWidth(full);
    ImGui::InputTextWithHint("##offer", "What the audience gets, e.g. a checklist and a live demo", m_offer, sizeof m_offer);
    ui::Mirror("form-offer", m_offer);
    field_error("offer");

    ImGui::Dummy(ImVec2(0, ui::Px(2)));
    ImGui::AlignTextToFramePadding();
    ImGui::PushFont(ui::Font(ui::FontRole::Strong));
    ImGui::TextUnformatted("Audience");
    ImGui::PopFont();
    if (!narrow) ImGui::SameLine(label_width);
    ImGui::PushTextWrapPos(0);
    ui::MutedText("Comma-separated; leave a line empty for everyone.");
    ImGui::PopTextWrapPos();
    label("Industries");
    ImGui::SetNextItemWidth(full);
    ImGui::InputTextWithHint("##industries", "all industries", m_industries, sizeof m_industries);
    ui::Mirror("form-industries", m_industries);
    label("Titles");
    ImGui::SetNextItemWidth(full);
    ImGui::InputTextWithHint("##titles", "all titles", m_titles, sizeof m_titles);
    ui::Mirror("form-titles", m_titles);
    label("Regions");
    ImGui::SetNextItemWidth(full);
    ImGui::InputTextWithHint("##regions", "all regions", m_regions, sizeof m_regions);
    ui::Mirror("form-regions", m_regions);
    label("Company size");
    ImGui::SetNextItemWidth(ui::Px(110));
    ImGui::InputTextWithHint("##size-min", "any", m_size_min, sizeof m_size_min);
    ui::Mirror("form-size-min", m_size_min);
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ui::MutedText("to");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ui::Px(110));
    ImGui::InputTextWithHint("##size-max", "any", m_size_max, sizeof m_size_max);
    ui::Mirror("form-size-max", m_size_max, {.name = "Company size up to"});
    next_line_if_narrow(ImGui::CalcTextSize("employees").x);
    ImGui::AlignTextToFramePadding();
    ui::MutedText("employees");
    for (const char* field : {"segment.industries", "segment.titles", "segment.regions", "segment.company_size_min",
                              "segment.company_size_max", "segment"}) {
        if (error_field.starts_with(field) || server_field.starts_with(field)) {
            field_error(error_field.starts_with(field) ? error_field.c_str() : server_field.c_str());
            break;
        }
    }

    label("Notes for sales");
    ImGui::InputTextMultiline("##notes", m_notes, sizeof m_notes, ImVec2(full, ui::Px(54)));
    ui::Mirror("form-notes", m_notes);
    field_error("sales_notes");
    label("Description");
    ImGui::InputTextMultiline("##description", m_description, sizeof m_description, ImVec2(full, ui::Px(54)));
    ui::Mirror("form-description", m_description);
    field_error("description");

    // Clashes, previewed with the same rules the server applies.
    if (valid) {
        Campaign preview = *valid;
        preview.id = m_editing ? m_campaign.id : 0;
        std::vector<Clash> clashes = ClashesFor(preview, plan.campaigns);
        if (!clashes.empty()) {
            ImGui::Dummy(ImVec2(0, ui::Px(2)));
            ImGui::PushStyleColor(ImGuiCol_Text, colors.bad);
            std::string heading = ICON_WARNING "  This will clash with " +
                                  Plural(static_cast<std::int64_t>(clashes.size()), "campaign", "campaigns") +
                                  " (you can still save it):";
            ImGui::TextUnformatted(heading.c_str());
            ImGui::PopStyleColor();
            ui::Mirror("form-clashes", heading);
            ImGui::PushFont(ui::Font(ui::FontRole::Small));
            for (std::size_t i = 0; i < clashes.size() && i < 3; ++i) {
                std::string line = clashes[i].campaign_name + ": " + clashes[i].reason;
                ImGui::PushTextWrapPos(0.0f);
                ImGui::TextUnformatted(line.c_str());
                ImGui::PopTextWrapPos();
                ui::Mirror("form-clash-" + std::to_string(clashes[i].campaign_id), line);
            }
            if (clashes.size() > 3) ui::MutedText(("and " + std::to_string(clashes.size() - 3) + " more").c_str());
            ImGui::PopFont();
        }
    }

    if (save.serial == m_serial && save.status == CampaignSave::Status::Failed) {
        ImGui::Dummy(ImVec2(0, ui::Px(2)));
        std::string message = save.conflict ? "Someone changed this campaign since you opened it. Reopen it to see "
                                              "their changes, then edit again."
                                            : "Not saved: " + save.error;
        ImGui::PushStyleColor(ImGuiCol_Text, colors.bad);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(message.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        ui::Mirror("form-server-error", message, {.role = ui::Role::Alert});
    }
    ui::EndDialogBody();

    ImGui::Dummy(ImVec2(0, ui::Px(6)));
    ImGui::Separator();
    ImGui::Dummy(ImVec2(0, ui::Px(2)));
    bool conflict = save.serial == m_serial && save.conflict;
    ImGui::BeginDisabled(!valid || saving || conflict);
    bool submit = ui::PrimaryButton(saving ? "Saving…" : m_editing ? "Save changes" : "Plan campaign") || form_keys.submit;
    ImGui::EndDisabled();
    ui::Mirror("form-save", m_editing ? "Save changes" : "Plan campaign");
    ImGui::SameLine();
    bool close = ImGui::Button(conflict ? "Close" : "Cancel") || form_keys.cancel;
    ui::Mirror("form-close", "Cancel");
    if (!valid) {
        // Beside the buttons where it fits, else under them.
        std::string invalid = error_field.empty() ? error : error_field + ": " + error;
        if (ImGui::GetItemRectMax().x + ui::Px(12) + ImGui::CalcTextSize(invalid.c_str()).x <=
            ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
            ImGui::SameLine(0, ui::Px(12));
        ImGui::AlignTextToFramePadding();
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(colors.bad, "%s", invalid.c_str());
        ImGui::PopTextWrapPos();
        ui::Mirror("form-invalid", error_field + ": " + error, {.role = ui::Role::Alert});
    }
    if (submit && valid && !saving && !conflict) {
        Campaign campaign = *valid;
        m_serial = NextSerial();
        intents.campaigns.save_serial = m_serial;
        if (m_editing) {
            campaign.id = m_campaign.id;
            campaign.revision = m_campaign.revision;
            intents.campaigns.update = campaign;
        } else {
            intents.campaigns.create = campaign;
        }
    }
    std::string question = m_editing ? "Discard your changes to \u201c" + m_campaign.name + "\u201d?"
                                     : std::string("Discard the campaign you were planning?");
    if (m_guard.End(state, intents, close, form != m_opened_with, question.c_str())) {
        m_serial = 0;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void CampaignForm::Reset() {
    m_name[0] = m_offer[0] = m_goal[0] = m_industries[0] = m_titles[0] = m_regions[0] = '\0';
    m_size_min[0] = m_size_max[0] = m_notes[0] = m_description[0] = m_start[0] = m_end[0] = '\0';
    m_owner.reset();
    m_serial = 0;
}

void CampaignForm::Fill(const Campaign& campaign) {
    Set(m_name, campaign.name);
    Set(m_offer, campaign.offer);
    Set(m_goal, campaign.goal_leads ? std::to_string(*campaign.goal_leads) : "");
    Set(m_industries, JoinList(campaign.segment.industries));
    Set(m_titles, JoinList(campaign.segment.titles));
    Set(m_regions, JoinList(campaign.segment.regions));
    Set(m_size_min, campaign.segment.company_size_min ? std::to_string(*campaign.segment.company_size_min) : "");
    Set(m_size_max, campaign.segment.company_size_max ? std::to_string(*campaign.segment.company_size_max) : "");
    Set(m_notes, campaign.sales_notes);
    Set(m_description, campaign.description);
    Set(m_start, FormatDate(campaign.start));
    Set(m_end, FormatDate(campaign.end));
    m_owner = campaign.owner_id;
}

nlohmann::json CampaignForm::FormJson() const {
    return {
        {"name", m_name},
        {"type", std::string(ToString(m_campaign.type))},
        {"status", std::string(ToString(m_campaign.status))},
        {"start", Trim(m_start)},
        {"end", Trim(m_end)},
        {"owner_id", OrNull(m_owner)},
        {"offer", m_offer},
        {"goal_leads", NumberField(m_goal)},
        {"description", m_description},
        {"sales_notes", m_notes},
        {"segment",
         {{"industries", SplitList(m_industries)},
          {"titles", SplitList(m_titles)},
          {"regions", SplitList(m_regions)},
          {"company_size_min", NumberField(m_size_min)},
          {"company_size_max", NumberField(m_size_max)}}},
    };
}

}  // namespace tandem::campaign_view
