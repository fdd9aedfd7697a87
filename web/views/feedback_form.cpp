// The "Log feedback" form (see feedback_form.h).
#include "views/feedback_form.h"

#include <nlohmann/json.hpp>

#include "tandem/codec.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/feedback_common.h"

namespace tandem::feedback_ui {

void FeedbackForm::Open(FeedbackKind kind, std::optional<std::int64_t> lead, std::optional<std::int64_t> campaign) {
    *this = FeedbackForm();
    m_kind = kind;
    m_lead.Reset(lead);
    m_campaign = campaign;
    m_opened_with = Values();
    m_open_requested = true;
}

void FeedbackForm::Draw(const AppState& state, Intents& intents) {
    const Submission& create = state.feedback.create;
    if (m_open_requested) {
        ImGui::OpenPopup("Log feedback");
        m_open_requested = false;
        m_open = true;
        m_focus_text = true;
    }
    // No title bar: its close button would shut the form before it could ask about unsaved work.
    if (!ui::BeginDialog("Log feedback", ui::Px(640))) {
        m_open = false;
        return;
    }
    FormGuard::Keys keys = m_guard.Begin("feedback-form");
    std::optional<std::int64_t> lead = m_lead.Chosen();
    // While the lead field offers options, Enter picks one and Escape closes the list.
    if (keys.submit && m_lead.OwnsEnter()) keys.submit = false;
    if (keys.cancel && m_lead.TakeEscape()) keys.cancel = false;
    ImGui::PushFont(ui::Font(ui::FontRole::Heading));
    ImGui::TextUnformatted("Log feedback");
    ImGui::PopFont();
    ui::Mirror("form-title", "Log feedback", {.role = ui::Role::Heading, .level = 2});
    // The server answered: close on success, show its error under the field it names.
    if (m_waiting && !create.in_flight) {
        m_waiting = false;
        if (create.succeeded != m_succeeded_before) {
            ImGui::CloseCurrentPopup();
            m_open = false;
        } else {
            std::string field = create.error_field.starts_with("tags") ? "tags" : create.error_field;
            m_errors[field.empty() ? "form" : field] = create.error;
        }
    }

    ui::BeginDialogBody();
    ImGui::TextUnformatted("Kind");
    int kind = static_cast<int>(m_kind);
    int clicked = ui::Segmented("form-kind", kKindLabels, kind);
    if (clicked >= 0 && clicked != kind) {
        m_kind = kKinds[clicked];
        m_errors.clear();
    }
    FieldError("kind");
    ImGui::Dummy(ImVec2(0, ui::Px(4)));

    bool rejection = m_kind == FeedbackKind::Rejection;
    float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    ImGui::BeginGroup();
    ui::FieldLabel(rejection ? "Lead (required)" : "Lead (optional)");
    m_lead.Draw(state, intents, half);
    FieldError("lead_id");
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginGroup();
    ui::FieldLabel("Campaign (optional)");
    ImGui::SetNextItemWidth(half);
    std::string preview = m_campaign ? CampaignLabel(state.feedback, *m_campaign) : std::string("None");
    if (ImGui::BeginCombo("##campaign", preview.c_str())) {
        if (ImGui::Selectable("None", !m_campaign)) m_campaign.reset();
        if (state.feedback.campaigns.value)
            for (const CampaignName& campaign : *state.feedback.campaigns.value) {
                if (ImGui::Selectable((campaign.name + "##c" + std::to_string(campaign.id)).c_str(), m_campaign == campaign.id))
                    m_campaign = campaign.id;
                ui::Mirror("form-campaign/" + std::to_string(campaign.id), campaign.name);
            }
        ImGui::EndCombo();
    }
    ui::Mirror("form-campaign", preview, {.role = ui::Role::Combobox});
    FieldError("campaign_id");
    ImGui::EndGroup();

    if (rejection) {
        ui::FieldLabel("Reason (required)");
        ImGui::SetNextItemWidth(half);
        std::string reason = m_reason ? ReasonLabel(*m_reason) : std::string("Choose a reason");
        if (ImGui::BeginCombo("##reason", reason.c_str())) {
            for (const auto& [value, name] : EnumValues<RejectReason>()) {
                if (ImGui::Selectable(ReasonLabel(value).c_str(), m_reason == value)) m_reason = value;
                ui::Mirror("form-reason/" + std::string(name), ReasonLabel(value));
            }
            ImGui::EndCombo();
        }
        ui::Mirror("form-reason", reason, {.role = ui::Role::Combobox});
        FieldError("reason");
    }

    ui::FieldLabel(rejection ? "What they said (optional)" : "What was said");
    if (m_focus_text) {
        ImGui::SetKeyboardFocusHere();
        m_focus_text = false;
    }
    ImGui::InputTextMultiline("##text", m_text, sizeof m_text, ImVec2(-1, ui::Px(96)));
    ui::Mirror("form-text", m_text);
    FieldError("text");
    ui::FieldLabel("Tags (optional, separated by commas)");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##tags", "e.g. pricing, competitor", m_tags, sizeof m_tags);
    ui::Mirror("form-tags", m_tags);
    FieldError("tags");
    FieldError("form");
    ui::EndDialogBody();

    ImGui::Dummy(ImVec2(0, ui::Px(6)));
    bool busy = create.in_flight;
    if ((ui::PrimaryButton(busy ? "Logging…" : "Log it", ImVec2(ui::Px(120), 0)) || keys.submit) && !busy)
        Submit(intents, create.succeeded);
    ui::Mirror("form-submit", "Log it");
    ImGui::SameLine();
    bool close = ImGui::Button("Cancel", ImVec2(ui::Px(100), 0)) || keys.cancel;
    ui::Mirror("form-cancel", "Cancel");
    m_lead.DrawOptions(state);   // last, so that they float above the fields under the lead's
    if (m_lead.Chosen() != lead) m_errors.erase("lead_id");   // what it said was about another lead
    if (m_guard.End(state, intents, close, m_open && Values() != m_opened_with, "Discard the feedback you were logging?")) {
        ImGui::CloseCurrentPopup();
        m_open = false;
    }
    ImGui::EndPopup();
}

// Everything the form holds, to tell whether anything changed since it opened.
nlohmann::json FeedbackForm::Values() const {
    return {{"kind", std::string(ToString(m_kind))},
            {"lead", m_lead.Values()},
            {"campaign", OrNull(m_campaign)},
            {"reason", m_reason ? std::string(ToString(*m_reason)) : ""},
            {"text", m_text},
            {"tags", m_tags}};
}

void FeedbackForm::FieldError(const std::string& field) {
    auto it = m_errors.find(field);
    if (it != m_errors.end()) ui::ErrorText("form-error-" + field, it->second);
}

// The JSON the API takes, checked here with the server's decoder.
void FeedbackForm::Submit(Intents& intents, int succeeded) {
    m_errors.clear();
    nlohmann::json body = {{"kind", std::string(ToString(m_kind))}, {"text", std::string(m_text)}};
    // Text typed in the lead field names no lead until one of its options is picked.
    if (std::optional<std::int64_t> lead = m_lead.Chosen()) {
        body["lead_id"] = *lead;
    } else if (m_kind == FeedbackKind::Rejection) {
        m_errors["lead_id"] = "required for a rejection: choose the lead";
        return;
    } else if (!m_lead.Typed().empty()) {
        m_errors["lead_id"] = "choose the lead from the list, or clear the field";
        return;
    }
    if (m_campaign) body["campaign_id"] = *m_campaign;
    if (m_kind == FeedbackKind::Rejection && m_reason) body["reason"] = std::string(ToString(*m_reason));
    std::vector<std::string> tags;
    std::string all = m_tags;
    for (std::size_t start = 0; start <= all.size();) {
        std::size_t comma = all.find(',', start);
        std::string tag = Trim(all.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (!tag.empty()) tags.push_back(tag);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    body["tags"] = tags;
    try {
        intents.feedback.create = FeedbackFromJson(body);
        m_waiting = true;
        m_succeeded_before = succeeded;
    } catch (const DecodeError& e) {
        std::string field = e.Field().starts_with("tags") ? "tags" : e.Field();
        m_errors[field.empty() ? "form" : field] = e.Problem();
    }
}

}  // namespace tandem::feedback_ui
